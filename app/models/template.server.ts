// Checklist templates: the built-in one in each of its versions (in code, read-only), and each buyer's own
// (docs/product.md "Checklist template"). Every stored template is valid (validateChecklist), so an evaluation can
// start from any of them.
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { checklistTemplates, templateCriteria, templateSections } from "../../db/schema";
import { builtInVersion } from "../domain/builtin-versions";
import { type Checklist, type ChecklistMessage, validateChecklist } from "../domain/checklist";
import { describeChanges } from "../domain/checklist-draft";
import { InputError, NotFound, StaleVersion } from "../utils/errors.server";
import { type Actor, recordAudit } from "./audit.server";
import { checklistFromRows, checklistRows } from "./checklist-rows.server";
import { isUuid } from "./member.server";
import { type TemplateChange, templateChangesSince } from "./template-history.server";

export type { TemplateChange };

export interface TemplateRecord {
  id: string;
  builtIn: boolean;
  /** What a copy or an evaluation made from it records as its origin: the name, with the version for a built-in one. */
  label: string;
  version: number;
  copiedFrom: string | null;
  updatedAt: Date | null;
  checklist: Checklist;
}

export function isTemplateId(id: string): boolean {
  return builtInVersion(id) !== undefined || isUuid(id);
}

/** The template was saved since the version the form started from: what it holds now, and who changed what since. */
export class TemplateConflict extends StaleVersion<TemplateRecord> {
  constructor(
    current: TemplateRecord,
    readonly changes: TemplateChange[],
    message = "The template was saved by someone else in the meantime.",
  ) {
    super(current, message);
  }
}

/** A checklist `validateChecklist` refuses: its messages by path, as the editor keys them. */
export class TemplateInvalid extends InputError {
  constructor(readonly messages: ChecklistMessage[]) {
    const errors: Record<string, string> = {};
    for (const m of messages) errors[m.path] ??= m.message;
    super(errors, "The template is not valid.");
  }
}

function checkValid(checklist: Checklist): void {
  const messages = validateChecklist(checklist);
  if (messages.length > 0) throw new TemplateInvalid(messages);
}

/**
 * One of this buyer's own templates, locked for the rest of the transaction, at the version the form started from.
 * The built-in one and anything else are not found; another version is a `TemplateConflict` saying `stale`.
 */
async function lockOwnTemplate(
  tx: Tx,
  organisationId: string,
  templateId: string,
  expectedVersion: number,
  stale?: string,
): Promise<TemplateRecord> {
  const current = await getTemplate(organisationId, templateId, tx, true);
  if (!current || current.builtIn) throw new NotFound();
  if (current.version !== expectedVersion) {
    const changes = await templateChangesSince(tx, organisationId, templateId, expectedVersion);
    throw new TemplateConflict(current, changes, stale);
  }
  return current;
}

/** Templates of a buyer, newest change first, with their sizes: one statement. */
export async function listTemplates(organisationId: string) {
  const db = getDb();
  const criteria = db
    .select({ templateId: templateCriteria.templateId, criteria: count().as("criteria") })
    .from(templateCriteria)
    .where(eq(templateCriteria.organisationId, organisationId))
    .groupBy(templateCriteria.templateId)
    .as("c");
  const sections = db
    .select({ templateId: templateSections.templateId, sections: count().as("sections") })
    .from(templateSections)
    .where(eq(templateSections.organisationId, organisationId))
    .groupBy(templateSections.templateId)
    .as("s");
  return db
    .select({
      id: checklistTemplates.id,
      name: checklistTemplates.name,
      description: checklistTemplates.description,
      copiedFrom: checklistTemplates.copiedFrom,
      updatedAt: checklistTemplates.updatedAt,
      sections: sql<number>`coalesce(${sections.sections}, 0)`.mapWith(Number),
      criteria: sql<number>`coalesce(${criteria.criteria}, 0)`.mapWith(Number),
    })
    .from(checklistTemplates)
    .leftJoin(sections, eq(sections.templateId, checklistTemplates.id))
    .leftJoin(criteria, eq(criteria.templateId, checklistTemplates.id))
    .where(eq(checklistTemplates.organisationId, organisationId))
    .orderBy(desc(checklistTemplates.updatedAt), asc(checklistTemplates.id));
}

/**
 * A version of the built-in template, or one of this buyer's own; null for anything else (another buyer's is null
 * too).
 */
