import { data } from "@remix-run/node";
import { and, eq, gt, lt, or, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { throttleEvents } from "../../db/schema";
import { plural } from "./format";
import { THROTTLES, type ThrottleScope } from "./limits";

/** One limit to check: attempts of `scope` by `key` (an account, an address, a person) in its window. */
export type ThrottleKey = { scope: ThrottleScope; key: string };
/** A key to check, with a maximum other than its scope's (set by the environment). */
export type ThrottleCheck = ThrottleKey & { max?: number };

/**
 * Seconds until every key may try again (the oldest attempt in a full window leaves it), or 0 when none is at its
 * limit. A sliding window, never a permanent lock. One statement whatever the number of keys.
 */
export async function retryAfterSeconds(keys: readonly ThrottleCheck[], now = Date.now()): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await getDb()
    .select({
      scope: throttleEvents.scope,
      key: throttleEvents.key,
      n: sql<number>`count(*)::int`,
      oldest: sql<string>`min(${throttleEvents.createdAt})`,
    })
    .from(throttleEvents)
    .where(
      or(
        ...keys.map(({ scope, key }) =>
          and(
            eq(throttleEvents.scope, scope),
            eq(throttleEvents.key, key),
            gt(throttleEvents.createdAt, new Date(now - THROTTLES[scope].windowMs)),
          ),
        ),
      ),
    )
    .groupBy(throttleEvents.scope, throttleEvents.key);
  let wait = 0;
  for (const row of rows) {
    const scope = row.scope as ThrottleScope;
    const max = keys.find((k) => k.scope === scope && k.key === row.key)?.max ?? THROTTLES[scope].max;
    if (row.n < max) continue;
    // NOTE: the oldest attempt leaving the window reopens it unless concurrent attempts raced past the check; then
    // the next try is told to wait again, never locked for good.
    const reopens = new Date(row.oldest).getTime() + THROTTLES[scope].windowMs;
    wait = Math.max(wait, Math.ceil((reopens - now) / 1000));
  }
  return wait > 0 ? Math.max(1, wait) : 0;
}

/** Counts one attempt against each key. */
export async function recordAttempts(keys: readonly ThrottleKey[]): Promise<void> {
  if (keys.length > 0)
    await getDb()
      .insert(throttleEvents)
      .values([...keys]);
}

/** Forgets the attempts of one key (a successful sign-in clears its account's failures). */
export async function clearAttempts({ scope, key }: ThrottleKey): Promise<void> {
  await getDb()
    .delete(throttleEvents)
    .where(and(eq(throttleEvents.scope, scope), eq(throttleEvents.key, key)));
}

/** Deletes attempts that left their scope's window (housekeeping). One statement. */
export async function purgeAttempts(now = Date.now()): Promise<void> {
  await getDb()
    .delete(throttleEvents)
    .where(
      or(
        ...Object.entries(THROTTLES).map(([scope, t]) =>
          and(eq(throttleEvents.scope, scope), lt(throttleEvents.createdAt, new Date(now - t.windowMs))),
        ),
      ),
    );
}

/** "3 minutes", "1 minute", "40 seconds". */
export function waitText(seconds: number): string {
  if (seconds < 60) return plural(seconds, "second", "seconds");
  return plural(Math.ceil(seconds / 60), "minute", "minutes");
}

/** The 429 answer: a message, and `Retry-After` so that clients (and pages) know when to come back. */
export function tooManyAttempts<T extends Record<string, unknown>>(retryAfter: number, body: T) {
  return data(body, { status: 429, headers: { "Retry-After": String(retryAfter) } });
}

/**
 * For pages a link opens (an invitation, a password reset): throws the 429 page while this address has failed too
 * many links in the window, so that tokens cannot be guessed by trying them.
 */
export async function guardLinks(clientIp: string): Promise<void> {
  const wait = await retryAfterSeconds([{ scope: "link", key: clientIp }]);
  if (wait > 0) {
    throw tooManyAttempts(wait, {
      message: `Too many links that did not work were opened from your address. Wait ${waitText(wait)} and try again.`,
    });
  }
}

/** Counts a link that did not work (unknown, or of the wrong kind) against its address. */
export async function failedLink(clientIp: string): Promise<void> {
  await recordAttempts([{ scope: "link", key: clientIp }]);
}
