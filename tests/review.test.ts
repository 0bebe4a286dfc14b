// Numeric values and consensus scores (docs/product.md "numeric" criteria, "Consensus score", "Scoring method" rules 1
// and 7, "Nothing lost"): the model, the two pages and the results, against a real database.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import type { Checklist } from "../app/domain/checklist";
import { ConsensusConflict, clearConsensus, setConsensus } from "../app/models/consensus.server";
import { declare } from "../app/models/declarations.server";
import { getEvaluationChecklist, loadEvaluationPeople, loadScores } from "../app/models/evaluation.server";
import {
  addCandidate,
  assignEvaluator,
  withdrawCandidate,
} from "../app/models/evaluation-participants.server";
import { createEvaluation, moveStatus } from "../app/models/evaluation-setup.server";
import {
  clearNumericValue,
  copyFromProfile,
  NumericValueConflict,
  parseAmount,
  setNumericValue,
} from "../app/models/numeric-values.server";
import { evaluationResults } from "../app/models/results.server";
import { saveScore } from "../app/models/scores.server";
import * as evaluationRoute from "../app/routes/evaluations.$evaluationId._index/route";
import * as scoringRoute from "../app/routes/evaluations.$evaluationId.candidates.$candidateId/route";
import * as consensusRoute from "../app/routes/evaluations.$evaluationId.consensus/route";
import * as valuesRoute from "../app/routes/evaluations.$evaluationId.values/route";
import { accessFailureAnswer, InputError, RuleRefused } from "../app/utils/errors.server";
import { getDb, setQueryListener } from "../db/client";
import {
  auditEvents,
  consensusScores,
  evaluations,
  evidence,
  evidenceVerifications,
  evidenceVersions,
  numericValues,
  supportTerms,
} from "../db/schema";
import { createMember, createOrganisation, createWorld, sessionCookie, type TestUser } from "./factories";
import { callAction, callLoader } from "./remix";

type World = Awaited<ReturnType<typeof createWorld>>;
type Org = Awaited<ReturnType<typeof createOrganisation>>;
let w: World;
let partnerB: Org;
let partnerC: Org;
let foreignAdmin: TestUser;

beforeAll(async () => {
  w = await createWorld();
  partnerB = await createOrganisation("partner", `Bravo ${randomUUID().slice(0, 6)}`);
  partnerC = await createOrganisation("partner", `Charlie ${randomUUID().slice(0, 6)}`);
  const otherBuyer = await createOrganisation("buyer");
  foreignAdmin = await createMember(otherBuyer, "admin");
});

const admin = () => ({
  userId: w.buyerAdmin.userId,
  organisationId: w.buyerAdmin.organisationId,
  role: "admin" as const,
});
const as = (u: TestUser) => ({ userId: u.userId, organisationId: u.organisationId, role: u.role });

/** The built-in checklist with Commercials switched on (10) and a P1 response criterion taken from profiles. */
const CHECKLIST: Checklist = {
  ...BUILT_IN_CHECKLIST,
  sections: BUILT_IN_CHECKLIST.sections.map((s) =>
    s.name === "Commercials"
      ? {
          ...s,
          weight: 10,
          criteria: [
            ...s.criteria,
            {
              ...s.criteria[0],
              key: "commercials.p1_response",
              name: "P1 response time",
              question: "How fast does the partner respond to a P1 incident?",
              unit: "minutes",
              direction: "lower" as const,
              profileField: "p1_response_minutes" as const,
            },
          ],
        }
      : s,
  ),
};

interface Setup {
  id: string;
  a: string;
  b: string;
  c: string;
  dayRate: string;
  p1: string;
  /** A positively weighted rated criterion (the first) and its maximum. */
  rated: { id: string; max: number };
}

async function setUp(): Promise<Setup> {
  const { id } = await getDb().transaction((tx) =>
    createEvaluation(
      tx,
      admin(),
      {
        name: "Claims automation partner",
        industry: "Insurance",
        sizeBand: "1k-5k",
        useCases: ["document_processing"],
        requiredSpecializations: [],
        deadlineOn: null,
        minimumTotal: null,
      },
      CHECKLIST,
      CHECKLIST.name,
    ),
  );
  const a = await addCandidate(admin(), id, w.partner.id);
  const b = await addCandidate(admin(), id, partnerB.id);
  const c = await addCandidate(admin(), id, partnerC.id);
  await assignEvaluator(admin(), id, w.evaluator.userId);
  await assignEvaluator(admin(), id, w.evaluator2.userId);
  const checklist = await getEvaluationChecklist({ id, name: "" });
  const all = checklist.sections.flatMap((s) => s.criteria.map((c) => ({ ...c, sectionWeight: s.weight })));
  const rated = all.find((c) => c.kind === "rated" && c.weight > 0 && c.sectionWeight > 0)!;
  return {
    id,
    a,
    b,
    c,
    dayRate: all.find((c) => c.name === "Blended day rate")!.key,
    p1: all.find((c) => c.name === "P1 response time")!.key,
    rated: { id: rated.key, max: rated.max },
  };
}

async function evaluationRow(id: string) {
  const [row] = await getDb().select().from(evaluations).where(eq(evaluations.id, id));
  return row;
}

async function move(id: string, to: "scoring" | "review" | "cancelled") {
  const row = await evaluationRow(id);
  await moveStatus(admin(), id, row.version, to);
}

async function results(s: Setup) {
  const evaluation = await evaluationRow(s.id);
  const [checklist, people, scores] = await Promise.all([
    getEvaluationChecklist(evaluation),
    loadEvaluationPeople(s.id, w.buyer.id),
    loadScores(s.id),
  ]);
  return evaluationResults({ evaluation, checklist, people, scores, buyerOrganisationId: w.buyer.id });
}

async function criterionOf(s: Setup, candidateId: string, criterionId: string) {
  const r = await results(s);
  const candidate = r.candidates.find((c) => c.candidateId === candidateId);
  return candidate?.criteria.find((c) => c.criterionId === criterionId);
}

