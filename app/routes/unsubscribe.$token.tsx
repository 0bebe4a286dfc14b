import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/forms";
import { unsubscribe, unsubscribeTarget } from "~/models/mail-preferences.server";
import { PREFERENCES_PATH } from "~/models/notify.server";
import { withErrorTitle } from "~/utils/error-pages";

// A mailed unsubscribe link (DESIGN.md "Mail and jobs"). The signed token is the only authority: no session is read
// or needed. Opening it (GET) changes nothing, since mail scanners fetch links; a POST stops that one topic: the
// page's button, or a mail program's RFC 8058 one-click POST (`List-Unsubscribe=One-Click`, no cookies, maybe a
// foreign Origin: app/server/security.ts lets this path through). Bad tokens are not throttled like other links:
// a signature cannot be guessed, and one-click POSTs come from a few mail providers' addresses that a throttle would
// shut out for everyone.

const INVALID_LINK = "This unsubscribe link is not valid. Check that you copied all of it.";

export async function loader({ params }: LoaderFunctionArgs) {
  const target = await unsubscribeTarget(params.token ?? "");
  if (!target) throw data({ message: INVALID_LINK }, { status: 404 });
  return {
    email: target.email,
    topic: target.topicLabel.toLowerCase(),
    off: target.off,
    preferencesPath: PREFERENCES_PATH,
  };
}

export async function action({ params }: ActionFunctionArgs) {
  // Whatever the body (the button's empty form or `List-Unsubscribe=One-Click`): the POST is the consent.
  const stopped = await unsubscribe(params.token ?? "");
  if (!stopped) throw data({ message: INVALID_LINK }, { status: 404 });
  return { stopped: true as const };
}

export default function UnsubscribePage() {
  const { email, topic, off, preferencesPath } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="unsubscribe-title">
        <h1 id="unsubscribe-title">Unsubscribe</h1>
        {answer?.stopped ? (
          <div className="alert alert-success" role="status">
            {`Done: PartnerLens sends no more mail about ${topic} to ${email}. Other mail is unchanged.`}
          </div>
        ) : off ? (
          <div className="alert alert-success" role="status">
            {`Mail about ${topic} to ${email} is off already.`}
          </div>
        ) : (
          <>
            <p>{`Stop mail about ${topic} to ${email}?`}</p>
            <p className="hint">Other mail you receive stays as it is.</p>
            <Form method="post">
              <SubmitButton pendingText="Stopping…" className="btn btn-primary btn-block">
                Stop this mail
              </SubmitButton>
            </Form>
          </>
        )}
        <p className="auth-alt">
          <Link to={preferencesPath}>Choose which mail you receive</Link> (sign-in needed).
        </p>
      </section>
    </div>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Unsubscribe · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
