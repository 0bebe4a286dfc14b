// PostgreSQL's limits (db/postgres.ts): a request waits at most 3 s for a connection of the pool, a statement past
// DATABASE_STATEMENT_TIMEOUT_MS fails, and during an outage (a proxy of ours that stops forwarding, closing nothing)
// the built server answers a signed-in page and a form post 503 with Retry-After within 5 s, then recovers by itself.
// Facts about the PostgreSQL pool: `*.postgres.test.ts` files run in the suite's PostgreSQL pass (vitest.config.ts).
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../db/client";
import { CONNECT_TIMEOUT_SECONDS, POOL_WAIT_MS } from "../db/postgres";
import { createWorld, sessionCookie } from "./factories";
import { type RunningServer, removeTempFolders, startServer } from "./process-kit";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

/** This file's own database (tests/setup/database.ts makes it before the tests run). */
function fileDatabase(): string {
  const url = process.env.TEST_FILE_DATABASE_URL;
  if (!url) throw new Error("tests/*.postgres.test.ts run with DATABASE_URL set (vitest.config.ts)");
  return url;
}

const opened: DatabaseHandle[] = [];
let server: RunningServer | undefined;
let proxy: TcpProxy | undefined;
afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  for (const handle of opened) await handle.close();
  removeTempFolders();
});

async function pool(options: { maxConnections: number; statementTimeoutMs?: number }) {
  const handle = await openDatabase({ databaseUrl: fileDatabase(), ...options });
  opened.push(handle);
  return handle;
}

/** Resolves when `release` is called, for holding a transaction open. */
function gate() {
  let release: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { opened, release };
}

async function elapsed<T>(work: Promise<T>): Promise<{ ms: number; result: T | undefined; error: unknown }> {
  const started = Date.now();
  try {
    const result = await work;
    return { ms: Date.now() - started, result, error: undefined };
  } catch (error) {
    return { ms: Date.now() - started, result: undefined, error };
  }
}

const codeOf = (error: unknown) => {
  let e = error as { code?: string; cause?: unknown } | undefined;
  for (let i = 0; i < 4 && e; i++) {
    if (e.code) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
};

describe("the PostgreSQL pool's limits", () => {
  it("gives up a query and a transaction that wait 3 s for a connection, and the pool still serves after", async () => {
    const db = await pool({ maxConnections: 1 });
    const hold = gate();
    const holding = db.db.transaction(async (tx) => {
      await tx.execute("select 1");
      await hold.opened;
    });
    const query = await elapsed(db.db.execute("select 1"));
    expect(query.error, "the query waited for the only connection").toBeDefined();
    expect(codeOf(query.error)).toBe("57014");
    expect(query.ms).toBeGreaterThanOrEqual(POOL_WAIT_MS - 50);
    expect(query.ms).toBeLessThan(POOL_WAIT_MS + 5_000);

    const transaction = await elapsed(db.db.transaction(async (tx) => tx.execute("select 1")));
    expect(codeOf(transaction.error)).toBe("DATABASE_BUSY");
    expect(transaction.ms).toBeGreaterThanOrEqual(POOL_WAIT_MS - 50);

    hold.release();
    await holding;
    await expect(db.db.execute("select 2 as two")).resolves.toBeDefined();
  });

  it("fails a statement that runs past the statement timeout, and lets a shorter one finish", async () => {
    const db = await pool({ maxConnections: 2, statementTimeoutMs: 300 });
    const slow = await elapsed(db.db.execute("select pg_sleep(2)"));
    expect(codeOf(slow.error)).toBe("57014");
    expect(slow.ms).toBeLessThan(1_900);
    await expect(db.db.execute("select pg_sleep(0.05)")).resolves.toBeDefined();
  });

  it("fails a new connection that cannot be made in 10 s (a host that accepts and never answers)", async () => {
    const silent = net.createServer(() => {}).listen(0, "127.0.0.1");
    await new Promise((resolve) => silent.once("listening", resolve));
    try {
      const url = new URL(fileDatabase());
      url.host = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
      const handle = await openDatabase({ databaseUrl: url.toString(), maxConnections: 1 });
      opened.push(handle);
      const attempt = await elapsed(handle.ping());
      expect(codeOf(attempt.error)).toBe("CONNECT_TIMEOUT");
      expect(attempt.ms).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_SECONDS * 1000 - 100);
      expect(attempt.ms).toBeLessThan(CONNECT_TIMEOUT_SECONDS * 1000 + 5_000);
    } finally {
      silent.close();
    }
  }, 30_000);

  it("lets a long statement run when nothing is out: the check on a connection of its own finds the database", async () => {
    const db = await pool({ maxConnections: 2 });
    const long = await elapsed(db.db.execute("select pg_sleep(2.6)"));
    expect(long.error).toBeUndefined();
    expect(long.ms).toBeGreaterThanOrEqual(2_500);
  });
});

describe("an outage between the server and PostgreSQL", () => {
  it("answers a signed-in page and a form post 503 with Retry-After within 5 s, and recovers by itself", async () => {
    const target = new URL(fileDatabase());
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(fileDatabase());
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const world = await createWorld();
    const cookie = await sessionCookie(world.buyerAdmin);
    server = await startServer({ DATABASE_URL: viaProxy.toString() });
    const { origin } = server;
    const page = () => fetch(`${origin}/members`, { headers: { Cookie: cookie }, redirect: "manual" });
    const post = () =>
      fetch(`${origin}/account`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=end-others",
        redirect: "manual",
      });
    expect((await page()).status).toBe(200);

    proxy.stop();
    const during = await Promise.all([
      elapsed(page()),
      elapsed(post()),
      ...Array.from({ length: 12 }, () => elapsed(page())),
    ]);
    for (const { result, error, ms } of during) {
      expect(error).toBeUndefined();
      expect(result?.status).toBe(503);
      expect(result?.headers.get("Retry-After")).toMatch(/^\d+$/);
      expect(ms).toBeLessThan(5_000);
    }
    expect(await during[0].result?.text()).toContain("briefly unavailable");
    // A request arriving once the outage is known is answered as fast.
    const later = await elapsed(page());
    expect(later.result?.status).toBe(503);
    expect(later.ms).toBeLessThan(5_000);

    proxy.resume();
    const since = Date.now();
    let status = 0;
    while (Date.now() - since < 20_000) {
      status = (await page()).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect((await post()).status).toBe(200);
    // The log says what happened once, with no SQL parameters (the session's hash among them).
    expect(server.output()).toContain("database: no answer within");
    expect(server.output()).not.toMatch(/params:\s*\S/);
  }, 60_000);
});
