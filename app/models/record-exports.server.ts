// The record's exports and report: who may read them, their file names, and the export itself, frozen once the
// evaluation is decided.
import {
  buildComparisonExport,
  type ComparisonExport,
  comparisonJsonText,
} from "../domain/comparison-export";
import { recordOpen } from "../domain/evaluation";
import type { Viewer } from "../utils/access.server";
import { NotFound, RuleRefused } from "../utils/errors.server";
import { comparisonFor } from "./comparison.server";
import { getDecision } from "./decision.server";
import type { EvaluationRow } from "./evaluation.server";
import { liveExportInput } from "./record.server";

/**
 * Who may export or print an evaluation's record (docs/product.md "Exports"): those who may see its comparison (admins,
 * viewers once it reached review, evaluators under the blind rule, through `comparisonFor`), once the record is open;
 * before that a refusal that says so. Returns the evaluation.
 */
export async function exportAccess(viewer: Viewer, evaluationId: string | undefined): Promise<EvaluationRow> {
  const { evaluation } = await comparisonFor(viewer, evaluationId);
  // NOTE: docs/product.md "Exports": from review on (a decided evaluation's frozen record, a cancelled one's last state if
  // it had reached review), through the one predicate `recordOpen`; to evaluators under the comparison's blind rule.
  if (!recordOpen(evaluation)) {
    throw new RuleRefused("The record, its exports and its report open once the evaluation is in review.");
  }
  return evaluation;
}

/** A file name for an export: the evaluation's name, lower case, letters and digits. */
export function exportFileName(evaluation: Pick<EvaluationRow, "name">, suffix: string): string {
  const base = evaluation.name
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-")
    .slice(0, 60);
  return `${base || "evaluation"}-${suffix}`;
}

/** The export of an evaluation from review on: the frozen one once decided, else as it is now. */
export async function comparisonExportOf(
  viewer: Viewer,
  evaluation: EvaluationRow,
): Promise<{ export: ComparisonExport; json: string }> {
  if (evaluation.status === "decided") {
    const decision = await getDecision(viewer.organisationId, evaluation.id);
    if (!decision) throw new NotFound();
    return { export: JSON.parse(decision.comparisonJson) as ComparisonExport, json: decision.comparisonJson };
  }
  const exported = buildComparisonExport(await liveExportInput(viewer, evaluation));
  return { export: exported, json: comparisonJsonText(exported) };
}