async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

/** The status a refusal answers with, as the server turns it into a page (a model's NotFound is the 404). */
const statusOf = (error: unknown) =>
  (accessFailureAnswer(error) as { init?: { status?: number } })?.init?.status;

async function auditOf(evaluationId: string, action: string) {
  return getDb()
    .select({ before: auditEvents.before, after: auditEvents.after, actorUserId: auditEvents.actorUserId })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, evaluationId), eq(auditEvents.action, action)))
    .orderBy(auditEvents.id);
}

async function setValue(s: Setup, candidateId: string, value: number, version: number | null = null) {
  return setNumericValue(admin(), { id: s.id }, { candidateId, criterionId: s.dayRate, value }, version);
}

const valuesPath = (s: Setup) => `/evaluations/${s.id}/values`;
const consensusPath = (s: Setup) => `/evaluations/${s.id}/consensus`;

async function openValues(user: TestUser, s: Setup) {
  return callLoader(valuesRoute.loader, {
    path: valuesPath(s),
    params: { evaluationId: s.id },
    cookie: await sessionCookie(user),
  });
}

async function postValues(user: TestUser, s: Setup, form: Record<string, string>) {
  return callAction(valuesRoute.action, {
    path: valuesPath(s),
    params: { evaluationId: s.id },
    cookie: await sessionCookie(user),
    form,
  });
}

async function openConsensus(user: TestUser, s: Setup, query = "") {
  return callLoader(consensusRoute.loader, {
    path: consensusPath(s) + query,
    params: { evaluationId: s.id },
    cookie: await sessionCookie(user),
  });
}

async function postConsensus(user: TestUser, s: Setup, form: Record<string, string>, query = "") {
  return callAction(consensusRoute.action, {
    path: consensusPath(s) + query,
    params: { evaluationId: s.id },
    cookie: await sessionCookie(user),
    form,
  });
}

type ValuesData = Awaited<ReturnType<typeof valuesRoute.loader>>;
type ConsensusData = Awaited<ReturnType<typeof consensusRoute.loader>>;
/** The criteria the consensus page lists, candidate by candidate, section by section. */
const itemsOf = (page: ConsensusData) => page.candidates.flatMap((c) => c.sections.flatMap((x) => x.items));
type ScoringData = Awaited<ReturnType<typeof scoringRoute.loader>>;
type EvaluationData = Awaited<ReturnType<typeof evaluationRoute.loader>>;

/** Both evaluators declare no conflict and score the rated criterion `low` and `high` for candidate A. */
async function disagree(s: Setup, low: number, high: number) {
  const evaluation = await evaluationRow(s.id);
  for (const [user, value] of [
    [w.evaluator, low],
    [w.evaluator2, high],
  ] as const) {
    await declare(as(user), evaluation, { conflictCandidateIds: [], note: "" });
    await saveScore(
      as(user),
      evaluation,
      {
        candidateId: s.a,
        criterionId: s.rated.id,
        value,
        justification: `${user.name} says ${value}.`,
        citedVersionIds: [],
        acceptedSuggestion: null,
      },
      null,
    );
  }
}

