// Mail a person asks for without being signed in: "forgot password" and a new confirmation link. Each answers the
// same whether or not an account uses the address, and does the same work on both paths (one message and its job
// queued), so neither the answer nor its time tells who has an account. Throttled per address mailed and per client.
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { getDb } from "../../db/client";
import { emailConfirmations, memberships, organisations, passwordResets, users } from "../../db/schema";
import {
  alreadyConfirmedMail,
  confirmAddressMail,
  forgotPasswordMail,
  noAccountMail,
} from "../mail/messages";
import { hashToken, randomToken } from "../utils/crypto.server";
import { formValues, parseForm } from "../utils/forms.server";
import { MAIL_REQUESTS_PER_CLIENT, MAX_EMAIL_LENGTH } from "../utils/limits";
import {
  recordAttempts,
  retryAfterSeconds,
  type ThrottleCheck,
  tooManyAttempts,
  waitText,
} from "../utils/throttle.server";
import { recordAudit } from "./audit.server";
import { normaliseEmail } from "./auth.server";
import { portalUrl, queueMail } from "./mail.server";
import { RESET_TTL_MS } from "./password-resets.server";

export const CONFIRMATION_TTL_MS = 3 * 24 * 60 * 60 * 1000;

export const addressSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your e-mail address.")
    .max(MAX_EMAIL_LENGTH, "This e-mail address is too long.")
    .pipe(z.email("Enter an e-mail address like name@company.com.")),
});

export type MailRequestResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts a request to mail `email` from `clientIp`; returns the wait when either limit is reached. */
export async function throttleMailRequest(email: string, clientIp: string): Promise<number> {
  const keys: ThrottleCheck[] = [
    { scope: "mail-target", key: `to:${email}` },
    { scope: "mail-target", key: `from:${clientIp}`, max: MAIL_REQUESTS_PER_CLIENT },
  ];
  const wait = await retryAfterSeconds(keys);
  if (wait > 0) return wait;
  await recordAttempts(keys);
  return 0;
}

/**
 * The account an address belongs to, with its organisation; `member` is undefined for an account that left its
 * organisation (it cannot sign in, so resets and confirmations treat it as no account). One statement.
 */
export async function accountOf(tx: Tx, email: string) {
  const [row] = await tx
    .select({
      userId: users.id,
      name: users.name,
      confirmedAt: users.emailConfirmedAt,
      organisationId: memberships.organisationId,
      organisationName: organisations.name,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(users.email, email))
    .limit(1);
  if (!row) return undefined;
  const { organisationId, organisationName } = row;
  return {
    ...row,
    member: organisationId && organisationName ? { ...row, organisationId, organisationName } : undefined,
  };
}

/** The message for an address no account uses (the same for every such request of the hour). */
async function queueNoAccount(tx: Tx, email: string, occasion: string) {
  await queueMail(tx, {
    kind: "no-account",
    to: email,
    organisationId: null,
    occasion,
    content: noAccountMail({ email, signUpUrl: portalUrl("/signup") }),
  });
}

/** "Forgot password": a one-hour link for an account, a note for an address without one. */
export async function requestPasswordReset(rawEmail: string, clientIp: string): Promise<MailRequestResult> {
  const email = normaliseEmail(rawEmail);
  const wait = await throttleMailRequest(email, clientIp);
  if (wait > 0) return { ok: false, retryAfterSeconds: wait };
  const token = randomToken();
  await getDb().transaction(async (tx) => {
    const account = (await accountOf(tx, email))?.member;
    if (!account) {
      await queueNoAccount(tx, email, `forgot:${hashToken(token)}`);
      return;
    }
    const now = new Date();
    // Earlier unused links stop working: only the newest one counts.
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, account.userId), isNull(passwordResets.usedAt)));
    const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
    const [reset] = await tx
      .insert(passwordResets)
      .values({
        organisationId: account.organisationId,
        userId: account.userId,
        tokenHash: hashToken(token),
        createdByUserId: null,
        expiresAt,
      })
      .returning({ id: passwordResets.id });
    await queueMail(tx, {
      kind: "forgot-password",
      to: email,
      recipientUserId: account.userId,
      organisationId: account.organisationId,
      occasion: reset.id,
      content: forgotPasswordMail({
        name: account.name,
        organisationName: account.organisationName,
        url: portalUrl(`/reset/${token}`),
        expiresAt,
      }),
    });
  });
  return { ok: true };
}

/**
 * Writes a confirmation link for a new account and queues its message, in the caller's transaction (sign-up).
 * Earlier unused links of that person stop working.
 */
