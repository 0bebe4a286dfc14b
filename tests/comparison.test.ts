// The comparison (docs/product.md "Scoring method", transparency, sensitivity, "Qualities: Speed"): its figures against the
// engine fed every individual score, its statement budget, who may see it, and its on-demand parts, on a real
// database (the demo data, and evaluations built here).
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { heatAt, heatOf } from "../app/components/comparison/cells";
import type { ComparisonEngine } from "../app/components/comparison/types";
import type { ScoringResults } from "../app/domain/scoring";
import { whatIf } from "../app/domain/scoring/sensitivity";
import { unpackResults } from "../app/domain/scoring/snapshot";
import { winProbability } from "../app/domain/scoring/win-probability";
import { loadComparison } from "../app/models/comparison.server";
import { scoreRowsStatement } from "../app/models/comparison-statements.server";
import {
  evaluationFor,
  getEvaluationChecklist,
  loadEvaluationPeople,
  loadScores,
} from "../app/models/evaluation.server";
import { moveStatus } from "../app/models/evaluation-setup.server";
import { evaluationResults } from "../app/models/results.server";
import * as compareRoute from "../app/routes/evaluations.$evaluationId.compare._index/route";
import * as derivationRoute from "../app/routes/evaluations.$evaluationId.compare.$candidateId/route";
import * as criterionRoute from "../app/routes/evaluations.$evaluationId.compare.criteria.$criterionId";
import type { Viewer } from "../app/utils/access.server";
import { authorize } from "../app/utils/access.server";
import { getDb, setQueryListener } from "../db/client";
import {
  candidateSubmissions,
  conflictDeclarations,
  consensusScores,
  decisions,
  evaluationCandidates,
  evaluationEvaluators,
  evaluations,
  evidence,
  evidenceVerifications,
  evidenceVersions,
  memberships,
  numericValues,
  organisations,
  scores,
  users,
} from "../db/schema";
import { seedDemo } from "../scripts/seed/demo";
import {
  createBuiltInEvaluation,
  createMember,
  createOrganisation,
  createWorld,
  sessionCookie,
  type TestUser,
} from "./factories";
import { type InProcessServer, serveApp } from "./http-server";
import { BASE, callLoader, type Outcome } from "./remix";

type World = Awaited<ReturnType<typeof createWorld>>;
let w: World;

beforeAll(async () => {
  await seedDemo(getDb());
  w = await createWorld();
});

function viewerOf(u: TestUser): Viewer {
  return {
    userId: u.userId,
    email: u.email,
    name: u.name,
    organisationId: u.organisationId,
    orgName: "",
    orgTimeZone: "Australia/Sydney",
    role: u.role,
    orgKind: "buyer",
    sessionIdHash: "",
  } as Viewer;
}

async function demoViewer(email: string): Promise<Viewer> {
  const [row] = await getDb()
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      organisationId: organisations.id,
      orgName: organisations.name,
      orgTimeZone: organisations.timeZone,
      role: memberships.role,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(users.email, email));
  return { ...row, sessionIdHash: "", orgKind: "buyer" } as Viewer;
}

/** Every figure of the results, the per-evaluator lists aside (the comparison reads sums, not rows). */
function figures(results: ScoringResults) {
  return results.candidates.map((c) => ({
    id: c.candidateId,
    rank: c.rank,
    total: c.total,
    completeness: c.completeness,
    evidence: c.evidenceConfidence,
    coverage: c.evaluatorCoverage,
    reasons: c.reasons,
    sections: c.sections.map((s) => [s.sectionId, s.score]),
    criteria: c.criteria.map((x) => [x.criterionId, x.score, x.spread, x.disagreement, x.evidenceBacked]),
  }));
}