describe("numeric values", () => {
  it("are entered by admins only, greater than 0, on numeric criteria of candidates not withdrawn", async () => {
    const s = await setUp();
    expect(
      statusOf(
        await rejection(() =>
          setNumericValue(
            as(w.evaluator),
            { id: s.id },
            { candidateId: s.a, criterionId: s.dayRate, value: 900 },
            null,
          ),
        ),
      ),
    ).toBe(403);
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2e9, undefined]) {
      const error = await rejection(() => setValue(s, s.a, bad as number));
      expect(error).toBeInstanceOf(InputError);
    }
    const rated = await rejection(() =>
      setNumericValue(admin(), { id: s.id }, { candidateId: s.a, criterionId: s.rated.id, value: 3 }, null),
    );
    expect(rated).toBeInstanceOf(RuleRefused);
    // Another buyer's admin cannot reach it: a 404.
    expect(
      statusOf(
        await rejection(() =>
          setNumericValue(
            as(foreignAdmin),
            { id: s.id },
            { candidateId: s.a, criterionId: s.dayRate, value: 900 },
            null,
          ),
        ),
      ),
    ).toBe(404);

    // Through the page: a bad value comes back beside its field, with what was typed.
    const refused = await postValues(w.buyerAdmin, s, {
      intent: "set",
      candidateId: s.a,
      criterionId: s.dayRate,
      value: "0",
      _idempotency: randomUUID(),
      _js: "1",
    });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({
      cell: `${s.a}:${s.dayRate}`,
      errors: { value: expect.stringMatching(/greater than 0/) },
    });
    const typed = await postValues(w.buyerAdmin, s, {
      intent: "set",
      candidateId: s.a,
      criterionId: s.dayRate,
      value: "1,200",
      _idempotency: randomUUID(),
    });
    expect(typed.status).toBe(302);
    const [row] = await getDb().select().from(numericValues).where(eq(numericValues.candidateId, s.a));
    expect(row).toMatchObject({ value: 1200, version: 1, profileField: null, copiedAt: null });

    // Withdrawn candidates keep their value, unchanged.
    await move(s.id, "scoring");
    await withdrawCandidate(admin(), s.id, s.c, "Declined to bid.");
    expect(await rejection(() => setValue(s, s.c, 500))).toBeInstanceOf(RuleRefused);

    // Only admins open the page; another buyer gets a 404.
    expect((await openValues(w.buyerAdmin, s)).status).toBe(200);
    expect((await openValues(w.evaluator, s)).status).toBe(403);
    expect((await openValues(foreignAdmin, s)).status).toBe(404);
    expect(
      (
        await postValues(w.evaluator, s, {
          intent: "set",
          candidateId: s.a,
          criterionId: s.dayRate,
          value: "1",
        })
      ).status,
    ).toBe(403);
  });

  it("score by the ratio rule against the best among candidates not withdrawn; a missing value is flagged", async () => {
    const s = await setUp();
    await setValue(s, s.a, 1000);
    await setValue(s, s.b, 1250);
    await setValue(s, s.c, 800);
    await move(s.id, "scoring");
    let b = await criterionOf(s, s.b, s.dayRate);
    expect(b?.derivation).toMatchObject({ rule: "ratio", value: 1250, best: 800 });
    expect(b?.score).toBeCloseTo((5 * 800) / 1250, 12);

    // C withdrawn: out of every best.
    await withdrawCandidate(admin(), s.id, s.c, "Declined to bid.");
    b = await criterionOf(s, s.b, s.dayRate);
    expect(b?.derivation).toMatchObject({ rule: "ratio", best: 1000 });
    expect(b?.score).toBeCloseTo(4, 12);
    expect((await criterionOf(s, s.a, s.dayRate))?.score).toBeCloseTo(5, 12);

    // No P1 value for anyone: unscored, and the pages say so.
    expect((await criterionOf(s, s.a, s.p1))?.score).toBeUndefined();
    const page = (await openValues(w.buyerAdmin, s)).data as ValuesData;
    const dayRate = page.criteria.find((c) => c.key === s.dayRate)!;
    expect(dayRate.best).toBe("1,000");
    expect(dayRate.share).not.toBeNull();
    const cellOf = (id: string) => dayRate.cells.find((x) => x.candidateId === id)!;
    expect(cellOf(s.a)).toMatchObject({ display: "1,000", score: "5.0", isBest: true });
    expect(cellOf(s.b)).toMatchObject({ display: "1,250", score: "4.0", isBest: false });
    expect(cellOf(s.c)).toMatchObject({ withdrawn: true, display: "800", isBest: false, score: null });
    const p1 = page.criteria.find((c) => c.key === s.p1)!;
    expect(p1.best).toBeNull();
    expect(p1.cells.every((x) => x.display === null && x.score === null)).toBe(true);

    // The scoring page shows the value, the best and the score, or flags the missing value.
    await declare(as(w.evaluator), await evaluationRow(s.id), { conflictCandidateIds: [], note: "" });
    const scoring = await callLoader(scoringRoute.loader, {
      path: `/evaluations/${s.id}/candidates/${s.b}`,
      params: { evaluationId: s.id, candidateId: s.b },
      cookie: await sessionCookie(w.evaluator),
    });
    expect(scoring.status).toBe(200);
    const criteria = (scoring.data as ScoringData).sections.flatMap((x) => x.criteria);
    expect(criteria.find((c) => c.key === s.dayRate)?.numeric).toMatchObject({
      value: "1,250",
      best: "1,000",
      score: "4.0",
      unit: "USD per day",
      counts: true,
    });
    expect(criteria.find((c) => c.key === s.p1)?.numeric).toMatchObject({ value: null, score: null });
  });

  it("are taken from the profile's support terms, refreshed on demand, and back evidence confidence when verified", async () => {
    const s = await setUp();
    await getDb().insert(supportTerms).values({
      organisationId: w.partner.id,
      supportHours: "24x7",
      p1ResponseMinutes: 30,
      p1ResolutionHours: 8,
      warrantyDays: 90,
      maintenanceModel: "partner_run",
    });
    const first = await copyFromProfile(admin(), { id: s.id }, s.a, s.p1, null);
    expect(first).toMatchObject({ value: 30, version: 1 });
    const [row] = await getDb().select().from(numericValues).where(eq(numericValues.candidateId, s.a));
    expect(row).toMatchObject({ value: 30, profileField: "p1_response_minutes" });
    expect(row.copiedAt).toBeInstanceOf(Date);

    // No claim: said as is.
    const none = await rejection(() => copyFromProfile(admin(), { id: s.id }, s.b, s.p1, null));
    expect(none).toBeInstanceOf(RuleRefused);
    expect((none as Error).message).toMatch(/no support terms/);
    const viaPage = await postValues(w.buyerAdmin, s, {
      intent: "copy",
      candidateId: s.b,
      criterionId: s.p1,
      _idempotency: randomUUID(),
      _js: "1",
    });
    expect(viaPage.status).toBe(409);
    expect((viaPage.data as { formError: string }).formError).toMatch(/no support terms/);
    // A criterion without a profile field cannot be copied.
    expect(
      await rejection(() => copyFromProfile(admin(), { id: s.id }, s.a, s.dayRate, null)),
    ).toBeInstanceOf(RuleRefused);

    // The profile changes: the page says so; refreshing copies again.
    await getDb()
      .update(supportTerms)
      .set({ p1ResponseMinutes: 45 })
      .where(eq(supportTerms.organisationId, w.partner.id));
    let page = (await openValues(w.buyerAdmin, s)).data as ValuesData;
    let cell = page.criteria.find((c) => c.key === s.p1)!.cells.find((x) => x.candidateId === s.a)!;
    expect(cell.profile).toEqual({ state: "claim", value: "45", differs: true });
    expect(cell.copiedAt).not.toBeNull();
    const refreshed = await postValues(w.buyerAdmin, s, {
      intent: "copy",
      candidateId: s.a,
      criterionId: s.p1,
      version: "1",
      _idempotency: randomUUID(),
      _js: "1",
    });
    expect(refreshed.status).toBe(200);
    page = (await openValues(w.buyerAdmin, s)).data as ValuesData;
    cell = page.criteria.find((c) => c.key === s.p1)!.cells.find((x) => x.candidateId === s.a)!;
    expect(cell).toMatchObject({ display: "45", version: 2, profile: { differs: false } });
    const copied = await auditOf(s.id, "numeric_value.copied");
    expect(copied).toHaveLength(2);
    expect(copied[1].before).toMatchObject({ value: 30, profileField: "p1_response_minutes" });
    expect(copied[1].after).toMatchObject({ value: 45, criterion: "P1 response time", candidateId: s.a });

    // Not verified yet: no evidence confidence from it.
    expect((await criterionOf(s, s.a, s.p1))?.evidenceBacked).toBe(false);
    // The support claim's evidence, verified by this buyer (current version): the copied value is backed.
    const [e] = await getDb()
      .insert(evidence)
      .values({ organisationId: w.partner.id, claimKind: "support", title: "Support SLA", kind: "link" })
      .returning({ id: evidence.id });
    const [v] = await getDb()
      .insert(evidenceVersions)
      .values({ evidenceId: e.id, organisationId: w.partner.id, number: 1, url: "https://example.com/sla" })
      .returning({ id: evidenceVersions.id });
    await getDb().update(evidence).set({ currentVersionId: v.id }).where(eq(evidence.id, e.id));
    await getDb().insert(evidenceVerifications).values({
      versionId: v.id,
      buyerOrganisationId: w.buyer.id,
      status: "verified",
      userId: w.buyerAdmin.userId,
    });
    expect((await criterionOf(s, s.a, s.p1))?.evidenceBacked).toBe(true);
    // Dated evidence counts for nothing.
    await getDb().update(evidence).set({ effectiveTo: "2020-01-01" }).where(eq(evidence.id, e.id));
    expect((await criterionOf(s, s.a, s.p1))?.evidenceBacked).toBe(false);
    await getDb().update(evidence).set({ effectiveTo: null }).where(eq(evidence.id, e.id));
    // A typed value is no longer the profile's.
    await setNumericValue(admin(), { id: s.id }, { candidateId: s.a, criterionId: s.p1, value: 45 }, 2);
    expect((await criterionOf(s, s.a, s.p1))?.evidenceBacked).toBe(false);
  });

  it("are version-checked, audited, cleared, and closed once the evaluation is cancelled", async () => {
    const s = await setUp();
    const created = await setValue(s, s.a, 1000);
    expect(created).toEqual({ version: 1, changed: true });
    // The same value again changes nothing (a resubmitted form).
    expect(await setValue(s, s.a, 1000, null)).toEqual({ version: 1, changed: false });
    // A second create, or a stale version, is a conflict carrying what is stored.
    const twice = await rejection(() => setValue(s, s.a, 1100, null));
    expect(twice).toBeInstanceOf(NumericValueConflict);
    expect((twice as NumericValueConflict).current).toMatchObject({ value: 1000, version: 1 });
    await setValue(s, s.a, 1100, 1);
    const stale = await rejection(() => setValue(s, s.a, 1200, 1));
    expect((stale as NumericValueConflict).current).toMatchObject({ value: 1100, version: 2 });
    const viaPage = await postValues(w.buyerAdmin, s, {
      intent: "set",
      candidateId: s.a,
      criterionId: s.dayRate,
      value: "1300",
      version: "1",
      _js: "1",
    });
    expect(viaPage.status).toBe(409);
    expect(viaPage.data).toMatchObject({ conflict: { value: "1,100", version: 2 } });

    const set = await auditOf(s.id, "numeric_value.set");
    expect(set).toHaveLength(2);
    expect(set[0].before).toBeNull();
    expect(set[1]).toMatchObject({ before: { value: 1000 }, after: { value: 1100, unit: "USD per day" } });

    expect(
      await rejection(() =>
        clearNumericValue(admin(), { id: s.id }, { candidateId: s.a, criterionId: s.dayRate }, 1),
      ),
    ).toBeInstanceOf(NumericValueConflict);
    expect(
      await clearNumericValue(admin(), { id: s.id }, { candidateId: s.a, criterionId: s.dayRate }, 2),
    ).toEqual({ changed: true });
    expect(
      await getDb().select().from(numericValues).where(eq(numericValues.evaluationId, s.id)),
    ).toHaveLength(0);
    const [cleared] = await auditOf(s.id, "numeric_value.cleared");
    expect(cleared.before).toMatchObject({ value: 1100 });

    await move(s.id, "cancelled");
    expect(await rejection(() => setValue(s, s.a, 900))).toBeInstanceOf(RuleRefused);
    const page = (await openValues(w.buyerAdmin, s)).data as ValuesData;
    expect(page.editable).toBe(false);
  });
});

