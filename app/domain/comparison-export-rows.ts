// The two tables of `comparison.json`: the summary (a row per candidate in ranking order) and the detail (a row per
// candidate and criterion of the checklist, withdrawn candidates marked and without figures).
import type { effectiveWeights } from "./checklist";
import type { DetailRow, ExportInput, SummaryRow } from "./comparison-export-types";
import {
  type CriterionResult,
  type DisqualificationReason,
  roundForDisplay,
  type ScoringResults,
} from "./scoring";

const key = (a: string, b: string) => `${a} ${b}`;

export function reasonWords(
  reason: DisqualificationReason,
  criterionName: ReadonlyMap<string, string>,
): string {
  return reason.kind === "knockout"
    ? `${criterionName.get(reason.criterionId) ?? "A criterion"} scored ${roundForDisplay(reason.score).toFixed(1)}, below its knockout of ${reason.threshold}`
    : `Total ${roundForDisplay(reason.total).toFixed(1)} below the minimum of ${reason.minimum}`;
}

/** The summary: each ranked (or unranked) candidate's figures, its counted sections' scores and points. */
export function summaryRows(
  input: ExportInput,
  results: ScoringResults,
  criterionName: ReadonlyMap<string, string>,
): SummaryRow[] {
  return results.candidates.map((r) => {
    const bySection = new Map(r.sections.map((s) => [s.sectionId, s.score]));
    return {
      rank: r.rank ?? null,
      candidateId: r.candidateId,
      partner: r.name,
      total: r.total ?? null,
      completeness: r.completeness,
      evaluatorCoverage: r.evaluatorCoverage ?? null,
      evidenceConfidence: r.evidenceConfidence,
      disqualified: r.disqualified,
      reasons: r.reasons.map((reason) => reasonWords(reason, criterionName)),
      sections: Object.fromEntries(
        input.checklist.sections
          .filter((s) => s.weight > 0)
          .map((s) => [s.key, bySection.get(s.key) ?? null]),
      ),
      sectionPoints: Object.fromEntries(r.derivation.terms.map((t) => [t.sectionId, t.points])),
    };
  });
}

/** Detail: every candidate (withdrawn ones marked, with no figure), every criterion of the checklist. */
export function detailRows(
  input: ExportInput,
  results: ScoringResults,
  evaluators: readonly { id: string }[],
  weights: ReturnType<typeof effectiveWeights>,
): DetailRow[] {
  const conflicts = new Map(input.declarations.map((d) => [d.evaluatorId, new Set(d.conflicts)]));
  const scoreOf = new Map(
    input.scores.map((s) => [`${key(s.candidateId, s.criterionId)} ${s.evaluatorId}`, s]),
  );
  const consensusOf = new Map(input.consensus.map((c) => [key(c.candidateId, c.criterionId), c]));
  const valueByCell = new Map(input.values.map((v) => [key(v.candidateId, v.criterionId), v]));
  const resultOf = new Map(
    results.candidates.map((r) => [
      r.candidateId,
      new Map<string, CriterionResult>(
        [...r.criteria, ...(r.zeroWeightSections?.criteria ?? [])].map((x) => [x.criterionId, x]),
      ),
    ]),
  );
  const detail: DetailRow[] = [];
  for (const c of input.candidates) {
    const own = resultOf.get(c.id);
    for (const s of input.checklist.sections) {
      for (const criterion of s.criteria) {
        const x = own?.get(criterion.key);
        const agreed = consensusOf.get(key(c.id, criterion.key));
        const value = valueByCell.get(key(c.id, criterion.key));
        const d = x?.derivation;
        detail.push({
          candidateId: c.id,
          partner: c.name,
          withdrawn: c.withdrawnAt !== null,
          sectionId: s.key,
          section: s.name,
          criterionId: criterion.key,
          criterion: criterion.name,
          kind: criterion.kind,
          nominalWeight: weights.criteria.get(criterion.key) ?? 0,
          appliedWeight: c.withdrawnAt !== null ? null : (x?.appliedWeight ?? 0),
          scores: Object.fromEntries(
            criterion.kind === "rated"
              ? evaluators.map((e) => {
                  if (conflicts.get(e.id)?.has(c.id))
                    return [e.id, { value: "conflict" as const, justification: "" }];
                  const score = scoreOf.get(`${key(c.id, criterion.key)} ${e.id}`);
                  return [e.id, { value: score?.value ?? null, justification: score?.justification ?? "" }];
                })
              : [],
          ),
          consensus: criterion.kind === "rated" ? (agreed?.value ?? null) : null,
          consensusRationale: criterion.kind === "rated" ? (agreed?.rationale ?? null) : null,
          value: value?.value ?? null,
          unit: criterion.kind === "numeric" ? criterion.unit : null,
          best: d?.rule === "ratio" ? d.best : null,
          s: x?.score ?? null,
          spread: x?.spread ?? null,
          contribution: x?.contribution ?? null,
        });
      }
    }
  }
  return detail;
}
