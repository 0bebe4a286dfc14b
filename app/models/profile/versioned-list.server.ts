// The profile's lists (certifications, specializations, model providers, practice documents, references): each
// item is created once per form, then edited and deleted at the version the form showed. One set of helpers
// for all of them; each section's module says what differs (its table, its words, its duplicates).
import { and, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { getDb, type Tx } from "../../../db/client";
import type {
  certifications,
  modelProviderClaims,
  practiceDocuments,
  referenceDeployments,
  specializations,
} from "../../../db/schema";
import { NotFound } from "../../utils/errors.server";
import { isUniqueViolation } from "../../utils/forms.server";
import { once } from "../../utils/idempotency.server";
import { isUuid } from "../member.server";
import { type ItemRef, itemRef, parseProfileForm, unknownIntent } from "./form.server";
import { AGAIN, audit, type ProfileActor, ProfileConflict, pick, touch } from "./write.server";

/** The tables of the profile's lists: every row has an id, its organisation and a version. */
export type ListTable =
  | typeof certifications
  | typeof specializations
  | typeof modelProviderClaims
  | typeof practiceDocuments
  | typeof referenceDeployments;

type AnyRow = { id: string; organisationId: string; version: number };

/** One list of the profile: how its items are written, audited and described. */
export interface VersionedList<Row extends AnyRow, Input, Details = Record<string, never>> {
  table: ListTable;
  /** "certification": the messages' noun and the audit actions' section (`profile.certification.updated`). */
  noun: string;
  /** The audit event's entity type. */
  entityType: string;
  /** The columns written from the typed input. */
  columns: (input: Input) => Record<string, unknown>;
  /** What the audit event keeps of a created or updated item (its columns unless said otherwise). */
  audited?: (input: Input) => unknown;
  /** What an item holds besides its row (a reference's outcomes), read after the lock. */
  details?: (tx: Tx, actor: ProfileActor, id: string) => Promise<Details>;
  /** What a stored item says, quoted when a stale form is refused. */
  describe: (row: Row, details: Details) => string;
  /** What the audit event of a deletion keeps of the item. */
  removed: (row: Row, details: Details) => Record<string, unknown>;
  /** Refuses an input that would duplicate another item of the profile (throws an InputError). */
  refuseDuplicate?: (tx: Tx, actor: ProfileActor, input: Input, exceptId?: string) => Promise<void>;
  /** The InputError of a unique violation: a concurrent create that raced past `refuseDuplicate`. */
  duplicate?: (input: Input) => Error;
  /** Writes that belong with the row (a reference's outcomes), in the same transaction. */
  afterWrite?: (tx: Tx, actor: ProfileActor, id: string, input: Input) => Promise<void>;
}

const whereMine = (table: ListTable, actor: ProfileActor, id: string) =>
  and(eq(table.id, id), eq(table.organisationId, actor.organisationId));

/** Locks one item of the actor's organisation; another organisation's, a malformed or a gone id is NotFound. */
async function lockItem<Row extends AnyRow>(tx: Tx, table: ListTable, actor: ProfileActor, id: string) {
  if (!isUuid(id)) throw new NotFound();
  const [row] = await tx
    .select()
    .from(table as PgTable)
    .where(whereMine(table, actor, id))
    .for("update")
    .limit(1);
  if (!row) throw new NotFound();
  return row as unknown as Row;
}

/** Creates an item in the caller's transaction (`once`), with its audit event. */
export async function createItem<Row extends AnyRow, Input, D>(
  tx: Tx,
  actor: ProfileActor,
  list: VersionedList<Row, Input, D>,
  input: Input,
): Promise<{ id: string }> {
  await list.refuseDuplicate?.(tx, actor, input);
  try {
    const [row] = (await tx
      .insert(list.table)
      .values({ organisationId: actor.organisationId, ...list.columns(input) } as never)
      .returning({ id: list.table.id })) as { id: string }[];
    await list.afterWrite?.(tx, actor, row.id, input);
    await audit(tx, actor, list.noun, "created", list.entityType, row.id, undefined, audited(list, input));
    await touch(tx, actor.organisationId);
    return row;
  } catch (error) {
    if (list.duplicate && isUniqueViolation(error)) throw list.duplicate(input);
    throw error;
  }
}

const audited = <Input>(
  list: { columns: (input: Input) => Record<string, unknown>; audited?: (input: Input) => unknown },
  input: Input,
) => (list.audited ? list.audited(input) : list.columns(input));

/** Locks the item the form is about, with its details, and refuses a form that showed another version. */
async function lockAtVersion<Row extends AnyRow, Input, D>(
  tx: Tx,
  actor: ProfileActor,
  list: VersionedList<Row, Input, D>,
  ref: ItemRef,
  doing: "editing" | "deleting",
) {
  const row = await lockItem<Row>(tx, list.table, actor, ref.id);
  const details = ((await list.details?.(tx, actor, row.id)) ?? {}) as D;
  if (row.version !== ref.version) {
    const stored = list.describe(row, details);
    throw new ProfileConflict(
      stored,
      doing === "editing"
        ? `Someone else saved this ${list.noun} while you were editing: it now says ${stored}. ${AGAIN}`
        : `Someone else saved this ${list.noun} while you were looking: it now says ${stored}. Check it and delete it again if you still want to.`,
    );
  }
  return { row, details };
}

/** Updates an item at the version the form showed; another person's save in between is a ProfileConflict. */
export async function updateItem<Row extends AnyRow, Input, D>(
  actor: ProfileActor,
  list: VersionedList<Row, Input, D>,
  ref: ItemRef,
  input: Input,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const { row, details } = await lockAtVersion(tx, actor, list, ref, "editing");
    await list.refuseDuplicate?.(tx, actor, input, row.id);
    const columns = list.columns(input);
    await tx
      .update(list.table)
      .set({ ...columns, version: row.version + 1, updatedAt: new Date() } as never)
      .where(whereMine(list.table, actor, row.id));
    await list.afterWrite?.(tx, actor, row.id, input);
    const before = { ...pick(row, columns), ...details };
    await audit(tx, actor, list.noun, "updated", list.entityType, row.id, before, audited(list, input));
    await touch(tx, actor.organisationId);
  });
}

