// The scoring engine (DESIGN.md "Scoring method", rules 1-10). Pure: no database, no Remix, no I/O, so the
// browser's what-if runs this very code on the loader's full-precision data. Double precision throughout; nothing
// is rounded here except the ranking keys (rule 9). Display rounding belongs to the caller.

/** NOTE: DESIGN.md: "equal", "100%" and "adds up" mean within 1e-9. */
export const EPSILON = 1e-9;
/** NOTE: DESIGN.md rule 9: totals are compared after rounding to 9 decimal places. */
export const RANK_DECIMALS = 9;
/** NOTE: DESIGN.md rule 2: a spread of at least 30% of the criterion's scale is a disagreement. */
export const DISAGREEMENT_SHARE = 0.3;
export const DEFAULT_MAX = 5;

// ---------------------------------------------------------------------------------------------------------------
// Input

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

// ---------------------------------------------------------------------------------------------------------------
// Output

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

// ---------------------------------------------------------------------------------------------------------------
// Engine

/**
 * `x` rounded to `decimals` places, halves away from zero: DESIGN.md's display rounding ("round only for display").
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

function isPositive(weight: number): boolean {
  return Number.isFinite(weight) && weight > 0;
}

function isValidValue(value: number | undefined): value is number {
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

/** Values by candidate, then by criterion: two lookups, no key built per cell. */
type CellMap<T> = Map<string, Map<string, T>>;

function cellOf<T>(cells: CellMap<T>, candidateId: string, criterionId: string): T | undefined {
  return cells.get(candidateId)?.get(criterionId);
}

function setCell<T>(cells: CellMap<T>, candidateId: string, criterionId: string, value: T): void {
  let row = cells.get(candidateId);
  if (!row) {
    row = new Map();
    cells.set(candidateId, row);
  }
  row.set(criterionId, value);
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

function byNameThenId(a: { name: string; candidateId: string }, b: { name: string; candidateId: string }) {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.candidateId !== b.candidateId) return a.candidateId < b.candidateId ? -1 : 1;
  return 0;
}

/** A saved score of an assigned evaluator not conflicted with the candidate. */
interface CountedScore {
  value: number;
  citesVerifiedEvidence: boolean;
}

interface Context {
  /** By (candidate, criterion), keyed by evaluator so a repeat replaces. */
  scores: CellMap<Map<string, CountedScore>>;
  /** By (candidate, criterion): scores given as a summary. */
  summaries: CellMap<ScoreSummaryInput>;
  consensus: CellMap<number>;
  best: Map<string, number>;
  evaluatorIds: string[];
  conflicts: Map<string, Set<string>>;
  /** Build the derivations' lists (`ComputeOptions.derivations`). */
  derive: boolean;
}

/** The one empty list every skipped derivation shares (figures only): never written to. */
const NONE: never[] = [];

/**
 * Every figure of an evaluation's comparison (rules 1-9), each with its derivation. Withdrawn candidates are
 * listed apart and take no part in anything, `best` included.
 */
