// What changed between two saved versions of a checklist, in words: the audit log and the conflict message say it.
import {
  CHECKLIST_LABELS,
  type Checklist,
  type ProfileValueField,
  rubricLevels,
  type SuggestionRule,
} from "./checklist";
import { plural } from "./words";

const quote = (name: string) => `“${name}”`;
const orNone = (value: string | number | null) => (value === null || value === "" ? "none" : String(value));

type Section = Checklist["sections"][number];
type Criterion = Section["criteria"][number];

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
        `Added section ${quote(s.name)} (weight ${s.weight}, ${plural(s.criteria.length, "criterion", "criteria")}).`,
      );
      continue;
    }
    lines.push(...sectionChanges(old, s));
    for (const c of s.criteria) {
      const was = beforeCriteria.get(c.key);
      if (!was) {
        lines.push(
          `Section ${quote(s.name)}: added criterion ${quote(c.name)} (${CHECKLIST_LABELS.kind[c.kind].toLowerCase()}, weight ${c.weight}).`,
        );
        continue;
      }
      if (was.section.key !== s.key) lines.push(`Moved criterion ${quote(c.name)} to ${quote(s.name)}.`);
      lines.push(...criterionChanges(was.c, c, s));
    }
  }
  return lines;
}

/** A kept section's own changes: its name, description, weight and the order of its kept criteria. */
function sectionChanges(old: Section, s: Section): string[] {
  const lines: string[] = [];
  const label = `Section ${quote(s.name)}`;
  if (old.name !== s.name) lines.push(`Renamed section ${quote(old.name)} to ${quote(s.name)}.`);
  if (old.description !== s.description) lines.push(`${label}: changed the description.`);
  if (old.weight !== s.weight) lines.push(`${label}: weight ${old.weight} → ${s.weight}.`);
  const oldOrder = old.criteria.map((c) => c.key).filter((k) => s.criteria.some((c) => c.key === k));
  const newOrder = s.criteria.map((c) => c.key).filter((k) => old.criteria.some((c) => c.key === k));
  if (oldOrder.join("\n") !== newOrder.join("\n")) lines.push(`${label}: reordered the criteria.`);
  return lines;
}

/** A kept criterion's changes, field by field (`s` is the section it is in now). */
function criterionChanges(o: Criterion, c: Criterion, s: Section): string[] {
  const lines: string[] = [];
  const at = `${quote(c.name)} in ${quote(s.name)}`;
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
  if (o.knockout !== c.knockout) lines.push(`${at}: knockout ${orNone(o.knockout)} → ${orNone(c.knockout)}.`);
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
  return lines;
}
