import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, SelectField, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import {
  getOrganisation,
  organisationSettingsSchema,
  partnerSettingsSchema,
  updateBuyerSettings,
  updatePartnerSettings,
} from "~/models/organisation.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";
import { parseForm } from "~/utils/forms.server";
import { MAX_ORG_NAME_LENGTH } from "~/utils/limits";

// Admins of either kind. A buyer edits its name and time zone; a partner its time zone only (a partner's name is
// unique and what buyers know it by: not changed here).
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { roles: ["admin"] });
  const org = await getOrganisation({ organisationId: viewer.organisationId });
  return {
    kind: viewer.orgKind,
    org: { name: org.name, timeZone: org.timeZone, version: org.version },
    timeZones: ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")],
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { roles: ["admin"] });
  const form = await request.formData();
  if (viewer.orgKind === "partner") {
    const parsed = parseForm(form, partnerSettingsSchema);
    if (!parsed.ok) return parsed.response;
    try {
      await updatePartnerSettings(viewer, parsed.data);
    } catch (error) {
      return failureAnswer(error, form, { values: { timeZone: parsed.data.timeZone } });
    }
    return { ok: true as const, message: "Settings saved." };
  }
  const parsed = parseForm(form, organisationSettingsSchema);
  if (!parsed.ok) return parsed.response;
  try {
    await updateBuyerSettings(viewer, parsed.data);
  } catch (error) {
    // A stale version keeps what was typed (trimmed) in the form, above the message naming the stored values.
    return failureAnswer(error, form, { values: { name: parsed.data.name, timeZone: parsed.data.timeZone } });
  }
  return { ok: true as const, message: "Settings saved." };
}

export default function SettingsPage() {
  const { kind, org, timeZones } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const errors: Record<string, string | undefined> = failed?.errors ?? {};
  const values: Record<string, string> = failed?.values ?? {};
  return (
    <>
      <PageHeader
        title="Organisation settings"
        intro={
          kind === "buyer"
            ? "Your organisation's name, and the time zone its deadlines and dates are shown in."
            : "The time zone your organisation's reminders and dates follow."
        }
      />
      <section className="card auth-card" aria-labelledby="settings-title">
        <h2 id="settings-title" className="visually-hidden">
          Settings
        </h2>
        {actionData?.ok ? (
          <div className="alert alert-success" role="status">
            {actionData.message}
          </div>
        ) : null}
        <FormAlert message={failed?.formError} />
        <Form method="post" key={org.version}>
          <input type="hidden" name="version" value={org.version} />
          {kind === "buyer" ? (
            <Field
              label="Organisation name"
              name="name"
              required
              minLength={2}
              maxLength={MAX_ORG_NAME_LENGTH}
              defaultValue={values.name ?? org.name}
              error={errors.name}
            />
          ) : null}
          <SelectField
            label="Time zone"
            name="timeZone"
            options={timeZones.map((z) => ({ value: z, label: z.replaceAll("_", " ") }))}
            defaultValue={values.timeZone ?? org.timeZone}
            error={errors.timeZone}
          />
          <SubmitButton pendingText="Saving…">Save settings</SubmitButton>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Organisation settings · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
