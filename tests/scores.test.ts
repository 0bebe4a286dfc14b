// Declarations, scores and submissions (docs/product.md "Conflict-of-interest declaration", "Score", blind scoring,
// "Auto-suggestions"): the model and the two pages, against a real database.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import type { Checklist } from "../app/domain/checklist";
import { declare } from "../app/models/declarations.server";
import { evaluationFor, getEvaluationChecklist } from "../app/models/evaluation.server";
import { addCandidate, assignEvaluator } from "../app/models/evaluation-participants.server";
import { createEvaluation, moveStatus } from "../app/models/evaluation-setup.server";
import { createEvidence } from "../app/models/evidence/write.server";
import { ScoreConflict, saveScore } from "../app/models/scores.server";
import { scoringPage } from "../app/models/scoring-page.server";
import { submitCandidate } from "../app/models/submissions.server";
import * as scoringRoute from "../app/routes/evaluations.$evaluationId.candidates.$candidateId/route";
import * as declarationRoute from "../app/routes/evaluations.$evaluationId.declaration";
import type { Viewer } from "../app/utils/access.server";
import { accessFailureAnswer, InputError, RuleRefused } from "../app/utils/errors.server";
import { getDb, setQueryListener } from "../db/client";
import { auditEvents, evaluations, networkMemberships, scores } from "../db/schema";
import { createMember, createOrganisation, createWorld, sessionCookie, type TestUser } from "./factories";
import { callAction, callLoader } from "./remix";

type World = Awaited<ReturnType<typeof createWorld>>;
type Org = Awaited<ReturnType<typeof createOrganisation>>;
let w: World;
let partnerB: Org;
let partnerC: Org;
let admin2: TestUser;

beforeAll(async () => {
  w = await createWorld();
  partnerB = await createOrganisation("partner");
  partnerC = await createOrganisation("partner");
  admin2 = await createMember(w.buyer, "admin");
  await getDb().insert(networkMemberships).values({ organisationId: w.partner.id, tier: "elite" });
});

const actorOf = (u: TestUser) => ({ userId: u.userId, organisationId: u.organisationId });
const viewerOf = (u: TestUser): Viewer => ({
  sessionIdHash: "",
  userId: u.userId,
  email: u.email,
  name: u.name,
  organisationId: u.organisationId,
  orgKind: "buyer",
  orgName: "",
  orgTimeZone: "UTC",
  emailConfirmed: true,
  role: u.role,
});

interface Setup {
  id: string;
  candidates: { a: string; b: string };
  /** Rated criteria that count, in checklist order. */
  counted: { id: string; max: number; rule: string | null }[];
  zero: string[];
}

/** An evaluation of the built-in checklist (or `checklist`) with two candidates and two evaluators, in scoring. */
async function setUp(options: { checklist?: Checklist; status?: "draft" | "scoring" } = {}): Promise<Setup> {
  const admin = actorOf(w.buyerAdmin);
  const { id } = await getDb().transaction((tx) =>
    createEvaluation(
      tx,
      admin,
      {
        name: "Agent platform partner",
        industry: "Insurance",
        sizeBand: "1k-5k",
        useCases: ["customer_service"],
        requiredSpecializations: ["ai_agents"],
        deadlineOn: null,
        minimumTotal: null,
      },
      options.checklist ?? BUILT_IN_CHECKLIST,
      BUILT_IN_CHECKLIST.name,
    ),
  );
  const a = await addCandidate(admin, id, w.partner.id);
  const b = await addCandidate(admin, id, partnerB.id);
  await assignEvaluator(admin, id, w.evaluator.userId);
  await assignEvaluator(admin, id, w.evaluator2.userId);
  if ((options.status ?? "scoring") === "scoring") await move(id, "scoring");
  const checklist = await getEvaluationChecklist({ id, name: "" });
  const counted = checklist.sections.flatMap((s) =>
    s.criteria
      .filter((c) => c.kind === "rated" && c.weight > 0 && s.weight > 0)
      .map((c) => ({ id: c.key, max: c.max, rule: c.suggestionRule })),
  );
  const zero = checklist.sections.flatMap((s) =>
    s.criteria.filter((c) => c.kind === "rated" && (c.weight === 0 || s.weight === 0)).map((c) => c.key),
  );
  return { id, candidates: { a, b }, counted, zero };
}