export async function getTemplate(
  organisationId: string,
  templateId: string,
  db: Pick<Tx, "select"> = getDb(),
  lock = false,
): Promise<TemplateRecord | null> {
  const builtIn = builtInVersion(templateId);
  if (builtIn) {
    return {
      id: builtIn.id,
      builtIn: true,
      label: builtIn.label,
      version: 1,
      copiedFrom: null,
      updatedAt: null,
      checklist: builtIn.checklist,
    };
  }
  if (!isUuid(templateId)) return null;
  const query = db
    .select()
    .from(checklistTemplates)
    .where(and(eq(checklistTemplates.id, templateId), eq(checklistTemplates.organisationId, organisationId)));
  const [template] = lock ? await query.for("update") : await query;
  if (!template) return null;
  const [sections, criteria] = await Promise.all([
    db
      .select()
      .from(templateSections)
      .where(eq(templateSections.templateId, templateId))
      .orderBy(asc(templateSections.position)),
    db
      .select()
      .from(templateCriteria)
      .where(eq(templateCriteria.templateId, templateId))
      .orderBy(asc(templateCriteria.position)),
  ]);
  return {
    id: template.id,
    builtIn: false,
    label: template.name,
    version: template.version,
    copiedFrom: template.copiedFrom,
    updatedAt: template.updatedAt,
    checklist: checklistFromRows(template, sections, criteria),
  };
}

/** Stores sections and criteria; keys in `keep` keep their ids, every other key gets a fresh one. */
async function insertContent(
  tx: Tx,
  organisationId: string,
  templateId: string,
  checklist: Checklist,
  keep: ReadonlySet<string> = new Set(),
) {
  const rows = checklistRows(checklist, keep);
  const owner = { organisationId, templateId };
  if (rows.sections.length > 0)
    await tx.insert(templateSections).values(rows.sections.map((r) => ({ ...r, ...owner })));
  if (rows.criteria.length > 0)
    await tx.insert(templateCriteria).values(rows.criteria.map((r) => ({ ...r, ...owner })));
}

function summary(checklist: Checklist) {
  return {
    name: checklist.name,
    sections: checklist.sections.length,
    criteria: checklist.sections.reduce((n, s) => n + s.criteria.length, 0),
  };
}

/**
 * A new template of this buyer, in the caller's transaction (the idempotency guard's). The checklist must be
 * valid; a copy of a stored template gets ids of its own.
 */
export async function createTemplate(
  tx: Tx,
  actor: Actor,
  checklist: Checklist,
  copiedFrom: string | null,
): Promise<{ id: string }> {
  checkValid(checklist);
  const [row] = await tx
    .insert(checklistTemplates)
    .values({
      organisationId: actor.organisationId,
      name: checklist.name,
      description: checklist.description,
      copiedFrom,
      createdByUserId: actor.userId,
    })
    .returning({ id: checklistTemplates.id });
  await insertContent(tx, actor.organisationId, row.id, checklist);
  await recordAudit(tx, {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: "template.created",
    entityType: "template",
    entityId: row.id,
    after: { ...summary(checklist), copiedFrom, version: 1 },
  });
  return row;
}

/**
 * Saves a whole template: checks the version the editor started from, replaces sections and criteria in one
 * transaction, and audits what changed in words. A stale version throws `TemplateConflict` with the saved
 * template and the changes made since; an unknown template (or the built-in one) `NotFound`.
 */
export async function saveTemplate(
  actor: Actor,
  templateId: string,
  expectedVersion: number,
  checklist: Checklist,
): Promise<{ version: number; changes: string[] }> {
  checkValid(checklist);
  return getDb().transaction(async (tx) => {
    const current = await lockOwnTemplate(tx, actor.organisationId, templateId, expectedVersion);
    // Keys of rows that belong to this template keep their ids; anything else is new.
    const own = new Set([
      ...current.checklist.sections.map((s) => s.key),
      ...current.checklist.sections.flatMap((s) => s.criteria.map((c) => c.key)),
    ]);
    const next: Checklist = {
      ...checklist,
      sections: checklist.sections.map((s) => ({
        ...s,
        key: own.has(s.key) ? s.key : randomUUID(),
        criteria: s.criteria.map((c) => ({ ...c, key: own.has(c.key) ? c.key : randomUUID() })),
      })),
    };
    const changes = describeChanges(current.checklist, next);
    if (changes.length === 0) return { version: current.version, changes };
    await tx.delete(templateSections).where(eq(templateSections.templateId, templateId));
    await insertContent(tx, actor.organisationId, templateId, next, own);
    const version = current.version + 1;
    await tx
      .update(checklistTemplates)
      .set({ name: next.name, description: next.description, version, updatedAt: new Date() })
      .where(eq(checklistTemplates.id, templateId));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "template.updated",
      entityType: "template",
      entityId: templateId,
      before: { ...summary(current.checklist), version: current.version },
      after: { ...summary(next), version, changes },
    });
    return { version, changes };
  });
}

/** Deletes one of this buyer's own templates at the version the page showed. */
export async function deleteTemplate(
  actor: Actor,
  templateId: string,
  expectedVersion: number,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const current = await lockOwnTemplate(
      tx,
      actor.organisationId,
      templateId,
      expectedVersion,
      "Someone changed this template a moment ago. Look at it again before deleting it.",
    );
    await tx.delete(checklistTemplates).where(eq(checklistTemplates.id, templateId));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "template.deleted",
      entityType: "template",
      entityId: templateId,
      before: { ...summary(current.checklist), version: current.version },
    });
  });
}
