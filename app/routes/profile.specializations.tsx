import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, IdempotencyField, SelectField, SubmitButton } from "~/components/forms";
import { ItemEditor } from "~/components/item-editor";
import { PageHeader } from "~/components/page";
import {
  BUILT_IN_SPECIALIZATIONS,
  credentialState,
  daysBetween,
  LABELS,
  specializationLabel,
  todayUtc,
} from "~/domain/profile";
import { MAX_SPECIALIZATION_LENGTH } from "~/domain/profile-limits";
import { getPartnerProfile } from "~/models/partner.server";
import {
  createSpecialization,
  deleteSpecialization,
  itemSectionAction,
  specializationSchema,
  updateSpecialization,
} from "~/models/profile.server";
import { authorize, found } from "~/utils/access.server";
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
      const state = credentialState(s.expiresOn, today);
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
        state,
        stateLabel:
          state === "expired"
            ? "Expired"
            : state === "expiring"
              ? `Expiring in ${daysBetween(today, s.expiresOn!)} days`
              : "Current",
      };
    }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  return itemSectionAction(await request.formData(), {
    scope: "profile.specialization",
    listPath: "/profile/specializations",
    schema: specializationSchema,
    noun: "specialization",
    describeInput: (d) => `Specialization “${specializationLabel(d.name)}”`,
    describe: (s: { name: string }) => `Specialization “${specializationLabel(s.name)}”`,
    create: (tx, data) => createSpecialization(tx, actor, data),
    update: (ref, data) => updateSpecialization(actor, ref, data),
    remove: (ref) => deleteSpecialization(actor, ref),
  });
}

/** After a version conflict (409) the page reloads, so the forms carry the other person's version. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

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
  errors: Record<string, string | undefined>;
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
        title="Specializations"
        intro="Codex, cybersecurity, AI agents, or your own. One of each name; an expired one counts as absent."
      />
      {done ? (
        <div className="alert alert-info" role="status">
          {done.message}
        </div>
      ) : null}
      {items.length === 0 ? <p className="muted">No specializations yet.</p> : null}
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
              <h2 id={`t-${item.id}`}>{item.label}</h2>
              <span className={`status status-${item.state}`}>{item.stateLabel}</span>
            </div>
            <p className="muted">
              Achieved {item.achieved} · expires {item.expires}
            </p>
            <ItemEditor
              id={item.id}
              version={item.version}
              open={Boolean(editing)}
              formError={editing?.formError}
              saveLabel="Save specialization"
              deleteLabel={`Delete “${item.label}”`}
            >
              <SpecializationFields
                values={editing?.values.achievedOn !== undefined ? editing.values : item}
                errors={editing?.errors ?? {}}
                today={today}
                names={names}
              />
            </ItemEditor>
          </section>
        );
      })}
      <section className="card spaced" aria-labelledby="add-title">
        <h2 id="add-title">Add a specialization</h2>
        <FormAlert message={creating?.formError} />
        <Form method="post" key={idempotencyKey}>
          <IdempotencyField value={idempotencyKey} />
          <input type="hidden" name="intent" value="create" />
          <SpecializationFields
            values={creating?.values ?? {}}
            errors={creating?.errors ?? {}}
            today={today}
            names={names}
          />
          <SubmitButton pendingText="Adding…">Add specialization</SubmitButton>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Specializations · Profile · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
