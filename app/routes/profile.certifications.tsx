import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, reloadAfterConflict } from "~/components/forms";
import { type FieldErrors, ListSection } from "~/components/profile/list-section";
import { credentialStanding, todayUtc } from "~/domain/profile";
import { MAX_STAFF, MAX_TRACK_LENGTH } from "~/domain/profile-limits";
import { getPartnerProfile } from "~/models/partner.server";
import { certificationList } from "~/models/profile/certifications.server";
import { LIST_FIELDS } from "~/models/profile/form.server";
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
  return {
    idempotencyKey: newIdempotencyKey(),
    today,
    items: profile.certifications.map((c) => {
      return {
        id: c.id,
        version: c.version,
        track: c.track,
        certifiedStaff: String(c.certifiedStaff),
        issuedOn: c.issuedOn ?? "",
        expiresOn: c.expiresOn ?? "",
        issued: c.issuedOn ? formatDate(c.issuedOn) : "—",
        expires: c.expiresOn ? formatDate(c.expiresOn) : "No expiry",
        ...credentialStanding(c.expiresOn, today),
      };
    }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const form = await request.formData();
  try {
    return await listSectionAction(form, profileActor(viewer), certificationList);
  } catch (error) {
    return failureAnswer(error, form, { checked: LIST_FIELDS });
  }
}

export const shouldRevalidate = reloadAfterConflict;

interface Values {
  track?: string;
  certifiedStaff?: string;
  issuedOn?: string;
  expiresOn?: string;
}

function CertificationFields({
  values,
  errors,
  today,
}: {
  values: Values;
  errors: FieldErrors;
  today: string;
}) {
  return (
    <div className="profile-form-grid">
      <Field
        label="Track"
        name="track"
        required
        maxLength={MAX_TRACK_LENGTH}
        hint="The certification's name, e.g. “OpenAI Solutions Architect”."
        defaultValue={values.track}
        error={errors.track}
      />
      <Field
        label="Certified staff"
        name="certifiedStaff"
        type="number"
        inputMode="numeric"
        required
        min={0}
        max={MAX_STAFF}
        step={1}
        defaultValue={values.certifiedStaff}
        error={errors.certifiedStaff}
      />
      <Field
        label="Issued on"
        name="issuedOn"
        type="date"
        required
        max={today}
        defaultValue={values.issuedOn}
        error={errors.issuedOn}
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

export default function CertificationsPage() {
  const { items, idempotencyKey, today } = useLoaderData<typeof loader>();
  return (
    <ListSection
      title="Certifications"
      intro="Credentials your staff hold. An expired certification counts as absent; renew it or update its dates."
      empty="No certifications yet."
      items={items}
      idempotencyKey={idempotencyKey}
      heading={(item) => item.track}
      badge={(item) => <span className={`status status-${item.state}`}>{item.stateLabel}</span>}
      details={(item) => (
        <p className="muted">
          {item.certifiedStaff} certified staff · issued {item.issued} · expires {item.expires}
        </p>
      )}
      fields={({ values, errors }) => <CertificationFields values={values} errors={errors} today={today} />}
      saveLabel="Save certification"
      deleteLabel={(item) => `Delete “${item.track}”`}
      addTitle="Add a certification"
      addLabel="Add certification"
    />
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Certifications · Profile · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
