// The template editor's working copy: what a person has typed, as text, so a refused save gives every character
// back. The same structural edits run in the browser (instantly) and on the server (without JavaScript), so there is
// one copy of them. Pure.
import {
  blankCriterion,
  blankSection,
  CHECKLIST_LABELS,
  type Checklist,
  type ChecklistDirection,
  type ChecklistMessage,
  type CriterionKind,
  countOf,
  type ProfileValueField,
  rubricLevels,
  type SuggestionRule,
  validateChecklist,
} from "./checklist";

export interface CriterionDraft {
  key: string;
  name: string;
  question: string;
  kind: CriterionKind;
  weight: string;
  max: string;
  rubric: { low: string; middle: string; high: string };
  knockout: string;
  suggestionRule: SuggestionRule | "";
  unit: string;
  direction: ChecklistDirection;
  profileField: ProfileValueField | "";
}

export interface SectionDraft {
  key: string;
  name: string;
  description: string;
  weight: string;
  criteria: CriterionDraft[];
}

export interface ChecklistDraft {
  name: string;
  description: string;
  sections: SectionDraft[];
}

/** Keys of sections and criteria not saved yet; the server gives them ids when it stores them. */
export const NEW_KEY_PREFIX = "new-";

export function isNewKey(key: string): boolean {
  return key.startsWith(NEW_KEY_PREFIX);
}

const text = (n: number) => String(n);

export function toDraft(checklist: Checklist): ChecklistDraft {
  return {
    name: checklist.name,
    description: checklist.description,
    sections: checklist.sections.map((s) => ({
      key: s.key,
      name: s.name,
      description: s.description,
      weight: text(s.weight),
      criteria: s.criteria.map((c) => ({
        key: c.key,
        name: c.name,
        question: c.question,
        kind: c.kind,
        weight: text(c.weight),
        max: text(c.max),
        rubric: { ...c.rubric },
        knockout: c.knockout === null ? "" : text(c.knockout),
        suggestionRule: c.suggestionRule ?? "",
        unit: c.unit ?? "",
        direction: c.direction ?? "lower",
        profileField: c.profileField ?? "",
      })),
    })),
  };
}

