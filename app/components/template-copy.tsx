import { Form } from "@remix-run/react";
import { IdempotencyField } from "./forms";

/** Copies a template (the built-in one or one of the buyer's own) into a new one and opens its editor. */
export function CopyTemplateButton({
  source,
  name,
  idempotencyKey,
  className = "btn btn-primary",
}: {
  source: string;
  name: string;
  idempotencyKey: string;
  className?: string;
}) {
  return (
    <Form method="post" action="/templates?index">
      <IdempotencyField value={idempotencyKey} />
      <input type="hidden" name="source" value={source} />
      <button
        type="submit"
        name="intent"
        value="copy"
        className={className}
        aria-label={`Copy ${name} into a new template`}
      >
        Copy and edit
      </button>
    </Form>
  );
}