describe("consensus scores", () => {
  it("are set by admins only, only in review, 0 to the maximum with one decimal, with a rationale", async () => {
    const s = await setUp();
    await move(s.id, "scoring");
    await disagree(s, 1, 5);
    const input = {
      candidateId: s.a,
      criterionId: s.rated.id,
      value: 3,
      rationale: "Panel agreed: partial evidence.",
    };
    expect(await rejection(() => setConsensus(admin(), { id: s.id }, input, null))).toBeInstanceOf(
      RuleRefused,
    );
    await move(s.id, "review");
    expect(statusOf(await rejection(() => setConsensus(as(w.evaluator), { id: s.id }, input, null)))).toBe(
      403,
    );
    expect(statusOf(await rejection(() => setConsensus(as(foreignAdmin), { id: s.id }, input, null)))).toBe(
      404,
    );
    for (const value of [-1, s.rated.max + 0.1, 2.55, Number.NaN, undefined]) {
      const error = await rejection(() => setConsensus(admin(), { id: s.id }, { ...input, value }, null));
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).errors.value).toMatch(/one decimal/);
    }
    const noRationale = await rejection(() =>
      setConsensus(admin(), { id: s.id }, { ...input, rationale: "  " }, null),
    );
    expect((noRationale as InputError).errors.rationale).toMatch(/required/);
    // Numeric criteria take no consensus.
    expect(
      await rejection(() => setConsensus(admin(), { id: s.id }, { ...input, criterionId: s.dayRate }, null)),
    ).toBeInstanceOf(RuleRefused);

    // Through the page: "3.55" is refused beside its field, "0" and the maximum are fine.
    const refused = await postConsensus(w.buyerAdmin, s, {
      intent: "set",
      candidateId: s.a,
      criterionId: s.rated.id,
      value: "3.55",
      rationale: "x",
      _idempotency: randomUUID(),
      _js: "1",
    });
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: Record<string, string> }).errors.value).toMatch(/one decimal/);
    expect((await openConsensus(w.evaluator, s)).status).toBe(403);
    expect((await openConsensus(w.viewer, s)).status).toBe(403);
    expect((await openConsensus(foreignAdmin, s)).status).toBe(404);
    expect(
      (
        await postConsensus(w.evaluator, s, {
          intent: "set",
          candidateId: s.a,
          criterionId: s.rated.id,
          value: "3",
          rationale: "x",
        })
      ).status,
    ).toBe(403);
    const ok = await postConsensus(w.buyerAdmin, s, {
      intent: "set",
      candidateId: s.a,
      criterionId: s.rated.id,
      value: "0",
      rationale: "Nothing shown.",
      _idempotency: randomUUID(),
    });
    expect(ok.status).toBe(302);
  });

  it("replace the mean at once, keep the originals visible, survive a return to scoring, and are audited", async () => {
    const s = await setUp();
    await move(s.id, "scoring");
    await disagree(s, 1, 5);
    await move(s.id, "review");
    let c = await criterionOf(s, s.a, s.rated.id);
    expect(c).toMatchObject({ score: 3, disagreement: true, spread: 4, derivation: { rule: "mean" } });

    // By default the page lists the disagreements only, with every evaluator's score and justification.
    let page = (await openConsensus(w.buyerAdmin, s)).data as ConsensusData;
    expect(page.editable).toBe(true);
    expect(page.scope).toBe("disagreements");
    expect(page.counts.disagreements).toBe(1);
    expect(itemsOf(page)).toHaveLength(1);
    const [first] = itemsOf(page);
    expect(first).toMatchObject({
      candidateId: s.a,
      criterionId: s.rated.id,
      disagreement: true,
      mean: "3.0",
      consensus: null,
    });
    expect(first.scores.map((x) => x.value).sort()).toEqual([1, 5]);
    expect(first.scores.map((x) => x.justification).sort()).toEqual(
      [`${w.evaluator.name} says 1.`, `${w.evaluator2.name} says 5.`].sort(),
    );

    const saved = await postConsensus(w.buyerAdmin, s, {
      intent: "set",
      candidateId: s.a,
      criterionId: s.rated.id,
      value: "2.5",
      rationale: "Two references, one unconfirmed.",
      _idempotency: randomUUID(),
      _js: "1",
    });
    expect(saved.status).toBe(200);
    c = await criterionOf(s, s.a, s.rated.id);
    expect(c).toMatchObject({ score: 2.5, derivation: { rule: "consensus", consensus: 2.5 } });
    expect((c?.derivation as { scores?: unknown[] } | undefined)?.scores).toHaveLength(2);
    page = (await openConsensus(w.buyerAdmin, s)).data as ConsensusData;
    expect(itemsOf(page)[0]).toMatchObject({
      mean: "3.0",
      consensus: { value: "2.5", rationale: "Two references, one unconfirmed.", version: 1 },
    });
    expect(itemsOf(page)[0].scores).toHaveLength(2);
    expect(page.counts.agreed).toBe(1);

    // The evaluators see it beside their scores (review: not blind).
    const scoring = await callLoader(scoringRoute.loader, {
      path: `/evaluations/${s.id}/candidates/${s.a}`,
      params: { evaluationId: s.id, candidateId: s.a },
      cookie: await sessionCookie(w.evaluator),
    });
    const criterion = (scoring.data as ScoringData).sections
      .flatMap((x) => x.criteria)
      .find((x) => x.key === s.rated.id);
    expect(criterion?.consensus).toMatchObject({
      value: "2.5",
      rationale: "Two references, one unconfirmed.",
    });
    expect(criterion?.others).toHaveLength(1);
    expect(criterion?.own?.value).toBe(1);

    // Back to scoring: it stays, read-only, and still counts.
    await move(s.id, "scoring");
    c = await criterionOf(s, s.a, s.rated.id);
    expect(c?.score).toBe(2.5);
    expect(
      await rejection(() =>
        clearConsensus(admin(), { id: s.id }, { candidateId: s.a, criterionId: s.rated.id }, 1),
      ),
    ).toBeInstanceOf(RuleRefused);
    page = (await openConsensus(w.buyerAdmin, s)).data as ConsensusData;
    expect(page.editable).toBe(false);
    expect(itemsOf(page)[0].consensus?.value).toBe("2.5");

    // Stale versions conflict; clearing brings the mean back.
    await move(s.id, "review");
    await setConsensus(
      admin(),
      { id: s.id },
      { candidateId: s.a, criterionId: s.rated.id, value: 2, rationale: "Revisited." },
      1,
    );
    const stale = await rejection(() =>
      setConsensus(
        admin(),
        { id: s.id },
        { candidateId: s.a, criterionId: s.rated.id, value: 4, rationale: "Other tab." },
        1,
      ),
    );
    expect(stale).toBeInstanceOf(ConsensusConflict);
    expect((stale as ConsensusConflict).current).toMatchObject({
      value: 2,
      rationale: "Revisited.",
      version: 2,
    });
    const staleViaPage = await postConsensus(w.buyerAdmin, s, {
      intent: "set",
      candidateId: s.a,
      criterionId: s.rated.id,
      value: "4",
      rationale: "Other tab.",
      version: "1",
      _js: "1",
    });
    expect(staleViaPage.status).toBe(409);
    expect(staleViaPage.data).toMatchObject({ conflict: { value: "2.0", version: 2 } });
    const cleared = await postConsensus(w.buyerAdmin, s, {
      intent: "clear",
      candidateId: s.a,
      criterionId: s.rated.id,
      version: "2",
      _js: "1",
    });
    expect(cleared.status).toBe(200);
    expect((await criterionOf(s, s.a, s.rated.id))?.score).toBe(3);

    const sets = await auditOf(s.id, "consensus.set");
    expect(sets).toHaveLength(2);
    expect(sets[0].before).toBeNull();
    expect(sets[0].after).toMatchObject({
      value: 2.5,
      rationale: "Two references, one unconfirmed.",
      candidateId: s.a,
    });
    expect(sets[1]).toMatchObject({ before: { value: 2.5 }, after: { value: 2, rationale: "Revisited." } });
    const [clearedEvent] = await auditOf(s.id, "consensus.cleared");
    expect(clearedEvent).toMatchObject({
      before: { value: 2, rationale: "Revisited." },
      actorUserId: w.buyerAdmin.userId,
    });
  });

  it("a database fault on the audit insert leaves nothing behind and answers with a message, not an error page", async () => {
    const s = await setUp();
    await move(s.id, "scoring");
    await disagree(s, 0, 4);
    await move(s.id, "review");
    const db = getDb();
    await db.execute(
      sql.raw(`create or replace function test_refuse_consensus_audit() returns trigger language plpgsql as $$
        begin
          if new.action = 'consensus.set' then raise exception 'injected fault'; end if;
          return new;
        end $$`),
    );
    await db.execute(
      sql.raw(
        "create trigger test_refuse_consensus_audit before insert on audit_events for each row execute function test_refuse_consensus_audit()",
      ),
    );
    try {
      const answer = await postConsensus(w.buyerAdmin, s, {
        intent: "set",
        candidateId: s.a,
        criterionId: s.rated.id,
        value: "2",
        rationale: "Agreed in the panel.",
        _idempotency: randomUUID(),
        _js: "1",
      });
      expect(answer.status).toBe(503);
      expect(answer.data).toMatchObject({
        cell: `${s.a}:${s.rated.id}`,
        formError: "Could not save: nothing was changed. Try again.",
        values: { value: "2", rationale: "Agreed in the panel." },
      });
      expect(
        await db.select().from(consensusScores).where(eq(consensusScores.evaluationId, s.id)),
      ).toHaveLength(0);
      expect(await auditOf(s.id, "consensus.set")).toHaveLength(0);
    } finally {
      await db.execute(sql.raw("drop trigger if exists test_refuse_consensus_audit on audit_events"));
      await db.execute(sql.raw("drop function if exists test_refuse_consensus_audit()"));
    }
    // Once the fault is gone, the same form saves.
    const again = await postConsensus(w.buyerAdmin, s, {
      intent: "set",
      candidateId: s.a,
      criterionId: s.rated.id,
      value: "2",
      rationale: "Agreed in the panel.",
      _idempotency: randomUUID(),
      _js: "1",
    });
    expect(again.status).toBe(200);
    expect((await criterionOf(s, s.a, s.rated.id))?.score).toBe(2);
  });
});