/** A decimal number as people type it ("10", "2.5", " 3 "); undefined when it is not one. */
export function parseNumber(value: string): number | undefined {
  const trimmed = value.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/**
 * The checklist a draft describes, and every message about it (unparseable numbers first, then
 * `validateChecklist`). Fields a criterion's kind does not use are dropped, as the editor hides them.
 */
export function fromDraft(draft: ChecklistDraft): { checklist: Checklist; messages: ChecklistMessage[] } {
  const messages: ChecklistMessage[] = [];
  const number = (value: string, path: string, message: string, fallback: number) => {
    const n = parseNumber(value);
    if (n === undefined) {
      messages.push({ path, message });
      return fallback;
    }
    return n;
  };
  const checklist: Checklist = {
    name: draft.name.trim(),
    description: draft.description.trim(),
    sections: draft.sections.map((s, i) => ({
      key: s.key,
      name: s.name.trim(),
      description: s.description.trim(),
      weight: number(
        s.weight,
        `sections.${i}.weight`,
        "Enter a weight: a number of 0 or more, like 10 or 2.5.",
        0,
      ),
      criteria: s.criteria.map((c, j) => {
        const at = `sections.${i}.criteria.${j}`;
        const rated = c.kind === "rated";
        return {
          key: c.key,
          name: c.name.trim(),
          question: c.question.trim(),
          kind: c.kind,
          weight: number(
            c.weight,
            `${at}.weight`,
            "Enter a weight: a number of 0 or more, like 3 or 0.5.",
            0,
          ),
          max: number(c.max, `${at}.max`, "Enter the maximum: a whole number from 1 to 100.", 5),
          rubric: rated
            ? { low: c.rubric.low.trim(), middle: c.rubric.middle.trim(), high: c.rubric.high.trim() }
            : { low: "", middle: "", high: "" },
          knockout:
            rated && c.knockout.trim() !== ""
              ? number(c.knockout, `${at}.knockout`, "Enter the threshold as a number, or leave it empty.", 0)
              : null,
          suggestionRule: rated && c.suggestionRule !== "" ? c.suggestionRule : null,
          unit: rated ? null : c.unit.trim(),
          direction: rated ? null : c.direction,
          profileField: !rated && c.profileField !== "" ? c.profileField : null,
        };
      }),
    })),
  };
  const unparsed = new Set(messages.map((m) => m.path));
  for (const m of validateChecklist(checklist)) if (!unparsed.has(m.path)) messages.push(m);
  return { checklist, messages };
}

// ---------------------------------------------------------------------------------------------------------------
// Structural edits

export type EditorIntent =
  | { type: "add-section" }
  | { type: "remove-section"; section: number }
  | { type: "move-section"; section: number; by: -1 | 1 }
  | { type: "add-criterion"; section: number; kind: CriterionKind }
  | { type: "remove-criterion"; section: number; criterion: number }
  | { type: "move-criterion"; section: number; criterion: number; by: -1 | 1 };

/** The value of an editor button (`name="intent"`), e.g. `move-criterion:2:0:-1`. */
export function intentValue(intent: EditorIntent): string {
  switch (intent.type) {
    case "add-section":
      return intent.type;
    case "remove-section":
      return `${intent.type}:${intent.section}`;
    case "move-section":
      return `${intent.type}:${intent.section}:${intent.by}`;
    case "add-criterion":
      return `${intent.type}:${intent.section}:${intent.kind}`;
    case "remove-criterion":
      return `${intent.type}:${intent.section}:${intent.criterion}`;
    case "move-criterion":
      return `${intent.type}:${intent.section}:${intent.criterion}:${intent.by}`;
  }
}

export function parseIntent(value: string): EditorIntent | undefined {
  const [type, ...rest] = value.split(":");
  const ints = rest.map((x) => (/^-?\d+$/.test(x) ? Number(x) : Number.NaN));
  const by = (n: number | undefined) => (n === -1 || n === 1 ? n : undefined);
  switch (type) {
    case "add-section":
      return rest.length === 0 ? { type } : undefined;
    case "remove-section":
      return rest.length === 1 && ints[0] >= 0 ? { type, section: ints[0] } : undefined;
    case "move-section": {
      const step = by(ints[1]);
      return rest.length === 2 && ints[0] >= 0 && step ? { type, section: ints[0], by: step } : undefined;
    }
    case "add-criterion":
      return rest.length === 2 && ints[0] >= 0 && (rest[1] === "rated" || rest[1] === "numeric")
        ? { type, section: ints[0], kind: rest[1] }
        : undefined;
    case "remove-criterion":
      return rest.length === 2 && ints[0] >= 0 && ints[1] >= 0
        ? { type, section: ints[0], criterion: ints[1] }
        : undefined;
    case "move-criterion": {
      const step = by(ints[2]);
      return rest.length === 3 && ints[0] >= 0 && ints[1] >= 0 && step
        ? { type, section: ints[0], criterion: ints[1], by: step }
        : undefined;
    }
    default:
      return undefined;
  }
}

function move<T>(items: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (from < 0 || from >= items.length || to < 0 || to >= items.length) return [...items];
  const copy = [...items];
  [copy[from], copy[to]] = [copy[to], copy[from]];
  return copy;
}

export function blankCriterionDraft(key: string, kind: CriterionKind): CriterionDraft {
  const c = blankCriterion(key, kind);
  return {
    key,
    name: "",
    question: "",
    kind,
    weight: text(c.weight),
    max: text(c.max),
    rubric: { low: "", middle: "", high: "" },
    knockout: "",
    suggestionRule: "",
    unit: "",
    direction: "lower",
    profileField: "",
  };
}

/**
 * Applies one structural edit. `newKey` names what is added. Returns the new draft and the key of the section or
 * criterion that should take the focus (the one added or moved; after a removal, the enclosing one or none).
 * An edit that points at nothing returns the draft unchanged.
 */
export function applyIntent(
  draft: ChecklistDraft,
  intent: EditorIntent,
  newKey: string,
): { draft: ChecklistDraft; focus?: string } {
  const sections = draft.sections;
  const section = "section" in intent ? sections[intent.section] : undefined;
  const withSection = (i: number, next: SectionDraft) => sections.map((s, k) => (k === i ? next : s));
  switch (intent.type) {
    case "add-section": {
      const s = blankSection(newKey);
      const added: SectionDraft = {
        key: s.key,
        name: "",
        description: "",
        weight: text(s.weight),
        criteria: [],
      };
      return { draft: { ...draft, sections: [...sections, added] }, focus: newKey };
    }
    case "remove-section":
      if (!section) return { draft };
      return {
        draft: { ...draft, sections: sections.filter((_, k) => k !== intent.section) },
        focus: sections[intent.section - 1]?.key ?? sections[intent.section + 1]?.key,
      };
    case "move-section":
      if (!section) return { draft };
      return { draft: { ...draft, sections: move(sections, intent.section, intent.by) }, focus: section.key };
    case "add-criterion":
      if (!section) return { draft };
      return {
        draft: {
          ...draft,
          sections: withSection(intent.section, {
            ...section,
            criteria: [...section.criteria, blankCriterionDraft(newKey, intent.kind)],
          }),
        },
        focus: newKey,
      };
    case "remove-criterion": {
      const criterion = section?.criteria[intent.criterion];
      if (!section || !criterion) return { draft };
      return {
        draft: {
          ...draft,
          sections: withSection(intent.section, {
            ...section,
            criteria: section.criteria.filter((_, k) => k !== intent.criterion),
          }),
        },
        focus: section.key,
      };
    }
    case "move-criterion": {
      const criterion = section?.criteria[intent.criterion];
      if (!section || !criterion) return { draft };
      return {
        draft: {
          ...draft,
          sections: withSection(intent.section, {
            ...section,
            criteria: move(section.criteria, intent.criterion, intent.by),
          }),
        },
        focus: criterion.key,
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What changed between two saved versions (the audit log and the conflict message say it in words)

const quote = (name: string) => `“${name}”`;
const orNone = (value: string | number | null) => (value === null || value === "" ? "none" : String(value));

export function describeChanges(before: Checklist, after: Checklist): string[] {
  const lines: string[] = [];
  if (before.name !== after.name)
    lines.push(`Renamed the template from ${quote(before.name)} to ${quote(after.name)}.`);
  if (before.description !== after.description) lines.push("Changed the template's description.");

  const beforeSections = new Map(before.sections.map((s, i) => [s.key, { s, i }]));
  const afterKeys = new Set(after.sections.map((s) => s.key));
  for (const s of before.sections) if (!afterKeys.has(s.key)) lines.push(`Removed section ${quote(s.name)}.`);
  const keptBefore = before.sections.filter((s) => afterKeys.has(s.key)).map((s) => s.key);
  const keptAfter = after.sections.filter((s) => beforeSections.has(s.key)).map((s) => s.key);
  if (keptBefore.join("\n") !== keptAfter.join("\n")) lines.push("Reordered the sections.");

  const beforeCriteria = new Map(
    before.sections.flatMap((s) => s.criteria.map((c) => [c.key, { c, section: s }] as const)),
  );
  const afterCriterionKeys = new Set(after.sections.flatMap((s) => s.criteria.map((c) => c.key)));
  for (const s of before.sections) {
    for (const c of s.criteria) {
      if (!afterCriterionKeys.has(c.key) && afterKeys.has(s.key)) {
        lines.push(`Removed criterion ${quote(c.name)} from ${quote(s.name)}.`);
      }
    }
  }

  for (const s of after.sections) {
    const old = beforeSections.get(s.key)?.s;
    if (!old) {
      lines.push(
        `Added section ${quote(s.name)} (weight ${s.weight}, ${countOf(s.criteria.length, "criterion", "criteria")}).`,
      );
      continue;
    }
    const label = `Section ${quote(s.name)}`;
    if (old.name !== s.name) lines.push(`Renamed section ${quote(old.name)} to ${quote(s.name)}.`);
    if (old.description !== s.description) lines.push(`${label}: changed the description.`);
    if (old.weight !== s.weight) lines.push(`${label}: weight ${old.weight} → ${s.weight}.`);
    const oldOrder = old.criteria.map((c) => c.key).filter((k) => s.criteria.some((c) => c.key === k));
    const newOrder = s.criteria.map((c) => c.key).filter((k) => old.criteria.some((c) => c.key === k));
    if (oldOrder.join("\n") !== newOrder.join("\n")) lines.push(`${label}: reordered the criteria.`);
    for (const c of s.criteria) {
      const was = beforeCriteria.get(c.key);
      if (!was) {
        lines.push(
          `${label}: added criterion ${quote(c.name)} (${CHECKLIST_LABELS.kind[c.kind].toLowerCase()}, weight ${c.weight}).`,
        );
        continue;
      }
      const o = was.c;
      const at = `${quote(c.name)} in ${quote(s.name)}`;
      if (was.section.key !== s.key) lines.push(`Moved criterion ${quote(c.name)} to ${quote(s.name)}.`);
      if (o.name !== c.name) lines.push(`Renamed criterion ${quote(o.name)} to ${quote(c.name)}.`);
      if (o.kind !== c.kind) lines.push(`${at}: ${o.kind} → ${c.kind}.`);
      if (o.weight !== c.weight) lines.push(`${at}: weight ${o.weight} → ${c.weight}.`);
      if (o.max !== c.max) lines.push(`${at}: maximum ${o.max} → ${c.max}.`);
      if (o.question !== c.question) lines.push(`${at}: changed the question.`);
      if (
        o.rubric.low !== c.rubric.low ||
        o.rubric.middle !== c.rubric.middle ||
        o.rubric.high !== c.rubric.high
      ) {
        const levels = rubricLevels(c.max);
        lines.push(`${at}: changed the rubric (${levels.low}, ${levels.middle}, ${levels.high}).`);
      }
      if (o.knockout !== c.knockout)
        lines.push(`${at}: knockout ${orNone(o.knockout)} → ${orNone(c.knockout)}.`);
      if (o.suggestionRule !== c.suggestionRule) {
        const name = (r: SuggestionRule | null) => (r ? CHECKLIST_LABELS.suggestionRule[r] : "none");
        lines.push(`${at}: suggestion rule ${name(o.suggestionRule)} → ${name(c.suggestionRule)}.`);
      }
      if (o.unit !== c.unit) lines.push(`${at}: unit ${orNone(o.unit)} → ${orNone(c.unit)}.`);
      if (o.direction !== c.direction) {
        lines.push(`${at}: ${c.direction === "higher" ? "higher" : "lower"} values are now better.`);
      }
      if (o.profileField !== c.profileField) {
        const name = (f: ProfileValueField | null) => (f ? CHECKLIST_LABELS.profileField[f] : "none");
        lines.push(`${at}: profile field ${name(o.profileField)} → ${name(c.profileField)}.`);
      }
    }
  }
  return lines;
}
