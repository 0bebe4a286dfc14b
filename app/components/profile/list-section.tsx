import { Form, Link, useActionData } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormAlert, IdempotencyField, SubmitButton } from "../forms";
import { PageHeader } from "../page";
import { ItemEditor } from "./item-editor";

/** Messages by field name, as a refused form answers them. */
export type FieldErrors = Record<string, string | undefined>;

/** What a list page's action answers: a confirmation, or a refusal with its messages and what was typed. */
type ListActionData =
  | { ok: true; intent: string; message: string }
  | { ok: false; errors: FieldErrors; values: Record<string, string>; formError?: string };

/** One item of a list as its page shows it: its id and the version its forms carry. */
export interface ListItem {
  id: string;
  version: number;
}

/** The fields of one form of the list: the item's (or the typed) values, their messages, and a key for ids. */
export type ListFields<Item> = (form: {
  values: Partial<Item>;
  errors: FieldErrors;
  key: string;
}) => ReactNode;

interface ListSectionProps<Item extends ListItem> {
  title: string;
  intro: string;
  /** What the page says when the list is empty. */
  empty: string;
  items: readonly Item[];
  idempotencyKey: string;
  /** The item's heading, and what follows it on the same line (its state, its kind). */
  heading: (item: Item) => string;
  badge: (item: Item) => ReactNode;
  /** A line under the heading. */
  details?: (item: Item) => ReactNode;
  fields: ListFields<Item>;
  saveLabel: string;
  deleteLabel: (item: Item) => string;
  /** "Add a certification" (the heading) and "Add certification" (the button). */
  addTitle: string;
  addLabel: string;
  /** The fields sit in one row: the add button takes a line of its own. */
  inlineFields?: boolean;
}

/**
 * A list section of the profile (certifications, specializations, model providers, practice documents): each item
 * with its edit and delete forms, then the form that adds one. A refused form opens again with its messages and
 * everything typed; a confirmation shows above the list.
 */
export function ListSection<Item extends ListItem>(props: ListSectionProps<Item>) {
  const { items, idempotencyKey, fields, heading } = props;
  const actionData = useActionData<ListActionData>();
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const done = actionData?.ok ? actionData : undefined;
  /** The refusal of the form with this intent (and item), if the last answer was one. */
  const refusalOf = (intent: string, id?: string) =>
    failed && failed.values.intent === intent && (id === undefined || failed.values.id === id)
      ? failed
      : undefined;
  const creating = refusalOf("create");
  return (
    <>
      <p>
        <Link to="/profile">← Profile</Link>
      </p>
      <PageHeader title={props.title} intro={props.intro} />
      {done ? (
        <div className="alert alert-info" role="status">
          {done.message}
        </div>
      ) : null}
      {items.length === 0 ? <p className="muted">{props.empty}</p> : null}
      {items.map((item) => {
        const editing = refusalOf("update", item.id) ?? refusalOf("delete", item.id);
        // A refused edit shows what was typed; a refused delete shows the item as it is.
        const values = editing?.values.intent === "update" ? (editing.values as Partial<Item>) : item;
        return (
          <section
            key={item.id}
            id={`item-${item.id}`}
            className="card profile-item"
            aria-labelledby={`t-${item.id}`}
          >
            <div className="profile-item-head">
              <h2 id={`t-${item.id}`}>{heading(item)}</h2>
              {props.badge(item)}
            </div>
            {props.details?.(item)}
            <ItemEditor
              id={item.id}
              version={item.version}
              open={Boolean(editing)}
              formError={editing?.formError}
              saveLabel={props.saveLabel}
              deleteLabel={props.deleteLabel(item)}
            >
              {fields({ values, errors: editing?.errors ?? {}, key: item.id })}
            </ItemEditor>
          </section>
        );
      })}
      <section className="card spaced" aria-labelledby="add-title">
        <h2 id="add-title">{props.addTitle}</h2>
        <FormAlert message={creating?.formError} />
        <Form method="post" key={idempotencyKey}>
          <IdempotencyField value={idempotencyKey} />
          <input type="hidden" name="intent" value="create" />
          {fields({
            values: (creating?.values ?? {}) as Partial<Item>,
            errors: creating?.errors ?? {},
            key: "new",
          })}
          {props.inlineFields ? (
            <p>
              <AddButton label={props.addLabel} />
            </p>
          ) : (
            <AddButton label={props.addLabel} />
          )}
        </Form>
      </section>
    </>
  );
}

function AddButton({ label }: { label: string }) {
  return <SubmitButton pendingText="Adding…">{label}</SubmitButton>;
}