describe("amounts as people type them", () => {
  it.each([
    ["1200", 1200],
    [" 1200 ", 1200],
    ["1,200", 1200],
    ["1,200.50", 1200.5],
    ["12,345,678", 12345678],
    ["1 200", 1200],
    ["1\u00a0200.5", 1200.5],
    ["95.5", 95.5],
    ["0.75", 0.75],
    ["999", 999],
  ])("reads %j as %d", (raw, value) => {
    expect(parseAmount(raw)).toBe(value);
  });

  it.each([
    "1.200,50",
    "1,2",
    "12,34",
    "1,2000",
    ",200",
    "1,,200",
    "1,200,",
    "1200,50",
    "1 2",
    "1, 200",
    "1,200 000",
    "1.2.3",
    "-5",
    "1e3",
    "",
    "abc",
    "$1200",
  ])("refuses %j", (raw) => {
    expect(parseAmount(raw)).toBeUndefined();
  });

  it("reads back every amount written with thousands grouped, and refuses commas that group anything else", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 0, max: 99 }),
        (whole, cents) => {
          const value = whole + cents / 100;
          const grouped = value.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
          expect(parseAmount(grouped)).toBeCloseTo(value, 9);
          expect(parseAmount(grouped.replaceAll(",", ""))).toBeCloseTo(value, 9);
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9]\d{0,2}$/),
        fc.stringMatching(/^(\d{1,2}|\d{4,6})$/),
        (head, group) => {
          // A comma followed by other than three digits: a decimal comma or a typo, never a thousands group.
          expect(parseAmount(`${head},${group}`)).toBeUndefined();
          expect(parseAmount(`${head}.${group},00`)).toBeUndefined();
        },
      ),
    );
  });

  it("says so beside the field and keeps what was typed", async () => {
    const s = await setUp();
    for (const typed of ["1.200,50", "1,2"]) {
      const refused = await postValues(w.buyerAdmin, s, {
        intent: "set",
        candidateId: s.a,
        criterionId: s.dayRate,
        value: typed,
        _idempotency: randomUUID(),
        _js: "1",
      });
      expect(refused.status).toBe(400);
      expect(refused.data).toMatchObject({
        errors: { value: expect.stringMatching(/commas only between thousands/) },
        values: { value: typed },
      });
    }
    expect(
      await getDb().select().from(numericValues).where(eq(numericValues.evaluationId, s.id)),
    ).toHaveLength(0);
  });
});

