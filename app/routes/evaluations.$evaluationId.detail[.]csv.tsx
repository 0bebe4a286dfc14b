import type { LoaderFunctionArgs } from "@remix-run/node";
import { comparisonExportOf, exportAccess, exportFileName } from "~/models/record-exports.server";
import { authorize } from "~/utils/access.server";
import { detailCsv } from "~/utils/comparison-csv";
import { failurePage } from "~/utils/errors.server";

// The comparison's detail as CSV (docs/product.md "Exports"): from review on, for those who may see the comparison; a
// decided evaluation's is written from its frozen comparison.json.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const evaluation = await exportAccess(viewer, params.evaluationId).catch(failurePage);
  const { export: exported } = await comparisonExportOf(viewer, evaluation).catch(failurePage);
  return new Response(detailCsv(exported), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(evaluation, "detail.csv")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
