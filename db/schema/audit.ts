import { bigserial, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../columns";
import { organisations } from "./org";

/**
 * Append-only: a trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE.
 * An event belongs to the acting person's organisation alone.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: createdAt(),
    /** No foreign key: an event outlives anything it names, and must never be rewritten. */
    actorUserId: uuid(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
  },
  (t) => [index("audit_events_org_at_idx").on(t.organisationId, t.at)],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
