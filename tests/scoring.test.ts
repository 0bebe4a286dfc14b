import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CandidateResult,
  type CriterionInput,
  computeResults,
  rankCandidates,
  type ScoreInput,
  type ScoringInput,
  type ScoringResults,
  type SectionInput,
  validateWeights,
  weightedTotal,
} from "../app/domain/scoring";
import { HIGHEST_SHARE, LOWEST_SHARE, rankStability, whatIf } from "../app/domain/scoring/sensitivity";
import { packResults, unpackResults } from "../app/domain/scoring/snapshot";
import { fnv1a32, gamma, mulberry32, winProbability } from "../app/domain/scoring/win-probability";

const RUNS = 1000;

function expectNear(actual: number | undefined, expected: number, tolerance = 1e-9) {
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
}

function candidate(results: ScoringResults, id: string): CandidateResult {
  const found = results.candidates.find((c) => c.candidateId === id);
  if (!found) throw new Error(`no candidate ${id} in the results`);
  return found;
}

const section = (r: CandidateResult, id: string) => r.sections.find((s) => s.sectionId === id)!;
const criterion = (r: CandidateResult, id: string) => r.criteria.find((c) => c.criterionId === id)!;
const score = (evaluatorId: string, candidateId: string, criterionId: string, value: number): ScoreInput => ({
  evaluatorId,
  candidateId,
  criterionId,
  value,
});

// docs/product.md "Scoring method", the published example.
function publishedExample(): ScoringInput {
  return {
    sections: [
      {
        id: "A",
        name: "A",
        weight: 30,
        criteria: [
          { id: "a1", weight: 3, kind: "rated", max: 5 },
          { id: "a2", weight: 1, kind: "rated", max: 10 },
          { id: "a3", weight: 2, kind: "rated", max: 5 },
        ],
      },
      {
        id: "B",
        name: "B",
        weight: 50,
        criteria: [
          { id: "b1", weight: 1, kind: "rated", max: 5 },
          { id: "b2", weight: 2, kind: "numeric", max: 5, direction: "lower" },
        ],
      },
      { id: "C", name: "C", weight: 20, criteria: [{ id: "c1", weight: 1, kind: "rated" }] },
      { id: "D", name: "D", weight: 0, criteria: [{ id: "d1", weight: 1, kind: "rated", knockout: 5 }] },
    ],
    candidates: [
      { id: "p", name: "Partner P", values: { b2: 1200 } },
      { id: "q", name: "Partner Q", values: { b2: 1000 } },
    ],
    evaluators: [{ id: "e1" }, { id: "e2" }],
    scores: [
      score("e1", "p", "a1", 4),
      score("e1", "p", "a3", 2),
      score("e2", "p", "a3", 3),
      score("e1", "p", "d1", 0),
    ],
    consensus: [{ candidateId: "p", criterionId: "b1", value: 5 }],
  };
}

describe("the published example", () => {
  const results = computeResults(publishedExample());
  const p = candidate(results, "p");

  it("scores the criteria by rule 1", () => {
    expect(criterion(p, "a1").score).toBe(4);
    expect(criterion(p, "a2").score).toBeUndefined();
    expect(criterion(p, "a3").score).toBe(2.5);
    expect(criterion(p, "a3").derivation).toMatchObject({ rule: "mean", sum: 5, count: 2, result: 2.5 });
    expect(criterion(p, "b1").derivation).toMatchObject({ rule: "consensus", consensus: 5, result: 5 });
    expectNear(criterion(p, "b2").score, 25 / 6);
    expect(criterion(p, "b2").derivation).toMatchObject({ rule: "ratio", value: 1200, best: 1000 });
    expect(criterion(p, "c1").derivation).toMatchObject({ rule: "none", reason: "no scores" });
  });

  it("scores the sections and the total by rules 3 and 4", () => {
    expectNear(section(p, "A").score, 68);
    expectNear(section(p, "B").score, 800 / 9);
    expect(section(p, "C").score).toBeUndefined();
    expectNear(p.total, 1459 / 18);
    expect(p.derivation.terms.map((t) => [t.sectionId, t.weight])).toEqual([
      ["A", 30],
      ["B", 50],
    ]);
    expect(p.derivation.weightSum).toBe(80);
  });

  it("computes completeness by rule 5", () => {
    expectNear(p.completeness, 0.75);
    expect(p.complete).toBe(false);
    expectNear(criterion(p, "a1").nominalWeight, 0.15);
    expectNear(criterion(p, "a2").nominalWeight, 0.05);
    expectNear(criterion(p, "b2").nominalWeight, 1 / 3);
    expect(results.final).toBe(false);
  });

  it("derives completeness from the nominal weights counted (rule 5)", () => {
    const d = p.completenessDerivation;
    expect(d.rule).toBe(
      "C(p) = sum of ew_c over the criteria with S(c,p) defined, ew_c = (W_s / sum(W)) * (w_c / sum(w in s))",
    );
    expect(d.terms.map((t) => [t.criterionId, t.sectionId])).toEqual([
      ["a1", "A"],
      ["a3", "A"],
      ["b1", "B"],
      ["b2", "B"],
    ]);
    // 0.3 * 3/6, 0.3 * 2/6, 0.5 * 1/3, 0.5 * 2/3: 0.15 + 0.1 + 1/6 + 1/3 = 0.75.
    [0.15, 0.1, 1 / 6, 1 / 3].forEach((w, i) => {
      expectNear(d.terms[i].nominalWeight, w);
    });
    expect(d.missing.map((t) => t.criterionId)).toEqual(["a2", "c1"]);
    expectNear(d.missing[0].nominalWeight, 0.05);
    expectNear(d.missing[1].nominalWeight, 0.2);
    expect(d.result).toBe(p.completeness);
    expect(d.complete).toBe(false);
  });

  it("splits the total into contributions that add up to it (rule 6)", () => {
    const points = Object.fromEntries(p.derivation.contributions.map((c) => [c.criterionId, c.points]));
    expect(Object.keys(points)).toEqual(["a1", "a3", "b1", "b2"]);
    expectNear(points.a1, 18);
    expectNear(points.a3, 7.5);
    expectNear(points.b1, 125 / 6);
    expectNear(points.b2, 625 / 18);
    expectNear(p.derivation.contributionSum, 1459 / 18);
    expectNear(criterion(p, "a1").appliedWeight, (30 / 80) * (3 / 5));
    expect(criterion(p, "a2").appliedWeight).toBe(0);
    expect(criterion(p, "a2").contribution).toBeUndefined();
  });

  it("leaves the weight-0 section out of everything, its knockout included", () => {
    expect(p.sections.map((s) => s.sectionId)).toEqual(["A", "B", "C"]);
    expect(p.criteria.some((c) => c.criterionId === "d1")).toBe(false);
    expect(p.knockouts).toEqual([]);
    expect(p.disqualified).toBe(false);
  });

  it("measures evaluator coverage over rated criteria and assigned evaluators", () => {
    // Rated pairs: (a1, a2, a3, b1, c1) x (e1, e2) = 10; scored: a1/e1, a3/e1, a3/e2.
    expectNear(p.evaluatorCoverage!, 3 / 10);
    const q = candidate(results, "q");
    expect(q.evaluatorCoverage).toBe(0);
    expect(computeResults({ ...publishedExample(), evaluators: [] }).candidates[0].evaluatorCoverage).toBe(
      undefined,
    );
  });
});