async function move(id: string, to: "scoring" | "review" | "cancelled") {
  const [row] = await getDb()
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  await moveStatus(actorOf(w.buyerAdmin), id, row.version, to);
}

async function evaluationRow(id: string) {
  const [row] = await getDb().select().from(evaluations).where(eq(evaluations.id, id));
  return row;
}

async function score(
  user: TestUser,
  s: Setup,
  candidateId: string,
  criterionId: string,
  value: number,
  expectedVersion: number | null = null,
  extra: { justification?: string; citedVersionIds?: string[]; acceptedSuggestion?: number | null } = {},
) {
  return saveScore(
    actorOf(user),
    await evaluationRow(s.id),
    {
      candidateId,
      criterionId,
      value,
      justification: extra.justification ?? `Because ${value}.`,
      citedVersionIds: extra.citedVersionIds ?? [],
      acceptedSuggestion: extra.acceptedSuggestion ?? null,
    },
    expectedVersion,
  );
}

async function scoreAll(user: TestUser, s: Setup, candidateId: string, value = 3) {
  for (const c of s.counted) await score(user, s, candidateId, c.id, Math.min(value, c.max));
}

/** The status a refusal answers with, as the server turns it into a page (a model's NotFound is the 404). */
function statusOf(error: unknown): number | undefined {
  const e = accessFailureAnswer(error) as { init?: { status?: number } };
  return e?.init?.status;
}

async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

const pagePath = (s: Setup, candidateId: string) => `/evaluations/${s.id}/candidates/${candidateId}`;

async function openPage(user: TestUser, s: Setup, candidateId: string) {
  return callLoader(scoringRoute.loader, {
    path: pagePath(s, candidateId),
    params: { evaluationId: s.id, candidateId },
    cookie: await sessionCookie(user),
  });
}

async function post(user: TestUser, s: Setup, candidateId: string, form: Record<string, string> | FormData) {
  return callAction(scoringRoute.action, {
    path: pagePath(s, candidateId),
    params: { evaluationId: s.id, candidateId },
    cookie: await sessionCookie(user),
    form,
  });
}

async function declareVia(user: TestUser, s: Setup, form: FormData | Record<string, string>) {
  return callAction(declarationRoute.action, {
    path: `/evaluations/${s.id}/declaration`,
    params: { evaluationId: s.id },
    cookie: await sessionCookie(user),
    form,
  });
}

async function auditOf(evaluationId: string, action: string) {
  return getDb()
    .select({ before: auditEvents.before, after: auditEvents.after, actorUserId: auditEvents.actorUserId })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, evaluationId), eq(auditEvents.action, action)))
    .orderBy(auditEvents.id);
}

type PageData = Awaited<ReturnType<typeof scoringRoute.loader>>;

