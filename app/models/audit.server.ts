import { and, asc, count, desc, eq, gte, lt } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { auditEvents, users } from "../../db/schema";
import { isIsoDay, nextDay, startOfDayIn } from "../domain/calendar";

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

/** Who makes a change: the person and the organisation the change (and its audit event) belongs to. */
export interface Actor {
  userId: string;
  organisationId: string;
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
  /** When it happened: now unless given (the demo data tells a story over weeks). */
  at?: Date;
}

/** Writes one audit event inside the caller's transaction, so it commits or rolls back with the change. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await recordAudits(tx, [input]);
}

/** Writes several audit events in one statement, inside the caller's transaction. */
export async function recordAudits(tx: Tx, inputs: readonly AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await tx.insert(auditEvents).values(
    inputs.map((input) => ({
      ...(input.at ? { at: input.at } : {}),
      actorUserId: input.actorUserId,
      organisationId: input.organisationId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      before: input.before === undefined ? null : scrub(input.before),
      after: input.after === undefined ? null : scrub(input.after),
    })),
  );
}

export const AUDIT_PAGE_SIZE = 50;
// NOTE: a CSV export is bounded so that one request cannot hold the database for long.
export const AUDIT_EXPORT_LIMIT = 50_000;

export interface AuditFilter {
  organisationId: string;
  actorUserId?: string;
  action?: string;
  /** Inclusive instant bounds. */
  from?: Date;
  before?: Date;
}

function auditWhere(filter: AuditFilter) {
  return and(
    eq(auditEvents.organisationId, filter.organisationId),
    filter.actorUserId ? eq(auditEvents.actorUserId, filter.actorUserId) : undefined,
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.from ? gte(auditEvents.at, filter.from) : undefined,
    filter.before ? lt(auditEvents.at, filter.before) : undefined,
  );
}

const auditColumns = {
  id: auditEvents.id,
  at: auditEvents.at,
  action: auditEvents.action,
  entityType: auditEvents.entityType,
  entityId: auditEvents.entityId,
  before: auditEvents.before,
  after: auditEvents.after,
  actorUserId: auditEvents.actorUserId,
  actorName: users.name,
  actorEmail: users.email,
};

/** One page of the organisation's audit log, newest first, and the number of matching events. Two queries. */
export async function listAuditEvents(filter: AuditFilter, page: number) {
  const db = getDb();
  const where = auditWhere(filter);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(auditColumns)
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE),
    db.select({ total: count() }).from(auditEvents).where(where),
  ]);
  return { rows, total };
}

/** Every matching event (up to the export limit), oldest first. One query. */
export async function exportAuditEvents(filter: AuditFilter) {
  return getDb()
    .select(auditColumns)
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(auditWhere(filter))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id))
    .limit(AUDIT_EXPORT_LIMIT);
}

/** The actions that occur in the organisation's log, for the filter. One query. */
export async function listAuditActions({ organisationId }: { organisationId: string }) {
  const rows = await getDb()
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.organisationId, organisationId))
    .orderBy(asc(auditEvents.action));
  return rows.map((r) => r.action);
}

export interface AuditQuery {
  filter: AuditFilter;
  page: number;
  values: { person: string; action: string; from: string; to: string };
  errors: { person?: string; action?: string; from?: string; to?: string };
}

/**
 * Reads the audit filters from the URL. Dates are calendar days in the organisation's time zone, both ends
 * included. A bad value gets a message at its field and is not applied.
 */
export function parseAuditQuery(
  params: URLSearchParams,
  context: { organisationId: string; timeZone: string; memberIds: ReadonlySet<string> },
): AuditQuery {
  const values = {
    person: params.get("person") ?? "",
    action: params.get("action") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  };
  const errors: AuditQuery["errors"] = {};
  const filter: AuditFilter = { organisationId: context.organisationId };
  if (values.person) {
    if (context.memberIds.has(values.person)) filter.actorUserId = values.person;
    else errors.person = "Choose a person from the list.";
  }
  if (values.action) {
    if (/^[a-z_]+(\.[a-z_]+){1,2}$/.test(values.action)) filter.action = values.action;
    else errors.action = "Choose an action from the list.";
  }
  if (values.from) {
    if (isIsoDay(values.from)) filter.from = startOfDayIn(values.from, context.timeZone);
    else errors.from = "Enter a date like 2026-11-01.";
  }
  if (values.to) {
    if (isIsoDay(values.to)) filter.before = startOfDayIn(nextDay(values.to), context.timeZone);
    else errors.to = "Enter a date like 2026-11-30.";
  }
  if (filter.from && filter.before && filter.before <= filter.from) {
    errors.to = "The end date is before the start date.";
    filter.before = undefined;
  }
  const pageNumber = Number(params.get("page") ?? "1");
  const page = Number.isInteger(pageNumber) && pageNumber >= 1 && pageNumber <= 100_000 ? pageNumber : 1;
  return { filter, page, values, errors };
}
