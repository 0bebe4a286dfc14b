import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, version } from "../columns";
import { evaluationCandidates, evaluations } from "./evaluation";
import { organisations, users } from "./org";

/**
 * A candidate that is not listed yet (docs/product.md "Inviting partners who are not listed"): a buyer admin named a
 * company and a contact, who received a one-time link (14 days, single use, revocable, resendable). Following it
 * creates the partner organisation with the contact as its admin, and the candidate (`candidateId`) on the
 * evaluation. Until then it is "invited, not joined": no row in evaluation_candidates, so no figure, rule or clone
 * ever meets it.
 */
export const partnerInvitations = pgTable(
  "partner_invitations",
  {
    id: id(),
    /** The buyer that invited. */
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    evaluationId: uuid()
      .notNull()
      .references(() => evaluations.id, { onDelete: "cascade" }),
    /** As the buyer typed it; the contact may correct it when creating the partner. */
    companyName: text().notNull(),
    /** Lower-cased; only this address may accept. */
    contactEmail: text().notNull(),
    tokenHash: text().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** The last time a new link was mailed (a resend replaces the token and restarts the 14 days). */
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
    /** Why the buyer withdrew the invited candidate (revoking its link); null for a plain revocation. */
    withdrawnReason: text(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** The partner organisation the contact created. */
    partnerId: uuid().references(() => organisations.id, { onDelete: "set null" }),
    /** The candidate it became (null when the evaluation no longer took candidates by then). */
    candidateId: uuid().references(() => evaluationCandidates.id, { onDelete: "set null" }),
    version: version(),
  },
  (t) => [
    uniqueIndex("partner_invitations_token_hash_key").on(t.tokenHash),
    index("partner_invitations_evaluation_idx").on(t.evaluationId),
    index("partner_invitations_organisation_idx").on(t.organisationId, t.createdAt),
  ],
);
