import { Form } from "@remix-run/react";

/**
 * The danger zone of a one-of claim (membership, support terms): a confirmation that removes it, at the version
 * the page showed.
 */
export function RemoveClaim({
  title,
  open,
  explanation,
  confirm,
  version,
}: {
  title: string;
  /** The summary that opens the confirmation: "Remove the claim…". */
  open: string;
  /** What buyers will see once it is gone. */
  explanation: string;
  confirm: string;
  version: number;
}) {
  return (
    <section className="card danger-zone" aria-labelledby="remove-title">
      <h2 id="remove-title">{title}</h2>
      <details className="confirm">
        <summary className="btn btn-secondary">{open}</summary>
        <Form method="post" className="confirm-body">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="version" value={version} />
          <p>{explanation}</p>
          <button type="submit" className="btn btn-danger">
            {confirm}
          </button>
        </Form>
      </details>
    </section>
  );
}
