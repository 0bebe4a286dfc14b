// What the scoring engine gives: every figure of a comparison with its derivation (rules 1-9).
import type { Direction } from "./input";

/** How `S(c,p)` was made (rule 1). */
export type CriterionScoreDerivation =
  | {
      rule: "consensus";
      /** The evaluators' own scores, shown beside the consensus (empty when they came as a summary). */
      scores: { evaluatorId: string; value: number }[];
      consensus: number;
      max: number;
      result: number;
    }
  | {
      rule: "mean";
      /** The scores averaged, by evaluator; empty when they came as a summary (`count` still says how many). */
      scores: { evaluatorId: string; value: number }[];
      sum: number;
      count: number;
      max: number;
      result: number;
    }
  | {
      rule: "ratio";
      direction: Direction;
      value: number;
      best: number;
      max: number;
      result: number;
    }
  | { rule: "none"; reason: "no scores" | "no value"; max: number; result: undefined };

export interface CriterionResult {
  criterionId: string;
  sectionId: string;
  kind: "rated" | "numeric";
  max: number;
  /** `S(c,p)`; undefined when there is nothing to go on. */
  score: number | undefined;
  /** max - min of the counted evaluators' scores (rated only, undefined without scores). */
  spread: number | undefined;
  disagreement: boolean;
  /** `ew_c` (rule 5). */
  nominalWeight: number;
  /** Applied weight (rule 6); 0 when `S(c,p)` is undefined. */
  appliedWeight: number;
  /** Points of `T(p)` (rule 6); undefined when `S(c,p)` is. */
  contribution: number | undefined;
  /** `S(c,p)` is defined and backed by evidence this buyer verified (rule 7). */
  evidenceBacked: boolean;
  derivation: CriterionScoreDerivation;
}

export interface SectionDerivation {
  rule: "Sec(s,p) = 100 * sum(w_c * S(c,p) / M_c) / sum(w_c) over criteria with S defined";
  terms: { criterionId: string; weight: number; score: number; max: number; weighted: number }[];
  weightedSum: number;
  weightSum: number;
  result: number | undefined;
}

export interface SectionResult {
  sectionId: string;
  name: string;
  weight: number;
  score: number | undefined;
  derivation: SectionDerivation;
}

export interface Contribution {
  criterionId: string;
  sectionId: string;
  nominalWeight: number;
  appliedWeight: number;
  score: number;
  max: number;
  /** `100 * appliedWeight * S / M_c`. */
  points: number;
}

export interface TotalDerivation {
  rule: "T(p) = sum(W_s * Sec(s,p)) / sum(W_s) over sections with Sec defined, clamped to 0-100";
  /** `points`: the section's part of the total, `W_s * Sec(s,p) / sum(W_s)`, the sum of its contributions. */
  terms: { sectionId: string; weight: number; sectionScore: number; weighted: number; points: number }[];
  weightedSum: number;
  weightSum: number;
  /** Before clamping. */
  unclamped: number | undefined;
  result: number | undefined;
  /** They add up to `T(p)` (rule 6). */
  contributions: Contribution[];
  contributionSum: number;
}

export interface EvidenceDerivation {
  rule: "E(p) = sum of ew_c over criteria with S(c,p) defined and backed by evidence this buyer verified";
  /** The backed criteria: a rated one through its counted scores that cite verified evidence, a numeric one
   * through its value copied from a profile claim with verified evidence. */
  terms: {
    criterionId: string;
    sectionId: string;
    nominalWeight: number;
    backing: { kind: "scores"; evaluatorIds: string[] } | { kind: "profile claim" };
  }[];
  result: number;
}

export interface CoverageDerivation {
  rule: "coverage = scored pairs / pairs of (positively weighted rated criterion, assigned evaluator not conflicted)";
  pairs: number;
  scored: number;
  result: number | undefined;
}