describe("conflict-of-interest declarations", () => {
  it("come before seeing the candidates, and again when a candidate is added", async () => {
    const s = await setUp();
    const first = await openPage(w.evaluator, s, s.candidates.a);
    expect(first.status).toBe(302);
    expect(first.location).toBe(
      `/evaluations/${s.id}/declaration?redirectTo=${encodeURIComponent(pagePath(s, s.candidates.a))}`,
    );
    const page = await callLoader(declarationRoute.loader, {
      path: `/evaluations/${s.id}/declaration`,
      params: { evaluationId: s.id },
      cookie: await sessionCookie(w.evaluator),
    });
    expect(page.status).toBe(200);
    expect((page.data as { needed: boolean; candidates: unknown[] }).needed).toBe(true);

    const declared = await declareVia(w.evaluator, s, {
      choice: "none",
      redirectTo: pagePath(s, s.candidates.a),
    });
    expect(declared.status).toBe(302);
    expect(declared.location).toBe(pagePath(s, s.candidates.a));
    expect((await openPage(w.evaluator, s, s.candidates.a)).status).toBe(200);
    const [audit] = await auditOf(s.id, "evaluation.declared");
    expect(audit.after).toMatchObject({ conflicts: [], covered: 2 });

    // A candidate added later asks again, also for the candidates already covered.
    await addCandidate(actorOf(w.buyerAdmin), s.id, partnerC.id);
    expect((await openPage(w.evaluator, s, s.candidates.a)).status).toBe(302);
    expect((await declareVia(w.evaluator, s, { choice: "none" })).location).toBe(`/evaluations/${s.id}`);
    expect((await openPage(w.evaluator, s, s.candidates.a)).status).toBe(200);
  });

  it("need a note and named candidates for a conflict; a conflicted evaluator cannot score or open that candidate", async () => {
    const s = await setUp();
    const noNote = new FormData();
    noNote.set("choice", "conflict");
    noNote.append("conflicts", s.candidates.b);
    const refused = await declareVia(w.evaluator, s, noNote);
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: Record<string, string> }).errors.note).toMatch(
      /Say what the conflict is/,
    );
    const noneTicked = await declareVia(w.evaluator, s, {
      choice: "conflict",
      note: "I used to work there.",
    });
    expect((noneTicked.data as { errors: Record<string, string> }).errors.conflicts).toMatch(
      /Tick the candidates/,
    );

    const ok = new FormData();
    ok.set("choice", "conflict");
    ok.set("note", "I worked at B until 2024.");
    ok.append("conflicts", s.candidates.b);
    expect((await declareVia(w.evaluator, s, ok)).status).toBe(302);
    const [audit] = await auditOf(s.id, "evaluation.declared");
    expect(audit.after).toMatchObject({ conflicts: [partnerB.name], note: "I worked at B until 2024." });

    expect((await openPage(w.evaluator, s, s.candidates.b)).status).toBe(404);
    expect((await openPage(w.evaluator, s, s.candidates.a)).status).toBe(200);
    expect(statusOf(await rejection(() => score(w.evaluator, s, s.candidates.b, s.counted[0].id, 3)))).toBe(
      404,
    );
    expect(
      statusOf(await rejection(() => submitCandidate(actorOf(w.evaluator), { id: s.id }, s.candidates.b))),
    ).toBe(404);
    // Conflict ids must be candidates of this evaluation.
    const foreign = await rejection(() =>
      declare(actorOf(w.evaluator), { id: s.id }, { conflictCandidateIds: [crypto.randomUUID()], note: "x" }),
    );
    expect(foreign).toBeInstanceOf(InputError);
  });

  it("belong to assigned evaluators only: the page is a 404 for anyone else, an admin not assigned included", async () => {
    const s = await setUp();
    for (const user of [w.buyerAdmin, w.viewer]) {
      const page = await callLoader(declarationRoute.loader, {
        path: `/evaluations/${s.id}/declaration`,
        params: { evaluationId: s.id },
        cookie: await sessionCookie(user),
      });
      expect(page.status).toBe(404);
    }
    expect(
      statusOf(
        await rejection(() =>
          declare(actorOf(w.buyerAdmin), { id: s.id }, { conflictCandidateIds: [], note: "" }),
        ),
      ),
    ).toBe(403);
    // An admin who is assigned declares like anyone else.
    await assignEvaluator(actorOf(w.buyerAdmin), s.id, admin2.userId);
    expect((await declareVia(admin2, s, { choice: "none" })).status).toBe(302);
  });
});

