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
  consensus?: ConsensusInput[];
  minimumTotal?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Output

/** How `S(c,p)` was made (rule 1). */
export type CriterionScoreDerivation =
  | {
      rule: "consensus";
      /** The evaluators' own scores, shown beside the consensus. */
      scores: { evaluatorId: string; value: number }[];
      consensus: number;
      max: number;
      result: number;
    }
  | {
      rule: "mean";
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
  terms: { sectionId: string; weight: number; sectionScore: number; weighted: number }[];
  weightedSum: number;
  weightSum: number;
  /** Before clamping. */
  unclamped: number | undefined;
  result: number | undefined;
  /** They add up to `T(p)` (rule 6). */
  contributions: Contribution[];
  contributionSum: number;
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
  /** Share of (rated criterion, non-conflicted assigned evaluator) pairs scored; undefined without a pair. */
  evaluatorCoverage: number | undefined;
  knockouts: KnockoutResult[];
  minimumTotal: { minimum: number; status: KnockoutStatus } | undefined;
  disqualified: boolean;
  reasons: DisqualificationReason[];
  /** Standard competition rank; undefined when `T(p)` is undefined. */
  rank: number | undefined;
}

export interface ScoringResults {
  /** Ranking order: qualified, then disqualified, then the unranked. Withdrawn candidates are not here. */
  candidates: CandidateResult[];
  withdrawn: { candidateId: string; name: string }[];
  /** True only when every candidate is at 100% completeness; otherwise every rank is provisional. */
  final: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Engine

export function criterionMax(criterion: CriterionInput): number {
  return criterion.max ?? DEFAULT_MAX;
}

function isPositive(weight: number): boolean {
  return Number.isFinite(weight) && weight > 0;
}

function isValidValue(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0;
}

interface ActiveCriterion {
  criterion: CriterionInput;
  section: SectionInput;
  max: number;
  nominalWeight: number;
}

/** The positively weighted criteria of positively weighted sections, with their nominal weights (rule 5). */
function activeSections(sections: SectionInput[]): { section: SectionInput; criteria: ActiveCriterion[] }[] {
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

const key = (...parts: string[]) => JSON.stringify(parts);

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

/**
 * Every figure of an evaluation's comparison (rules 1-9), each with its derivation. Withdrawn candidates are
 * listed apart and take no part in anything, `best` included.
 */
export function computeResults(input: ScoringInput): ScoringResults {
  const active = input.candidates.filter((c) => !c.withdrawn);
  const withdrawn = input.candidates
    .filter((c) => c.withdrawn)
    .map((c) => ({ candidateId: c.id, name: c.name }))
    .sort(byNameThenId);
  const sections = activeSections(input.sections);

  const conflicts = new Map<string, Set<string>>();
  for (const e of input.evaluators) conflicts.set(e.id, new Set(e.conflicts ?? []));
  const evaluatorIds = input.evaluators.map((e) => e.id);

  // Saved scores of assigned evaluators, by (candidate, criterion), keyed by evaluator so a repeat replaces.
  const scores = new Map<string, Map<string, number>>();
  for (const s of input.scores) {
    const conflicted = conflicts.get(s.evaluatorId);
    if (!conflicted || conflicted.has(s.candidateId)) continue;
    const k = key(s.candidateId, s.criterionId);
    let byEvaluator = scores.get(k);
    if (!byEvaluator) {
      byEvaluator = new Map();
      scores.set(k, byEvaluator);
    }
    byEvaluator.set(s.evaluatorId, s.value);
  }
  const consensus = new Map<string, number>();
  for (const c of input.consensus ?? []) consensus.set(key(c.candidateId, c.criterionId), c.value);

  // `best` per numeric criterion over non-withdrawn candidates with a value (disqualified ones included).
  const best = new Map<string, number>();
  for (const { criteria } of sections) {
    for (const { criterion } of criteria) {
      if (criterion.kind !== "numeric") continue;
      const values = active.map((p) => p.values?.[criterion.id]).filter(isValidValue);
      if (values.length === 0) continue;
      best.set(criterion.id, criterion.direction === "lower" ? Math.min(...values) : Math.max(...values));
    }
  }

  const minimum = input.minimumTotal;
  const results: CandidateResult[] = active.map((p) => {
    const criteria: CriterionResult[] = [];
    const sectionResults: SectionResult[] = [];
    const knockouts: KnockoutResult[] = [];
    let pairs = 0;
    let scoredPairs = 0;
    for (const { criteria: sectionCriteria } of sections) {
      for (const { criterion, section, max, nominalWeight } of sectionCriteria) {
        const derivation = scoreCriterion(criterion, max, p, scores, consensus, best);
        let spread: number | undefined;
        if (criterion.kind === "rated") {
          const values = [...(scores.get(key(p.id, criterion.id))?.values() ?? [])];
          if (values.length > 0) spread = Math.max(...values) - Math.min(...values);
          for (const evaluatorId of evaluatorIds) {
            if (conflicts.get(evaluatorId)?.has(p.id)) continue;
            pairs += 1;
            if (scores.get(key(p.id, criterion.id))?.has(evaluatorId)) scoredPairs += 1;
          }
          if (criterion.knockout !== undefined) {
            const score = derivation.result;
            knockouts.push({
              criterionId: criterion.id,
              sectionId: section.id,
              threshold: criterion.knockout,
              score,
              status:
                score === undefined ? "pending" : score < criterion.knockout - EPSILON ? "fail" : "pass",
            });
          }
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
          derivation,
        });
      }
    }

    // Rule 3: section scores.
    for (const { section } of sections) {
      const terms = criteria
        .filter((c) => c.sectionId === section.id && c.score !== undefined)
        .map((c) => {
          const weight = section.criteria.find((x) => x.id === c.criterionId)!.weight;
          const score = c.score!;
          return {
            criterionId: c.criterionId,
            weight,
            score,
            max: c.max,
            weighted: (weight * score) / c.max,
          };
        });
      const weightedSum = terms.reduce((sum, t) => sum + t.weighted, 0);
      const weightSum = terms.reduce((sum, t) => sum + t.weight, 0);
      const score = terms.length > 0 ? (100 * weightedSum) / weightSum : undefined;
      sectionResults.push({
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
      });
    }

    // Rule 4: the total; rule 6: applied weights and contributions.
    const sectionTerms = sectionResults
      .filter((s) => s.score !== undefined)
      .map((s) => ({
        sectionId: s.sectionId,
        weight: s.weight,
        sectionScore: s.score!,
        weighted: s.weight * s.score!,
      }));
    const weightedSum = sectionTerms.reduce((sum, t) => sum + t.weighted, 0);
    const weightSum = sectionTerms.reduce((sum, t) => sum + t.weight, 0);
    const unclamped = sectionTerms.length > 0 ? weightedSum / weightSum : undefined;
    const total = weightedTotal(sectionTerms.map((t) => ({ weight: t.weight, score: t.sectionScore })));
    const contributions: Contribution[] = [];
    for (const s of sectionResults) {
      if (s.score === undefined) continue;
      for (const t of s.derivation.terms) {
        const c = criteria.find((x) => x.criterionId === t.criterionId)!;
        c.appliedWeight = (s.weight / weightSum) * (t.weight / s.derivation.weightSum);
        c.contribution = (100 * c.appliedWeight * t.score) / t.max;
        contributions.push({
          criterionId: c.criterionId,
          sectionId: s.sectionId,
          nominalWeight: c.nominalWeight,
          appliedWeight: c.appliedWeight,
          score: t.score,
          max: t.max,
          points: c.contribution,
        });
      }
    }

    // Rule 5: completeness and coverage.
    const completeness = criteria.reduce((sum, c) => sum + (c.score === undefined ? 0 : c.nominalWeight), 0);
    const complete = sections.length > 0 && completeness >= 1 - EPSILON;

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

    return {
      candidateId: p.id,
      name: p.name,
      criteria,
      sections: sectionResults,
      total,
      derivation: {
        rule: "T(p) = sum(W_s * Sec(s,p)) / sum(W_s) over sections with Sec defined, clamped to 0-100",
        terms: sectionTerms,
        weightedSum,
        weightSum,
        unclamped,
        result: total,
        contributions,
        contributionSum: contributions.reduce((sum, c) => sum + c.points, 0),
      },
      completeness,
      complete,
      evaluatorCoverage: pairs > 0 ? scoredPairs / pairs : undefined,
      knockouts,
      minimumTotal,
      disqualified: reasons.length > 0,
      reasons,
      rank: undefined,
    };
  });

  return {
    candidates: rank(results),
    withdrawn,
    final: results.every((r) => r.complete),
  };
}

function scoreCriterion(
  criterion: CriterionInput,
  max: number,
  p: CandidateInput,
  scores: Map<string, Map<string, number>>,
  consensus: Map<string, number>,
  best: Map<string, number>,
): CriterionScoreDerivation {
  if (criterion.kind === "numeric") {
    const value = p.values?.[criterion.id];
    const b = best.get(criterion.id);
    if (!isValidValue(value) || b === undefined)
      return { rule: "none", reason: "no value", max, result: undefined };
    const result = criterion.direction === "lower" ? (max * b) / value : (max * value) / b;
    return { rule: "ratio", direction: criterion.direction, value, best: b, max, result };
  }
  const k = key(p.id, criterion.id);
  const own = [...(scores.get(k)?.entries() ?? [])].map(([evaluatorId, value]) => ({ evaluatorId, value }));
  const agreed = consensus.get(k);
  if (agreed !== undefined) return { rule: "consensus", scores: own, consensus: agreed, max, result: agreed };
  if (own.length === 0) return { rule: "none", reason: "no scores", max, result: undefined };
  const sum = own.reduce((total, s) => total + s.value, 0);
  return { rule: "mean", scores: own, sum, count: own.length, max, result: sum / own.length };
}

/** Rule 9: qualified by total, then disqualified, competition ranks running on; the unranked last. */
function rank(results: CandidateResult[]): CandidateResult[] {
  const order = (a: CandidateResult, b: CandidateResult) => {
    const diff = rankKey(b.total!) - rankKey(a.total!);
    return diff !== 0 ? diff : byNameThenId(a, b);
  };
  const scored = results.filter((r) => r.total !== undefined);
  const qualified = scored.filter((r) => !r.disqualified).sort(order);
  const disqualified = scored.filter((r) => r.disqualified).sort(order);
  const unranked = results.filter((r) => r.total === undefined).sort(byNameThenId);
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
export function validateWeights(sections: Pick<SectionInput, "weight" | "criteria">[]): WeightMessage[] {
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
