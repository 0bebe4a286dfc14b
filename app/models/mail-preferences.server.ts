// Mail preferences (docs/product.md "Mail"): per person and topic of non-essential mail, at once, daily digest, or
// off; and the one-click unsubscribe link each such message carries, a signed token naming the person and the topic
// (no session needed, never expires, stops that topic only).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
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

const deliveryField = z.enum(
  MAIL_DELIVERIES as [MailDelivery, ...MailDelivery[]],
  "Choose at once, daily digest or off.",
);

function preferencesSchemaOf(kind: OrgKind) {
  return z.object(Object.fromEntries(topicsFor(kind).map((topic) => [topic, deliveryField])));
}

const PREFERENCES_SCHEMAS = { buyer: preferencesSchemaOf("buyer"), partner: preferencesSchemaOf("partner") };

/** The preferences page's form: one delivery per topic the person's kind of organisation receives, each required. */
export function mailPreferencesSchema(kind: OrgKind) {
  return PREFERENCES_SCHEMAS[kind];
}

const KEY_NAME = "unsubscribe-signing-key";
const KEY = Symbol.for("partnerlens.unsubscribeKey");
/** Per database: the key, and whether it is known to be stored (read back, not only written by an open transaction). */
type KeyState = { key: Buffer; stored: boolean };
type Registry = { [KEY]?: WeakMap<object, KeyState> };

function keyStates(): WeakMap<object, KeyState> {
  const registry = globalThis as Registry;
  registry[KEY] ??= new WeakMap();
  return registry[KEY];
}

/** Whose key: the open database's, or, for a script that passes its own (the seed), the one it works on. */
const SCRIPT_DATABASE = {};
function keyOwner(): object {
  try {
    return getDb();
  } catch {
    return SCRIPT_DATABASE;
  }
}

/**
 * The installation's signing key, made once on first use and kept in the database (nothing to configure). Inside a
 * transaction, pass it: the embedded database has one connection, so a statement outside the open transaction would
 * wait for it forever. A key first written by a transaction is written again (the same value) by each transaction
 * that signs until one is read back, so a rolled-back first write loses nothing that was mailed; the links signed
 * in that transaction rolled back with it.
 */
async function signingKey(tx?: Tx): Promise<Buffer> {
  const states = keyStates();
  const owner = keyOwner();
  const known = states.get(owner);
  // Without a transaction, a key this process holds is trusted as it is: a caller may be inside a transaction that
  // wrote it (notify() signs after reading the preferences through its transaction, which loads the key).
  if (known && (known.stored || !tx)) return known.key;
  const via = tx ?? getDb();
  const candidate = known?.key.toString("base64url") ?? randomBytes(32).toString("base64url");
  const [inserted] = await via
    .insert(portalSecrets)
    .values({ name: KEY_NAME, value: candidate })
    .onConflictDoNothing()
    .returning({ value: portalSecrets.value });
  let state: KeyState;
  if (inserted) {
    // Written now: stored for good only if written outside a transaction.
    state = { key: Buffer.from(inserted.value, "base64url"), stored: !tx };
  } else {
    const [row] = await via
      .select({ value: portalSecrets.value })
      .from(portalSecrets)
      .where(eq(portalSecrets.name, KEY_NAME))
      .limit(1);
    state = { key: Buffer.from(row.value, "base64url"), stored: true };
  }
  states.set(owner, state);
  return state.key;
}

/** Forgets the key held for the open database (tests that replace its rows). */
export function forgetSigningKey(): void {
  keyStates().delete(keyOwner());
}

/** Loads the signing key through the caller's transaction, so that signing links inside it needs no other statement. */
export async function loadSigningKey(tx: Tx): Promise<void> {
  await signingKey(tx);
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
  await setDelivery(getDb(), target.userId, [{ topic: target.topic, delivery: "off" }]);
  return true;
}

/** Sets a person's delivery for one or more topics: one statement. */
async function setDelivery(
  db: Tx | ReturnType<typeof getDb>,
  userId: string,
  choices: readonly { topic: MailTopic; delivery: MailDelivery }[],
) {
  if (choices.length === 0) return;
  await db
    .insert(mailPreferences)
    .values(choices.map((c) => ({ userId, topic: c.topic, delivery: c.delivery })))
    .onConflictDoUpdate({
      target: [mailPreferences.userId, mailPreferences.topic],
      set: { delivery: sql`excluded.delivery`, updatedAt: sql`now()` },
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
    // notify() signs each recipient's unsubscribe link right after this, inside the same transaction.
    await loadSigningKey(tx);
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
  await setDelivery(
    getDb(),
    viewer.userId,
    changed.map((c) => ({ topic: c.topic, delivery: choices[c.topic] as MailDelivery })),
  );
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
