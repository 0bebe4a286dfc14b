import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, NewPasswordField, SubmitButton } from "~/components/forms";
import { findPasswordReset, redeemPasswordReset, resetSchema } from "~/models/password-resets.server";
import { UnknownLink } from "~/models/team.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, InputError } from "~/utils/errors.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { failedLink, guardLinks } from "~/utils/throttle.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  await guardLinks(context.clientIp);
  const reset = await findPasswordReset(params.token ?? "");
  if (!reset) {
    await failedLink(context.clientIp);
    throw data(
      { message: "This reset link is not valid. Check that you copied all of it." },
      { status: 404 },
    );
  }
  return { status: reset.status, name: reset.name.split(" ")[0] };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await guardLinks(context.clientIp);
  const form = await request.formData();
  const parsed = parseForm(form, resetSchema);
  if (!parsed.ok) return parsed.response;
  try {
    await redeemPasswordReset(params.token ?? "", parsed.data.password);
  } catch (error) {
    // A password the policy refuses reads beside its field.
    if (error instanceof InputError) return invalid(form, error.errors, error.formError);
    if (error instanceof UnknownLink) await failedLink(context.clientIp);
    return failureAnswer(error, null);
  }
  throw redirect("/login?reset=1");
}

export default function ResetPage() {
  const { status, name } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="reset-title">
        <h1 id="reset-title">Set a new password</h1>
        {status !== "valid" ? (
          <>
            <div className="alert alert-error" role="alert">
              {status === "used"
                ? "This reset link has already been used or replaced by a newer one."
                : "This reset link has expired (links are valid for one hour)."}{" "}
              <Link to="/forgot">Mail me a new link</Link>.
            </div>
            <p className="auth-alt">
              <Link to="/login">Sign in</Link>
            </p>
          </>
        ) : (
          <>
            <p className="hint">
              Hello {name}. Choose a new password: every device signed in to your account is signed out.
            </p>
            <FormAlert message={actionData?.formError} />
            <Form method="post">
              <NewPasswordField label="New password" name="password" error={errors.password} />
              <SubmitButton pendingText="Saving…" className="btn btn-primary btn-block">
                Set password
              </SubmitButton>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Reset your password · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
