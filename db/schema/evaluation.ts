import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt, version } from "../columns";
import { EVALUATION_STATUSES } from "../enums";
import { criterionKindEnum, directionEnum, profileValueFieldEnum, suggestionRuleEnum } from "./checklist";
import { organisations, users } from "./org";
import { referenceUseCaseEnum, sizeBandEnum } from "./partner";

export const evaluationStatusEnum = pgEnum("evaluation_status", EVALUATION_STATUSES);

const orgRef = () =>
  uuid()
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" });

/**
 * A buyer's sourcing exercise (docs/product.md "Evaluation"). `version` guards the evaluation's own fields, its status
 * and its frozen checklist; candidates, evaluators, declarations and scores have their own rows.
 */
export const evaluations = pgTable(
  "evaluations",
  {
    id: id(),
    organisationId: orgRef(),
    name: text().notNull(),
    industry: text(),
    sizeBand: sizeBandEnum(),
    useCases: referenceUseCaseEnum().array().notNull().default(sql`'{}'`),
    requiredSpecializations: text().array().notNull().default(sql`'{}'::text[]`),
    /** The last day, in the buyer's time zone (the deadline is the end of that day there). */
    deadlineOn: date({ mode: "string" }),
    minimumTotal: doublePrecision(),
    status: evaluationStatusEnum().notNull().default("draft"),
    /** The template's name when the checklist was copied, for people. */
    templateName: text(),
    clonedFromId: uuid(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    statusChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * When the evaluation first reached `review` (null: never). Viewers, exports and the end of blind scoring hang on
     * it, so that an evaluation cancelled during scoring stays as closed as it was.
     */
    reachedReviewAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("evaluations_org_idx").on(t.organisationId, t.status),
    check(
      "evaluations_minimum_check",
      sql`${t.minimumTotal} is null or (${t.minimumTotal} >= 0 and ${t.minimumTotal} <= 100)`,
    ),
  ],
);

const evaluationRef = () =>
  uuid()
    .notNull()
    .references(() => evaluations.id, { onDelete: "cascade" });

/** The evaluation's frozen copy of its template's sections. */
export const evaluationSections = pgTable(
  "evaluation_sections",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    position: integer().notNull(),
    name: text().notNull(),
    description: text().notNull().default(""),
    weight: doublePrecision().notNull(),
  },
  (t) => [
    uniqueIndex("evaluation_sections_position_idx").on(t.evaluationId, t.position),
    check("evaluation_sections_weight_check", sql`${t.weight} >= 0`),
  ],
);

export const evaluationCriteria = pgTable(
  "evaluation_criteria",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    sectionId: uuid()
      .notNull()
      .references(() => evaluationSections.id, { onDelete: "cascade" }),
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
    uniqueIndex("evaluation_criteria_position_idx").on(t.sectionId, t.position),
    index("evaluation_criteria_evaluation_idx").on(t.evaluationId),
    check("evaluation_criteria_weight_check", sql`${t.weight} >= 0`),
    check("evaluation_criteria_max_check", sql`${t.max} between 1 and 100`),
  ],
);

/** A shortlisted partner. Removed only in `draft`; later withdrawn (kept, out of the ranking and of every `best`). */
export const evaluationCandidates = pgTable(
  "evaluation_candidates",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    partnerId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    addedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    addedAt: createdAt(),
    withdrawnAt: timestamp({ withTimezone: true }),
    withdrawnReason: text(),
  },
  (t) => [
    uniqueIndex("evaluation_candidates_partner_idx").on(t.evaluationId, t.partnerId),
    index("evaluation_candidates_partner_lookup_idx").on(t.partnerId),
  ],
);

/**
 * An assignment. Unassigning (also by demotion to viewer or removal from the organisation) clears `active`: the
 * person's scores stay stored and return if it is assigned again.
 */
export const evaluationEvaluators = pgTable(
  "evaluation_evaluators",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    active: boolean().notNull().default(true),
    assignedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("evaluation_evaluators_user_idx").on(t.evaluationId, t.userId),
    index("evaluation_evaluators_user_lookup_idx").on(t.userId),
  ],
);

/**
 * A conflict-of-interest declaration. The newest per evaluator counts; it covers the candidates that existed when
 * it was made, so a candidate added later asks for a new one.
 */
export const conflictDeclarations = pgTable(
  "conflict_declarations",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Candidate ids (evaluation_candidates) this declaration was made about. */
    coveredCandidateIds: uuid().array().notNull(),
    /** Candidate ids declared as conflicts: empty for "no conflict". */
    conflictCandidateIds: uuid().array().notNull(),
    note: text().notNull().default(""),
    declaredAt: createdAt(),
  },
  (t) => [index("conflict_declarations_evaluator_idx").on(t.evaluationId, t.userId, t.declaredAt)],
);

/** One evaluator's integer on a rated criterion for one candidate, with its justification and cited evidence. */
export const scores = pgTable(
  "scores",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    candidateId: uuid()
      .notNull()
      .references(() => evaluationCandidates.id, { onDelete: "cascade" }),
    criterionId: uuid()
      .notNull()
      .references(() => evaluationCriteria.id, { onDelete: "cascade" }),
    evaluatorUserId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    value: integer().notNull(),
    justification: text().notNull(),
    /** Evidence versions the score cites (evidence_versions ids). */
    citedVersionIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    /** The suggestion the evaluator accepted, when it did (the score then equals it). */
    acceptedSuggestion: integer(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("scores_one_per_evaluator_idx").on(t.candidateId, t.criterionId, t.evaluatorUserId),
    index("scores_evaluation_idx").on(t.evaluationId),
    check("scores_value_check", sql`${t.value} >= 0`),
  ],
);

/** An evaluator's submission of one candidate (docs/product.md "Score"). */
export const candidateSubmissions = pgTable(
  "candidate_submissions",
  {
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    candidateId: uuid()
      .notNull()
      .references(() => evaluationCandidates.id, { onDelete: "cascade" }),
    evaluatorUserId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    submittedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.candidateId, t.evaluatorUserId] })],
);
