import { sql } from "drizzle-orm";
import {
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
import { organisations, users } from "./org";

/**
 * Background work (docs/decisions/0009-jobs-in-our-own-table.md): written in the transaction of the change that
 * causes it, claimed with FOR UPDATE SKIP LOCKED by whichever process polls first, retried with backoff, dead after
 * its last attempt. `singletonKey` makes a scheduled occasion (the 14:00 housekeeping) one job whoever schedules it.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: id(),
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Whose work it is (an organisation's admins see its dead jobs); null for the platform's own. */
    organisationId: uuid().references(() => organisations.id, { onDelete: "cascade" }),
    state: text().$type<"queued" | "running" | "done" | "dead">().notNull().default("queued"),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    /** The process running it, and until when its claim holds (a crashed process's job is claimed again after). */
    lockedBy: text(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    singletonKey: text(),
    createdAt: createdAt(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("jobs_due_idx").on(t.runAt).where(sql`${t.state} = 'queued'`),
    index("jobs_running_idx").on(t.lockedUntil).where(sql`${t.state} = 'running'`),
    index("jobs_organisation_idx").on(t.organisationId, t.state),
    uniqueIndex("jobs_singleton_key").on(t.singletonKey),
    check("jobs_state_check", sql`${t.state} in ('queued', 'running', 'done', 'dead')`),
  ],
);

/**
 * Every message the portal sends, written with its job in the transaction of the change that caused it. The
 * idempotency key (kind, recipient, subject, occasion) is unique: one row per message, so a retried job or a second
 * process never sends it twice. Without SMTP_URL a message is `kept` (the demo's Outbox shows it); through SMTP it is
 * `sent`, and its body is then discarded (it may hold a one-time link).
 */
export const mailMessages = pgTable(
  "mail_messages",
  {
    id: id(),
    idempotencyKey: text().notNull(),
    kind: text().notNull(),
    /** The organisation whose admins may read it in the Outbox: the recipient's, or the one that invited them. */
    organisationId: uuid().references(() => organisations.id, { onDelete: "cascade" }),
    recipientUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    toAddress: text().notNull(),
    subject: text().notNull(),
    textBody: text(),
    htmlBody: text(),
    state: text().$type<"pending" | "sent" | "kept" | "failed">().notNull().default("pending"),
    /** The SMTP server's answer to the accepted message (its queue id) or the last refusal. */
    transportResponse: text(),
    createdAt: createdAt(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("mail_messages_idempotency_key").on(t.idempotencyKey),
    index("mail_messages_organisation_idx").on(t.organisationId, t.createdAt),
    check("mail_messages_state_check", sql`${t.state} in ('pending', 'sent', 'kept', 'failed')`),
  ],
);

/** A one-time link confirming a new account's address: valid 3 days, stored hashed. */
export const emailConfirmations = pgTable(
  "email_confirmations",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("email_confirmations_token_hash_key").on(t.tokenHash),
    index("email_confirmations_user_idx").on(t.userId),
  ],
);
