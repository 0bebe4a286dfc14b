// What the benchmarks of `npm run bench` share: a database of their own (a temporary PGlite folder, or with
// DATABASE_URL a fresh database on that server, dropped at the end), migrated; the production server in-process on
// loopback; a buyer's session created directly; batch inserts, a repeatable random generator and timing helpers.
// App modules are imported inside the functions, once the caller has set NODE_ENV (React and Remix choose their
// production builds when first loaded).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { DatabaseHandle, Db } from "../../db/client";

export const BATCH = 1_000;

/** mulberry32: a repeatable data set. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/** The p-th percentile of ascending `sorted` (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface BenchDatabase {
  handle: DatabaseHandle;
  /** On PostgreSQL, the benchmark database's URL (another process may connect to it); undefined on PGlite. */
  databaseUrl?: string;
  /** For people: the engine, where, and what happens to it afterwards. */
  engine: string;
  /** "PGlite" or "PostgreSQL". */
  engineName: string;
  /** Closes the handle and removes the folder or drops the database. */
  cleanup(): Promise<void>;
}

/** A migrated database of the benchmark's own: `prefix` names the PGlite folder or the PostgreSQL database. */
export async function openBenchDatabase(prefix = "partnerlens_bench"): Promise<BenchDatabase> {
  const { openDatabase } = await import("../../db/client");
  const { migrateDatabase } = await import("../../db/migrate");
  const url = process.env.DATABASE_URL;
  let bench: BenchDatabase;
  if (url) {
    const name = `${prefix}_${randomBytes(4).toString("hex")}`;
    const admin = await openDatabase({ databaseUrl: url, maxConnections: 1 });
    await admin.db.execute(sql.raw(`create database ${name}`));
    const u = new URL(url);
    u.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: u.toString(), maxConnections: 10 });
    bench = {
      handle,
      databaseUrl: u.toString(),
      engine: `PostgreSQL (${new URL(url).host}, database ${name}, dropped afterwards)`,
      engineName: "PostgreSQL",
      async cleanup() {
        await handle.close();
        await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
        await admin.close();
      },
    };
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/_/g, "-")}-`));
    const handle = await openDatabase({ dataDir: dir });
    bench = {
      handle,
      engine: `PGlite (${dir}, removed afterwards)`,
      engineName: "PGlite",
      async cleanup() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  try {
    await migrateDatabase(bench.handle);
  } catch (error) {
    await bench.cleanup();
    throw error;
  }
  return bench;
}

export interface BenchServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/**
 * Makes `handle` the database the app uses and starts the production server on 127.0.0.1, a free port. `close`
 * stops it and forgets the database.
 */
export async function startBenchServer(handle: DatabaseHandle, root: string): Promise<BenchServer> {
  const { createApp } = await import("../../app/server/app");
  const { setEnv } = await import("../../app/utils/config.server");
  const { parseEnv } = await import("../../app/utils/env.server");
  const { setDatabase } = await import("../../db/client");
  const env = parseEnv({ NODE_ENV: "production", LOG_REQUESTS: "false" });
  setEnv(env);
  setDatabase(handle);
  const app = createApp({ env, database: handle, root, isDraining: () => false });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      setDatabase(undefined);
    },
  };
}

/** A session row for `userId` in `organisationId`, created directly (no password); returns the Cookie header. */
export async function createBenchSession(db: Db, userId: string, organisationId: string): Promise<string> {
  const { createSession } = await import("../../app/utils/session.server");
  const setCookie = await db.transaction((tx) =>
    createSession(tx, new Request("http://127.0.0.1/"), { userId, organisationId, clientIp: "127.0.0.1" }),
  );
  return setCookie.split(";")[0];
}

export interface Timing {
  runs: number;
  median: number;
  p95: number;
  /** Runs per second over the measured wall-clock time. */
  perSecond: number;
}

function summarise(times: number[], elapsed: number): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    runs: times.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    perSecond: (times.length / elapsed) * 1000,
  };
}

/** `warmUp` unmeasured runs, then `runs` measured ones, one at a time. */
export async function timeSequential(
  warmUp: number,
  runs: number,
  run: () => Promise<unknown>,
): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await run();
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return summarise(times, performance.now() - started);
}

/** `clients` loops sharing `runs` measured runs in all, each waiting for its previous run. */
export async function timeConcurrent(
  clients: number,
  runs: number,
  run: () => Promise<unknown>,
): Promise<Timing> {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < runs) {
        next += 1;
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
    }),
  );
  return summarise(times, performance.now() - started);
}

const READY_LINE = /PartnerLens is ready at http:\/\/[^:\s]+:(\d+)/;

/**
 * The production server as people run it (`scripts/server.ts`, the built app) in a process of its own, on the
 * benchmark's PostgreSQL database: the requests' client then shares no event loop, heap or garbage collector with
 * the server, and the two cores serve one each. (PGlite allows one process per folder: there the benchmark keeps the
 * server in its own process, `startBenchServer`.)
 */
export async function startServerProcess(root: string, databaseUrl: string): Promise<BenchServer> {
  const { spawn } = await import("node:child_process");
  // NOTE: the flags of `npm run serve` (package.json): a 64 MB young generation cut the comparison's p95 by a fifth
  // (fewer scavenges of its short-lived objects).
  const child = spawn(
    process.execPath,
    ["--max-semi-space-size=64", "--import", "tsx", "scripts/server.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: databaseUrl,
        SEED_DEMO: "false",
        LOG_REQUESTS: "false",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The server did not start within 60 s:\n${log}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = READY_LINE.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code} before it was ready:\n${log}`));
    });
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
