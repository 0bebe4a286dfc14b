// Password resets: a one-time link (1 hour) an admin issues for a member, and setting a new password through it.
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../../db/client";
import { passwordResets, sessions, users } from "../../db/schema";
import { adminResetMail } from "../mail/messages";
import { hashPassword, hashToken, randomToken } from "../utils/crypto.server";
import { RuleRefused } from "../utils/errors.server";
import { MAX_PASSWORD_LENGTH } from "../utils/limits";
import { passwordProblem } from "../utils/password-policy.server";
import { recordAudit } from "./audit.server";
import { FieldError } from "./auth.server";
import { portalUrl, queueMail, senderNames } from "./mail.server";
import { type Actor, lockMember, UnknownLink } from "./team.server";

export const RESET_TTL_MS = 60 * 60 * 1000;

/**
 * Issues a one-time reset link (1 hour) for a non-admin member of the actor's organisation; earlier unused
 * links for that person stop working. An admin cannot reset another admin: that would be a silent takeover.
 */
export async function issuePasswordReset(
  actor: Actor,
  membershipId: string,
): Promise<{ token: string; name: string; expiresAt: Date } | undefined> {
  return getDb().transaction(async (tx) => {
    const m = await lockMember(tx, actor, membershipId);
    if (!m) return undefined;
    if (m.role === "admin") {
      throw new RuleRefused(
        "An admin cannot reset another admin's password. They can change it on their account page.",
      );
    }
    const now = new Date();
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, m.userId), isNull(passwordResets.usedAt)));
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
    const [row] = await tx
      .insert(passwordResets)
      .values({
        organisationId: actor.organisationId,
        userId: m.userId,
        tokenHash: hashToken(token),
        createdByUserId: actor.userId,
        expiresAt,
      })
      .returning({ id: passwordResets.id });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "password_reset.issued",
      entityType: "membership",
      entityId: m.id,
      after: { name: m.name, email: m.email, resetId: row.id, expiresAt: expiresAt.toISOString() },
    });
    const names = await senderNames(tx, actor);
    await queueMail(tx, {
      kind: "password-reset",
      to: m.email,
      recipientUserId: m.userId,
      organisationId: actor.organisationId,
      occasion: row.id,
      content: adminResetMail({
        name: m.name,
        organisationName: names.organisationName,
        adminName: names.actorName,
        url: portalUrl(`/reset/${token}`),
        expiresAt,
      }),
    });
    return { token, name: m.name, expiresAt };
  });
}

export const resetSchema = z.object({ password: z.string().max(MAX_PASSWORD_LENGTH + 1) });

/** A reset link's state; undefined for an unknown token. */
export async function findPasswordReset(token: string) {
  if (!token || token.length > 200) return undefined;
  const [row] = await getDb()
    .select({
      usedAt: passwordResets.usedAt,
      expiresAt: passwordResets.expiresAt,
      email: users.email,
      name: users.name,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return undefined;
  const status = row.usedAt ? "used" : row.expiresAt <= new Date() ? "expired" : "valid";
  return { status, email: row.email, name: row.name } as const;
}

/**
 * Sets a new password through a reset link, once, within its hour; ends every session of that person.
 * The password is hashed before the transaction opens.
 */
export async function redeemPasswordReset(token: string, newPassword: string): Promise<void> {
  const found = await findPasswordReset(token);
  if (!found) throw new UnknownLink("This reset link is not valid.");
  const problem = passwordProblem(newPassword, { email: found.email });
  if (problem) throw new FieldError("password", problem);
  const passwordHash = await hashPassword(newPassword);
  await getDb().transaction(async (tx) => {
    const [reset] = await tx
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, hashToken(token)))
      .for("update")
      .limit(1);
    if (!reset) throw new RuleRefused("This reset link is not valid.");
    if (reset.usedAt)
      throw new RuleRefused(
        "This reset link has already been used. Ask for a new one from the sign-in page.",
      );
    if (reset.expiresAt <= new Date())
      throw new RuleRefused("This reset link has expired. Ask for a new one from the sign-in page.");
    await tx.update(passwordResets).set({ usedAt: new Date() }).where(eq(passwordResets.id, reset.id));
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, reset.userId));
    await tx.delete(sessions).where(eq(sessions.userId, reset.userId));
    await recordAudit(tx, {
      actorUserId: reset.userId,
      organisationId: reset.organisationId,
      action: "password_reset.used",
      entityType: "user",
      entityId: reset.userId,
      after: { resetId: reset.id, sessionsEnded: "all" },
    });
  });
}
