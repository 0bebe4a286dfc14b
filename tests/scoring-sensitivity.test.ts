// Worked examples of the sensitivity figures (docs/product.md "Sensitivity"); the properties that check them against the
// engine and a brute-force search sit with the engine's generators in scoring.test.ts.
import { describe, expect, it } from "vitest";
import { computeResults, type ScoringInput, type SectionInput } from "../app/domain/scoring";
import {
  describeStability,
  rankStability,
  type SectionStability,
  whatIf,
} from "../app/domain/scoring/sensitivity";

function expectNear(actual: number | undefined, expected: number, tolerance = 1e-9) {
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
}

/** One rated criterion (0-100) per section, so each score is the section score; `undefined` leaves it unscored. */
function race(
  weights: Record<string, number>,
  sections: Record<string, (number | undefined)[]>,
): ScoringInput {
  const ids = Object.keys(weights);
  return {
    sections: ids.map((id) => ({
      id,
      name: id,
      weight: weights[id],
      criteria: [{ id: `${id}1`, weight: 1, kind: "rated", max: 100 }],
    })),
    candidates: Object.keys(sections).map((id) => ({ id, name: id })),
    evaluators: [{ id: "e" }],
    scores: Object.entries(sections).flatMap(([candidateId, row]) =>
      row.flatMap((value, i) =>
        value === undefined ? [] : [{ evaluatorId: "e", candidateId, criterionId: `${ids[i]}1`, value }],
      ),
    ),
  };
}

const section = (stability: { sections: SectionStability[] } | undefined, id: string) =>
  stability!.sections.find((s) => s.sectionId === id)!;

// docs/product.md "Scoring method", the published example (as in scoring.test.ts).
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
      { evaluatorId: "e1", candidateId: "p", criterionId: "a1", value: 4 },
      { evaluatorId: "e1", candidateId: "p", criterionId: "a3", value: 2 },
      { evaluatorId: "e2", candidateId: "p", criterionId: "a3", value: 3 },
      { evaluatorId: "e1", candidateId: "p", criterionId: "d1", value: 0 },
    ],
    consensus: [{ candidateId: "p", criterionId: "b1", value: 5 }],
  };
}

describe("what-if on the published example", () => {
  const input = publishedExample();
  const results = computeResults(input, { zeroWeightSections: true });

  it("keeps the figures and ranks at the saved weights", () => {
    const same = whatIf(results, input.sections, {});
    expect(same.candidates.map((c) => [c.candidateId, c.total, c.rank])).toEqual(
      results.candidates.map((c) => [c.candidateId, c.total, c.rank]),
    );
    expectNear(same.candidates[1].total, 1459 / 18);
    expectNear(same.candidates[1].completeness, 0.75);
    expect(same.changed).toEqual([]);
  });

  it("recomputes totals and completeness from the section scores, C dropped", () => {
    // Sec(A) = 68, Sec(B) = 800/9 for P; Q has only b2 at the best value: Sec(B) = 100.
    const moved = whatIf(results, input.sections, { A: 50, B: 50, C: 0 });
    const [q, p] = moved.candidates;
    expect([q.candidateId, p.candidateId]).toEqual(["q", "p"]);
    expectNear(p.total, 706 / 9);
    // A: 0.5 * (3 + 2) / 6 defined; B: 0.5 all defined.
    expectNear(p.completeness, 11 / 12);
    expectNear(q.total, 100);
    expectNear(q.completeness, 1 / 3);
    expect(moved.final).toBe(false);
  });

  it("counts a section raised from 0 in the totals but leaves its knockout out: knockouts stay as they are", () => {
    const moved = whatIf(results, input.sections, { B: 0, D: 50 });
    const p = moved.candidates.find((c) => c.candidateId === "p")!;
    // (30 * 68 + 50 * 0) / 80; C(p) = 0.3 * 5/6 + 0.5.
    expectNear(p.total, 25.5);
    expectNear(p.completeness, 0.75);
    // d1 = 0 is below its threshold of 5, but D's knockout was not in force at the saved weights.
    expect(p.disqualified).toBe(false);
    expect(p.reasons).toEqual([]);
    expect(p.rank).toBe(1);
    const q = moved.candidates.find((c) => c.candidateId === "q")!;
    expect([q.total, q.rank, q.rankChanged]).toEqual([undefined, undefined, true]);
    expect(moved.changed.sort()).toEqual(["p", "q"]);
  });

  it("keeps a failed knockout when its section is moved to weight 0", () => {
    const strict = publishedExample();
    strict.sections[0].criteria[0] = { id: "a1", weight: 3, kind: "rated", max: 5, knockout: 5 };
    const saved = computeResults(strict, { zeroWeightSections: true });
    const p = saved.candidates.find((c) => c.candidateId === "p")!;
    expect(p.reasons).toEqual([
      { kind: "knockout", criterionId: "a1", sectionId: "A", threshold: 5, score: 4 },
    ]);
    const moved = whatIf(saved, strict.sections, { A: 0 }).candidates.find((c) => c.candidateId === "p")!;
    // Sec(B) = 800/9 alone now.
    expectNear(moved.total, 800 / 9);
    expect(moved.disqualified).toBe(true);
    expect(moved.reasons).toEqual(p.reasons);
  });

  it("refuses to raise a section from 0 without its scores", () => {
    expect(() => whatIf(computeResults(input), input.sections, { D: 10 })).toThrow(/zeroWeightSections/);
  });
});

