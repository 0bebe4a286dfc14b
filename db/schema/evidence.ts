import { relations, sql } from "drizzle-orm";
import {
  bigserial,
  check,
  customType,
  date,
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
import { organisations, users } from "./org";

/** Bytes, as PostgreSQL `bytea` (both drivers hand back a Buffer/Uint8Array). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/** Which kind of claim a piece of evidence supports (docs/product.md "Evidence": attached to one claim). */
export const claimKindEnum = pgEnum("claim_kind", [
  "membership",
  "certification",
  "specialization",
  "reference",
  "provider",
  "support",
  "document",
]);
export const evidenceVisibilityEnum = pgEnum("evidence_visibility", ["all_buyers", "restricted"]);
export const verificationStatusEnum = pgEnum("verification_status", ["verified", "rejected"]);

/**
 * Evidence a partner attaches to one claim: a file (with versions) or a link. `claimId` is null for the claims a
 * partner has at most one of (membership, support terms). Deleting sets `deletedAt`: the evidence leaves the
 * directory but stays for the decision records that cited it.
 */
export const evidence = pgTable(
  "evidence",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    claimKind: claimKindEnum().notNull(),
    claimId: uuid(),
    title: text().notNull(),
    /** `file` evidence has versions with bytes; `link` evidence has versions with a URL (never fetched). */
    kind: text().notNull(),
    effectiveFrom: date({ mode: "string" }),
    effectiveTo: date({ mode: "string" }),
    visibility: evidenceVisibilityEnum().notNull().default("all_buyers"),
    currentVersionId: uuid(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    deletedAt: timestamp({ withTimezone: true }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("evidence_org_claim_idx").on(t.organisationId, t.claimKind, t.claimId),
    check("evidence_kind_check", sql`${t.kind} in ('file', 'link')`),
    check(
      "evidence_period_check",
      sql`${t.effectiveTo} is null or ${t.effectiveFrom} is null or ${t.effectiveTo} >= ${t.effectiveFrom}`,
    ),
  ],
);

/** One version of a piece of evidence: a stored file (bytes in evidence_blobs) or a link. */
export const evidenceVersions = pgTable(
  "evidence_versions",
  {
    id: id(),
    evidenceId: uuid()
      .notNull()
      .references(() => evidence.id, { onDelete: "cascade" }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    number: integer().notNull(),
    fileName: text(),
    mimeType: text(),
    sizeBytes: integer(),
    sha256: text(),
    url: text(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("evidence_versions_number_key").on(t.evidenceId, t.number),
    index("evidence_versions_org_idx").on(t.organisationId),
  ],
);

/** The bytes of a file version, apart so that listing versions never reads them. */
export const evidenceBlobs = pgTable("evidence_blobs", {
  versionId: uuid()
    .primaryKey()
    .references(() => evidenceVersions.id, { onDelete: "cascade" }),
  organisationId: uuid()
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" }),
  data: bytea().notNull(),
});

/**
 * Restricted evidence shared with one buyer in answer to that buyer's evidence request (filled by the scoring
 * workflow). A partner never browses buyers: a share is only ever created from a request.
 */
export const evidenceShares = pgTable(
  "evidence_shares",
  {
    evidenceId: uuid()
      .notNull()
      .references(() => evidence.id, { onDelete: "cascade" }),
    buyerOrganisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.evidenceId, t.buyerOrganisationId] })],
);

/** Each download of a version by a buyer (who, when). Never shown to partners. */
export const evidenceDownloads = pgTable(
  "evidence_downloads",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    versionId: uuid()
      .notNull()
      .references(() => evidenceVersions.id, { onDelete: "cascade" }),
    buyerOrganisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    at: createdAt(),
  },
  (t) => [index("evidence_downloads_buyer_idx").on(t.buyerOrganisationId, t.at)],
);

/** A buyer organisation's judgement on one evidence version; no row = unverified. Each buyer keeps its own. */
export const evidenceVerifications = pgTable(
  "evidence_verifications",
  {
    id: id(),
    versionId: uuid()
      .notNull()
      .references(() => evidenceVersions.id, { onDelete: "cascade" }),
    buyerOrganisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    status: verificationStatusEnum().notNull(),
    note: text().notNull().default(""),
    /** For a link: the day the verifier saw what it pointed to. */
    seenOn: date({ mode: "string" }),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("evidence_verifications_version_buyer_key").on(t.versionId, t.buyerOrganisationId),
    // The comparison reads one buyer's verified versions: without it, every tenant's verdicts are scanned.
    index("evidence_verifications_buyer_idx").on(t.buyerOrganisationId, t.status, t.versionId),
  ],
);

export const evidenceRelations = relations(evidence, ({ many }) => ({
  versions: many(evidenceVersions),
}));

export const evidenceVersionsRelations = relations(evidenceVersions, ({ one }) => ({
  evidence: one(evidence, { fields: [evidenceVersions.evidenceId], references: [evidence.id] }),
}));

export type Evidence = typeof evidence.$inferSelect;
export type EvidenceVersion = typeof evidenceVersions.$inferSelect;
export type EvidenceVerification = typeof evidenceVerifications.$inferSelect;
