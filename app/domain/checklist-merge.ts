// A three-way merge of the template editor's drafts: what a person typed (`mine`) over the checklist it started from
// (`base`), while someone else saved `theirs`. Field by field, keyed by section and criterion keys, so an edit on each
// side survives; where both changed the same thing differently, mine is kept and the clash is reported beside the
// field. Pure: the edit route runs it on a 409, the tests run it without a database.
import { CHECKLIST_LABELS } from "./checklist";
import { type ChecklistDraft, type CriterionDraft, parseNumber, type SectionDraft } from "./checklist-draft";

/** The template editor's hidden field holding, as JSON, the draft it started from: the merge's `base`. */
export const BASE_FIELD = "base";

export interface MergeClash {
  /**
   * Where it belongs, keyed like the editor's messages: `name`, `description`, `sections`, `s:<key>.weight`,
   * `s:<key>.criteria`, `c:<key>.question`, `c:<key>.rubric.low`, ...
   */
  field: string;
  /** What it is about, for the list above the form: "Weight of “Network tier”". */
  where: string;
  /** What happened and what was kept, shown beside the field. */
  message: string;
}

export interface MergeResult {
  draft: ChecklistDraft;
  clashes: MergeClash[];
}

type SectionField = "name" | "description" | "weight";
type CriterionField =
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