export async function queueConfirmation(
  tx: Tx,
  account: { userId: string; email: string; name: string; organisationId: string; organisationName: string },
): Promise<void> {
  const now = new Date();
  await tx
    .update(emailConfirmations)
    .set({ usedAt: now })
    .where(and(eq(emailConfirmations.userId, account.userId), isNull(emailConfirmations.usedAt)));
  const token = randomToken();
  const [row] = await tx
    .insert(emailConfirmations)
    .values({
      userId: account.userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + CONFIRMATION_TTL_MS),
    })
    .returning({ id: emailConfirmations.id });
  await queueMail(tx, {
    kind: "confirm-address",
    to: account.email,
    recipientUserId: account.userId,
    organisationId: account.organisationId,
    occasion: row.id,
    content: confirmAddressMail({
      name: account.name,
      organisationName: account.organisationName,
      url: portalUrl(`/confirm/${token}`),
    }),
  });
}

/** "Send a new link": a confirmation for an unconfirmed account, a note otherwise. */
export async function resendConfirmation(rawEmail: string, clientIp: string): Promise<MailRequestResult> {
  const email = normaliseEmail(rawEmail);
  const wait = await throttleMailRequest(email, clientIp);
  if (wait > 0) return { ok: false, retryAfterSeconds: wait };
  const occasion = `resend:${randomToken()}`;
  await getDb().transaction(async (tx) => {
    const account = (await accountOf(tx, email))?.member;
    if (!account) return queueNoAccount(tx, email, occasion);
    if (account.confirmedAt) {
      await queueMail(tx, {
        kind: "already-confirmed",
        to: email,
        recipientUserId: account.userId,
        organisationId: account.organisationId,
        occasion,
        content: alreadyConfirmedMail({
          name: account.name,
          organisationName: account.organisationName,
          signInUrl: portalUrl("/login"),
        }),
      });
      return;
    }
    await queueConfirmation(tx, { ...account, email });
  });
  return { ok: true };
}

/** A confirmation link's state; undefined for an unknown token. */
export async function findConfirmation(token: string) {
  if (!token || token.length > 200) return undefined;
  const [row] = await getDb()
    .select({
      usedAt: emailConfirmations.usedAt,
      expiresAt: emailConfirmations.expiresAt,
      confirmedAt: users.emailConfirmedAt,
      email: users.email,
    })
    .from(emailConfirmations)
    .innerJoin(users, eq(users.id, emailConfirmations.userId))
    .where(eq(emailConfirmations.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return undefined;
  const status = row.confirmedAt
    ? "confirmed"
    : row.usedAt
      ? "used"
      : row.expiresAt <= new Date()
        ? "expired"
        : "valid";
  return { status, email: row.email } as const;
}

/**
 * Confirms the address a link was sent to, once (the link row is locked), with an audit event. Returns false when
 * the link is unknown, used, expired, or its address confirmed already.
 */
export async function confirmAddress(token: string): Promise<boolean> {
  if (!token || token.length > 200) return false;
  return getDb().transaction(async (tx) => {
    const [link] = await tx
      .select()
      .from(emailConfirmations)
      .where(eq(emailConfirmations.tokenHash, hashToken(token)))
      .for("update")
      .limit(1);
    if (!link || link.usedAt || link.expiresAt <= new Date()) return false;
    const now = new Date();
    await tx.update(emailConfirmations).set({ usedAt: now }).where(eq(emailConfirmations.id, link.id));
    const [user] = await tx
      .update(users)
      .set({ emailConfirmedAt: now })
      .where(and(eq(users.id, link.userId), isNull(users.emailConfirmedAt)))
      .returning({ id: users.id, email: users.email });
    if (!user) return false;
    const [member] = await tx
      .select({ organisationId: memberships.organisationId })
      .from(memberships)
      .where(eq(memberships.userId, user.id))
      .limit(1);
    if (member) {
      await recordAudit(tx, {
        actorUserId: user.id,
        organisationId: member.organisationId,
        action: "user.email_confirmed",
        entityType: "user",
        entityId: user.id,
        after: { email: user.email },
      });
    }
    return true;
  });
}

/**
 * The action of a page that mails a link to a typed address (forgot password, a new confirmation link): the address
 * checked beside its field, the request made, and the same answer whatever the address (or 429 with the wait).
 */
export async function answerMailRequest(
  form: FormData,
  clientIp: string,
  request: (email: string, clientIp: string) => Promise<MailRequestResult>,
) {
  const parsed = parseForm(form, addressSchema);
  if (!parsed.ok) return parsed.response;
  const result = await request(parsed.data.email, clientIp);
  if (!result.ok) {
    return tooManyAttempts(result.retryAfterSeconds, {
      ok: false as const,
      errors: {},
      values: formValues(form),
      formError: `Too many requests for this address or from yours. Wait ${waitText(result.retryAfterSeconds)} and try again.`,
    });
  }
  return { ok: true as const, sent: parsed.data.email };
}
