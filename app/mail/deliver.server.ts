// Delivering a queued message (the `mail.send` job): through SMTP at SMTP_URL, or, without it, kept in the database
// for the demo's Outbox. One log line per message. A message already sent or kept is never sent again, whoever runs
// its job; a process that dies between the SMTP server's acceptance and the record below sends it once more when its
// job is claimed again (docs/operations.md "Mail").
import os from "node:os";
import { eq } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { getDb } from "../../db/client";
import { mailMessages } from "../../db/schema";
import type { ClaimedJob } from "../jobs/queue.server";
import { getEnv } from "../utils/config.server";

const TRANSPORT = Symbol.for("partnerlens.mailTransport");
type Registry = { [TRANSPORT]?: { url: string; transporter: Transporter } };

/** This process, as named in each message's X-PartnerLens-Sender header (which process sent what). */
export const SENDER = `${os.hostname()}/${process.pid}`;

/** The SMTP transport for SMTP_URL (one per process), or undefined without one. */
function transport(): Transporter | undefined {
  const url = getEnv().SMTP_URL;
  if (!url) return undefined;
  const registry = globalThis as Registry;
  if (registry[TRANSPORT]?.url !== url) {
    registry[TRANSPORT]?.transporter.close();
    // Short limits: a hung server fails the attempt (retried later) well within the job's claim.
    const transporter = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    registry[TRANSPORT] = { url, transporter };
  }
  return registry[TRANSPORT].transporter;
}

/** Closes this process's SMTP connection, if any (at shutdown). */
export function closeMailTransport(): void {
  const registry = globalThis as Registry;
  registry[TRANSPORT]?.transporter.close();
  registry[TRANSPORT] = undefined;
}

/** Sends (or keeps) one message. Throws when the SMTP server refuses: the job is retried, then dead. */
export async function deliverMessage(
  job: ClaimedJob,
  log: (line: string) => void = console.log,
): Promise<void> {
  const messageId = String(job.payload.messageId ?? "");
  const db = getDb();
  const [m] = await db.select().from(mailMessages).where(eq(mailMessages.id, messageId)).limit(1);
  if (!m || m.state === "sent" || m.state === "kept") return;
  const smtp = transport();
  if (!smtp) {
    await db.update(mailMessages).set({ state: "kept", sentAt: new Date() }).where(eq(mailMessages.id, m.id));
    log(`Mail kept (no SMTP_URL): ${m.kind} to ${m.toAddress}: "${m.subject}"`);
    return;
  }
  try {
    const info = await smtp.sendMail({
      from: getEnv().MAIL_FROM,
      to: m.toAddress,
      subject: m.subject,
      text: m.textBody ?? "",
      html: m.htmlBody ?? undefined,
      messageId: `<${m.id}@partnerlens>`,
      headers: {
        "X-PartnerLens-Sender": SENDER,
        "X-PartnerLens-Kind": m.kind,
        // Non-essential mail: one-click unsubscribe (RFC 8058), a POST to the link stops that topic only.
        ...(m.unsubscribeUrl
          ? {
              "List-Unsubscribe": `<${m.unsubscribeUrl}>`,
              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
          : {}),
      },
    });
    // Sent: the body (which may hold a one-time link) is not kept.
    await db
      .update(mailMessages)
      .set({
        state: "sent",
        sentAt: new Date(),
        transportResponse: String(info.response ?? "").slice(0, 500),
        textBody: null,
        htmlBody: null,
      })
      .where(eq(mailMessages.id, m.id));
    log(`Mail sent: ${m.kind} to ${m.toAddress}: "${m.subject}"`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const last = job.attempts >= job.maxAttempts;
    await db
      .update(mailMessages)
      .set({ state: last ? "failed" : "pending", transportResponse: reason.slice(0, 500) })
      .where(eq(mailMessages.id, m.id));
    throw new Error(`SMTP refused ${m.kind} to ${m.toAddress}: ${reason}`);
  }
}
