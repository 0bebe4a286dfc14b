// Win probability (docs/product.md "Scoring method", sensitivity): how often each qualified candidate ranks first when
// the section weights are drawn at random around the chosen ones. Pure and seeded, so it is repeatable.
import { RANK_DECIMALS, type SectionInput } from "../scoring";
import type { SensitivitySource } from "./sensitivity";

/** NOTE: docs/product.md: N = 2,000 draws by default, concentration 50. */
export const WIN_PROBABILITY_DRAWS = 2000;
export const DIRICHLET_CONCENTRATION = 50;
/**
 * `rankKey`'s factor, computed once: the same expression, so the same double. NOTE: `10 ** RANK_DECIMALS` on each
 * call was 40% of the draws' time (an imported binding is not folded into a constant).
 */
const RANK_SCALE = 10 ** RANK_DECIMALS;

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
  results: SensitivitySource,
  sections: Pick<SectionInput, "id" | "weight">[],
  evaluationId: string,
  draws: number = WIN_PROBABILITY_DRAWS,
): Map<string, number> | undefined {
  const contenders = results.candidates.filter((c) => c.total !== undefined && !c.disqualified);
  const positive = sections.filter((s) => Number.isFinite(s.weight) && s.weight > 0);
  if (contenders.length === 0 || positive.length === 0 || draws < 1) return undefined;
  const weightSum = positive.reduce((sum, s) => sum + s.weight, 0);
  const alphas = positive.map((s) => (DIRICHLET_CONCENTRATION * s.weight) / weightSum);
  const n = contenders.length;
  const k = positive.length;
  // Each contender's section scores in `positive`'s order, row by row, with whether each is defined: the loop below
  // then allocates nothing. NOTE: 2,000 draws x 50 candidates x 8 sections is 800,000 terms; objects and closures per
  // term made it 30-40 ms (230 ms p95 on a busy machine) where the browser needs well under 50.
  const scores = new Float64Array(n * k);
  const defined = new Uint8Array(n * k);
  for (let i = 0; i < n; i++) {
    const own = contenders[i].sections;
    for (let j = 0; j < k; j++) {
      const score = own.find((x) => x.sectionId === positive[j].id)?.score;
      if (score !== undefined) {
        scores[i * k + j] = score;
        defined[i * k + j] = 1;
      }
    }
  }
  const random = mulberry32(fnv1a32(evaluationId));
  const wins = new Float64Array(n);
  const sample = new Float64Array(k);
  const weights = new Float64Array(k);
  const usable = new Uint8Array(k);
  const keys = new Float64Array(n);
  const hasKey = new Uint8Array(n);
  for (let draw = 0; draw < draws; draw++) {
    for (let j = 0; j < k; j++) sample[j] = gamma(alphas[j], random);
    let sampleSum = 0;
    for (let j = 0; j < k; j++) sampleSum += sample[j];
    for (let j = 0; j < k; j++) {
      const w = sample[j] / sampleSum;
      weights[j] = w;
      usable[j] = Number.isFinite(w) && w > 0 ? 1 : 0;
    }
    // `weightedTotal` and `rankKey` inline: the same terms in the same order, so the same doubles to the last bit.
    let top = Number.NEGATIVE_INFINITY;
    let anyKey = false;
    for (let i = 0; i < n; i++) {
      let weightedSum = 0;
      let termWeights = 0;
      for (let j = 0; j < k; j++) {
        if (usable[j] === 0 || defined[i * k + j] === 0) continue;
        weightedSum += weights[j] * scores[i * k + j];
        termWeights += weights[j];
      }
      if (termWeights > 0) {
        const key = Math.round(Math.min(100, Math.max(0, weightedSum / termWeights)) * RANK_SCALE);
        keys[i] = key;
        hasKey[i] = 1;
        if (key > top) top = key;
        anyKey = true;
      } else hasKey[i] = 0;
    }
    // NOTE: no key only if every drawn weight underflowed to 0 for every contender's sections; the draw is split
    // evenly.
    let leaders = 0;
    for (let i = 0; i < n; i++) if (!anyKey || (hasKey[i] === 1 && keys[i] === top)) leaders += 1;
    const share = 1 / leaders;
    for (let i = 0; i < n; i++) if (!anyKey || (hasKey[i] === 1 && keys[i] === top)) wins[i] += share;
  }
  return new Map(contenders.map((c, i) => [c.candidateId, wins[i] / draws]));
}