export function computeResults(input: ScoringInput, options: ComputeOptions = {}): ScoringResults {
  const derive = options.derivations !== false;
  const active = input.candidates.filter((c) => !c.withdrawn);
  const withdrawn = input.candidates
    .filter((c) => c.withdrawn)
    .map((c) => ({ candidateId: c.id, name: c.name }))
    .sort(byNameThenId);
  const sections = activeSections(input.sections);
  const zeroWeight = options.zeroWeightSections
    ? input.sections
        .filter((s) => !isPositive(s.weight))
        .map((section) => ({
          section,
          criteria: section.criteria
            .filter((c) => isPositive(c.weight))
            .map((criterion) => ({ criterion, section, max: criterionMax(criterion), nominalWeight: 0 })),
        }))
    : undefined;

  const conflicts = new Map<string, Set<string>>();
  for (const e of input.evaluators) conflicts.set(e.id, new Set(e.conflicts ?? []));
  const scores: CellMap<Map<string, CountedScore>> = new Map();
  for (const s of input.scores) {
    const conflicted = conflicts.get(s.evaluatorId);
    if (!conflicted || conflicted.has(s.candidateId)) continue;
    let byEvaluator = cellOf(scores, s.candidateId, s.criterionId);
    if (!byEvaluator) {
      byEvaluator = new Map();
      setCell(scores, s.candidateId, s.criterionId, byEvaluator);
    }
    byEvaluator.set(s.evaluatorId, {
      value: s.value,
      citesVerifiedEvidence: s.citesVerifiedEvidence === true,
    });
  }
  const consensus: CellMap<number> = new Map();
  for (const c of input.consensus ?? []) setCell(consensus, c.candidateId, c.criterionId, c.value);

  // `best` per numeric criterion over non-withdrawn candidates with a value (disqualified ones included).
  const best = new Map<string, number>();
  for (const { criteria } of [...sections, ...(zeroWeight ?? [])]) {
    for (const { criterion } of criteria) {
      if (criterion.kind !== "numeric") continue;
      const values = active.map((p) => p.values?.[criterion.id]).filter(isValidValue);
      if (values.length === 0) continue;
      best.set(criterion.id, criterion.direction === "lower" ? Math.min(...values) : Math.max(...values));
    }
  }
  const summaries: CellMap<ScoreSummaryInput> = new Map();
  for (const summary of input.scoreSummaries ?? []) {
    if (summary.count > 0) setCell(summaries, summary.candidateId, summary.criterionId, summary);
  }
  const context: Context = {
    scores,
    summaries,
    consensus,
    best,
    evaluatorIds: input.evaluators.map((e) => e.id),
    conflicts,
    derive,
  };

  const minimum = input.minimumTotal;
  const results: CandidateResult[] = active.map((p) => {
    const scored = sections.map(({ section, criteria }) => scoreSection(section, criteria, p, context));
    const criteria = scored.flatMap((s) => s.criteria);
    const sectionResults = scored.map((s) => s.result);
    const knockouts = scored.flatMap((s) => s.knockouts);
    const pairs = scored.reduce((sum, s) => sum + s.pairs, 0);
    const scoredPairs = scored.reduce((sum, s) => sum + s.scoredPairs, 0);

    // Rule 4: the total; rule 6: applied weights and contributions.
    let weightedSum = 0;
    let weightSum = 0;
    for (const s of sectionResults) {
      if (s.score === undefined) continue;
      weightedSum += s.weight * s.score;
      weightSum += s.weight;
    }
    const unclamped = weightSum > 0 ? weightedSum / weightSum : undefined;
    const total = weightedTotal(sectionResults.map((s) => ({ weight: s.weight, score: s.score })));
    const totalTerms: TotalDerivation["terms"] = derive
      ? sectionResults
          .filter((s) => s.score !== undefined)
          .map((s) => ({
            sectionId: s.sectionId,
            weight: s.weight,
            sectionScore: s.score!,
            weighted: s.weight * s.score!,
            points: (s.weight * s.score!) / weightSum,
          }))
      : NONE;
    const contributions: Contribution[] = derive ? [] : NONE;
    let contributionSum = 0;
    sections.forEach(({ criteria: active }, i) => {
      const s = sectionResults[i];
      if (s.score === undefined) return;
      active.forEach(({ criterion }, j) => {
        const c = scored[i].criteria[j];
        if (c.score === undefined) return;
        c.appliedWeight = (s.weight / weightSum) * (criterion.weight / s.derivation.weightSum);
        c.contribution = (100 * c.appliedWeight * c.score) / c.max;
        contributionSum += c.contribution;
        if (!derive) return;
        contributions.push({
          criterionId: c.criterionId,
          sectionId: s.sectionId,
          nominalWeight: c.nominalWeight,
          appliedWeight: c.appliedWeight,
          score: c.score,
          max: c.max,
          points: c.contribution,
        });
      });
    });

    // Rule 5: completeness and coverage.
    const completeness = criteria.reduce((sum, c) => sum + (c.score === undefined ? 0 : c.nominalWeight), 0);
    const complete = sections.length > 0 && completeness >= 1 - EPSILON;
    const weightOf = (c: CriterionResult) => ({
      criterionId: c.criterionId,
      sectionId: c.sectionId,
      nominalWeight: c.nominalWeight,
    });

    // Rule 7: evidence confidence. Summing a subset of the same terms in the same order keeps E <= C exactly.
    const evidenceTerms: EvidenceDerivation["terms"] = !derive
      ? NONE
      : criteria
          .filter((c) => c.evidenceBacked)
          .map((c) => ({
            criterionId: c.criterionId,
            sectionId: c.sectionId,
            nominalWeight: c.nominalWeight,
            backing:
              c.kind === "numeric"
                ? { kind: "profile claim" as const }
                : { kind: "scores" as const, evaluatorIds: citingEvaluators(p.id, c.criterionId, scores) },
          }));
    const evidenceConfidence = criteria.reduce((sum, c) => sum + (c.evidenceBacked ? c.nominalWeight : 0), 0);

    // Rule 8: knockouts and the minimum total.
    const reasons: DisqualificationReason[] = knockouts
      .filter((k) => k.status === "fail")
      .map((k) => ({
        kind: "knockout" as const,
        criterionId: k.criterionId,
        sectionId: k.sectionId,
        threshold: k.threshold,
        score: k.score!,
      }));
    let minimumTotal: CandidateResult["minimumTotal"];
    if (minimum !== undefined) {
      let status: KnockoutStatus = "pending";
      if (complete && total !== undefined) status = total < minimum - EPSILON ? "fail" : "pass";
      minimumTotal = { minimum, status };
      if (status === "fail") reasons.push({ kind: "minimumTotal", minimum, total: total! });
    }

    const result: CandidateResult = {
      candidateId: p.id,
      name: p.name,
      criteria,
      sections: sectionResults,
      total,
      derivation: {
        rule: "T(p) = sum(W_s * Sec(s,p)) / sum(W_s) over sections with Sec defined, clamped to 0-100",
        terms: totalTerms,
        weightedSum,
        weightSum,
        unclamped,
        result: total,
        contributions,
        contributionSum,
      },
      completeness,
      complete,
      completenessDerivation: {
        rule: "C(p) = sum of ew_c over the criteria with S(c,p) defined, ew_c = (W_s / sum(W)) * (w_c / sum(w in s))",
        terms: derive ? criteria.filter((c) => c.score !== undefined).map(weightOf) : NONE,
        missing: derive ? criteria.filter((c) => c.score === undefined).map(weightOf) : NONE,
        result: completeness,
        complete,
      },
      evidenceConfidence,
      evidenceDerivation: {
        rule: "E(p) = sum of ew_c over criteria with S(c,p) defined and backed by evidence this buyer verified",
        terms: evidenceTerms,
        result: evidenceConfidence,
      },
      evaluatorCoverage: pairs > 0 ? scoredPairs / pairs : undefined,
      coverageDerivation: {
        rule: "coverage = scored pairs / pairs of (positively weighted rated criterion, assigned evaluator not conflicted)",
        pairs,
        scored: scoredPairs,
        result: pairs > 0 ? scoredPairs / pairs : undefined,
      },
      knockouts,
      minimumTotal,
      disqualified: reasons.length > 0,
      reasons,
      rank: undefined,
      rankDerivation: UNRANKED,
    };
    if (zeroWeight) {
      const uncounted = zeroWeight.map(({ section, criteria }) =>
        scoreSection(section, criteria, p, context),
      );
      result.zeroWeightSections = {
        sections: uncounted.map((s) => s.result),
        criteria: uncounted.flatMap((s) => s.criteria),
        knockouts: uncounted.flatMap((s) => s.knockouts),
      };
    }
    return result;
  });

  const ranked = rankCandidates(results);
  if (derive) deriveRanks(ranked);
  else for (const r of ranked) r.rankDerivation = { ...UNRANKED, group: rankGroup(r), result: r.rank };
  return {
    candidates: ranked,
    withdrawn,
    final: results.length > 0 && results.every((r) => r.complete),
    ...(derive ? {} : { derivations: false as const }),
  };
}

