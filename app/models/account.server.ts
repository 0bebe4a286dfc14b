import { and, desc, eq, gt, ne } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../../db/client";
import { sessions, users } from "../../db/schema";
import { hashPassword, verifyPassword } from "../utils/crypto.server";
import { InputError } from "../utils/errors.server";
import { MAX_PASSWORD_LENGTH, SESSION_IDLE_MS } from "../utils/limits";
import { passwordProblem } from "../utils/password-policy.server";
import { recordAudit } from "./audit.server";
import { isUuid } from "./member.server";

export interface Me {
  userId: string;
  organisationId: string;
  sessionIdHash: string;
  email: string;
}

/** "Chrome on macOS" from a User-Agent header: enough for a person to recognise their device. */
export function describeDevice(userAgent: string): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /OPR\//.test(userAgent)
      ? "Opera"
      : /Firefox\//.test(userAgent)
        ? "Firefox"
        : /(Chrome|Chromium|HeadlessChrome)\//.test(userAgent)
          ? "Chrome"
          : /Safari\//.test(userAgent)
            ? "Safari"
            : /curl|node|undici/i.test(userAgent)
              ? "Script"
              : "Browser";
  const os = /iPhone|iPad/.test(userAgent)
    ? "iOS"
    : /Android/.test(userAgent)
      ? "Android"
      : /Mac OS X|Macintosh/.test(userAgent)
        ? "macOS"
        : /Windows/.test(userAgent)
          ? "Windows"
          : /Linux|X11/.test(userAgent)
            ? "Linux"
            : "";
  return os ? `${browser} on ${os}` : browser;
}

/** The person's live sessions, most recent first, the current one marked. One query. */
export async function listMySessions(me: Me) {
  const rows = await getDb()
    .select({
      idHash: sessions.idHash,
      publicId: sessions.publicId,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      userAgent: sessions.userAgent,
      ipAddress: sessions.ipAddress,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, me.userId),
        gt(sessions.expiresAt, new Date()),
        gt(sessions.lastSeenAt, new Date(Date.now() - SESSION_IDLE_MS)),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
  return rows.map(({ idHash, ...r }) => ({
    ...r,
    device: describeDevice(r.userAgent),
    current: idHash === me.sessionIdHash,
  }));
}

/** Ends one of the person's own sessions (another person's id is simply not found). */
export async function endMySession(me: Me, publicId: string): Promise<boolean> {
  if (!isUuid(publicId)) return false;
  return getDb().transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.publicId, publicId), eq(sessions.userId, me.userId)))
      .returning({ publicId: sessions.publicId, userAgent: sessions.userAgent });
    if (ended.length === 0) return false;
    await recordAudit(tx, {
      actorUserId: me.userId,
      organisationId: me.organisationId,
      action: "session.ended",
      entityType: "session",
      entityId: publicId,
      before: { device: describeDevice(ended[0].userAgent) },
    });
    return true;
  });
}

/** Ends every session of the person but the one making the request; returns how many ended. */
export async function endMyOtherSessions(me: Me): Promise<number> {
  return getDb().transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, me.userId), ne(sessions.idHash, me.sessionIdHash)))
      .returning({ publicId: sessions.publicId });
    if (ended.length > 0) {
      await recordAudit(tx, {
        actorUserId: me.userId,
        organisationId: me.organisationId,
        action: "session.ended_others",
        entityType: "user",
        entityId: me.userId,
        after: { sessionsEnded: ended.length },
      });
    }
    return ended.length;
  });
}

export const changePasswordSchema = z.object({
  currentPassword: z
    .string()
    .min(1, "Enter your current password.")
    .max(MAX_PASSWORD_LENGTH + 1),
  newPassword: z.string().max(MAX_PASSWORD_LENGTH + 1),
});

/**
 * Changes the person's password after checking the current one; ends every other session. A wrong current
 * password or a refused new one is an InputError naming its field.
 */
export async function changeMyPassword(me: Me, input: z.infer<typeof changePasswordSchema>): Promise<number> {
  const [user] = await getDb()
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, me.userId))
    .limit(1);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new InputError({ currentPassword: "That is not your current password." });
  }
  const problem = passwordProblem(input.newPassword, { email: me.email });
  if (problem) throw new InputError({ newPassword: problem });
  if (input.newPassword === input.currentPassword) {
    throw new InputError({ newPassword: "Choose a password different from the current one." });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return getDb().transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, me.userId));
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, me.userId), ne(sessions.idHash, me.sessionIdHash)))
      .returning({ publicId: sessions.publicId });
    await recordAudit(tx, {
      actorUserId: me.userId,
      organisationId: me.organisationId,
      action: "user.password_changed",
      entityType: "user",
      entityId: me.userId,
      after: { otherSessionsEnded: ended.length },
    });
    return ended.length;
  });
}
