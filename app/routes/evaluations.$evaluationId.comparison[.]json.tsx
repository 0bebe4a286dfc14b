import type { LoaderFunctionArgs } from "@remix-run/node";
import { comparisonExportOf, exportAccess, exportFileName } from "~/models/record-exports.server";
import { authorize } from "~/utils/access.server";
import { failurePage } from "~/utils/errors.server";

// comparison.json (docs/product.md "Exports", schema partnerlens.comparison/1): summary and detail at full precision,
// shares on 0-1, null for undefined. A decided evaluation answers with its frozen record's exact text.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const evaluation = await exportAccess(viewer, params.evaluationId).catch(failurePage);
  const { json } = await comparisonExportOf(viewer, evaluation).catch(failurePage);
  return new Response(json, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(evaluation, "comparison.json")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