const RANK_RULE: RankDerivation["rule"] =
  "rank = 1 + candidates ranked before: qualified by T descending, then disqualified by T descending, totals compared rounded to 9 decimals, equal ones sharing a rank; no T, no rank";
const UNRANKED: RankDerivation = {
  rule: RANK_RULE,
  group: "unranked",
  roundedTotal: undefined,
  ahead: 0,
  tiedWith: [],
  result: undefined,
};

function rankGroup(r: CandidateResult): RankDerivation["group"] {
  return r.total === undefined ? "unranked" : r.disqualified ? "disqualified" : "qualified";
}

/** Rule 9's derivation of each rank, on rows already in ranking order with their ranks set. */
function deriveRanks(ranked: CandidateResult[]): void {
  const byGroupAndKey = new Map<string, string[]>();
  const groupOf = rankGroup;
  for (const r of ranked) {
    if (r.total === undefined) continue;
    const id = `${groupOf(r)} ${rankKey(r.total)}`;
    byGroupAndKey.set(id, [...(byGroupAndKey.get(id) ?? []), r.candidateId]);
  }
  const rankedCount = ranked.filter((x) => x.rank !== undefined).length;
  for (const r of ranked) {
    if (r.total === undefined || r.rank === undefined) {
      r.rankDerivation = { ...UNRANKED, ahead: rankedCount };
      continue;
    }
    const key = rankKey(r.total);
    r.rankDerivation = {
      rule: RANK_RULE,
      group: groupOf(r) as "qualified" | "disqualified",
      roundedTotal: key / 10 ** RANK_DECIMALS,
      ahead: r.rank - 1,
      tiedWith: (byGroupAndKey.get(`${groupOf(r)} ${key}`) ?? []).filter((id) => id !== r.candidateId),
      result: r.rank,
    };
  }
}

