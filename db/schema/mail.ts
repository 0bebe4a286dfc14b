import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
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
    /** Non-essential mail: the recipient's one-click unsubscribe link (List-Unsubscribe, RFC 8058). */
    unsubscribeUrl: text(),
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

/**
 * How a person takes one topic of non-essential mail (app/mail/topics.ts): at once, in the daily digest, or not at
 * all. No row: at once.
 */
export const mailPreferences = pgTable(
  "mail_preferences",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    topic: text().notNull(),
    delivery: text().$type<"immediate" | "digest" | "off">().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.topic] }),
    check("mail_preferences_delivery_check", sql`${t.delivery} in ('immediate', 'digest', 'off')`),
  ],
);

/**
 * What a message would have said, kept for the recipient's next daily digest (their preference for its topic). The
 * digest gathers a person's undigested items in one message and marks them with its id. `idempotencyKey` is the
 * message's own (kind, recipient, subject, occasion): an occasion is one item, as it would have been one message.
 */
export const mailDigestItems = pgTable(
  "mail_digest_items",
  {
    id: id(),
    idempotencyKey: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: uuid().references(() => organisations.id, { onDelete: "cascade" }),
    topic: text().notNull(),
    kind: text().notNull(),
    subject: text().notNull(),
    paragraphs: jsonb().$type<string[]>().notNull(),
    actionLabel: text(),
    actionUrl: text(),
    createdAt: createdAt(),
    /** The digest message that carried it; null while it waits. */
    digestMessageId: uuid().references(() => mailMessages.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("mail_digest_items_idempotency_key").on(t.idempotencyKey),
    index("mail_digest_items_waiting_idx").on(t.userId).where(sql`${t.digestMessageId} is null`),
  ],
);

/**
 * One organisation's reminders (and its members' digests) for one local day: written in the transaction that queues
 * them, so a day is done once however many hourly sweeps or processes look at it.
 */
export const reminderRuns = pgTable(
  "reminder_runs",
  {
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The organisation's own date (its time zone) the run was for. */
    localDate: date({ mode: "string" }).notNull(),
    ranAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.localDate] })],
);

/** Keys the portal makes for itself once (the unsubscribe links' signing key), never configured by anyone. */
export const portalSecrets = pgTable("portal_secrets", {
  name: text().primaryKey(),
  value: text().notNull(),
  createdAt: createdAt(),
});