describe("saving a score", () => {
  it("creates, updates with the version, and answers a stale save with the other value", async () => {
    const s = await setUp();
    await declare(actorOf(w.evaluator), { id: s.id }, { conflictCandidateIds: [], note: "" });
    const c = s.counted[1];
    const created = await score(w.evaluator, s, s.candidates.a, c.id, 2);
    expect(created).toMatchObject({ version: 1, changed: true });
    // A second "create" (another tab that had not seen the first save) is a conflict.
    const again = await rejection(() => score(w.evaluator, s, s.candidates.a, c.id, 4));
    expect(again).toBeInstanceOf(ScoreConflict);
    expect((again as ScoreConflict).current).toMatchObject({
      value: 2,
      justification: "Because 2.",
      version: 1,
    });
    expect(await score(w.evaluator, s, s.candidates.a, c.id, 4, 1)).toMatchObject({
      version: 2,
      changed: true,
    });
    // The same form sent twice changes nothing.
    expect(await score(w.evaluator, s, s.candidates.a, c.id, 4, 1)).toMatchObject({
      version: 2,
      changed: false,
    });

    // Through the page: a stale version answers 409 with the stored score and keeps what was typed.
    const stale = await post(w.evaluator, s, s.candidates.a, {
      intent: "score",
      criterionId: c.id,
      value: "1",
      justification: "My own reasons.",
      version: "1",
      _js: "1",
    });
    expect(stale.status).toBe(409);
    const body = stale.data as {
      conflict: { value: number; justification: string; version: number };
      values: Record<string, string>;
    };
    expect(body.conflict).toMatchObject({ value: 4, justification: "Because 4.", version: 2 });
    expect(body.values.justification).toBe("My own reasons.");
    const fresh = await post(w.evaluator, s, s.candidates.a, {
      intent: "score",
      criterionId: c.id,
      value: "1",
      justification: "My own reasons.",
      version: "2",
      _js: "1",
    });
    expect(fresh.status).toBe(200);
    // Without JavaScript the page comes back by a redirect to the criterion.
    const noJs = await post(w.evaluator, s, s.candidates.a, {
      intent: "score",
      criterionId: s.counted[2].id,
      value: "3",
      justification: "Seen in the runbook.",
    });
    expect(noJs.status).toBe(302);
    // Back at the criterion, which says it was saved.
    expect(noJs.location).toBe(
      `${pagePath(s, s.candidates.a)}?saved=1&criterion=${s.counted[2].id}#criterion-${s.counted[2].id}`,
    );

    const audits = await auditOf(s.id, "score.saved");
    expect(
      audits.map((a) => [
        (a.before as { value?: number } | null)?.value ?? null,
        (a.after as { value: number }).value,
      ]),
    ).toEqual([
      [null, 2],
      [2, 4],
      [4, 1],
      [null, 3],
    ]);
  });

  it("refuses values out of bounds and a missing justification with messages at the fields, changing nothing", async () => {
    const s = await setUp();
    await declare(actorOf(w.evaluator), { id: s.id }, { conflictCandidateIds: [], note: "" });
    const c = s.counted[0];
    for (const [value, justification, field] of [
      ["6", "Too high.", "value"],
      ["-1", "Negative.", "value"],
      ["2.5", "Not whole.", "value"],
      ["", "Nothing chosen.", "value"],
      ["3", "   ", "justification"],
      ["3", "x".repeat(2001), "justification"],
    ] as const) {
      const out = await post(w.evaluator, s, s.candidates.a, {
        intent: "score",
        criterionId: c.id,
        value,
        justification,
      });
      expect(out.status, `${value} / ${field}`).toBe(400);
      const answer = out.data as { errors: Record<string, string>; values: Record<string, string> };
      expect(answer.errors[field]).toBeTruthy();
      expect(answer.values.justification).toBe(justification);
    }
    const stored = await getDb().select().from(scores).where(eq(scores.evaluationId, s.id));
    expect(stored).toHaveLength(0);
    expect(await auditOf(s.id, "score.saved")).toHaveLength(0);
  });

  it("cites only evidence of this candidate's partner that this buyer may see", async () => {
    const s = await setUp();
    await declare(actorOf(w.evaluator), { id: s.id }, { conflictCandidateIds: [], note: "" });
    const link = async (org: { id: string }, visibility: "all_buyers" | "restricted", title: string) => {
      const evidenceId = await getDb().transaction((tx) =>
        createEvidence(
          tx,
          { userId: w.partnerAdmin.userId, organisationId: org.id },
          { claim: "document:", title, visibility, effectiveFrom: undefined, effectiveTo: undefined },
          { kind: "document", id: null },
          { kind: "link", url: `https://example.com/${encodeURIComponent(title)}` },
        ),
      );
      const { evidence } = await import("../db/schema");
      const [row] = await getDb()
        .select({ v: evidence.currentVersionId })
        .from(evidence)
        .where(eq(evidence.id, evidenceId));
      return row.v as string;
    };
    const own = await link(w.partner, "all_buyers", "Security policy");
    const restricted = await link(w.partner, "restricted", "NDA case study");
    const otherPartner = await link(partnerB, "all_buyers", "B's policy");
    const c = s.counted[0].id;
    for (const bad of [restricted, otherPartner, crypto.randomUUID()]) {
      const refused = await rejection(() =>
        score(w.evaluator, s, s.candidates.a, c, 3, null, { citedVersionIds: [bad] }),
      );
      expect(refused).toBeInstanceOf(InputError);
      expect((refused as InputError).errors.cited).toMatch(/Cite only evidence/);
    }
    await score(w.evaluator, s, s.candidates.a, c, 3, null, { citedVersionIds: [own] });
    const [row] = await getDb().select().from(scores).where(eq(scores.evaluationId, s.id));
    expect(row.citedVersionIds).toEqual([own]);
    // The page offers the visible evidence only.
    const page = await openPage(w.evaluator, s, s.candidates.a);
    expect((page.data as PageData).evidence.map((e) => e.versionId)).toEqual([own]);
    // Through the page, a bad citation comes back as a field message.
    const form = new FormData();
    for (const [k, v] of Object.entries({
      intent: "score",
      criterionId: c,
      value: "3",
      justification: "x",
      version: "1",
    }))
      form.set(k, v);
    form.append("cite", otherPartner);
    const out = await post(w.evaluator, s, s.candidates.a, form);
    expect(out.status).toBe(400);
    expect((out.data as { errors: Record<string, string>; cited: string[] }).cited).toEqual([otherPartner]);
  });

  it("is refused on weight-0 criteria and outside scoring", async () => {
    const checklist: Checklist = structuredClone(BUILT_IN_CHECKLIST);
    checklist.sections[0].criteria[1].weight = 0;
    const s = await setUp({ checklist });
    await declare(actorOf(w.evaluator), { id: s.id }, { conflictCandidateIds: [], note: "" });
    expect(s.zero).toHaveLength(1);
    const zero = await rejection(() => score(w.evaluator, s, s.candidates.a, s.zero[0], 3));
    expect(zero).toBeInstanceOf(RuleRefused);
    expect((zero as Error).message).toMatch(/weight 0/);

    const draft = await setUp({ status: "draft" });
    await declare(actorOf(w.evaluator), { id: draft.id }, { conflictCandidateIds: [], note: "" });
    expect(
      await rejection(() => score(w.evaluator, draft, draft.candidates.a, draft.counted[0].id, 3)),
    ).toBeInstanceOf(RuleRefused);
    await move(s.id, "review");
    const review = await rejection(() => score(w.evaluator, s, s.candidates.a, s.counted[0].id, 3));
    expect((review as Error).message).toMatch(/only while the evaluation is scoring/);
    const out = await post(w.evaluator, s, s.candidates.a, {
      intent: "score",
      criterionId: s.counted[0].id,
      value: "3",
      justification: "Late.",
    });
    expect(out.status).toBe(409);
    // Admins not assigned read the page and cannot score.
    const admin = await openPage(w.buyerAdmin, s, s.candidates.a);
    expect((admin.data as PageData).mayScore).toBe(false);
    expect(
      await rejection(() => submitCandidate(actorOf(w.buyerAdmin), { id: draft.id }, draft.candidates.a)),
    ).toBeInstanceOf(RuleRefused);
  });

  it("records a suggestion accepted, and one overridden", async () => {
    const s = await setUp();
    await declare(actorOf(w.evaluator), { id: s.id }, { conflictCandidateIds: [], note: "" });
    const tier = s.counted.find((c) => c.rule === "tier");
    expect(tier).toBeDefined();
    const page = (await openPage(w.evaluator, s, s.candidates.a)).data as PageData;
    const shown = page.sections.flatMap((x) => x.criteria).find((c) => c.key === tier!.id)!;
    expect(shown.suggestion).toMatchObject({ kind: "suggestion", score: 5 });

    // "Use suggestion" without JavaScript returns the form filled in, saving nothing.
    const filled = await post(w.evaluator, s, s.candidates.a, {
      intent: "use-suggestion",
      criterionId: tier!.id,
      justification: "",
    });
    expect(filled.status).toBe(200);
    expect((filled.data as { values: Record<string, string> }).values).toMatchObject({
      value: "5",
      acceptedSuggestion: "5",
    });

    await score(w.evaluator, s, s.candidates.a, tier!.id, 5, null, { acceptedSuggestion: 5 });
    await declare(actorOf(w.evaluator2), { id: s.id }, { conflictCandidateIds: [], note: "" });
    await score(w.evaluator2, s, s.candidates.a, tier!.id, 3, null, { acceptedSuggestion: null });
    const rows = await getDb().select().from(scores).where(eq(scores.evaluationId, s.id));
    const byUser = new Map(rows.map((r) => [r.evaluatorUserId, r.acceptedSuggestion]));
    expect(byUser.get(w.evaluator.userId)).toBe(5);
    // A claimed acceptance whose value differs from the suggestion is an override.
    await score(w.evaluator, s, s.candidates.a, tier!.id, 4, 1, { acceptedSuggestion: 5 });
    const audits = (await auditOf(s.id, "score.saved")).map(
      (a) => a.after as { acceptedSuggestion: boolean; suggestion: number },
    );
    expect(audits[0]).toMatchObject({ acceptedSuggestion: true, suggestion: 5 });
    expect(audits.at(-1)).toMatchObject({ acceptedSuggestion: false, suggestion: 5 });
  });
});

