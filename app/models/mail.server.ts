// Queuing mail (docs/product.md "Mail"): a message is rendered and stored with its job in the caller's transaction,
// so a change that rolls back sends nothing and one that commits loses nothing. Its idempotency key (kind, recipient,
// subject, occasion) is unique: the same message queued twice is one message.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { mailMessages, organisations, users } from "../../db/schema";
import { enqueue } from "../jobs/queue.server";
import { type MailContent, renderMail } from "../mail/compose";
import { getEnv } from "../utils/config.server";
import { publicOrigin } from "../utils/env.server";

export type MailKind =
  | "invitation"
  | "password-reset"
  | "forgot-password"
  | "no-account"
  | "confirm-address"
  | "sign-up-attempt"
  | "already-confirmed"
  | "partner-invitation"
  | "deadline-reminder"
  | "evidence-request"
  | "evidence-request-reminder"
  | "evidence-answer"
  | "debrief"
  | "credential-expiry"
  | "shortlist-notice"
  | "questionnaire"
  | "questionnaire-addendum"
  | "questionnaire-clarification"
  | "questionnaire-reminder"
  | "digest";

export interface QueuedMail {
  kind: MailKind;
  to: string;
  recipientUserId?: string | null;
  /** Whose admins may read it in the Outbox: the recipient's organisation, or the one that invited them. */
  organisationId: string | null;
  /** What makes this message one of a kind beside its recipient and subject: the invitation's id, the reset's id. */
  occasion: string;
  content: MailContent;
  /** Non-essential mail: the recipient's one-click unsubscribe link for the message's topic. */
  unsubscribeUrl?: string;
}

/** An absolute link into the portal. */
export function portalUrl(path: string): string {
  return new URL(path, publicOrigin(getEnv())).toString();
}

export function mailIdempotencyKey(m: {
  kind: string;
  to: string;
  subject: string;
  occasion: string;
}): string {
  return createHash("sha256")
    .update(JSON.stringify([m.kind, m.to, m.subject, m.occasion]))
    .digest("hex");
}

/**
 * Stores the message and its job in the caller's transaction. Returns false when the same message (its idempotency
 * key) was queued before: nothing more is written.
 */
export async function queueMail(tx: Tx, mail: QueuedMail): Promise<boolean> {
  return (await queueMessage(tx, mail)) !== undefined;
}

/** queueMail, returning the new message's id (undefined when it was queued before). */
export async function queueMessage(tx: Tx, mail: QueuedMail): Promise<string | undefined> {
  const rendered = renderMail(mail.content);
  const to = mail.to.toLowerCase();
  const [message] = await tx
    .insert(mailMessages)
    .values({
      idempotencyKey: mailIdempotencyKey({
        kind: mail.kind,
        to,
        subject: rendered.subject,
        occasion: mail.occasion,
      }),
      kind: mail.kind,
      organisationId: mail.organisationId,
      recipientUserId: mail.recipientUserId ?? null,
      toAddress: to,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      unsubscribeUrl: mail.unsubscribeUrl ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: mailMessages.id });
  if (!message) return undefined;
  await enqueue(tx, {
    kind: "mail.send",
    payload: { messageId: message.id },
    organisationId: mail.organisationId,
  });
  return message.id;
}

/** The names a message from an organisation needs: the organisation's and the acting person's. One statement. */
export async function senderNames(
  tx: Tx,
  actor: { userId: string; organisationId: string },
): Promise<{ organisationName: string; actorName: string }> {
  const [row] = await tx
    .select({ organisationName: organisations.name, actorName: users.name })
    .from(organisations)
    .innerJoin(users, eq(users.id, actor.userId))
    .where(eq(organisations.id, actor.organisationId))
    .limit(1);
  return row ?? { organisationName: "your organisation", actorName: "An admin" };
}
