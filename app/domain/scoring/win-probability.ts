// Win probability (DESIGN.md "Scoring method", sensitivity): how often each qualified candidate ranks first when
// the section weights are drawn at random around the chosen ones. Pure and seeded, so it is repeatable.
import { rankKey, type ScoringResults, type SectionInput, weightedTotal } from "../scoring";

/** NOTE: DESIGN.md: N = 2,000 draws by default, concentration 50. */
export const WIN_PROBABILITY_DRAWS = 2000;
export const DIRICHLET_CONCENTRATION = 50;

/** 32-bit FNV-1a over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a seeded generator of numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal deviate (Box-Muller; `1 - u` keeps the logarithm finite). */
function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Gamma(alpha, 1) deviate: Marsaglia-Tsang, with the `U^(1/alpha)` boost for alpha < 1. */
export function gamma(alpha: number, random: () => number): number {
  if (alpha < 1) return gamma(alpha + 1, random) * (1 - random()) ** (1 / alpha);
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * The share of `draws` Dirichlet weight vectors (alpha_s = 50 * W_s / sum(W) over the positively weighted sections)
 * in which each qualified candidate with a total ranks first; a tie for first splits the draw. Disqualifications are
 * held as `results` has them. Undefined when no qualified candidate has a total. The shares add up to 1.
 */
export function winProbability(
  results: ScoringResults,
  sections: Pick<SectionInput, "id" | "weight">[],
  evaluationId: string,
  draws: number = WIN_PROBABILITY_DRAWS,
): Map<string, number> | undefined {
  const contenders = results.candidates.filter((c) => c.total !== undefined && !c.disqualified);
  const positive = sections.filter((s) => Number.isFinite(s.weight) && s.weight > 0);
  if (contenders.length === 0 || positive.length === 0 || draws < 1) return undefined;
  const weightSum = positive.reduce((sum, s) => sum + s.weight, 0);
  const alphas = positive.map((s) => (DIRICHLET_CONCENTRATION * s.weight) / weightSum);
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
    // NOTE: only if every drawn weight underflowed to 0 for every contender's sections; the draw is split evenly.
    const top = defined.length > 0 ? Math.max(...defined) : undefined;
    const leaders = keys.flatMap((k, i) => (top === undefined || k === top ? [i] : []));
    for (const i of leaders) wins[i] += 1 / leaders.length;
  }
  return new Map(contenders.map((c, i) => [c.candidateId, wins[i] / draws]));
}
