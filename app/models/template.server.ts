// Checklist templates: the built-in one (in code, read-only) and each buyer's own (DESIGN.md "Checklist template").
// Every stored template is valid (validateChecklist), so an evaluation can start from any of them.
import { randomUUID } from "node:crypto";
import { data } from "@remix-run/node";
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import { auditEvents, checklistTemplates, templateCriteria, templateSections, users } from "../../db/schema";
import { BUILT_IN_CHECKLIST, BUILT_IN_TEMPLATE_ID } from "../domain/builtin-checklist";
import {
  type Checklist,
  type ChecklistMessage,
  CRITERIA_PER_SECTION_LIMIT,
  CRITERION_KINDS,
  DIRECTIONS,
  PROFILE_VALUE_FIELDS,
  SECTION_LIMIT,
  SUGGESTION_RULES,
  validateChecklist,
} from "../domain/checklist";
import {
  applyIntent,
  type ChecklistDraft,
  describeChanges,
  fromDraft,
  NEW_KEY_PREFIX,
  parseIntent,
  toDraft,
} from "../domain/checklist-draft";
import { BASE_FIELD, type MergeClash, mergeChecklistDrafts } from "../domain/checklist-merge";
import { type Actor, recordAudit } from "./audit.server";
import { checklistFromRows, checklistRows } from "./checklist-rows.server";
import { isUuid } from "./member.server";

export { BUILT_IN_TEMPLATE_ID };

export interface TemplateRecord {
  id: string;
  builtIn: boolean;
  version: number;
  copiedFrom: string | null;
  updatedAt: Date | null;
  checklist: Checklist;
}

export function isTemplateId(id: string): boolean {
  return id === BUILT_IN_TEMPLATE_ID || isUuid(id);
}

export class TemplateConflict extends Error {
  constructor(
    readonly current: TemplateRecord,
    readonly changes: TemplateChange[],
  ) {
    super("The template was saved by someone else in the meantime.");
  }
}

