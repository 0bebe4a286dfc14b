import { sql } from "drizzle-orm";
import {
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt, version } from "../columns";
import { CRITERION_KINDS, DIRECTIONS, PROFILE_VALUE_FIELDS, SUGGESTION_RULES } from "../enums";
import { organisations, users } from "./org";

export const criterionKindEnum = pgEnum("criterion_kind", CRITERION_KINDS);
export const directionEnum = pgEnum("criterion_direction", DIRECTIONS);
export const suggestionRuleEnum = pgEnum("suggestion_rule", SUGGESTION_RULES);
export const profileValueFieldEnum = pgEnum("profile_value_field", PROFILE_VALUE_FIELDS);

const orgRef = () =>
  uuid()
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" });

/**
 * A buyer's own checklist template. The built-in one lives in code (app/domain/builtin-checklist.ts) and is never
 * stored. `version` guards the whole template: every save of its sections and criteria checks and increments it.
 */
export const checklistTemplates = pgTable(
  "checklist_templates",
  {
    id: id(),
    organisationId: orgRef(),
    name: text().notNull(),
    description: text().notNull().default(""),
    /** What it was copied from, as a label for people ("AI implementation partner due diligence"); null if empty. */
    copiedFrom: text(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("checklist_templates_org_idx").on(t.organisationId, t.name)],
);

export const templateSections = pgTable(
  "template_sections",
  {
    id: id(),
    organisationId: orgRef(),
    templateId: uuid()
      .notNull()
      .references(() => checklistTemplates.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    name: text().notNull(),
    description: text().notNull().default(""),
    weight: doublePrecision().notNull(),
  },
  (t) => [
    uniqueIndex("template_sections_position_idx").on(t.templateId, t.position),
    check("template_sections_weight_check", sql`${t.weight} >= 0`),
  ],
);

export const templateCriteria = pgTable(
  "template_criteria",
  {
    id: id(),
    organisationId: orgRef(),
    templateId: uuid()
      .notNull()
      .references(() => checklistTemplates.id, { onDelete: "cascade" }),
    sectionId: uuid()
      .notNull()
      .references(() => templateSections.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    name: text().notNull(),
    question: text().notNull(),
    kind: criterionKindEnum().notNull(),
    weight: doublePrecision().notNull(),
    max: integer().notNull().default(5),
    rubricLow: text().notNull().default(""),
    rubricMiddle: text().notNull().default(""),
    rubricHigh: text().notNull().default(""),
    knockout: doublePrecision(),
    suggestionRule: suggestionRuleEnum(),
    unit: text(),
    direction: directionEnum(),
    profileField: profileValueFieldEnum(),
  },
  (t) => [
    uniqueIndex("template_criteria_position_idx").on(t.sectionId, t.position),
    index("template_criteria_template_idx").on(t.templateId),
    check("template_criteria_weight_check", sql`${t.weight} >= 0`),
    check("template_criteria_max_check", sql`${t.max} between 1 and 100`),
    check(
      "template_criteria_kind_check",
      sql`(${t.kind} = 'rated' and ${t.direction} is null and ${t.unit} is null)
        or (${t.kind} = 'numeric' and ${t.direction} is not null and ${t.knockout} is null and ${t.suggestionRule} is null)`,
    ),
  ],
);
