// Rank stability (docs/product.md "Scoring method", sensitivity): how far each section's share of the total weight can
// move before the leader changes, solved exactly on the candidates' section scores.

import type { SectionInput } from "../scoring";
import { formatShare, plural } from "../words";
import { isPositive, rankKey, roundForDisplay } from "./common";
import type { SensitivityCandidate, SensitivitySource } from "./sensitivity";

/** NOTE: docs/product.md: a section's share moves from its value towards 0.1% and towards 100%. */
export const LOWEST_SHARE = 0.001;
export const HIGHEST_SHARE = 1;
/** Crossings closer than this to the current share are taken as at it: the totals there are equal to rounding. */
const SHARE_TOLERANCE = 1e-12;

export interface StabilityLimit {
  /** The share (0-1) of the section at which the top qualified candidate first changes; a tie is a change. */
  share: number;
  /** Its distance from the current share, in percentage points. */
  distancePoints: number;
  /** The candidates that tie with or overtake the leader there (none when the leader only loses its total). */
  by: string[];
}

export interface SectionStability {
  sectionId: string;
  name: string;
  /** The section's current share of the total weight, 0-1. */
  share: number;
  /** Towards 0.1%; undefined ("none") when the leader holds all the way. */
  down: StabilityLimit | undefined;
  /** Towards 100%; undefined ("none") when the leader holds all the way. */
  up: StabilityLimit | undefined;
}

export interface RankStability {
  /** The qualified candidate ranked first alone; undefined when the top is tied. */
  leaderId: string | undefined;
  /** The top is tied already: every limit is the current share, at distance 0. */
  tied: boolean;
  sections: SectionStability[];
}

/**
 * A candidate's total as the section's share `x` moves, the others keeping their proportions:
 * `T(x) = (a + b x) / (c + d x)` with `c + d x > 0` on (0, 1). With `Sec(s,p)` defined,
 * `T(x) = (x Sec(s,p) + (1 - x) A) / (x + (1 - x) B)`, where `A` and `B` sum `W_t / R * Sec(t,p)` and `W_t / R` over
 * its other defined sections (`R` the other sections' weight): linear in `x` only when every section is defined
 * (`B = 1`). Without `Sec(s,p)` the total stays `A / B`, until at 100% no section of it weighs anything.
 */
interface Curve {
  candidateId: string;
  a: number;
  b: number;
  c: number;
  d: number;
  /** `Sec(s,p)` is undefined: at 100% the candidate has no total. */
  absentAtFull: boolean;
}

function curve(
  c: SensitivityCandidate,
  s: { id: string; weight: number },
  positive: { id: string; weight: number }[],
) {
  const score = (id: string) => c.sections.find((x) => x.sectionId === id)?.score;
  const own = score(s.id);
  const rest = positive.reduce((sum, t) => sum + (t.id === s.id ? 0 : t.weight), 0);
  let A = 0;
  let B = 0;
  for (const t of positive) {
    const sec = score(t.id);
    if (t.id === s.id || sec === undefined) continue;
    A += (t.weight / rest) * sec;
    B += t.weight / rest;
  }
  const flat = (value: number, absentAtFull: boolean): Curve => ({
    candidateId: c.candidateId,
    a: value,
    b: 0,
    c: 1,
    d: 0,
    absentAtFull,
  });
  if (own === undefined) return flat(A / B, true);
  if (B === 0) return flat(own, false);
  return { candidateId: c.candidateId, a: A, b: own - A, c: B, d: 1 - B, absentAtFull: false };
}

const valueAt = (k: Curve, x: number) => (k.a + k.b * x) / (k.c + k.d * x);

/**
 * The real roots of `T_q(x) = T_p(x)`: cross-multiplied (both denominators are positive), a quadratic
 * `k2 x^2 + k1 x + k0 = 0`, solved without cancellation. `[]` when the curves never meet; `undefined` when they
 * are one and the same.
 */
function crossings(p: Curve, q: Curve): number[] | undefined {
  let k2 = q.b * p.d - p.b * q.d;
  let k1 = q.a * p.d + q.b * p.c - p.a * q.d - p.b * q.c;
  let k0 = q.a * p.c - p.a * q.c;
  const scale = Math.max(Math.abs(k2), Math.abs(k1), Math.abs(k0));
  if (scale === 0) return undefined;
  k2 /= scale;
  k1 /= scale;
  k0 /= scale;
  if (k2 === 0) return k1 === 0 ? [] : [-k0 / k1];
  let discriminant = k1 * k1 - 4 * k2 * k0;
  // A curve that only touches the leader's: rounding may leave the discriminant a hair below 0.
  if (discriminant < 0 && discriminant > -1e-12) discriminant = 0;
  if (discriminant < 0) return [];
  const half = -0.5 * (k1 + (k1 < 0 ? -1 : 1) * Math.sqrt(discriminant));
  return half === 0 ? [0] : [half / k2, k0 / half];
}