/** Deletes an item at the version the form showed; returns what was deleted. */
export async function deleteItem<Row extends AnyRow, Input, D>(
  actor: ProfileActor,
  list: VersionedList<Row, Input, D>,
  ref: ItemRef,
): Promise<Row> {
  return getDb().transaction(async (tx) => {
    const { row, details } = await lockAtVersion(tx, actor, list, ref, "deleting");
    await tx.delete(list.table).where(whereMine(list.table, actor, row.id));
    await audit(tx, actor, list.noun, "deleted", list.entityType, row.id, list.removed(row, details));
    await touch(tx, actor.organisationId);
    return row;
  });
}

/** A list with its own page: its form's schema and the words of its confirmations. */
export interface ListSection<Row extends AnyRow, S extends z.ZodType, D = Record<string, never>>
  extends VersionedList<Row, z.infer<S>, D> {
  schema: S;
  /** Idempotency scope of the create form. */
  scope: string;
  /** The list page, where a created item is anchored. */
  listPath: string;
  /** What a person reads for an item, typed or saved: `Certification “Applied AI”`. */
  label: (item: z.infer<S> | Row) => string;
  /** "deleted" (the default) or "removed". */
  removedWord?: string;
}

/** What a list page's action confirms. */
export interface ListAnswer {
  ok: true;
  intent: "create" | "update" | "delete";
  message: string;
}

/**
 * The action of a list page: `create` (idempotent), `update` and `delete` (version-checked). Another partner's
 * id is NotFound; a stale version a ProfileConflict naming the other change; bad input an InputError.
 */
export async function listSectionAction<Row extends AnyRow, S extends z.ZodType, D>(
  form: FormData,
  actor: ProfileActor,
  section: ListSection<Row, S, D>,
): Promise<ListAnswer> {
  const intent = String(form.get("intent") ?? "");
  if (intent === "create") {
    const input = parseProfileForm(form, section.schema);
    const { replayed } = await once(form, section.scope, async (tx) => {
      const row = await createItem(tx, actor, section, input);
      return `${section.listPath}#item-${row.id}`;
    });
    const message = replayed
      ? `This ${section.noun} was already added by an earlier submission of the form.`
      : `${section.label(input)} added.`;
    return { ok: true, intent, message };
  }
  if (intent === "update") {
    const input = parseProfileForm(form, section.schema);
    await updateItem(actor, section, itemRef(form), input);
    return { ok: true, intent, message: `${section.label(input)} saved.` };
  }
  if (intent === "delete") {
    const deleted = await deleteItem(actor, section, itemRef(form));
    return { ok: true, intent, message: `${section.label(deleted)} ${section.removedWord ?? "deleted"}.` };
  }
  return unknownIntent();
}
