import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormAlert, SubmitButton } from "../forms";

/**
 * The edit and delete forms of one item of a profile list section (certification, specialization, provider,
 * document): both carry the item's id and the version shown, so that a concurrent change is detected.
 */
export function ItemEditor({
  id,
  version,
  open,
  formError,
  saveLabel,
  deleteLabel,
  children,
}: {
  id: string;
  version: number;
  /** Open after a failed save, so that the messages and typed values show. */
  open: boolean;
  formError?: string;
  saveLabel: string;
  deleteLabel: string;
  /** The item's fields. */
  children: ReactNode;
}) {
  const hidden = (
    <>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
    </>
  );
  return (
    <>
      <FormAlert message={formError} />
      <details className="profile-edit" open={open || undefined}>
        <summary className="btn btn-secondary btn-small">Edit</summary>
        <Form method="post" key={version}>
          <input type="hidden" name="intent" value="update" />
          {hidden}
          {children}
          <SubmitButton pendingText="Saving…">{saveLabel}</SubmitButton>
        </Form>
        <Form method="post" className="profile-delete">
          <input type="hidden" name="intent" value="delete" />
          {hidden}
          <button type="submit" className="btn btn-danger btn-small">
            {deleteLabel}
          </button>
        </Form>
      </details>
    </>
  );
}
