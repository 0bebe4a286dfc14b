import { sql } from "drizzle-orm";
import {
  check,
  date,
  doublePrecision,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt, version } from "../columns";
import { profileValueFieldEnum } from "./checklist";
import { evaluationCandidates, evaluationCriteria, evaluations } from "./evaluation";
import { organisations, users } from "./org";

const orgRef = () =>
  uuid()
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" });
const evaluationRef = () =>
  uuid()
    .notNull()
    .references(() => evaluations.id, { onDelete: "cascade" });
const candidateRef = () =>
  uuid()
    .notNull()
    .references(() => evaluationCandidates.id, { onDelete: "cascade" });
const criterionRef = () =>
  uuid()
    .notNull()
    .references(() => evaluationCriteria.id, { onDelete: "cascade" });

/**
 * A candidate's value on a numeric criterion (docs/product.md "numeric"): entered by a buyer admin, or copied from the
 * partner's profile (`profileField` and `copiedAt` say from where and when; "refresh from profile" copies again).
 */
export const numericValues = pgTable(
  "numeric_values",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    candidateId: candidateRef(),
    criterionId: criterionRef(),
    value: doublePrecision().notNull(),
    profileField: profileValueFieldEnum(),
    copiedAt: timestamp({ withTimezone: true }),
    updatedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("numeric_values_one_idx").on(t.candidateId, t.criterionId),
    index("numeric_values_evaluation_idx").on(t.evaluationId),
    check("numeric_values_positive_check", sql`${t.value} > 0`),
  ],
);

/**
 * A buyer admin's consensus score in `review` (docs/product.md "Consensus score"): 0 to the criterion's maximum with at
 * most one decimal, with its rationale; it replaces the mean and survives a return to `scoring`.
 */
export const consensusScores = pgTable(
  "consensus_scores",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    candidateId: candidateRef(),
    criterionId: criterionRef(),
    value: doublePrecision().notNull(),
    rationale: text().notNull(),
    setByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("consensus_scores_one_idx").on(t.candidateId, t.criterionId),
    index("consensus_scores_evaluation_idx").on(t.evaluationId),
    check("consensus_scores_value_check", sql`${t.value} >= 0`),
  ],
);

export const evidenceRequestStatusEnum = pgEnum("evidence_request_status", ["open", "answered", "closed"]);

/**
 * A buyer asks a candidate's partner for evidence on one criterion (docs/product.md "Evidence request"). The partner sees
 * which buyer asks and the criterion's question, never weights or scores. `organisationId` is the asking buyer's.
 */
export const evidenceRequests = pgTable(
  "evidence_requests",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    candidateId: candidateRef(),
    criterionId: criterionRef(),
    partnerId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    message: text().notNull(),
    /** The last day, in the buyer's time zone. */
    dueOn: date({ mode: "string" }).notNull(),
    status: evidenceRequestStatusEnum().notNull().default("open"),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** The partner's answer: a note and the evidence it attached (evidence ids). */
    answerNote: text(),
    answerEvidenceIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    answeredByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    answeredAt: timestamp({ withTimezone: true }),
    closedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    closedAt: timestamp({ withTimezone: true }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("evidence_requests_buyer_idx").on(t.organisationId, t.evaluationId),
    index("evidence_requests_partner_idx").on(t.partnerId, t.status),
    index("evidence_requests_candidate_idx").on(t.candidateId, t.criterionId),
  ],
);
