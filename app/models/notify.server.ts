// Non-essential mail to members (docs/product.md "Mail"): each recipient's preference for the message's topic decides
// whether it goes at once (with its one-click unsubscribe link), waits for the daily digest, or is not sent. Written in
// the caller's transaction like every message.
import { and, asc, inArray, isNull } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { mailDigestItems } from "../../db/schema";
import type { MailContent, MailEntry } from "../mail/compose";
import { type MailDelivery, type MailTopic, TOPICS } from "../mail/topics";
import { type MailKind, mailIdempotencyKey, portalUrl, queueMail, queueMessage } from "./mail.server";
import { deliveriesFor, loadSigningKey, unsubscribeUrl } from "./mail-preferences.server";

export interface Recipient {
  userId: string;
  email: string;
  name: string;
}

export interface Notice {
  topic: MailTopic;
  kind: MailKind;
  /** Whose admins may read it in the Outbox (the recipient's organisation). */
  organisationId: string | null;
  /** What makes it one of a kind beside recipient and subject (a reminder's day and evaluation, a request's id). */
  occasion: string;
  /** What the message says to one recipient (without unsubscribe lines: added here). */
  content: (recipient: Recipient) => MailContent;
  /**
   * The recipients' deliveries for the topic, when the caller read them already (`deliveriesFor`): a sweep that sends
   * many notices of one topic reads them once instead of once per notice.
   */
  deliveries?: ReadonlyMap<string, MailDelivery>;
}

export interface NoticeOutcome {
  sent: number;
  digested: number;
  off: number;
}

export const PREFERENCES_PATH = "/account/mail";

/**
 * Sends a notice to each recipient as their preference for its topic says. One query for the preferences, then one
 * write per message (or digest item). The same notice twice (its idempotency key) is one message or one item.
 */
export async function notify(
  tx: Tx,
  recipients: readonly Recipient[],
  notice: Notice,
): Promise<NoticeOutcome> {
  const outcome: NoticeOutcome = { sent: 0, digested: 0, off: 0 };
  const deliveries =
    notice.deliveries ??
    (await deliveriesFor(
      tx,
      recipients.map((r) => r.userId),
      notice.topic,
    ));
  const topicLabel = TOPICS[notice.topic].label;
  for (const recipient of recipients) {
    const delivery = deliveries.get(recipient.userId) ?? "immediate";
    if (delivery === "off") {
      outcome.off += 1;
      continue;
    }
    const stopUrl = await unsubscribeUrl(recipient.userId, notice.topic);
    const content = notice.content(recipient);
    if (delivery === "immediate") {
      await queueMail(tx, {
        kind: notice.kind,
        to: recipient.email,
        recipientUserId: recipient.userId,
        organisationId: notice.organisationId,
        occasion: notice.occasion,
        content: {
          ...content,
          unsubscribe: { topicLabel, url: stopUrl, preferencesUrl: portalUrl(PREFERENCES_PATH) },
        },
        unsubscribeUrl: stopUrl,
      });
      outcome.sent += 1;
      continue;
    }
    await tx
      .insert(mailDigestItems)
      .values({
        idempotencyKey: mailIdempotencyKey({
          kind: notice.kind,
          to: recipient.email.toLowerCase(),
          subject: content.subject,
          occasion: notice.occasion,
        }),
        userId: recipient.userId,
        organisationId: notice.organisationId,
        topic: notice.topic,
        kind: notice.kind,
        subject: content.subject,
        paragraphs: content.paragraphs,
        actionLabel: content.action?.label ?? null,
        actionUrl: content.action?.url ?? null,
      })
      .onConflictDoNothing();
    outcome.digested += 1;
  }
  return outcome;
}

/**
 * Each person's waiting digest items in one message, for the people given (an organisation's members on its day's
 * run). `localDate` is the occasion: one digest per person and day. One query to read, one write per digest.
 */
export async function sendDigests(
  tx: Tx,
  recipients: readonly (Recipient & { organisationId: string; organisationName: string })[],
  localDate: string,
): Promise<number> {
  if (recipients.length === 0) return 0;
  const items = await tx
    .select()
    .from(mailDigestItems)
    .where(
      and(
        inArray(
          mailDigestItems.userId,
          recipients.map((r) => r.userId),
        ),
        isNull(mailDigestItems.digestMessageId),
      ),
    )
    .orderBy(asc(mailDigestItems.createdAt), asc(mailDigestItems.id));
  if (items.length === 0) return 0;
  // The digests sign each item's unsubscribe link inside this transaction (see loadSigningKey).
  await loadSigningKey(tx);
  let sent = 0;
  for (const recipient of recipients) {
    const mine = items.filter((i) => i.userId === recipient.userId);
    if (mine.length === 0) continue;
    const entries: MailEntry[] = [];
    for (const item of mine) {
      const topic = item.topic as MailTopic;
      entries.push({
        heading: item.subject,
        paragraphs: item.paragraphs,
        action:
          item.actionLabel && item.actionUrl ? { label: item.actionLabel, url: item.actionUrl } : undefined,
        stop: {
          label: `Stop mail about ${TOPICS[topic].label.toLowerCase()}`,
          url: await unsubscribeUrl(recipient.userId, topic),
        },
      });
    }
    const count = mine.length;
    const messageId = await queueMessage(tx, {
      kind: "digest",
      to: recipient.email,
      recipientUserId: recipient.userId,
      organisationId: recipient.organisationId,
      occasion: `digest:${localDate}`,
      content: {
        subject: `Your PartnerLens digest: ${count} ${count === 1 ? "update" : "updates"}`,
        greeting: `Hello ${recipient.name},`,
        paragraphs: [
          `Here is what PartnerLens would have mailed you since your last digest, in one message as you chose.`,
        ],
        entries,
        after: [`Choose which mail you receive, and how: ${portalUrl(PREFERENCES_PATH)}`],
        organisationName: recipient.organisationName,
      },
    });
    if (!messageId) continue;
    await tx
      .update(mailDigestItems)
      .set({ digestMessageId: messageId })
      .where(
        inArray(
          mailDigestItems.id,
          mine.map((i) => i.id),
        ),
      );
    sent += 1;
  }
  return sent;
}
