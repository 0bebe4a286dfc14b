import { and, eq, gt, lt, or } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { idempotencyKeys, memberships, organisations, sessions, users } from "../../db/schema";
import { getEnv } from "./config.server";
import { hashToken, randomToken } from "./crypto.server";
import { IDEMPOTENCY_KEY_TTL_MS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_MS } from "./limits";
import { purgeAttempts } from "./throttle.server";

export const SESSION_COOKIE = "pl_session";

export interface SessionContext {
  sessionIdHash: string;
  userId: string;
  email: string;
  name: string;
  organisationId: string;
  orgKind: "buyer" | "partner";
  orgName: string;
  orgTimeZone: string;
  role: "admin" | "evaluator" | "viewer" | "member";
  /** Whether the person followed a confirmation link (or a mailed invitation): until then the shell reminds them. */
  emailConfirmed: boolean;
}

function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("Cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Secure on HTTPS, and in production anywhere but a loopback address (so a local demo over http works). */
function isSecure(request: Request): boolean {
  const url = new URL(request.url);
  if (url.protocol === "https:") return true;
  return getEnv().NODE_ENV === "production" && !LOOPBACK.has(url.hostname);
}

function cookieHeader(request: Request, value: string, maxAgeSeconds: number): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (isSecure(request)) parts.push("Secure");
  return parts.join("; ");
}

export function clearSessionCookie(request: Request): string {
  return cookieHeader(request, "", 0);
}

/** Creates a session row (stored by the id's hash) and returns the Set-Cookie header carrying the id. */
export async function createSession(
  tx: Tx,
  request: Request,
  input: { userId: string; organisationId: string; clientIp: string },
): Promise<string> {
  const token = randomToken();
  const now = Date.now();
  await tx.insert(sessions).values({
    idHash: hashToken(token),
    userId: input.userId,
    organisationId: input.organisationId,
    createdAt: new Date(now),
    lastSeenAt: new Date(now),
    expiresAt: new Date(now + SESSION_ABSOLUTE_MS),
    userAgent: (request.headers.get("User-Agent") ?? "").slice(0, 300),
    ipAddress: input.clientIp.slice(0, 64),
  });
  return cookieHeader(request, token, Math.floor(SESSION_ABSOLUTE_MS / 1000));
}

/**
 * The live session behind the request's cookie, with its user, organisation and role; undefined when there is
 * none, it expired (idle 12 h or absolute 7 days) or was revoked. One query; the last-seen time is refreshed at
 * most every few minutes.
 */
export function readSession(request: Request): Promise<SessionContext | undefined> {
  // NOTE: the root's loader and the page's loader both ask, with the same Request: one query serves both. Only for
  // reads: an action may change the session or the membership it depends on.
  if (request.method !== "GET" && request.method !== "HEAD") return lookUpSession(request);
  let pending = sessionsOfRequests.get(request);
  if (!pending) {
    pending = lookUpSession(request);
    sessionsOfRequests.set(request, pending);
  }
  return pending;
}

const sessionsOfRequests = new WeakMap<Request, Promise<SessionContext | undefined>>();

async function lookUpSession(request: Request): Promise<SessionContext | undefined> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token || token.length > 200) return undefined;
  const idHash = hashToken(token);
  const db = getDb();
  const now = new Date();
  const [row] = await db
    .select({
      sessionIdHash: sessions.idHash,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      organisationId: organisations.id,
      orgKind: organisations.kind,
      orgName: organisations.name,
      orgTimeZone: organisations.timeZone,
      role: memberships.role,
      emailConfirmedAt: users.emailConfirmedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(
      memberships,
      and(eq(memberships.userId, sessions.userId), eq(memberships.organisationId, sessions.organisationId)),
    )
    .innerJoin(organisations, eq(organisations.id, sessions.organisationId))
    .where(
      and(
        eq(sessions.idHash, idHash),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    )
    .limit(1);
  if (!row) return undefined;
  if (now.getTime() - row.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  const { lastSeenAt: _seen, emailConfirmedAt, ...context } = row;
  return { ...context, emailConfirmed: emailConfirmedAt !== null };
}

/** Signs a person in: a new session in its own transaction; returns the Set-Cookie header. */
export async function startSession(
  request: Request,
  input: { userId: string; organisationId: string; clientIp: string },
): Promise<string> {
  return getDb().transaction((tx) => createSession(tx, request, input));
}

/** Signs the request's session out (deletes its row) and returns the header that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const token = readCookie(request, SESSION_COOKIE);
  if (token)
    await getDb()
      .delete(sessions)
      .where(eq(sessions.idHash, hashToken(token)));
  return clearSessionCookie(request);
}

export async function deleteSession(tx: Tx, idHash: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.idHash, idHash));
}

/**
 * Housekeeping (at start-up and hourly): removes sessions past their idle or absolute expiry, throttled attempts
 * that left every window, and idempotency keys older than a day (no browser resubmits a form that late).
 */
export async function purgeExpired(now = new Date()): Promise<void> {
  const db = getDb();
  await db
    .delete(sessions)
    .where(
      or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS))),
    );
  await purgeAttempts(now.getTime());
  await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS)));
}
