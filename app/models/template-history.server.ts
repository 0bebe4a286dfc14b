// A template's history as the audit log tells it: who saved what since a version, in words.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { auditEvents, users } from "../../db/schema";

export interface TemplateChange {
  by: string;
  at: Date;
  lines: string[];
}

/** Who changed what since a version, from the audit log (the saves after it, oldest first). */
export async function templateChangesSince(
  db: Pick<Tx, "select">,
  organisationId: string,
  templateId: string,
  version: number,
): Promise<TemplateChange[]> {
  const rows = await db
    .select({ after: auditEvents.after, at: auditEvents.at, name: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.organisationId, organisationId),
        eq(auditEvents.entityType, "template"),
        eq(auditEvents.entityId, templateId),
        eq(auditEvents.action, "template.updated"),
        sql`(${auditEvents.after} ->> 'version')::int > ${version}`,
      ),
    )
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));
  return rows.map((r) => {
    const after = (r.after ?? {}) as { changes?: unknown };
    const lines = Array.isArray(after.changes)
      ? after.changes.filter((x): x is string => typeof x === "string")
      : [];
    return { by: r.name ?? "A former member", at: r.at, lines };
  });
}
