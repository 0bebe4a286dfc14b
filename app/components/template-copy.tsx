import { Form, Link } from "@remix-run/react";
import { DESCRIPTION_LIMIT, NAME_LIMIT } from "~/domain/checklist";
import { Field, FormAlert, IdempotencyField, SubmitButton, TextAreaField } from "./forms";

/** The copy form's state, as a page's loader and the copy action give it. */
export interface TemplateCopyView {
  source: string;
  sourceName: string;
  /** What the fields show: the defaults ("Copy of …"), or what was typed when the copy was refused. */
  values: { name: string; description: string };
  errors?: Record<string, string | undefined>;
  formError?: string;
}

/**
 * "Copy and edit": a link that opens the copy form on the same page (`?copy=<source>`), so that the copy is named
 * before anything is stored. Works without JavaScript.
 */
export function CopyTemplateLink({
  name,
  href,
  className = "btn btn-primary",
}: {
  name: string;
  href: string;
  className?: string;
}) {
  return (
    <Link to={href} className={className} aria-label={`Copy ${name} into a new template`}>
      Copy and edit
    </Link>
  );
}

/**
 * The copy's name and description, asked for before the copy is made. Cancel is a link back to the page without
 * the form: nothing was stored, so nothing is left behind.
 */
export function CopyTemplateForm({
  copy,
  cancelHref,
  idempotencyKey,
}: {
  copy: TemplateCopyView;
  cancelHref: string;
  idempotencyKey: string;
}) {
  return (
    <section className="card spaced" aria-labelledby="copy-heading">
      <h2 id="copy-heading" className="section-title">
        Copy “{copy.sourceName}” into a new template
      </h2>
      <p className="muted">The copy is yours to edit; the original does not change.</p>
      <FormAlert message={copy.formError} />
      <Form method="post" action="/templates?index">
        <IdempotencyField value={idempotencyKey} />
        <input type="hidden" name="source" value={copy.source} />
        <Field
          label="Name of the copy"
          name="name"
          required
          maxLength={NAME_LIMIT}
          defaultValue={copy.values.name}
          error={copy.errors?.name}
        />
        <TextAreaField
          id="copy-description"
          label="Description"
          name="description"
          hint="What the template is for; evaluations started from it show it."
          rows={3}
          maxLength={DESCRIPTION_LIMIT}
          defaultValue={copy.values.description}
          error={copy.errors?.description}
        />
        <input type="hidden" name="intent" value="copy" />
        <div className="editor-actions">
          <SubmitButton pendingText="Copying…">Copy and edit</SubmitButton>
          <Link to={cancelHref} className="btn btn-secondary" preventScrollReset>
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}
