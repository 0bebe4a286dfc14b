import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError, FormAlert, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { DELIVERY_LABELS, MAIL_DELIVERIES } from "~/mail/topics";
import { mailPreferencesSchema, myPreferences, saveMyPreferences } from "~/models/mail-preferences.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";
import { parseForm } from "~/utils/forms.server";

// Each person's choice, per topic of non-essential mail their kind of organisation receives: at once, in the daily
// digest, or off (docs/product.md "Mail"). Essential mail has no topic and always goes.
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request);
  const topics = await myPreferences({ userId: viewer.userId, kind: viewer.orgKind });
  return {
    email: viewer.email,
    topics: topics.map((t) => ({
      topic: t.topic,
      label: t.label,
      description: t.description,
      delivery: t.delivery,
    })),
    deliveries: MAIL_DELIVERIES.map((d) => ({ value: d, label: DELIVERY_LABELS[d] })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request);
  const form = await request.formData();
  const parsed = parseForm(form, mailPreferencesSchema(viewer.orgKind));
  if (!parsed.ok) return parsed.response;
  try {
    const changed = await saveMyPreferences({ userId: viewer.userId, kind: viewer.orgKind }, parsed.data);
    return {
      ok: true as const,
      message:
        changed === 0 ? "Nothing to save: these were your choices already." : "Mail preferences saved.",
    };
  } catch (error) {
    return failureAnswer(error, form);
  }
}

export default function MailPreferencesPage() {
  const { email, topics, deliveries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const errors: Record<string, string | undefined> = failed?.errors ?? {};
  const values: Record<string, string> = failed?.values ?? {};
  return (
    <>
      <PageHeader
        title="Mail preferences"
        intro={`Which mail PartnerLens sends to ${email}, and how: at once, gathered in one daily digest, or not at all.`}
      />
      <p>
        Invitations, password links, address confirmations and security notices are always sent: you need them
        to use your account.
      </p>
      <section className="card" aria-labelledby="preferences-title">
        <h2 id="preferences-title" className="visually-hidden">
          Your choices
        </h2>
        {actionData?.ok ? (
          <div className="alert alert-success" role="status">
            {actionData.message}
          </div>
        ) : null}
        <FormAlert message={failed?.formError} />
        {/* Keyed by what is stored: after a save the choices shown are the saved ones. */}
        <Form method="post" key={topics.map((t) => t.delivery).join(",")}>
          {topics.map((t) => (
            <DeliveryField
              key={t.topic}
              topic={t.topic}
              label={t.label}
              description={t.description}
              deliveries={deliveries}
              chosen={values[t.topic] ?? t.delivery}
              error={errors[t.topic]}
            />
          ))}
          <SubmitButton pendingText="Saving…">Save preferences</SubmitButton>
        </Form>
      </section>
    </>
  );
}

/** One topic's choice: a group of three radios, its description as the hint, its message below. */
function DeliveryField({
  topic,
  label,
  description,
  deliveries,
  chosen,
  error,
}: {
  topic: string;
  label: string;
  description: string;
  deliveries: readonly { value: string; label: string }[];
  chosen: string;
  error?: string;
}) {
  const id = useId();
  return (
    <fieldset
      className="field"
      aria-describedby={[`${id}-hint`, error ? `${id}-error` : undefined].filter(Boolean).join(" ")}
    >
      <legend>{label}</legend>
      <p className="hint" id={`${id}-hint`}>
        {description}
      </p>
      <div className="choice-cards">
        {deliveries.map((d) => (
          <label key={d.value} className="choice-card">
            <input
              type="radio"
              name={topic}
              value={d.value}
              defaultChecked={chosen === d.value}
              required
              aria-invalid={error ? true : undefined}
            />
            <span>{d.label}</span>
          </label>
        ))}
      </div>
      <FieldError id={`${id}-error`} error={error} />
    </fieldset>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Mail preferences · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
