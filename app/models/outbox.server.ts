// The demo's Outbox: the mail an organisation's admins may see (docs/product.md "Mail"), and its jobs that died.
// A message's body holds a one-time link, so an admin reads only the bodies that add nothing to what they hold
// already: mail addressed to themselves, and invitations (they were shown the link when they created it). A reset
// link for another member would let an admin take over that account: its body never leaves the database.
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { jobs, mailMessages } from "../../db/schema";
import type { MailKind } from "./mail.server";

/** The most messages the Outbox lists, newest first. */
export const OUTBOX_LIMIT = 100;

const MAIL_KIND_LABELS = {
  invitation: "Invitation",
  "password-reset": "Password reset",
  "forgot-password": "Forgot password",
  "confirm-address": "Address confirmation",
  "sign-up-attempt": "Sign-up attempt notice",
  "no-account": "No account notice",
  "already-confirmed": "Already confirmed notice",
  "partner-invitation": "Partner invitation",
  "deadline-reminder": "Deadline reminder",
  "evidence-request": "Evidence request",
  "evidence-request-reminder": "Evidence request reminder",
  "evidence-answer": "Evidence answer",
  debrief: "Debrief",
  "credential-expiry": "Expiring credentials",
  "shortlist-notice": "Shortlist notice",
  questionnaire: "Questionnaire",
  "questionnaire-addendum": "Questionnaire addendum",
  "questionnaire-clarification": "Questionnaire clarification",
  "questionnaire-reminder": "Questionnaire reminder",
  digest: "Daily digest",
} as const satisfies Record<MailKind, string>;

const JOB_KIND_LABELS: Record<string, string> = {
  "mail.send": "Send mail",
  housekeeping: "Housekeeping",
  reminders: "Reminders and digests",
};

export function mailKindLabel(kind: string): string {
  return MAIL_KIND_LABELS[kind as MailKind] ?? kind;
}

export type OutboxMessage = Awaited<ReturnType<typeof listOutbox>>["messages"][number];
export type DeadJob = Awaited<ReturnType<typeof listOutbox>>["deadJobs"][number];

/**
 * The organisation's latest messages (newest first) and its dead jobs, in two queries. `body` is the text only for
 * a message addressed to `userId` or an invitation (a member's or a partner's); null otherwise (decided in SQL: the others' bodies are not read).
 */
export async function listOutbox({ organisationId, userId }: { organisationId: string; userId: string }) {
  const db = getDb();
  const readable = sql`(${mailMessages.recipientUserId} = ${userId} or ${mailMessages.kind} in ('invitation', 'partner-invitation'))`;
  const [messages, dead] = await Promise.all([
    db
      .select({
        id: mailMessages.id,
        kind: mailMessages.kind,
        to: mailMessages.toAddress,
        subject: mailMessages.subject,
        state: mailMessages.state,
        createdAt: mailMessages.createdAt,
        sentAt: mailMessages.sentAt,
        transportResponse: mailMessages.transportResponse,
        body: sql<string | null>`case when ${readable} then ${mailMessages.textBody} end`,
      })
      .from(mailMessages)
      .where(eq(mailMessages.organisationId, organisationId))
      .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
      .limit(OUTBOX_LIMIT),
    db
      .select({
        id: jobs.id,
        kind: jobs.kind,
        attempts: jobs.attempts,
        maxAttempts: jobs.maxAttempts,
        lastError: jobs.lastError,
        finishedAt: jobs.finishedAt,
        createdAt: jobs.createdAt,
        to: mailMessages.toAddress,
        subject: mailMessages.subject,
      })
      .from(jobs)
      // The message of a mail.send job, when it is this organisation's (the payload is the job's only link to it).
      .leftJoin(
        mailMessages,
        and(
          eq(jobs.kind, "mail.send"),
          sql`${mailMessages.id}::text = ${jobs.payload}->>'messageId'`,
          eq(mailMessages.organisationId, organisationId),
        ),
      )
      .where(and(eq(jobs.organisationId, organisationId), eq(jobs.state, "dead")))
      .orderBy(desc(jobs.finishedAt), desc(jobs.createdAt))
      .limit(OUTBOX_LIMIT),
  ]);
  return {
    messages: messages.map((m) => ({ ...m, kindLabel: mailKindLabel(m.kind) })),
    deadJobs: dead.map((j) => ({ ...j, kindLabel: JOB_KIND_LABELS[j.kind] ?? j.kind })),
  };
}
