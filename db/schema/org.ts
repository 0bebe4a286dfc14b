import { relations, sql } from "drizzle-orm";
import { check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt, version } from "../columns";

export const orgKind = pgEnum("org_kind", ["buyer", "partner"]);
export const memberRole = pgEnum("member_role", ["admin", "evaluator", "viewer", "member"]);

export const organisations = pgTable(
  "organisations",
  {
    id: id(),
    kind: orgKind().notNull(),
    name: text().notNull(),
    /** Lower-cased with every white space removed: partner names are unique on it. */
    nameKey: text().notNull(),
    /** IANA time zone; buyers choose it at sign-up, partners keep UTC. */
    timeZone: text().notNull().default("UTC"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex("organisations_partner_name_key").on(t.nameKey).where(sql`${t.kind} = 'partner'`),
    index("organisations_kind_idx").on(t.kind),
  ],
);

export const users = pgTable(
  "users",
  {
    id: id(),
    /** Stored lower-cased; the unique index makes one account per address. */
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    /** When the person followed a confirmation link (or a mailed invitation); null until then. */
    emailConfirmedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const memberships = pgTable(
  "memberships",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    // NOTE: docs/product.md "A person belongs to exactly one organisation".
    uniqueIndex("memberships_user_key").on(t.userId),
    index("memberships_organisation_idx").on(t.organisationId),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 (hex) of the random id held in the cookie; the id itself is never stored. */
    idHash: text().primaryKey(),
    /** What the interface names a session by (ending one from the sessions list); never the id or its hash. */
    publicId: uuid().notNull().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Absolute expiry: created + 7 days, whatever the activity. */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    userAgent: text().notNull().default(""),
    ipAddress: text().notNull().default(""),
  },
  (t) => [
    uniqueIndex("sessions_public_id_key").on(t.publicId),
    index("sessions_user_idx").on(t.userId),
    index("sessions_organisation_idx").on(t.organisationId),
  ],
);

/**
 * Attempts counted against a limit in a sliding window (the limits: app/utils/limits.ts): sign-in failures per
 * account (key: the lower-cased e-mail) and per address (the client IP), sign-ups and failed invitation or reset
 * links per address, evidence files per person (the user id).
 */
export const throttleEvents = pgTable(
  "throttle_events",
  {
    id: id(),
    scope: text().notNull(),
    key: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("throttle_events_lookup_idx").on(t.scope, t.key, t.createdAt),
    check(
      "throttle_events_scope_check",
      sql`${t.scope} in ('account', 'address', 'sign-up', 'link', 'upload', 'mail-target')`,
    ),
  ],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    /** The random key a form carries in a hidden field; one use per key. */
    key: text().primaryKey(),
    scope: text().notNull(),
    /** Where the first successful submission led (a URL), replayed to every resubmission. */
    result: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("idempotency_keys_created_idx").on(t.createdAt)],
);

export const organisationsRelations = relations(organisations, ({ many }) => ({
  memberships: many(memberships),
}));

export const usersRelations = relations(users, ({ one }) => ({
  membership: one(memberships, { fields: [users.id], references: [memberships.userId] }),
}));

export const membershipsRelations = relations(memberships, ({ one }) => ({
  organisation: one(organisations, { fields: [memberships.organisationId], references: [organisations.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}));

export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Membership = typeof memberships.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type OrgKind = (typeof orgKind.enumValues)[number];
export type MemberRole = (typeof memberRole.enumValues)[number];