function citingEvaluators(
  candidateId: string,
  criterionId: string,
  scores: CellMap<Map<string, CountedScore>>,
): string[] {
  const byEvaluator = cellOf(scores, candidateId, criterionId);
  return [...(byEvaluator?.entries() ?? [])].filter(([, s]) => s.citesVerifiedEvidence).map(([id]) => id);
}

/** The counted scores of one rated cell: the individual ones and a summary's, taken together. */
interface Tally {
  own: { evaluatorId: string; value: number }[];
  byEvaluator: Map<string, CountedScore> | undefined;
  summary: ScoreSummaryInput | undefined;
  count: number;
  sum: number;
  min: number;
  max: number;
  citesVerifiedEvidence: boolean;
}

const NO_SCORES: Tally = {
  own: [],
  byEvaluator: undefined,
  summary: undefined,
  count: 0,
  sum: 0,
  min: Number.POSITIVE_INFINITY,
  max: Number.NEGATIVE_INFINITY,
  citesVerifiedEvidence: false,
};

function tallyOf(
  byEvaluator: Map<string, CountedScore> | undefined,
  summary: ScoreSummaryInput | undefined,
  derive: boolean,
): Tally {
  // The common cases first: nothing, or a summary alone (the same figures the loop below would give).
  if (!byEvaluator) {
    if (!summary) return NO_SCORES;
    return {
      own: [],
      byEvaluator: undefined,
      summary,
      count: summary.count,
      sum: summary.sum,
      min: summary.min,
      max: summary.max,
      citesVerifiedEvidence: summary.citesVerifiedEvidence,
    };
  }
  // One pass, adding in insertion order (as a reduce would: the same sum to the last bit).
  const own: { evaluatorId: string; value: number }[] = derive ? [] : NONE;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let cites = false;
  let count = 0;
  for (const [evaluatorId, s] of byEvaluator ?? []) {
    if (derive) own.push({ evaluatorId, value: s.value });
    count += 1;
    sum += s.value;
    min = Math.min(min, s.value);
    max = Math.max(max, s.value);
    cites ||= s.citesVerifiedEvidence;
  }
  if (summary) {
    sum += summary.sum;
    min = Math.min(min, summary.min);
    max = Math.max(max, summary.max);
    count += summary.count;
    cites ||= summary.citesVerifiedEvidence;
  }
  return { own, byEvaluator, summary, count, sum, min, max, citesVerifiedEvidence: cites };
}

