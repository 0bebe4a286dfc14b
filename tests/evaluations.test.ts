// Setting up evaluations (docs/product.md "Evaluation", "Assigned evaluator", "Access rules", "Triage"): the pages'
// loaders and actions against a real database.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { toDraft } from "../app/domain/checklist-draft";
import {
  blindView,
  type EvaluationStatus,
  mayDeclare,
  reachedReview,
  recordOpen,
} from "../app/domain/evaluation";
import { listWords } from "../app/domain/words";
import { decideEvaluation } from "../app/models/decision.server";
import { getEvaluationChecklist } from "../app/models/evaluation.server";
import {
  addCandidate,
  assignEvaluator,
  unassignEvaluator,
  withdrawCandidate,
} from "../app/models/evaluation-participants.server";
import { reviewGapsOf } from "../app/models/review-gaps.server";
import { getTemplate, saveTemplate } from "../app/models/template.server";
import * as listRoute from "../app/routes/evaluations._index";
import * as viewRoute from "../app/routes/evaluations.$evaluationId._index/route";
import * as checklistRoute from "../app/routes/evaluations.$evaluationId.checklist";
import * as detailsRoute from "../app/routes/evaluations.$evaluationId.details";
import * as triageRoute from "../app/routes/evaluations.$evaluationId.triage";
import * as newRoute from "../app/routes/evaluations.new";
import * as partnerRoute from "../app/routes/partners.$partnerId/route";
import * as templatesRoute from "../app/routes/templates._index";
import { RuleRefused } from "../app/utils/errors.server";
import { getDb } from "../db/client";
import {
  auditEvents,
  candidateSubmissions,
  conflictDeclarations,
  evaluationCandidates,
  evaluationEvaluators,
  evaluations,
  memberships,
  networkMemberships,
  numericValues,
  organisations,
  scores,
} from "../db/schema";
import { checklistForm } from "./checklist-form";
import { createMember, createOrganisation, createWorld, sessionCookie, type TestUser } from "./factories";
import { callAction, callLoader, type Outcome } from "./remix";

type World = Awaited<ReturnType<typeof createWorld>>;
let w: World;
let elite: { id: string };
let select: { id: string };
let third: { id: string };
let otherAdmin: TestUser;

beforeAll(async () => {
  w = await createWorld();
  elite = await createOrganisation("partner", `Elite ${randomUUID().slice(0, 6)}`);
  select = await createOrganisation("partner", `Select ${randomUUID().slice(0, 6)}`);
  third = await createOrganisation("partner", `Third ${randomUUID().slice(0, 6)}`);
  await getDb()
    .insert(networkMemberships)
    .values([
      { organisationId: elite.id, tier: "elite" },
      { organisationId: select.id, tier: "select" },
    ]);
  otherAdmin = await createMember(await createOrganisation("buyer"), "admin");
});

const FUTURE = "2099-12-31";

async function create(fields: Record<string, string> = {}, user: TestUser = w.buyerAdmin): Promise<string> {
  const outcome = await callAction(newRoute.action, {
    path: "/evaluations/new",
    cookie: await sessionCookie(user),
    form: {
      name: "Contact centre agents",
      template: "builtin",
      industry: "Insurance",
      sizeBand: "1k-5k",
      useCases: "customer_service",
      deadlineOn: FUTURE,
      minimumTotal: "60",
      _idempotency: randomUUID(),
      ...fields,
    },
  });
  expect(outcome.status).toBe(302);
  const id = /^\/evaluations\/([0-9a-f-]{36})$/.exec(outcome.location ?? "")?.[1];
  expect(id).toBeDefined();
  return id as string;
}

async function post(evaluationId: string, form: Record<string, string>, user: TestUser = w.buyerAdmin) {
  return callAction(viewRoute.action, {
    path: `/evaluations/${evaluationId}`,
    params: { evaluationId },
    cookie: await sessionCookie(user),
    form,
  });
}

async function view(evaluationId: string, user: TestUser = w.buyerAdmin) {
  return callLoader(viewRoute.loader, {
    path: `/evaluations/${evaluationId}`,
    params: { evaluationId },
    cookie: await sessionCookie(user),
  });
}

type Page = Awaited<ReturnType<typeof viewRoute.loader>>;
const page = (outcome: Outcome) => outcome.data as Page;

async function versionOf(evaluationId: string) {
  const [row] = await getDb()
    .select({ version: evaluations.version, status: evaluations.status })
    .from(evaluations)
    .where(eq(evaluations.id, evaluationId));
  return row;
}

/** A status move; to review confirmed at once (what it asks first is tested on its own, "status rules"). */
async function move(evaluationId: string, to: string, user: TestUser = w.buyerAdmin) {
  const { version } = await versionOf(evaluationId);
  const confirm: Record<string, string> = to === "review" ? { confirm: "yes" } : {};
  return post(evaluationId, { intent: "move", to, version: String(version), ...confirm }, user);
}

async function candidateId(evaluationId: string, partnerId: string) {
  const [row] = await getDb()
    .select({ id: evaluationCandidates.id })
    .from(evaluationCandidates)
    .where(
      and(eq(evaluationCandidates.evaluationId, evaluationId), eq(evaluationCandidates.partnerId, partnerId)),
    );
  return row.id;
}

/** An evaluation in `scoring` with the elite and select partners and both evaluators. */
async function scoringEvaluation() {
  const id = await create();
  for (const partnerId of [elite.id, select.id]) {
    expect((await post(id, { intent: "add-candidate", partnerId })).status).toBe(200);
  }
  for (const person of [w.evaluator, w.evaluator2]) {
    expect((await post(id, { intent: "assign", userId: person.userId })).status).toBe(200);
  }
  expect((await move(id, "scoring")).status).toBe(200);
  return id;
}

/** Scores every positively weighted rated criterion of a candidate, straight into the table. */
async function scoreAll(evaluationId: string, candidate: string, user: TestUser, value: number) {
  const checklist = await getEvaluationChecklist({ id: evaluationId, name: "" });
  const rows = checklist.sections
    .filter((s) => s.weight > 0)
    .flatMap((s) => s.criteria.filter((c) => c.kind === "rated" && c.weight > 0))
    .map((c) => ({
      organisationId: w.buyer.id,
      evaluationId,
      candidateId: candidate,
      criterionId: c.key,
      evaluatorUserId: user.userId,
      value,
      justification: "Seen in the workshop",
    }));
  await getDb().insert(scores).values(rows);
}

