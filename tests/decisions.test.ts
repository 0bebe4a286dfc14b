// Deciding and keeping the record (docs/product.md "Decision", "Exports", "Delivery review", "Debrief"): the decision
// form's rules, the frozen record (byte for byte after changes everywhere), every mutation of a decided evaluation
// refused, the exports, and who sees delivery reviews and debriefs. On a real database.
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import type { Checklist } from "../app/domain/checklist";
import { toDraft } from "../app/domain/checklist-draft";
import { type ComparisonExport, resultsOf } from "../app/domain/comparison-export";
import { DECISION_WARNINGS, decisionWarnings } from "../app/domain/decision";
import { decideEvaluation, getDecision } from "../app/models/decision.server";
import { getEvaluationChecklist } from "../app/models/evaluation.server";
import { createEvaluation } from "../app/models/evaluation-setup.server";
import { liveExportInput } from "../app/models/record.server";
import { removeMember } from "../app/models/team.server";
import * as viewRoute from "../app/routes/evaluations.$evaluationId._index/route";
import * as scoringRoute from "../app/routes/evaluations.$evaluationId.candidates.$candidateId/route";
import * as checklistRoute from "../app/routes/evaluations.$evaluationId.checklist";
import * as compareRoute from "../app/routes/evaluations.$evaluationId.compare._index/route";
import * as comparisonJsonRoute from "../app/routes/evaluations.$evaluationId.comparison[.]json";
import * as consensusRoute from "../app/routes/evaluations.$evaluationId.consensus/route";
import * as decideRoute from "../app/routes/evaluations.$evaluationId.decide";
import * as declarationRoute from "../app/routes/evaluations.$evaluationId.declaration";
import * as detailRoute from "../app/routes/evaluations.$evaluationId.detail[.]csv";
import * as reportRoute from "../app/routes/evaluations.$evaluationId.report/route";
import * as summaryRoute from "../app/routes/evaluations.$evaluationId.summary[.]csv";
import * as triageRoute from "../app/routes/evaluations.$evaluationId.triage";
import * as valuesRoute from "../app/routes/evaluations.$evaluationId.values/route";
import * as partnerRoute from "../app/routes/partners.$partnerId/route";
import * as requestsRoute from "../app/routes/requests._index";
import * as requestRoute from "../app/routes/requests.$requestId/route";
import * as debriefRoute from "../app/routes/requests.debriefs.$debriefId";
import { csvCell, toCsv } from "../app/utils/csv";
import { getDb } from "../db/client";
import {
  auditEvents,
  candidateSubmissions,
  certifications,
  conflictDeclarations,
  consensusScores,
  debriefs,
  decisions,
  evaluationCandidates,
  evaluationCriteria,
  evaluationEvaluators,
  evaluationSections,
  evaluations,
  evidence,
  evidenceRequests,
  evidenceVerifications,
  evidenceVersions,
  memberships,
  modelProviderClaims,
  networkMemberships,
  numericValues,
  organisations,
  partnerProfiles,
  practiceDocuments,
  referenceDeployments,
  scores,
  specializations,
  supportTerms,
  users,
} from "../db/schema";
import { checklistForm } from "./checklist-form";
import { createMember, createOrganisation, createWorld, sessionCookie, type TestUser } from "./factories";
import { callAction, callLoader, type Outcome } from "./remix";

type World = Awaited<ReturnType<typeof createWorld>>;
let w: World;
let otherBuyerAdmin: TestUser;

beforeAll(async () => {
  w = await createWorld();
  otherBuyerAdmin = await createMember(await createOrganisation("buyer"), "admin");
});

const actorOf = (u: TestUser) => ({ userId: u.userId, organisationId: u.organisationId, name: u.name });
const buyerOf = () => ({ organisationId: w.buyer.id, name: w.buyer.name, timeZone: "Australia/Sydney" });

interface Built {
  id: string;
  /** Candidate ids: the first partner is the world's partner (its admin and member sign in) unless told otherwise. */
  candidates: string[];
  partners: string[];
  evaluators: TestUser[];
  rated: string[];
  /** The numeric criterion taken from the support terms' P1 response minutes, when asked for. */
  p1: string | null;
}

/** The built-in checklist with one more numeric criterion, taken from the partners' P1 response minutes. */
function withProfileCriterion(): Checklist {
  const checklist = structuredClone(BUILT_IN_CHECKLIST);
  checklist.sections
    .find((s) => s.key === "support")!
    .criteria.push({
      key: "support.p1_response",
      name: "P1 response time",
      question: "How fast does the partner respond to a P1 incident?",
      kind: "numeric",
      weight: 1,
      max: 5,
      rubric: { low: "", middle: "", high: "" },
      knockout: null,
      suggestionRule: null,
      unit: "minutes",
      direction: "lower",
      profileField: "p1_response_minutes",
    });
  return checklist;
}

/**
 * An evaluation of the built-in checklist in review (it reached review now): the world's partner and two others,
 * two evaluators (the world's) who scored and submitted everything, the first candidate best. The last candidate
 * scores 0 on its first criterion.
 */
async function inReview(
  options: { partner?: string; evaluators?: TestUser[]; profileCriterion?: boolean } = {},
): Promise<Built> {
  const db = getDb();
  const actor = { userId: w.buyerAdmin.userId, organisationId: w.buyer.id };
  const template = options.profileCriterion ? withProfileCriterion() : BUILT_IN_CHECKLIST;
  const { id } = await db.transaction((tx) =>
    createEvaluation(
      tx,
      actor,
      {
        name: `Decision ${randomUUID().slice(0, 6)}`,
        industry: "Insurance",
        sizeBand: "1k-5k",
        useCases: ["customer_service"],
        requiredSpecializations: [],
        deadlineOn: null,
        minimumTotal: null,
      },
      template,
      template.name,
    ),
  );
  const partners = [
    options.partner ?? w.partner.id,
    (await createOrganisation("partner")).id,
    (await createOrganisation("partner")).id,
  ];
  const candidates = (
    await db
      .insert(evaluationCandidates)
      .values(partners.map((partnerId) => ({ organisationId: w.buyer.id, evaluationId: id, partnerId })))
      .returning({ id: evaluationCandidates.id, partnerId: evaluationCandidates.partnerId })
  )
    .sort((a, b) => partners.indexOf(a.partnerId) - partners.indexOf(b.partnerId))
    .map((c) => c.id);
  const evaluators = options.evaluators ?? [w.evaluator, w.evaluator2];
  await db
    .insert(evaluationEvaluators)
    .values(evaluators.map((e) => ({ organisationId: w.buyer.id, evaluationId: id, userId: e.userId })));
  await db.insert(conflictDeclarations).values(
    evaluators.map((e) => ({
      organisationId: w.buyer.id,
      evaluationId: id,
      userId: e.userId,
      coveredCandidateIds: candidates,
      conflictCandidateIds: [],
    })),
  );
  const checklist = await getEvaluationChecklist({ id, name: "" });
  const criteria = checklist.sections.filter((s) => s.weight > 0).flatMap((s) => s.criteria);
  const rated = criteria.filter((c) => c.kind === "rated" && c.weight > 0).map((c) => c.key);
  await db.insert(scores).values(
    evaluators.flatMap((e, ei) =>
      candidates.flatMap((candidateId, ci) =>
        rated.map((criterionId, k) => ({
          organisationId: w.buyer.id,
          evaluationId: id,
          candidateId,
          criterionId,
          evaluatorUserId: e.userId,
          value: ci === 0 ? 5 : ci === 1 ? 3 + ((ei + k) % 2) : k === 0 ? 0 : 4,
          justification: `=HYPERLINK("evil") said ${e.name}, "quoted", line\nbreak`,
        })),
      ),
    ),
  );
  await db.insert(candidateSubmissions).values(
    evaluators.flatMap((e) =>
      candidates.map((candidateId) => ({
        organisationId: w.buyer.id,
        evaluationId: id,
        candidateId,
        evaluatorUserId: e.userId,
      })),
    ),
  );
  const [row] = await db
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  await db
    .update(evaluations)
    .set({ status: "review", reachedReviewAt: new Date(), version: row.version + 1 })
    .where(eq(evaluations.id, id));
  const p1 = criteria.find((c) => c.profileField === "p1_response_minutes")?.key ?? null;
  return { id, candidates, partners, evaluators, rated, p1 };
}