export class TemplateInvalid extends Error {
  constructor(readonly messages: ChecklistMessage[]) {
    super("The template is not valid.");
  }
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

/** The built-in template, or one of this buyer's own; null for anything else (another buyer's is null too). */
export async function getTemplate(
  organisationId: string,
  templateId: string,
  db: Pick<Tx, "select"> = getDb(),
  lock = false,
): Promise<TemplateRecord | null> {
  if (templateId === BUILT_IN_TEMPLATE_ID) {
    return {
      id: BUILT_IN_TEMPLATE_ID,
      builtIn: true,
      version: 1,
      copiedFrom: null,
      updatedAt: null,
      checklist: BUILT_IN_CHECKLIST,
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
  const messages = validateChecklist(checklist);
  if (messages.length > 0) throw new TemplateInvalid(messages);
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
 * template and the changes made since.
 */
export async function saveTemplate(
  actor: Actor,
  templateId: string,
  expectedVersion: number,
  checklist: Checklist,
): Promise<{ version: number; changes: string[] }> {
  const messages = validateChecklist(checklist);
  if (messages.length > 0) throw new TemplateInvalid(messages);
  return getDb().transaction(async (tx) => {
    const current = await getTemplate(actor.organisationId, templateId, tx, true);
    if (!current || current.builtIn) throw new TemplateNotFound();
    if (current.version !== expectedVersion) {
      throw new TemplateConflict(
        current,
        await templateChangesSince(tx, actor.organisationId, templateId, expectedVersion),
      );
    }
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

export class TemplateNotFound extends Error {}

export async function deleteTemplate(
  actor: Actor,
  templateId: string,
  expectedVersion: number,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const current = await getTemplate(actor.organisationId, templateId, tx, true);
    if (!current || current.builtIn) throw new TemplateNotFound();
    if (current.version !== expectedVersion) {
      throw new TemplateConflict(
        current,
        await templateChangesSince(tx, actor.organisationId, templateId, expectedVersion),
      );
    }
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

export interface TemplateChange {
  by: string;
  at: Date;
  lines: string[];
}

/** Who changed what since a version, from the audit log (the saves after it, oldest first). */
export async function templateChangesSince(
  db: Pick<Tx, "select">,
  organisationId: string,
  templateId: string,
  version: number,
): Promise<TemplateChange[]> {
  const rows = await db
    .select({ after: auditEvents.after, at: auditEvents.at, name: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.organisationId, organisationId),
        eq(auditEvents.entityType, "template"),
        eq(auditEvents.entityId, templateId),
        eq(auditEvents.action, "template.updated"),
        sql`(${auditEvents.after} ->> 'version')::int > ${version}`,
      ),
    )
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));
  return rows.map((r) => {
    const after = (r.after ?? {}) as { changes?: unknown };
    const lines = Array.isArray(after.changes)
      ? after.changes.filter((x): x is string => typeof x === "string")
      : [];
    return { by: r.name ?? "A former member", at: r.at, lines };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The editor's form

const FIELD = /^(?:sections\.(\d+)\.(?:criteria\.(\d+)\.)?)?([a-zA-Z]+(?:\.(?:low|middle|high))?)$/;
const TEXT_CAP = 5_000;
const INDEX_CAP = Math.max(SECTION_LIMIT, CRITERIA_PER_SECTION_LIMIT) * 2;

const text = z.string().max(TEXT_CAP).default("");
const criterionSchema = z.object({
  key: z.string().min(1).max(64),
  name: text,
  question: text,
  kind: z.enum(CRITERION_KINDS),
  weight: text,
  max: text,
  rubric: z.object({ low: text, middle: text, high: text }).default({ low: "", middle: "", high: "" }),
  knockout: text,
  suggestionRule: z.union([z.enum(SUGGESTION_RULES), z.literal("")]).default(""),
  unit: text,
  direction: z.enum(DIRECTIONS).default("lower"),
  profileField: z.union([z.enum(PROFILE_VALUE_FIELDS), z.literal("")]).default(""),
});
const sectionSchema = z.object({
  key: z.string().min(1).max(64),
  name: text,
  description: text,
  weight: text,
  criteria: z.array(criterionSchema).default([]),
});
const draftSchema = z.object({ name: text, description: text, sections: z.array(sectionSchema).default([]) });
/** The draft the editor started from, as the page sent it (JSON in a hidden field): no bigger than the editor's. */
const baseSchema = z.object({
  name: text,
  description: text,
  sections: z
    .array(sectionSchema.extend({ criteria: z.array(criterionSchema).max(INDEX_CAP).default([]) }))
    .max(INDEX_CAP)
    .default([]),
});
/** NOTE: the built-in checklist's draft is about 25 KB of JSON; a template at the structure limits stays below this. */
const BASE_JSON_CAP = 2_000_000;

/** The draft the editor started from, or null when the form carries none or one that cannot be read. */
export function baseFromForm(form: FormData): ChecklistDraft | null {
  const raw = form.get(BASE_FIELD);
  if (typeof raw !== "string" || raw.length === 0 || raw.length > BASE_JSON_CAP) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = baseSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * The editor's fields (`name`, `sections.0.weight`, `sections.0.criteria.2.rubric.low`, ...) as a draft. Indices
 * are compacted in their order; a form that is not the editor's (unknown kinds, absurd sizes) is refused whole.
 */
export function draftFromForm(form: FormData): ChecklistDraft | undefined {
  const root: Record<string, unknown> = {};
  const sections = new Map<
    number,
    Record<string, unknown> & { criteria: Map<number, Record<string, unknown>> }
  >();
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const match = FIELD.exec(name);
    if (!match) continue;
    const [, si, ci, field] = match;
    let target: Record<string, unknown> = root;
    if (si !== undefined) {
      const i = Number(si);
      if (i >= INDEX_CAP) return undefined;
      let section = sections.get(i);
      if (!section) {
        section = { criteria: new Map() };
        sections.set(i, section);
      }
      target = section;
      if (ci !== undefined) {
        const j = Number(ci);
        if (j >= INDEX_CAP) return undefined;
        let criterion = section.criteria.get(j);
        if (!criterion) {
          criterion = {};
          section.criteria.set(j, criterion);
        }
        target = criterion;
      }
    } else if (field !== "name" && field !== "description") {
      continue;
    }
    const [head, level] = field.split(".");
    if (level) {
      if (!target[head]) target[head] = {};
      const rubric = target[head] as Record<string, string>;
      rubric[level] ??= value;
    } else if (head !== "criteria" && !(head in target)) {
      target[head] = value;
    }
  }
  const ordered = <T>(map: Map<number, T>) =>
    [...map.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  const raw = {
    ...root,
    sections: ordered(sections).map((s) => ({ ...s, criteria: ordered(s.criteria) })),
  };
  const parsed = draftSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export type EditorErrorMap = Record<string, string>;

/** Messages keyed by what they belong to (`s:<key>.weight`, `c:<key>.question`), so they follow moved items. */
export function keyedErrors(draft: ChecklistDraft, messages: ChecklistMessage[]): EditorErrorMap {
  const errors: EditorErrorMap = {};
  for (const m of messages) {
    const match = /^sections\.(\d+)(?:\.criteria\.(\d+))?(?:\.(.+))?$/.exec(m.path);
    let key = m.path;
    if (match) {
      const section = draft.sections[Number(match[1])];
      const criterion = match[2] !== undefined ? section?.criteria[Number(match[2])] : undefined;
      const field = match[3] ?? "";
      if (criterion) key = `c:${criterion.key}.${field}`;
      else if (section) key = `s:${section.key}.${field || "criteria"}`;
    }
    errors[key] ??= m.message;
  }
  return errors;
}

export type EditorSubmission =
  | { kind: "unreadable" }
  | { kind: "edited"; draft: ChecklistDraft; focus?: string }
  | { kind: "invalid"; draft: ChecklistDraft; errors: EditorErrorMap }
  | { kind: "valid"; draft: ChecklistDraft; checklist: Checklist };

/**
 * Reads the editor's form: a structural button (sent without JavaScript) gives the edited draft back; a save gives
 * the valid checklist or the messages by field.
 */
export function readEditorSubmission(form: FormData): EditorSubmission {
  const draft = draftFromForm(form);
  if (!draft) return { kind: "unreadable" };
  const intent = String(form.get("intent") ?? "save");
  if (intent !== "save") {
    const parsed = parseIntent(intent);
    if (!parsed) return { kind: "unreadable" };
    const edited = applyIntent(draft, parsed, `${NEW_KEY_PREFIX}${randomUUID()}`);
    return { kind: "edited", draft: edited.draft, focus: edited.focus };
  }
  const { checklist, messages } = fromDraft(draft);
  if (messages.length > 0) return { kind: "invalid", draft, errors: keyedErrors(draft, messages) };
  return { kind: "valid", draft, checklist };
}

export interface EditorActionData {
  /** A fresh value per answer, so the editor starts again from `draft`. */
  revision: string;
  draft?: ChecklistDraft;
  errors?: EditorErrorMap;
  focus?: string;
  formError?: string;
  /** A save that lost the race: who changed what since, and the version to save over. */
  conflict?: { version: number; changes: { by: string; at: string; lines: string[] }[] };
  /** Where the merged draft kept this person's value over another editor's (a conflict's three-way merge). */
  clashes?: MergeClash[];
  /** The version the next save must find, carried across answers (the page's loader may have moved on). */
  version?: number;
  /** The draft that version holds: what the next conflict is merged against. */
  base?: ChecklistDraft;
}

export function editorAnswer(answer: Omit<EditorActionData, "revision">, status = 200) {
  return data<EditorActionData>({ revision: randomUUID(), ...answer }, { status });
}

/**
 * The answer to every submission that is not a valid save. `carry` goes back with it unchanged (the template
 * editor's version and base), so a round trip without JavaScript never moves the version under the person.
 */
export function editorAnswerFor(
  submission: Exclude<EditorSubmission, { kind: "valid" }>,
  carry: Pick<EditorActionData, "version" | "base"> = {},
) {
  switch (submission.kind) {
    case "unreadable":
      return editorAnswer({ formError: "This form could not be read. Reload the page and try again." }, 400);
    case "edited":
      return editorAnswer({ ...carry, draft: submission.draft, focus: submission.focus });
    case "invalid":
      return editorAnswer(
        {
          ...carry,
          draft: submission.draft,
          errors: submission.errors,
          formError: "Some fields need attention: see the messages beside them.",
        },
        400,
      );
  }
}

/**
 * The answer to a save that lost the race: what this person typed merged with the saved version (three-way, over
 * the draft the editor started from), the clashes, who changed what, and the version and base the next save uses.
 * Nothing is saved: the person checks the merge and saves again.
 */
export function conflictAnswer(
  conflict: TemplateConflict,
  base: ChecklistDraft | null,
  mine: ChecklistDraft,
) {
  const theirs = toDraft(conflict.current.checklist);
  const merged = mergeChecklistDrafts(base, theirs, mine);
  const n = merged.clashes.length;
  const clashes =
    n === 0
      ? "Their changes and yours are merged below, without a clash."
      : `Their changes and yours are merged below; in ${n === 1 ? "one place" : `${n} places`} you both changed the same thing and yours is kept (marked beside the ${n === 1 ? "field" : "fields"}).`;
  return editorAnswer(
    {
      draft: merged.draft,
      clashes: merged.clashes,
      version: conflict.current.version,
      base: theirs,
      conflict: {
        version: conflict.current.version,
        changes: conflict.changes.map((c) => ({ by: c.by, at: c.at.toISOString(), lines: c.lines })),
      },
      formError: `Someone else saved this template while you were editing, so nothing was saved yet. ${clashes} Check it, then save again.`,
    },
    409,
  );
}
