// Rules 1-3 and the knockouts: the scores of one section's criteria for one candidate.
import { type ActiveCriterion, DISAGREEMENT_SHARE, EPSILON, isValidValue } from "./common";
import { type Context, NONE, type Tally, tallyOf } from "./context";
import type { CandidateInput, CriterionInput, SectionInput } from "./input";
import type {
  CriterionResult,
  CriterionScoreDerivation,
  KnockoutResult,
  SectionDerivation,
  SectionResult,
} from "./results";
/** Rules 1-3 and the knockouts of one section for one candidate; applied weights are filled in by the caller. */
export function scoreSection(
  section: SectionInput,
  active: ActiveCriterion[],
  p: CandidateInput,
  context: Context,
) {
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
