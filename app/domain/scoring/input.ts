// What the scoring engine reads (rules 1-10): the checklist's sections and criteria, the candidates, the assigned
// evaluators and their scores, the consensus, and the options of a computation.

export type Direction = "lower" | "higher";

export interface RatedCriterionInput {
  id: string;
  weight: number;
  kind: "rated";
  /** `M_c`, 5 when not given. */
  max?: number;
  /** Knockout threshold on the criterion's own scale: `S(c,p)` below it disqualifies. */
  knockout?: number;
}

export interface NumericCriterionInput {
  id: string;
  weight: number;
  kind: "numeric";
  /** `M_c`, 5 when not given. */
  max?: number;
  direction: Direction;
}

export type CriterionInput = RatedCriterionInput | NumericCriterionInput;

export interface SectionInput {
  id: string;
  name: string;
  weight: number;
  criteria: CriterionInput[];
}

export interface CandidateInput {
  id: string;
  name: string;
  withdrawn?: boolean;
  /** Numeric criteria's values (> 0), by criterion id. A missing value leaves the criterion unscored. */
  values?: Record<string, number | undefined>;
  /**
   * By numeric criterion id: true when the value was taken from a profile claim with evidence this buyer verified
   * (rule 7). The caller leaves out dated evidence.
   */
  verifiedValues?: Record<string, boolean | undefined>;
}

export interface EvaluatorInput {
  /** An assigned evaluator; scores of anyone not listed take no part. */
  id: string;
  /** Ids of the candidates it declared a conflict with. */
  conflicts?: string[];
}

export interface ScoreInput {
  evaluatorId: string;
  candidateId: string;
  criterionId: string;
  value: number;
  /** The score cites at least one evidence version this buyer verified (rule 7); dated evidence left out. */
  citesVerifiedEvidence?: boolean;
}

/**
 * The counted scores of one (candidate, criterion) taken together: what a comparison of thousands of scores reads
 * instead of every row (the per-evaluator scores then load on demand). Only scores of assigned evaluators not
 * conflicted with the candidate belong in it, each evaluator once; the engine cannot check that here.
 */
export interface ScoreSummaryInput {
  candidateId: string;
  criterionId: string;
  /** How many evaluators scored it (>= 1). */
  count: number;
  sum: number;
  min: number;
  max: number;
  /** At least one of the scores cites an evidence version this buyer verified (rule 7); dated evidence left out. */
  citesVerifiedEvidence: boolean;
}

export interface ConsensusInput {
  candidateId: string;
  criterionId: string;
  value: number;
}

export interface ScoringInput {
  sections: SectionInput[];
  candidates: CandidateInput[];
  evaluators: EvaluatorInput[];
  scores: ScoreInput[];
  /** Scores given as summaries, for cells with no individual score in `scores`: the same figures, fewer rows. */
  scoreSummaries?: ScoreSummaryInput[];
  consensus?: ConsensusInput[];
  minimumTotal?: number;
}

export interface ComputeOptions {
  /**
   * Also score the sections weighing 0, apart and counted in nothing, so that the what-if can raise one
   * (`sensitivity.ts`). Off by default: weight 0 takes no part in anything.
   */
  zeroWeightSections?: boolean;
  /**
   * `false`: figures only. Every figure is the same to the last bit, but the derivations' lists (the scores of a
   * mean, a section's terms, the total's terms and contributions, the evidence, completeness and rank details) stay
   * empty: for a caller that shows thousands of cells and opens a derivation on demand. Default `true`.
   */
  derivations?: boolean;
}
