// Sensitivity (docs/product.md "Scoring method", sensitivity): the what-if on section weights and the rank stability of
// the leader. Pure and browser-safe: the comparison's sliders call these on the loader's full-precision results,
// and they reuse the engine's own pieces (weighted total, nominal weights, ranking) rather than a second copy.
import {
  activeSections,
  type CandidateResult,
  type CriterionResult,
  type DisqualificationReason,
  EPSILON,
  rankCandidates,
  type SectionInput,
  type SectionResult,
  weightedTotal,
} from "../scoring";
import { isPositive } from "./common";

export {
  describeStability,
  HIGHEST_SHARE,
  LOWEST_SHARE,
  type RankStability,
  rankStability,
  type SectionStability,
  type StabilityLimit,
} from "./rank-stability";

/**
 * What the sensitivity figures read of each candidate's results: its section scores, which criteria are defined,
 * its knockouts and rank. A `CandidateResult` has all of it; the comparison sends only this much to the browser
 * (`snapshot.ts`).
 */
export interface SensitivityCandidate
  extends Pick<CandidateResult, "candidateId" | "name" | "total" | "rank" | "disqualified" | "reasons"> {
  minimumTotal?: { minimum: number } | undefined;
  sections: Pick<SectionResult, "sectionId" | "score">[];
  /** Only whether each `score` is defined is read: the completeness under new weights. */
  criteria: Pick<CriterionResult, "criterionId" | "score">[];
  zeroWeightSections?: {
    sections: Pick<SectionResult, "sectionId" | "score">[];
    criteria: Pick<CriterionResult, "criterionId" | "score">[];
  };
}

/** Results as the sensitivity figures read them: `ScoringResults` is one. */
export interface SensitivitySource {
  candidates: SensitivityCandidate[];
}

// ---------------------------------------------------------------------------------------------------------------
// What-if

export interface WhatIfCandidate {
  candidateId: string;
  name: string;
  total: number | undefined;
  /** `C(p)` under the new weights. */
  completeness: number;
  complete: boolean;
  disqualified: boolean;
  reasons: DisqualificationReason[];
  rank: number | undefined;
  /** The rank in `results`, at the saved weights. */
  previousRank: number | undefined;
  rankChanged: boolean;
}

export interface WhatIfResults {
  /** Ranking order, as `computeResults` orders them. */
  candidates: WhatIfCandidate[];
  /** Ids of the candidates whose rank changed. */
  changed: string[];
  final: boolean;
}

/** A candidate's sections and defined criteria, the uncounted weight-0 ones included when computed. */
function everything(c: SensitivityCandidate) {
  return {
    sections: new Map<string, Pick<SectionResult, "sectionId" | "score">>(
      [...c.sections, ...(c.zeroWeightSections?.sections ?? [])].map((s) => [s.sectionId, s]),
    ),
    defined: new Set(
      [...c.criteria, ...(c.zeroWeightSections?.criteria ?? [])]
        .filter((x) => x.score !== undefined)
        .map((x) => x.criterionId),
    ),
  };
}

/**
 * The totals, ranks and disqualifications `computeResults` would give with other section weights, from `results`
 * alone: section scores do not depend on section weights. `newWeights` maps section ids to weights (a section not
 * named keeps its weight). Knockouts stay as they are (docs/product.md): a candidate that failed one stays disqualified,
 * and a section raised from 0 adds its scores but not its knockouts. A section raised from 0 needs `results`
 * computed with `zeroWeightSections`, or this throws. Completeness is recomputed under the new weights and the
 * minimum total re-applied to the new totals; it defaults to the one `results` applied.
 */
export function whatIf(
  results: SensitivitySource,
  sections: SectionInput[],
  newWeights: Record<string, number>,
  minimumTotal: number | undefined = results.candidates.find((c) => c.minimumTotal)?.minimumTotal?.minimum,
): WhatIfResults {
  const reweighted = sections.map((s) => ({ ...s, weight: newWeights[s.id] ?? s.weight }));
  const active = activeSections(reweighted);
  const rows = results.candidates.map((c): WhatIfCandidate => {
    const all = everything(c);
    for (const { section } of active) {
      if (!all.sections.has(section.id)) {
        throw new Error(
          `whatIf: no scores for section ${section.id}; compute the results with { zeroWeightSections: true }`,
        );
      }
    }
    // The same terms in the same order as the engine, so the totals agree to the last bit and so do the ranks.
    const total = weightedTotal(
      active.map(({ section }) => ({ weight: section.weight, score: all.sections.get(section.id)!.score })),
    );
    let completeness = 0;
    for (const { criteria } of active) {
      for (const x of criteria) completeness += all.defined.has(x.criterion.id) ? x.nominalWeight : 0;
    }
    const complete = active.length > 0 && completeness >= 1 - EPSILON;
    // NOTE: docs/product.md "What-if": knockouts stay as they are, whatever the weights (a failed knockout is a fact
    // about the partner, not about the weighting); only the minimum total is re-applied.
    const reasons: DisqualificationReason[] = c.reasons.filter((r) => r.kind === "knockout");
    if (minimumTotal !== undefined && complete && total !== undefined && total < minimumTotal - EPSILON) {
      reasons.push({ kind: "minimumTotal", minimum: minimumTotal, total });
    }
    return {
      candidateId: c.candidateId,
      name: c.name,
      total,
      completeness,
      complete,
      disqualified: reasons.length > 0,
      reasons,
      rank: undefined,
      previousRank: c.rank,
      rankChanged: false,
    };
  });
  const ranked = rankCandidates(rows);
  for (const r of ranked) r.rankChanged = r.rank !== r.previousRank;
  return {
    candidates: ranked,
    changed: ranked.filter((r) => r.rankChanged).map((r) => r.candidateId),
    final: ranked.length > 0 && ranked.every((r) => r.complete),
  };
}

/**
 * Each section's share of the total weight (0-1) under `weights` (rule 10's normalisation): what the what-if's
 * sliders say as percentages. Weight-0 sections get 0; all 0 when no section weighs anything.
 */
export function sectionShares(sections: Pick<SectionInput, "id" | "weight">[]): Map<string, number> {
  const sum = sections.reduce((total, s) => total + (isPositive(s.weight) ? s.weight : 0), 0);
  return new Map(sections.map((s) => [s.id, sum > 0 && isPositive(s.weight) ? s.weight / sum : 0]));
}