describe("submitting and the blind rule", () => {
  it("needs every counted criterion, is idempotent, and opens the others' scores for that candidate only", async () => {
    const s = await setUp();
    for (const u of [w.evaluator, w.evaluator2]) {
      await declare(actorOf(u), { id: s.id }, { conflictCandidateIds: [], note: "" });
    }
    await scoreAll(w.evaluator2, s, s.candidates.a, 4);
    await submitCandidate(actorOf(w.evaluator2), { id: s.id }, s.candidates.a);

    await score(w.evaluator, s, s.candidates.a, s.counted[0].id, 2);
    const early = await post(w.evaluator, s, s.candidates.a, { intent: "submit" });
    expect(early.status).toBe(409);
    expect((early.data as { formError: string }).formError).toBe(
      `Score every criterion before submitting: 1 of ${s.counted.length} scored.`,
    );
    let page = (await openPage(w.evaluator, s, s.candidates.a)).data as PageData;
    expect(page.progress).toEqual({ scored: 1, required: s.counted.length });
    expect(page.seesOthers).toBe(false);
    expect(page.sections.flatMap((x) => x.criteria).every((c) => c.others.length === 0)).toBe(true);
    expect(JSON.stringify(page)).not.toContain("Because 4.");

    await scoreAll(w.evaluator, s, s.candidates.a, 2);
    const ok = await post(w.evaluator, s, s.candidates.a, { intent: "submit" });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe(`${pagePath(s, s.candidates.a)}?submitted=1`);
    expect(await submitCandidate(actorOf(w.evaluator), { id: s.id }, s.candidates.a)).toEqual({
      alreadySubmitted: true,
    });
    expect(await auditOf(s.id, "score.submitted")).toHaveLength(2);

    page = (await openPage(w.evaluator, s, s.candidates.a)).data as PageData;
    expect(page.submittedAt).not.toBeNull();
    expect(page.seesOthers).toBe(true);
    const first = page.sections.flatMap((x) => x.criteria).find((c) => c.key === s.counted[0].id)!;
    expect(first.others).toEqual([
      expect.objectContaining({ name: w.evaluator2.name, value: 4, justification: "Because 4." }),
    ]);
    // Results stay closed until every candidate it may score is submitted.
    expect(page.seesResults).toBe(false);
    // Candidate B: still blind.
    await score(w.evaluator2, s, s.candidates.b, s.counted[0].id, 5);
    const b = (await openPage(w.evaluator, s, s.candidates.b)).data as PageData;
    expect(b.seesOthers).toBe(false);

    await scoreAll(w.evaluator, s, s.candidates.b, 3);
    await submitCandidate(actorOf(w.evaluator), { id: s.id }, s.candidates.b);
    const after = (await openPage(w.evaluator, s, s.candidates.b)).data as PageData;
    expect(after.seesResults).toBe(true);

    // Changes after submission are allowed while scoring and audited as such.
    await score(w.evaluator, s, s.candidates.a, s.counted[0].id, 3, 1);
    const last = (await auditOf(s.id, "score.saved")).at(-1)!;
    expect(last.after).toMatchObject({ value: 3, afterSubmission: true });
    expect(last.before).toMatchObject({ value: 2 });
    // Admins see every score without submitting.
    const admin = (await openPage(w.buyerAdmin, s, s.candidates.b)).data as PageData;
    expect(admin.seesOthers).toBe(true);
  });

  it("loads the page in a fixed number of statements whatever the number of scores", async () => {
    const s = await setUp();
    for (const u of [w.evaluator, w.evaluator2]) {
      await declare(actorOf(u), { id: s.id }, { conflictCandidateIds: [], note: "" });
    }
    const count = async () => {
      const access = await evaluationFor(viewerOf(w.buyerAdmin), s.id);
      let n = 0;
      setQueryListener(() => n++);
      try {
        await scoringPage(viewerOf(w.buyerAdmin), access, s.candidates.a);
      } finally {
        setQueryListener(undefined);
      }
      return n;
    };
    const before = await count();
    await scoreAll(w.evaluator, s, s.candidates.a);
    await scoreAll(w.evaluator2, s, s.candidates.a);
    expect(await count()).toBe(before);
    expect(before).toBeLessThanOrEqual(14);
  });
});

