import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { authorize } from "~/utils/access.server";
import { endSession } from "~/utils/session.server";

// Signing out is a POST (a link could be triggered by another site); a GET just goes home.
export async function loader(_args: LoaderFunctionArgs) {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await authorize(request);
  throw redirect("/", { headers: { "Set-Cookie": await endSession(request) } });
}
