import type { DisqualificationReason } from "~/domain/scoring";
import { formatFigure } from "~/utils/format";

// What a cell of the comparison says besides its figure, as bits (one small integer per cell keeps 50 candidates x
// 80 criteria light), and where a figure sits on the one colour scale.

export const CELL = {
  /** The evaluators' spread is at least 30% of the scale (docs/product.md rule 2). */
  disagreement: 1,
  /** A consensus score replaces the mean. */
  consensus: 2,
  /** Backed by evidence this buyer verified (rule 7). */
  verified: 4,
  /** A numeric criterion without the candidate's value. */
  missingValue: 8,
  /** Below the criterion's knockout threshold. */
  knockoutFailed: 16,
  /** A knockout criterion not yet scored. */
  knockoutPending: 32,
} as const;

export const has = (flags: number, bit: number) => (flags & bit) !== 0;

/** A row of cells' flags (each 0-63) as one character each: a short string instead of an array of numbers. */
export function encodeFlags(flags: readonly number[]): string {
  return String.fromCharCode(...flags.map((f) => 48 + f));
}

export function flagAt(encoded: string, index: number): number {
  return index >= 0 && index < encoded.length ? encoded.charCodeAt(index) - 48 : 0;
}

/** The step (0-4) of a figure on its scale, in fifths; -1 when undefined. */
export function heatOf(score: number | null | undefined, max: number): number {
  if (score === null || score === undefined || !(max > 0)) return -1;
  return Math.max(0, Math.min(4, Math.floor((score / max) * 5 - 1e-9)));
}

/**
 * A row of cells' colour steps (`heatOf` of the full-precision figure, -1 to 4) as one character each. NOTE: from the
 * engine's own figure, not the one-decimal one the cell shows: a ratio-rule 4.03 of 5 (80.6%) shows as 4.0 and
 * belongs to the top fifth.
 */
export function encodeHeat(steps: readonly number[]): string {
  return encodeFlags(steps.map((step) => step + 1));
}

export function heatAt(encoded: string, index: number): number {
  return flagAt(encoded, index) - 1;
}

/** A disqualification in words, as the results table says it. */
export function reasonText(
  reason: DisqualificationReason,
  criterionName: ReadonlyMap<string, string>,
): string {
  return reason.kind === "knockout"
    ? `${criterionName.get(reason.criterionId) ?? "A criterion"} scored ${formatFigure(reason.score)}, below its knockout of ${reason.threshold}`
    : `Total ${formatFigure(reason.total)} below the minimum of ${reason.minimum}`;
}