describe("evidence confidence (rule 7) on the published example", () => {
  const cited = (s: ScoreInput): ScoreInput => ({ ...s, citesVerifiedEvidence: true });
  function input(): ScoringInput {
    const base = publishedExample();
    return {
      ...base,
      candidates: [
        { id: "p", name: "Partner P", values: { b2: 1200 }, verifiedValues: { b2: true } },
        // Its value is the best, but it was typed in, not copied from a verified claim.
        { id: "q", name: "Partner Q", values: { b2: 1000 }, verifiedValues: { b2: false } },
      ],
      evaluators: [{ id: "e1" }, { id: "e2" }, { id: "e3", conflicts: ["p"] }],
      scores: [
        cited(score("e1", "p", "a1", 4)),
        score("e1", "p", "a3", 2),
        cited(score("e2", "p", "a3", 3)),
        // Neither counts: e3 is conflicted with p, "ghost" is not assigned.
        cited(score("e3", "p", "c1", 4)),
        cited(score("ghost", "p", "b1", 5)),
      ],
    };
  }

  it("sums the nominal weights of the criteria backed by verified evidence", () => {
    const p = candidate(computeResults(input()), "p");
    // a1 (0.15) and a3 (0.1) through their scores, b2 (1/3) through its profile claim; b1 has a consensus but no
    // counted score citing anything, c1 no counted score at all.
    expectNear(p.evidenceConfidence, 0.15 + 0.1 + 1 / 3);
    expect(p.criteria.filter((c) => c.evidenceBacked).map((c) => c.criterionId)).toEqual(["a1", "a3", "b2"]);
    expect(p.evidenceDerivation.terms).toEqual([
      {
        criterionId: "a1",
        sectionId: "A",
        nominalWeight: criterion(p, "a1").nominalWeight,
        backing: { kind: "scores", evaluatorIds: ["e1"] },
      },
      {
        criterionId: "a3",
        sectionId: "A",
        nominalWeight: criterion(p, "a3").nominalWeight,
        backing: { kind: "scores", evaluatorIds: ["e2"] },
      },
      { criterionId: "b2", sectionId: "B", nominalWeight: 1 / 3, backing: { kind: "profile claim" } },
    ]);
    expect(p.evidenceDerivation.result).toBe(p.evidenceConfidence);
    expectNear(p.completeness, 0.75);
    const q = candidate(computeResults(input()), "q");
    expect(q.evidenceConfidence).toBe(0);
    expect(criterion(q, "b2").evidenceBacked).toBe(false);
  });

  it("counts a cited evaluator score under a consensus", () => {
    const withCitation = input();
    withCitation.scores.push(cited(score("e1", "p", "b1", 3)));
    const p = candidate(computeResults(withCitation), "p");
    expect(criterion(p, "b1").derivation).toMatchObject({ rule: "consensus", result: 5 });
    expect(criterion(p, "b1").evidenceBacked).toBe(true);
    expectNear(p.evidenceConfidence, 0.75);
    expectNear(p.evidenceConfidence, p.completeness);
  });

  it("leaves an undefined criterion unbacked, and a replaced score's citation goes with it", () => {
    const replaced = input();
    replaced.scores.push(score("e1", "p", "a1", 5));
    const p = candidate(computeResults(replaced), "p");
    expect(criterion(p, "a1").evidenceBacked).toBe(false);
    const noValue = input();
    noValue.candidates[0].values = {};
    expect(criterion(candidate(computeResults(noValue), "p"), "b2").evidenceBacked).toBe(false);
  });
});

describe("a two-section evaluation with a knockout and a numeric criterion", () => {
  const input: ScoringInput = {
    sections: [
      {
        id: "security",
        name: "Security",
        weight: 40,
        criteria: [{ id: "iso", weight: 1, kind: "rated", max: 5, knockout: 3 }],
      },
      {
        id: "price",
        name: "Price",
        weight: 60,
        criteria: [{ id: "rate", weight: 1, kind: "numeric", max: 10, direction: "lower" }],
      },
    ],
    candidates: [
      { id: "p", name: "Pine", values: { rate: 100 } },
      { id: "q", name: "Quay", values: { rate: 80 } },
      // Withdrawn: its lower rate is no one's `best`.
      { id: "w", name: "Wren", withdrawn: true, values: { rate: 50 } },
      { id: "s", name: "Sage", values: { rate: 160 } },
    ],
    evaluators: [{ id: "e1" }, { id: "e2", conflicts: ["s"] }],
    scores: [
      score("e1", "p", "iso", 4),
      score("e2", "p", "iso", 5),
      score("e1", "q", "iso", 1),
      score("e2", "q", "iso", 4),
      score("e1", "w", "iso", 5),
      // Conflicted, so it counts for nothing.
      score("e2", "s", "iso", 5),
      // Not assigned, so it counts for nothing.
      score("ghost", "s", "iso", 5),
    ],
    minimumTotal: 82,
  };
  const results = computeResults(input);

  it("derives the numeric score from the best non-withdrawn value", () => {
    expectNear(criterion(candidate(results, "p"), "rate").score, 8);
    expectNear(criterion(candidate(results, "q"), "rate").score, 10);
    expectNear(criterion(candidate(results, "s"), "rate").score, 5);
  });

  it("computes the totals", () => {
    expectNear(candidate(results, "p").total, 84);
    expectNear(candidate(results, "q").total, 80);
    expectNear(candidate(results, "s").total, 50);
  });

  it("flags a disagreement at 30% of the scale", () => {
    const q = criterion(candidate(results, "q"), "iso");
    expect(q.spread).toBe(3);
    expect(q.disagreement).toBe(true);
    const p = criterion(candidate(results, "p"), "iso");
    expect(p.spread).toBe(1);
    expect(p.disagreement).toBe(false);
  });

  it("disqualifies on a knockout and on the minimum total, and leaves a pending knockout alone", () => {
    const q = candidate(results, "q");
    expect(q.disqualified).toBe(true);
    expect(q.knockouts[0]).toMatchObject({ status: "fail", score: 2.5, threshold: 3 });
    expect(q.reasons).toEqual([
      { kind: "knockout", criterionId: "iso", sectionId: "security", threshold: 3, score: 2.5 },
      { kind: "minimumTotal", minimum: 82, total: 80 },
    ]);
    const s = candidate(results, "s");
    expect(s.knockouts[0].status).toBe("pending");
    expect(s.criteria[0].derivation).toMatchObject({ rule: "none", reason: "no scores" });
    // Below the minimum, but only 60% complete: not failed yet.
    expect(s.minimumTotal).toEqual({ minimum: 82, status: "pending" });
    expect(s.disqualified).toBe(false);
    expect(candidate(results, "p").minimumTotal).toEqual({ minimum: 82, status: "pass" });
  });

  it("ranks the disqualified after every qualified candidate, the numbers running on", () => {
    expect(results.candidates.map((c) => [c.candidateId, c.rank])).toEqual([
      ["p", 1],
      ["s", 2],
      ["q", 3],
    ]);
    expect(results.withdrawn).toEqual([{ candidateId: "w", name: "Wren" }]);
    expect(results.final).toBe(false);
  });

  it("takes the highest value as best when higher is better", () => {
    const higher = computeResults({
      ...input,
      sections: [
        {
          id: "warranty",
          name: "Warranty",
          weight: 1,
          criteria: [{ id: "rate", weight: 1, kind: "numeric", direction: "higher" }],
        },
      ],
      minimumTotal: undefined,
    });
    expectNear(candidate(higher, "p").total, 100 * (100 / 160));
    expectNear(criterion(candidate(higher, "s"), "rate").score, 5);
    expect(higher.final).toBe(true);
  });
});

function singleCriterion(totals: Record<string, number | undefined>): ScoringInput {
  const ids = Object.keys(totals);
  return {
    sections: [{ id: "s", name: "S", weight: 1, criteria: [{ id: "c", weight: 1, kind: "rated", max: 10 }] }],
    candidates: ids.map((id) => ({ id, name: id.toUpperCase() })),
    evaluators: [{ id: "e" }],
    scores: [],
    consensus: ids.flatMap((id) =>
      totals[id] === undefined ? [] : [{ candidateId: id, criterionId: "c", value: totals[id]! / 10 }],
    ),
  };
}

