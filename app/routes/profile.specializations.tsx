import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, reloadAfterConflict, SelectField } from "~/components/forms";
import { type FieldErrors, ListSection } from "~/components/profile/list-section";
import {
  BUILT_IN_SPECIALIZATIONS,
  credentialStanding,
  LABELS,
  specializationLabel,
  todayUtc,
} from "~/domain/profile";
import { MAX_SPECIALIZATION_LENGTH } from "~/domain/profile-limits";
import { getPartnerProfile } from "~/models/partner.server";
import { LIST_FIELDS } from "~/models/profile/form.server";
import { specializationList } from "~/models/profile/specializations.server";
import { listSectionAction } from "~/models/profile/versioned-list.server";
import { profileActor } from "~/models/profile/write.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";
import { formatDate } from "~/utils/format";
import { newIdempotencyKey } from "~/utils/idempotency.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const profile = found(await getPartnerProfile(viewer.organisationId));
  const today = todayUtc();
  const builtIn = BUILT_IN_SPECIALIZATIONS as readonly string[];
  return {
    idempotencyKey: newIdempotencyKey(),
    today,
    names: [
      ...BUILT_IN_SPECIALIZATIONS.map((n) => ({ value: n as string, label: LABELS.specialization[n] })),
      { value: "other", label: "Other (type its name)" },
    ],
    items: profile.specializations.map((s) => {
      return {
        id: s.id,
        version: s.version,
        label: specializationLabel(s.name),
        name: builtIn.includes(s.name) ? s.name : "other",
        otherName: builtIn.includes(s.name) ? "" : s.name,
        achievedOn: s.achievedOn ?? "",
        expiresOn: s.expiresOn ?? "",
        achieved: s.achievedOn ? formatDate(s.achievedOn) : "—",
        expires: s.expiresOn ? formatDate(s.expiresOn) : "No expiry",
        ...credentialStanding(s.expiresOn, today),
      };
    }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const form = await request.formData();
  try {
    return await listSectionAction(form, profileActor(viewer), specializationList);
  } catch (error) {
    return failureAnswer(error, form, { checked: LIST_FIELDS });
  }
}

export const shouldRevalidate = reloadAfterConflict;

interface Values {
  name?: string;
  otherName?: string;
  achievedOn?: string;
  expiresOn?: string;
}

function SpecializationFields({
  values,
  errors,
  today,
  names,
}: {
  values: Values;
  errors: FieldErrors;
  today: string;
  names: { value: string; label: string }[];
}) {
  return (
    <div className="profile-form-grid">
      <SelectField
        label="Specialization"
        name="name"
        options={names}
        defaultValue={values.name ?? "codex"}
        error={errors.name}
      />
      <Field
        label="Other specialization"
        name="otherName"
        maxLength={MAX_SPECIALIZATION_LENGTH}
        hint="Only when you chose “Other”."
        defaultValue={values.otherName}
        error={errors.otherName}
      />
      <Field
        label="Achieved on"
        name="achievedOn"
        type="date"
        required
        max={today}
        defaultValue={values.achievedOn}
        error={errors.achievedOn}
      />
      <Field
        label="Expires on"
        name="expiresOn"
        type="date"
        hint="Leave empty if it does not expire."
        defaultValue={values.expiresOn}
        error={errors.expiresOn}
      />
    </div>
  );
}

export default function SpecializationsPage() {
  const { items, idempotencyKey, today, names } = useLoaderData<typeof loader>();
  return (
    <ListSection
      title="Specializations"
      intro="Codex, cybersecurity, AI agents, or your own. One of each name; an expired one counts as absent."
      empty="No specializations yet."
      items={items}
      idempotencyKey={idempotencyKey}
      heading={(item) => item.label}
      badge={(item) => <span className={`status status-${item.state}`}>{item.stateLabel}</span>}
      details={(item) => (
        <p className="muted">
          Achieved {item.achieved} · expires {item.expires}
        </p>
      )}
      fields={({ values, errors }) => (
        <SpecializationFields values={values} errors={errors} today={today} names={names} />
      )}
      saveLabel="Save specialization"
      deleteLabel={(item) => `Delete “${item.label}”`}
      addTitle="Add a specialization"
      addLabel="Add specialization"
    />
  );
}

export const meta: MetaFunction = withErrorTitle(() => [
  { title: "Specializations · Profile · PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
