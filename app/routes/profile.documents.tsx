import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  Field,
  FieldError,
  FormAlert,
  IdempotencyField,
  SelectField,
  SubmitButton,
} from "~/components/forms";
import { ItemEditor } from "~/components/item-editor";
import { PageHeader } from "~/components/page";
import { DOCUMENT_KINDS, LABELS } from "~/domain/profile";
import { MAX_DOCUMENT_SUMMARY_LENGTH, MAX_DOCUMENT_TITLE_LENGTH } from "~/domain/profile-limits";
import { getPartnerProfile } from "~/models/partner.server";
import {
  createDocument,
  deleteDocument,
  documentSchema,
  itemSectionAction,
  updateDocument,
} from "~/models/profile.server";
import { authorize, found } from "~/utils/access.server";
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
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  return itemSectionAction(await request.formData(), {
    scope: "profile.document",
    listPath: "/profile/documents",
    schema: documentSchema,
    noun: "document",
    describeInput: (d) => `Document “${d.title}”`,
    describe: (d: { title: string }) => `Document “${d.title}”`,
    create: (tx, data) => createDocument(tx, actor, data),
    update: (ref, data) => updateDocument(actor, ref, data),
    remove: (ref) => deleteDocument(actor, ref),
  });
}

/** After a version conflict (409) the page reloads, so the forms carry the other person's version. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

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
  errors: Record<string, string | undefined>;
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
      <div className="field">
        <label htmlFor={`${idPrefix}-summary`}>Summary</label>
        <p className="hint" id={`${idPrefix}-summary-hint`}>
          What it covers (security, data, governance, delivery method), at most {MAX_DOCUMENT_SUMMARY_LENGTH}{" "}
          characters.
        </p>
        <textarea
          id={`${idPrefix}-summary`}
          name="summary"
          rows={4}
          maxLength={MAX_DOCUMENT_SUMMARY_LENGTH}
          aria-describedby={`${idPrefix}-summary-hint ${idPrefix}-summary-error`}
          aria-invalid={errors.summary ? true : undefined}
          defaultValue={values.summary}
        />
        <FieldError id={`${idPrefix}-summary-error`} error={errors.summary} />
      </div>
    </>
  );
}

export default function DocumentsPage() {
  const { items, idempotencyKey, kinds } = useLoaderData<typeof loader>();
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
        title="Practice documents"
        intro="Policies, runbooks, security attestations (ISO 27001, SOC 2) and case studies: evidence that belongs to no single claim."
      />
      {done ? (
        <div className="alert alert-info" role="status">
          {done.message}
        </div>
      ) : null}
      {items.length === 0 ? <p className="muted">No practice documents yet.</p> : null}
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
              <h2 id={`t-${item.id}`}>{item.title}</h2>
              <span className="badge badge-neutral">{item.kindLabel}</span>
            </div>
            {item.summary ? <p className="profile-summary">{item.summary}</p> : null}
            <ItemEditor
              id={item.id}
              version={item.version}
              open={Boolean(editing)}
              formError={editing?.formError}
              saveLabel="Save document"
              deleteLabel={`Delete “${item.title}”`}
            >
              <DocumentFields
                values={editing?.values.title !== undefined ? editing.values : item}
                errors={editing?.errors ?? {}}
                kinds={kinds}
                idPrefix={`doc-${item.id}`}
              />
            </ItemEditor>
          </section>
        );
      })}
      <section className="card spaced" aria-labelledby="add-title">
        <h2 id="add-title">Add a document</h2>
        <FormAlert message={creating?.formError} />
        <Form method="post" key={idempotencyKey}>
          <IdempotencyField value={idempotencyKey} />
          <input type="hidden" name="intent" value="create" />
          <DocumentFields
            values={creating?.values ?? {}}
            errors={creating?.errors ?? {}}
            kinds={kinds}
            idPrefix="doc-new"
          />
          <SubmitButton pendingText="Adding…">Add document</SubmitButton>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Practice documents · Profile · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