/** The nearest share from `from` towards `to` (inclusive) at which a challenger meets the leader. */
function nearestChange(
  leader: Curve,
  challengers: Curve[],
  from: number,
  to: number,
): { share: number; by: string[] } | undefined {
  const direction = Math.sign(to - from);
  if (direction === 0) return undefined;
  const found: { share: number; candidateId: string | undefined }[] = [];
  const within = (x: number) =>
    direction > 0 ? x >= from - SHARE_TOLERANCE && x <= to : x <= from + SHARE_TOLERANCE && x >= to;
  for (const q of challengers) {
    const roots = crossings(leader, q) ?? [from];
    for (const x of roots) {
      if (!Number.isFinite(x) || !within(x)) continue;
      // A challenger without the section has no total at 100%: it cannot meet the leader there.
      if (x >= HIGHEST_SHARE && q.absentAtFull) continue;
      found.push({
        share: direction > 0 ? Math.max(x, from) : Math.min(x, from),
        candidateId: q.candidateId,
      });
    }
  }
  // The leader without the section loses its total at 100%, whoever else has one.
  if (to === HIGHEST_SHARE && leader.absentAtFull)
    found.push({ share: HIGHEST_SHARE, candidateId: undefined });
  if (found.length === 0) return undefined;
  const share = found.reduce(
    (best, f) => (Math.abs(f.share - from) < Math.abs(best - from) ? f.share : best),
    found[0].share,
  );
  const by = found
    .filter((f) => f.candidateId !== undefined && Math.abs(f.share - share) <= SHARE_TOLERANCE)
    .map((f) => f.candidateId!);
  if (share === HIGHEST_SHARE && leader.absentAtFull) {
    // At 100% only the candidates with the section are in the race; the best of them take over.
    const present = challengers.filter((q) => !q.absentAtFull);
    const top = Math.max(...present.map((q) => rankKey(valueAt(q, HIGHEST_SHARE))));
    by.push(...present.filter((q) => rankKey(valueAt(q, HIGHEST_SHARE)) === top).map((q) => q.candidateId));
  }
  return { share, by: [...new Set(by)].sort() };
}

/**
 * For each positively weighted section, how far its share of the total weight can move, towards 0.1% and towards
 * 100% with the other sections keeping their proportions, before the top qualified candidate changes (a tie counts).
 * Disqualifications are held as `results` has them. The crossings are solved exactly (see `Curve`), assuming
 * section scores within 0-100 so that the clamp of rule 4 never acts. Undefined when no qualified candidate has a
 * total.
 */
export function rankStability(
  results: SensitivitySource,
  sections: Pick<SectionInput, "id" | "name" | "weight">[],
): RankStability | undefined {
  const race = results.candidates.filter((c) => !c.disqualified && c.total !== undefined);
  if (race.length === 0) return undefined;
  const top = race.filter((c) => c.rank === 1);
  const tied = top.length > 1;
  const positive = sections.filter((s) => isPositive(s.weight));
  const weightSum = positive.reduce((sum, s) => sum + s.weight, 0);
  return {
    leaderId: tied ? undefined : top[0].candidateId,
    tied,
    sections: positive.map((s): SectionStability => {
      const share = s.weight / weightSum;
      const base = { sectionId: s.id, name: s.name, share };
      if (tied) {
        const at: StabilityLimit = { share, distancePoints: 0, by: top.map((c) => c.candidateId).sort() };
        return { ...base, down: at, up: { ...at } };
      }
      const curves = race.map((c) => curve(c, s, positive));
      const leader = curves.find((k) => k.candidateId === top[0].candidateId)!;
      const challengers = curves.filter((k) => k !== leader);
      const limit = (to: number): StabilityLimit | undefined => {
        const change = nearestChange(leader, challengers, share, to);
        return change && { ...change, distancePoints: 100 * Math.abs(change.share - share) };
      };
      return { ...base, down: limit(Math.min(LOWEST_SHARE, share)), up: limit(HIGHEST_SHARE) };
    }),
  };
}

/**
 * One sentence for the comparison and the decision record, e.g. "The leader changes if Reference deployments falls
 * by 7 points to 18% (now 25%)."
 */
export function describeStability(section: SectionStability): string {
  const { name, share, down, up } = section;
  const now = `now ${formatShare(share)}`;
  if (down?.distancePoints === 0 && up?.distancePoints === 0) {
    return `The top is already tied: stability 0 on ${name} (${now}).`;
  }
  const points = (limit: StabilityLimit) => plural(roundForDisplay(limit.distancePoints), "point", "points");
  const changes = [
    down && `falls by ${points(down)} to ${formatShare(down.share)}`,
    up && `rises by ${points(up)} to ${formatShare(up.share)}`,
  ].filter(Boolean);
  if (changes.length === 0) {
    return `The leader holds all the way on ${name}, from ${formatShare(LOWEST_SHARE)} to ${formatShare(HIGHEST_SHARE)} (${now}).`;
  }
  const holds = down
    ? up
      ? ""
      : `; it holds all the way up to ${formatShare(HIGHEST_SHARE)}`
    : `; it holds all the way down to ${formatShare(LOWEST_SHARE)}`;
  return `The leader changes if ${name} ${changes.join(" or ")} (${now})${holds}.`;
}