describe("ranking", () => {
  it("shares a rank between equal totals (1, 2, 2, 4)", () => {
    const results = computeResults(singleCriterion({ d: 70, b: 80, a: 90, c: 80 }));
    expect(results.candidates.map((c) => [c.candidateId, c.rank])).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 2],
      ["d", 4],
    ]);
    expect(results.final).toBe(true);
    // Rule 9 as data: the group, the rounded total compared, who is ahead and who shares the rank.
    expect(candidate(results, "b").rankDerivation).toEqual({
      rule: "rank = 1 + candidates ranked before: qualified by T descending, then disqualified by T descending, totals compared rounded to 9 decimals, equal ones sharing a rank; no T, no rank",
      group: "qualified",
      roundedTotal: 80,
      ahead: 1,
      tiedWith: ["c"],
      result: 2,
    });
    expect(candidate(results, "c").rankDerivation).toMatchObject({ tiedWith: ["b"], ahead: 1, result: 2 });
    expect(candidate(results, "d").rankDerivation).toMatchObject({ tiedWith: [], ahead: 3, result: 4 });
  });

  it("compares totals rounded to 9 decimals", () => {
    // 0.1 + 0.2 and 0.3 differ in the 17th digit.
    const input: ScoringInput = {
      sections: [
        {
          id: "s",
          name: "S",
          weight: 1,
          criteria: [
            { id: "x", weight: 1, kind: "rated", max: 1 },
            { id: "y", weight: 2, kind: "rated", max: 1 },
          ],
        },
      ],
      candidates: [
        { id: "a", name: "A" },
        { id: "b", name: "B" },
      ],
      evaluators: [{ id: "e" }],
      scores: [],
      consensus: [
        { candidateId: "a", criterionId: "x", value: 0.3 },
        { candidateId: "a", criterionId: "y", value: 0.3 },
        { candidateId: "b", criterionId: "x", value: 0.1 },
        { candidateId: "b", criterionId: "y", value: 0.4 },
      ],
    };
    const results = computeResults(input);
    expect(results.candidates.map((c) => c.rank)).toEqual([1, 1]);
    const [a, b] = results.candidates;
    expect(a.total).not.toBe(b.total);
    expect(a.rankDerivation.roundedTotal).toBe(b.rankDerivation.roundedTotal);
    expect(a.rankDerivation.tiedWith).toEqual([b.candidateId]);
  });

  it("lists a candidate with no scores last, without a rank, even after the disqualified", () => {
    const input = singleCriterion({ a: 90, b: 20, z: undefined });
    input.sections[0].criteria[0] = { id: "c", weight: 1, kind: "rated", max: 10, knockout: 5 };
    const results = computeResults(input);
    expect(results.candidates.map((c) => [c.candidateId, c.rank, c.disqualified])).toEqual([
      ["a", 1, false],
      ["b", 2, true],
      ["z", undefined, false],
    ]);
    expect(candidate(results, "b").rankDerivation).toMatchObject({
      group: "disqualified",
      roundedTotal: 20,
      ahead: 1,
      tiedWith: [],
      result: 2,
    });
    const z = candidate(results, "z");
    expect(z.rankDerivation).toMatchObject({
      group: "unranked",
      roundedTotal: undefined,
      ahead: 2,
      result: undefined,
    });
    expect(z.total).toBeUndefined();
    expect(z.completeness).toBe(0);
    expect(z.derivation.contributions).toEqual([]);
    expect(z.knockouts[0].status).toBe("pending");
  });
});

describe("rule 1 details", () => {
  const input = (): ScoringInput => ({
    sections: [
      {
        id: "s",
        name: "S",
        weight: 1,
        criteria: [
          { id: "r", weight: 1, kind: "rated", max: 10, knockout: 4 },
          { id: "n", weight: 1, kind: "numeric", direction: "lower" },
        ],
      },
    ],
    candidates: [{ id: "p", name: "P", values: { n: 10 } }],
    evaluators: [{ id: "e1" }, { id: "e2" }],
    scores: [score("e1", "p", "r", 2), score("e2", "p", "r", 9), score("e1", "p", "n", 0)],
  });

  it("lets a consensus of 0 replace the mean, the evaluators' spread still shown", () => {
    const p = computeResults({ ...input(), consensus: [{ candidateId: "p", criterionId: "r", value: 0 }] })
      .candidates[0];
    const r = criterion(p, "r");
    expect(r.score).toBe(0);
    expect(r.derivation).toMatchObject({
      rule: "consensus",
      scores: [
        { evaluatorId: "e1", value: 2 },
        { evaluatorId: "e2", value: 9 },
      ],
    });
    expect(r.spread).toBe(7);
    expect(r.disagreement).toBe(true);
    expect(p.reasons).toEqual([
      { kind: "knockout", criterionId: "r", sectionId: "s", threshold: 4, score: 0 },
    ]);
  });

  it("ignores scores on numeric criteria and consensus on them", () => {
    const p = computeResults({ ...input(), consensus: [{ candidateId: "p", criterionId: "n", value: 1 }] })
      .candidates[0];
    expect(criterion(p, "n").derivation).toEqual({
      rule: "ratio",
      direction: "lower",
      value: 10,
      best: 10,
      max: 5,
      result: 5,
    });
    expect(criterion(p, "n").spread).toBeUndefined();
  });

  it("passes a knockout met exactly, within 1e-9", () => {
    const exact = input();
    exact.scores = [score("e1", "p", "r", 4)];
    expect(computeResults(exact).candidates[0].knockouts[0].status).toBe("pass");
    const near = input();
    near.scores = [];
    near.consensus = [{ candidateId: "p", criterionId: "r", value: 4 - 1e-12 }];
    expect(computeResults(near).candidates[0].knockouts[0].status).toBe("pass");
    near.consensus = [{ candidateId: "p", criterionId: "r", value: 3.9 }];
    expect(computeResults(near).candidates[0].knockouts[0].status).toBe("fail");
  });

  it("flags a disagreement from 30% of the scale", () => {
    const at = input();
    at.scores = [score("e1", "p", "r", 4), score("e2", "p", "r", 7)];
    expect(criterion(computeResults(at).candidates[0], "r").disagreement).toBe(true);
    at.scores = [score("e1", "p", "r", 4), score("e2", "p", "r", 6)];
    expect(criterion(computeResults(at).candidates[0], "r").disagreement).toBe(false);
  });

  it("counts a repeated score once, the last one", () => {
    const repeated = input();
    repeated.scores = [score("e1", "p", "r", 2), score("e1", "p", "r", 6)];
    const r = criterion(computeResults(repeated).candidates[0], "r");
    expect(r.derivation).toMatchObject({ rule: "mean", count: 1, result: 6 });
  });
});

describe("weight-0 sections and criteria", () => {
  it("change nothing of the figures", () => {
    const base = publishedExample();
    base.sections = base.sections.filter((s) => s.weight > 0);
    const withZeros = publishedExample();
    withZeros.sections[0].criteria.push({ id: "a4", weight: 0, kind: "rated", knockout: 5 });
    withZeros.sections[1].criteria.push({ id: "b3", weight: 0, kind: "numeric", direction: "higher" });
    withZeros.sections.push({ id: "E", name: "E", weight: 0, criteria: [] });
    withZeros.scores.push(score("e1", "p", "a4", 0));
    withZeros.candidates[0].values = { b2: 1200, b3: 1 };
    expect(computeResults(withZeros)).toEqual(computeResults(base));
  });

  it("leave nothing to rank when every section weighs 0", () => {
    const input = publishedExample();
    for (const s of input.sections) s.weight = 0;
    const results = computeResults(input);
    expect(results.candidates.every((c) => c.total === undefined && c.rank === undefined)).toBe(true);
    expect(results.final).toBe(false);
  });
});

describe("a ranking with no one in it", () => {
  it("is not final: with no candidate, or every one withdrawn, there is nothing to rank", () => {
    const none = computeResults({ ...publishedExample(), candidates: [], scores: [], consensus: [] });
    expect(none).toEqual({ candidates: [], withdrawn: [], final: false });
    const input = publishedExample();
    for (const c of input.candidates) c.withdrawn = true;
    const withdrawn = computeResults(input);
    expect(withdrawn.candidates).toEqual([]);
    expect(withdrawn.withdrawn.map((c) => c.candidateId)).toEqual(["p", "q"]);
    expect(withdrawn.final).toBe(false);
    expect(whatIf(withdrawn, input.sections, { A: 10 }).final).toBe(false);
  });
});

