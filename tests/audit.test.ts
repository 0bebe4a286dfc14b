import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recordAudit } from "../app/models/audit.server";
import { getDb } from "../db/client";
import { auditEvents } from "../db/schema";
import { createOrganisation } from "./factories";

describe("audit log", () => {
  it("is append-only in the database itself: updates, deletes and truncation are refused", async () => {
    const org = await createOrganisation("buyer");
    const db = getDb();
    await db.transaction((tx) =>
      recordAudit(tx, {
        actorUserId: null,
        organisationId: org.id,
        action: "test.done",
        entityType: "test",
        entityId: "1",
      }),
    );
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.organisationId, org.id));
    await expect(
      db.update(auditEvents).set({ action: "tampered" }).where(eq(auditEvents.id, event.id)),
    ).rejects.toThrow();
    await expect(db.delete(auditEvents).where(eq(auditEvents.id, event.id))).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_events`)).rejects.toThrow();
    const [still] = await db.select().from(auditEvents).where(eq(auditEvents.id, event.id));
    expect(still.action).toBe("test.done");
  });

  it("never stores secrets, however deep the caller put them", async () => {
    const org = await createOrganisation("partner");
    const db = getDb();
    await db.transaction((tx) =>
      recordAudit(tx, {
        actorUserId: null,
        organisationId: org.id,
        action: "member.invited",
        entityType: "invitation",
        entityId: "x",
        after: {
          email: "a@b.example",
          tokenHash: "abc",
          nested: { passwordHash: "scrypt$", resetToken: "t" },
          role: "member",
        },
      }),
    );
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.organisationId, org.id));
    expect(event.after).toEqual({ email: "a@b.example", nested: {}, role: "member" });
  });

  it("rolls back with the change it records", async () => {
    const org = await createOrganisation("buyer");
    const db = getDb();
    await expect(
      db.transaction(async (tx) => {
        await recordAudit(tx, {
          actorUserId: null,
          organisationId: org.id,
          action: "x",
          entityType: "t",
          entityId: "1",
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.select().from(auditEvents).where(eq(auditEvents.organisationId, org.id))).toHaveLength(0);
  });
});
