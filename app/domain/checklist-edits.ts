// The template editor's structural edits (add, remove, move a section or a criterion) on a draft. The same code runs
// in the browser (instantly) and on the server (a button's `intent`, without JavaScript).
import { blankCriterion, blankSection, type CriterionKind } from "./checklist";
import type { ChecklistDraft, CriterionDraft, SectionDraft } from "./checklist-draft";

const text = (n: number) => String(n);

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
