// Mail preferences (docs/product.md "Mail"): per person and topic of non-essential mail, at once, daily digest, or
// off; and the one-click unsubscribe link each such message carries, a signed token naming the person and the topic
// (no session needed, never expires, stops that topic only).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { mailPreferences, memberships, organisations, portalSecrets, users } from "../../db/schema";
import {
  isMailTopic,
  MAIL_DELIVERIES,
  type MailDelivery,
  type MailTopic,
  TOPICS,
  topicsFor,
} from "../mail/topics";
import type { OrgKind } from "../utils/roles";
import { portalUrl } from "./mail.server";

const KEY_NAME = "unsubscribe-signing-key";
const KEY = Symbol.for("partnerlens.unsubscribeKey");
type Registry = { [KEY]?: Promise<Buffer> };

/** The installation's signing key, made once on first use and kept in the database (nothing to configure). */
async function signingKey(): Promise<Buffer> {
  const registry = globalThis as Registry;
  registry[KEY] ??= (async () => {
    const db = getDb();
    await db
      .insert(portalSecrets)
      .values({ name: KEY_NAME, value: randomBytes(32).toString("base64url") })
      .onConflictDoNothing();
    const [row] = await db.select().from(portalSecrets).where(eq(portalSecrets.name, KEY_NAME)).limit(1);
    return Buffer.from(row.value, "base64url");
  })().catch((error) => {
    registry[KEY] = undefined;
    throw error;
  });
  return registry[KEY];
}

/** Forgets the cached key (tests that reset the database). */
export function forgetSigningKey(): void {
  (globalThis as Registry)[KEY] = undefined;
}

function signature(key: Buffer, userId: string, topic: string): string {
  return createHmac("sha256", key).update(`unsubscribe:${userId}:${topic}`).digest("base64url");
}

/** The token of a person's unsubscribe link for one topic. */
export async function unsubscribeToken(userId: string, topic: MailTopic): Promise<string> {
  return `${userId}.${topic}.${signature(await signingKey(), userId, topic)}`;
}

/** The absolute unsubscribe link for a person and topic. */
export async function unsubscribeUrl(userId: string, topic: MailTopic): Promise<string> {
  return portalUrl(`/unsubscribe/${await unsubscribeToken(userId, topic)}`);
}

/** Who and what a token names, when its signature holds; undefined for anything else. */
export async function readUnsubscribeToken(
  token: string,
): Promise<{ userId: string; topic: MailTopic } | undefined> {
  if (!token || token.length > 200) return undefined;
  const [userId, topic, sig, ...rest] = token.split(".");
  if (rest.length > 0 || !userId || !topic || !sig || !isMailTopic(topic)) return undefined;
  const expected = Buffer.from(signature(await signingKey(), userId, topic));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return { userId, topic };
}

/** What an unsubscribe page shows: whose address, which topic, and whether it is off already. */
export async function unsubscribeTarget(token: string) {
  const named = await readUnsubscribeToken(token);
  if (!named) return undefined;
  const [row] = await getDb()
    .select({ email: users.email, delivery: mailPreferences.delivery })
    .from(users)
    .leftJoin(
      mailPreferences,
      and(eq(mailPreferences.userId, users.id), eq(mailPreferences.topic, named.topic)),
    )
    .where(eq(users.id, named.userId))
    .limit(1);
  if (!row) return undefined;
  return {
    ...named,
    email: row.email,
    topicLabel: TOPICS[named.topic].label,
    off: row.delivery === "off",
  };
}

/** Stops one topic for the token's person (a POST: the page's button, or a mail program's one-click). */
export async function unsubscribe(token: string): Promise<boolean> {
  const target = await unsubscribeTarget(token);
  if (!target) return false;
  await setDelivery(getDb(), target.userId, target.topic, "off");
  return true;
}

async function setDelivery(
  db: Tx | ReturnType<typeof getDb>,
  userId: string,
  topic: MailTopic,
  delivery: MailDelivery,
) {
  await db
    .insert(mailPreferences)
    .values({ userId, topic, delivery })
    .onConflictDoUpdate({
      target: [mailPreferences.userId, mailPreferences.topic],
      set: { delivery, updatedAt: sql`now()` },
    });
}

/** Each recipient's delivery for one topic (at once when they chose nothing). One query. */
export async function deliveriesFor(
  tx: Tx,
  userIds: readonly string[],
  topic: MailTopic,
): Promise<Map<string, MailDelivery>> {
  const chosen = new Map<string, MailDelivery>();
  if (userIds.length > 0) {
    const rows = await tx
      .select({ userId: mailPreferences.userId, delivery: mailPreferences.delivery })
      .from(mailPreferences)
      .where(and(inArray(mailPreferences.userId, [...userIds]), eq(mailPreferences.topic, topic)));
    for (const r of rows) chosen.set(r.userId, r.delivery);
  }
  return new Map(userIds.map((id) => [id, chosen.get(id) ?? "immediate"]));
}

/** A person's choices for the topics their organisation's kind receives, in the page's order. One query. */
export async function myPreferences(viewer: { userId: string; kind: OrgKind }) {
  const rows = await getDb()
    .select({ topic: mailPreferences.topic, delivery: mailPreferences.delivery })
    .from(mailPreferences)
    .where(eq(mailPreferences.userId, viewer.userId));
  const chosen = new Map(rows.map((r) => [r.topic, r.delivery]));
  return topicsFor(viewer.kind).map((topic) => ({
    topic,
    ...TOPICS[topic],
    delivery: chosen.get(topic) ?? ("immediate" as MailDelivery),
  }));
}

/** Saves a person's choices for their topics in one transaction; returns how many changed. */
export async function saveMyPreferences(
  viewer: { userId: string; kind: OrgKind },
  choices: Partial<Record<MailTopic, MailDelivery>>,
): Promise<number> {
  const current = await myPreferences(viewer);
  const changed = current.filter((c) => {
    const next = choices[c.topic];
    return next !== undefined && MAIL_DELIVERIES.includes(next) && next !== c.delivery;
  });
  if (changed.length === 0) return 0;
  await getDb().transaction(async (tx) => {
    for (const c of changed) await setDelivery(tx, viewer.userId, c.topic, choices[c.topic] as MailDelivery);
  });
  return changed.length;
}

/** The members of organisations (by id), with what a message to them needs. One query. */
export async function membersOf(
  tx: Tx,
  organisationIds: readonly string[],
  { roles }: { roles?: readonly string[] } = {},
) {
  if (organisationIds.length === 0) return [];
  return tx
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      organisationId: memberships.organisationId,
      organisationName: organisations.name,
      timeZone: organisations.timeZone,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        inArray(memberships.organisationId, [...organisationIds]),
        roles
          ? inArray(memberships.role, roles as ("admin" | "evaluator" | "viewer" | "member")[])
          : undefined,
      ),
    );
}
