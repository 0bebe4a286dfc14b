// The template editor's form as a browser sends it, from a draft.
import type { ChecklistDraft } from "../app/domain/checklist-draft";

export function checklistForm(
  draft: ChecklistDraft,
  extra: Record<string, string> = {},
): Record<string, string> {
  const form: Record<string, string> = { name: draft.name, description: draft.description };
  draft.sections.forEach((s, i) => {
    const at = `sections.${i}`;
    Object.assign(form, {
      [`${at}.key`]: s.key,
      [`${at}.name`]: s.name,
      [`${at}.description`]: s.description,
      [`${at}.weight`]: s.weight,
    });
    s.criteria.forEach((c, j) => {
      const cat = `${at}.criteria.${j}`;
      Object.assign(form, {
        [`${cat}.key`]: c.key,
        [`${cat}.name`]: c.name,
        [`${cat}.question`]: c.question,
        [`${cat}.kind`]: c.kind,
        [`${cat}.weight`]: c.weight,
        [`${cat}.max`]: c.max,
        [`${cat}.rubric.low`]: c.rubric.low,
        [`${cat}.rubric.middle`]: c.rubric.middle,
        [`${cat}.rubric.high`]: c.rubric.high,
        [`${cat}.knockout`]: c.knockout,
        [`${cat}.suggestionRule`]: c.suggestionRule,
        [`${cat}.unit`]: c.unit,
        [`${cat}.direction`]: c.direction,
        [`${cat}.profileField`]: c.profileField,
      });
    });
  });
  return { ...form, intent: "save", ...extra };
}