describe("stale tabs and replayed forms", () => {
  async function withTerms(partnerId: string, minutes: number) {
    await getDb()
      .insert(supportTerms)
      .values({
        organisationId: partnerId,
        supportHours: "24x7",
        p1ResponseMinutes: minutes,
        p1ResolutionHours: 8,
        warrantyDays: 90,
        maintenanceModel: "partner_run",
      })
      .onConflictDoUpdate({ target: supportTerms.organisationId, set: { p1ResponseMinutes: minutes } });
  }

  async function p1Row(s: Setup, candidateId: string) {
    const [row] = await getDb()
      .select()
      .from(numericValues)
      .where(and(eq(numericValues.candidateId, candidateId), eq(numericValues.criterionId, s.p1)));
    return row;
  }

  it("a refresh from a stale page conflicts with another admin's value instead of overwriting it", async () => {
    const s = await setUp();
    await withTerms(partnerB.id, 30);
    // Both admins' pages are drawn with the value copied at version 1.
    await copyFromProfile(admin(), { id: s.id }, s.b, s.p1, null);
    const otherAdmin = await createMember(w.buyer, "admin");
    // The other admin types 20 minutes (agreed in a call): version 2.
    await setNumericValue(
      as(otherAdmin),
      { id: s.id },
      { candidateId: s.b, criterionId: s.p1, value: 20 },
      1,
    );

    const stale = await rejection(() => copyFromProfile(admin(), { id: s.id }, s.b, s.p1, 1));
    expect(stale).toBeInstanceOf(NumericValueConflict);
    expect((stale as NumericValueConflict).current).toMatchObject({ value: 20, version: 2, copiedAt: null });
    // A tab drawn before any value existed conflicts too.
    expect(await rejection(() => copyFromProfile(admin(), { id: s.id }, s.b, s.p1, null))).toBeInstanceOf(
      NumericValueConflict,
    );

    // Through the page: the form's version travels with the button, and the conflict is shown like a save's.
    const viaPage = await postValues(w.buyerAdmin, s, {
      intent: "copy",
      candidateId: s.b,
      criterionId: s.p1,
      version: "1",
      _idempotency: randomUUID(),
      _js: "1",
    });
    expect(viaPage.status).toBe(409);
    expect(viaPage.data).toMatchObject({
      cell: `${s.b}:${s.p1}`,
      conflict: { value: "20", version: 2, fromProfile: false },
      values: { intent: "copy" },
    });
    expect(await p1Row(s, s.b)).toMatchObject({ value: 20, version: 2, profileField: null });
    expect(await auditOf(s.id, "numeric_value.copied")).toHaveLength(1);

    // Drawn again (version 2), the refresh goes through.
    const fresh = await postValues(w.buyerAdmin, s, {
      intent: "copy",
      candidateId: s.b,
      criterionId: s.p1,
      version: "2",
      _idempotency: randomUUID(),
      _js: "1",
    });
    expect(fresh.status).toBe(200);
    expect(await p1Row(s, s.b)).toMatchObject({ value: 30, version: 3, profileField: "p1_response_minutes" });
  });

  it("a replayed create or copy changes nothing and answers like the first time, never a conflict", async () => {
    const s = await setUp();
    await withTerms(partnerC.id, 45);
    const create = {
      intent: "set",
      candidateId: s.a,
      criterionId: s.dayRate,
      value: "1,150",
      _idempotency: randomUUID(),
    };
    const first = await postValues(w.buyerAdmin, s, create);
    expect(first.status).toBe(302);
    // The same rendered form again (a double click, a resubmission after Back), with and without JavaScript.
    const again = await postValues(w.buyerAdmin, s, create);
    expect(again).toMatchObject({ status: 302, location: first.location });
    expect((await postValues(w.buyerAdmin, s, { ...create, _js: "1" })).status).toBe(200);
    // Even after someone changed it since, the replay leaves the newer value alone.
    await setValue(s, s.a, 1180, 1);
    expect((await postValues(w.buyerAdmin, s, create)).status).toBe(302);
    const rows = await getDb().select().from(numericValues).where(eq(numericValues.evaluationId, s.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ value: 1180, version: 2 });
    expect(await auditOf(s.id, "numeric_value.set")).toHaveLength(2);

    const copy = {
      intent: "copy",
      candidateId: s.c,
      criterionId: s.p1,
      _idempotency: randomUUID(),
      _js: "1",
    };
    expect((await postValues(w.buyerAdmin, s, copy)).status).toBe(200);
    const replayed = await postValues(w.buyerAdmin, s, copy);
    expect(replayed.status).toBe(200);
    expect(replayed.data).toMatchObject({ ok: true });
    expect(await p1Row(s, s.c)).toMatchObject({ value: 45, version: 1 });
    expect(await auditOf(s.id, "numeric_value.copied")).toHaveLength(1);
    // A refresh (from version 1) replayed after it went through is not its own conflict either.
    const refresh = { ...copy, version: "1", _idempotency: randomUUID() };
    expect((await postValues(w.buyerAdmin, s, refresh)).status).toBe(200);
    expect((await postValues(w.buyerAdmin, s, refresh)).status).toBe(200);
    expect(await p1Row(s, s.c)).toMatchObject({ version: 2 });
    expect(await auditOf(s.id, "numeric_value.copied")).toHaveLength(2);

    // A create without the form's key is refused, changing nothing.
    const keyless = await postValues(w.buyerAdmin, s, {
      intent: "set",
      candidateId: s.b,
      criterionId: s.dayRate,
      value: "990",
      _js: "1",
    });
    expect(keyless.status).toBe(400);
    expect((keyless.data as { formError: string }).formError).toMatch(/expired/);
    expect(await getDb().select().from(numericValues).where(eq(numericValues.candidateId, s.b))).toHaveLength(
      0,
    );
  });

  it("a replayed consensus creates one score and one audit event, and answers no conflict", async () => {
    const s = await setUp();
    await move(s.id, "scoring");
    await disagree(s, 1, 5);
    await move(s.id, "review");
    const form = {
      intent: "set",
      candidateId: s.a,
      criterionId: s.rated.id,
      value: "3",
      rationale: "Agreed after the reference call.",
      _idempotency: randomUUID(),
    };
    const first = await postConsensus(w.buyerAdmin, s, form);
    expect(first.status).toBe(302);
    const again = await postConsensus(w.buyerAdmin, s, form);
    expect(again).toMatchObject({ status: 302, location: first.location });
    expect((await postConsensus(w.buyerAdmin, s, { ...form, _js: "1" })).status).toBe(200);
    expect(
      await getDb().select().from(consensusScores).where(eq(consensusScores.evaluationId, s.id)),
    ).toHaveLength(1);
    expect(await auditOf(s.id, "consensus.set")).toHaveLength(1);
  });
});

