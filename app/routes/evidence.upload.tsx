import type { ActionFunctionArgs } from "@remix-run/node";
import { addEvidenceAction } from "~/models/evidence-actions.server";

// The "Add evidence" form sent with XMLHttpRequest (for its progress bar): the same write, answered in JSON.
export async function action({ request }: ActionFunctionArgs) {
  return addEvidenceAction(request, "json");
}
