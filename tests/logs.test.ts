// Logs never print SQL parameters: a failed request's log names the error, its SQLSTATE and where it happened, never
// the values its query carried (the session's hash above all, which would let a log reader take over the session).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../app/server/app";
import { hashToken } from "../app/utils/crypto.server";
import { parseEnv } from "../app/utils/env.server";
import { describeError } from "../app/utils/log.server";
import { getDatabase, getDb } from "../db/client";
import { createWorld, sessionCookie } from "./factories";

let server: Server;
let base: string;

beforeAll(async () => {
  const app = createApp({
    env: parseEnv({ NODE_ENV: "production", LOG_REQUESTS: "false" }),
    database: getDatabase(),
    root: path.resolve(import.meta.dirname, ".."),
    isDraining: () => false,
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

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