/** Rules 1-3 and the knockouts of one section for one candidate; applied weights are filled in by the caller. */
function scoreSection(section: SectionInput, active: ActiveCriterion[], p: CandidateInput, context: Context) {
  const { conflicts, evaluatorIds } = context;
  const criteria: CriterionResult[] = [];
  const knockouts: KnockoutResult[] = [];
  let pairs = 0;
  let scoredPairs = 0;
  const ownScores = context.scores.get(p.id);
  const ownSummaries = context.summaries.get(p.id);
  const ownConsensus = context.consensus.get(p.id);
  for (const { criterion, max, nominalWeight } of active) {
    const tally =
      criterion.kind === "rated"
        ? tallyOf(ownScores?.get(criterion.id), ownSummaries?.get(criterion.id), context.derive)
        : undefined;
    const derivation = scoreCriterion(criterion, max, p, context, tally, ownConsensus?.get(criterion.id));
    const defined = derivation.result !== undefined;
    let spread: number | undefined;
    let evidenceBacked = false;
    if (tally && criterion.kind === "rated") {
      if (tally.count > 0) spread = tally.max - tally.min;
      // NOTE: a consensus replaces the mean, yet the evaluators' verified citations still back the criterion.
      evidenceBacked = defined && tally.citesVerifiedEvidence;
      for (const evaluatorId of evaluatorIds) {
        if (conflicts.get(evaluatorId)?.has(p.id)) continue;
        pairs += 1;
        if (tally.byEvaluator?.has(evaluatorId)) scoredPairs += 1;
      }
      scoredPairs += tally.summary?.count ?? 0;
      if (criterion.knockout !== undefined) {
        const score = derivation.result;
        knockouts.push({
          criterionId: criterion.id,
          sectionId: section.id,
          threshold: criterion.knockout,
          score,
          status: score === undefined ? "pending" : score < criterion.knockout - EPSILON ? "fail" : "pass",
        });
      }
    } else {
      evidenceBacked = defined && p.verifiedValues?.[criterion.id] === true;
    }
    criteria.push({
      criterionId: criterion.id,
      sectionId: section.id,
      kind: criterion.kind,
      max,
      score: derivation.result,
      spread,
      disagreement: spread !== undefined && spread >= DISAGREEMENT_SHARE * max - EPSILON,
      nominalWeight,
      appliedWeight: 0,
      contribution: undefined,
      evidenceBacked,
      derivation,
    });
  }

  const terms: SectionDerivation["terms"] = context.derive ? [] : NONE;
  let weightedSum = 0;
  let weightSum = 0;
  active.forEach(({ criterion }, i) => {
    const c = criteria[i];
    if (c.score === undefined) return;
    const weighted = (criterion.weight * c.score) / c.max;
    weightedSum += weighted;
    weightSum += criterion.weight;
    if (context.derive) {
      terms.push({
        criterionId: c.criterionId,
        weight: criterion.weight,
        score: c.score,
        max: c.max,
        weighted,
      });
    }
  });
  const score = weightSum > 0 ? (100 * weightedSum) / weightSum : undefined;
  const result: SectionResult = {
    sectionId: section.id,
    name: section.name,
    weight: section.weight,
    score,
    derivation: {
      rule: "Sec(s,p) = 100 * sum(w_c * S(c,p) / M_c) / sum(w_c) over criteria with S defined",
      terms,
      weightedSum,
      weightSum,
      result: score,
    },
  };
  return { criteria, knockouts, result, pairs, scoredPairs };
}