const SECTION_FIELDS: readonly SectionField[] = ["name", "description", "weight"];
const CRITERION_FIELDS: readonly CriterionField[] = [
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
const UNUSED: Record<CriterionDraft["kind"], ReadonlySet<CriterionField>> = {
  rated: new Set(["unit", "direction", "profileField"]),
  numeric: new Set(["rubric.low", "rubric.middle", "rubric.high", "knockout", "suggestionRule"]),
};
const NUMBERS = new Set<string>(["weight", "max", "knockout"]);

const LABELS: Record<CriterionField | SectionField, string> = {
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

function sectionValue(s: SectionDraft, field: SectionField): string {
  return s[field];
}

function criterionValue(c: CriterionDraft, field: CriterionField): string {
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

function withCriterionValue(c: CriterionDraft, field: CriterionField, value: string): CriterionDraft {
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
function mergeField(
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

function criterionChanged(base: CriterionDraft, side: CriterionDraft): boolean {
  return CRITERION_FIELDS.some((f) => !same(f, criterionValue(base, f), criterionValue(side, f)));
}

function sectionChanged(base: SectionDraft, side: SectionDraft): boolean {
  if (SECTION_FIELDS.some((f) => !same(f, sectionValue(base, f), sectionValue(side, f)))) return true;
  if (base.criteria.map((c) => c.key).join("\n") !== side.criteria.map((c) => c.key).join("\n")) return true;
  return side.criteria.some((c, i) => criterionChanged(base.criteria[i], c));
}

/**
 * The merged order of `survivors`: the order of the side that reordered what all three share (mine when both did,
 * which is a clash), then every other survivor after its nearest predecessor in the list it came from.
 */
function mergeOrder(
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

const quote = (name: string, fallback: string) => (name.trim() ? `“${name.trim()}”` : fallback);

/**
 * Merges `mine` and `theirs`, both edited from `base`: each field takes the side that changed it; sections and
 * criteria (by key) added on either side are kept, removed on either side are removed, and the order follows the
 * side that reordered. Where both changed one field differently, mine is kept and a clash is listed; so are a
 * removal of something the other side changed (the removal stands when it is mine, the item stays when it is
 * theirs, since mine changed it) and two different reorderings (mine stands). With no change on their side the
 * result is mine; with none on mine, theirs. `base` null (unknown): every difference is a clash, mine kept.
 */
export function mergeChecklistDrafts(
  base: ChecklistDraft | null,
  theirs: ChecklistDraft,
  mine: ChecklistDraft,
): MergeResult {
  const clashes: MergeClash[] = [];
  const add = (field: string, where: string, message: string) => clashes.push({ field, where, message });

  const top = (field: "name" | "description", label: string) => {
    const merged = mergeField(field, base?.[field], theirs[field], mine[field]);
    if (merged.clash) add(field, label, merged.clash);
    return merged.value;
  };
  const name = top("name", "Template name");
  const description = top("description", "Template description");

  // Sections: which survive, with their own fields merged.
  const baseSections = new Map(base?.sections.map((s) => [s.key, s]));
  const theirSections = new Map(theirs.sections.map((s) => [s.key, s]));
  const mySections = new Map(mine.sections.map((s) => [s.key, s]));
  const sectionKeys = [...new Set([...mySections.keys(), ...theirSections.keys(), ...baseSections.keys()])];
  const keptSections = new Map<string, Omit<SectionDraft, "criteria">>();
  /** Sections kept although one side removed them: that side's criteria in them count as unchanged. */
  const revived = new Map<string, "theirs" | "mine">();
  for (const key of sectionKeys) {
    const b = baseSections.get(key);
    const t = theirSections.get(key);
    const m = mySections.get(key);
    const label = quote(m?.name ?? t?.name ?? b?.name ?? "", "an unnamed section");
    if (!m && !t) continue;
    if (!m || !t) {
      const only = (m ?? t)!;
      const sideRemoved = base === null ? !!b || !only.key.startsWith("new-") : !!b;
      if (!sideRemoved) {
        // Added on one side (or, base unknown, a new one of mine): kept.
        keptSections.set(key, only);
        continue;
      }
      if (!m) {
        // Mine removed it.
        if (base === null || sectionChanged(b!, t!)) {
          add(
            "sections",
            `Section ${label}`,
            base === null
              ? `Section ${label} is in their version, not in yours; it stays removed.`
              : `You removed section ${label}, which they changed meanwhile; it stays removed.`,
          );
        }
        continue;
      }
      // Theirs removed it.
      if (base === null || sectionChanged(b!, m)) {
        keptSections.set(key, m);
        revived.set(key, "theirs");
        add(
          `s:${key}.name`,
          `Section ${label}`,
          "They removed this section; it is kept because you changed it. Remove it if theirs should stand.",
        );
      }
      continue;
    }
    const merged: Omit<SectionDraft, "criteria"> = {
      key,
      name: m.name,
      description: m.description,
      weight: m.weight,
    };
    for (const field of SECTION_FIELDS) {
      const r = mergeField(field, b ? sectionValue(b, field) : undefined, t[field], m[field]);
      merged[field] = r.value;
      if (r.clash) {
        const what = field === "name" ? "Name" : field === "weight" ? "Weight" : "Description";
        add(`s:${key}.${field}`, `${what} of section ${label}`, r.clash);
      }
    }
    keptSections.set(key, merged);
  }

  // Criteria, by key across sections: which survive, where, with their fields merged.
  type Placed = { c: CriterionDraft; section: string };
  const criteriaOf = (draft: ChecklistDraft | null) =>
    new Map<string, Placed>(
      draft?.sections.flatMap((s) => s.criteria.map((c) => [c.key, { c, section: s.key }])),
    );
  const baseCriteria = criteriaOf(base);
  const theirCriteria = criteriaOf(theirs);
  const myCriteria = criteriaOf(mine);
  // A side that removed a section the merge keeps left its criteria alone.
  for (const [key, b] of baseCriteria) {
    const side = revived.get(b.section);
    if (side === "theirs" && !theirCriteria.has(key) && !theirSections.has(b.section))
      theirCriteria.set(key, b);
  }
  const criterionKeys = [...new Set([...myCriteria.keys(), ...theirCriteria.keys(), ...baseCriteria.keys()])];
  const keptCriteria = new Map<string, Placed>();
  const clashesOnCriterion: { key: string; field: CriterionField; label: string; message: string }[] = [];
  for (const key of criterionKeys) {
    const b = baseCriteria.get(key);
    const t = theirCriteria.get(key);
    const m = myCriteria.get(key);
    if (!m && !t) continue;
    const label = quote(m?.c.name ?? t?.c.name ?? b?.c.name ?? "", "an unnamed criterion");
    if (!m || !t) {
      const only = (m ?? t)!;
      const sideRemoved = base === null ? !!b || !only.c.key.startsWith("new-") : !!b;
      if (!sideRemoved) {
        keptCriteria.set(key, only);
        continue;
      }
      if (!m) {
        // Removed with its whole section: the section's clash, if any, says it.
        if (!mySections.has(t!.section)) continue;
        if (base === null || criterionChanged(b!.c, t!.c)) {
          const section = keptSections.has(t!.section) ? t!.section : undefined;
          add(
            section ? `s:${section}.criteria` : "sections",
            `Criterion ${label}`,
            base === null
              ? `Criterion ${label} is in their version, not in yours; it stays removed.`
              : `You removed criterion ${label}, which they changed meanwhile; it stays removed.`,
          );
        }
        continue;
      }
      if (base === null && revived.get(m.section) === "theirs") {
        keptCriteria.set(key, m);
      } else if (base === null || criterionChanged(b!.c, m.c)) {
        keptCriteria.set(key, m);
        add(
          `c:${key}.name`,
          `Criterion ${label}`,
          "They removed this criterion; it is kept because you changed it. Remove it if theirs should stand.",
        );
      }
      continue;
    }
    const section = mergeField("section", b?.section, t.section, m.section).value;
    let merged = m.c;
    for (const field of CRITERION_FIELDS) {
      const r = mergeField(
        field,
        b ? criterionValue(b.c, field) : undefined,
        criterionValue(t.c, field),
        criterionValue(m.c, field),
      );
      merged = withCriterionValue(merged, field, r.value);
      if (r.clash) clashesOnCriterion.push({ key, field, label, message: r.clash });
    }
    keptCriteria.set(key, { c: merged, section });
  }
  for (const x of clashesOnCriterion) {
    const kept = keptCriteria.get(x.key);
    if (!kept || UNUSED[kept.c.kind].has(x.field)) continue;
    add(`c:${x.key}.${x.field}`, `${LABELS[x.field]} of ${x.label}`, x.message);
  }

  // Orders: the sections, then the criteria of each.
  const sectionOrder = mergeOrder(
    base?.sections.map((s) => s.key),
    theirs.sections.map((s) => s.key),
    mine.sections.map((s) => s.key),
    new Set(keptSections.keys()),
  );
  if (sectionOrder.clash)
    add("sections", "Order of the sections", "You and they both reordered the sections; your order is kept.");
  const keysIn = (draft: ChecklistDraft | null, section: string, revivedFrom?: ChecklistDraft | null) => {
    const s =
      draft?.sections.find((x) => x.key === section) ?? revivedFrom?.sections.find((x) => x.key === section);
    return s?.criteria.map((c) => c.key);
  };
  const sections: SectionDraft[] = sectionOrder.order.map((key) => {
    const s = keptSections.get(key)!;
    const survivors = new Set([...keptCriteria].filter(([, p]) => p.section === key).map(([k]) => k));
    const theirKeys = keysIn(theirs, key, revived.get(key) === "theirs" ? base : undefined) ?? [];
    const order = mergeOrder(keysIn(base, key), theirKeys, keysIn(mine, key) ?? [], survivors);
    if (order.clash) {
      add(
        `s:${key}.criteria`,
        `Order of the criteria in ${quote(s.name, "an unnamed section")}`,
        "You and they both reordered these criteria; your order is kept.",
      );
    }
    return { ...s, criteria: order.order.map((k) => keptCriteria.get(k)!.c) };
  });

  return { draft: { name, description, sections }, clashes };
}
