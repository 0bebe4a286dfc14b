import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, reloadAfterConflict, SelectField, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { RemoveClaim } from "~/components/profile/remove-claim";
import { LABELS, MAINTENANCE_MODELS, SUPPORT_HOURS } from "~/domain/profile";
import { P1_RESOLUTION_HOURS, P1_RESPONSE_MINUTES, WARRANTY_DAYS } from "~/domain/profile-limits";
import { getPartnerProfile } from "~/models/partner.server";
import { parseProfileForm, unknownIntent, versionShown } from "~/models/profile/form.server";
import { removeSupport, saveSupport, supportSchema } from "~/models/profile/support.server";
import { profileActor } from "~/models/profile/write.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";

const CHECKS = [
  { name: "rollbackRunbook", label: "We provide a rollback and kill-switch runbook" },
  { name: "monitoringIncluded", label: "Monitoring and evaluation loops are included" },
  { name: "knowledgeTransfer", label: "Knowledge transfer is included" },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const profile = found(await getPartnerProfile(viewer.organisationId));
  const s = profile.support;
  return {
    support: s
      ? {
          supportHours: s.supportHours as string,
          p1ResponseMinutes: String(s.p1ResponseMinutes),
          p1ResolutionHours: String(s.p1ResolutionHours),
          warrantyDays: String(s.warrantyDays),
          maintenanceModel: s.maintenanceModel as string,
          rollbackRunbook: s.rollbackRunbook,
          monitoringIncluded: s.monitoringIncluded,
          knowledgeTransfer: s.knowledgeTransfer,
          version: s.version,
        }
      : undefined,
    hours: SUPPORT_HOURS.map((h) => ({ value: h, label: LABELS.supportHours[h] })),
    models: MAINTENANCE_MODELS.map((m) => ({ value: m, label: LABELS.maintenance[m] })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "save") await saveSupport(profileActor(viewer), parseProfileForm(form, supportSchema));
    else if (intent === "remove") await removeSupport(profileActor(viewer), versionShown(form));
    else unknownIntent();
  } catch (error) {
    return failureAnswer(error, form);
  }
  throw redirect(intent === "save" ? "/profile?saved=support" : "/profile?removed=support");
}

export const shouldRevalidate = reloadAfterConflict;

export default function SupportPage() {
  const { support, hours, models } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && "errors" in actionData ? actionData : undefined;
  const errors: Record<string, string | undefined> = failed?.errors ?? {};
  const values: Record<string, string> | undefined =
    failed?.values.intent === "save" ? failed.values : undefined;
  return (
    <>
      <p>
        <Link to="/profile">← Profile</Link>
      </p>
      <PageHeader
        title="Support terms"
        intro="What you commit to after go-live: buyers compare these side by side."
      />
      <section className="card">
        <FormAlert message={failed?.formError} />
        <Form method="post" key={support?.version ?? 0}>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="version" value={support?.version ?? ""} />
          <div className="profile-form-grid">
            <SelectField
              label="Support hours"
              name="supportHours"
              options={hours}
              defaultValue={values?.supportHours ?? support?.supportHours}
              error={errors.supportHours}
            />
            <SelectField
              label="Maintenance model"
              name="maintenanceModel"
              options={models}
              defaultValue={values?.maintenanceModel ?? support?.maintenanceModel}
              error={errors.maintenanceModel}
            />
            <Field
              label="P1 response (minutes)"
              name="p1ResponseMinutes"
              type="number"
              inputMode="numeric"
              required
              min={P1_RESPONSE_MINUTES.min}
              max={P1_RESPONSE_MINUTES.max}
              step={1}
              hint={`${P1_RESPONSE_MINUTES.min} to ${P1_RESPONSE_MINUTES.max.toLocaleString("en")} (a week).`}
              defaultValue={values?.p1ResponseMinutes ?? support?.p1ResponseMinutes}
              error={errors.p1ResponseMinutes}
            />
            <Field
              label="P1 resolution (hours)"
              name="p1ResolutionHours"
              type="number"
              inputMode="numeric"
              required
              min={P1_RESOLUTION_HOURS.min}
              max={P1_RESOLUTION_HOURS.max}
              step={1}
              hint={`${P1_RESOLUTION_HOURS.min} to ${P1_RESOLUTION_HOURS.max.toLocaleString("en")} (90 days).`}
              defaultValue={values?.p1ResolutionHours ?? support?.p1ResolutionHours}
              error={errors.p1ResolutionHours}
            />
            <Field
              label="Warranty after go-live (days)"
              name="warrantyDays"
              type="number"
              inputMode="numeric"
              required
              min={WARRANTY_DAYS.min}
              max={WARRANTY_DAYS.max}
              step={1}
              hint={`${WARRANTY_DAYS.min} to ${WARRANTY_DAYS.max.toLocaleString("en")}.`}
              defaultValue={values?.warrantyDays ?? support?.warrantyDays}
              error={errors.warrantyDays}
            />
          </div>
          <IncludedChecks checked={(name) => (values ? values[name] === "on" : (support?.[name] ?? false))} />
          <SubmitButton pendingText="Saving…">
            {support ? "Save support terms" : "Add support terms"}
          </SubmitButton>
        </Form>
      </section>
      {support ? (
        <RemoveClaim
          title="Remove the support terms"
          open="Remove the support terms…"
          explanation="Buyers will see no support terms, and criteria taken from them stay empty."
          confirm="Yes, remove them"
          version={support.version}
        />
      ) : null}
    </>
  );
}

/** What the support includes: one checkbox each, ticked as stored (or as sent, after a refusal). */
function IncludedChecks({ checked }: { checked: (name: (typeof CHECKS)[number]["name"]) => boolean }) {
  return (
    <fieldset className="field">
      <legend>Included</legend>
      {CHECKS.map((c) => (
        <label key={c.name} className="profile-check">
          <input type="checkbox" name={c.name} defaultChecked={checked(c.name)} />
          <span>{c.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Support terms · Profile · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