async function declareNone(evaluationId: string, user: TestUser) {
  const candidates = await getDb()
    .select({ id: evaluationCandidates.id })
    .from(evaluationCandidates)
    .where(eq(evaluationCandidates.evaluationId, evaluationId));
  await getDb()
    .insert(conflictDeclarations)
    .values({
      organisationId: w.buyer.id,
      evaluationId,
      userId: user.userId,
      coveredCandidateIds: candidates.map((c) => c.id),
      conflictCandidateIds: [],
    });
}

describe("creating an evaluation", () => {
  it("copies the built-in checklist with the context and goes to the evaluation", async () => {
    const id = await create({ specializations: "codex", otherSpecializations: "Voice,  voice , Data" });
    const [row] = await getDb().select().from(evaluations).where(eq(evaluations.id, id));
    expect(row).toMatchObject({
      name: "Contact centre agents",
      status: "draft",
      industry: "Insurance",
      sizeBand: "1k-5k",
      useCases: ["customer_service"],
      requiredSpecializations: ["codex", "Voice", "Data"],
      deadlineOn: FUTURE,
      minimumTotal: 60,
      organisationId: w.buyer.id,
    });
    const checklist = await getEvaluationChecklist(row);
    expect(checklist.sections).toHaveLength(8);
    expect(checklist.sections.flatMap((s) => s.criteria)).toHaveLength(29);
    const audit = await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audit.map((a) => a.action)).toContain("evaluation.created");
  });

  it("creates one evaluation when the same form is sent twice", async () => {
    const key = randomUUID();
    const cookie = await sessionCookie(w.buyerAdmin);
    const form = { name: `Twice ${key}`, template: "builtin", _idempotency: key };
    const first = await callAction(newRoute.action, { path: "/evaluations/new", cookie, form });
    const again = await callAction(newRoute.action, { path: "/evaluations/new", cookie, form });
    expect(again.location).toBe(first.location);
    const rows = await getDb()
      .select()
      .from(evaluations)
      .where(eq(evaluations.name, `Twice ${key}`));
    expect(rows).toHaveLength(1);
  });

  it("answers bad input beside the fields, keeping what was typed", async () => {
    const outcome = await callAction(newRoute.action, {
      path: "/evaluations/new",
      cookie: await sessionCookie(w.buyerAdmin),
      form: {
        name: "",
        template: "builtin",
        deadlineOn: "2001-01-01",
        minimumTotal: "100.5",
        sizeBand: "huge",
        industry: "Banking",
        _idempotency: randomUUID(),
      },
    });
    expect(outcome.status).toBe(400);
    const answer = outcome.data as { errors: Record<string, string>; values: Record<string, string> };
    expect(Object.keys(answer.errors).sort()).toEqual(["deadlineOn", "minimumTotal", "name", "sizeBand"]);
    expect(answer.errors.deadlineOn).toMatch(/past/);
    expect(answer.values.industry).toBe("Banking");
  });

  it("is for admins only, and offers their own templates", async () => {
    const evaluator = await callLoader(newRoute.loader, {
      path: "/evaluations/new",
      cookie: await sessionCookie(w.evaluator),
    });
    expect(evaluator.status).toBe(403);
    const other = await callAction(newRoute.action, {
      path: "/evaluations/new",
      cookie: await sessionCookie(otherAdmin),
      form: { name: "x", template: "builtin", _idempotency: randomUUID() },
    });
    expect(other.status).toBe(302);
  });

  it("keeps the template and the evaluation apart: editing one never changes the other", async () => {
    const copied = await callAction(templatesRoute.action, {
      path: "/templates?index",
      cookie: await sessionCookie(w.buyerAdmin),
      form: { intent: "copy", source: "builtin", name: "Ours", _idempotency: randomUUID() },
    });
    const templateId = /^\/templates\/([0-9a-f-]{36})\/edit$/.exec(copied.location ?? "")?.[1] as string;
    const id = await create({ template: templateId });
    const before = await getEvaluationChecklist({ id, name: "" });

    // The template changes: the evaluation does not.
    const template = await getTemplate(w.buyer.id, templateId);
    const edited = structuredClone(template!.checklist);
    edited.sections[0].weight = 77;
    await saveTemplate(
      { userId: w.buyerAdmin.userId, organisationId: w.buyer.id },
      templateId,
      template!.version,
      edited,
    );
    const after = await getEvaluationChecklist({ id, name: "" });
    expect(after.sections[0].weight).toBe(before.sections[0].weight);

    // The evaluation's checklist changes (in draft): the template does not.
    const draft = toDraft(after);
    draft.sections[1].weight = "42";
    const { version } = await versionOf(id);
    const saved = await callAction(checklistRoute.action, {
      path: `/evaluations/${id}/checklist`,
      params: { evaluationId: id },
      cookie: await sessionCookie(w.buyerAdmin),
      form: checklistForm(draft, { version: String(version) }),
    });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/evaluations/${id}/checklist?saved=1`);
    expect((await getEvaluationChecklist({ id, name: "" })).sections[1].weight).toBe(42);
    expect((await getTemplate(w.buyer.id, templateId))!.checklist.sections[1].weight).toBe(
      before.sections[1].weight,
    );

    // A stale version is refused with the edits kept.
    draft.sections[2].weight = "43";
    const stale = await callAction(checklistRoute.action, {
      path: `/evaluations/${id}/checklist`,
      params: { evaluationId: id },
      cookie: await sessionCookie(w.buyerAdmin),
      form: checklistForm(draft, { version: String(version) }),
    });
    expect(stale.status).toBe(409);
    expect((stale.data as { formError: string }).formError).toMatch(/changed since you opened it/);
  });

  it("shows the checklist to everyone who may see the evaluation, the editor to admins in draft", async () => {
    const id = await scoringEvaluation();
    const read = await callLoader(checklistRoute.loader, {
      path: `/evaluations/${id}/checklist`,
      params: { evaluationId: id },
      cookie: await sessionCookie(w.evaluator),
    });
    expect(read.status).toBe(200);
    expect(read.data).toMatchObject({ editable: false, draft: null });
    const admin = await callLoader(checklistRoute.loader, {
      path: `/evaluations/${id}/checklist?edit`,
      params: { evaluationId: id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(admin.data).toMatchObject({ editable: false, draft: null });
    const refused = await callAction(checklistRoute.action, {
      path: `/evaluations/${id}/checklist`,
      params: { evaluationId: id },
      cookie: await sessionCookie(w.evaluator),
      form: { intent: "save" },
    });
    expect(refused.status).toBe(403);
  });
});

describe("status rules", () => {
  it("asks to confirm a move to review while an evaluator has not submitted, naming who and which candidates", async () => {
    const id = await scoringEvaluation();
    const names = new Map(
      (await getDb().select({ id: organisations.id, name: organisations.name }).from(organisations)).map(
        (o) => [o.id, o.name],
      ),
    );
    const [first, second] = [names.get(elite.id), names.get(select.id)].sort();
    const before = await versionOf(id);
    const ask = () => post(id, { intent: "move", to: "review", version: String(before.version) });
    const asked = await ask();
    expect(asked.status).toBe(200);
    expect((asked.data as { reviewGaps: string[] }).reviewGaps.sort()).toEqual(
      [w.evaluator.name, w.evaluator2.name]
        .map((who) => `${who} has not submitted ${first} and ${second}.`)
        .sort(),
    );
    expect(await versionOf(id)).toEqual(before);

    // One evaluator submits both: only the other is named.
    for (const partnerId of [elite.id, select.id]) {
      await getDb()
        .insert(candidateSubmissions)
        .values({
          organisationId: w.buyer.id,
          evaluationId: id,
          candidateId: await candidateId(id, partnerId),
          evaluatorUserId: w.evaluator.userId,
        });
    }
    expect(((await ask()).data as { reviewGaps: string[] }).reviewGaps).toEqual([
      `${w.evaluator2.name} has not submitted ${first} and ${second}.`,
    ]);

    // Confirmed: it moves.
    const confirmed = await post(id, {
      intent: "move",
      to: "review",
      version: String(before.version),
      confirm: "yes",
    });
    expect(confirmed.status).toBe(200);
    expect((await versionOf(id)).status).toBe("review");
  });

  it("names each counted numeric criterion without a value, and the candidates it lacks", () => {
    const criterion = (key: string, kind: "rated" | "numeric", weight: number) => ({
      key,
      name: key === "rate" ? "Day rate" : key,
      question: "",
      kind,
      weight,
      max: 5,
      rubric: { low: "", middle: "", high: "" },
      knockout: null,
      suggestionRule: null,
      unit: null,
      direction: null,
      profileField: null,
    });
    const checklist = {
      name: "",
      description: "",
      sections: [
        {
          key: "s",
          name: "S",
          description: "",
          weight: 1,
          criteria: [
            criterion("q", "rated", 1),
            criterion("rate", "numeric", 1),
            criterion("off", "numeric", 0),
          ],
        },
      ],
    };
    const candidate = (id: string, name: string, withdrawn = false) => ({
      id,
      name,
      withdrawnAt: withdrawn ? new Date() : null,
    });
    const people = {
      candidates: [
        candidate("a", "Bluegum Digital"),
        candidate("b", "Copperleaf"),
        candidate("c", "Gone", true),
      ],
      evaluators: [{ userId: "u", name: "Tom Whitlock" }],
      // Tom declared a conflict with Copperleaf: he scores Bluegum only.
      declarations: [{ userId: "u", conflictCandidateIds: ["b"] }],
      submissions: [],
    } as unknown as Parameters<typeof reviewGapsOf>[1];
    expect(reviewGapsOf(checklist, people, [{ candidateId: "a", criterionId: "rate" }])).toEqual([
      "Tom Whitlock has not submitted Bluegum Digital.",
      "Day rate missing for Copperleaf.",
    ]);
    expect(listWords(["A", "B", "C"])).toBe("A, B and C");
  });

  it("needs candidates and evaluators to start scoring; only admins move it", async () => {
    const id = await create();
    const empty = await move(id, "scoring");
    expect(empty.status).toBe(409);
    expect((empty.data as { formError: string }).formError).toMatch(/Shortlist at least one partner/);
    await post(id, { intent: "add-candidate", partnerId: elite.id });
    const noEvaluator = await move(id, "scoring");
    expect((noEvaluator.data as { formError: string }).formError).toMatch(/Assign at least one evaluator/);
    await post(id, { intent: "assign", userId: w.evaluator.userId });

    // An assigned evaluator sees the evaluation but may not change it.
    expect((await move(id, "scoring", w.evaluator)).status).toBe(403);
    expect((await post(id, { intent: "add-candidate", partnerId: select.id }, w.evaluator)).status).toBe(403);

    expect((await move(id, "scoring")).status).toBe(200);
    expect((await move(id, "review")).status).toBe(200);
    expect((await move(id, "scoring")).status).toBe(200);
    expect((await versionOf(id)).status).toBe("scoring");

    // A form rendered before the last change is refused.
    const stale = await post(id, { intent: "move", to: "review", version: "1" });
    expect(stale.status).toBe(409);
    expect((stale.data as { formError: string }).formError).toMatch(/changed since you opened it/);

    expect((await move(id, "cancelled")).status).toBe(200);
    expect((await move(id, "scoring")).status).toBe(409);
    const moves = await getDb()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "evaluation.status_changed")));
    expect(moves).toHaveLength(4);
  });

  it("offers the status moves of TRANSITIONS to admins only", async () => {
    const id = await create();
    expect(page(await view(id)).moves.map((m) => m.to)).toEqual(["scoring", "cancelled"]);
    await post(id, { intent: "assign", userId: w.evaluator.userId });
    expect(page(await view(id, w.evaluator)).moves).toEqual([]);
  });
});

describe("candidates", () => {
  it("adds before decided, removes only in draft, withdraws later out of the ranking", async () => {
    const id = await create();
    await post(id, { intent: "add-candidate", partnerId: elite.id });
    await post(id, { intent: "add-candidate", partnerId: third.id });
    const thirdId = await candidateId(id, third.id);
    expect((await post(id, { intent: "remove-candidate", candidateId: thirdId })).status).toBe(200);
    await post(id, { intent: "add-candidate", partnerId: select.id });
    await post(id, { intent: "assign", userId: w.evaluator.userId });
    await move(id, "scoring");

    // Added while scoring; no longer removed, withdrawn instead (with a reason).
    expect((await post(id, { intent: "add-candidate", partnerId: third.id })).status).toBe(200);
    const selectId = await candidateId(id, select.id);
    const removed = await post(id, { intent: "remove-candidate", candidateId: selectId });
    expect(removed.status).toBe(409);
    const noReason = await post(id, { intent: "withdraw-candidate", candidateId: selectId, reason: " " });
    expect(noReason.status).toBe(400);
    expect((noReason.data as { errors: Record<string, string> }).errors.reason).toBeDefined();
    const withdrawn = await post(id, {
      intent: "withdraw-candidate",
      candidateId: selectId,
      reason: "Declined to bid",
    });
    expect(withdrawn.status).toBe(200);

    const d = page(await view(id));
    expect(d.results?.rows.map((r) => r.name)).not.toContain(
      d.candidates.find((c) => c.id === selectId)?.name,
    );
    expect(d.candidates.find((c) => c.id === selectId)).toMatchObject({ withdrawnReason: "Declined to bid" });
    expect(d.candidates.filter((c) => !c.withdrawn)).toHaveLength(2);
    // The select partner can't be shortlisted again: it stays withdrawn in the record.
    expect(d.addable.map((p) => p.id)).not.toContain(select.id);
  });

  it("adds from the partner page for buyer admins", async () => {
    const id = await create({ name: "From the profile" });
    const loaded = await callLoader(partnerRoute.loader, {
      path: `/partners/${third.id}`,
      params: { partnerId: third.id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    const open = (loaded.data as { openEvaluations: { id: string }[] }).openEvaluations;
    expect(open.map((e) => e.id)).toContain(id);
    const added = await callAction(partnerRoute.action, {
      path: `/partners/${third.id}`,
      params: { partnerId: third.id },
      cookie: await sessionCookie(w.buyerAdmin),
      form: { intent: "add-to-evaluation", evaluationId: id },
    });
    expect(added.status).toBe(200);
    expect(await candidateId(id, third.id)).toBeDefined();
    const again = await callLoader(partnerRoute.loader, {
      path: `/partners/${third.id}`,
      params: { partnerId: third.id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(
      (again.data as { openEvaluations: { id: string }[] }).openEvaluations.map((e) => e.id),
    ).not.toContain(id);
    // Another buyer's admin cannot reach this evaluation; evaluators get no form.
    const foreign = await callAction(partnerRoute.action, {
      path: `/partners/${third.id}`,
      params: { partnerId: third.id },
      cookie: await sessionCookie(otherAdmin),
      form: { intent: "add-to-evaluation", evaluationId: id },
    });
    expect(foreign.status).toBe(404);
    const evaluator = await callLoader(partnerRoute.loader, {
      path: `/partners/${third.id}`,
      params: { partnerId: third.id },
      cookie: await sessionCookie(w.evaluator),
    });
    expect((evaluator.data as { openEvaluations: unknown }).openEvaluations).toBeNull();
  });
});

describe("evaluators", () => {
  it("assigns admins and evaluators, never viewers", async () => {
    const id = await create();
    const viewerAssigned = await post(id, { intent: "assign", userId: w.viewer.userId });
    expect(viewerAssigned.status).toBe(409);
    expect((await post(id, { intent: "assign", userId: w.buyerAdmin.userId })).status).toBe(200);
    const d = page(await view(id));
    expect(d.evaluators.map((e) => e.userId)).toEqual([w.buyerAdmin.userId]);
    expect(d.assignable.map((m) => m.userId).sort()).toEqual(
      [w.evaluator.userId, w.evaluator2.userId].sort(),
    );
    expect(d.me).not.toBeNull();
  });

  it("takes an unassigned evaluator's scores out of the results and brings them back on reassignment", async () => {
    const id = await scoringEvaluation();
    const eliteId = await candidateId(id, elite.id);
    await scoreAll(id, eliteId, w.evaluator, 5);
    await scoreAll(id, eliteId, w.evaluator2, 1);
    const total = async () =>
      page(await view(id)).results?.rows.find((r) => r.candidateId === eliteId)?.total;
    expect(await total()).toBe("60.0");
    expect((await post(id, { intent: "unassign", userId: w.evaluator2.userId })).status).toBe(200);
    expect(await total()).toBe("100.0");
    expect(page(await view(id)).evaluators.map((e) => e.userId)).toEqual([w.evaluator.userId]);
    expect((await post(id, { intent: "assign", userId: w.evaluator2.userId })).status).toBe(200);
    expect(await total()).toBe("60.0");
  });

  it("shows each evaluator's progress and declaration", async () => {
    const id = await scoringEvaluation();
    const eliteId = await candidateId(id, elite.id);
    await declareNone(id, w.evaluator);
    await scoreAll(id, eliteId, w.evaluator, 3);
    await getDb().insert(candidateSubmissions).values({
      organisationId: w.buyer.id,
      evaluationId: id,
      candidateId: eliteId,
      evaluatorUserId: w.evaluator.userId,
    });
    const d = page(await view(id));
    const one = d.evaluators.find((e) => e.userId === w.evaluator.userId);
    const two = d.evaluators.find((e) => e.userId === w.evaluator2.userId);
    expect(one).toMatchObject({ scored: 28, ofCriteria: 56, submitted: 1, ofCandidates: 2 });
    expect(one?.declaration?.state).toBe("clear");
    expect(two?.declaration?.state).toBe("none");
    // Only admins see the declarations.
    const seen = page(await view(id, w.evaluator));
    expect(seen.evaluators.every((e) => e.declaration === null)).toBe(true);
    expect(seen.evaluators.find((e) => e.userId === w.evaluator.userId)?.declared).toBe(true);
  });
});

describe("clone", () => {
  it("makes a new draft with the checklist, candidates and evaluators, once per form", async () => {
    const id = await scoringEvaluation();
    const key = randomUUID();
    const first = await post(id, { intent: "clone", _idempotency: key });
    expect(first.status).toBe(302);
    const again = await post(id, { intent: "clone", _idempotency: key });
    expect(again.location).toBe(first.location);
    const copyId = first.location?.split("/").pop() as string;
    const d = page(await view(copyId));
    expect(d.evaluation.status).toBe("draft");
    expect(d.evaluation.name).toMatch(/\(copy\)$/);
    expect(d.candidates).toHaveLength(2);
    expect(d.evaluators).toHaveLength(2);
    expect(d.checklist).toHaveLength(8);
    expect((await post(copyId, { intent: "clone", _idempotency: randomUUID() }, w.evaluator)).status).toBe(
      403,
    );
  });
});

describe("access", () => {
  it("hides evaluations from other buyers, unassigned evaluators and viewers before review", async () => {
    const id = await create();
    expect((await view(id, otherAdmin)).status).toBe(404);
    expect((await post(id, { intent: "move", to: "cancelled", version: "1" }, otherAdmin)).status).toBe(404);
    expect((await view(id, w.evaluator2)).status).toBe(404);
    expect((await view(id, w.viewer)).status).toBe(404);
    expect((await view(id, w.partnerAdmin)).status).toBe(404);
    for (const route of [checklistRoute, triageRoute]) {
      const outcome = await callLoader(route.loader, {
        path: `/evaluations/${id}/x`,
        params: { evaluationId: id },
        cookie: await sessionCookie(w.evaluator2),
      });
      expect(outcome.status).toBe(404);
    }
    await post(id, { intent: "add-candidate", partnerId: elite.id });
    await post(id, { intent: "assign", userId: w.evaluator.userId });
    await move(id, "scoring");
    expect((await view(id, w.viewer)).status).toBe(404);
    await move(id, "review");
    const seen = await view(id, w.viewer);
    expect(seen.status).toBe(200);
    expect(page(seen).results).not.toBeNull();
    expect((await move(id, "cancelled", w.viewer)).status).toBe(403);

    // The list follows the same rule.
    const list = async (user: TestUser) =>
      (
        (await callLoader(listRoute.loader, { path: "/evaluations", cookie: await sessionCookie(user) }))
          .data as { evaluations: { id: string }[] }
      ).evaluations.map((e) => e.id);
    expect(await list(w.viewer)).toContain(id);
    expect(await list(w.evaluator)).toContain(id);
    expect(await list(w.evaluator2)).not.toContain(id);
    expect(await list(otherAdmin)).not.toContain(id);
  });

  it("keeps triage to admins", async () => {
    const id = await create();
    await post(id, { intent: "assign", userId: w.evaluator.userId });
    const outcome = await callLoader(triageRoute.loader, {
      path: `/evaluations/${id}/triage`,
      params: { evaluationId: id },
      cookie: await sessionCookie(w.evaluator),
    });
    expect(outcome.status).toBe(403);
  });
});

describe("triage", () => {
  it("ranks the directory by the suggestions: an elite partner above a select one", async () => {
    const id = await create();
    await post(id, { intent: "add-candidate", partnerId: select.id });
    const outcome = await callLoader(triageRoute.loader, {
      path: `/evaluations/${id}/triage`,
      params: { evaluationId: id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(outcome.status).toBe(200);
    const d = outcome.data as Awaited<ReturnType<typeof triageRoute.loader>>;
    const ids = d.rows.map((r) => r.partnerId);
    expect(ids.indexOf(elite.id)).toBeLessThan(ids.indexOf(select.id));
    const eliteRow = d.rows.find((r) => r.partnerId === elite.id);
    expect(eliteRow?.reasons.find((r) => r.reason === "Elite tier")?.score).toBe("5 of 5");
    expect(d.rows.find((r) => r.partnerId === select.id)?.shortlisted).toBe("active");
    expect(eliteRow?.shortlisted).toBeNull();

    const added = await callAction(triageRoute.action, {
      path: `/evaluations/${id}/triage`,
      params: { evaluationId: id },
      cookie: await sessionCookie(w.buyerAdmin),
      form: { intent: "add-selected", partnerId: elite.id, version: String(d.version) },
    });
    expect(added.status).toBe(200);
    expect(await candidateId(id, elite.id)).toBeDefined();
  });
});

describe("results and the blind rule", () => {
  it("shows an evaluator the results only once it submitted every candidate it may score", async () => {
    const id = await scoringEvaluation();
    const eliteId = await candidateId(id, elite.id);
    const selectId = await candidateId(id, select.id);
    await declareNone(id, w.evaluator);
    await scoreAll(id, eliteId, w.evaluator, 4);
    await scoreAll(id, selectId, w.evaluator, 2);

    // The admin sees everything.
    const admin = page(await view(id));
    expect(admin.results?.final).toBe(true);
    expect(admin.results?.rows.map((r) => r.candidateId)).toEqual([eliteId, selectId]);
    expect(admin.results?.rows[0]).toMatchObject({ rank: 1, completeness: "100%", coverage: "50%" });

    const submit = (candidate: string) =>
      getDb().insert(candidateSubmissions).values({
        organisationId: w.buyer.id,
        evaluationId: id,
        candidateId: candidate,
        evaluatorUserId: w.evaluator.userId,
      });
    expect(page(await view(id, w.evaluator)).results).toBeNull();
    await submit(eliteId);
    expect(page(await view(id, w.evaluator)).results).toBeNull();
    await submit(selectId);
    const seen = page(await view(id, w.evaluator));
    expect(seen.results?.rows).toHaveLength(2);
    expect(seen.me?.candidates.map((c) => c.submitted)).toEqual([true, true]);
    // The other evaluator has submitted nothing: still blind.
    expect(page(await view(id, w.evaluator2)).results).toBeNull();
    expect(page(await view(id, w.evaluator2)).me?.needsDeclaration).toBe(true);
  });
});

describe("the blind rule and reaching review, as pure rules", () => {
  const inScoring = { status: "scoring" as const, reachedReviewAt: null };
  const view = (
    role: "admin" | "evaluator" | "viewer",
    evaluation: { status: EvaluationStatus; reachedReviewAt: Date | null },
    declaration: { conflictCandidateIds: string[] } | undefined,
    submitted: string[],
    active = ["a", "b"],
  ) =>
    blindView({ role, evaluation, declaration, activeCandidateIds: active, submitted: new Set(submitted) });

  it("counts an evaluation as reached review from its first move there, whatever happens after", () => {
    expect(reachedReview(inScoring)).toBe(false);
    expect(reachedReview({ status: "cancelled", reachedReviewAt: null })).toBe(false);
    expect(reachedReview({ status: "cancelled", reachedReviewAt: new Date() })).toBe(true);
    expect(reachedReview({ status: "scoring", reachedReviewAt: new Date() })).toBe(true);
    expect(reachedReview({ status: "review", reachedReviewAt: null })).toBe(true);
    // Back in scoring after review: open, as its comparison is to viewers.
    expect(recordOpen({ status: "scoring", reachedReviewAt: new Date() })).toBe(true);
    expect(recordOpen({ status: "scoring", reachedReviewAt: null })).toBe(false);
    expect(recordOpen({ status: "cancelled", reachedReviewAt: null })).toBe(false);
    expect(recordOpen({ status: "cancelled", reachedReviewAt: new Date() })).toBe(true);
  });

  it("opens the results to an evaluator once every candidate it may score is submitted, none included", () => {
    const none = { conflictCandidateIds: [] };
    expect(view("evaluator", inScoring, none, ["a"]).seesResults).toBe(false);
    expect(view("evaluator", inScoring, none, ["a", "b"]).seesResults).toBe(true);
    // Conflicted with b: a alone is enough.
    expect(view("evaluator", inScoring, { conflictCandidateIds: ["b"] }, ["a"]).seesResults).toBe(true);
    // Conflicted with every candidate: it has submitted every one it may score.
    expect(view("evaluator", inScoring, { conflictCandidateIds: ["a", "b"] }, []).seesResults).toBe(true);
    // A candidate added after its declaration still has to be scored: the results close again.
    expect(view("evaluator", inScoring, none, ["a", "b"], ["a", "b", "c"]).seesResults).toBe(false);
    expect(view("evaluator", inScoring, none, ["a"]).seesOthersFor("a")).toBe(true);
    expect(view("evaluator", inScoring, none, ["a"]).seesOthersFor("b")).toBe(false);
  });

  it("keeps an evaluation cancelled during scoring as blind as it was, and opens one cancelled after review", () => {
    const cancelledEarly = { status: "cancelled" as const, reachedReviewAt: null };
    const cancelledLate = { status: "cancelled" as const, reachedReviewAt: new Date() };
    const none = { conflictCandidateIds: [] };
    expect(view("evaluator", cancelledEarly, none, []).seesResults).toBe(false);
    expect(view("evaluator", cancelledEarly, none, []).seesOthersFor("a")).toBe(false);
    expect(view("viewer", cancelledEarly, undefined, []).seesResults).toBe(false);
    expect(view("evaluator", cancelledLate, none, []).seesResults).toBe(true);
    expect(view("viewer", cancelledLate, undefined, []).seesResults).toBe(true);
    expect(view("admin", cancelledEarly, undefined, []).seesResults).toBe(true);
  });

  it("shows an evaluator nothing before its first declaration while it may still make one", () => {
    const review = { status: "review" as const, reachedReviewAt: new Date() };
    expect(view("evaluator", review, undefined, []).seesResults).toBe(false);
    expect(view("evaluator", review, { conflictCandidateIds: [] }, []).seesResults).toBe(true);
    expect(view("admin", review, undefined, []).seesResults).toBe(true);
    expect(mayDeclare("scoring", true)).toBe(true);
    expect(mayDeclare("review", false)).toBe(true);
    expect(mayDeclare("review", true)).toBe(false);
    expect(mayDeclare("cancelled", false)).toBe(false);
  });
});

async function milestone(id: string) {
  const [row] = await getDb()
    .select({ status: evaluations.status, reachedReviewAt: evaluations.reachedReviewAt })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  return row;
}

const listed = async (user: TestUser) =>
  (
    (await callLoader(listRoute.loader, { path: "/evaluations", cookie: await sessionCookie(user) }))
      .data as {
      evaluations: { id: string }[];
    }
  ).evaluations.map((e) => e.id);

describe("an evaluation that reached review", () => {
  it("is remembered from the first move to review, kept when back in scoring and when cancelled", async () => {
    const id = await scoringEvaluation();
    expect((await milestone(id)).reachedReviewAt).toBeNull();
    await move(id, "review");
    const first = (await milestone(id)).reachedReviewAt;
    expect(first).toBeInstanceOf(Date);
    await move(id, "scoring");
    await move(id, "review");
    expect((await milestone(id)).reachedReviewAt).toEqual(first);
    await move(id, "cancelled");
    expect(await milestone(id)).toEqual({ status: "cancelled", reachedReviewAt: first });
    // Viewers still see it, with its results.
    const seen = await view(id, w.viewer);
    expect(seen.status).toBe(200);
    expect(page(seen).results).not.toBeNull();
    expect(await listed(w.viewer)).toContain(id);
  });

  it("stays closed to viewers and blind to unsubmitted evaluators when cancelled during scoring", async () => {
    const id = await scoringEvaluation();
    const eliteId = await candidateId(id, elite.id);
    await declareNone(id, w.evaluator);
    await scoreAll(id, eliteId, w.evaluator, 4);
    await move(id, "cancelled");
    expect(await milestone(id)).toEqual({ status: "cancelled", reachedReviewAt: null });
    expect((await view(id, w.viewer)).status).toBe(404);
    expect(await listed(w.viewer)).not.toContain(id);
    const evaluator = page(await view(id, w.evaluator));
    expect(evaluator.results).toBeNull();
    expect(evaluator.canExport).toBe(false);
    // The admin still sees everything, and the record stays closed (it never reached review).
    const admin = page(await view(id));
    expect(admin.results).not.toBeNull();
    expect(admin.canExport).toBe(false);
  });
});

describe("one blind rule for the evaluation page", () => {
  it("opens the results to an evaluator conflicted with every candidate while scoring", async () => {
    const id = await scoringEvaluation();
    const ids = [await candidateId(id, elite.id), await candidateId(id, select.id)];
    await getDb().insert(conflictDeclarations).values({
      organisationId: w.buyer.id,
      evaluationId: id,
      userId: w.evaluator.userId,
      coveredCandidateIds: ids,
      conflictCandidateIds: ids,
      note: "I advise both.",
    });
    const d = page(await view(id, w.evaluator));
    expect(d.me?.candidates).toEqual([]);
    expect(d.results).not.toBeNull();
  });

  it("hides the candidates and the results from an assigned evaluator until it declares, in review too", async () => {
    const id = await scoringEvaluation();
    const before = page(await view(id, w.evaluator));
    expect(before.declareFirst).toBe(true);
    expect(before.candidates).toEqual([]);
    expect(before.me?.needsDeclaration).toBe(true);
    await move(id, "review");
    const inReview = page(await view(id, w.evaluator));
    expect(inReview.candidates).toEqual([]);
    expect(inReview.results).toBeNull();
    // Viewers and admins see them; the evaluator once it has declared.
    expect(page(await view(id, w.viewer)).candidates).toHaveLength(2);
    await declareNone(id, w.evaluator);
    const after = page(await view(id, w.evaluator));
    expect(after.declareFirst).toBe(false);
    expect(after.candidates).toHaveLength(2);
    expect(after.results?.rows).toHaveLength(2);
  });
});

describe("editing a draft's checklist", () => {
  it("keeps the numeric values of what it keeps: rename, reorder and remove in one save", async () => {
    const id = await create();
    await post(id, { intent: "add-candidate", partnerId: elite.id });
    const eliteId = await candidateId(id, elite.id);
    const before = await getEvaluationChecklist({ id, name: "" });
    const commercials = before.sections.find((s) => s.criteria.some((c) => c.kind === "numeric"))!;
    const dayRate = commercials.criteria.find((c) => c.kind === "numeric")!;
    await getDb().insert(numericValues).values({
      organisationId: w.buyer.id,
      evaluationId: id,
      candidateId: eliteId,
      criterionId: dayRate.key,
      value: 1450,
    });

    const draft = toDraft(before);
    const last = draft.sections.length - 1;
    draft.sections[last].name = "Commercials and pricing";
    const criterionIndex = draft.sections[last].criteria.findIndex((c) => c.key === dayRate.key);
    draft.sections[last].criteria[criterionIndex].name = "Blended day rate (AUD)";
    // The first two sections swap places; the second criterion of the first section goes.
    [draft.sections[0], draft.sections[1]] = [draft.sections[1], draft.sections[0]];
    const removed = draft.sections[1].criteria[1].key;
    draft.sections[1].criteria.splice(1, 1);
    const saved = await callAction(checklistRoute.action, {
      path: `/evaluations/${id}/checklist`,
      params: { evaluationId: id },
      cookie: await sessionCookie(w.buyerAdmin),
      form: checklistForm(draft, { version: String((await versionOf(id)).version) }),
    });
    expect(saved.status).toBe(302);

    const after = await getEvaluationChecklist({ id, name: "" });
    expect(after.sections.map((s) => s.key)).toEqual([
      before.sections[1].key,
      before.sections[0].key,
      ...before.sections.slice(2).map((s) => s.key),
    ]);
    expect(after.sections.at(-1)?.name).toBe("Commercials and pricing");
    const renamed = after.sections.flatMap((s) => s.criteria).find((c) => c.key === dayRate.key);
    expect(renamed?.name).toBe("Blended day rate (AUD)");
    expect(after.sections.flatMap((s) => s.criteria).map((c) => c.key)).not.toContain(removed);
    expect(after.sections.flatMap((s) => s.criteria)).toHaveLength(28);
    const values = await getDb().select().from(numericValues).where(eq(numericValues.evaluationId, id));
    expect(values.map((v) => [v.criterionId, v.value])).toEqual([[dayRate.key, 1450]]);
  });
});

describe("clone, once people and candidates changed", () => {
  it("copies current admins and evaluators and active candidates, no scores, and lists them in its event", async () => {
    const demoted = await createMember(w.buyer, "evaluator");
    const removed = await createMember(w.buyer, "evaluator");
    const id = await create({ name: "Decided then cloned" });
    for (const partnerId of [elite.id, select.id, third.id]) {
      await post(id, { intent: "add-candidate", partnerId });
    }
    for (const person of [w.evaluator, demoted, removed, w.buyerAdmin]) {
      await post(id, { intent: "assign", userId: person.userId });
    }
    await move(id, "scoring");
    const [eliteId, thirdId] = [await candidateId(id, elite.id), await candidateId(id, third.id)];
    await post(id, { intent: "withdraw-candidate", candidateId: thirdId, reason: "Declined to bid" });
    await declareNone(id, w.evaluator);
    await scoreAll(id, eliteId, w.evaluator, 4);
    await move(id, "review");
    await decideEvaluation(
      { userId: w.buyerAdmin.userId, organisationId: w.buyer.id, name: w.buyerAdmin.name },
      { organisationId: w.buyer.id, name: "Buyer", timeZone: "UTC" },
      id,
      {
        chosen: [eliteId],
        rationale: "Strongest references.",
        overrides: {},
        acknowledged: true,
        version: (await versionOf(id)).version,
      },
    );
    // Since the decision: one evaluator demoted to viewer, one removed from the organisation.
    await getDb()
      .update(memberships)
      .set({ role: "viewer" })
      .where(and(eq(memberships.userId, demoted.userId), eq(memberships.organisationId, w.buyer.id)));
    await getDb()
      .delete(memberships)
      .where(and(eq(memberships.userId, removed.userId), eq(memberships.organisationId, w.buyer.id)));

    const cloned = await post(id, { intent: "clone", _idempotency: randomUUID() });
    expect(cloned.status).toBe(302);
    const copyId = cloned.location?.split("/").pop() as string;
    const copied = await getDb()
      .select({ userId: evaluationEvaluators.userId, active: evaluationEvaluators.active })
      .from(evaluationEvaluators)
      .where(eq(evaluationEvaluators.evaluationId, copyId));
    expect(copied.map((e) => e.userId).sort()).toEqual([w.evaluator.userId, w.buyerAdmin.userId].sort());
    const d = page(await view(copyId));
    expect(d.evaluation.status).toBe("draft");
    expect(d.candidates.map((c) => c.partnerId).sort()).toEqual([elite.id, select.id].sort());
    for (const table of [scores, conflictDeclarations, candidateSubmissions]) {
      expect(await getDb().select().from(table).where(eq(table.evaluationId, copyId))).toEqual([]);
    }
    const [event] = await getDb()
      .select({ after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, copyId), eq(auditEvents.action, "evaluation.cloned")));
    const after = event.after as {
      clonedFromId: string;
      candidates: { partnerId: string }[];
      evaluators: { userId: string }[];
    };
    expect(after.clonedFromId).toBe(id);
    expect(after.candidates.map((c) => c.partnerId).sort()).toEqual([elite.id, select.id].sort());
    expect(after.evaluators.map((e) => e.userId).sort()).toEqual(
      [w.evaluator.userId, w.buyerAdmin.userId].sort(),
    );
  });
});

describe("the rules of setting up, in the model", () => {
  const admin = () => ({ userId: w.buyerAdmin.userId, organisationId: w.buyer.id });
  const refusal = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      return error;
    }
    throw new Error("expected a refusal");
  };
  const events = async (id: string, action: string) =>
    getDb()
      .select({ before: auditEvents.before, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, action)));

  it("records the context, deadline and minimum total in the created event", async () => {
    const id = await create({ name: "Audited context", specializations: "codex" });
    const [created] = await events(id, "evaluation.created");
    expect(created.after).toMatchObject({
      name: "Audited context",
      industry: "Insurance",
      sizeBand: "1k-5k",
      useCases: ["customer_service"],
      requiredSpecializations: ["codex"],
      deadlineOn: FUTURE,
      minimumTotal: 60,
    });
  });

  it("refuses withdrawing in draft, and adding once decided or cancelled", async () => {
    const id = await create();
    const candidate = await addCandidate(admin(), id, elite.id);
    const draftWithdraw = await refusal(() => withdrawCandidate(admin(), id, candidate, "No longer bidding"));
    expect(draftWithdraw).toBeInstanceOf(RuleRefused);
    expect((draftWithdraw as Error).message).toMatch(/remove the candidate instead/);
    await move(id, "cancelled");
    expect(await refusal(() => addCandidate(admin(), id, select.id))).toBeInstanceOf(RuleRefused);

    const decidedId = await scoringEvaluation();
    const eliteId = await candidateId(decidedId, elite.id);
    await move(decidedId, "review");
    await decideEvaluation(
      { userId: w.buyerAdmin.userId, organisationId: w.buyer.id, name: w.buyerAdmin.name },
      { organisationId: w.buyer.id, name: "Buyer", timeZone: "UTC" },
      decidedId,
      {
        chosen: [eliteId],
        rationale: "Chosen.",
        overrides: { [eliteId]: "Not scored in this test." },
        acknowledged: true,
        version: (await versionOf(decidedId)).version,
      },
    );
    const late = await refusal(() => addCandidate(admin(), decidedId, third.id));
    expect((late as Error).message).toMatch(/decided/);
    const viaPage = await post(decidedId, { intent: "add-candidate", partnerId: third.id });
    expect(viaPage.status).toBe(409);
  });

  it("writes one event per assignment change: none for assigning someone already assigned", async () => {
    const id = await create();
    await assignEvaluator(admin(), id, w.evaluator.userId);
    const version = (await versionOf(id)).version;
    await assignEvaluator(admin(), id, w.evaluator.userId);
    expect((await versionOf(id)).version).toBe(version);
    expect(await events(id, "evaluation.evaluator_assigned")).toHaveLength(1);
    await unassignEvaluator(admin(), id, w.evaluator.userId);
    const [unassigned] = await events(id, "evaluation.evaluator_unassigned");
    expect(unassigned.before).toMatchObject({ userId: w.evaluator.userId, name: w.evaluator.name });
    await assignEvaluator(admin(), id, w.evaluator.userId);
    expect(await events(id, "evaluation.evaluator_assigned")).toHaveLength(2);
  });
});

describe("a draft's details", () => {
  const detailsPath = (id: string) => `/evaluations/${id}/details`;
  const form = async (id: string, fields: Record<string, string> = {}) => ({
    name: "Renamed evaluation",
    industry: "Retail",
    sizeBand: "5k-20k",
    useCases: "knowledge_search",
    otherSpecializations: "Voice",
    deadlineOn: "2099-06-30",
    minimumTotal: "55.5",
    version: String((await versionOf(id)).version),
    ...fields,
  });
  const save = async (id: string, body: Record<string, string>, user: TestUser = w.buyerAdmin) =>
    callAction(detailsRoute.action, {
      path: detailsPath(id),
      params: { evaluationId: id },
      cookie: await sessionCookie(user),
      form: body,
    });

  it("are edited by admins in draft, audited with before and after", async () => {
    const id = await create({ name: "Before the edit" });
    const loaded = await callLoader(detailsRoute.loader, {
      path: detailsPath(id),
      params: { evaluationId: id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(loaded.status).toBe(200);
    expect((loaded.data as { stored: { values: Record<string, string> } }).stored.values).toMatchObject({
      name: "Before the edit",
      deadlineOn: FUTURE,
      minimumTotal: "60",
    });
    const saved = await save(id, await form(id));
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/evaluations/${id}?details=saved`);
    const [row] = await getDb().select().from(evaluations).where(eq(evaluations.id, id));
    expect(row).toMatchObject({
      name: "Renamed evaluation",
      industry: "Retail",
      sizeBand: "5k-20k",
      useCases: ["knowledge_search"],
      requiredSpecializations: ["Voice"],
      deadlineOn: "2099-06-30",
      minimumTotal: 55.5,
    });
    const [event] = await getDb()
      .select({ before: auditEvents.before, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "evaluation.updated")));
    expect(event.before).toMatchObject({ name: "Before the edit", minimumTotal: 60 });
    expect(event.after).toMatchObject({ name: "Renamed evaluation", minimumTotal: 55.5 });
    // The same form again changes nothing.
    const again = await save(id, await form(id));
    expect(again.location).toBe(`/evaluations/${id}?details=unchanged`);
  });

  it("answers bad input beside the fields and a stale form with what is saved now, changing nothing", async () => {
    const id = await create({ name: "Checked details" });
    const bad = await save(id, await form(id, { name: " ", deadlineOn: "2001-01-01", minimumTotal: "101" }));
    expect(bad.status).toBe(400);
    const failure = bad.data as { errors: Record<string, string>; values: Record<string, string> };
    expect(Object.keys(failure.errors).sort()).toEqual(["deadlineOn", "minimumTotal", "name"]);
    expect(failure.values.industry).toBe("Retail");

    const stale = await form(id);
    await save(id, await form(id, { name: "Someone else's name" }));
    const refused = await save(id, stale);
    expect(refused.status).toBe(409);
    expect((refused.data as { formError: string }).formError).toMatch(/name: Someone else's name/);
    expect((refused.data as { values: Record<string, string> }).values.name).toBe("Renamed evaluation");
    const [row] = await getDb().select().from(evaluations).where(eq(evaluations.id, id));
    expect(row.name).toBe("Someone else's name");
  });

  it("belong to admins, and only while the evaluation is a draft", async () => {
    const id = await scoringEvaluation();
    const evaluator = await callLoader(detailsRoute.loader, {
      path: detailsPath(id),
      params: { evaluationId: id },
      cookie: await sessionCookie(w.evaluator),
    });
    expect(evaluator.status).toBe(403);
    expect((await save(id, await form(id), w.evaluator)).status).toBe(403);
    const loaded = await callLoader(detailsRoute.loader, {
      path: detailsPath(id),
      params: { evaluationId: id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(loaded.status).toBe(302);
    const refused = await save(id, await form(id));
    expect(refused.status).toBe(409);
    expect((refused.data as { formError: string }).formError).toMatch(/only while the evaluation is a draft/);
    expect(page(await view(id)).can.editDetails).toBe(false);
    expect((await save(id, await form(id), otherAdmin)).status).toBe(404);
  });
});