describe("the comparison's figures", () => {
  it("are those of the engine fed every individual score, on every demo evaluation", async () => {
    const buyers = await getDb()
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.kind, "buyer"));
    let compared = 0;
    for (const email of ["priya@scmutual.example", "dana@lakeshore.example"]) {
      const viewer = await demoViewer(email);
      const list = await getDb()
        .select()
        .from(evaluations)
        .where(eq(evaluations.organisationId, viewer.organisationId))
        .orderBy(asc(evaluations.name));
      for (const evaluation of list) {
        const access = await evaluationFor(viewer, evaluation.id);
        const comparison = await loadComparison(viewer, access);
        const [checklist, people, rows] = await Promise.all([
          getEvaluationChecklist(evaluation),
          loadEvaluationPeople(evaluation.id, viewer.organisationId),
          loadScores(evaluation.id),
        ]);
        const individual = await evaluationResults({
          evaluation,
          checklist,
          people,
          scores: rows,
          buyerOrganisationId: viewer.organisationId,
        });
        expect(figures(comparison.results)).toEqual(figures(individual));
        compared += 1;
      }
    }
    expect(buyers.length).toBeGreaterThanOrEqual(2);
    expect(compared).toBeGreaterThanOrEqual(4);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Evaluations built here, of any size

interface Built {
  id: string;
  candidateIds: string[];
  criterionIds: string[];
  evaluators: TestUser[];
}

/** An evaluation of the built-in checklist in `status`, with `n` candidates and `evaluators` scoring everything. */
async function build(
  n: number,
  evaluatorCount: number,
  status: "scoring" | "review" = "review",
): Promise<Built> {
  const db = getDb();
  const actor = { userId: w.buyerAdmin.userId, organisationId: w.buyer.id };
  const { id } = await createBuiltInEvaluation(actor, `Comparison ${n} ${randomUUID().slice(0, 6)}`);
  const partners = await Promise.all(Array.from({ length: n }, () => createOrganisation("partner")));
  const candidates = await db
    .insert(evaluationCandidates)
    .values(partners.map((p) => ({ organisationId: w.buyer.id, evaluationId: id, partnerId: p.id })))
    .returning({ id: evaluationCandidates.id });
  const candidateIds = candidates.map((c) => c.id);
  const evaluators = await Promise.all(
    Array.from({ length: evaluatorCount }, () => createMember(w.buyer, "evaluator")),
  );
  if (evaluators.length > 0) {
    await db
      .insert(evaluationEvaluators)
      .values(evaluators.map((e) => ({ organisationId: w.buyer.id, evaluationId: id, userId: e.userId })));
    await db.insert(conflictDeclarations).values(
      evaluators.map((e) => ({
        organisationId: w.buyer.id,
        evaluationId: id,
        userId: e.userId,
        coveredCandidateIds: candidateIds,
        conflictCandidateIds: [],
      })),
    );
  }
  const checklist = await getEvaluationChecklist({ id, name: "" });
  const rated = checklist.sections
    .filter((s) => s.weight > 0)
    .flatMap((s) => s.criteria.filter((c) => c.kind === "rated" && c.weight > 0));
  const rows = evaluators.flatMap((e, ei) =>
    candidateIds.flatMap((candidateId, ci) =>
      rated.map((c, k) => ({
        organisationId: w.buyer.id,
        evaluationId: id,
        candidateId,
        criterionId: c.key,
        evaluatorUserId: e.userId,
        // 3-5: no knockout of the built-in checklist fails, so every candidate is in the race.
        value: 3 + ((ei + ci + k) % 3),
        justification: `Evaluator ${ei} on candidate ${ci}.`,
      })),
    ),
  );
  for (let i = 0; i < rows.length; i += 1000) await db.insert(scores).values(rows.slice(i, i + 1000));
  const [e] = await db
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  await db
    .update(evaluations)
    .set({ status, version: e.version + 1 })
    .where(eq(evaluations.id, id));
  return { id, candidateIds, criterionIds: rated.map((c) => c.key), evaluators };
}

async function page(evaluationId: string, user: TestUser, query = ""): Promise<Outcome> {
  return callLoader(compareRoute.loader, {
    path: `/evaluations/${evaluationId}/compare${query}`,
    params: { evaluationId },
    cookie: await sessionCookie(user),
  });
}

type PageData = Awaited<ReturnType<typeof compareRoute.loader>>;
const engineOf = (data: PageData) => JSON.parse(data.engineJson) as ComparisonEngine;

/** Statements the loader sends beyond the session and access checks (`authorize` and `evaluationFor`). */
async function ownStatements(evaluationId: string, user: TestUser): Promise<number> {
  const cookie = await sessionCookie(user);
  const request = () =>
    new Request(`${BASE}/evaluations/${evaluationId}/compare`, { headers: { Cookie: cookie } });
  const count = async (run: () => Promise<unknown>) => {
    let n = 0;
    setQueryListener(() => n++);
    try {
      await run();
    } finally {
      setQueryListener(undefined);
    }
    return n;
  };
  // Once first, so that the session's last-seen write (at most every 5 minutes) is behind both counts.
  await compareRoute.loader({ request: request(), params: { evaluationId }, context: {} as never });
  // NOTE: only the session is set aside: the comparison's access check is part of its first statement.
  const session = await count(() => authorize(request()));
  const all = await count(() =>
    compareRoute.loader({ request: request(), params: { evaluationId }, context: {} as never }),
  );
  return all - session;
}

/** A file version of `partnerId`'s evidence on `claimKind`, verified by the world's buyer; `effectiveTo` dates it. */
async function verifiedVersion(
  partnerId: string,
  claimKind: "support" | "reference",
  effectiveTo: string | null,
  buyerOrganisationId = w.buyer.id,
) {
  const db = getDb();
  const [e] = await db
    .insert(evidence)
    .values({ organisationId: partnerId, claimKind, title: "Proof", kind: "file", effectiveTo })
    .returning({ id: evidence.id });
  const [v] = await db
    .insert(evidenceVersions)
    .values({
      evidenceId: e.id,
      organisationId: partnerId,
      number: 1,
      fileName: "proof.pdf",
      sha256: "0".repeat(64),
    })
    .returning({ id: evidenceVersions.id });
  await db.update(evidence).set({ currentVersionId: v.id }).where(eq(evidence.id, e.id));
  await db.insert(evidenceVerifications).values({
    versionId: v.id,
    buyerOrganisationId,
    status: "verified",
  });
  return v.id;
}

describe("the comparison's figures, case by case", () => {
  it("leave out unassigned and conflicted evaluators, and count verified, undated citations and values", async () => {
    const e = await build(3, 3);
    const [, second, third] = e.evaluators;
    const db = getDb();
    // The third evaluator is unassigned: its scores stay stored and count nowhere.
    await db
      .update(evaluationEvaluators)
      .set({ active: false })
      .where(and(eq(evaluationEvaluators.evaluationId, e.id), eq(evaluationEvaluators.userId, third.userId)));
    // The second declares a conflict with the first candidate after scoring it: its scores of it leave the figures.
    await db.insert(conflictDeclarations).values({
      organisationId: w.buyer.id,
      evaluationId: e.id,
      userId: second.userId,
      coveredCandidateIds: e.candidateIds,
      conflictCandidateIds: [e.candidateIds[0]],
      declaredAt: new Date(Date.now() + 1000),
    });
    // Citations: a verified version backs a score; a dated one (its period ended three years ago) does not.
    const [candidate] = await db
      .select({ partnerId: evaluationCandidates.partnerId })
      .from(evaluationCandidates)
      .where(eq(evaluationCandidates.id, e.candidateIds[1]));
    const fresh = await verifiedVersion(candidate.partnerId, "reference", null);
    const dated = await verifiedVersion(candidate.partnerId, "reference", "2020-01-31");
    const cite = (criterionId: string, versionId: string) =>
      db
        .update(scores)
        .set({ citedVersionIds: [versionId] })
        .where(and(eq(scores.candidateId, e.candidateIds[1]), eq(scores.criterionId, criterionId)));
    // Another buyer's verification is that buyer's own: it backs nothing here.
    const elsewhere = await verifiedVersion(
      candidate.partnerId,
      "reference",
      null,
      (await createOrganisation("buyer")).id,
    );
    await cite(e.criterionIds[0], fresh);
    await cite(e.criterionIds[1], dated);
    await cite(e.criterionIds[2], elsewhere);
    // A numeric value copied from verified support terms backs the day rate (the section weighs 0, apart).
    await verifiedVersion(candidate.partnerId, "support", null);
    const checklist = await getEvaluationChecklist({ id: e.id, name: "" });
    const rate = checklist.sections.flatMap((s) => s.criteria).find((c) => c.kind === "numeric")!;
    await db.insert(numericValues).values({
      organisationId: w.buyer.id,
      evaluationId: e.id,
      candidateId: e.candidateIds[1],
      criterionId: rate.key,
      value: 1800,
      profileField: "p1_response_minutes",
    });

    const viewer = viewerOf(w.buyerAdmin);
    const access = await evaluationFor(viewer, e.id);
    const comparison = await loadComparison(viewer, access);
    const [evaluation] = await db.select().from(evaluations).where(eq(evaluations.id, e.id));
    const individual = await evaluationResults({
      evaluation,
      checklist,
      people: await loadEvaluationPeople(e.id, w.buyer.id),
      scores: await loadScores(e.id),
      buyerOrganisationId: w.buyer.id,
    });
    expect(figures(comparison.results)).toEqual(figures(individual));
    // And the cases really are in the figures.
    const byId = new Map(comparison.results.candidates.map((c) => [c.candidateId, c]));
    const first = byId.get(e.candidateIds[0])!;
    expect(first.coverageDerivation).toMatchObject({ pairs: 28, scored: 28 });
    const other = byId.get(e.candidateIds[1])!;
    expect(other.coverageDerivation).toMatchObject({ pairs: 56, scored: 56 });
    const backed = other.criteria.filter((x) => x.evidenceBacked).map((x) => x.criterionId);
    expect(backed).toEqual([e.criterionIds[0]]);
    expect(other.zeroWeightSections?.criteria.find((x) => x.criterionId === rate.key)?.evidenceBacked).toBe(
      true,
    );
  });
});

describe("the comparison's statements", () => {
  it("are at most 5 of its own, the same at 5 and at 50 candidates and whatever the evaluators", async () => {
    const small = await build(5, 2);
    const large = await build(50, 4);
    const atFive = await ownStatements(small.id, w.buyerAdmin);
    const atFifty = await ownStatements(large.id, w.buyerAdmin);
    expect(atFive).toBeLessThanOrEqual(5);
    expect(atFifty).toBe(atFive);
    // The large one really is large: 50 candidates x 28 criteria x 4 evaluators, every cell defined.
    const data = (await page(large.id, w.buyerAdmin)).data as PageData;
    expect(data.columns).toHaveLength(50);
    expect(engineOf(data).packed.candidates.every((c) => c.total !== null)).toBe(true);
  });
});

describe("who sees the comparison", () => {
  it("is blind for an evaluator until it submitted every candidate it may score; a conflict is left out", async () => {
    const e = await build(3, 2, "scoring");
    const [first, second] = e.evaluators;
    // The first evaluator declares a conflict with the third candidate: it only has the other two to submit.
    await getDb()
      .update(conflictDeclarations)
      .set({ conflictCandidateIds: [e.candidateIds[2]] })
      .where(and(eq(conflictDeclarations.evaluationId, e.id), eq(conflictDeclarations.userId, first.userId)));
    // An assigned evaluator knows the evaluation: a 403 page that says when the comparison opens, and a way back.
    const closed = await page(e.id, first);
    expect(closed.status).toBe(403);
    expect(closed.data).toEqual({
      message:
        "Scoring is blind: the comparison and the results open for you once you have submitted every candidate you score (0 of 2 so far; 2 to go), or for everyone when the evaluation moves to review.",
      title: "The comparison is not open to you yet",
      back: { href: `/evaluations/${e.id}`, label: "Back to the evaluation" },
    });
    await getDb().insert(candidateSubmissions).values({
      organisationId: w.buyer.id,
      evaluationId: e.id,
      candidateId: e.candidateIds[0],
      evaluatorUserId: first.userId,
    });
    const stillClosed = await page(e.id, first);
    expect(stillClosed.status).toBe(403);
    expect((stillClosed.data as { message: string }).message).toContain("(1 of 2 so far; 1 to go)");
    await getDb().insert(candidateSubmissions).values({
      organisationId: w.buyer.id,
      evaluationId: e.id,
      candidateId: e.candidateIds[1],
      evaluatorUserId: first.userId,
    });
    expect((await page(e.id, first)).status).toBe(200);
    // The other evaluator is still blind, and so are its on-demand parts.
    expect((await page(e.id, second)).status).toBe(403);
    const derivation = await callLoader(derivationRoute.loader, {
      path: `/evaluations/${e.id}/compare/${e.candidateIds[0]}`,
      params: { evaluationId: e.id, candidateId: e.candidateIds[0] },
      cookie: await sessionCookie(second),
    });
    expect(derivation.status).toBe(403);
    // Admins see it all along; viewers not before review, and to them it does not exist yet (404).
    expect((await page(e.id, w.buyerAdmin)).status).toBe(200);
    expect((await page(e.id, w.viewer)).status).toBe(404);
    const [v] = await getDb()
      .select({ version: evaluations.version })
      .from(evaluations)
      .where(eq(evaluations.id, e.id));
    await moveStatus({ userId: w.buyerAdmin.userId, organisationId: w.buyer.id }, e.id, v.version, "review");
    expect((await page(e.id, w.viewer)).status).toBe(200);
    expect((await page(e.id, second)).status).toBe(200);
  });
});

describe("the comparison page's data", () => {
  it("ranks the columns, keeps withdrawn candidates apart and packs the engine's full-precision figures", async () => {
    const e = await build(4, 2);
    await getDb()
      .update(evaluationCandidates)
      .set({ withdrawnAt: new Date(), withdrawnReason: "Declined to bid" })
      .where(eq(evaluationCandidates.id, e.candidateIds[3]));
    const data = (await page(e.id, w.buyerAdmin)).data as PageData;
    expect(data.columns.map((c) => c.id)).not.toContain(e.candidateIds[3]);
    expect(data.withdrawn.map((x) => [x.id, x.reason])).toEqual([[e.candidateIds[3], "Declined to bid"]]);
    const ranks = data.columns.map((c) => c.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => (a ?? 99) - (b ?? 99)));
    // The packed totals are the engine's, unrounded; the shown ones are rounded to one decimal.
    data.columns.forEach((c, i) => {
      const total = engineOf(data).packed.candidates[i].total;
      expect(engineOf(data).packed.candidates[i].id).toBe(c.id);
      expect(c.total).toBe(total === null ? null : total.toFixed(1));
    });
    expect(data.columns.every((c) => !c.disqualified && c.rank !== null)).toBe(true);
    expect(data.stability?.lines.length).toBe(data.sections.filter((s) => s.counted).length);
    // Each section's part of the total (the contributions chart), computed without the derivation lists, is the
    // engine's derived term, and the parts add up to the total.
    const viewer = viewerOf(w.buyerAdmin);
    const derived = await loadComparison(viewer, await evaluationFor(viewer, e.id));
    for (const column of data.columns) {
      const result = derived.results.candidates.find((r) => r.candidateId === column.id)!;
      const terms = new Map(result.derivation.terms.map((t) => [t.sectionId, t.points]));
      expect(column.parts).toEqual(
        derived.checklist.sections.map((s) => Math.round((terms.get(s.key) ?? 0) * 100) / 100),
      );
      expect(column.parts.reduce((sum, x) => sum + x, 0)).toBeCloseTo(result.total!, 1);
    }
  });

  it("shades each cell by the engine's full-precision figure, not the one-decimal one it shows", async () => {
    const e = await build(2, 1);
    const checklist = await getEvaluationChecklist({ id: e.id, name: "" });
    const rate = checklist.sections.flatMap((s) => s.criteria).find((c) => c.kind === "numeric")!;
    // The ratio rule gives one of them 5 x 1000 / 1240 = 4.03 of 5 (80.6%, the top fifth), shown as 4.0.
    await getDb()
      .insert(numericValues)
      .values(
        [1000, 1240].map((value, i) => ({
          organisationId: w.buyer.id,
          evaluationId: e.id,
          candidateId: e.candidateIds[i],
          criterionId: rate.key,
          value,
          profileField: null,
        })),
      );
    const data = (await page(e.id, w.buyerAdmin)).data as PageData;
    const engine = engineOf(data);
    const index = engine.packed.criterionIds.indexOf(rate.key);
    const shown = data.columns.map((c, i) => ({
      shown: engine.packed.candidates[i].s[index],
      heat: heatAt(c.heat, index),
    }));
    expect(shown).toContainEqual({ shown: 4, heat: 4 });
    expect(shown).toContainEqual({ shown: 5, heat: 4 });
    expect(heatOf(4, 5)).toBe(3);
  });

  it("draws the win probability on the server when asked (?wp=1, without JavaScript), as the browser would", async () => {
    const e = await build(4, 2);
    const plain = (await page(e.id, w.buyerAdmin)).data as PageData;
    expect(plain.win).toBeNull();
    const data = (await page(e.id, w.buyerAdmin, "?wp=1")).data as PageData;
    const engine = engineOf(data);
    // What the browser runs: the same function on the unpacked engine data, with the same seed.
    const browser = winProbability(
      unpackResults(engine.packed, engine.sections),
      engine.sections,
      engine.seed,
    );
    expect(data.win).toEqual({ shares: [...(browser ?? [])] });
    expect(data.win?.shares).toHaveLength(4);
    expect(data.win?.shares.reduce((sum, [, share]) => sum + share, 0)).toBeCloseTo(1, 9);
  });

  it("applies weights from the address, and says which it could not read", async () => {
    const e = await build(3, 1);
    const first = (await page(e.id, w.buyerAdmin)).data as PageData;
    const [a, b, c] = engineOf(first).sections;
    const data = (await page(e.id, w.buyerAdmin, `?w.${a.id}=60&w.${b.id}=abc&w.${c.id}=-4`))
      .data as PageData;
    expect(data.applied).toEqual({ [a.id]: 60 });
    expect(data.ignoredWeights).toBe(2);
    // What the page then shows is the engine's what-if on those weights, the same on the server and in the browser.
    const engine = engineOf(data);
    const source = unpackResults(engine.packed, engine.sections);
    const moved = whatIf(source, engine.sections, { [a.id]: 60 });
    expect(moved.candidates.map((x) => x.candidateId).sort()).toEqual(data.columns.map((x) => x.id).sort());
  });
});

describe("a candidate's derivations", () => {
  it("explain the total in contributions that add up to it, and 404 for a candidate of another evaluation", async () => {
    const e = await build(3, 2);
    const other = await build(1, 1);
    const outcome = await callLoader(derivationRoute.loader, {
      path: `/evaluations/${e.id}/compare/${e.candidateIds[1]}`,
      params: { evaluationId: e.id, candidateId: e.candidateIds[1] },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(outcome.status).toBe(200);
    const d = outcome.data as Awaited<ReturnType<typeof derivationRoute.loader>>;
    const points = d.total.contributions.reduce((sum, c) => sum + Number(c.points), 0);
    expect(Math.abs(points - Number(d.total.result))).toBeLessThan(0.01 * d.total.contributions.length);
    expect(d.total.contributionSum).toBe(d.total.result);
    expect(d.coverage).toMatchObject({ pairs: 2 * 28, scored: 2 * 28, result: "100%" });
    // Completeness and rank from the engine's own derivations: every criterion counted, the rank as on the page.
    expect(d.completeness).toMatchObject({ result: "100%", missing: [] });
    expect(d.completeness.terms).toHaveLength(28);
    expect(d.rank).toMatchObject({ group: "qualified", result: d.candidate.rank });
    expect(d.rank.roundedTotal).toMatch(/^\d+\.\d{9}$/);
    const mean = d.criteria.find((c) => c.score !== null && c.counted)!;
    expect(mean.rule).toBe("Mean of the counted evaluators' scores");
    expect(mean.steps.at(-1)).toMatch(/ \/ 2 = /);
    const foreign = await callLoader(derivationRoute.loader, {
      path: `/evaluations/${e.id}/compare/${other.candidateIds[0]}`,
      params: { evaluationId: e.id, candidateId: other.candidateIds[0] },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(foreign.status).toBe(404);
  });
});

describe("a candidate's derivations, score by score", () => {
  it("name each counted evaluator's score of a mean, not a conflicted one's, with the comparison's figures", async () => {
    const e = await build(3, 3);
    const [a, b, c] = e.evaluators;
    const candidateId = e.candidateIds[1];
    // The third evaluator declares a conflict with the candidate after scoring it: its score leaves the mean.
    await getDb()
      .insert(conflictDeclarations)
      .values({
        organisationId: w.buyer.id,
        evaluationId: e.id,
        userId: c.userId,
        coveredCandidateIds: e.candidateIds,
        conflictCandidateIds: [candidateId],
        declaredAt: new Date(Date.now() + 1000),
      });
    const outcome = await callLoader(derivationRoute.loader, {
      path: `/evaluations/${e.id}/compare/${candidateId}`,
      params: { evaluationId: e.id, candidateId },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(outcome.status).toBe(200);
    const d = outcome.data as Awaited<ReturnType<typeof derivationRoute.loader>>;
    for (const criterionId of e.criterionIds.slice(0, 3)) {
      const rows = await getDb()
        .select({ evaluator: scores.evaluatorUserId, value: scores.value })
        .from(scores)
        .where(and(eq(scores.candidateId, candidateId), eq(scores.criterionId, criterionId)));
      const scoreBy = new Map(rows.map((r) => [r.evaluator, r.value]));
      expect(scoreBy.size).toBe(3);
      const line = d.criteria.find((x) => x.id === criterionId)!;
      expect(line.rule).toBe("Mean of the counted evaluators' scores");
      const [listed, sum] = line.steps[0].split(" = ");
      // In the evaluators' order, by name.
      expect(listed.split(" + ")).toEqual(
        [a, b].sort((x, y) => (x.name < y.name ? -1 : 1)).map((x) => `${x.name} ${scoreBy.get(x.userId)}`),
      );
      expect(sum).toBe(((scoreBy.get(a.userId) ?? 0) + (scoreBy.get(b.userId) ?? 0)).toFixed(2));
      expect(line.steps.join(" ")).not.toContain(c.name);
      expect(line.steps.at(-1)).toMatch(/ \/ 2 = /);
    }
    // The candidate's figures are the comparison's, which reads summaries.
    const data = (await page(e.id, w.buyerAdmin)).data as PageData;
    const column = data.columns.find((x) => x.id === candidateId)!;
    expect([d.candidate.total, d.candidate.rank]).toEqual([column.total, column.rank]);
    const byId = new Map(data.columns.map((x, i) => [x.id, engineOf(data).packed.candidates[i]]));
    expect(d.sections.filter((s) => s.counted).map((s) => s.result)).toEqual(
      byId
        .get(candidateId)!
        .sec.flatMap((x, i) => (data.sections[i].counted ? [x === null ? null : x.toFixed(2)] : [])),
    );
    // A candidate id that is not one: a 404, nothing read.
    for (const bad of ["not-a-uuid", randomUUID()]) {
      const missing = await callLoader(derivationRoute.loader, {
        path: `/evaluations/${e.id}/compare/${bad}`,
        params: { evaluationId: e.id, candidateId: bad },
        cookie: await sessionCookie(w.buyerAdmin),
      });
      expect(missing.status).toBe(404);
    }
  });
});

describe("a row's scores by evaluator", () => {
  it("lists each evaluator's score and justification, says conflict where one was declared, and the consensus", async () => {
    const e = await build(2, 2);
    const [first, second] = e.evaluators;
    const criterionId = e.criterionIds[0];
    await getDb()
      .update(conflictDeclarations)
      .set({ conflictCandidateIds: [e.candidateIds[1]] })
      .where(
        and(eq(conflictDeclarations.evaluationId, e.id), eq(conflictDeclarations.userId, second.userId)),
      );
    await getDb().insert(consensusScores).values({
      organisationId: w.buyer.id,
      evaluationId: e.id,
      candidateId: e.candidateIds[0],
      criterionId,
      value: 2.5,
      rationale: "Agreed in the panel.",
      setByUserId: w.buyerAdmin.userId,
    });
    const outcome = await callLoader(criterionRoute.loader, {
      path: `/evaluations/${e.id}/compare/criteria/${criterionId}`,
      params: { evaluationId: e.id, criterionId },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(outcome.status).toBe(200);
    const d = outcome.data as Awaited<ReturnType<typeof criterionRoute.loader>>;
    const byCandidate = new Map(d.candidates.map((c) => [c.id, c]));
    const a = byCandidate.get(e.candidateIds[0])!;
    expect(a.consensus).toMatchObject({ value: "2.5", rationale: "Agreed in the panel." });
    expect(a.entries.map((x) => x.state)).toEqual(["scored", "scored"]);
    expect(a.entries.map((x) => x.justification).sort()).toEqual([
      "Evaluator 0 on candidate 0.",
      "Evaluator 1 on candidate 0.",
    ]);
    const b = byCandidate.get(e.candidateIds[1])!;
    const states = Object.fromEntries(b.entries.map((x) => [x.evaluator, x.state]));
    expect(states[second.name]).toBe("conflict");
    expect(states[first.name]).toBe("scored");
    for (const bad of ["not-a-uuid", randomUUID()]) {
      const missing = await callLoader(criterionRoute.loader, {
        path: `/evaluations/${e.id}/compare/criteria/${bad}`,
        params: { evaluationId: e.id, criterionId: bad },
        cookie: await sessionCookie(w.buyerAdmin),
      });
      expect(missing.status).toBe(404);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Statement 2 reads the scores only for a viewer who may see them, and never for a decided evaluation

/** The plan's nodes, flattened. */
function planNodes(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(planNodes)];
}

/** Whether statement 2, as the comparison sends it for `viewer`, scans the evaluation's scores (EXPLAIN ANALYZE). */
async function scoresScanned(viewer: Viewer, evaluationId: string): Promise<boolean> {
  const statement = scoreRowsStatement(viewer, evaluationId, "2000-01-01", undefined);
  const result = await getDb().execute(sql`explain (analyze, format json) ${statement}`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<
    string,
    unknown
  >[];
  const raw = rows[0]["QUERY PLAN"];
  const [{ Plan }] = (typeof raw === "string" ? JSON.parse(raw) : raw) as [{ Plan: Record<string, unknown> }];
  const scans = planNodes(Plan).filter((n) => n["Relation Name"] === "scores");
  expect(scans.length).toBeGreaterThan(0);
  return scans.some((n) => Number(n["Actual Loops"]) > 0);
}

describe("the comparison's score statement", () => {
  it("scans no score for a viewer the blind rule refuses, and the same viewers as the page once it admits them", async () => {
    const e = await build(2, 2, "scoring");
    const [first] = e.evaluators;
    const blind = viewerOf(first);
    expect((await page(e.id, first)).status).toBe(403);
    expect(await scoresScanned(blind, e.id)).toBe(false);
    expect(await scoresScanned(viewerOf(w.viewer), e.id)).toBe(false);
    expect(await scoresScanned(viewerOf(w.buyerAdmin), e.id)).toBe(true);
    // Another buyer's admin reads nothing of it.
    const stranger = await createMember(await createOrganisation("buyer"), "admin");
    expect(await scoresScanned(viewerOf(stranger), e.id)).toBe(false);
    await getDb()
      .insert(candidateSubmissions)
      .values(
        e.candidateIds.map((candidateId) => ({
          organisationId: w.buyer.id,
          evaluationId: e.id,
          candidateId,
          evaluatorUserId: first.userId,
        })),
      );
    expect((await page(e.id, first)).status).toBe(200);
    expect(await scoresScanned(blind, e.id)).toBe(true);
  });

  it("scans no score for a decided evaluation, whose comparison comes from its frozen record", async () => {
    const viewer = await demoViewer("dana@lakeshore.example");
    const [decided] = await getDb()
      .select({ id: decisions.evaluationId })
      .from(decisions)
      .where(eq(decisions.organisationId, viewer.organisationId));
    expect(decided).toBeDefined();
    expect(await scoresScanned(viewer, decided.id)).toBe(false);
    const comparison = await loadComparison(viewer, await evaluationFor(viewer, decided.id));
    expect(comparison.frozen).not.toBeNull();
    expect(comparison.results.candidates.some((c) => c.total !== undefined)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// What the page draws in each cell: the engine's marks and colour step

/** Each criterion row's cells as the server renders them: the colour step and the marks, by candidate id. */
function renderedCells(html: string) {
  const rankRow = /<th scope="row">Rank<\/th>(.*?)<\/tr>/s.exec(html)?.[1] ?? "";
  const columnIds = [...rankRow.matchAll(/data-candidate="([^"]+)"/g)].map((m) => m[1]);
  const rows = [...html.matchAll(/<tr class="criterion-row">(.*?)<\/tr>/gs)].map((m) => m[1]);
  return {
    columnIds,
    rows: rows.map((row) =>
      [...row.matchAll(/<td class="heat heat-(-?\d)([^"]*)">(.*?)<\/td>/gs)].map(([, heat, extra, cell]) => ({
        heat: Number(heat),
        knockedOut: extra.includes("is-knocked-out"),
        marks: [
          cell.includes("flag-disagreement") ? "±" : "",
          cell.includes("flag-consensus") ? "C" : "",
          cell.includes("flag-verified") ? "✓" : "",
          cell.includes("flag-knockout") ? "KO" : "",
          cell.includes('title="Knockout pending"') ? "KO?" : "",
        ]
          .filter(Boolean)
          .join(" "),
      })),
    ),
  };
}

describe("the comparison's cells, as rendered", () => {
  let server: InProcessServer;
  let origin: string;
  beforeAll(async () => {
    server = await serveApp();
    origin = server.base;
  });
  afterAll(() => server.close());

  it("carry the engine's marks (±, C, ✓, KO, KO?) and colour step, on every demo evaluation", async () => {
    let cells = 0;
    const marks = new Set<string>();
    for (const email of ["priya@scmutual.example", "dana@lakeshore.example"]) {
      const viewer = await demoViewer(email);
      const cookie = await sessionCookie({ ...viewer, kind: "buyer" } as unknown as TestUser);
      const list = await getDb()
        .select()
        .from(evaluations)
        .where(eq(evaluations.organisationId, viewer.organisationId));
      for (const evaluation of list) {
        if (evaluation.status === "draft") continue;
        const [checklist, people, rows] = await Promise.all([
          getEvaluationChecklist(evaluation),
          loadEvaluationPeople(evaluation.id, viewer.organisationId),
          loadScores(evaluation.id),
        ]);
        const engine = await evaluationResults({
          evaluation,
          checklist,
          people,
          scores: rows,
          buyerOrganisationId: viewer.organisationId,
        });
        const open = checklist.sections.map((s) => `open=${s.key}`).join("&");
        const response = await fetch(`${origin}/evaluations/${evaluation.id}/compare?${open}`, {
          headers: { Cookie: cookie },
        });
        expect(response.status).toBe(200);
        const { columnIds, rows: drawn } = renderedCells(await response.text());
        const criteria = checklist.sections.flatMap((s) =>
          s.criteria.filter((c) => c.weight > 0).map((c) => ({ ...c, counted: s.weight > 0 })),
        );
        expect(drawn).toHaveLength(criteria.length);
        expect(columnIds).toEqual(engine.candidates.map((c) => c.candidateId));
        criteria.forEach((criterion, row) => {
          if (!criterion.counted) return;
          columnIds.forEach((candidateId, column) => {
            const result = engine.candidates.find((c) => c.candidateId === candidateId)!;
            const x = result.criteria.find((c) => c.criterionId === criterion.key)!;
            const knockout = result.knockouts.find((k) => k.criterionId === criterion.key)?.status;
            const expected =
              x.score === undefined
                ? knockout === "pending"
                  ? "KO?"
                  : ""
                : [
                    x.disagreement ? "±" : "",
                    x.derivation.rule === "consensus" ? "C" : "",
                    x.evidenceBacked ? "✓" : "",
                    knockout === "fail" ? "KO" : "",
                  ]
                    .filter(Boolean)
                    .join(" ");
            const cell = drawn[row][column];
            expect({
              criterion: criterion.name,
              candidate: result.name,
              marks: cell.marks,
              heat: cell.heat,
            }).toEqual({
              criterion: criterion.name,
              candidate: result.name,
              marks: expected,
              heat: heatOf(x.score, x.max),
            });
            expect(cell.knockedOut).toBe(knockout === "fail" && x.score !== undefined);
            for (const m of expected.split(" ")) if (m) marks.add(m);
            cells += 1;
          });
        });
      }
    }
    // The demo data really shows each mark somewhere.
    expect([...marks].sort()).toEqual(["C", "KO", "KO?", "±", "✓"].sort());
    expect(cells).toBeGreaterThan(200);
  });
});
