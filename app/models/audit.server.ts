import type { Tx } from "../../db/client";
import { auditEvents } from "../../db/schema";

/** Keys never written to an audit event, whatever the caller passes. */
const SECRET_KEYS = /password|hash|token|secret/i;

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET_KEYS.test(k))
        .map(([k, v]) => [k, scrub(v)]),
    );
  }
  return value;
}

export interface AuditInput {
  actorUserId: string | null;
  /** The acting person's organisation: the event belongs to it alone. */
  organisationId: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit event inside the caller's transaction, so it commits or rolls back with the change. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    actorUserId: input.actorUserId,
    organisationId: input.organisationId,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: input.before === undefined ? null : scrub(input.before),
    after: input.after === undefined ? null : scrub(input.after),
  });
}
