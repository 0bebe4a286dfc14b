// The field-level parts of the template editor's three-way merge (checklist-merge.ts): which fields a section and a
// criterion have, what a value means once saved and how it reads in a message, one field merged three ways, and
// the merged order of a list of keys.
import { CHECKLIST_LABELS } from "./checklist";
import { type CriterionDraft, parseNumber, type SectionDraft } from "./checklist-draft";

export type SectionField = "name" | "description" | "weight";
export type CriterionField =
  | "name"
  | "question"
  | "kind"
  | "weight"
  | "max"
  | "rubric.low"
  | "rubric.middle"
  | "rubric.high"
  | "knockout"
  | "suggestionRule"
  | "unit"
  | "direction"
  | "profileField";

export const SECTION_FIELDS: readonly SectionField[] = ["name", "description", "weight"];
export const CRITERION_FIELDS: readonly CriterionField[] = [
  "name",
  "question",
  "kind",
  "weight",
  "max",
  "rubric.low",
  "rubric.middle",
  "rubric.high",
  "knockout",
  "suggestionRule",
  "unit",
  "direction",
  "profileField",
];
/** Fields a kind does not use: the editor hides them and the save drops them, so a clash there is no clash. */
export const UNUSED: Record<CriterionDraft["kind"], ReadonlySet<CriterionField>> = {
  rated: new Set(["unit", "direction", "profileField"]),
  numeric: new Set(["rubric.low", "rubric.middle", "rubric.high", "knockout", "suggestionRule"]),
};
const NUMBERS = new Set<string>(["weight", "max", "knockout"]);

export const LABELS: Record<CriterionField | SectionField, string> = {
  name: "Name",
  description: "Description",
  question: "Question",
  kind: "Kind",
  weight: "Weight",
  max: "Maximum score",
  "rubric.low": "Rubric for the lowest score",
  "rubric.middle": "Rubric for the middle score",
  "rubric.high": "Rubric for the highest score",
  knockout: "Knockout threshold",
  suggestionRule: "Auto-suggestion",
  unit: "Unit",
  direction: "Better values are",
  profileField: "Profile field",
};

/** What a field means once saved: trimmed text, numbers as numbers ("10.0" is "10"). */
function normal(field: string, value: string): string {
  const trimmed = value.trim();
  if (!NUMBERS.has(field)) return trimmed;
  const n = parseNumber(trimmed);
  return n === undefined ? trimmed : String(n);
}

export function sectionValue(s: SectionDraft, field: SectionField): string {
  return s[field];
}

export function criterionValue(c: CriterionDraft, field: CriterionField): string {
  switch (field) {
    case "rubric.low":
      return c.rubric.low;
    case "rubric.middle":
      return c.rubric.middle;
    case "rubric.high":
      return c.rubric.high;
    default:
      return c[field];
  }
}

export function withCriterionValue(c: CriterionDraft, field: CriterionField, value: string): CriterionDraft {
  switch (field) {
    case "rubric.low":
    case "rubric.middle":
    case "rubric.high": {
      const level = field.slice("rubric.".length) as "low" | "middle" | "high";
      return { ...c, rubric: { ...c.rubric, [level]: value } };
    }
    default:
      return { ...c, [field]: value } as CriterionDraft;
  }
}

const LONG = 80;
function shown(field: string, value: string): string {
  const v = value.trim();
  if (v === "") return field === "knockout" ? "none" : "empty";
  const labels: Record<string, Record<string, string> | undefined> = {
    kind: CHECKLIST_LABELS.kind,
    suggestionRule: CHECKLIST_LABELS.suggestionRule,
    direction: CHECKLIST_LABELS.direction,
    profileField: CHECKLIST_LABELS.profileField,
  };
  const label = labels[field]?.[v];
  if (label) return label;
  return `“${v.length > LONG ? `${v.slice(0, LONG - 1)}…` : v}”`;
}

const same = (field: string, a: string, b: string) => normal(field, a) === normal(field, b);

/**
 * One field, three ways. `base` undefined: the starting point is unknown, so any difference is a clash.
 * Returns the merged value and, on a clash, the message (mine is kept).
 */
export function mergeField(
  field: string,
  base: string | undefined,
  theirs: string,
  mine: string,
): { value: string; clash?: string } {
  if (same(field, mine, theirs)) return { value: mine };
  if (base !== undefined && same(field, mine, base)) return { value: theirs };
  if (base !== undefined && same(field, theirs, base)) return { value: mine };
  const was = base === undefined ? "" : ` (it was ${shown(field, base)})`;
  return {
    value: mine,
    clash: `They changed this to ${shown(field, theirs)}${was}; your ${shown(field, mine)} is kept.`,
  };
}

export function criterionChanged(base: CriterionDraft, side: CriterionDraft): boolean {
  return CRITERION_FIELDS.some((f) => !same(f, criterionValue(base, f), criterionValue(side, f)));
}

export function sectionChanged(base: SectionDraft, side: SectionDraft): boolean {
  if (SECTION_FIELDS.some((f) => !same(f, sectionValue(base, f), sectionValue(side, f)))) return true;
  if (base.criteria.map((c) => c.key).join("\n") !== side.criteria.map((c) => c.key).join("\n")) return true;
  return side.criteria.some((c, i) => criterionChanged(base.criteria[i], c));
}

/**
 * The merged order of `survivors`: the order of the side that reordered what all three share (mine when both did,
 * which is a clash), then every other survivor after its nearest predecessor in the list it came from.
 */
export function mergeOrder(
  base: readonly string[] | undefined,
  theirs: readonly string[],
  mine: readonly string[],
  survivors: ReadonlySet<string>,
): { order: string[]; clash: boolean } {
  let primary = mine;
  let secondary = theirs;
  let clash = false;
  if (base) {
    const inTheirs = new Set(theirs);
    const inMine = new Set(mine);
    const common = new Set(base.filter((k) => inTheirs.has(k) && inMine.has(k)));
    const relative = (list: readonly string[]) => list.filter((k) => common.has(k)).join("\n");
    const mineMoved = relative(mine) !== relative(base);
    const theirsMoved = relative(theirs) !== relative(base);
    clash = mineMoved && theirsMoved && relative(mine) !== relative(theirs);
    if (theirsMoved && !mineMoved) {
      primary = theirs;
      secondary = mine;
    }
  }
  const order = primary.filter((k) => survivors.has(k));
  const placed = new Set(order);
  for (const list of [secondary, primary, base ?? []]) {
    list.forEach((key, i) => {
      if (!survivors.has(key) || placed.has(key)) return;
      let at = 0;
      for (let j = i - 1; j >= 0; j--) {
        const before = order.indexOf(list[j]);
        if (before >= 0) {
          at = before + 1;
          break;
        }
      }
      order.splice(at, 0, key);
      placed.add(key);
    });
  }
  return { order, clash };
}

export const quote = (name: string, fallback: string) => (name.trim() ? `“${name.trim()}”` : fallback);
