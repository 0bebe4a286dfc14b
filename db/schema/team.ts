import { relations } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "../columns";
import { memberRole, organisations, users } from "./org";

/**
 * An invitation by link: stored only as the SHA-256 of its token, valid 7 days, once, for one e-mail.
 * Pending = neither accepted, revoked nor expired.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** Lower-cased; only this address may accept. */
    email: text().notNull(),
    role: memberRole().notNull(),
    tokenHash: text().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    index("invitations_organisation_idx").on(t.organisationId, t.createdAt),
  ],
);

/** A one-time password-reset link an admin issued for a non-admin member: valid 1 hour, stored hashed. */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("password_resets_token_hash_key").on(t.tokenHash),
    index("password_resets_user_idx").on(t.userId),
  ],
);

export const invitationsRelations = relations(invitations, ({ one }) => ({
  organisation: one(organisations, { fields: [invitations.organisationId], references: [organisations.id] }),
}));

export type Invitation = typeof invitations.$inferSelect;
export type PasswordReset = typeof passwordResets.$inferSelect;
