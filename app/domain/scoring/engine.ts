// The engine: every figure of a comparison (rules 1-9) for each candidate, from its sections' scores up to its rank.
import {
  type ActiveCriterion,
  activeSections,
  criterionMax,
  EPSILON,
  isPositive,
  weightedTotal,
} from "./common";
import { buildContext, type Context, citingEvaluators, NONE } from "./context";
import type { CandidateInput, ComputeOptions, ScoringInput, SectionInput } from "./input";
import { byNameThenId, deriveRanks, rankCandidates, rankGroup, UNRANKED } from "./rank";
import type {
  CandidateResult,
  Contribution,
  CriterionResult,
  DisqualificationReason,
  EvidenceDerivation,
  KnockoutResult,
  KnockoutStatus,
  ScoringResults,
  TotalDerivation,
  UncountedSections,
} from "./results";
import { scoreSection } from "./section";

type ActiveSection = { section: SectionInput; criteria: ActiveCriterion[] };
type ScoredSection = ReturnType<typeof scoreSection>;

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
  const zeroWeight = options.zeroWeightSections ? zeroWeightSections(input.sections) : undefined;
  const context = buildContext(input, active, [...sections, ...(zeroWeight ?? [])], derive);

  const results = active.map((p) => scoreCandidate(p, sections, zeroWeight, context, input.minimumTotal));

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

/** The sections weighing 0 with their positively weighted criteria, each of nominal weight 0. */
function zeroWeightSections(sections: SectionInput[]): ActiveSection[] {
  return sections
    .filter((s) => !isPositive(s.weight))
    .map((section) => ({
      section,
      criteria: section.criteria
        .filter((c) => isPositive(c.weight))
        .map((criterion) => ({ criterion, section, max: criterionMax(criterion), nominalWeight: 0 })),
    }));
}

/** Every figure of one candidate but its rank. */
function scoreCandidate(
  p: CandidateInput,
  sections: ActiveSection[],
  zeroWeight: ActiveSection[] | undefined,
  context: Context,
  minimum: number | undefined,
): CandidateResult {
  const { derive } = context;
  const scored = sections.map(({ section, criteria }) => scoreSection(section, criteria, p, context));
  const criteria = scored.flatMap((s) => s.criteria);
  const knockouts = scored.flatMap((s) => s.knockouts);
  const pairs = scored.reduce((sum, s) => sum + s.pairs, 0);
  const scoredPairs = scored.reduce((sum, s) => sum + s.scoredPairs, 0);
  const derivation = totalOf(sections, scored, derive);
  const total = derivation.result;

  // Rule 5: completeness and coverage.
  const completeness = criteria.reduce((sum, c) => sum + (c.score === undefined ? 0 : c.nominalWeight), 0);
  const complete = sections.length > 0 && completeness >= 1 - EPSILON;
  const evidenceDerivation = evidenceOf(p.id, criteria, context);
  const { reasons, minimumTotal } = disqualificationOf(knockouts, minimum, complete, total);

  const result: CandidateResult = {
    candidateId: p.id,
    name: p.name,
    criteria,
    sections: scored.map((s) => s.result),
    total,
    derivation,
    completeness,
    complete,
    completenessDerivation: {
      rule: "C(p) = sum of ew_c over the criteria with S(c,p) defined, ew_c = (W_s / sum(W)) * (w_c / sum(w in s))",
      terms: derive ? criteria.filter((c) => c.score !== undefined).map(weightOf) : NONE,
      missing: derive ? criteria.filter((c) => c.score === undefined).map(weightOf) : NONE,
      result: completeness,
      complete,
    },
    evidenceConfidence: evidenceDerivation.result,
    evidenceDerivation,
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
  if (zeroWeight) result.zeroWeightSections = uncounted(zeroWeight, p, context);
  return result;
}

function weightOf(c: CriterionResult) {
  return { criterionId: c.criterionId, sectionId: c.sectionId, nominalWeight: c.nominalWeight };
}

/**
 * Rule 4: the total; rule 6: the applied weights and contributions, written onto the scored criteria (applied
 * weight 0 and no contribution stay on the ones without a score).
 */
function totalOf(sections: ActiveSection[], scored: ScoredSection[], derive: boolean): TotalDerivation {
  const sectionResults = scored.map((s) => s.result);
  let weightedSum = 0;
  let weightSum = 0;
  for (const s of sectionResults) {
    if (s.score === undefined) continue;
    weightedSum += s.weight * s.score;
    weightSum += s.weight;
  }
  const unclamped = weightSum > 0 ? weightedSum / weightSum : undefined;
  const total = weightedTotal(sectionResults.map((s) => ({ weight: s.weight, score: s.score })));
  const terms: TotalDerivation["terms"] = derive
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
  return {
    rule: "T(p) = sum(W_s * Sec(s,p)) / sum(W_s) over sections with Sec defined, clamped to 0-100",
    terms,
    weightedSum,
    weightSum,
    unclamped,
    result: total,
    contributions,
    contributionSum,
  };
}

/** Rule 7: evidence confidence. Summing a subset of the same terms in the same order keeps E <= C exactly. */
function evidenceOf(candidateId: string, criteria: CriterionResult[], context: Context): EvidenceDerivation {
  const terms: EvidenceDerivation["terms"] = !context.derive
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
              : {
                  kind: "scores" as const,
                  evaluatorIds: citingEvaluators(candidateId, c.criterionId, context.scores),
                },
        }));
  return {
    rule: "E(p) = sum of ew_c over criteria with S(c,p) defined and backed by evidence this buyer verified",
    terms,
    result: criteria.reduce((sum, c) => sum + (c.evidenceBacked ? c.nominalWeight : 0), 0),
  };
}

/** Rule 8: the knockouts failed and the minimum total. */
function disqualificationOf(
  knockouts: KnockoutResult[],
  minimum: number | undefined,
  complete: boolean,
  total: number | undefined,
): { reasons: DisqualificationReason[]; minimumTotal: CandidateResult["minimumTotal"] } {
  const reasons: DisqualificationReason[] = knockouts
    .filter((k) => k.status === "fail")
    .map((k) => ({
      kind: "knockout" as const,
      criterionId: k.criterionId,
      sectionId: k.sectionId,
      threshold: k.threshold,
      score: k.score!,
    }));
  if (minimum === undefined) return { reasons, minimumTotal: undefined };
  let status: KnockoutStatus = "pending";
  if (complete && total !== undefined) status = total < minimum - EPSILON ? "fail" : "pass";
  if (status === "fail") reasons.push({ kind: "minimumTotal", minimum, total: total! });
  return { reasons, minimumTotal: { minimum, status } };
}

/** The figures of the sections weighing 0, counted in nothing. */
function uncounted(zeroWeight: ActiveSection[], p: CandidateInput, context: Context): UncountedSections {
  const sections = zeroWeight.map(({ section, criteria }) => scoreSection(section, criteria, p, context));
  return {
    sections: sections.map((s) => s.result),
    criteria: sections.flatMap((s) => s.criteria),
    knockouts: sections.flatMap((s) => s.knockouts),
  };
}