describe("what-if on two candidates", () => {
  // P: A 100, B 40 (T = 40 + 60x); Q: A 40, B 80 (T = 80 - 40x); x is A's share.
  const input = { ...race({ A: 60, B: 40 }, { P: [100, 40], Q: [40, 80] }), minimumTotal: 60 };
  const results = computeResults(input);

  it("flips the leader and re-applies the minimum total to the new totals", () => {
    expect(results.candidates.map((c) => [c.candidateId, c.total, c.rank, c.disqualified])).toEqual([
      ["P", 76, 1, false],
      ["Q", 56, 2, true],
    ]);
    const moved = whatIf(results, input.sections, { A: 30, B: 70 });
    expect(moved.candidates.map((c) => [c.candidateId, c.rank, c.disqualified, c.rankChanged])).toEqual([
      ["Q", 1, false, true],
      ["P", 2, true, true],
    ]);
    expectNear(moved.candidates[0].total, 68);
    expectNear(moved.candidates[1].total, 58);
    expect(moved.candidates[1].reasons).toEqual([{ kind: "minimumTotal", minimum: 60, total: 58 }]);
    expect(moved.changed).toEqual(["Q", "P"]);
    // Another minimum may be tried as well.
    expect(
      whatIf(results, input.sections, { A: 30, B: 70 }, 50).candidates.every((c) => !c.disqualified),
    ).toBe(true);
  });
});

