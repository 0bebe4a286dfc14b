// The engine's input read once into lookups by (candidate, criterion): the counted scores, the summaries, the
// consensus and each numeric criterion's best value; and the tally of one rated cell.
import { type ActiveCriterion, isValidValue } from "./common";
import type { CandidateInput, ScoreSummaryInput, ScoringInput } from "./input";

/** Values by candidate, then by criterion: two lookups, no key built per cell. */
export type CellMap<T> = Map<string, Map<string, T>>;

export function cellOf<T>(cells: CellMap<T>, candidateId: string, criterionId: string): T | undefined {
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

/** A saved score of an assigned evaluator not conflicted with the candidate. */
export interface CountedScore {
  value: number;
  citesVerifiedEvidence: boolean;
}

export interface Context {
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
export const NONE: never[] = [];

/**
 * The lookups of one computation. Scores of anyone not assigned, or conflicted with the candidate, are left out;
 * `best` per numeric criterion is taken over the candidates given (the non-withdrawn ones, disqualified included)
 * with a value.
 */
export function buildContext(
  input: ScoringInput,
  candidates: CandidateInput[],
  sections: { criteria: ActiveCriterion[] }[],
  derive: boolean,
): Context {
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

  const best = new Map<string, number>();
  for (const { criteria } of sections) {
    for (const { criterion } of criteria) {
      if (criterion.kind !== "numeric") continue;
      const values = candidates.map((p) => p.values?.[criterion.id]).filter(isValidValue);
      if (values.length === 0) continue;
      best.set(criterion.id, criterion.direction === "lower" ? Math.min(...values) : Math.max(...values));
    }
  }
  const summaries: CellMap<ScoreSummaryInput> = new Map();
  for (const summary of input.scoreSummaries ?? []) {
    if (summary.count > 0) setCell(summaries, summary.candidateId, summary.criterionId, summary);
  }
  return {
    scores,
    summaries,
    consensus,
    best,
    evaluatorIds: input.evaluators.map((e) => e.id),
    conflicts,
    derive,
  };
}

export function citingEvaluators(
  candidateId: string,
  criterionId: string,
  scores: CellMap<Map<string, CountedScore>>,
): string[] {
  const byEvaluator = cellOf(scores, candidateId, criterionId);
  return [...(byEvaluator?.entries() ?? [])].filter(([, s]) => s.citesVerifiedEvidence).map(([id]) => id);
}

/** The counted scores of one rated cell: the individual ones and a summary's, taken together. */
export interface Tally {
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

export function tallyOf(
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