describe("consensus for any rated criterion", () => {
  it("lists every rated cell on 'All criteria', grouped by candidate and section, and the disagreements by default, with their counts", async () => {
    const s = await setUp();
    await move(s.id, "scoring");
    await disagree(s, 1, 5);
    // One agreeing pair on another criterion of candidate B.
    const evaluation = await evaluationRow(s.id);
    const checklist = await getEvaluationChecklist(evaluation);
    const counted = checklist.sections
      .filter((x) => x.weight > 0)
      .flatMap((x) => x.criteria.filter((c) => c.kind === "rated" && c.weight > 0));
    const other = counted[1];
    for (const user of [w.evaluator, w.evaluator2]) {
      await saveScore(
        as(user),
        evaluation,
        {
          candidateId: s.b,
          criterionId: other.key,
          value: 3,
          justification: "Solid.",
          citedVersionIds: [],
          acceptedSuggestion: null,
        },
        null,
      );
    }
    await move(s.id, "review");
    const all = (await openConsensus(w.buyerAdmin, s, "?show=all")).data as ConsensusData;
    // Every counted rated criterion of every candidate in the ranking (three candidates), one group each, in the
    // ranking's order, and within it the checklist's sections and criteria in their order.
    expect(all.scope).toBe("all");
    expect(all.candidates).toHaveLength(3);
    const items = itemsOf(all);
    expect(items).toHaveLength(counted.length * 3);
    expect(all.counts).toEqual({ criteria: counted.length * 3, disagreements: 1, agreed: 0 });
    for (const c of all.candidates) {
      expect(c.counts.criteria).toBe(counted.length);
      expect(c.sections.flatMap((x) => x.items).map((i) => i.criterionId)).toEqual(counted.map((x) => x.key));
      expect(c.sections.reduce((n, x) => n + x.counts.criteria, 0)).toBe(counted.length);
    }
    const groupOf = (id: string) => all.candidates.find((c) => c.candidateId === id)!;
    expect(groupOf(s.a).counts).toEqual({ criteria: counted.length, disagreements: 1, agreed: 0 });
    expect(groupOf(s.b).counts.disagreements).toBe(0);
    const flagged = items.filter((i) => i.disagreement);
    expect(flagged).toEqual([expect.objectContaining({ candidateId: s.a, criterionId: s.rated.id })]);
    expect(items.find((i) => i.candidateId === s.b && i.criterionId === other.key)).toMatchObject({
      mean: "3.0",
      spread: 0,
      disagreement: false,
    });
    const rest = items.filter((i) => i.scores.length === 0);
    expect(rest).toHaveLength(items.length - 2);
    expect(rest.every((i) => i.mean === null && i.consensus === null)).toBe(true);

    // The default lists the one disagreement only; its section says "1 disagreement of n criteria".
    const page = (await openConsensus(w.buyerAdmin, s)).data as ConsensusData;
    expect(page.scope).toBe("disagreements");
    expect(page.counts).toEqual(all.counts);
    expect(itemsOf(page).map((i) => i.cell)).toEqual([`${s.a}:${s.rated.id}`]);
    const section = groupOf(s.a).sections.find((x) => x.items.some((i) => i.criterionId === s.rated.id))!;
    expect(page.candidates.find((c) => c.candidateId === s.a)?.sections.map((x) => [x.id, x.counts])).toEqual(
      [[section.id, section.counts]],
    );
    expect(page.candidates.find((c) => c.candidateId === s.b)?.sections).toEqual([]);

    // A consensus where nobody scored counts at once; set without JavaScript from "All criteria", the page comes
    // back to that list, at the row.
    const unscored = rest.find((i) => i.candidateId === s.c)!;
    const saved = await postConsensus(
      w.buyerAdmin,
      s,
      {
        intent: "set",
        candidateId: s.c,
        criterionId: unscored.criterionId,
        value: "2",
        rationale: "Discussed in the panel: no evaluator scored it.",
        _idempotency: randomUUID(),
      },
      "?show=all",
    );
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(
      `/evaluations/${s.id}/consensus?saved=${encodeURIComponent(`${s.c}:${unscored.criterionId}`)}&show=all#consensus-${s.c}-${unscored.criterionId}`,
    );
    expect((await criterionOf(s, s.c, unscored.criterionId))?.score).toBe(2);
    const after = (await openConsensus(w.buyerAdmin, s, "?show=all")).data as ConsensusData;
    expect(itemsOf(after).find((i) => i.cell === unscored.cell)).toMatchObject({
      consensus: { value: "2.0" },
    });
    expect(after.counts.agreed).toBe(1);
    expect(after.candidates.find((c) => c.candidateId === s.c)?.counts.agreed).toBe(1);
  });
});

