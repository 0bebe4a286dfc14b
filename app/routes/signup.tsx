import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  Field,
  FieldError,
  FormAlert,
  IdempotencyField,
  NewPasswordField,
  SelectField,
  SubmitButton,
} from "~/components/forms";
import { createAccount, signUpSchema } from "~/models/auth.server";
import { optionalViewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, InputError } from "~/utils/errors.server";
import { formValues, invalid, parseForm } from "~/utils/forms.server";
import { newIdempotencyKey } from "~/utils/idempotency.server";
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_ORG_NAME_LENGTH } from "~/utils/limits";
import { tooManyAttempts, waitText } from "~/utils/throttle.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await optionalViewer(request)) throw redirect("/");
  return {
    idempotencyKey: newIdempotencyKey(),
    timeZones: ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")],
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Signed in already: one organisation per person, so there is nothing to create.
  if (await optionalViewer(request)) throw redirect("/");
  const form = await request.formData();
  const parsed = parseForm(form, signUpSchema);
  if (!parsed.ok) return parsed.response;
  let result: Awaited<ReturnType<typeof createAccount>>;
  try {
    result = await createAccount(form, parsed.data, context.clientIp ?? "unknown");
  } catch (error) {
    // A partner name already registered reads beside its field, like the schema's own messages.
    if (error instanceof InputError) return invalid(form, error.errors, error.formError);
    return failureAnswer(error, form);
  }
  if (!result.ok) {
    return tooManyAttempts(result.retryAfterSeconds, {
      ok: false as const,
      errors: {},
      values: formValues(form),
      formError: `Too many sign-ups from your address or for this e-mail. Wait ${waitText(result.retryAfterSeconds)} and try again.`,
    });
  }
  throw redirect(result.location);
}

export default function SignUpPage() {
  const { idempotencyKey, timeZones } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values: Record<string, string> = actionData?.values ?? {};
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const [kind, setKind] = useState(values.kind ?? "buyer");
  const zoneRef = useRef<HTMLDivElement>(null);

  // With JavaScript, start from the browser's own time zone unless the person already chose one.
  useEffect(() => {
    if (values.timeZone) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const select = zoneRef.current?.querySelector("select");
    if (select && zone && timeZones.includes(zone)) select.value = zone;
  }, [values.timeZone, timeZones]);

  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="signup-title">
        <h1 id="signup-title">Create your organisation</h1>
        <p className="hint">You become its admin and can invite your team afterwards.</p>
        <FormAlert message={actionData?.formError} />
        <Form method="post">
          <IdempotencyField value={idempotencyKey} />
          <KindField kind={kind} onChange={setKind} error={errors.kind} />
          <Field
            label="Organisation name"
            name="organisationName"
            autoComplete="organization"
            required
            minLength={2}
            maxLength={MAX_ORG_NAME_LENGTH}
            defaultValue={values.organisationName}
            error={errors.organisationName}
          />
          <div ref={zoneRef}>
            <SelectField
              label="Time zone"
              name="timeZone"
              hint="Deadlines, due dates and daily reminders follow this time zone."
              options={timeZones.map((z) => ({ value: z, label: z.replaceAll("_", " ") }))}
              defaultValue={values.timeZone ?? "UTC"}
              error={errors.timeZone}
            />
          </div>
          <Field
            label="Your name"
            name="name"
            autoComplete="name"
            required
            maxLength={MAX_NAME_LENGTH}
            defaultValue={values.name}
            error={errors.name}
          />
          <Field
            label="Work e-mail"
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={MAX_EMAIL_LENGTH}
            defaultValue={values.email}
            error={errors.email}
          />
          <NewPasswordField label="Password" name="password" error={errors.password} />
          <SubmitButton pendingText="Creating your account…" className="btn btn-primary btn-block">
            Create account
          </SubmitButton>
        </Form>
        <p className="auth-alt">
          Already have an account? <Link to="/login">Sign in</Link>
        </p>
      </section>
    </div>
  );
}

const KINDS = [
  { value: "buyer", title: "Buys AI delivery", detail: "Evaluate and compare partners" },
  { value: "partner", title: "Delivers AI projects", detail: "Keep a profile and evidence" },
] as const;

/** Buyer or partner. */
function KindField({
  kind,
  onChange,
  error,
}: {
  kind: string;
  onChange: (kind: string) => void;
  error?: string;
}) {
  return (
    <fieldset className="field" aria-describedby={error ? "kind-error" : undefined}>
      <legend>Your organisation</legend>
      <div className="choice-cards">
        {KINDS.map((k) => (
          <label key={k.value} className="choice-card">
            <input
              type="radio"
              name="kind"
              value={k.value}
              checked={kind === k.value}
              onChange={() => onChange(k.value)}
            />
            <span>
              <strong>{k.title}</strong>
              <small>{k.detail}</small>
            </span>
          </label>
        ))}
      </div>
      <FieldError id="kind-error" error={error} />
    </fieldset>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Create an account · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
