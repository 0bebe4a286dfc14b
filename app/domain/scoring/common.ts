// The constants and small rules the engine, the what-if and the checklist share (rules 2, 5, 9).
import type { CriterionInput, SectionInput } from "./input";

/** NOTE: docs/product.md: "equal", "100%" and "adds up" mean within 1e-9. */
export const EPSILON = 1e-9;
/** NOTE: docs/product.md rule 9: totals are compared after rounding to 9 decimal places. */
export const RANK_DECIMALS = 9;
/** NOTE: docs/product.md rule 2: a spread of at least 30% of the criterion's scale is a disagreement. */
export const DISAGREEMENT_SHARE = 0.3;
export const DEFAULT_MAX = 5;

/**
 * `x` rounded to `decimals` places, halves away from zero: docs/product.md's display rounding ("round only for display").
 * Nothing in the engine rounds with it; it is for what people read.
 */
export function roundForDisplay(x: number, decimals = 1): number {
  const factor = 10 ** decimals;
  const rounded = (Math.sign(x) * Math.round(Math.abs(x) * factor)) / factor;
  return rounded === 0 ? 0 : rounded;
}

export function criterionMax(criterion: CriterionInput): number {
  return criterion.max ?? DEFAULT_MAX;
}

export function isPositive(weight: number): boolean {
  return Number.isFinite(weight) && weight > 0;
}

export function isValidValue(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0;
}

export interface ActiveCriterion {
  criterion: CriterionInput;
  section: SectionInput;
  max: number;
  nominalWeight: number;
}

/**
 * The positively weighted criteria of positively weighted sections, with their nominal weights (rule 5). The
 * what-if computes completeness under new section weights through it, so both sum in the same order.
 */
export function activeSections(
  sections: SectionInput[],
): { section: SectionInput; criteria: ActiveCriterion[] }[] {
  const positive = sections.filter((s) => isPositive(s.weight));
  const sectionSum = positive.reduce((sum, s) => sum + s.weight, 0);
  return positive.map((section) => {
    const criteria = section.criteria.filter((c) => isPositive(c.weight));
    const criterionSum = criteria.reduce((sum, c) => sum + c.weight, 0);
    return {
      section,
      criteria: criteria.map((criterion) => ({
        criterion,
        section,
        max: criterionMax(criterion),
        nominalWeight: (section.weight / sectionSum) * (criterion.weight / criterionSum),
      })),
    };
  });
}

/**
 * Rule 4 on given section weights: `sum(W_s * Sec(s,p)) / sum(W_s)` over the sections with a positive weight and a
 * defined score, clamped to 0-100; undefined when there is none. The sensitivity figures reuse it.
 */
export function weightedTotal(terms: { weight: number; score: number | undefined }[]): number | undefined {
  let weightedSum = 0;
  let weightSum = 0;
  for (const t of terms) {
    if (t.score === undefined || !isPositive(t.weight)) continue;
    weightedSum += t.weight * t.score;
    weightSum += t.weight;
  }
  return weightSum > 0 ? Math.min(100, Math.max(0, weightedSum / weightSum)) : undefined;
}

/** Rule 9's comparison key: the total rounded to 9 decimal places, as an integer. */
export function rankKey(total: number): number {
  return Math.round(total * 10 ** RANK_DECIMALS);
}