describe("rank stability", () => {
  it("finds the crossing at x = 0.4 of two linear totals", () => {
    const input = race({ A: 60, B: 40 }, { P: [100, 40], Q: [40, 80] });
    const stability = rankStability(computeResults(input), input.sections);
    expect(stability?.leaderId).toBe("P");
    const a = section(stability, "A");
    expectNear(a.share, 0.6);
    // 40 + 60x = 80 - 40x at x = 0.4, 20 points below the current 60%.
    expectNear(a.down!.share, 0.4, 1e-12);
    expectNear(a.down!.distancePoints, 20, 1e-10);
    expect(a.down!.by).toEqual(["Q"]);
    expect(a.up).toBeUndefined();
    const b = section(stability, "B");
    expect(b.down).toBeUndefined();
    expectNear(b.up!.share, 0.6, 1e-12);
    expect(describeStability(a)).toBe(
      "The leader changes if A falls by 20 points to 40% (now 60%); it holds all the way up to 100%.",
    );
    expect(describeStability(b)).toBe(
      "The leader changes if B rises by 20 points to 60% (now 40%); it holds all the way down to 0.1%.",
    );
  });

  it("holds a candidate without the section at its own total, until at 100% it has none", () => {
    // R has no A: its total stays 60 while A moves, and at 100% it has no total at all.
    const input = race({ A: 50, B: 50 }, { P: [100, 40], R: [undefined, 60] });
    const stability = rankStability(computeResults(input), input.sections);
    expect(stability?.leaderId).toBe("P");
    // A: 40 + 60x = 60 at x = 1/3. B (y its share): P = 100 - 60y, R = 60 throughout: y = 2/3.
    expectNear(section(stability, "A").down!.share, 1 / 3, 1e-12);
    expect(section(stability, "A").up).toBeUndefined();
    expectNear(section(stability, "B").up!.share, 2 / 3, 1e-12);
    expect(section(stability, "B").down).toBeUndefined();

    // Led by the candidate without A: it loses its total only at 100%, and P (the only one with A) takes over.
    const led = race({ A: 50, B: 50 }, { P: [10, 50], R: [undefined, 90] });
    const a = section(rankStability(computeResults(led), led.sections), "A");
    expect(a.up).toEqual({ share: 1, distancePoints: 50, by: ["P"] });
    expect(a.down).toBeUndefined();
  });

  it("solves the quadratic of a partly scored challenger exactly", () => {
    // Q lacks C: with x = A's share and B:C kept at 30:30, T_Q = (100x + 30(1 - x)) / (x + 0.5(1 - x)) against
    // T_P = 90 - 40x; they meet where 4x^2 + 9x - 3 = 0.
    const input = race({ A: 40, B: 30, C: 30 }, { P: [50, 90, 90], Q: [100, 60, undefined] });
    const stability = rankStability(computeResults(input), input.sections);
    expect(stability?.leaderId).toBe("Q");
    expectNear(section(stability, "A").down!.share, (Math.sqrt(129) - 9) / 8, 1e-12);
    expect(section(stability, "A").up).toBeUndefined();
    // C: Q stays at 5800/70 and P = 4700/70 + (1600/70) y meets it at y = 11/16.
    expectNear(section(stability, "C").up!.share, 11 / 16, 1e-12);
  });

  it("finds both crossings when a challenger's curve meets the leader's twice", () => {
    // With x = S's share and Y:Z at 10:40, P = 90 - 75x and Q (no Z) = 100 / (1 + 4x): 60x^2 - 57x + 2 = 0.
    const input = race({ S: 50, Y: 10, Z: 40 }, { P: [15, 90, 90], Q: [20, 100, undefined] });
    const s = section(rankStability(computeResults(input), input.sections), "S");
    expectNear(s.down!.share, (57 - Math.sqrt(2769)) / 120, 1e-12);
    expectNear(s.up!.share, (57 + Math.sqrt(2769)) / 120, 1e-12);
    expect(describeStability(s)).toBe(
      "The leader changes if S falls by 46.4 points to 3.6% or rises by 41.4 points to 91.4% (now 50%).",
    );
  });

  it("is 0 when the top is already tied", () => {
    const input = race({ A: 1, B: 1 }, { P: [80, 60], Q: [60, 80], R: [10, 10] });
    const stability = rankStability(computeResults(input), input.sections);
    expect(stability?.tied).toBe(true);
    expect(stability?.leaderId).toBeUndefined();
    const a = section(stability, "A");
    expect(a.down).toEqual({ share: 0.5, distancePoints: 0, by: ["P", "Q"] });
    expect(a.up).toEqual({ share: 0.5, distancePoints: 0, by: ["P", "Q"] });
    expect(describeStability(a)).toBe("The top is already tied: stability 0 on A (now 50%).");
  });

  it("says none when the leader holds all the way, and ignores the disqualified", () => {
    // K leads on totals (91.25) but fails B's knockout.
    const input = race({ A: 3, B: 1 }, { P: [90, 80], Q: [70, 75], K: [100, 65] });
    input.sections[1].criteria[0] = { id: "B1", weight: 1, kind: "rated", max: 100, knockout: 70 };
    const results = computeResults(input);
    expect(results.candidates.find((c) => c.candidateId === "K")?.disqualified).toBe(true);
    const stability = rankStability(results, input.sections);
    expect(stability?.leaderId).toBe("P");
    for (const s of stability!.sections) expect([s.down, s.up]).toEqual([undefined, undefined]);
    expect(describeStability(section(stability, "A"))).toBe(
      "The leader holds all the way on A, from 0.1% to 100% (now 75%).",
    );
  });

  it("gives no figure without a qualified total, and nothing to move with one section", () => {
    const none = race({ A: 1 }, { P: [undefined] });
    expect(rankStability(computeResults(none), none.sections)).toBeUndefined();
    const one = race({ A: 1, Z: 0 }, { P: [50, undefined], Q: [40, undefined] });
    const sections: SectionInput[] = one.sections;
    const stability = rankStability(computeResults(one), sections);
    expect(stability?.sections.map((s) => [s.sectionId, s.share, s.down, s.up])).toEqual([
      ["A", 1, undefined, undefined],
    ]);
  });
});
