import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, reloadAfterConflict, SelectField, TextAreaField } from "~/components/forms";
import { type FieldErrors, ListSection } from "~/components/profile/list-section";
import { DOCUMENT_KINDS, LABELS } from "~/domain/profile";
import { MAX_DOCUMENT_SUMMARY_LENGTH, MAX_DOCUMENT_TITLE_LENGTH } from "~/domain/profile-limits";
import { getPartnerProfile } from "~/models/partner.server";
import { documentList } from "~/models/profile/documents.server";
import { LIST_FIELDS } from "~/models/profile/form.server";
import { listSectionAction } from "~/models/profile/versioned-list.server";
import { profileActor } from "~/models/profile/write.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";
import { newIdempotencyKey } from "~/utils/idempotency.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const profile = found(await getPartnerProfile(viewer.organisationId));
  return {
    idempotencyKey: newIdempotencyKey(),
    kinds: DOCUMENT_KINDS.map((k) => ({ value: k as string, label: LABELS.documentKind[k] })),
    items: profile.documents.map((d) => ({
      id: d.id,
      version: d.version,
      title: d.title,
      kind: d.kind as string,
      kindLabel: LABELS.documentKind[d.kind],
      summary: d.summary,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const form = await request.formData();
  try {
    return await listSectionAction(form, profileActor(viewer), documentList);
  } catch (error) {
    return failureAnswer(error, form, { checked: LIST_FIELDS });
  }
}

export const shouldRevalidate = reloadAfterConflict;

interface Values {
  title?: string;
  kind?: string;
  summary?: string;
}

function DocumentFields({
  values,
  errors,
  kinds,
  idPrefix,
}: {
  values: Values;
  errors: FieldErrors;
  kinds: { value: string; label: string }[];
  idPrefix: string;
}) {
  return (
    <>
      <div className="profile-form-grid">
        <Field
          label="Title"
          name="title"
          required
          maxLength={MAX_DOCUMENT_TITLE_LENGTH}
          defaultValue={values.title}
          error={errors.title}
        />
        <SelectField
          label="Kind"
          name="kind"
          options={kinds}
          defaultValue={values.kind}
          error={errors.kind}
        />
      </div>
      <TextAreaField
        id={`${idPrefix}-summary`}
        label="Summary"
        name="summary"
        hint={
          <>
            What it covers (security, data, governance, delivery method), at most{" "}
            {MAX_DOCUMENT_SUMMARY_LENGTH} characters.
          </>
        }
        rows={4}
        maxLength={MAX_DOCUMENT_SUMMARY_LENGTH}
        defaultValue={values.summary}
        error={errors.summary}
      />
    </>
  );
}

export default function DocumentsPage() {
  const { items, idempotencyKey, kinds } = useLoaderData<typeof loader>();
  return (
    <ListSection
      title="Practice documents"
      intro="Policies, runbooks, security attestations (ISO 27001, SOC 2) and case studies: evidence that belongs to no single claim."
      empty="No practice documents yet."
      items={items}
      idempotencyKey={idempotencyKey}
      heading={(item) => item.title}
      badge={(item) => <span className="badge badge-neutral">{item.kindLabel}</span>}
      details={(item) => (item.summary ? <p className="profile-summary">{item.summary}</p> : null)}
      fields={({ values, errors, key }) => (
        <DocumentFields values={values} errors={errors} kinds={kinds} idPrefix={`doc-${key}`} />
      )}
      saveLabel="Save document"
      deleteLabel={(item) => `Delete “${item.title}”`}
      addTitle="Add a document"
      addLabel="Add document"
    />
  );
}

export const meta: MetaFunction = withErrorTitle(() => [
  { title: "Practice documents · Profile · PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