export interface CompletenessDerivation {
  rule: "C(p) = sum of ew_c over the criteria with S(c,p) defined, ew_c = (W_s / sum(W)) * (w_c / sum(w in s))";
  /** The nominal weights counted: the positively weighted criteria with `S(c,p)` defined, in checklist order. */
  terms: { criterionId: string; sectionId: string; nominalWeight: number }[];
  /** The ones not counted yet (`S(c,p)` undefined), with the share each would add. */
  missing: { criterionId: string; sectionId: string; nominalWeight: number }[];
  result: number;
  /** 100% within 1e-9 (rule 5): the candidate's rank is not provisional on its account. */
  complete: boolean;
}

export interface RankDerivation {
  rule: "rank = 1 + candidates ranked before: qualified by T descending, then disqualified by T descending, totals compared rounded to 9 decimals, equal ones sharing a rank; no T, no rank";
  /** The group it is ranked in; `unranked` when `T(p)` is undefined ("not scored"). */
  group: "qualified" | "disqualified" | "unranked";
  /** `T(p)` rounded to 9 decimal places: the figure compared (rule 9); undefined when unranked. */
  roundedTotal: number | undefined;
  /** How many candidates are ranked strictly before it (for a disqualified one, every qualified one too). */
  ahead: number;
  /** The other candidates of its group with the same rounded total, hence the same rank (ids, ranking order). */
  tiedWith: string[];
  result: number | undefined;
}

export type KnockoutStatus = "pass" | "fail" | "pending";

export interface KnockoutResult {
  criterionId: string;
  sectionId: string;
  threshold: number;
  score: number | undefined;
  status: KnockoutStatus;
}

export type DisqualificationReason =
  | { kind: "knockout"; criterionId: string; sectionId: string; threshold: number; score: number }
  | { kind: "minimumTotal"; minimum: number; total: number };

export interface CandidateResult {
  candidateId: string;
  name: string;
  criteria: CriterionResult[];
  sections: SectionResult[];
  /** `T(p)`; undefined when no section is defined ("not scored"). */
  total: number | undefined;
  derivation: TotalDerivation;
  /** `C(p)`, 0-1. */
  completeness: number;
  complete: boolean;
  completenessDerivation: CompletenessDerivation;
  /** `E(p)`, 0-1, never above `completeness` (rule 7). */
  evidenceConfidence: number;
  evidenceDerivation: EvidenceDerivation;
  /** Share of (rated criterion, non-conflicted assigned evaluator) pairs scored; undefined without a pair. */
  evaluatorCoverage: number | undefined;
  coverageDerivation: CoverageDerivation;
  knockouts: KnockoutResult[];
  minimumTotal: { minimum: number; status: KnockoutStatus } | undefined;
  disqualified: boolean;
  reasons: DisqualificationReason[];
  /** Standard competition rank; undefined when `T(p)` is undefined. */
  rank: number | undefined;
  /** How the rank was given (rule 9). */
  rankDerivation: RankDerivation;
  /** Only with the `zeroWeightSections` option: the figures of the sections weighing 0, counted in nothing. */
  zeroWeightSections?: UncountedSections;
}

export interface UncountedSections {
  sections: SectionResult[];
  /** Their positively weighted criteria; nominal and applied weights 0, no contribution. */
  criteria: CriterionResult[];
  /** Their knockouts, which disqualify no one while the section weighs 0. */
  knockouts: KnockoutResult[];
}

export interface ScoringResults {
  /** Present (false) only when computed with `{ derivations: false }`: the derivations' lists are empty. */
  derivations?: false;
  /** Ranking order: qualified, then disqualified, then the unranked. Withdrawn candidates are not here. */
  candidates: CandidateResult[];
  withdrawn: { candidateId: string; name: string }[];
  /**
   * True only when there is a candidate and every one is at 100% completeness; otherwise every rank is provisional
   * (with no candidate there is nothing to rank, so nothing is final).
   */
  final: boolean;
}
