import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { authorize } from "~/utils/access.server";
import { addEvidenceAction } from "~/utils/evidence-actions.server";

// The "Add evidence" form sent with XMLHttpRequest (for its progress bar): the same write, answered in JSON.
export async function action({ request }: ActionFunctionArgs) {
  return addEvidenceAction(request, "json");
}

/** Opened in a browser (a bookmark, a reload after an upload): the page whose form posts here. */
export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, { kind: "partner" });
  throw redirect("/evidence");
}
