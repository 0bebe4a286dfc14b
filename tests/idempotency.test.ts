import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orgNameKey } from "../app/models/auth.server";
import { MissingIdempotencyKey, once } from "../app/utils/idempotency.server";
import { getDb } from "../db/client";
import { organisations } from "../db/schema";

function form(key: string) {
  const f = new FormData();
  f.set("_idempotency", key);
  return f;
}

async function countNamed(name: string) {
  const [row] = await getDb().select({ n: count() }).from(organisations).where(eq(organisations.name, name));
  return row.n;
}

function createOrg(name: string) {
  return async (tx: Parameters<Parameters<typeof once>[2]>[0]) => {
    const [org] = await tx
      .insert(organisations)
      .values({ kind: "buyer", name, nameKey: orgNameKey(name) })
      .returning({ id: organisations.id });
    return `/orgs/${org.id}`;
  };
}

describe("idempotent create forms", () => {
  it("creates one row for a form sent twice, and replays where the first went", async () => {
    const key = randomUUID();
    const first = await once(form(key), "test", createOrg("Once Ltd"));
    const second = await once(form(key), "test", createOrg("Once Ltd"));
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ location: first.location, replayed: true });
    expect(await countNamed("Once Ltd")).toBe(1);
  });

  it("creates one row when the same form arrives concurrently", async () => {
    const key = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => once(form(key), "test", createOrg("Concurrent Ltd"))),
    );
    expect(new Set(results.map((r) => r.location)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await countNamed("Concurrent Ltd")).toBe(1);
  });

  it("leaves the key unused when the create fails, so the corrected form can be sent", async () => {
    const key = randomUUID();
    await expect(
      once(form(key), "test", async () => {
        throw new Error("bad input");
      }),
    ).rejects.toThrow("bad input");
    const retry = await once(form(key), "test", createOrg("Retry Ltd"));
    expect(retry.replayed).toBe(false);
    expect(await countNamed("Retry Ltd")).toBe(1);
  });

  it("keeps different forms apart: two keys, two rows", async () => {
    await once(form(randomUUID()), "test", createOrg("Twice Ltd"));
    await once(form(randomUUID()), "test", createOrg("Twice Ltd"));
    expect(await countNamed("Twice Ltd")).toBe(2);
  });

  it("refuses a form without a key", async () => {
    await expect(once(new FormData(), "test", createOrg("Keyless"))).rejects.toBeInstanceOf(
      MissingIdempotencyKey,
    );
    await expect(once(form("not-a-key"), "test", createOrg("Keyless"))).rejects.toBeInstanceOf(
      MissingIdempotencyKey,
    );
    expect(await countNamed("Keyless")).toBe(0);
  });
});