describe("validateWeights (rule 10)", () => {
  it("accepts the published example", () => {
    expect(validateWeights(publishedExample().sections)).toEqual([]);
  });

  it("reports negative and non-numeric weights by path", () => {
    const sections = publishedExample().sections;
    sections[1].weight = -1;
    sections[0].criteria[2].weight = Number.NaN;
    expect(validateWeights(sections)).toEqual([
      { path: "sections.0.criteria.2.weight", message: "A weight is a number of 0 or more." },
      { path: "sections.1.weight", message: "A weight is a number of 0 or more." },
    ]);
  });

  it("needs a positive section, and a positive criterion in each positive section", () => {
    expect(validateWeights([])).toEqual([
      { path: "sections", message: "At least one section needs a positive weight." },
    ]);
    expect(
      validateWeights([
        { weight: 1, criteria: [{ weight: 0 }] },
        { weight: 0, criteria: [] },
      ]),
    ).toEqual([
      {
        path: "sections.0.criteria",
        message: "A section with a positive weight needs at least one criterion with a positive weight.",
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

/** `undefined` with probability `nilWeight / (nilWeight + 1)`. NOTE: `fc.option` and `fc.oneof` lean towards their
 * first choice as records nest (fast-check's depth bias), which left knockouts out of every draw. */
const sometimes = <T>(arb: fc.Arbitrary<T>, nilWeight: number): fc.Arbitrary<T | undefined> =>
  fc
    .tuple(fc.integer({ min: 0, max: nilWeight }), arb)
    .map(([r, value]) => (r < nilWeight ? undefined : value));

const arbWeight = fc.oneof(
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 10 }), weight: 3 },
  { arbitrary: fc.double({ min: 0.01, max: 100, noNaN: true }), weight: 1 },
);

const arbCriterionShape = fc.record({
  weight: arbWeight,
  kind: fc.constantFrom("rated", "rated", "numeric"),
  max: sometimes(fc.integer({ min: 1, max: 10 }), 1),
  knockout: sometimes(fc.integer({ min: 0, max: 10 }), 1),
  direction: fc.constantFrom("lower" as const, "higher" as const),
});

const arbShape = fc.record({
  sections: fc.array(
    fc.record({ weight: arbWeight, criteria: fc.array(arbCriterionShape, { maxLength: 4 }) }),
    { minLength: 1, maxLength: 4 },
  ),
  candidates: fc.integer({ min: 1, max: 5 }),
  evaluators: fc.constantFrom(0, 1, 2, 2, 3, 3),
  minimumTotal: sometimes(fc.integer({ min: 0, max: 100 }), 1),
});

const exactly = <T>(arb: fc.Arbitrary<T>, length: number) =>
  fc.array(arb, { minLength: length, maxLength: length });

const arbInput: fc.Arbitrary<ScoringInput> = arbShape.chain((shape) => {
  const sections: SectionInput[] = shape.sections.map((s, i) => ({
    id: `s${i}`,
    name: `Section ${i}`,
    weight: s.weight,
    criteria: s.criteria.map((c, j): CriterionInput => {
      const id = `s${i}c${j}`;
      if (c.kind === "numeric")
        return { id, weight: c.weight, kind: "numeric", max: c.max, direction: c.direction };
      const max = c.max ?? 5;
      const knockout = c.knockout === undefined ? undefined : (c.knockout * max) / 10;
      return { id, weight: c.weight, kind: "rated", max: c.max, knockout };
    }),
  }));
  const all = sections.flatMap((s) => s.criteria);
  const rated = all.filter((c) => c.kind === "rated");
  const numeric = all.filter((c) => c.kind === "numeric");
  const nP = shape.candidates;
  const nE = shape.evaluators;
  return fc
    .record({
      candidates: exactly(
        fc.record({
          withdrawn: fc.nat(4).map((n) => n === 0),
          name: fc.constantFrom("Alder", "Birch", "Cedar"),
          values: exactly(sometimes(fc.integer({ min: 1, max: 2000 }), 1), numeric.length),
          verified: exactly(fc.boolean(), numeric.length),
        }),
        nP,
      ),
      conflicts: exactly(
        fc.nat(4).map((n) => n === 0),
        nE * nP,
      ),
      scores: exactly(sometimes(fc.nat(1000), 1), nE * nP * rated.length),
      cites: exactly(fc.boolean(), nE * nP * rated.length),
      consensus: exactly(sometimes(fc.nat(1000), 6), nP * rated.length),
    })
    .map((draw): ScoringInput => {
      const candidates = draw.candidates.map((c, i) => ({
        id: `p${i}`,
        name: c.name,
        withdrawn: c.withdrawn,
        values: Object.fromEntries(numeric.map((n, k) => [n.id, c.values[k]])),
        verifiedValues: Object.fromEntries(numeric.map((n, k) => [n.id, c.verified[k]])),
      }));
      const evaluators = Array.from({ length: nE }, (_, e) => ({
        id: `e${e}`,
        conflicts: candidates.filter((_, p) => draw.conflicts[e * nP + p]).map((p) => p.id),
      }));
      const scores: ScoreInput[] = [];
      const consensus: ScoringInput["consensus"] = [];
      candidates.forEach((p, pi) => {
        rated.forEach((c, ci) => {
          const max = c.max ?? 5;
          for (let e = 0; e < nE; e++) {
            const at = (e * nP + pi) * rated.length + ci;
            const value = draw.scores[at];
            if (value === undefined) continue;
            scores.push({
              ...score(`e${e}`, p.id, c.id, value % (max + 1)),
              citesVerifiedEvidence: draw.cites[at],
            });
          }
          const agreed = draw.consensus[pi * rated.length + ci];
          if (agreed !== undefined) {
            consensus.push({ candidateId: p.id, criterionId: c.id, value: (agreed % (10 * max + 1)) / 10 });
          }
        });
      });
      return { sections, candidates, evaluators, scores, consensus, minimumTotal: shape.minimumTotal };
    });
});

const byId = (results: ScoringResults) => new Map(results.candidates.map((c) => [c.candidateId, c]));

interface ReferenceFigures {
  sections: Map<string, number | undefined>;
  /** Rule 4 before the clamp; undefined when no section is defined. */
  total: number | undefined;
  completeness: number;
  evidenceConfidence: number;
}

/**
 * Rules 1-5 and 7 of docs/product.md "Scoring method", written from the text alone and sharing no code with the engine:
 * a second, slow and literal reading that the engine's figures are checked against.
 */
function referenceFigures(input: ScoringInput): Map<string, ReferenceFigures> {
  const active = input.candidates.filter((p) => !p.withdrawn);
  const assigned = new Map(input.evaluators.map((e) => [e.id, e.conflicts ?? []]));
  const maxOf = (c: CriterionInput) => c.max ?? 5;
  const sumW = input.sections.reduce((sum, s) => sum + Math.max(s.weight, 0), 0);
  // "best is the best value among the evaluation's candidates that have one and are not withdrawn".
  const best = new Map<string, number>();
  for (const s of input.sections) {
    for (const c of s.criteria) {
      if (c.kind !== "numeric") continue;
      const values = active.map((p) => p.values?.[c.id]).filter((v): v is number => v !== undefined && v > 0);
      if (values.length > 0)
        best.set(c.id, c.direction === "lower" ? Math.min(...values) : Math.max(...values));
    }
  }
  const figures = new Map<string, ReferenceFigures>();
  for (const p of active) {
    // The saved scores of the assigned evaluators not conflicted with p.
    const counted = input.scores.filter(
      (x) =>
        x.candidateId === p.id && assigned.has(x.evaluatorId) && !assigned.get(x.evaluatorId)!.includes(p.id),
    );
    const scoreOf = (c: CriterionInput): number | undefined => {
      if (c.kind === "numeric") {
        const value = p.values?.[c.id];
        const b = best.get(c.id);
        if (value === undefined || !(value > 0) || b === undefined) return undefined;
        return c.direction === "lower" ? (maxOf(c) * b) / value : (maxOf(c) * value) / b;
      }
      const agreed = (input.consensus ?? [])
        .filter((x) => x.candidateId === p.id && x.criterionId === c.id)
        .at(-1);
      if (agreed) return agreed.value;
      const own = counted.filter((x) => x.criterionId === c.id).map((x) => x.value);
      return own.length > 0 ? own.reduce((a, b) => a + b, 0) / own.length : undefined;
    };
    const backed = (c: CriterionInput) =>
      c.kind === "numeric"
        ? p.verifiedValues?.[c.id] === true
        : counted.some((x) => x.criterionId === c.id && x.citesVerifiedEvidence === true);
    const sections = new Map<string, number | undefined>();
    let weighted = 0;
    let weights = 0;
    let completeness = 0;
    let evidenceConfidence = 0;
    for (const s of input.sections) {
      if (!(s.weight > 0)) continue;
      const positive = s.criteria.filter((c) => c.weight > 0);
      const sumw = positive.reduce((sum, c) => sum + c.weight, 0);
      let top = 0;
      let bottom = 0;
      for (const c of positive) {
        const value = scoreOf(c);
        if (value === undefined) continue;
        top += (c.weight * value) / maxOf(c);
        bottom += c.weight;
        const ew = (s.weight / sumW) * (c.weight / sumw);
        completeness += ew;
        if (backed(c)) evidenceConfidence += ew;
      }
      const sec = bottom > 0 ? (100 * top) / bottom : undefined;
      sections.set(s.id, sec);
      if (sec !== undefined) {
        weighted += s.weight * sec;
        weights += s.weight;
      }
    }
    figures.set(p.id, {
      sections,
      total: weights > 0 ? weighted / weights : undefined,
      completeness,
      evidenceConfidence,
    });
  }
  return figures;
}

describe("properties", () => {
  it("keeps every total within 0-100, before the clamp too", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        for (const c of computeResults(input).candidates) {
          if (c.total === undefined) {
            expect(c.derivation.unclamped).toBeUndefined();
            continue;
          }
          expect(c.total >= 0 && c.total <= 100).toBe(true);
          // The clamp hides nothing: rule 4's own arithmetic stays in range, to rounding.
          const unclamped = c.derivation.unclamped!;
          expect(unclamped).toBeGreaterThanOrEqual(-1e-9);
          expect(unclamped).toBeLessThanOrEqual(100 + 1e-9);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("agrees with a reference reading of rules 1-5 and 7: sections, totals, completeness, evidence", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const reference = referenceFigures(input);
        const results = computeResults(input);
        expect(results.candidates.map((c) => c.candidateId).sort()).toEqual([...reference.keys()].sort());
        for (const c of results.candidates) {
          const ref = reference.get(c.candidateId)!;
          expect(c.sections.map((x) => x.sectionId)).toEqual([...ref.sections.keys()]);
          for (const x of c.sections) {
            const expected = ref.sections.get(x.sectionId);
            expect(x.score === undefined).toBe(expected === undefined);
            if (expected !== undefined) expectNear(x.score, expected);
          }
          expect(c.total === undefined).toBe(ref.total === undefined);
          if (ref.total !== undefined) {
            expectNear(c.derivation.unclamped, ref.total);
            expectNear(c.total, Math.min(100, Math.max(0, ref.total)));
          }
          expectNear(c.completeness, ref.completeness);
          expectNear(c.evidenceConfidence, ref.evidenceConfidence);
          // Completeness's derivation: the nominal weights it counted add up to it; the missing ones to the rest.
          const d = c.completenessDerivation;
          expect(d.result).toBe(c.completeness);
          expect(d.complete).toBe(c.complete);
          expectNear(
            d.terms.reduce((sum, t) => sum + t.nominalWeight, 0),
            ref.completeness,
          );
          const valid = validateWeights(input.sections).length === 0;
          if (valid) {
            expectNear(
              [...d.terms, ...d.missing].reduce((sum, t) => sum + t.nominalWeight, 0),
              1,
            );
          }
          expect(d.terms.map((t) => t.criterionId)).toEqual(
            c.criteria.filter((x) => x.score !== undefined).map((x) => x.criterionId),
          );
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("changes nothing when every weight is scaled by one positive factor", () => {
    const arb = fc.tuple(
      arbInput,
      fc.oneof(fc.integer({ min: 2, max: 1000 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true })),
    );
    fc.assert(
      fc.property(arb, ([input, factor]) => {
        fc.pre(factor > 0);
        const scaled: ScoringInput = {
          ...input,
          sections: input.sections.map((s) => ({
            ...s,
            weight: s.weight * factor,
            criteria: s.criteria.map((c) => ({ ...c, weight: c.weight * factor })),
          })),
        };
        const before = computeResults(input);
        const after = computeResults(scaled);
        expect(after.candidates.map((c) => c.candidateId)).toEqual(
          before.candidates.map((c) => c.candidateId),
        );
        expect(after.final).toBe(before.final);
        before.candidates.forEach((b, i) => {
          const a = after.candidates[i];
          expect(a.rank).toBe(b.rank);
          expect(a.disqualified).toBe(b.disqualified);
          expect(a.total === undefined).toBe(b.total === undefined);
          if (b.total !== undefined) expectNear(a.total, b.total);
          expectNear(a.completeness, b.completeness);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("never lowers a candidate's total nor worsens its rank when one of its rated scores is raised", () => {
    const arb = arbInput
      .filter((input) => input.scores.length > 0)
      .chain((input) => fc.tuple(fc.constant(input), fc.nat(input.scores.length - 1)));
    fc.assert(
      fc.property(arb, ([input, index]) => {
        const raised = input.scores[index];
        const max =
          input.sections.flatMap((s) => s.criteria).find((c) => c.id === raised.criterionId)!.max ?? 5;
        fc.pre(raised.value < max);
        const scores = input.scores.map((s, i) => (i === index ? { ...s, value: s.value + 1 } : s));
        const before = byId(computeResults(input)).get(raised.candidateId);
        const after = byId(computeResults({ ...input, scores })).get(raised.candidateId);
        if (!before || !after) {
          expect(before).toBe(after); // withdrawn either way
          return;
        }
        if (before.total === undefined) return;
        expect(after.total! >= before.total - 1e-9).toBe(true);
        expect(!before.disqualified && after.disqualified).toBe(false);
        if (!after.disqualified || before.disqualified) expect(after.rank!).toBeLessThanOrEqual(before.rank!);
      }),
      { numRuns: RUNS },
    );
  });

  it("does not depend on the order of the candidates in the input", () => {
    const arb = arbInput.chain((input) =>
      fc.tuple(
        fc.constant(input),
        fc.shuffledSubarray(input.candidates, {
          minLength: input.candidates.length,
          maxLength: input.candidates.length,
        }),
      ),
    );
    fc.assert(
      fc.property(arb, ([input, candidates]) => {
        expect(computeResults({ ...input, candidates })).toEqual(computeResults(input));
      }),
      { numRuns: RUNS },
    );
  });

  it("gives equal inputs the same rank", () => {
    const arb = arbInput.chain((input) =>
      fc.tuple(fc.constant(input), fc.nat(input.candidates.length - 1), fc.constantFrom("Alder", "Zelkova")),
    );
    fc.assert(
      fc.property(arb, ([input, index, name]) => {
        const original = input.candidates[index];
        const cloneId = "clone";
        const clone: ScoringInput = {
          ...input,
          candidates: [...input.candidates, { ...original, id: cloneId, name }],
          evaluators: input.evaluators.map((e) => ({
            ...e,
            conflicts: e.conflicts?.includes(original.id) ? [...e.conflicts, cloneId] : e.conflicts,
          })),
          scores: [
            ...input.scores,
            ...input.scores
              .filter((s) => s.candidateId === original.id)
              .map((s) => ({ ...s, candidateId: cloneId })),
          ],
          consensus: [
            ...(input.consensus ?? []),
            ...(input.consensus ?? [])
              .filter((s) => s.candidateId === original.id)
              .map((s) => ({ ...s, candidateId: cloneId })),
          ],
        };
        const results = byId(computeResults(clone));
        const a = results.get(original.id);
        const b = results.get(cloneId);
        expect(a === undefined).toBe(b === undefined);
        if (!a || !b) return;
        expect(b.total).toBe(a.total);
        expect(b.disqualified).toBe(a.disqualified);
        expect(b.rank).toBe(a.rank);
      }),
      { numRuns: RUNS },
    );
  });

  it("never ranks a disqualified candidate above a qualified one; the unranked come last", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const list = computeResults(input).candidates;
        const ranked = list.filter((c) => c.rank !== undefined);
        expect(list.slice(0, ranked.length)).toEqual(ranked);
        for (let i = 1; i < ranked.length; i++) {
          expect(ranked[i].rank!).toBeGreaterThanOrEqual(ranked[i - 1].rank!);
          if (ranked[i - 1].disqualified) expect(ranked[i].disqualified).toBe(true);
        }
        for (const q of ranked.filter((c) => !c.disqualified)) {
          for (const d of ranked.filter((c) => c.disqualified)) expect(q.rank!).toBeLessThan(d.rank!);
        }
        // Competition ranking: a rank is 1 + the number of candidates ranked strictly before it.
        ranked.forEach((c, i) => {
          const firstOfTie = ranked.findIndex((x) => x.rank === c.rank);
          expect(c.rank).toBe(firstOfTie + 1);
          expect(firstOfTie).toBeLessThanOrEqual(i);
          // Its derivation says the same: who is ahead, who shares the rank, in which group.
          const d = c.rankDerivation;
          expect(d.result).toBe(c.rank);
          expect(d.ahead).toBe(firstOfTie);
          expect(d.group).toBe(c.disqualified ? "disqualified" : "qualified");
          expectNear(d.roundedTotal, c.total!);
          expect(d.tiedWith).toEqual(
            ranked.filter((x) => x !== c && x.rank === c.rank).map((x) => x.candidateId),
          );
        });
        for (const c of list.slice(ranked.length)) {
          expect(c.rankDerivation).toMatchObject({ group: "unranked", ahead: ranked.length, tiedWith: [] });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("splits every total into contributions that add up to the total rule 4 gives, computed apart", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const reference = referenceFigures(input);
        for (const c of computeResults(input).candidates) {
          const sum = c.derivation.contributions.reduce((total, x) => total + x.points, 0);
          const independent = reference.get(c.candidateId)!.total;
          if (c.total === undefined) {
            expect(independent).toBeUndefined();
            expect(c.derivation.contributions).toEqual([]);
            continue;
          }
          // Rule 6 against rule 4 computed by the reference, not against the engine's own total.
          expectNear(sum, independent!);
          expectNear(sum, c.total);
          expectNear(c.derivation.unclamped, c.total);
          const applied = c.derivation.contributions.reduce((total, x) => total + x.appliedWeight, 0);
          expectNear(applied, 1);
          // Each section's part of the total is the sum of its criteria's contributions.
          expectNear(
            c.derivation.terms.reduce((total, t) => total + t.points, 0),
            c.total,
          );
          for (const t of c.derivation.terms) {
            const own = c.derivation.contributions.filter((x) => x.sectionId === t.sectionId);
            expectNear(
              own.reduce((total, x) => total + x.points, 0),
              t.points,
            );
          }
          expect(c.completeness).toBeLessThanOrEqual(1 + 1e-9);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** Every figure of the results, without the derivations' lists: what a figures-only computation must keep. */
function figuresOf(results: ScoringResults) {
  return {
    final: results.final,
    withdrawn: results.withdrawn,
    candidates: results.candidates.map((c) => ({
      id: c.candidateId,
      total: c.total,
      unclamped: c.derivation.unclamped,
      weightedSum: c.derivation.weightedSum,
      weightSum: c.derivation.weightSum,
      contributionSum: c.derivation.contributionSum,
      completeness: c.completeness,
      complete: c.complete,
      evidenceConfidence: c.evidenceConfidence,
      evaluatorCoverage: c.evaluatorCoverage,
      coverage: c.coverageDerivation,
      knockouts: c.knockouts,
      minimumTotal: c.minimumTotal,
      disqualified: c.disqualified,
      reasons: c.reasons,
      rank: c.rank,
      group: c.rankDerivation.group,
      sections: [...c.sections, ...(c.zeroWeightSections?.sections ?? [])].map((s) => ({
        id: s.sectionId,
        score: s.score,
        weightedSum: s.derivation.weightedSum,
        weightSum: s.derivation.weightSum,
      })),
      criteria: [...c.criteria, ...(c.zeroWeightSections?.criteria ?? [])].map((x) => ({
        ...x,
        derivation: { rule: x.derivation.rule, result: x.derivation.result },
      })),
    })),
  };
}

describe("figures only", () => {
  it("gives the same figures, to the last bit, without building the derivations' lists", () => {
    fc.assert(
      fc.property(arbInput, fc.boolean(), (input, zeroWeightSections) => {
        const full = computeResults(input, { zeroWeightSections });
        const lean = computeResults(input, { zeroWeightSections, derivations: false });
        expect(figuresOf(lean)).toEqual(figuresOf(full));
        expect(lean.derivations).toBe(false);
        expect(full.derivations).toBeUndefined();
        for (const c of lean.candidates) {
          expect(c.derivation.terms).toEqual([]);
          expect(c.derivation.contributions).toEqual([]);
          expect(c.completenessDerivation.terms).toEqual([]);
          expect(c.evidenceDerivation.terms).toEqual([]);
          for (const s of c.sections) expect(s.derivation.terms).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps the published example's figures", () => {
    const p = candidate(computeResults(publishedExample(), { derivations: false }), "p");
    expectNear(p.total, 1459 / 18);
    expectNear(p.derivation.contributionSum, 1459 / 18);
    expectNear(p.completeness, 0.75);
    expectNear(criterion(p, "b2").contribution!, 625 / 18);
    // Q, scored only on b2 at the best value, has 100.
    expect(p.rank).toBe(2);
  });
});

/** Checks `rankStability` against the totals of rule 4 computed at each share, by brute force. */
function checkStability(input: ScoringInput) {
  const results = computeResults(input);
  const stability = rankStability(results, input.sections);
  const race = results.candidates.filter((c) => !c.disqualified && c.total !== undefined);
  if (!stability) {
    expect(race).toEqual([]);
    return;
  }
  const top = race.filter((c) => c.rank === 1);
  expect(stability.tied).toBe(top.length > 1);
  const positive = input.sections.filter((s) => s.weight > 0);
  const weightSum = positive.reduce((sum, s) => sum + s.weight, 0);
  for (const s of stability.sections) {
    const section = positive.find((x) => x.id === s.sectionId)!;
    expectNear(s.share, section.weight / weightSum);
    if (stability.tied) {
      expect([s.down?.distancePoints, s.up?.distancePoints]).toEqual([0, 0]);
      continue;
    }
    // Brute force: the totals by rule 4 at share x, the other sections keeping their proportions.
    const rest = weightSum - section.weight;
    const scores = race.map((c) => positive.map((t) => c.sections.find((y) => y.sectionId === t.id)?.score));
    const totalsAt = (x: number) =>
      new Map(
        race.map((c, i) => [
          c.candidateId,
          weightedTotal(
            positive.map((t, j) => ({
              weight: t.id === s.sectionId ? x : rest > 0 ? ((1 - x) * t.weight) / rest : 0,
              score: scores[i][j],
            })),
          ),
        ]),
      );
    // How far the best challenger is above the leader (negative: below; +Infinity: the leader has no total).
    const lead = (x: number) => {
      const totals = totalsAt(x);
      const leader = totals.get(stability.leaderId!);
      if (leader === undefined) return Number.POSITIVE_INFINITY;
      let best = Number.NEGATIVE_INFINITY;
      for (const [id, t] of totals)
        if (id !== stability.leaderId && t !== undefined) best = Math.max(best, t);
      return best - leader;
    };
    for (const [limit, end] of [
      [s.down, Math.min(LOWEST_SHARE, s.share)],
      [s.up, HIGHEST_SHARE],
    ] as const) {
      const stop = limit ? limit.share : end;
      if (limit) {
        expectNear(limit.distancePoints, 100 * Math.abs(limit.share - s.share));
        // There a challenger meets the leader, or the leader has no total.
        expect(lead(limit.share)).toBeGreaterThanOrEqual(-1e-6);
        const totals = totalsAt(limit.share);
        const leader = totals.get(stability.leaderId!);
        for (const id of limit.by) expect(totals.get(id)!).toBeGreaterThanOrEqual((leader ?? 0) - 1e-6);
      }
      // Before it, on a fine grid, no challenger gets above the leader (the worst point asserted once: an expect per
      // point made this property the suite's slowest).
      const steps = 100;
      let worst = { x: s.share, lead: Number.NEGATIVE_INFINITY };
      for (let i = 0; i <= steps; i++) {
        const x = s.share + ((stop - s.share) * i) / steps;
        if (limit && Math.abs(x - limit.share) < 1e-6) continue;
        const l = lead(x);
        if (l > worst.lead) worst = { x, lead: l };
      }
      expect(worst.lead, `a challenger passes the leader at share ${worst.x}`).toBeLessThanOrEqual(1e-9);
    }
  }
}

/** Dense races for rank stability: every candidate scored on one criterion per section, now and then not at all. */
const arbRace: fc.Arbitrary<ScoringInput> = fc
  .record({
    weights: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 4 }),
    candidates: fc.integer({ min: 2, max: 6 }),
  })
  .chain(({ weights, candidates }) =>
    fc.tuple(
      fc.constant(weights),
      exactly(
        exactly(
          // About one score in five missing.
          fc.integer({ min: -25, max: 100 }).map((v) => (v < 0 ? undefined : v)),
          weights.length,
        ),
        candidates,
      ),
    ),
  )
  .map(
    ([weights, grid]): ScoringInput => ({
      sections: weights.map((weight, i) => ({
        id: `s${i}`,
        name: `Section ${i}`,
        weight,
        criteria: [{ id: `c${i}`, weight: 1, kind: "rated", max: 100 }],
      })),
      candidates: grid.map((_, p) => ({ id: `p${p}`, name: `P${p}` })),
      evaluators: [{ id: "e" }],
      scores: grid.flatMap((row, p) =>
        row.flatMap((value, i) => (value === undefined ? [] : [score("e", `p${p}`, `c${i}`, value)])),
      ),
    }),
  );

describe("evidence and sensitivity properties", () => {
  it("keeps evidence confidence within 0 and completeness (E <= C)", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        for (const c of computeResults(input).candidates) {
          expect(c.evidenceConfidence).toBeGreaterThanOrEqual(0);
          expect(c.evidenceConfidence).toBeLessThanOrEqual(c.completeness);
          expect(c.evidenceConfidence).toBeLessThanOrEqual(1 + 1e-9);
          for (const x of c.criteria) if (x.evidenceBacked) expect(x.score).toBeDefined();
          const sum = c.evidenceDerivation.terms.reduce((total, t) => total + t.nominalWeight, 0);
          expectNear(sum, c.evidenceConfidence);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("gives with the what-if what computeResults gives with those section weights, knockouts held", () => {
    const arb = arbInput.chain((input) =>
      fc.tuple(fc.constant(input), exactly(sometimes(arbWeight, 3), input.sections.length)),
    );
    fc.assert(
      fc.property(arb, ([input, drawn]) => {
        const newWeights: Record<string, number> = {};
        input.sections.forEach((s, i) => {
          if (drawn[i] !== undefined) newWeights[s.id] = drawn[i]!;
        });
        const results = computeResults(input, { zeroWeightSections: true });
        const moved = whatIf(results, input.sections, newWeights);
        const recomputed = computeResults({
          ...input,
          sections: input.sections.map((s) => ({ ...s, weight: newWeights[s.id] ?? s.weight })),
        });
        // Knockouts stay as they were at the saved weights; the minimum total follows the new totals.
        const held = byId(results);
        const expected = {
          final: recomputed.final,
          candidates: rankCandidates(
            recomputed.candidates.map((e) => {
              const reasons = [
                ...held.get(e.candidateId)!.reasons.filter((r) => r.kind === "knockout"),
                ...e.reasons.filter((r) => r.kind === "minimumTotal"),
              ];
              return { ...e, reasons, disqualified: reasons.length > 0, rank: undefined };
            }),
          ),
        };
        expect(moved.candidates.map((c) => c.candidateId)).toEqual(
          expected.candidates.map((c) => c.candidateId),
        );
        expect(moved.final).toBe(expected.final);
        moved.candidates.forEach((m, i) => {
          const e = expected.candidates[i];
          expect(m.total === undefined).toBe(e.total === undefined);
          if (e.total !== undefined) expectNear(m.total, e.total);
          expect(m.rank).toBe(e.rank);
          expect(m.disqualified).toBe(e.disqualified);
          expect(m.reasons).toEqual(e.reasons);
          expectNear(m.completeness, e.completeness);
          expect(m.complete).toBe(e.complete);
          expect(m.rankChanged).toBe(m.rank !== byId(results).get(m.candidateId)!.rank);
        });
        expect(moved.changed).toEqual(
          moved.candidates.filter((c) => c.rankChanged).map((c) => c.candidateId),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("reports rank-stability limits where the leader really changes, and none before", () => {
    fc.assert(fc.property(arbInput, checkStability), { numRuns: RUNS });
  });

  it("reports rank-stability limits exactly in dense races, undefined sections included", () => {
    fc.assert(fc.property(arbRace, checkStability), { numRuns: RUNS });
  });

  it("gives win probabilities that add up to 1, the same for the same seed", () => {
    const arb = fc.tuple(arbInput, fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(arb, ([input, evaluationId]) => {
        const results = computeResults(input);
        const shares = winProbability(results, input.sections, evaluationId, 50);
        const contenders = results.candidates.filter((c) => !c.disqualified && c.total !== undefined);
        if (contenders.length === 0) {
          expect(shares).toBeUndefined();
          return;
        }
        expect([...shares!.keys()].sort()).toEqual(contenders.map((c) => c.candidateId).sort());
        expectNear(
          [...shares!.values()].reduce((total, x) => total + x, 0),
          1,
        );
        expect(winProbability(results, input.sections, evaluationId, 50)).toEqual(shares);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("win probability", () => {
  it("hashes with 32-bit FNV-1a and draws with mulberry32", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    // The published reference implementation of mulberry32.
    function reference(seed: number) {
      let a = seed;
      return () => {
        a |= 0;
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    for (const seed of [0, 1, 42, 0xdeadbeef]) {
      const ours = mulberry32(seed);
      const theirs = reference(seed);
      for (let i = 0; i < 100; i++) expect(ours()).toBe(theirs());
    }
  });

  it("samples gamma deviates with mean alpha, below 1 as well", () => {
    const random = mulberry32(7);
    for (const alpha of [0.2, 1, 3.5, 40]) {
      const n = 20_000;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += gamma(alpha, random);
      expect(Math.abs(sum / n - alpha) / alpha).toBeLessThan(0.05);
    }
  });

  it("is repeatable, adds up to 1, splits ties and holds disqualifications", () => {
    const ids = ["a", "b", "b2", "d", "k"];
    const input: ScoringInput = {
      sections: [
        {
          id: "x",
          name: "X",
          weight: 60,
          criteria: [
            { id: "cx", weight: 1, kind: "rated", max: 10 },
            { id: "ko", weight: 0.001, kind: "rated", max: 5, knockout: 3 },
          ],
        },
        { id: "y", name: "Y", weight: 40, criteria: [{ id: "cy", weight: 1, kind: "rated", max: 10 }] },
        { id: "z", name: "Z", weight: 0, criteria: [{ id: "cz", weight: 1, kind: "rated", max: 10 }] },
      ],
      candidates: ids.map((id) => ({ id, name: id.toUpperCase() })),
      evaluators: [{ id: "e" }],
      scores: [
        ...ids.map((id) => score("e", id, "ko", id === "k" ? 0 : 5)),
        score("e", "a", "cx", 8),
        score("e", "a", "cy", 4),
        score("e", "b", "cx", 5),
        score("e", "b", "cy", 8),
        score("e", "b2", "cx", 5),
        score("e", "b2", "cy", 8),
        score("e", "d", "cx", 1),
        score("e", "d", "cy", 1),
        score("e", "k", "cx", 10),
        score("e", "k", "cy", 10),
      ],
      minimumTotal: 50,
    };
    const results = computeResults(input);
    expect(candidate(results, "k").reasons.map((r) => r.kind)).toEqual(["knockout"]);
    expect(candidate(results, "d").reasons.map((r) => r.kind)).toEqual(["minimumTotal"]);
    const shares = winProbability(results, input.sections, "evaluation-1")!;
    expect(shares).toEqual(winProbability(results, input.sections, "evaluation-1"));
    expect([...shares.keys()].sort()).toEqual(["a", "b", "b2"]);
    expectNear(
      [...shares.values()].reduce((total, x) => total + x, 0),
      1,
    );
    expect(shares.get("b")).toBe(shares.get("b2"));
    // A leads at the chosen weights (64.0 against 62.0); B and its twin take the draws leaning towards Y.
    expect(shares.get("a")!).toBeGreaterThan(0.5);
    expect(shares.get("b")!).toBeGreaterThan(0);
    expect(winProbability(results, input.sections, "evaluation-2")).not.toEqual(shares);
  });

  it("matches the exact probability of a two-section race", () => {
    const input: ScoringInput = {
      sections: [
        { id: "x", name: "X", weight: 60, criteria: [{ id: "cx", weight: 1, kind: "rated", max: 10 }] },
        { id: "y", name: "Y", weight: 40, criteria: [{ id: "cy", weight: 1, kind: "rated", max: 10 }] },
      ],
      candidates: [
        { id: "a", name: "A" },
        { id: "b", name: "B" },
      ],
      evaluators: [{ id: "e" }],
      scores: [
        score("e", "a", "cx", 8),
        score("e", "a", "cy", 4),
        score("e", "b", "cx", 5),
        score("e", "b", "cy", 8),
      ],
    };
    // A wins when X's share exceeds 4/7; that share is Beta(30, 20), so P = 0.66521 (scipy); 2,000 draws leave a
    // standard error of about 0.0106.
    const shares = winProbability(computeResults(input), input.sections, "race")!;
    expect(Math.abs(shares.get("a")! - 0.66521)).toBeLessThan(0.04);
    expectNear(shares.get("a")! + shares.get("b")!, 1);
  });

  it("gives a candidate ahead in every section every draw, and nothing without a qualified total", () => {
    const results = computeResults(singleCriterion({ a: 90, b: 80 }));
    expect(winProbability(results, [{ id: "s", weight: 1 }], "e")).toEqual(
      new Map([
        ["a", 1],
        ["b", 0],
      ]),
    );
    expect(
      winProbability(computeResults(singleCriterion({ z: undefined })), [{ id: "s", weight: 1 }], "e"),
    ).toBe(undefined);
  });
});

/**
 * What the comparison's SQL does: the counted scores (assigned evaluators not conflicted with the candidate) of each
 * cell summed, counted and bounded. `keep` leaves some cells as individual scores, so mixed inputs are tried too.
 */
function summarise(input: ScoringInput, keep: (cell: number) => boolean): ScoringInput {
  const conflicted = new Map(input.evaluators.map((e) => [e.id, new Set(e.conflicts ?? [])]));
  const cells = new Map<string, ScoreInput[]>();
  for (const s of input.scores) {
    const conflicts = conflicted.get(s.evaluatorId);
    if (!conflicts || conflicts.has(s.candidateId)) continue;
    const k = `${s.candidateId} ${s.criterionId}`;
    // A repeated score replaces the earlier one, as in the engine.
    const own = (cells.get(k) ?? []).filter((x) => x.evaluatorId !== s.evaluatorId);
    cells.set(k, [...own, s]);
  }
  const scores: ScoreInput[] = [];
  const scoreSummaries: NonNullable<ScoringInput["scoreSummaries"]> = [];
  [...cells.values()].forEach((cell, i) => {
    if (keep(i)) {
      scores.push(...cell);
      return;
    }
    const values = cell.map((s) => s.value);
    scoreSummaries.push({
      candidateId: cell[0].candidateId,
      criterionId: cell[0].criterionId,
      count: cell.length,
      sum: values.reduce((a, b) => a + b, 0),
      min: Math.min(...values),
      max: Math.max(...values),
      citesVerifiedEvidence: cell.some((s) => s.citesVerifiedEvidence === true),
    });
  });
  return { ...input, scores, scoreSummaries };
}

/** Every figure of the results, the per-evaluator lists aside (a summary has none). */
function figures(results: ScoringResults) {
  return results.candidates.map((c) => ({
    id: c.candidateId,
    rank: c.rank,
    total: c.total,
    completeness: c.completeness,
    evidence: c.evidenceConfidence,
    coverage: c.evaluatorCoverage,
    reasons: c.reasons,
    knockouts: c.knockouts,
    sections: c.sections.map((s) => [s.sectionId, s.score, s.derivation.weightedSum, s.derivation.weightSum]),
    contributions: c.derivation.contributions,
    criteria: c.criteria.map((x) => {
      const d = x.derivation;
      return {
        id: x.criterionId,
        score: x.score,
        spread: x.spread,
        disagreement: x.disagreement,
        evidenceBacked: x.evidenceBacked,
        rule: d.rule,
        count: d.rule === "mean" ? d.count : undefined,
        sum: d.rule === "mean" ? d.sum : undefined,
      };
    }),
  }));
}

describe("score summaries", () => {
  it("give exactly the figures the individual scores give, alone or mixed with them", () => {
    fc.assert(
      fc.property(arbInput, fc.nat(3), (input, mode) => {
        const keep = [() => false, () => true, (i: number) => i % 2 === 0, (i: number) => i % 3 === 1][mode];
        const summarised = summarise(input, keep);
        // Bit for bit: the same sums of integers in doubles, the same totals, ranks and flags.
        expect(figures(computeResults(summarised))).toEqual(figures(computeResults(input)));
      }),
      { numRuns: RUNS },
    );
  });

  it("leave the per-evaluator lists empty, counting the scores all the same", () => {
    const input = publishedExample();
    const results = computeResults(summarise(input, () => false));
    const a3 = criterion(candidate(results, "p"), "a3");
    expect(a3.derivation).toEqual({ rule: "mean", scores: [], sum: 5, count: 2, max: 5, result: 2.5 });
    expect(a3.spread).toBe(1);
    expect(candidate(results, "p").total).toBe(candidate(computeResults(input), "p").total);
    expectNear(candidate(results, "p").total, 1459 / 18);
  });
});

describe("the packed results the browser gets", () => {
  it("give the what-if, rank stability and win probability exactly what the full results give, through JSON", () => {
    const arb = arbInput.chain((input) =>
      fc.tuple(fc.constant(input), exactly(sometimes(arbWeight, 2), input.sections.length)),
    );
    fc.assert(
      fc.property(arb, ([input, drawn]) => {
        const results = computeResults(input, { zeroWeightSections: true });
        const packed = JSON.parse(JSON.stringify(packResults(results, input.sections)));
        const unpacked = unpackResults(packed, input.sections);
        const newWeights = Object.fromEntries(
          input.sections.flatMap((s, i) => (drawn[i] === undefined ? [] : [[s.id, drawn[i]!]])),
        );
        expect(whatIf(unpacked, input.sections, newWeights)).toEqual(
          whatIf(results, input.sections, newWeights),
        );
        expect(rankStability(unpacked, input.sections)).toEqual(rankStability(results, input.sections));
        expect(winProbability(unpacked, input.sections, "seed", 50)).toEqual(
          winProbability(results, input.sections, "seed", 50),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("refuse results computed without the weight-0 sections", () => {
    const input = publishedExample();
    expect(() => packResults(computeResults(input), input.sections)).toThrow(/zeroWeightSections/);
  });
});