describe("accepting a suggestion in one action", () => {
  it("saves the suggestion with its reason, version-checked and audited, with or without JavaScript", async () => {
    const s = await setUp();
    await declare(actorOf(w.evaluator), { id: s.id }, { conflictCandidateIds: [], note: "" });
    const tier = s.counted.find((c) => c.rule === "tier")!;
    const shown = ((await openPage(w.evaluator, s, s.candidates.a)).data as PageData).sections
      .flatMap((x) => x.criteria)
      .find((c) => c.key === tier.id)!;
    expect(shown.suggestion).toMatchObject({ kind: "suggestion", score: 5 });
    const reason = shown.suggestion?.reason ?? "";

    // With JavaScript: answers what was stored, so the form shows it.
    const withJs = await post(w.evaluator, s, s.candidates.a, {
      intent: "accept-suggestion",
      criterionId: tier.id,
      value: "1",
      justification: "Ignored: the suggestion's reason is the justification.",
      _js: "1",
    });
    expect(withJs.status).toBe(200);
    expect(withJs.data).toMatchObject({
      ok: true,
      accepted: true,
      version: 1,
      values: { value: "5", justification: reason },
    });
    const [row] = await getDb().select().from(scores).where(eq(scores.evaluationId, s.id));
    expect(row).toMatchObject({ value: 5, justification: reason, acceptedSuggestion: 5, version: 1 });
    const [audit] = await auditOf(s.id, "score.saved");
    expect(audit.after).toMatchObject({
      value: 5,
      suggestion: 5,
      acceptedSuggestion: true,
      justification: reason,
    });

    // Overridden later with the evaluator's own score: no longer an accepted suggestion.
    await score(w.evaluator, s, s.candidates.a, tier.id, 3, 1);
    const [overridden] = await getDb().select().from(scores).where(eq(scores.evaluationId, s.id));
    expect(overridden).toMatchObject({ value: 3, acceptedSuggestion: null });

    // A stale form is a conflict, showing the stored score; nothing changes.
    const stale = await post(w.evaluator, s, s.candidates.a, {
      intent: "accept-suggestion",
      criterionId: tier.id,
      version: "1",
      _js: "1",
    });
    expect(stale.status).toBe(409);
    expect((stale.data as { conflict: { value: number } }).conflict).toMatchObject({ value: 3, version: 2 });

    // Without JavaScript the page comes back to the criterion, saying so.
    const noJs = await post(w.evaluator, s, s.candidates.a, {
      intent: "accept-suggestion",
      criterionId: tier.id,
      version: "2",
    });
    expect(noJs.status).toBe(302);
    expect(noJs.location).toBe(
      `${pagePath(s, s.candidates.a)}?saved=suggestion&criterion=${tier.id}#criterion-${tier.id}`,
    );
    const [accepted] = await getDb().select().from(scores).where(eq(scores.evaluationId, s.id));
    expect(accepted).toMatchObject({ value: 5, acceptedSuggestion: 5, version: 3 });
    expect((await auditOf(s.id, "score.saved")).map((a) => (a.after as { value: number }).value)).toEqual([
      5, 3, 5,
    ]);
  });

  it("is refused with a message on a criterion without a suggestion, and for evaluators who may not score", async () => {
    const s = await setUp();
    await declare(actorOf(w.evaluator), { id: s.id }, { conflictCandidateIds: [], note: "" });
    const plain = s.counted.find((c) => c.rule === null)!;
    const refused = await post(w.evaluator, s, s.candidates.a, {
      intent: "accept-suggestion",
      criterionId: plain.id,
    });
    expect(refused.status).toBe(409);
    expect((refused.data as { formError: string }).formError).toMatch(/no suggestion to accept/);
    const tier = s.counted.find((c) => c.rule === "tier")!;
    const admin = await post(w.buyerAdmin, s, s.candidates.a, {
      intent: "accept-suggestion",
      criterionId: tier.id,
    });
    expect(admin.status).toBe(403);
    expect(await getDb().select().from(scores).where(eq(scores.evaluationId, s.id))).toEqual([]);
  });
});

