import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/forms";
import { confirmAddress, findConfirmation } from "~/models/account-mail.server";
import { optionalViewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failedLink, guardLinks } from "~/utils/throttle.server";

// A mailed confirmation link. Opening it (GET) only shows a button: mail scanners fetch links, so the POST confirms.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await guardLinks(context.clientIp);
  const found = await findConfirmation(params.token ?? "");
  if (!found) {
    await failedLink(context.clientIp);
    throw data(
      { message: "This confirmation link is not valid. Check that you copied all of it." },
      { status: 404 },
    );
  }
  return { status: found.status, email: found.email, signedIn: Boolean(await optionalViewer(request)) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await guardLinks(context.clientIp);
  const confirmed = await confirmAddress(params.token ?? "");
  if (!confirmed) {
    const found = await findConfirmation(params.token ?? "");
    if (!found) await failedLink(context.clientIp);
  }
  return { confirmed, signedIn: Boolean(await optionalViewer(request)) };
}

export default function ConfirmPage() {
  const { status, email, signedIn } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const done = answer?.confirmed || status === "confirmed";
  const next =
    (answer?.signedIn ?? signedIn)
      ? { to: "/", label: "Go to PartnerLens" }
      : { to: "/login", label: "Sign in" };
  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="confirm-title">
        <h1 id="confirm-title">Confirm your e-mail address</h1>
        {done ? (
          <div className="alert alert-success" role="status">
            {email} is confirmed. Thank you.
          </div>
        ) : status === "valid" && !answer ? (
          <>
            <p className="hint">Confirm that {email} is your address.</p>
            <Form method="post">
              <SubmitButton pendingText="Confirming…" className="btn btn-primary btn-block">
                Confirm my address
              </SubmitButton>
            </Form>
          </>
        ) : (
          <div className="alert alert-error" role="alert">
            {status === "expired"
              ? "This confirmation link has expired (links work for 3 days)."
              : "This confirmation link has been used or replaced by a newer one."}{" "}
            <Link to="/confirm">Send a new link</Link>.
          </div>
        )}
        {done || status !== "valid" || answer ? (
          <p className="auth-alt">
            <Link to={next.to}>{next.label}</Link>
          </p>
        ) : null}
      </section>
    </div>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [
  { title: "Confirm your e-mail address · PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
