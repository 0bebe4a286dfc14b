// A checklist as table rows and back: templates (template_sections/criteria) and evaluations' frozen copies
// (evaluation_sections/criteria) share these columns, and only their owner column differs.
import { randomUUID } from "node:crypto";
import type { Checklist, ChecklistCriterion } from "../domain/checklist";

export interface SectionRow {
  id: string;
  position: number;
  name: string;
  description: string;
  weight: number;
}

export interface CriterionRow {
  id: string;
  sectionId: string;
  position: number;
  name: string;
  question: string;
  kind: ChecklistCriterion["kind"];
  weight: number;
  max: number;
  rubricLow: string;
  rubricMiddle: string;
  rubricHigh: string;
  knockout: number | null;
  suggestionRule: ChecklistCriterion["suggestionRule"];
  unit: string | null;
  direction: ChecklistCriterion["direction"];
  profileField: ChecklistCriterion["profileField"];
}

/**
 * The rows of a checklist, in order. `keep` names the keys that are ids of rows being replaced (they keep them);
 * every other key gets a fresh id. Fields a kind does not use are stored empty.
 */
export function checklistRows(
  checklist: Checklist,
  keep: ReadonlySet<string> = new Set(),
): { sections: SectionRow[]; criteria: CriterionRow[] } {
  const idFor = (key: string) => (keep.has(key) ? key : randomUUID());
  const sections = checklist.sections.map((s, position) => ({
    id: idFor(s.key),
    position,
    name: s.name,
    description: s.description,
    weight: s.weight,
  }));
  const criteria = checklist.sections.flatMap((s, i) =>
    s.criteria.map((c, position) => ({
      id: idFor(c.key),
      sectionId: sections[i].id,
      position,
      name: c.name,
      question: c.question,
      kind: c.kind,
      weight: c.weight,
      max: c.max,
      rubricLow: c.rubric.low,
      rubricMiddle: c.rubric.middle,
      rubricHigh: c.rubric.high,
      knockout: c.kind === "rated" ? c.knockout : null,
      suggestionRule: c.kind === "rated" ? c.suggestionRule : null,
      unit: c.kind === "numeric" ? c.unit : null,
      direction: c.kind === "numeric" ? (c.direction ?? "lower") : null,
      profileField: c.kind === "numeric" ? c.profileField : null,
    })),
  );
  return { sections, criteria };
}

/** The checklist stored in rows (sections and criteria each ordered by position). */
export function checklistFromRows(
  head: Pick<Checklist, "name" | "description">,
  sections: readonly SectionRow[],
  criteria: readonly CriterionRow[],
): Checklist {
  return {
    ...head,
    sections: sections.map((s) => ({
      key: s.id,
      name: s.name,
      description: s.description,
      weight: s.weight,
      criteria: criteria
        .filter((c) => c.sectionId === s.id)
        .map((c) => ({
          key: c.id,
          name: c.name,
          question: c.question,
          kind: c.kind,
          weight: c.weight,
          max: c.max,
          rubric: { low: c.rubricLow, middle: c.rubricMiddle, high: c.rubricHigh },
          knockout: c.knockout,
          suggestionRule: c.suggestionRule,
          unit: c.unit,
          direction: c.direction,
          profileField: c.profileField,
        })),
    })),
  };
}
