// What the comparison's components draw, as the comparison's loaders shape it (the loaders' views are typed with
// these, the components read nothing else).
import type { CriterionKind } from "~/domain/checklist";
import type { SectionInput } from "~/domain/scoring";
import type { PackedResults } from "~/domain/scoring/snapshot";

/** What the browser's what-if and win probability run on, at full precision. */
export interface ComparisonEngine {
  sections: SectionInput[];
  packed: PackedResults;
  seed: string;
}

/** This buyer's delivery reviews of a candidate's partner, summed up. */
export interface DeliverySummary {
  count: number;
  quality: string;
  schedule: string;
  cost: string;
  again: number;
  latest: string;
}

/** A candidate's column of the matrix: its figures as text, its cells' flags and colour steps encoded (cells.ts). */
export interface ComparisonColumn {
  id: string;
  partnerId: string;
  name: string;
  delivery: DeliverySummary | null;
  rank: number | null;
  total: string | null;
  completeness: string;
  coverage: string | null;
  evidence: string;
  /** Completeness and evidence confidence as shares (0-1), for their bars. */
  completenessShare: number;
  evidenceShare: number;
  disqualified: boolean;
  pendingKnockouts: number;
  /** Each section's part of the total in points (0 when undefined), for the contributions chart. */
  parts: number[];
  flags: string;
  heat: string;
  /** Numeric values with their unit, by criterion id. */
  values: Record<string, string>;
}

export interface ComparisonCriterion {
  id: string;
  name: string;
  kind: CriterionKind;
  max: number;
  kindLabel: string;
  knockout: number | null;
  /** Its nominal share of the total, as text. */
  nominal: string;
}

/** A section's row group of the matrix, with its criteria of positive weight. */
export interface ComparisonSection {
  id: string;
  name: string;
  weight: number;
  counted: boolean;
  criteria: ComparisonCriterion[];
}

/** Rank stability at the saved weights: the leader, and section by section what would change the lead. */
export interface ComparisonStability {
  leader: string | null;
  tied: boolean;
  lines: StabilityLine[];
}

/**
 * One section's line of rank stability: its share of the total weight now, the range of shares over which the leader
 * holds (`low` is 0.1% and `high` 100% when it holds all the way), and who takes or shares the lead past each end.
 */
export interface StabilityLine {
  sectionId: string;
  name: string;
  /** Shares, 0-1. */
  now: number;
  low: number;
  high: number;
  /** Whether the lead changes at `low` (and at `high`): false when it holds all the way. */
  lowChanges: boolean;
  highChanges: boolean;
  /** Who takes or shares the lead below `low`, and above `high`. */
  below: string[];
  above: string[];
}

/** One candidate's scores of a criterion by evaluator, with the consensus when there is one. */
export interface EvaluatorScores {
  id: string;
  name: string;
  consensus: { value: string; rationale: string; by: string; at: string | null } | null;
  entries: {
    evaluator: string;
    state: "conflict" | "scored" | "missing";
    value: number | null;
    justification: string;
    at: string | null;
  }[];
}

/** A row of the comparison by evaluator: what `compare/criteria/:criterionId` answers. */
export interface CriterionScores {
  evaluation: { id: string; name: string };
  criterion: {
    id: string;
    name: string;
    section: string;
    question: string;
    kind: CriterionKind;
    max: number;
  };
  candidates: EvaluatorScores[];
}
