import { Form } from "@remix-run/react";

/** A table row's one-button form: posts `intent` with the row's id, named for the row ("Remove Northwind"). */
export function RowAction({
  field,
  id,
  intent,
  action,
  rowName,
}: {
  field: string;
  id: string;
  intent: string;
  action: string;
  rowName: string;
}) {
  return (
    <Form method="post">
      <input type="hidden" name={field} value={id} />
      <button
        type="submit"
        name="intent"
        value={intent}
        className="btn btn-secondary btn-small"
        aria-label={`${action} ${rowName}`}
      >
        {action}
      </button>
    </Form>
  );
}
