import type { ActionFunctionArgs } from "@remix-run/node";
import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, SubmitButton } from "~/components/forms";
import { signIn, signInSchema } from "~/models/auth.server";
import { optionalViewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { invalid, parseForm } from "~/utils/forms.server";
import { redirectTarget } from "~/utils/http.server";
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from "~/utils/limits";
import { startSession } from "~/utils/session.server";
import { tooManyAttempts, waitText } from "~/utils/throttle.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await optionalViewer(request);
  if (viewer) throw redirect(redirectTarget(request, new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(form, signInSchema);
  if (!parsed.ok) return parsed.response;
  const result = await signIn({ ...parsed.data, clientIp: context.clientIp ?? "unknown" });
  if (!result.ok) {
    if (result.reason === "throttled") {
      return tooManyAttempts(result.retryAfterSeconds, {
        ok: false as const,
        errors: {},
        values: { email: parsed.data.email },
        formError: `Too many failed attempts. Wait ${waitText(result.retryAfterSeconds)} and try again.`,
      });
    }
    return invalid(form, {}, "That e-mail and password do not match an account.");
  }
  const cookie = await startSession(request, {
    userId: result.userId,
    organisationId: result.organisationId,
    clientIp: context.clientIp ?? "unknown",
  });
  throw redirect(redirectTarget(request, form.get("redirectTo")), { headers: { "Set-Cookie": cookie } });
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="login-title">
        <h1 id="login-title">Sign in to PartnerLens</h1>
        {searchParams.get("reset") === "1" && !actionData ? (
          <div className="alert alert-success" role="status">
            Your password is changed and every device was signed out. Sign in with the new password.
          </div>
        ) : null}
        <FormAlert message={actionData?.formError} />
        <Form method="post">
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <Field
            label="E-mail"
            name="email"
            type="email"
            autoComplete="username"
            required
            maxLength={MAX_EMAIL_LENGTH}
            defaultValue={actionData?.values.email}
            error={errors.email}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={MAX_PASSWORD_LENGTH}
            error={errors.password}
          />
          <SubmitButton pendingText="Signing in…" className="btn btn-primary btn-block">
            Sign in
          </SubmitButton>
        </Form>
        <p className="auth-alt">
          <Link to="/forgot">Forgot your password?</Link>
        </p>
        <p className="auth-alt">
          New to PartnerLens? <Link to="/signup">Create an account</Link>
        </p>
      </section>
    </div>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Sign in · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
