import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field, FormAlert, SubmitButton } from "~/components/forms";
import { MAX_EMAIL_LENGTH } from "~/utils/limits";

/**
 * A page that mails a link to an address a person types (forgot password, a new confirmation link). Once sent it says
 * the same whether or not an account uses the address: what to look for, and where to go next.
 */
export function MailRequestCard({
  titleId,
  title,
  intro,
  button,
  pending,
  sent,
  answer,
  notice,
}: {
  titleId: string;
  title: string;
  intro: ReactNode;
  button: string;
  pending: string;
  /** What the server answered to a sent form: the address it took, or the field errors and values. */
  sent: string | undefined;
  answer:
    | { errors?: Record<string, string | undefined>; values?: Record<string, string>; formError?: string }
    | undefined;
  /** Shown above the form (the sign-up's "check your inbox"). */
  notice?: ReactNode;
}) {
  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby={titleId}>
        <h1 id={titleId}>{title}</h1>
        {sent ? (
          <>
            <div className="alert alert-success" role="status">
              If an account uses {sent}, a message with a link is on its way to it. Check your inbox, and your
              spam folder if it does not arrive within a few minutes.
            </div>
            <p className="auth-alt">
              <Link to="/login">Back to sign in</Link>
            </p>
          </>
        ) : (
          <>
            {notice}
            <p className="hint">{intro}</p>
            <FormAlert message={answer?.formError} />
            <Form method="post">
              <Field
                label="E-mail"
                name="email"
                type="email"
                autoComplete="email"
                required
                maxLength={MAX_EMAIL_LENGTH}
                defaultValue={answer?.values?.email}
                error={answer?.errors?.email}
              />
              <SubmitButton pendingText={pending} className="btn btn-primary btn-block">
                {button}
              </SubmitButton>
            </Form>
            {notice ? null : (
              <p className="auth-alt">
                Remembered it? <Link to="/login">Sign in</Link>
              </p>
            )}
          </>
        )}
      </section>
    </div>
  );
}