async function versionOf(id: string) {
  const [row] = await getDb()
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  return row.version;
}

async function decide(b: Built, chosen = [b.candidates[0]]) {
  return decideEvaluation(actorOf(w.buyerAdmin), buyerOf(), b.id, {
    chosen,
    rationale: "The best references and support terms.",
    overrides: {},
    acknowledged: true,
    version: await versionOf(b.id),
  });
}

async function postDecide(b: Built, form: Record<string, string | string[]>, user: TestUser = w.buyerAdmin) {
  const body = new FormData();
  for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
  return callAction(decideRoute.action, {
    path: `/evaluations/${b.id}/decide`,
    params: { evaluationId: b.id },
    cookie: await sessionCookie(user),
    form: body,
  });
}

type DecideAnswer = {
  errors?: Record<string, string>;
  formError?: string;
  values?: Record<string, string>;
  warnings?: string[];
};

describe("deciding", () => {
  it("checks the choice beside its fields, keeps what was typed and changes nothing", async () => {
    const b = await inReview();
    const version = String(await versionOf(b.id));
    let outcome = await postDecide(b, { rationale: "  ", version });
    expect(outcome.status).toBe(400);
    // Both problems at once, each at its field.
    expect((outcome.data as DecideAnswer).errors).toMatchObject({
      rationale: "Write the rationale.",
      chosen: "Choose at least one partner.",
    });
    outcome = await postDecide(b, { rationale: "Because.", version });
    expect(outcome.status).toBe(400);
    expect((outcome.data as DecideAnswer).errors?.chosen).toBe("Choose at least one partner.");
    // A minimum total nobody reaches disqualifies every candidate: choosing one asks for an override reason.
    await getDb().update(evaluations).set({ minimumTotal: 99 }).where(eq(evaluations.id, b.id));
    outcome = await postDecide(b, { rationale: "Because.", version, chosen: [b.candidates[2]] });
    expect(outcome.status).toBe(400);
    expect((outcome.data as DecideAnswer).errors?.[`override.${b.candidates[2]}`]).toMatch(/disqualified/);
    expect((outcome.data as DecideAnswer).values?.rationale).toBe("Because.");
    // Not the leader: the warning must be accepted.
    outcome = await postDecide(b, {
      rationale: "Because.",
      version,
      chosen: [b.candidates[2]],
      [`override.${b.candidates[2]}`]: "Strategic partner.",
    });
    expect(outcome.status).toBe(400);
    expect((outcome.data as DecideAnswer).errors?.acknowledge).toMatch(/Tick the box/);
    expect((await getDecision(w.buyer.id, b.id)) ?? null).toBeNull();
    expect((await getDb().select().from(evaluations).where(eq(evaluations.id, b.id)))[0].status).toBe(
      "review",
    );
  });

  it("warns when the ranking is not final and when the choice is not the leader, and records what was accepted", async () => {
    const b = await inReview();
    // Nothing to go on for the last candidate's first criterion: its completeness drops below 100%.
    await getDb()
      .delete(scores)
      .where(and(eq(scores.candidateId, b.candidates[2]), eq(scores.criterionId, b.rated[0])));
    const page = await callLoader(decideRoute.loader, {
      path: `/evaluations/${b.id}/decide`,
      params: { evaluationId: b.id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    const shown = page.data as { final: boolean; leaders: string[] };
    expect(shown.final).toBe(false);
    expect(shown.leaders).toEqual([b.candidates[0]]);
    // The page and the decision apply one rule to the choice.
    expect(decisionWarnings(shown, [])).toEqual(["notFinal"]);
    expect(decisionWarnings(shown, [b.candidates[0]])).toEqual(["notFinal"]);
    expect(decisionWarnings(shown, [b.candidates[1]])).toEqual(["notFinal", "notLeader"]);
    expect(
      decisionWarnings({ final: true, leaders: shown.leaders }, [b.candidates[1], b.candidates[0]]),
    ).toEqual([]);

    const version = String(await versionOf(b.id));
    // The leader, the ranking not final: the one warning, to accept.
    let outcome = await postDecide(b, { rationale: "Because.", version, chosen: [b.candidates[0]] });
    expect(outcome.status).toBe(400);
    let answer = outcome.data as DecideAnswer;
    expect(answer.errors?.acknowledge).toBe("Tick the box to decide despite the warnings above.");
    expect(answer.warnings).toEqual(["notFinal"]);
    // Not the leader either: both warnings, above the box.
    outcome = await postDecide(b, { rationale: "Because.", version, chosen: [b.candidates[1]] });
    expect(outcome.status).toBe(400);
    answer = outcome.data as DecideAnswer;
    expect(answer.errors?.acknowledge).toMatch(/Tick the box/);
    expect(answer.warnings).toEqual(["notFinal", "notLeader"]);
    expect(answer.values?.rationale).toBe("Because.");
    expect(await getDecision(w.buyer.id, b.id)).toBeUndefined();
    // Accepted: decided, the warnings recorded with the decision and in the frozen record.
    outcome = await postDecide(b, {
      rationale: "Because.",
      version,
      chosen: [b.candidates[1]],
      acknowledge: "on",
    });
    expect(outcome.status).toBe(302);
    const decision = (await getDecision(w.buyer.id, b.id))!;
    expect(decision.warnings).toEqual([DECISION_WARNINGS.notFinal, DECISION_WARNINGS.notLeader]);
    const record = JSON.parse(decision.comparisonJson) as ComparisonExport;
    expect(record.evaluation.final).toBe(false);
    expect(record.decision?.warnings).toEqual(decision.warnings);
  });

  it("records the choice, the override and the warnings, freezes the record and audits it, once", async () => {
    const b = await inReview();
    await getDb().update(evaluations).set({ minimumTotal: 99 }).where(eq(evaluations.id, b.id));
    const version = String(await versionOf(b.id));
    const form = {
      rationale: "Chosen for its roadmap.",
      version,
      chosen: [b.candidates[2]],
      [`override.${b.candidates[2]}`]: "Strategic partner for the next three years.",
      acknowledge: "on",
    };
    const outcome = await postDecide(b, form);
    expect(outcome.status).toBe(302);
    const decision = (await getDecision(w.buyer.id, b.id))!;
    expect(decision.chosenCandidateIds).toEqual([b.candidates[2]]);
    expect(decision.overrides).toEqual({ [b.candidates[2]]: "Strategic partner for the next three years." });
    expect(decision.warnings).toEqual(["The choice is not the leader of the ranking."]);
    const json = JSON.parse(decision.comparisonJson) as ComparisonExport;
    expect(json.frozen).toBe(true);
    expect(json.decision?.chosen[0].overrideReason).toBe("Strategic partner for the next three years.");
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, b.id), eq(auditEvents.action, "evaluation.decided")));
    const [partnerName] = await getDb()
      .select({ name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, b.partners[2]));
    expect(event.after).toMatchObject({
      status: "decided",
      rationale: "Chosen for its roadmap.",
      overrides: [{ partner: partnerName.name, reason: "Strategic partner for the next three years." }],
      warnings: ["The choice is not the leader of the ranking."],
    });
    // The same form again: the evaluation is decided, nothing more happens.
    const again = await postDecide(b, form);
    expect(again.status).toBe(409);
    expect(await getDb().select().from(decisions).where(eq(decisions.evaluationId, b.id))).toHaveLength(1);
    // The database itself refuses to change a decision.
    await expect(
      getDb().update(decisions).set({ rationale: "Rewritten." }).where(eq(decisions.evaluationId, b.id)),
    ).rejects.toThrow();
  });

  it("refuses a withdrawn candidate, a stale form, a role that may not decide and an evaluation not in review", async () => {
    const b = await inReview();
    await getDb()
      .update(evaluationCandidates)
      .set({ withdrawnAt: new Date(), withdrawnReason: "Left" })
      .where(eq(evaluationCandidates.id, b.candidates[1]));
    const version = String(await versionOf(b.id));
    const withdrawn = await postDecide(b, { rationale: "R.", version, chosen: [b.candidates[1]] });
    expect(withdrawn.status).toBe(400);
    expect((withdrawn.data as DecideAnswer).errors?.chosen).toBe("A withdrawn candidate cannot be chosen.");
    const stale = await postDecide(b, {
      rationale: "R.",
      version: String(Number(version) - 1),
      chosen: [b.candidates[0]],
    });
    expect(stale.status).toBe(409);
    expect(
      (await postDecide(b, { rationale: "R.", version, chosen: [b.candidates[0]] }, w.evaluator)).status,
    ).toBe(403);
    expect(
      (await postDecide(b, { rationale: "R.", version, chosen: [b.candidates[0]] }, otherBuyerAdmin)).status,
    ).toBe(404);
    await getDb().update(evaluations).set({ status: "scoring" }).where(eq(evaluations.id, b.id));
    const notReview = await postDecide(b, { rationale: "R.", version, chosen: [b.candidates[0]] });
    expect(notReview.status).toBe(409);
    expect((notReview.data as DecideAnswer).formError).toMatch(/from review/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The frozen record

async function exportsOf(id: string, user: TestUser = w.buyerAdmin) {
  const args = {
    path: `/evaluations/${id}`,
    params: { evaluationId: id },
    cookie: await sessionCookie(user),
  };
  const raw = async (route: { loader: (a: never) => unknown }, suffix: string) => {
    const cookie = args.cookie;
    const response = (await route.loader({
      request: new Request(`http://localhost/evaluations/${id}/${suffix}`, { headers: { Cookie: cookie } }),
      params: { evaluationId: id },
      context: {},
    } as never)) as Response;
    return {
      status: response.status,
      body: Buffer.from(await response.arrayBuffer()),
      headers: response.headers,
    };
  };
  return {
    report: await callLoader(reportRoute.loader, { ...args, path: `/evaluations/${id}/report` }),
    json: await raw(comparisonJsonRoute, "comparison.json"),
    summary: await raw(summaryRoute, "summary.csv"),
    detail: await raw(detailRoute, "detail.csv"),
  };
}

/** The statuses of the report and the three exports for one member, in that order. */
async function recordStatuses(id: string, user: TestUser): Promise<number[]> {
  const cookie = await sessionCookie(user);
  const routes: [{ loader: (a: never) => unknown }, string][] = [
    [reportRoute, "report"],
    [comparisonJsonRoute, "comparison.json"],
    [summaryRoute, "summary.csv"],
    [detailRoute, "detail.csv"],
  ];
  return Promise.all(
    routes.map(
      async ([route, suffix]) =>
        (
          await callLoader(route.loader as never, {
            path: `/evaluations/${id}/${suffix}`,
            params: { evaluationId: id },
            cookie,
          })
        ).status,
    ),
  );
}

const CLAIM_KINDS = [
  "membership",
  "certification",
  "specialization",
  "reference",
  "provider",
  "support",
  "document",
] as const;
type ClaimKind = (typeof CLAIM_KINDS)[number];

/**
 * A partner with a claim of every kind, each with a file of evidence (version 1) the world's buyer verified: the
 * claims' ids (null for the membership and the support terms, which are the partner's own rows) and the evidence.
 */
async function partnerWithEvidence() {
  const db = getDb();
  const partner = await createOrganisation("partner", `Evidenced ${randomUUID().slice(0, 6)}`);
  const org = partner.id;
  await db
    .insert(networkMemberships)
    .values({ organisationId: org, tier: "advanced", memberSince: "2024-02-01" });
  await db.insert(supportTerms).values({
    organisationId: org,
    supportHours: "24x7",
    p1ResponseMinutes: 30,
    p1ResolutionHours: 8,
    warrantyDays: 90,
    maintenanceModel: "partner_run",
    rollbackRunbook: true,
  });
  const [cert] = await db
    .insert(certifications)
    .values({ organisationId: org, track: "Solutions architect", certifiedStaff: 6, expiresOn: "2099-01-01" })
    .returning({ id: certifications.id });
  const [spec] = await db
    .insert(specializations)
    .values({ organisationId: org, name: "cybersecurity", nameKey: "cybersecurity", expiresOn: "2099-01-01" })
    .returning({ id: specializations.id });
  const [reference] = await db
    .insert(referenceDeployments)
    .values({
      organisationId: org,
      customer: "Coastal Insurer",
      industry: "Insurance",
      sizeBand: "1k-5k",
      useCase: "customer_service",
      status: "production",
      goLiveOn: "2025-05-01",
      providers: ["openai"],
      referenceContact: true,
    })
    .returning({ id: referenceDeployments.id });
  const [provider] = await db
    .insert(modelProviderClaims)
    .values({ organisationId: org, provider: "openai", productionDeployments: 4 })
    .returning({ id: modelProviderClaims.id });
  const [document] = await db
    .insert(practiceDocuments)
    .values({ organisationId: org, title: "Incident response policy", kind: "policy" })
    .returning({ id: practiceDocuments.id });
  const claimIds: Record<ClaimKind, string | null> = {
    membership: null,
    certification: cert.id,
    specialization: spec.id,
    reference: reference.id,
    provider: provider.id,
    support: null,
    document: document.id,
  };
  const cited: { kind: ClaimKind; evidenceId: string; versionId: string }[] = [];
  for (const kind of CLAIM_KINDS) {
    const [e] = await db
      .insert(evidence)
      .values({
        organisationId: org,
        claimKind: kind,
        claimId: claimIds[kind],
        title: `Proof of ${kind}`,
        kind: "file",
      })
      .returning({ id: evidence.id });
    const [v] = await db
      .insert(evidenceVersions)
      .values({
        evidenceId: e.id,
        organisationId: org,
        number: 1,
        fileName: `${kind}.pdf`,
        sha256: kind.charCodeAt(0).toString(16).padStart(2, "0").repeat(32),
      })
      .returning({ id: evidenceVersions.id });
    await db.update(evidence).set({ currentVersionId: v.id }).where(eq(evidence.id, e.id));
    await db.insert(evidenceVerifications).values({
      versionId: v.id,
      buyerOrganisationId: w.buyer.id,
      status: "verified",
      userId: w.buyerAdmin.userId,
    });
    cited.push({ kind, evidenceId: e.id, versionId: v.id });
  }
  return { partner, claimIds, cited };
}

/** Every score of the first candidate cites every evidence version given, as an evaluator citing it would. */
async function citeAll(b: Built, versionIds: string[]) {
  await getDb()
    .update(scores)
    .set({ citedVersionIds: versionIds })
    .where(and(eq(scores.evaluationId, b.id), eq(scores.candidateId, b.candidates[0])));
}

/** The world's evaluators as they were: the first's name, the second's membership. */
async function restoreWorld() {
  const db = getDb();
  await db.update(users).set({ name: w.evaluator.name }).where(eq(users.id, w.evaluator.userId));
  await db
    .insert(memberships)
    .values({ organisationId: w.buyer.id, userId: w.evaluator2.userId, role: "evaluator" })
    .onConflictDoNothing();
}

/** Everything a decided evaluation's record is read as: the three exports' bytes and the report's data as text. */
async function recordBytes(id: string) {
  const x = await exportsOf(id);
  expect([x.report.status, x.json.status, x.summary.status, x.detail.status]).toEqual([200, 200, 200, 200]);
  return {
    json: x.json.body,
    summary: x.summary.body,
    detail: x.detail.body,
    report: JSON.stringify(x.report.data),
  };
}

describe("the frozen record", () => {
  it("stays byte for byte the same after edits to every kind of claim, new files, new verdicts and a changed team", async () => {
    onTestFinished(restoreWorld);
    const db = getDb();
    const { partner, claimIds, cited } = await partnerWithEvidence();
    const b = await inReview({ partner: partner.id, profileCriterion: true });
    await citeAll(
      b,
      cited.map((c) => c.versionId),
    );
    // A value copied from the partner's support terms, as an admin does in review.
    const copied = await callAction(valuesRoute.action, {
      path: `/evaluations/${b.id}/values`,
      params: { evaluationId: b.id },
      cookie: await sessionCookie(w.buyerAdmin),
      form: {
        intent: "copy",
        candidateId: b.candidates[0],
        criterionId: b.p1!,
        version: "",
        _js: "1",
        _idempotency: randomUUID(),
      },
    });
    expect(copied.status).toBe(200);
    await decide(b);
    const before = await recordBytes(b.id);

    // The record holds what was cited, as it was: every kind of claim, its evidence version and the verdict.
    const record = JSON.parse(before.json.toString("utf8")) as ComparisonExport;
    expect(record.frozen).toBe(true);
    expect(record.evidence.map((e) => e.claim.kind).sort()).toEqual([...CLAIM_KINDS].sort());
    expect(record.evidence.every((e) => e.verification?.status === "verified")).toBe(true);
    expect(record.evidence.map((e) => e.claim.label)).toEqual(
      expect.arrayContaining([
        "Network membership (Advanced)",
        "Certification: Solutions architect",
        "Reference: Coastal Insurer",
        "Practice document: Incident response policy",
        "Support terms",
      ]),
    );
    const value = record.detail.find((d) => d.candidateId === b.candidates[0] && d.criterionId === b.p1);
    expect(value?.value).toBe(30);
    expect(before.report).toContain("Coastal Insurer");
    const view = async () =>
      (
        await callLoader(viewRoute.loader, {
          path: `/evaluations/${b.id}`,
          params: { evaluationId: b.id },
          cookie: await sessionCookie(w.buyerAdmin),
        })
      ).data as { results: unknown; decision: unknown };
    const pageBefore = await view();

    // Every kind of claim edited in place.
    await db
      .update(partnerProfiles)
      .set({ description: "Rewritten after the decision." })
      .where(eq(partnerProfiles.organisationId, partner.id));
    await db
      .update(networkMemberships)
      .set({ tier: "elite", forwardDeployedExperts: true, memberSince: "2020-01-01" })
      .where(eq(networkMemberships.organisationId, partner.id));
    await db
      .update(certifications)
      .set({ track: "Renamed track", certifiedStaff: 1, expiresOn: "2020-01-01" })
      .where(eq(certifications.id, claimIds.certification!));
    await db
      .update(specializations)
      .set({ name: "codex", nameKey: "codex", expiresOn: "2020-01-01" })
      .where(eq(specializations.id, claimIds.specialization!));
    await db
      .update(referenceDeployments)
      .set({ customer: "Renamed customer", status: "retired", sizeBand: "20k+" })
      .where(eq(referenceDeployments.id, claimIds.reference!));
    await db
      .update(modelProviderClaims)
      .set({ provider: "anthropic", productionDeployments: 0 })
      .where(eq(modelProviderClaims.id, claimIds.provider!));
    await db
      .update(supportTerms)
      .set({ p1ResponseMinutes: 240, supportHours: "business_hours", warrantyDays: 0 })
      .where(eq(supportTerms.organisationId, partner.id));
    await db
      .update(practiceDocuments)
      .set({ title: "Renamed policy", kind: "runbook" })
      .where(eq(practiceDocuments.id, claimIds.document!));
    // Every cited file replaced by a new version, which this buyer verifies; every cited version now rejected.
    for (const c of cited) {
      const [v2] = await db
        .insert(evidenceVersions)
        .values({
          evidenceId: c.evidenceId,
          organisationId: partner.id,
          number: 2,
          fileName: `${c.kind}-v2.pdf`,
          sha256: "f".repeat(64),
        })
        .returning({ id: evidenceVersions.id });
      await db
        .update(evidence)
        .set({ currentVersionId: v2.id, title: `New proof of ${c.kind}` })
        .where(eq(evidence.id, c.evidenceId));
      await db.insert(evidenceVerifications).values({
        versionId: v2.id,
        buyerOrganisationId: w.buyer.id,
        status: "verified",
        userId: w.buyerAdmin.userId,
      });
      await db
        .update(evidenceVerifications)
        .set({ status: "rejected", note: "Numbers do not match.", userId: w.evaluator.userId })
        .where(eq(evidenceVerifications.versionId, c.versionId));
    }
    // One evaluator renamed, the other removed from the organisation (which unassigns it).
    await db.update(users).set({ name: "Renamed Evaluator" }).where(eq(users.id, w.evaluator.userId));
    const [m] = await db.select().from(memberships).where(eq(memberships.userId, w.evaluator2.userId));
    await removeMember(
      { ...actorOf(w.buyerAdmin), role: "admin", orgKind: "buyer" } as never,
      m.id,
      m.version,
    );
    // Gone from the organisation (a decided evaluation keeps its assignments: they are part of its record).
    expect(await db.select().from(memberships).where(eq(memberships.userId, w.evaluator2.userId))).toEqual(
      [],
    );

    const after = await recordBytes(b.id);
    expect(after.json.equals(before.json)).toBe(true);
    expect(after.summary.equals(before.summary)).toBe(true);
    expect(after.detail.equals(before.detail)).toBe(true);
    expect(after.report).toBe(before.report);
    // The evaluation's own page reads the same frozen record.
    const pageAfter = await view();
    expect(pageAfter.results).toEqual(pageBefore.results);
    // (Its forms' idempotency keys aside: fresh on every load.)
    const keyless = (d: unknown) => ({ ...(d as object), reviewKey: null, debriefKeys: null });
    expect(keyless(pageAfter.decision)).toEqual(keyless(pageBefore.decision));
  });

  it("counts the decision itself and the evaluation's evidence requests in its audit summary", async () => {
    const b = await inReview();
    const asked = await callAction(scoringRoute.action, {
      path: `/evaluations/${b.id}/candidates/${b.candidates[0]}`,
      params: { evaluationId: b.id, candidateId: b.candidates[0] },
      cookie: await sessionCookie(w.evaluator),
      form: {
        intent: "request-evidence",
        criterionId: b.rated[0],
        message: "Please share your tier certificate.",
        dueOn: "2099-02-01",
        _idempotency: randomUUID(),
      },
    });
    expect(asked.status).toBeLessThan(400);
    await decide(b);
    const decision = (await getDecision(w.buyer.id, b.id))!;
    const audit = (JSON.parse(decision.comparisonJson) as ComparisonExport).audit;
    const [decided] = await getDb()
      .select({ at: auditEvents.at })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, b.id), eq(auditEvents.action, "evaluation.decided")));
    expect(audit.find((a) => a.action === "evaluation.decided")).toEqual({
      action: "evaluation.decided",
      count: 1,
      first: decided.at.toISOString(),
      last: decided.at.toISOString(),
    });
    expect(audit.find((a) => a.action === "evidence_request.created")?.count).toBe(1);
    // The report says so too.
    const report = (await exportsOf(b.id)).report.data as { audit: { action: string; count: number }[] };
    expect(report.audit.length).toBe(audit.length);
  });

  it("says which evaluators were not blind: an admin who also evaluates sees every score", async () => {
    const b = await inReview({ evaluators: [w.buyerAdmin, w.evaluator] });
    await decide(b);
    const record = JSON.parse((await getDecision(w.buyer.id, b.id))!.comparisonJson) as ComparisonExport;
    expect(
      record.evaluators
        .map((e) => [e.id, e.role, e.notBlind])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    ).toEqual(
      [
        [w.buyerAdmin.userId, "admin", true],
        [w.evaluator.userId, "evaluator", false],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    const report = (await exportsOf(b.id)).report.data as {
      evaluators: { label: string; notBlind: boolean }[];
    };
    expect(report.evaluators.find((e) => e.label === w.buyerAdmin.name)?.notBlind).toBe(true);
    expect(report.evaluators.find((e) => e.label === w.evaluator.name)?.notBlind).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Every mutation refused

/**
 * Every row of an evaluation that a refused change might touch, as text: the evaluation, its checklist, shortlist,
 * assignments, declarations, scores, submissions, consensus, values, requests, debriefs and decision.
 */
async function snapshotOf(id: string): Promise<Record<string, string>> {
  const db = getDb();
  const tables = {
    evaluationSections,
    evaluationCriteria,
    evaluationCandidates,
    evaluationEvaluators,
    conflictDeclarations,
    scores,
    candidateSubmissions,
    consensusScores,
    numericValues,
    evidenceRequests,
    debriefs,
    decisions,
  };
  const rows = await Promise.all(
    Object.entries(tables).map(async ([name, t]) => {
      const found = await db.select().from(t).where(eq(t.evaluationId, id));
      // In a stable order whatever the plan: by the rows' text.
      return [name, JSON.stringify(found.map((r) => JSON.stringify(r)).sort())] as const;
    }),
  );
  const [e] = await db.select().from(evaluations).where(eq(evaluations.id, id));
  return { ...Object.fromEntries(rows), evaluation: JSON.stringify(e) };
}

describe("a decided evaluation", () => {
  it("refuses every change with a 409 and a message, and takes delivery reviews, debriefs and a clone", async () => {
    const db = getDb();
    // The world's partner has support terms to copy a value from, and evidence to answer a request with.
    await db
      .insert(supportTerms)
      .values({
        organisationId: w.partner.id,
        supportHours: "extended",
        p1ResponseMinutes: 45,
        p1ResolutionHours: 12,
        warrantyDays: 60,
        maintenanceModel: "co_managed",
      })
      .onConflictDoNothing();
    const [existing] = await db
      .insert(evidence)
      .values({
        organisationId: w.partner.id,
        claimKind: "document",
        title: "Delivery method",
        kind: "link",
      })
      .returning({ id: evidence.id });
    const b = await inReview({ profileCriterion: true });
    const admin = await sessionCookie(w.buyerAdmin);
    // In review: a value taken from the profile, and a consensus score.
    const copied = await callAction(valuesRoute.action, {
      path: `/evaluations/${b.id}/values`,
      params: { evaluationId: b.id },
      cookie: admin,
      form: {
        intent: "copy",
        candidateId: b.candidates[0],
        criterionId: b.p1!,
        version: "",
        _js: "1",
        _idempotency: randomUUID(),
      },
    });
    expect(copied.status).toBe(200);
    const agreed = await callAction(consensusRoute.action, {
      path: `/evaluations/${b.id}/consensus`,
      params: { evaluationId: b.id },
      cookie: admin,
      form: {
        intent: "set",
        candidateId: b.candidates[1],
        criterionId: b.rated[0],
        value: "3.5",
        rationale: "We met in the middle.",
        version: "",
        _js: "1",
        _idempotency: randomUUID(),
      },
    });
    expect(agreed.status).toBeLessThan(400);
    const [value] = await db
      .select({ version: numericValues.version })
      .from(numericValues)
      .where(eq(numericValues.evaluationId, b.id));
    const [consensus] = await db
      .select({ version: consensusScores.version })
      .from(consensusScores)
      .where(eq(consensusScores.evaluationId, b.id));
    // An open request from before the decision, for the partner to answer and the buyer to close.
    const [request] = await db
      .insert(evidenceRequests)
      .values({
        organisationId: w.buyer.id,
        evaluationId: b.id,
        candidateId: b.candidates[0],
        criterionId: b.rated[0],
        partnerId: w.partner.id,
        message: "Please share the case study.",
        dueOn: "2099-01-01",
        createdByUserId: w.evaluator.userId,
      })
      .returning({ id: evidenceRequests.id, version: evidenceRequests.version });
    await decide(b);
    // A debrief, once.
    const debriefForm = () => ({
      intent: "debrief",
      _idempotency: randomUUID(),
      candidateId: b.candidates[1],
      body: "Thank you.",
      includeScores: "on",
    });
    const first = await callAction(viewRoute.action, {
      path: `/evaluations/${b.id}`,
      params: { evaluationId: b.id },
      cookie: admin,
      form: debriefForm(),
    });
    expect(first.status).toBe(200);
    const version = String(await versionOf(b.id));
    const newPartner = (await createOrganisation("partner")).id;
    const newEvaluator = await createMember(w.buyer, "evaluator");
    const cookie = (u: TestUser) => sessionCookie(u);
    const evalArgs = async (u: TestUser, suffix = "") => ({
      path: `/evaluations/${b.id}${suffix}`,
      params: { evaluationId: b.id },
      cookie: await cookie(u),
    });
    const scoringArgs = async (u: TestUser) => ({
      path: `/evaluations/${b.id}/candidates/${b.candidates[0]}`,
      params: { evaluationId: b.id, candidateId: b.candidates[0] },
      cookie: await cookie(u),
    });
    const [saved] = await getDb()
      .select()
      .from(scores)
      .where(
        and(
          eq(scores.candidateId, b.candidates[0]),
          eq(scores.evaluatorUserId, w.evaluator.userId),
          eq(scores.criterionId, b.rated[0]),
        ),
      );
    const checklist = await getEvaluationChecklist({ id: b.id, name: "" });
    const draft = toDraft(checklist);
    draft.sections[0].name = "Renamed";
    const dayRate = checklist.sections.flatMap((s) => s.criteria).find((c) => c.kind === "numeric")!;

    const refusals: [string, () => Promise<Outcome>][] = [
      [
        "shortlist a partner",
        async () =>
          callAction(viewRoute.action, {
            ...(await evalArgs(w.buyerAdmin)),
            form: { intent: "add-candidate", partnerId: newPartner },
          }),
      ],
      [
        "withdraw a candidate",
        async () =>
          callAction(viewRoute.action, {
            ...(await evalArgs(w.buyerAdmin)),
            form: { intent: "withdraw-candidate", candidateId: b.candidates[1], reason: "Late." },
          }),
      ],
      [
        "remove a candidate",
        async () =>
          callAction(viewRoute.action, {
            ...(await evalArgs(w.buyerAdmin)),
            form: { intent: "remove-candidate", candidateId: b.candidates[1] },
          }),
      ],
      [
        "assign an evaluator",
        async () =>
          callAction(viewRoute.action, {
            ...(await evalArgs(w.buyerAdmin)),
            form: { intent: "assign", userId: newEvaluator.userId },
          }),
      ],
      [
        "unassign an evaluator",
        async () =>
          callAction(viewRoute.action, {
            ...(await evalArgs(w.buyerAdmin)),
            form: { intent: "unassign", userId: w.evaluator2.userId },
          }),
      ],
      [
        "move back to scoring",
        async () =>
          callAction(viewRoute.action, {
            ...(await evalArgs(w.buyerAdmin)),
            form: { intent: "move", to: "scoring", version },
          }),
      ],
      [
        "cancel",
        async () =>
          callAction(viewRoute.action, {
            ...(await evalArgs(w.buyerAdmin)),
            form: { intent: "move", to: "cancelled", version },
          }),
      ],
      [
        "edit the checklist",
        async () =>
          callAction(checklistRoute.action, {
            ...(await evalArgs(w.buyerAdmin, "/checklist")),
            form: checklistForm(draft, { version }),
          }),
      ],
      [
        "declare",
        async () =>
          callAction(declarationRoute.action, {
            ...(await evalArgs(w.evaluator, "/declaration")),
            form: { choice: "none", note: "" },
          }),
      ],
      [
        "save a score",
        async () =>
          callAction(scoringRoute.action, {
            ...(await scoringArgs(w.evaluator)),
            form: {
              intent: "score",
              criterionId: b.rated[0],
              value: "2",
              justification: "Changed my mind.",
              version: String(saved.version),
            },
          }),
      ],
      [
        "submit a candidate",
        async () =>
          callAction(scoringRoute.action, {
            ...(await scoringArgs(w.evaluator)),
            form: { intent: "submit" },
          }),
      ],
      [
        "ask for evidence",
        async () =>
          callAction(scoringRoute.action, {
            ...(await scoringArgs(w.evaluator)),
            form: {
              intent: "request-evidence",
              criterionId: b.rated[0],
              message: "More please.",
              dueOn: "2099-02-01",
              _idempotency: randomUUID(),
            },
          }),
      ],
      [
        "close a request",
        async () =>
          callAction(scoringRoute.action, {
            ...(await scoringArgs(w.buyerAdmin)),
            form: {
              intent: "close-request",
              criterionId: b.rated[0],
              requestId: request.id,
              version: String(request.version),
            },
          }),
      ],
      [
        "enter a numeric value",
        async () =>
          callAction(valuesRoute.action, {
            ...(await evalArgs(w.buyerAdmin, "/values")),
            form: {
              intent: "set",
              candidateId: b.candidates[0],
              criterionId: dayRate.key,
              value: "1200",
              version: "",
              _idempotency: randomUUID(),
            },
          }),
      ],
      [
        "set a consensus",
        async () =>
          callAction(consensusRoute.action, {
            ...(await evalArgs(w.buyerAdmin, "/consensus")),
            form: {
              intent: "set",
              candidateId: b.candidates[0],
              criterionId: b.rated[0],
              value: "3.5",
              rationale: "Agreed.",
              version: "",
              _idempotency: randomUUID(),
            },
          }),
      ],
      [
        "refresh a value from the profile",
        async () =>
          callAction(valuesRoute.action, {
            ...(await evalArgs(w.buyerAdmin, "/values")),
            form: {
              intent: "copy",
              candidateId: b.candidates[0],
              criterionId: b.p1!,
              version: "",
              _idempotency: randomUUID(),
            },
          }),
      ],
      [
        "copy a value from the profile",
        async () =>
          callAction(valuesRoute.action, {
            ...(await evalArgs(w.buyerAdmin, "/values")),
            form: {
              intent: "copy",
              candidateId: b.candidates[2],
              criterionId: b.p1!,
              version: "",
              _idempotency: randomUUID(),
            },
          }),
      ],
      [
        "clear a value",
        async () =>
          callAction(valuesRoute.action, {
            ...(await evalArgs(w.buyerAdmin, "/values")),
            form: {
              intent: "clear",
              candidateId: b.candidates[0],
              criterionId: b.p1!,
              version: String(value.version),
            },
          }),
      ],
      [
        "clear a consensus",
        async () =>
          callAction(consensusRoute.action, {
            ...(await evalArgs(w.buyerAdmin, "/consensus")),
            form: {
              intent: "clear",
              candidateId: b.candidates[1],
              criterionId: b.rated[0],
              version: String(consensus.version),
            },
          }),
      ],
      [
        "publish a debrief again",
        async () => callAction(viewRoute.action, { ...(await evalArgs(w.buyerAdmin)), form: debriefForm() }),
      ],
      [
        "answer a request with existing evidence (the partner)",
        async () => {
          const form = new FormData();
          form.set("intent", "answer");
          form.set("note", "See our method.");
          form.set("version", String(request.version));
          form.set("_idempotency", randomUUID());
          form.append("evidence", existing.id);
          return callAction(requestRoute.action, {
            path: `/requests/${request.id}`,
            params: { requestId: request.id },
            cookie: await cookie(w.partnerAdmin),
            form,
          });
        },
      ],
      [
        "add from the triage",
        async () =>
          callAction(triageRoute.action, {
            ...(await evalArgs(w.buyerAdmin, "/triage")),
            form: { intent: "add-selected", partnerId: newPartner, version: "1" },
          }),
      ],
      [
        "add from a partner's page",
        async () =>
          callAction(partnerRoute.action, {
            path: `/partners/${newPartner}`,
            params: { partnerId: newPartner },
            cookie: await cookie(w.buyerAdmin),
            form: { intent: "add-to-evaluation", evaluationId: b.id },
          }),
      ],
      [
        "answer a request (the partner)",
        async () =>
          callAction(requestRoute.action, {
            path: `/requests/${request.id}`,
            params: { requestId: request.id },
            cookie: await cookie(w.partnerAdmin),
            form: {
              intent: "answer",
              note: "Here it is.",
              version: String(request.version),
              _idempotency: randomUUID(),
            },
          }),
      ],
    ];
    const before = await snapshotOf(b.id);
    // Each table a refusal could touch holds rows to compare.
    for (const [table, rows] of Object.entries(before)) expect(rows, table).not.toBe("[]");
    for (const [what, run] of refusals) {
      const outcome = await run();
      expect(outcome.status, what).toBe(409);
      expect(JSON.stringify(outcome.data), what).toMatch(
        what === "publish a debrief again"
          ? /already has its debrief/
          : /decided|closed this request|no longer/i,
      );
      // Nothing changed: every row of the evaluation is as it was.
      expect(await snapshotOf(b.id), what).toEqual(before);
    }

    // What a decided evaluation still takes.
    const review = await callAction(viewRoute.action, {
      ...(await evalArgs(w.buyerAdmin)),
      form: {
        intent: "delivery-review",
        _idempotency: randomUUID(),
        candidateId: b.candidates[0],
        milestone: "Pilot go-live",
        quality: "4",
        schedule: "3",
        cost: "5",
        outcome: "Handling time down 20% against the baseline.",
        wouldEngageAgain: "yes",
        note: "",
      },
    });
    expect(review.status).toBe(200);
    const debrief = await callAction(viewRoute.action, {
      ...(await evalArgs(w.buyerAdmin)),
      form: { ...debriefForm(), candidateId: b.candidates[2] },
    });
    expect(debrief.status).toBe(200);
    const clone = await callAction(viewRoute.action, {
      ...(await evalArgs(w.buyerAdmin)),
      form: { intent: "clone", _idempotency: randomUUID() },
    });
    expect(clone.status).toBe(302);
    // The record itself untouched; one more debrief, to the other candidate not chosen.
    const after = await snapshotOf(b.id);
    expect({ ...after, debriefs: "" }).toEqual({ ...before, debriefs: "" });
    expect(JSON.parse(after.debriefs)).toHaveLength(2);
  });
});

describe("a decision in the database", () => {
  it("cannot be deleted on its own; deleting its evaluation takes it along", async () => {
    const b = await inReview();
    await decide(b);
    const db = getDb();
    const refused = await db
      .delete(decisions)
      .where(eq(decisions.evaluationId, b.id))
      .then(
        () => null,
        (error: unknown) => error as Error & { cause?: Error },
      );
    expect(refused).not.toBeNull();
    expect(String(refused?.cause?.message ?? refused?.message)).toMatch(
      /decisions are frozen: DELETE refused/,
    );
    expect(
      await db.select({ id: decisions.id }).from(decisions).where(eq(decisions.evaluationId, b.id)),
    ).toHaveLength(1);
    // Through its evaluation (as deleting an organisation would): the cascade is allowed.
    await db.delete(evaluations).where(eq(evaluations.id, b.id));
    expect(
      await db.select({ id: decisions.id }).from(decisions).where(eq(decisions.evaluationId, b.id)),
    ).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Exports

describe("exports", () => {
  it("write CSV with a byte-order mark, CRLF, one decimal, the formula guard on text only, and the engine's figures", async () => {
    const b = await inReview();
    const files = await exportsOf(b.id);
    for (const f of [files.summary, files.detail]) {
      expect(f.status).toBe(200);
      expect([...f.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(f.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(f.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
      const text = f.body.toString("utf8");
      // Every line ends with CRLF; no bare LF outside quoted cells (the justification holds one, quoted).
      expect(text.endsWith("\r\n")).toBe(true);
    }
    const summary = parse(files.summary.body.toString("utf8").slice(1), {
      relax_column_count: false,
    }) as string[][];
    const [header, ...rows] = summary;
    expect(header.slice(0, 8)).toEqual([
      "Rank",
      "Partner",
      "Total",
      "Completeness %",
      "Evaluator coverage %",
      "Evidence confidence %",
      "Disqualified",
      "Reasons",
    ]);
    const live = liveExportInput;
    const [e] = await getDb().select().from(evaluations).where(eq(evaluations.id, b.id));
    const results = resultsOf(
      await live({ organisationId: w.buyer.id, orgName: w.buyer.name, orgTimeZone: "Australia/Sydney" }, e),
    );
    for (const [i, r] of results.candidates.entries()) {
      expect(rows[i][0]).toBe(r.rank === undefined ? "" : String(r.rank));
      expect(rows[i][2]).toBe(r.total === undefined ? "" : (Math.round(r.total * 10) / 10).toFixed(1));
      expect(rows[i][3]).toBe((Math.round(r.completeness * 1000) / 10).toFixed(1));
    }
    const detail = parse(files.detail.body.toString("utf8").slice(1)) as string[][];
    const justificationColumn = detail[0].findIndex((h) => h.endsWith(": justification"));
    // The justification begins with "=": guarded, and otherwise intact (quotes, comma, line break).
    expect(detail[1][justificationColumn]).toMatch(/^'=HYPERLINK\("evil"\) said .+, "quoted", line\nbreak$/);
    const scoreColumn = detail[0].findIndex((h) => h.endsWith(": score"));
    expect(detail.slice(1).every((row) => row[scoreColumn] === "" || /^\d+$/.test(row[scoreColumn]))).toBe(
      true,
    );
    const json = JSON.parse(files.json.body.toString("utf8")) as ComparisonExport;
    expect(json.schema).toBe("partnerlens.comparison/1");
    expect(json.summary[0].total).toBe(results.candidates[0].total);
    expect(json.summary[0].completeness).toBe(results.candidates[0].completeness);
  });

  it("are open from review on, to those who may see the comparison", async () => {
    const b = await inReview();
    expect(await recordStatuses(b.id, w.viewer)).toEqual([200, 200, 200, 200]);
    expect(await recordStatuses(b.id, w.evaluator)).toEqual([200, 200, 200, 200]);
    // Back in scoring after review: the record stays open, as the comparison does for viewers.
    await getDb().update(evaluations).set({ status: "scoring" }).where(eq(evaluations.id, b.id));
    expect(await recordStatuses(b.id, w.viewer)).toEqual([200, 200, 200, 200]);
    // Never reached review: closed, with a message for the admin.
    await getDb()
      .update(evaluations)
      .set({ status: "scoring", reachedReviewAt: null })
      .where(eq(evaluations.id, b.id));
    expect(await recordStatuses(b.id, w.buyerAdmin)).toEqual([409, 409, 409, 409]);
    const refused = await callLoader(comparisonJsonRoute.loader, {
      path: `/evaluations/${b.id}/comparison.json`,
      params: { evaluationId: b.id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(JSON.stringify(refused.data)).toMatch(/open once the evaluation is in review/);
  });

  it("the report draws its three charts on the server as SVG, each with its figures in words", async () => {
    const b = await inReview();
    const report = (await exportsOf(b.id)).report.data as {
      charts: {
        id: string;
        title: string;
        chart: { markup: string; legend: { name: string; colour: string }[] };
        figures: string;
      }[];
      summary: { partner: string }[];
    };
    expect(report.charts.map((c) => c.id)).toEqual(["sections", "contributions", "win"]);
    for (const c of report.charts) {
      expect(c.chart.markup).toMatch(
        /^<div class="recharts-wrapper"[^>]*><svg [^>]*class="recharts-surface"/,
      );
      expect(c.chart.markup).toMatch(/<\/svg>/);
      // Nothing on paper follows a pointer, and nothing inside the image takes the focus.
      expect(c.chart.markup).not.toMatch(/tooltip|tabindex/);
      // The legend is the page's own, below the chart: recharts' would cover the axis without a browser.
      expect(c.chart.markup).not.toMatch(/recharts-legend/);
      expect(c.chart.markup).not.toMatch(/<style|<script/);
    }
    const leader = report.summary[0].partner;
    // Section scores: one series per candidate; contributions: one per counted section; the win chart has one.
    expect(report.charts[0].chart.legend.map((l) => l.name)).toEqual(report.summary.map((r) => r.partner));
    expect(report.charts[1].chart.legend.length).toBe(7);
    expect(report.charts[2].chart.legend).toEqual([]);
    expect(new Set(report.charts[1].chart.legend.map((l) => l.colour)).size).toBe(7);
    expect(report.charts[0].figures).toContain(`${leader}: Partner standing and certification 100.0`);
    expect(report.charts[2].figures).toMatch(new RegExp(`${leader} leads in \\d+(\\.\\d)?%`));
  });

  it("are refused, to everyone, for an evaluation cancelled before it reached review", async () => {
    const b = await inReview();
    await getDb()
      .update(evaluations)
      .set({ status: "cancelled", reachedReviewAt: null })
      .where(eq(evaluations.id, b.id));
    expect(await recordStatuses(b.id, w.buyerAdmin)).toEqual([409, 409, 409, 409]);
    // An evaluator stays as blind as it was when scoring stopped: the comparison's rule, so a 403 (it is assigned).
    expect(await recordStatuses(b.id, w.evaluator)).toEqual([403, 403, 403, 403]);
    // A viewer never sees an evaluation that did not reach review.
    expect(await recordStatuses(b.id, w.viewer)).toEqual([404, 404, 404, 404]);
    // Cancelled after review: its last state is on record.
    await getDb().update(evaluations).set({ reachedReviewAt: new Date() }).where(eq(evaluations.id, b.id));
    expect(await recordStatuses(b.id, w.buyerAdmin)).toEqual([200, 200, 200, 200]);
    expect(await recordStatuses(b.id, w.viewer)).toEqual([200, 200, 200, 200]);
  });

  it("name equal evaluators by their e-mail, mark conflicts, and give a withdrawn candidate no applied weight", async () => {
    const twins = [
      await createMember(w.buyer, "evaluator", "Alex Morgan"),
      await createMember(w.buyer, "evaluator", "Alex Morgan"),
    ];
    const b = await inReview({ evaluators: twins });
    // The second twin declared a conflict with the second candidate; the third candidate withdrew.
    await getDb()
      .update(conflictDeclarations)
      .set({ conflictCandidateIds: [b.candidates[1]], note: "Former employer." })
      .where(
        and(eq(conflictDeclarations.evaluationId, b.id), eq(conflictDeclarations.userId, twins[1].userId)),
      );
    await getDb()
      .update(evaluationCandidates)
      .set({ withdrawnAt: new Date(), withdrawnReason: "Left the bid." })
      .where(eq(evaluationCandidates.id, b.candidates[2]));
    const files = await exportsOf(b.id);
    const json = JSON.parse(files.json.body.toString("utf8")) as ComparisonExport;
    expect(json.evaluators.map((e) => e.label).sort()).toEqual(
      twins.map((t) => `Alex Morgan (${t.email})`).sort(),
    );
    const detail = parse(files.detail.body.toString("utf8").slice(1)) as string[][];
    const [header, ...rows] = detail;
    for (const t of twins) {
      expect(header).toContain(`Alex Morgan (${t.email}): score`);
      expect(header).toContain(`Alex Morgan (${t.email}): justification`);
    }
    const column = (name: string) => header.indexOf(name);
    const conflicted = column(`Alex Morgan (${twins[1].email}): score`);
    const clear = column(`Alex Morgan (${twins[0].email}): score`);
    const partnerOf = (candidate: string) => json.detail.find((d) => d.candidateId === candidate)!.partner;
    const rowsOf = (candidate: string) => rows.filter((r) => r[0] === partnerOf(candidate));
    const ratedRows = (candidate: string) => rowsOf(candidate).filter((r) => r[column("Kind")] === "rated");
    // Every rated row of the conflicted candidate says `conflict` for that evaluator, and only for that one.
    expect(ratedRows(b.candidates[1]).length).toBeGreaterThan(0);
    expect(ratedRows(b.candidates[1]).every((r) => r[conflicted] === "conflict")).toBe(true);
    expect(ratedRows(b.candidates[1]).every((r) => /^\d+$/.test(r[clear]))).toBe(true);
    expect(rows.filter((r) => r[conflicted] === "conflict").length).toBe(ratedRows(b.candidates[1]).length);
    expect(
      json.detail
        .filter((d) => d.candidateId === b.candidates[1] && d.kind === "rated")
        .every((d) => d.scores[twins[1].userId].value === "conflict"),
    ).toBe(true);
    // The withdrawn candidate: marked, with its nominal weights and no applied weight (empty cell, JSON null).
    const applied = column("Applied weight %");
    const nominal = column("Nominal weight %");
    expect(rowsOf(b.candidates[2]).length).toBeGreaterThan(0);
    for (const r of rowsOf(b.candidates[2])) {
      expect(r[column("Withdrawn")]).toBe("withdrawn");
      expect(r[applied]).toBe("");
    }
    expect(rowsOf(b.candidates[2]).some((r) => Number(r[nominal]) > 0)).toBe(true);
    expect(
      json.detail.filter((d) => d.candidateId === b.candidates[2]).every((d) => d.appliedWeight === null),
    ).toBe(true);
    // A candidate still in the ranking has its applied weights, 0 only where nothing is defined.
    expect(rowsOf(b.candidates[0]).some((r) => Number(r[applied]) > 0)).toBe(true);
    expect(
      json.detail.filter((d) => d.candidateId === b.candidates[0]).every((d) => d.appliedWeight !== null),
    ).toBe(true);
  });

  it("property: no text cell starts with a formula character unguarded, and unguarded text round-trips", () => {
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.constantFrom("=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", "a,b", 'say "hi"', "line\r\nbreak", ""),
      fc
        .tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "", "a"), fc.string({ maxLength: 10 }))
        .map(([a, c]) => a + c),
    );
    const cell = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null));
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 6 }),
        (header, rows) => {
          const width = header.length;
          const padded = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? null));
          const csv = toCsv(header, padded);
          expect(csv.startsWith("\uFEFF")).toBe(true);
          expect(csv.endsWith("\r\n")).toBe(true);
          const parsed = parse(csv.slice(1), { relax_quotes: false, record_delimiter: "\r\n" }) as string[][];
          const expected = [header, ...padded];
          expect(parsed).toHaveLength(expected.length);
          parsed.forEach((row, r) => {
            row.forEach((value, c) => {
              const original = expected[r][c];
              if (typeof original === "string") {
                const guarded = /^[=+\-@\t\r]/.test(original);
                expect(value).toBe(guarded ? `'${original}` : original);
                expect(/^[=+\-@\t\r]/.test(value)).toBe(false);
              } else if (typeof original === "number") {
                // -0 is written as 0: the same number (=== ignores the sign of zero, as a spreadsheet does).
                expect(Number(value) === original, `${value} reads back as ${original}`).toBe(true);
                expect(value).toBe(csvCell(original));
              } else {
                expect(value).toBe("");
              }
            });
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Delivery reviews and debriefs: whose they are

describe("delivery reviews and debriefs", () => {
  it("name their evaluation, and link to it, only for members who may open it", async () => {
    const { partner } = await partnerWithEvidence();
    const b = await inReview({ partner: partner.id });
    await decide(b);
    const [{ name }] = await getDb()
      .select({ name: evaluations.name })
      .from(evaluations)
      .where(eq(evaluations.id, b.id));
    const recorded = await callAction(viewRoute.action, {
      path: `/evaluations/${b.id}`,
      params: { evaluationId: b.id },
      cookie: await sessionCookie(w.buyerAdmin),
      form: {
        intent: "delivery-review",
        _idempotency: randomUUID(),
        candidateId: b.candidates[0],
        milestone: "Go-live",
        quality: "4",
        schedule: "4",
        cost: "3",
        outcome: "Live on time.",
        wouldEngageAgain: "yes",
        note: "",
      },
    });
    expect(recorded.status).toBe(200);
    const unassigned = await createMember(w.buyer, "evaluator");
    type Shown = {
      deliveries: { milestone: string; evaluationId: string | null; evaluation: string | null }[];
    };
    const seenBy = async (u: TestUser) =>
      (
        await callLoader(partnerRoute.loader, {
          path: `/partners/${partner.id}`,
          params: { partnerId: partner.id },
          cookie: await sessionCookie(u),
        })
      ).data as Shown;
    for (const u of [w.buyerAdmin, w.viewer, w.evaluator]) {
      expect((await seenBy(u)).deliveries).toEqual([
        expect.objectContaining({ milestone: "Go-live", evaluationId: b.id, evaluation: name }),
      ]);
    }
    // An evaluator not assigned to it reads the review, not which evaluation it came from.
    const shown = await seenBy(unassigned);
    expect(shown.deliveries).toEqual([
      expect.objectContaining({ milestone: "Go-live", evaluationId: null, evaluation: null }),
    ]);
    expect(JSON.stringify(shown)).not.toContain(b.id);
    expect(JSON.stringify(shown)).not.toContain(name);
    // The link it would have followed is a 404 for it anyway.
    const page = await callLoader(viewRoute.loader, {
      path: `/evaluations/${b.id}`,
      params: { evaluationId: b.id },
      cookie: await sessionCookie(unassigned),
    });
    expect(page.status).toBe(404);
  });

  it("are the buyer's: beside the partner in its other comparisons and on its page, never for partners or other buyers", async () => {
    // Marked by w.evaluator2 alone: w.evaluator, assigned to the other comparison only, must not learn its name.
    const decided = await inReview({ evaluators: [w.evaluator2] });
    await decide(decided);
    const review = await callAction(viewRoute.action, {
      path: `/evaluations/${decided.id}`,
      params: { evaluationId: decided.id },
      cookie: await sessionCookie(w.buyerAdmin),
      form: {
        intent: "delivery-review",
        _idempotency: randomUUID(),
        candidateId: decided.candidates[0],
        milestone: "90 days in production",
        quality: "5",
        schedule: "4",
        cost: "3",
        outcome: "41% of contacts resolved without an agent.",
        wouldEngageAgain: "yes",
        note: "Secret buyer note",
      },
    });
    expect(review.status).toBe(200);
    // Another of this buyer's evaluations with the same partner: the review is beside it.
    const open = await inReview();
    const page = await callLoader(compareRoute.loader, {
      path: `/evaluations/${open.id}/compare`,
      params: { evaluationId: open.id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    const column = (page.data as { columns: { partnerId: string; delivery: unknown }[] }).columns.find(
      (c) => c.partnerId === w.partner.id,
    );
    expect(column?.delivery).toMatchObject({
      count: expect.any(Number),
      quality: expect.any(String),
      latest: expect.stringMatching(/^90 days in production \(Decision /),
    });
    // An evaluator of that comparison, not of the decided evaluation: the review without the evaluation's name.
    const asEvaluator = await callLoader(compareRoute.loader, {
      path: `/evaluations/${open.id}/compare`,
      params: { evaluationId: open.id },
      cookie: await sessionCookie(w.evaluator),
    });
    expect(asEvaluator.status).toBe(200);
    const seenByEvaluator = (
      asEvaluator.data as { columns: { partnerId: string; delivery: { latest: string } | null }[] }
    ).columns.find((c) => c.partnerId === w.partner.id);
    expect(seenByEvaluator?.delivery?.latest).toBe("90 days in production");
    expect(JSON.stringify(asEvaluator.data)).not.toContain(decided.id);
    const buyerPage = await callLoader(partnerRoute.loader, {
      path: `/partners/${w.partner.id}`,
      params: { partnerId: w.partner.id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(JSON.stringify(buyerPage.data)).toContain("Secret buyer note");
    for (const outsider of [w.partnerAdmin, otherBuyerAdmin]) {
      const seen = await callLoader(partnerRoute.loader, {
        path: `/partners/${w.partner.id}`,
        params: { partnerId: w.partner.id },
        cookie: await sessionCookie(outsider),
      });
      expect(seen.status).toBe(200);
      expect(JSON.stringify(seen.data)).not.toContain("Secret buyer note");
    }

    // A debrief: the partner reads it, with its own section scores, and nothing else of the evaluation.
    const second = decided.candidates[1];
    await callAction(viewRoute.action, {
      path: `/evaluations/${decided.id}`,
      params: { evaluationId: decided.id },
      cookie: await sessionCookie(w.buyerAdmin),
      form: {
        intent: "debrief",
        _idempotency: randomUUID(),
        candidateId: second,
        body: "You were close.",
        includeScores: "on",
      },
    });
    const [row] = await getDb().select().from(evaluations).where(eq(evaluations.id, decided.id));
    // The debrief went to the second candidate's partner, not the world's: the world's partner sees none of it.
    const list = await callLoader(requestsRoute.loader, {
      path: "/requests",
      cookie: await sessionCookie(w.partnerAdmin),
    });
    expect(JSON.stringify(list.data)).not.toContain("You were close.");
    const [{ debriefId, partnerId }] = await getDb()
      .select({ debriefId: debriefs.id, partnerId: debriefs.partnerId })
      .from(debriefs)
      .where(eq(debriefs.candidateId, second));
    const recipient = await createMember({ id: partnerId, kind: "partner" }, "member");
    const shown = await callLoader(debriefRoute.loader, {
      path: `/requests/debriefs/${debriefId}`,
      params: { debriefId },
      cookie: await sessionCookie(recipient),
    });
    expect(shown.status).toBe(200);
    const text = JSON.stringify(shown.data);
    expect(text).toContain("You were close.");
    expect(text).toContain(w.buyer.name);
    expect(text).not.toContain(row.name);
    expect((shown.data as { sectionScores: unknown[] }).sectionScores.length).toBeGreaterThan(0);
    for (const other of [w.partnerAdmin, w.buyerAdmin]) {
      const refused = await callLoader(debriefRoute.loader, {
        path: `/requests/debriefs/${debriefId}`,
        params: { debriefId },
        cookie: await sessionCookie(other),
      });
      expect(refused.status).toBe(404);
    }
  });
});