describe("declaring while scoring and in review", () => {
  it("changes while scoring; in review takes a first declaration only, and the page stays readable", async () => {
    const s = await setUp();
    await declare(actorOf(w.evaluator), { id: s.id }, { conflictCandidateIds: [], note: "" });
    // While scoring the evaluator changes its mind.
    const conflict = new FormData();
    conflict.set("choice", "conflict");
    conflict.set("note", "My brother joined B.");
    conflict.append("conflicts", s.candidates.b);
    expect((await declareVia(w.evaluator, s, conflict)).status).toBe(302);
    expect((await openPage(w.evaluator, s, s.candidates.b)).status).toBe(404);

    await move(s.id, "review");
    // A change in review is refused with a message, and nothing is recorded.
    const refused = await declareVia(w.evaluator, s, { choice: "none" });
    expect(refused.status).toBe(409);
    expect((refused.data as { formError: string }).formError).toMatch(/in review: your declaration/);
    expect(await auditOf(s.id, "evaluation.declared")).toHaveLength(2);
    const page = await callLoader(declarationRoute.loader, {
      path: `/evaluations/${s.id}/declaration`,
      params: { evaluationId: s.id },
      cookie: await sessionCookie(w.evaluator),
    });
    expect(page.data).toMatchObject({ open: false });

    // An evaluator that never declared makes its first declaration in review, then reads the candidates.
    const first = await openPage(w.evaluator2, s, s.candidates.a);
    expect(first.status).toBe(302);
    expect(first.location).toMatch(/\/declaration\?redirectTo=/);
    expect((await declareVia(w.evaluator2, s, { choice: "none" })).status).toBe(302);
    const read = await openPage(w.evaluator2, s, s.candidates.a);
    expect(read.status).toBe(200);
    expect((read.data as PageData).mayScore).toBe(false);

    // A candidate added in review: the outdated declaration stays, and the page is read-only, not a redirect.
    const c = await addCandidate(actorOf(w.buyerAdmin), s.id, partnerC.id);
    const late = await openPage(w.evaluator2, s, c);
    expect(late.status).toBe(200);
    expect((late.data as PageData).mayScore).toBe(false);
    expect((late.data as PageData).seesOthers).toBe(true);
  });
});