function scoreCriterion(
  criterion: CriterionInput,
  max: number,
  p: CandidateInput,
  { best }: Context,
  tally: Tally | undefined,
  agreed: number | undefined,
): CriterionScoreDerivation {
  if (criterion.kind === "numeric") {
    const value = p.values?.[criterion.id];
    const b = best.get(criterion.id);
    if (!isValidValue(value) || b === undefined)
      return { rule: "none", reason: "no value", max, result: undefined };
    const result = criterion.direction === "lower" ? (max * b) / value : (max * value) / b;
    return { rule: "ratio", direction: criterion.direction, value, best: b, max, result };
  }
  const own = tally?.own ?? [];
  if (agreed !== undefined)
    return {
      rule: "consensus",
      scores: own === NONE ? NONE : [...own],
      consensus: agreed,
      max,
      result: agreed,
    };
  if (!tally || tally.count === 0) return { rule: "none", reason: "no scores", max, result: undefined };
  return {
    rule: "mean",
    scores: own,
    sum: tally.sum,
    count: tally.count,
    max,
    result: tally.sum / tally.count,
  };
}

/** What rule 9 needs of a candidate; the what-if ranks its own rows with the same code. */
export interface Rankable {
  candidateId: string;
  name: string;
  total: number | undefined;
  disqualified: boolean;
  rank: number | undefined;
}

/**
 * Rule 9: qualified by total, then disqualified, competition ranks running on; the unranked last, ties in a group
 * by name then id. Sets `rank` on each row and returns the rows in ranking order.
 */
export function rankCandidates<T extends Rankable>(results: T[]): T[] {
  const order = (a: T, b: T) => {
    const diff = rankKey(b.total!) - rankKey(a.total!);
    return diff !== 0 ? diff : byNameThenId(a, b);
  };
  const scored = results.filter((r) => r.total !== undefined);
  const qualified = scored.filter((r) => !r.disqualified).sort(order);
  const disqualified = scored.filter((r) => r.disqualified).sort(order);
  const unranked = results.filter((r) => r.total === undefined).sort(byNameThenId);
  for (const r of unranked) r.rank = undefined;
  let position = 0;
  for (const group of [qualified, disqualified]) {
    let previous: { key: number; rank: number } | undefined;
    for (const r of group) {
      position += 1;
      const k = rankKey(r.total!);
      r.rank = previous !== undefined && previous.key === k ? previous.rank : position;
      previous = { key: k, rank: r.rank };
    }
  }
  return [...qualified, ...disqualified, ...unranked];
}

// ---------------------------------------------------------------------------------------------------------------
// Rule 10

export interface WeightMessage {
  /** Dotted path into the sections array, e.g. `sections.0.criteria.2.weight`; `sections` for the whole. */
  path: string;
  message: string;
}

/** Rule 10: weights are non-negative; one section and, in each positive section, one criterion is positive. */
export function validateWeights(
  sections: readonly { weight: number; criteria: readonly { weight: number }[] }[],
): WeightMessage[] {
  const messages: WeightMessage[] = [];
  const valid = (w: number) => Number.isFinite(w) && w >= 0;
  sections.forEach((section, i) => {
    if (!valid(section.weight)) {
      messages.push({ path: `sections.${i}.weight`, message: "A weight is a number of 0 or more." });
    }
    section.criteria.forEach((criterion, j) => {
      if (!valid(criterion.weight)) {
        messages.push({
          path: `sections.${i}.criteria.${j}.weight`,
          message: "A weight is a number of 0 or more.",
        });
      }
    });
    if (isPositive(section.weight) && !section.criteria.some((c) => isPositive(c.weight))) {
      messages.push({
        path: `sections.${i}.criteria`,
        message: "A section with a positive weight needs at least one criterion with a positive weight.",
      });
    }
  });
  if (!sections.some((s) => isPositive(s.weight))) {
    messages.push({ path: "sections", message: "At least one section needs a positive weight." });
  }
  return messages;
}
