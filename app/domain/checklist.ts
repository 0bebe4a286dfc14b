// Checklist templates (docs/product.md "Checklist template", rule 10). Pure: shared by the database layer, the server's
// validation, the template editor in the browser and the scoring engine.

import { CRITERION_KINDS, DIRECTIONS, PROFILE_VALUE_FIELDS, SUGGESTION_RULES } from "../../db/enums";
import { criterionMax, DEFAULT_MAX, type SectionInput, validateWeights } from "./scoring";

export { CRITERION_KINDS, DIRECTIONS, PROFILE_VALUE_FIELDS, SUGGESTION_RULES };

export type CriterionKind = (typeof CRITERION_KINDS)[number];
export type ChecklistDirection = (typeof DIRECTIONS)[number];
export type SuggestionRule = (typeof SUGGESTION_RULES)[number];
export type ProfileValueField = (typeof PROFILE_VALUE_FIELDS)[number];

/** NOTE: docs/product.md: a rated criterion's maximum is 1 to 100. */
export const MAX_SCALE = 100;
export const NAME_LIMIT = 120;
export const QUESTION_LIMIT = 600;
export const RUBRIC_LIMIT = 600;
export const DESCRIPTION_LIMIT = 1000;
export const UNIT_LIMIT = 30;
/** Structure limits: a template stays something a person can read and an evaluator can score. */
export const SECTION_LIMIT = 20;
export const CRITERIA_PER_SECTION_LIMIT = 30;
/** NOTE: weights are plain numbers; this bound keeps them readable and their sums exact in double precision. */
export const WEIGHT_LIMIT = 10_000;

export const CHECKLIST_LABELS = {
  kind: { rated: "Rated", numeric: "Numeric" } satisfies Record<CriterionKind, string>,
  direction: { lower: "Lower is better", higher: "Higher is better" } satisfies Record<
    ChecklistDirection,
    string
  >,
  suggestionRule: {
    tier: "Network tier",
    specialization_coverage: "Specialization coverage",
    comparable_references: "Comparable references",
    provider_breadth: "Provider breadth",
    support_terms: "Support terms",
  } satisfies Record<SuggestionRule, string>,
  profileField: {
    p1_response_minutes: "P1 response (minutes)",
    p1_resolution_hours: "P1 resolution (hours)",
    warranty_days: "Warranty (days)",
  } satisfies Record<ProfileValueField, string>,
};

export interface ChecklistCriterion {
  /** Stable within its checklist: a row id, or a readable key in the built-in checklist. */
  key: string;
  name: string;
  /** What the evaluator judges. */
  question: string;
  kind: CriterionKind;
  weight: number;
  /** `M_c`: 1-100 for rated criteria, 5 by default. */
  max: number;
  /** Rubric sentences for 0, the middle level (`round(M_c/2)`) and `M_c`; empty strings for numeric criteria. */
  rubric: { low: string; middle: string; high: string };
  /** Rated only: `S(c,p)` below it disqualifies. */
  knockout: number | null;
  /** Rated only. */
  suggestionRule: SuggestionRule | null;
  /** Numeric only. */
  unit: string | null;
  direction: ChecklistDirection | null;
  profileField: ProfileValueField | null;
}

export interface ChecklistSection {
  key: string;
  name: string;
  description: string;
  weight: number;
  criteria: ChecklistCriterion[];
}

export interface Checklist {
  name: string;
  description: string;
  sections: ChecklistSection[];
}

/** The rubric's three levels on a scale of 0-`max`: 0, `round(max/2)` (halves up), `max`. */
export function rubricLevels(max: number): { low: number; middle: number; high: number } {
  return { low: 0, middle: Math.round(max / 2), high: max };
}

/** The checklist as the scoring engine reads it. */
export function toScoringSections(checklist: Pick<Checklist, "sections">): SectionInput[] {
  return checklist.sections.map((s) => ({
    id: s.key,
    name: s.name,
    weight: s.weight,
    criteria: s.criteria.map((c) =>
      c.kind === "numeric"
        ? {
            id: c.key,
            weight: c.weight,
            kind: "numeric" as const,
            max: c.max,
            direction: c.direction ?? "lower",
          }
        : {
            id: c.key,
            weight: c.weight,
            kind: "rated" as const,
            max: c.max,
            ...(c.knockout !== null ? { knockout: c.knockout } : {}),
          },
    ),
  }));
}

export interface EffectiveWeights {
  /** A section's share of the total weight (0-1); 0 for weight-0 sections. */
  sections: Map<string, number>;
  /** A criterion's share of its section (0-1). */
  withinSection: Map<string, number>;
  /** `ew_c` (rule 5): its share of the whole checklist (0-1); 0 when it or its section weighs 0. */
  criteria: Map<string, number>;
}

/**
 * Normalised weights (rule 5 and 10). Tolerates invalid input (it runs while a person types): non-finite or negative
 * weights count as 0, and a group whose weights sum to 0 gets 0 everywhere.
 */
export function effectiveWeights(checklist: Pick<Checklist, "sections">): EffectiveWeights {
  const positive = (w: number) => (Number.isFinite(w) && w > 0 ? w : 0);
  const sectionSum = checklist.sections.reduce((sum, s) => sum + positive(s.weight), 0);
  const result: EffectiveWeights = { sections: new Map(), withinSection: new Map(), criteria: new Map() };
  for (const s of checklist.sections) {
    const share = sectionSum > 0 ? positive(s.weight) / sectionSum : 0;
    result.sections.set(s.key, share);
    const criterionSum = s.criteria.reduce((sum, c) => sum + positive(c.weight), 0);
    for (const c of s.criteria) {
      const within = criterionSum > 0 ? positive(c.weight) / criterionSum : 0;
      result.withinSection.set(c.key, within);
      result.criteria.set(c.key, share * within);
    }
  }
  return result;
}

