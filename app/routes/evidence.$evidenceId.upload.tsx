import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { authorize } from "~/utils/access.server";
import { newVersionAction } from "~/utils/evidence-actions.server";

// A new version sent with XMLHttpRequest (for its progress bar): the same write as the page's form, in JSON.
export async function action({ request, params }: ActionFunctionArgs) {
  return newVersionAction(request, params.evidenceId ?? "", "json");
}

/** Opened in a browser: the evidence's page, whose form posts here (it answers 404 to anyone else). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorize(request, { kind: "partner" });
  throw redirect(`/evidence/${encodeURIComponent(params.evidenceId ?? "")}`);
}
