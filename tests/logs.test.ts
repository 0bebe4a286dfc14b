import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashToken } from "../app/utils/crypto.server";
import { describeError } from "../app/utils/log.server";
import { getDb } from "../db/client";
import { createWorld, sessionCookie } from "./factories";
import { type InProcessServer, serveApp } from "./http-server";

let server: InProcessServer;
let base: string;

beforeAll(async () => {
  server = await serveApp();
  base = server.base;
});

afterAll(() => server.close());

describe("error logs", () => {
  it("describe a failed query by its statement and SQLSTATE, without its parameters", async () => {
    const secret = "a-parameter-no-log-may-show";
    const error = await getDb()
      .execute(sql`select ${secret}::int as n`)
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain(secret);
    const logged = describeError(error);
    expect(logged).toContain("Failed query: select $1::int as n");
    expect(logged).toContain("code 22P02");
    expect(logged).toContain("params: [not logged]");
    expect(logged).not.toContain(secret);
    expect(logged).toMatch(/\n\s+at /);
  });

  it("of a request that fails on the database hold neither the session's hash nor its cookie", async () => {
    const world = await createWorld();
    const cookie = await sessionCookie(world.buyerAdmin);
    const token = cookie.split("=")[1];
    const logged: string[] = [];
    const errors = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
    });
    // The session's query fails (a column it reads is gone) with the hash among its parameters.
    await getDb().execute(sql`alter table sessions rename column last_seen_at to last_seen_gone`);
    try {
      const res = await fetch(`${base}/members`, { headers: { Cookie: cookie } });
      expect(res.status).toBe(500);
    } finally {
      await getDb().execute(sql`alter table sessions rename column last_seen_gone to last_seen_at`);
      errors.mockRestore();
    }
    const log = logged.join("\n");
    expect(log).toContain("code 42703");
    expect(log).not.toContain(hashToken(token));
    expect(log).not.toContain(token);
  });
});
