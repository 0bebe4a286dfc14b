import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, IdempotencyField, SubmitButton } from "~/components/forms";
import { ItemEditor } from "~/components/item-editor";
import { PageHeader } from "~/components/page";
import { credentialState, daysBetween, todayUtc } from "~/domain/profile";
import { MAX_STAFF, MAX_TRACK_LENGTH } from "~/domain/profile-limits";
import { getPartnerProfile } from "~/models/partner.server";
import {
  certificationSchema,
  createCertification,
  deleteCertification,
  itemSectionAction,
  updateCertification,
} from "~/models/profile.server";
import { authorize, found } from "~/utils/access.server";
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
      const state = credentialState(c.expiresOn, today);
      return {
        id: c.id,
        version: c.version,
        track: c.track,
        certifiedStaff: String(c.certifiedStaff),
        issuedOn: c.issuedOn ?? "",
        expiresOn: c.expiresOn ?? "",
        issued: c.issuedOn ? formatDate(c.issuedOn) : "—",
        expires: c.expiresOn ? formatDate(c.expiresOn) : "No expiry",
        state,
        stateLabel:
          state === "expired"
            ? "Expired"
            : state === "expiring"
              ? `Expiring in ${daysBetween(today, c.expiresOn!)} days`
              : "Current",
      };
    }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  return itemSectionAction(await request.formData(), {
    scope: "profile.certification",
    listPath: "/profile/certifications",
    schema: certificationSchema,
    noun: "certification",
    describeInput: (d) => `Certification “${d.track}”`,
    describe: (c: { track: string }) => `Certification “${c.track}”`,
    create: (tx, data) => createCertification(tx, actor, data),
    update: (ref, data) => updateCertification(actor, ref, data),
    remove: (ref) => deleteCertification(actor, ref),
  });
}

/** After a version conflict (409) the page reloads, so the forms carry the other person's version. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

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
  errors: Record<string, string | undefined>;
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
  const actionData = useActionData<typeof action>();
  const failed = actionData && "errors" in actionData ? actionData : undefined;
  const done = actionData && "message" in actionData ? actionData : undefined;
  const errorsFor = (intent: string, id?: string) =>
    failed && failed.values.intent === intent && (id === undefined || failed.values.id === id)
      ? {
          errors: failed.errors as Record<string, string | undefined>,
          values: failed.values as Values,
          formError: failed.formError,
        }
      : undefined;
  const creating = errorsFor("create");
  return (
    <>
      <p>
        <Link to="/profile">← Profile</Link>
      </p>
      <PageHeader
        title="Certifications"
        intro="Credentials your staff hold. An expired certification counts as absent; renew it or update its dates."
      />
      {done ? (
        <div className="alert alert-info" role="status">
          {done.message}
        </div>
      ) : null}
      {items.length === 0 ? <p className="muted">No certifications yet.</p> : null}
      {items.map((item) => {
        const editing = errorsFor("update", item.id) ?? errorsFor("delete", item.id);
        return (
          <section
            key={item.id}
            id={`item-${item.id}`}
            className="card profile-item"
            aria-labelledby={`t-${item.id}`}
          >
            <div className="profile-item-head">
              <h2 id={`t-${item.id}`}>{item.track}</h2>
              <span className={`status status-${item.state}`}>{item.stateLabel}</span>
            </div>
            <p className="muted">
              {item.certifiedStaff} certified staff · issued {item.issued} · expires {item.expires}
            </p>
            <ItemEditor
              id={item.id}
              version={item.version}
              open={Boolean(editing)}
              formError={editing?.formError}
              saveLabel="Save certification"
              deleteLabel={`Delete “${item.track}”`}
            >
              <CertificationFields
                values={editing?.values.track !== undefined ? editing.values : item}
                errors={editing?.errors ?? {}}
                today={today}
              />
            </ItemEditor>
          </section>
        );
      })}
      <section className="card spaced" aria-labelledby="add-title">
        <h2 id="add-title">Add a certification</h2>
        <FormAlert message={creating?.formError} />
        <Form method="post" key={idempotencyKey}>
          <IdempotencyField value={idempotencyKey} />
          <input type="hidden" name="intent" value="create" />
          <CertificationFields
            values={creating?.values ?? {}}
            errors={creating?.errors ?? {}}
            today={today}
          />
          <SubmitButton pendingText="Adding…">Add certification</SubmitButton>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Certifications · Profile · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
