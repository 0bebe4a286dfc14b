// The engine's results, packed for the browser: what the comparison's what-if, rank stability and win probability
// read (totals, section scores at full precision; which criteria are defined; knockouts, ranks), in arrays rather
// than objects so that 50 candidates x 80 criteria stay small. Packing and unpacking only move numbers: every
// figure is still the engine's own (`computeResults`), and the browser's sensitivity runs the engine's own
// functions on it.
import {
  type DisqualificationReason,
  roundForDisplay,
  type ScoringResults,
  type SectionInput,
} from "../scoring";
import type { SensitivityCandidate, SensitivitySource } from "./sensitivity";

export interface PackedCandidate {
  id: string;
  name: string;
  total: number | null;
  rank: number | null;
  disqualified: boolean;
  reasons: DisqualificationReason[];
  /** The minimum total the engine applied, or null. */
  minimum: number | null;
  /** `Sec(s,p)` by `sectionIds`; null when undefined. */
  sec: (number | null)[];
  /**
   * `S(c,p)` by `criterionIds`, rounded to one decimal for display; null when undefined. The sensitivity functions
   * read only which are defined (completeness under new weights), so they need no more precision than this.
   */
  s: (number | null)[];
}

export interface PackedResults {
  /** Every section of the checklist, in order, weight-0 ones included. */
  sectionIds: string[];
  /** Every positively weighted criterion of every section, in order. */
  criterionIds: string[];
  /** In ranking order, as the engine ordered them. */
  candidates: PackedCandidate[];
}

const orNull = (x: number | undefined) => (x === undefined ? null : x);
const orUndefined = (x: number | null | undefined) => (x === null || x === undefined ? undefined : x);

/**
 * Packs `results`, computed with `{ zeroWeightSections: true }` so that a section at weight 0 can be raised in the
 * what-if. `sections` is the checklist the results were computed on.
 */
export function packResults(
  results: ScoringResults,
  sections: Pick<SectionInput, "id" | "weight" | "criteria">[],
): PackedResults {
  if (sections.some((s) => !(s.weight > 0)) && results.candidates.some((c) => !c.zeroWeightSections)) {
    throw new Error("packResults: compute the results with { zeroWeightSections: true }");
  }
  const sectionIds = sections.map((s) => s.id);
  const criterionIds = sections.flatMap((s) => s.criteria.filter((c) => c.weight > 0).map((c) => c.id));
  // Each figure written at its id's index: one index for every candidate (no maps per candidate).
  const sectionIndex = new Map(sectionIds.map((id, i) => [id, i]));
  const criterionIndex = new Map(criterionIds.map((id, i) => [id, i]));
  return {
    sectionIds,
    criterionIds,
    candidates: results.candidates.map((c) => {
      const sec = new Array<number | null>(sectionIds.length).fill(null);
      const s = new Array<number | null>(criterionIds.length).fill(null);
      const eachSection = (x: { sectionId: string; score: number | undefined }) => {
        const i = sectionIndex.get(x.sectionId);
        if (i !== undefined && x.score !== undefined) sec[i] = x.score;
      };
      const eachCriterion = (x: { criterionId: string; score: number | undefined }) => {
        const i = criterionIndex.get(x.criterionId);
        if (i !== undefined && x.score !== undefined) s[i] = roundForDisplay(x.score);
      };
      c.sections.forEach(eachSection);
      c.zeroWeightSections?.sections.forEach(eachSection);
      c.criteria.forEach(eachCriterion);
      c.zeroWeightSections?.criteria.forEach(eachCriterion);
      return {
        id: c.candidateId,
        name: c.name,
        total: orNull(c.total),
        rank: orNull(c.rank),
        disqualified: c.disqualified,
        reasons: c.reasons,
        minimum: c.minimumTotal?.minimum ?? null,
        sec,
        s,
      };
    }),
  };
}

/**
 * The packed results as the sensitivity functions read them. `sections` gives the saved weights, which decide what
 * counted (weight > 0) and what was computed apart (weight 0).
 */
export function unpackResults(
  packed: PackedResults,
  sections: Pick<SectionInput, "id" | "weight" | "criteria">[],
): SensitivitySource {
  const counted = new Set(sections.filter((s) => s.weight > 0).map((s) => s.id));
  const sectionOf = new Map(sections.flatMap((s) => s.criteria.map((c) => [c.id, s.id])));
  return {
    candidates: packed.candidates.map((c): SensitivityCandidate => {
      const all = packed.sectionIds.map((sectionId, i) => ({ sectionId, score: orUndefined(c.sec[i]) }));
      const criteria = packed.criterionIds.map((criterionId, i) => ({
        criterionId,
        score: orUndefined(c.s[i]),
      }));
      const inCounted = (x: { criterionId: string }) => counted.has(sectionOf.get(x.criterionId) ?? "");
      const zeroSections = all.filter((s) => !counted.has(s.sectionId));
      return {
        candidateId: c.id,
        name: c.name,
        total: orUndefined(c.total),
        rank: orUndefined(c.rank),
        disqualified: c.disqualified,
        reasons: c.reasons,
        minimumTotal: c.minimum === null ? undefined : { minimum: c.minimum },
        sections: all.filter((s) => counted.has(s.sectionId)),
        criteria: criteria.filter(inCounted),
        zeroWeightSections:
          zeroSections.length > 0
            ? { sections: zeroSections, criteria: criteria.filter((x) => !inCounted(x)) }
            : undefined,
      };
    }),
  };
}
