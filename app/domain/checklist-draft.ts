// The template editor's working copy: what a person has typed, as text, so a refused save gives every character
// back. The same structural edits run in the browser (instantly) and on the server (without JavaScript), so there is
// one copy of them. Pure.
import {
  type Checklist,
  type ChecklistDirection,
  type ChecklistMessage,
  type CriterionKind,
  type ProfileValueField,
  type SuggestionRule,
  validateChecklist,
} from "./checklist";

export { describeChanges } from "./checklist-changes";
export {
  applyIntent,
  blankCriterionDraft,
  type EditorIntent,
  intentValue,
  parseIntent,
} from "./checklist-edits";

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