describe("one blind rule for the scoring page", () => {
  it("closes the results again when a candidate is added after the evaluator submitted the others", async () => {
    const s = await setUp();
    await declare(actorOf(w.evaluator), { id: s.id }, { conflictCandidateIds: [], note: "" });
    for (const c of [s.candidates.a, s.candidates.b]) {
      await scoreAll(w.evaluator, s, c);
      await submitCandidate(actorOf(w.evaluator), { id: s.id }, c);
    }
    const seen = async () => {
      const viewer = viewerOf(w.evaluator);
      return (await scoringPage(viewer, await evaluationFor(viewer, s.id), s.candidates.a)).seesResults;
    };
    expect(await seen()).toBe(true);
    await addCandidate(actorOf(w.buyerAdmin), s.id, partnerC.id);
    expect(await seen()).toBe(false);
  });

  it("keeps an evaluation cancelled during scoring blind to an evaluator that had not submitted", async () => {
    const s = await setUp();
    for (const u of [w.evaluator, w.evaluator2]) {
      await declare(actorOf(u), { id: s.id }, { conflictCandidateIds: [], note: "" });
    }
    await score(w.evaluator2, s, s.candidates.a, s.counted[0].id, 4);
    await move(s.id, "cancelled");
    const page = (await openPage(w.evaluator, s, s.candidates.a)).data as PageData;
    expect(page.seesOthers).toBe(false);
    expect(page.seesResults).toBe(false);
    expect(JSON.stringify(page)).not.toContain("Because 4.");
    // Viewers do not reach it at all.
    expect((await openPage(w.viewer, s, s.candidates.a)).status).toBe(404);
  });
});
