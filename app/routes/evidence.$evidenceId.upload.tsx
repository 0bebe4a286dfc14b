import type { ActionFunctionArgs } from "@remix-run/node";
import { newVersionAction } from "~/models/evidence-actions.server";

// A new version sent with XMLHttpRequest (for its progress bar): the same write as the page's form, in JSON.
export async function action({ request, params }: ActionFunctionArgs) {
  return newVersionAction(request, params.evidenceId ?? "", "json");
}
