// What the scoring page's components draw, display-ready (from the route's view module).

/** One criterion as the scoring page shows it. */
export interface ScoringCriterionView {
  key: string;
  name: string;
  question: string;
  max: number;
  levels: { low: number; middle: number; high: number };
  rubric: { low: string; middle: string; high: string };
  knockout: number | null;
  suggestion: { kind: "suggestion"; score: number; reason: string } | { kind: "none"; reason: string } | null;
  own: {
    value: number;
    justification: string;
    citedVersionIds: string[];
    acceptedSuggestion: number | null;
    version: number;
    savedAt: string;
  } | null;
  others: { name: string; value: number; justification: string; savedAt: string }[];
  /** The admins' consensus score, when set and the blind rule lets the viewer see others' scores. */
  consensus?: { value: string; rationale: string; setBy: string; savedAt: string } | null;
}

/** A numeric criterion's figures for one candidate. */
export interface NumericView {
  unit: string;
  direction: string;
  max: number;
  value: string | null;
  best: string | null;
  /** The ratio-rule score, one decimal; null without a value. */
  score: string | null;
  copiedAt: string | null;
  counts: boolean;
}

export interface CitableEvidence {
  versionId: string;
  label: string;
  note: string;
}

/** A criterion in a section of the scoring page: rated (a form) or numeric (its figures). */
export interface ScoringSectionCriterion extends ScoringCriterionView {
  kind: "rated" | "numeric";
  /** Rated, and it and its section weigh more than 0. */
  counts: boolean;
  numeric: NumericView | null;
}

export interface ScoringSectionView {
  key: string;
  name: string;
  description: string;
  weight: number;
  /** The section's counted criteria the viewer has scored, of how many. */
  progress: { scored: number; required: number };
  criteria: ScoringSectionCriterion[];
}

/**
 * What the action answers for one criterion's form: a failure's `{ ok: false, errors, values, formError, conflict }`,
 * a save's `{ ok: true, accepted, version, values }`, or the form filled with the suggestion; with the criterion and
 * the versions it cited.
 */
export interface ScoreAnswer {
  criterionId?: string;
  ok?: boolean;
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
  cited?: string[];
  formError?: string;
  /** What is stored now, after a stale version (null: it changed, and cannot be shown). */
  conflict?: { value: number; justification: string; savedAt: string; version: number } | null;
  /** A save with JavaScript: whether it was "Accept suggestion", and the score's new version. */
  accepted?: boolean;
  version?: number;
}
