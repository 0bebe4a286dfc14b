import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id } from "../columns";
import { evaluationCandidates, evaluations } from "./evaluation";
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

/**
 * The decision that moved an evaluation to `decided` (docs/product.md "Decision"), with the frozen record: `comparisonJson`
 * is the exact text of the evaluation's `comparison.json` at that moment (the exports and the report read it, so
 * nothing that changes later anywhere alters them), `record` what the pages need beyond it (the engine's input, the
 * cited claims and evidence versions, this buyer's verifications of them, the declarations, the audit summary).
 * Written once, never updated.
 */
export const decisions = pgTable(
  "decisions",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    /** Candidate ids (evaluation_candidates) chosen. */
    chosenCandidateIds: uuid().array().notNull(),
    rationale: text().notNull(),
    /** By candidate id: why a disqualified candidate was chosen anyway. */
    overrides: jsonb().$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** What the decider was warned of and went on with: "not final", "not the leader". */
    warnings: text().array().notNull().default(sql`'{}'::text[]`),
    decidedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedByName: text().notNull(),
    decidedAt: createdAt(),
    comparisonJson: text().notNull(),
    record: jsonb().notNull(),
  },
  (t) => [uniqueIndex("decisions_evaluation_idx").on(t.evaluationId)],
);

/**
 * A buyer admin's review of a chosen partner's delivery at a milestone (docs/product.md "Delivery review"): quality,
 * schedule and cost on 1-5, the outcome against the baseline, whether it would engage the partner again. The
 * buyer's alone: shown beside the partner in its later comparisons, never to the partner or another buyer.
 */
export const deliveryReviews = pgTable(
  "delivery_reviews",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    candidateId: candidateRef(),
    partnerId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    milestone: text().notNull(),
    quality: integer().notNull(),
    schedule: integer().notNull(),
    cost: integer().notNull(),
    outcome: text().notNull(),
    wouldEngageAgain: boolean().notNull(),
    note: text().notNull().default(""),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("delivery_reviews_partner_idx").on(t.organisationId, t.partnerId),
    index("delivery_reviews_evaluation_idx").on(t.evaluationId),
    check(
      "delivery_reviews_ratings_check",
      sql`${t.quality} between 1 and 5 and ${t.schedule} between 1 and 5 and ${t.cost} between 1 and 5`,
    ),
  ],
);

/**
 * A debrief to a candidate not chosen (docs/product.md "Debrief"): a written text and, when the buyer chose to share them,
 * that candidate's own section scores as the decision froze them. The partner reads it under Requests; nothing else
 * of the evaluation reaches it. One per candidate, published once.
 */
export const debriefs = pgTable(
  "debriefs",
  {
    id: id(),
    organisationId: orgRef(),
    evaluationId: evaluationRef(),
    candidateId: candidateRef(),
    partnerId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    body: text().notNull(),
    /** `[{ section, score }]` (score on 0-100, null when not scored), or null when not shared. */
    sectionScores: jsonb().$type<{ section: string; score: number | null }[] | null>(),
    publishedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("debriefs_candidate_idx").on(t.candidateId),
    index("debriefs_partner_idx").on(t.partnerId, t.publishedAt),
  ],
);
