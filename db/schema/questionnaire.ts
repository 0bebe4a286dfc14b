import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt, version } from "../columns";
import type { AnswerType, ProfileClaim } from "../enums";

export { ANSWER_TYPES, type AnswerType, PROFILE_CLAIMS, type ProfileClaim } from "../enums";

import { evaluationCandidates, evaluationCriteria, evaluations } from "./evaluation";
import { organisations, users } from "./org";

// Questionnaires (DESIGN.md part 2 "Questionnaires"): the buyer's questions to the shortlist, each candidate's answers
// saved one question at a time, submitted as revisions, sealed until the deadline passes or every candidate submitted.

const orgRef = () =>
  uuid()
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" });
const evaluationRef = () =>
  uuid()
    .notNull()
    .references(() => evaluations.id, { onDelete: "cascade" });

/**
 * One evaluation's questionnaire (at most one). `version` guards its settings and publication; `publishedAt` null
 * while the buyer builds it. The deadline is the last day in the buyer's time zone; a candidate's own extension is on
 * its response.
 */
export const questionnaires = pgTable(
  "questionnaires",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    /** Sealed responses (on by default): buyers see who submitted, not the answers, until they unseal. */
    sealed: boolean().notNull().default(true),
    deadlineOn: date({ mode: "string" }),
    publishedAt: timestamp({ withTimezone: true }),
    publishedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** How many addenda were published after the questionnaire (questions carry theirs). */
    addenda: integer().notNull().default(0),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("questionnaires_evaluation_key").on(t.evaluationId)],
);

/**
 * A question. Those of counted criteria (`criterionId`) are copied from the checklist at publication; the buyer's own
 * (no criterion) are for information, not scored. `addendum` 0 is the questionnaire as published, n its n-th
 * addendum. A published question never changes (`publishedAt` set): only unpublished ones are edited or removed.
 */
export const questionnaireQuestions = pgTable(
  "questionnaire_questions",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    questionnaireId: uuid()
      .notNull()
      .references(() => questionnaires.id, { onDelete: "cascade" }),
    criterionId: uuid().references(() => evaluationCriteria.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    addendum: integer().notNull().default(0),
    prompt: text().notNull(),
    answerType: text().$type<AnswerType>().notNull(),
    /** Text: the most characters an answer may have. */
    maxLength: integer(),
    /** Number: its unit (a numeric criterion's). */
    unit: text(),
    /** One choice, several choices: the options, in order. */
    choices: text().array().notNull().default(sql`'{}'::text[]`),
    required: boolean().notNull().default(true),
    profileClaim: text().$type<ProfileClaim>(),
    publishedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("questionnaire_questions_questionnaire_idx").on(t.questionnaireId, t.position),
    check(
      "questionnaire_questions_type_check",
      sql`${t.answerType} in ('text', 'number', 'yes_no', 'one_choice', 'many_choices', 'date', 'evidence')`,
    ),
    check("questionnaire_questions_max_length_check", sql`${t.maxLength} is null or ${t.maxLength} > 0`),
  ],
);

/**
 * A candidate's response: its own deadline (the questionnaire's, or an extension), and where it stands. `submitted`
 * is the latest revision's number (0: never submitted); `reopenedAt` set while a submitted response is reopened.
 */
export const questionnaireResponses = pgTable(
  "questionnaire_responses",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    questionnaireId: uuid()
      .notNull()
      .references(() => questionnaires.id, { onDelete: "cascade" }),
    candidateId: uuid()
      .notNull()
      .references(() => evaluationCandidates.id, { onDelete: "cascade" }),
    partnerId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    deadlineOn: date({ mode: "string" }).notNull(),
    extendedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    submitted: integer().notNull().default(0),
    submittedAt: timestamp({ withTimezone: true }),
    reopenedAt: timestamp({ withTimezone: true }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("questionnaire_responses_candidate_key").on(t.questionnaireId, t.candidateId),
    index("questionnaire_responses_partner_idx").on(t.partnerId),
  ],
);

/**
 * One answer as the partner drafts it, saved one question at a time; `version` makes two partner members editing it
 * see each other's change. `value` by answer type: text, number, boolean, string, string[], date (YYYY-MM-DD), or
 * null for evidence (`evidenceIds`). `prefilledFrom` and `claimDate`: copied from the profile, and the claim's date.
 */
export const questionnaireAnswers = pgTable(
  "questionnaire_answers",
  {
    id: id(),
    responseId: uuid()
      .notNull()
      .references(() => questionnaireResponses.id, { onDelete: "cascade" }),
    questionId: uuid()
      .notNull()
      .references(() => questionnaireQuestions.id, { onDelete: "cascade" }),
    partnerId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    value: jsonb().$type<unknown>(),
    evidenceIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    prefilledFrom: text().$type<ProfileClaim>(),
    claimDate: date({ mode: "string" }),
    updatedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("questionnaire_answers_question_key").on(t.responseId, t.questionId)],
);

/**
 * A submission, kept whole: every answer as it was (`answers`: question id to value, evidence ids, pre-fill), so the
 * buyer reads the latest and sees that it changed, and the decision freezes one. `afterUnsealing`: submitted once the
 * responses were open to the buyer (flagged and audited).
 */
export const questionnaireRevisions = pgTable(
  "questionnaire_revisions",
  {
    id: id(),
    responseId: uuid()
      .notNull()
      .references(() => questionnaireResponses.id, { onDelete: "cascade" }),
    number: integer().notNull(),
    answers: jsonb()
      .$type<
        Record<
          string,
          {
            value: unknown;
            evidenceIds: string[];
            prefilledFrom: ProfileClaim | null;
            claimDate: string | null;
          }
        >
      >()
      .notNull(),
    afterUnsealing: boolean().notNull().default(false),
    submittedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("questionnaire_revisions_number_key").on(t.responseId, t.number)],
);

/**
 * A candidate's question about the questionnaire. Only the buyer's admins and assigned evaluators see who asked; an
 * admin answers it privately (`published` false) or to every candidate without the asker's name.
 */
export const questionnaireClarifications = pgTable(
  "questionnaire_clarifications",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    questionnaireId: uuid()
      .notNull()
      .references(() => questionnaires.id, { onDelete: "cascade" }),
    candidateId: uuid()
      .notNull()
      .references(() => evaluationCandidates.id, { onDelete: "cascade" }),
    askedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    question: text().notNull(),
    answer: text(),
    answeredByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    answeredAt: timestamp({ withTimezone: true }),
    published: boolean().notNull().default(false),
    version: version(),
    createdAt: createdAt(),
  },
  (t) => [index("questionnaire_clarifications_questionnaire_idx").on(t.questionnaireId, t.createdAt)],
);
