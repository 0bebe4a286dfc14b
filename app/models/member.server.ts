import { and, asc, count, eq, gt } from "drizzle-orm";
import { getDb } from "../../db/client";
import { memberships, sessions, users } from "../../db/schema";
import { SESSION_IDLE_MS } from "../utils/limits";

/** The organisation's members, by name. One query. */
export async function listMembers({ organisationId }: { organisationId: string }) {
  return getDb()
    .select({
      id: memberships.id,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      userId: users.id,
      name: users.name,
      email: users.email,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(users.name));
}

/** One member of the organisation, with the number of live sessions; undefined for another tenant's id. */
export async function getMember({
  organisationId,
  membershipId,
}: {
  organisationId: string;
  membershipId: string;
}) {
  if (!isUuid(membershipId)) return undefined;
  const db = getDb();
  const [member] = await db
    .select({
      id: memberships.id,
      role: memberships.role,
      version: memberships.version,
      joinedAt: memberships.createdAt,
      userId: users.id,
      name: users.name,
      email: users.email,
      activeSessions: db.$count(
        sessions,
        and(
          eq(sessions.userId, memberships.userId),
          eq(sessions.organisationId, organisationId),
          gt(sessions.lastSeenAt, new Date(Date.now() - SESSION_IDLE_MS)),
          gt(sessions.expiresAt, new Date()),
        ),
      ),
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.id, membershipId)))
    .limit(1);
  return member;
}

export async function countMembers({ organisationId }: { organisationId: string }) {
  const [row] = await getDb()
    .select({ n: count() })
    .from(memberships)
    .where(eq(memberships.organisationId, organisationId));
  return row.n;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids in URLs are validated before they reach SQL: a malformed one is simply not found. */
export function isUuid(value: string | undefined | null): value is string {
  return !!value && UUID.test(value);
}
