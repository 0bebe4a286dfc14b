// The checklist editor's form, read on the server: its fields as a draft, the draft it started from, a structural
// button pressed without JavaScript, and the messages by field. Shared by the template editor and an evaluation's
// checklist.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  type Checklist,
  type ChecklistMessage,
  CRITERIA_PER_SECTION_LIMIT,
  CRITERION_KINDS,
  DIRECTIONS,
  PROFILE_VALUE_FIELDS,
  SECTION_LIMIT,
  SUGGESTION_RULES,
} from "~/domain/checklist";
import {
  applyIntent,
  type ChecklistDraft,
  fromDraft,
  NEW_KEY_PREFIX,
  parseIntent,
} from "~/domain/checklist-draft";
import { BASE_FIELD } from "~/domain/checklist-merge";

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

type Fields = Record<string, unknown>;
type SectionFields = Fields & { criteria: Map<number, Fields> };

/** The fields of section `i` (and of its criterion `j`), made on first use; undefined past the editor's sizes. */
function targetOf(
  sections: Map<number, SectionFields>,
  si: string,
  ci: string | undefined,
): Fields | undefined {
  const i = Number(si);
  if (i >= INDEX_CAP) return undefined;
  let section = sections.get(i);
  if (!section) {
    section = { criteria: new Map() };
    sections.set(i, section);
  }
  if (ci === undefined) return section;
  const j = Number(ci);
  if (j >= INDEX_CAP) return undefined;
  let criterion = section.criteria.get(j);
  if (!criterion) {
    criterion = {};
    section.criteria.set(j, criterion);
  }
  return criterion;
}

/** One field's value in its place; the first of repeated names wins. */
function setField(target: Fields, field: string, value: string): void {
  const [head, level] = field.split(".");
  if (level) {
    if (!target[head]) target[head] = {};
    const rubric = target[head] as Record<string, string>;
    rubric[level] ??= value;
  } else if (head !== "criteria" && !(head in target)) {
    target[head] = value;
  }
}

/**
 * The editor's fields (`name`, `sections.0.weight`, `sections.0.criteria.2.rubric.low`, ...) as a draft. Indices
 * are compacted in their order; a form that is not the editor's (unknown kinds, absurd sizes) is refused whole.
 */
export function draftFromForm(form: FormData): ChecklistDraft | undefined {
  const root: Fields = {};
  const sections = new Map<number, SectionFields>();
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const match = FIELD.exec(name);
    if (!match) continue;
    const [, si, ci, field] = match;
    let target: Fields | undefined = root;
    if (si !== undefined) {
      target = targetOf(sections, si, ci);
      if (!target) return undefined;
    } else if (field !== "name" && field !== "description") {
      continue;
    }
    setField(target, field, value);
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