describe("the results on the evaluation page", () => {
  it("show each numeric value with its unit, the best value and the ratio score, and flag a missing one", async () => {
    const s = await setUp();
    await move(s.id, "scoring");
    const open = async () => {
      let n = 0;
      setQueryListener(() => n++);
      try {
        const page = await callLoader(evaluationRoute.loader, {
          path: `/evaluations/${s.id}`,
          params: { evaluationId: s.id },
          cookie: await sessionCookie(w.buyerAdmin),
        });
        return { data: page.data as EvaluationData, statements: n };
      } finally {
        setQueryListener(undefined);
      }
    };
    const before = await open();
    await setValue(s, s.a, 1000);
    await setValue(s, s.b, 1250);
    const { data, statements } = await open();
    // Whatever the number of values, the page loads in the same number of statements.
    expect(statements).toBe(before.statements);
    const dayRate = data.results?.numeric.find((n) => n.key === s.dayRate);
    expect(dayRate).toMatchObject({ name: "Blended day rate", unit: "USD per day", best: "1,000" });
    const row = (id: string) => dayRate?.rows.find((r) => r.candidateId === id);
    expect(row(s.a)).toMatchObject({ value: "1,000", isBest: true, score: "5.0" });
    expect(row(s.b)).toMatchObject({ value: "1,250", isBest: false, score: "4.0" });
    expect(row(s.c)).toMatchObject({ value: null, score: null });
    // The P1 criterion counts too: nobody has a value, so no best and every row flagged.
    const p1 = data.results?.numeric.find((n) => n.key === s.p1);
    expect(p1?.best).toBeNull();
    expect(p1?.rows.every((r) => r.value === null)).toBe(true);
  });
});