export interface ChecklistMessage {
  /**
   * Where the message belongs, as the editor's field names use it: `name`, `sections`, `sections.0.weight`,
   * `sections.0.criteria.2.knockout`, ...
   */
  path: string;
  message: string;
}

const blank = (text: string | null | undefined) => !text || text.trim() === "";

/**
 * Everything a checklist must satisfy before it is saved: rule 10 on weights, names, questions, scales, rubrics
 * (0, middle and maximum for rated criteria), knockout thresholds within the scale, and the fields each kind needs.
 */
export function validateChecklist(checklist: Checklist): ChecklistMessage[] {
  const messages: ChecklistMessage[] = [];
  const add = (path: string, message: string) => messages.push({ path, message });
  if (blank(checklist.name)) add("name", "Give the template a name.");
  else if (checklist.name.trim().length > NAME_LIMIT) add("name", `Use at most ${NAME_LIMIT} characters.`);
  if (checklist.description.length > DESCRIPTION_LIMIT) {
    add("description", `Use at most ${DESCRIPTION_LIMIT} characters.`);
  }
  if (checklist.sections.length === 0) add("sections", "Add at least one section.");
  if (checklist.sections.length > SECTION_LIMIT)
    add("sections", `A template holds at most ${SECTION_LIMIT} sections.`);

  checklist.sections.forEach((section, i) => {
    const at = `sections.${i}`;
    if (blank(section.name)) add(`${at}.name`, "Give the section a name.");
    else if (section.name.trim().length > NAME_LIMIT)
      add(`${at}.name`, `Use at most ${NAME_LIMIT} characters.`);
    if (section.description.length > DESCRIPTION_LIMIT) {
      add(`${at}.description`, `Use at most ${DESCRIPTION_LIMIT} characters.`);
    }
    if (Number.isFinite(section.weight) && section.weight > WEIGHT_LIMIT) {
      add(`${at}.weight`, `Use a weight of at most ${WEIGHT_LIMIT.toLocaleString("en")}.`);
    }
    if (section.criteria.length > CRITERIA_PER_SECTION_LIMIT) {
      add(`${at}.criteria`, `A section holds at most ${CRITERIA_PER_SECTION_LIMIT} criteria.`);
    }
    section.criteria.forEach((c, j) => {
      const cat = `${at}.criteria.${j}`;
      if (blank(c.name)) add(`${cat}.name`, "Give the criterion a short name.");
      else if (c.name.trim().length > NAME_LIMIT) add(`${cat}.name`, `Use at most ${NAME_LIMIT} characters.`);
      if (blank(c.question)) add(`${cat}.question`, "Write the question the evaluator answers.");
      else if (c.question.length > QUESTION_LIMIT)
        add(`${cat}.question`, `Use at most ${QUESTION_LIMIT} characters.`);
      if (Number.isFinite(c.weight) && c.weight > WEIGHT_LIMIT) {
        add(`${cat}.weight`, `Use a weight of at most ${WEIGHT_LIMIT.toLocaleString("en")}.`);
      }
      const maxOk = Number.isInteger(c.max) && c.max >= 1 && c.max <= MAX_SCALE;
      if (!maxOk) add(`${cat}.max`, `The maximum is a whole number from 1 to ${MAX_SCALE}.`);
      if (c.kind === "rated") {
        if (maxOk) {
          const levels = rubricLevels(c.max);
          for (const level of ["low", "middle", "high"] as const) {
            const text = c.rubric[level];
            if (blank(text)) add(`${cat}.rubric.${level}`, `Describe what a ${levels[level]} looks like.`);
            else if (text.length > RUBRIC_LIMIT)
              add(`${cat}.rubric.${level}`, `Use at most ${RUBRIC_LIMIT} characters.`);
          }
        }
        if (c.knockout !== null) {
          if (!Number.isFinite(c.knockout) || c.knockout <= 0 || (maxOk && c.knockout > c.max)) {
            add(
              `${cat}.knockout`,
              maxOk
                ? `A knockout threshold is above 0 and at most the maximum, ${c.max}.`
                : "A knockout threshold is above 0 and at most the maximum.",
            );
          }
        }
      } else {
        if (blank(c.unit)) add(`${cat}.unit`, "Name the unit, for example “USD per day”.");
        else if ((c.unit ?? "").length > UNIT_LIMIT)
          add(`${cat}.unit`, `Use at most ${UNIT_LIMIT} characters.`);
        if (c.direction === null)
          add(`${cat}.direction`, "Choose whether lower or higher values are better.");
        if (c.knockout !== null) add(`${cat}.knockout`, "Only rated criteria carry a knockout threshold.");
        if (c.suggestionRule !== null)
          add(`${cat}.suggestionRule`, "Only rated criteria carry a suggestion rule.");
      }
    });
  });

  for (const m of validateWeights(checklist.sections)) {
    // A weight above the limit was reported already; rule 10's paths are the editor's own.
    if (!messages.some((x) => x.path === m.path)) messages.push(m);
  }
  return messages;
}

/** A new, empty criterion of the given kind, valid once its name, question and rubric are written. */
export function blankCriterion(key: string, kind: CriterionKind = "rated"): ChecklistCriterion {
  return {
    key,
    name: "",
    question: "",
    kind,
    weight: 1,
    max: DEFAULT_MAX,
    rubric: { low: "", middle: "", high: "" },
    knockout: null,
    suggestionRule: null,
    unit: kind === "numeric" ? "" : null,
    direction: kind === "numeric" ? "lower" : null,
    profileField: null,
  };
}

export function blankSection(key: string): ChecklistSection {
  return { key, name: "", description: "", weight: 0, criteria: [] };
}

export { criterionMax };
