// The allocation-free win probability against the implementation it replaced, kept here as the reference: the same
// shares to the last bit for the same seed, on random inputs (ties, undefined section scores, weight-0 and
// non-finite weights, disqualified and unscored candidates) and on the benchmark's large evaluation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildEngineInput } from "../../../scripts/bench-engine";
import { computeResults, rankKey, type SectionInput, weightedTotal } from "../scoring";
import type { SensitivitySource } from "./sensitivity";
import { fnv1a32, gamma, mulberry32, WIN_PROBABILITY_DRAWS, winProbability } from "./win-probability";

/** The implementation before the typed arrays (commit 8d3c06b), word for word. */
function reference(
  results: SensitivitySource,
  sections: Pick<SectionInput, "id" | "weight">[],
  evaluationId: string,
  draws: number = WIN_PROBABILITY_DRAWS,
): Map<string, number> | undefined {
  const contenders = results.candidates.filter((c) => c.total !== undefined && !c.disqualified);
  const positive = sections.filter((s) => Number.isFinite(s.weight) && s.weight > 0);
  if (contenders.length === 0 || positive.length === 0 || draws < 1) return undefined;
  const weightSum = positive.reduce((sum, s) => sum + s.weight, 0);
  const alphas = positive.map((s) => (50 * s.weight) / weightSum);
  const scores = contenders.map((c) =>
    positive.map((s) => c.sections.find((x) => x.sectionId === s.id)?.score),
  );
  const random = mulberry32(fnv1a32(evaluationId));
  const wins = contenders.map(() => 0);
  for (let n = 0; n < draws; n++) {
    const sample = alphas.map((alpha) => gamma(alpha, random));
    const sampleSum = sample.reduce((sum, x) => sum + x, 0);
    const weights = sample.map((x) => x / sampleSum);
    const keys = scores.map((row) => {
      const total = weightedTotal(row.map((score, i) => ({ weight: weights[i], score })));
      return total === undefined ? undefined : rankKey(total);
    });
    const defined = keys.filter((k): k is number => k !== undefined);
    const top = defined.length > 0 ? Math.max(...defined) : undefined;
    const leaders = keys.flatMap((k, i) => (top === undefined || k === top ? [i] : []));
    for (const i of leaders) wins[i] += 1 / leaders.length;
  }
  return new Map(contenders.map((c, i) => [c.candidateId, wins[i] / draws]));
}

/** The shares as [id, bits] pairs: equal only if every double is the same to the last bit. */
function bits(shares: Map<string, number> | undefined) {
  if (!shares) return shares;
  return [...shares].map(([id, x]) => [id, Buffer.from(new Float64Array([x]).buffer).toString("hex")]);
}

const SECTION_IDS = ["s0", "s1", "s2", "s3", "s4", "s5"];

/** Sensitivity sources built directly: few distinct scores, so ties for first are common. */
const sources = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(0, Number.NaN, Number.POSITIVE_INFINITY, -3, 1e-300),
        fc.double({ min: 0, max: 1000, noNaN: true }),
      ),
      { minLength: 1, maxLength: SECTION_IDS.length },
    ),
    fc.array(
      fc.record({
        scored: fc.boolean(),
        disqualified: fc.boolean(),
        scores: fc.array(
          fc.option(
            fc.oneof(fc.constantFrom(0, 50, 62.5, 100), fc.double({ min: 0, max: 100, noNaN: true })),
            {
              nil: undefined,
            },
          ),
          { minLength: SECTION_IDS.length, maxLength: SECTION_IDS.length },
        ),
      }),
      { minLength: 0, maxLength: 12 },
    ),
    fc.string({ maxLength: 12 }),
    fc.integer({ min: 0, max: 400 }),
  )
  .map(([weights, rows, evaluationId, draws]) => {
    const sections = weights.map((weight, i) => ({ id: SECTION_IDS[i], weight }));
    const source: SensitivitySource = {
      candidates: rows.map((row, i) => ({
        candidateId: `c${i}`,
        name: `C${i}`,
        total: row.scored ? 50 : undefined,
        rank: undefined,
        disqualified: row.disqualified,
        reasons: [],
        // Sections named in another order than `sections`, one left out now and then.
        sections: SECTION_IDS.map((sectionId, j) => ({ sectionId, score: row.scores[j] }))
          .reverse()
          .filter((_, j) => (i + j) % 7 !== 3),
        criteria: [],
      })),
    };
    return { sections, source, evaluationId, draws };
  });

describe("win probability, allocation-free", () => {
  it("gives the reference implementation's shares to the last bit on random inputs", () => {
    fc.assert(
      fc.property(sources, ({ sections, source, evaluationId, draws }) => {
        expect(bits(winProbability(source, sections, evaluationId, draws))).toEqual(
          bits(reference(source, sections, evaluationId, draws)),
        );
      }),
      { numRuns: 400 },
    );
  });

  it("gives the reference implementation's shares to the last bit on the benchmark's 50 candidates", () => {
    const input = buildEngineInput();
    const results = computeResults(input, { zeroWeightSections: true });
    for (const seed of ["bench-evaluation", "5bd07a24-cd5c-4cb9-a806-5d4613c15ef3"]) {
      const shares = winProbability(results, input.sections, seed);
      expect(shares?.size).toBeGreaterThan(1);
      expect(bits(shares)).toEqual(bits(reference(results, input.sections, seed)));
    }
  });

  it("splits a tie for first evenly, and a draw nobody has a total in among all", () => {
    const sections = [
      { id: "x", weight: 1 },
      { id: "y", weight: 1 },
    ];
    const row = (id: string, x: number | undefined, y: number | undefined) => ({
      candidateId: id,
      name: id,
      total: 1,
      rank: 1,
      disqualified: false,
      reasons: [],
      sections: [
        { sectionId: "x", score: x },
        { sectionId: "y", score: y },
      ],
      criteria: [],
    });
    // Twins tie in every draw; the third always trails.
    const tied = winProbability(
      { candidates: [row("a", 80, 70), row("b", 80, 70), row("c", 10, 10)] },
      sections,
      "t",
    );
    expect(tied?.get("a")).toBe(0.5);
    expect(tied?.get("b")).toBe(0.5);
    expect(tied?.get("c")).toBe(0);
    // Nobody has a section score under the positive weights: every draw is split among all.
    const none = winProbability(
      { candidates: [row("a", undefined, undefined), row("b", undefined, undefined)] },
      sections,
      "t",
    );
    expect(none?.get("a")).toBe(0.5);
    expect(bits(none)).toEqual(
      bits(
        reference(
          { candidates: [row("a", undefined, undefined), row("b", undefined, undefined)] },
          sections,
          "t",
        ),
      ),
    );
  });
});
