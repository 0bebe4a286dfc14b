// A three-way merge of the template editor's drafts: what a person typed (`mine`) over the checklist it started from
// (`base`), while someone else saved `theirs`. Field by field, keyed by section and criterion keys, so an edit on each
// side survives; where both changed the same thing differently, mine is kept and the clash is reported beside the
// field. Pure: the edit route runs it on a 409, the tests run it without a database.
import type { ChecklistDraft, CriterionDraft, SectionDraft } from "./checklist-draft";
import {
  CRITERION_FIELDS,
  type CriterionField,
  criterionChanged,
  criterionValue,
  LABELS,
  mergeField,
  mergeOrder,
  quote,
  SECTION_FIELDS,
  sectionChanged,
  sectionValue,
  UNUSED,
  withCriterionValue,
} from "./checklist-merge-fields";

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

/** Lists a clash, in the order the merge meets them. */
type AddClash = (field: string, where: string, message: string) => void;

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
  const add: AddClash = (field, where, message) => clashes.push({ field, where, message });

  const top = (field: "name" | "description", label: string) => {
    const merged = mergeField(field, base?.[field], theirs[field], mine[field]);
    if (merged.clash) add(field, label, merged.clash);
    return merged.value;
  };
  const name = top("name", "Template name");
  const description = top("description", "Template description");
  const sides = { base, theirs, mine };
  const kept = mergeSections(sides, add);
  const keptCriteria = mergeCriteria(sides, kept, add);
  const sections = orderSections(sides, kept, keptCriteria, add);
  return { draft: { name, description, sections }, clashes };
}

interface Sides {
  base: ChecklistDraft | null;
  theirs: ChecklistDraft;
  mine: ChecklistDraft;
}

interface KeptSections {
  sections: Map<string, Omit<SectionDraft, "criteria">>;
  /** Sections kept although one side removed them: that side's criteria in them count as unchanged. */
  revived: Map<string, "theirs" | "mine">;
  theirSections: Map<string, SectionDraft>;
  mySections: Map<string, SectionDraft>;
}

/** Which sections survive, with their own fields merged. */
function mergeSections({ base, theirs, mine }: Sides, add: AddClash): KeptSections {
  const baseSections = new Map(base?.sections.map((s) => [s.key, s]));
  const theirSections = new Map(theirs.sections.map((s) => [s.key, s]));
  const mySections = new Map(mine.sections.map((s) => [s.key, s]));
  const sectionKeys = [...new Set([...mySections.keys(), ...theirSections.keys(), ...baseSections.keys()])];
  const keptSections = new Map<string, Omit<SectionDraft, "criteria">>();
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
    keptSections.set(key, mergeSectionFields(key, b, t, m, label, add));
  }
  return { sections: keptSections, revived, theirSections, mySections };
}

function mergeSectionFields(
  key: string,
  b: SectionDraft | undefined,
  t: SectionDraft,
  m: SectionDraft,
  label: string,
  add: AddClash,
): Omit<SectionDraft, "criteria"> {
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
  return merged;
}

type Placed = { c: CriterionDraft; section: string };

const criteriaOf = (draft: ChecklistDraft | null) =>
  new Map<string, Placed>(
    draft?.sections.flatMap((s) => s.criteria.map((c) => [c.key, { c, section: s.key }])),
  );

/** Criteria, by key across sections: which survive, where, with their fields merged. */
function mergeCriteria(
  { base, theirs, mine }: Sides,
  kept: KeptSections,
  add: AddClash,
): Map<string, Placed> {
  const baseCriteria = criteriaOf(base);
  const theirCriteria = criteriaOf(theirs);
  const myCriteria = criteriaOf(mine);
  // A side that removed a section the merge keeps left its criteria alone.
  for (const [key, b] of baseCriteria) {
    const side = kept.revived.get(b.section);
    if (side === "theirs" && !theirCriteria.has(key) && !kept.theirSections.has(b.section))
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
        if (!kept.mySections.has(t!.section)) continue;
        if (base === null || criterionChanged(b!.c, t!.c)) {
          const section = kept.sections.has(t!.section) ? t!.section : undefined;
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
      if (base === null && kept.revived.get(m.section) === "theirs") {
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
    const placed = keptCriteria.get(x.key);
    if (!placed || UNUSED[placed.c.kind].has(x.field)) continue;
    add(`c:${x.key}.${x.field}`, `${LABELS[x.field]} of ${x.label}`, x.message);
  }
  return keptCriteria;
}

/** Orders: the sections, then the criteria of each. */
function orderSections(
  { base, theirs, mine }: Sides,
  kept: KeptSections,
  keptCriteria: Map<string, Placed>,
  add: AddClash,
): SectionDraft[] {
  const sectionOrder = mergeOrder(
    base?.sections.map((s) => s.key),
    theirs.sections.map((s) => s.key),
    mine.sections.map((s) => s.key),
    new Set(kept.sections.keys()),
  );
  if (sectionOrder.clash)
    add("sections", "Order of the sections", "You and they both reordered the sections; your order is kept.");
  const keysIn = (draft: ChecklistDraft | null, section: string, revivedFrom?: ChecklistDraft | null) => {
    const s =
      draft?.sections.find((x) => x.key === section) ?? revivedFrom?.sections.find((x) => x.key === section);
    return s?.criteria.map((c) => c.key);
  };
  return sectionOrder.order.map((key) => {
    const s = kept.sections.get(key)!;
    const survivors = new Set([...keptCriteria].filter(([, p]) => p.section === key).map(([k]) => k));
    const theirKeys = keysIn(theirs, key, kept.revived.get(key) === "theirs" ? base : undefined) ?? [];
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
}
