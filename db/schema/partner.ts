import { relations, sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt, version } from "../columns";
import {
  DOCUMENT_KINDS,
  HEADCOUNT_BANDS,
  MAINTENANCE_MODELS,
  PARTNER_TYPES,
  PROVIDERS,
  REFERENCE_STATUSES,
  SIZE_BANDS,
  SUPPORT_HOURS,
  TIERS,
  USE_CASES,
} from "../enums";
import { organisations } from "./org";

export const partnerTypeEnum = pgEnum("partner_type", PARTNER_TYPES);
export const headcountBandEnum = pgEnum("headcount_band", HEADCOUNT_BANDS);
export const tierEnum = pgEnum("network_tier", TIERS);
export const sizeBandEnum = pgEnum("size_band", SIZE_BANDS);
export const referenceUseCaseEnum = pgEnum("use_case", USE_CASES);
export const referenceStatusEnum = pgEnum("reference_status", REFERENCE_STATUSES);
export const providerEnum = pgEnum("model_provider", PROVIDERS);
export const supportHoursEnum = pgEnum("support_hours", SUPPORT_HOURS);
export const maintenanceModelEnum = pgEnum("maintenance_model", MAINTENANCE_MODELS);
export const documentKindEnum = pgEnum("document_kind", DOCUMENT_KINDS);

const orgRef = () =>
  uuid()
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" });

/**
 * One row per partner organisation: its facts, and `profileUpdatedAt`, touched in the same transaction as any
 * change to any claim (the directory sorts by it).
 */
export const partnerProfiles = pgTable(
  "partner_profiles",
  {
    organisationId: orgRef().primaryKey(),
    partnerType: partnerTypeEnum(),
    hqCountry: text(),
    regions: text().array().notNull().default(sql`'{}'::text[]`),
    headcountBand: headcountBandEnum(),
    website: text(),
    description: text(),
    version: version(),
    updatedAt: updatedAt(),
    profileUpdatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("partner_profiles_updated_idx").on(t.profileUpdatedAt)],
);

/** The network membership claim; no row = no claim (a tier of `none` is a claim). */
export const networkMemberships = pgTable("network_memberships", {
  organisationId: orgRef().primaryKey(),
  tier: tierEnum().notNull(),
  memberSince: date({ mode: "string" }),
  forwardDeployedExperts: boolean().notNull().default(false),
  version: version(),
  updatedAt: updatedAt(),
});

export const certifications = pgTable(
  "certifications",
  {
    id: id(),
    organisationId: orgRef(),
    track: text().notNull(),
    certifiedStaff: integer().notNull(),
    issuedOn: date({ mode: "string" }),
    expiresOn: date({ mode: "string" }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("certifications_org_idx").on(t.organisationId),
    check("certifications_staff_check", sql`${t.certifiedStaff} >= 0`),
  ],
);

export const specializations = pgTable(
  "specializations",
  {
    id: id(),
    organisationId: orgRef(),
    /** Built-in key (`codex`, `cybersecurity`, `ai_agents`) or the free-form name as typed. */
    name: text().notNull(),
    /** Lower-cased without spaces, dashes or underscores: one specialization of a name per partner. */
    nameKey: text().notNull(),
    achievedOn: date({ mode: "string" }),
    expiresOn: date({ mode: "string" }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("specializations_org_name_key").on(t.organisationId, t.nameKey),
    index("specializations_name_idx").on(t.nameKey),
  ],
);

export const referenceDeployments = pgTable(
  "reference_deployments",
  {
    id: id(),
    organisationId: orgRef(),
    /** Customer name or an anonymised label ("Top-10 Australian bank"). */
    customer: text().notNull(),
    industry: text().notNull(),
    sizeBand: sizeBandEnum().notNull(),
    useCase: referenceUseCaseEnum().notNull(),
    status: referenceStatusEnum().notNull(),
    goLiveOn: date({ mode: "string" }),
    providers: providerEnum().array().notNull().default(sql`'{}'`),
    referenceContact: boolean().notNull().default(false),
    summary: text(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("reference_deployments_org_idx").on(t.organisationId),
    index("reference_deployments_filter_idx").on(t.useCase, t.sizeBand),
  ],
);

/** Measured outcomes of a reference; replaced as a set with the reference they belong to. */
export const referenceOutcomes = pgTable(
  "reference_outcomes",
  {
    id: id(),
    referenceId: uuid()
      .notNull()
      .references(() => referenceDeployments.id, { onDelete: "cascade" }),
    organisationId: orgRef(),
    position: integer().notNull(),
    metric: text().notNull(),
    baseline: doublePrecision().notNull(),
    result: doublePrecision().notNull(),
    unit: text().notNull(),
  },
  (t) => [index("reference_outcomes_reference_idx").on(t.referenceId, t.position)],
);

export const modelProviderClaims = pgTable(
  "model_provider_claims",
  {
    id: id(),
    organisationId: orgRef(),
    provider: providerEnum().notNull(),
    productionDeployments: integer().notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("model_provider_claims_org_provider_key").on(t.organisationId, t.provider),
    check("model_provider_claims_count_check", sql`${t.productionDeployments} >= 0`),
  ],
);

/** Support terms; no row = no claim. */
export const supportTerms = pgTable("support_terms", {
  organisationId: orgRef().primaryKey(),
  supportHours: supportHoursEnum().notNull(),
  p1ResponseMinutes: integer().notNull(),
  p1ResolutionHours: integer().notNull(),
  warrantyDays: integer().notNull(),
  maintenanceModel: maintenanceModelEnum().notNull(),
  rollbackRunbook: boolean().notNull().default(false),
  monitoringIncluded: boolean().notNull().default(false),
  knowledgeTransfer: boolean().notNull().default(false),
  version: version(),
  updatedAt: updatedAt(),
});

export const practiceDocuments = pgTable(
  "practice_documents",
  {
    id: id(),
    organisationId: orgRef(),
    title: text().notNull(),
    kind: documentKindEnum().notNull(),
    summary: text().notNull().default(""),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("practice_documents_org_idx").on(t.organisationId)],
);

export const referenceDeploymentsRelations = relations(referenceDeployments, ({ many }) => ({
  outcomes: many(referenceOutcomes),
}));

export const referenceOutcomesRelations = relations(referenceOutcomes, ({ one }) => ({
  reference: one(referenceDeployments, {
    fields: [referenceOutcomes.referenceId],
    references: [referenceDeployments.id],
  }),
}));

export type PartnerProfileRow = typeof partnerProfiles.$inferSelect;
export type NetworkMembership = typeof networkMemberships.$inferSelect;
export type Certification = typeof certifications.$inferSelect;
export type Specialization = typeof specializations.$inferSelect;
export type ReferenceDeployment = typeof referenceDeployments.$inferSelect;
export type ReferenceOutcome = typeof referenceOutcomes.$inferSelect;
export type ModelProviderClaim = typeof modelProviderClaims.$inferSelect;
export type SupportTerms = typeof supportTerms.$inferSelect;
export type PracticeDocument = typeof practiceDocuments.$inferSelect;
