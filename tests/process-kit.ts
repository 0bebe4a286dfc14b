// Runs the server and the database scripts as real processes (as `npm run serve` and `npm run db:*` do) and counts
// what a database holds, for tests/startup.test.ts and tests/backup.test.ts.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { type DatabaseHandle, openDatabase } from "../db/client";
import { TEMPLATE_DUMP } from "./setup/shared";

export const ROOT = path.resolve(import.meta.dirname, "..");
/** `npm run serve`'s command after `node` (package.json). */
export const SERVE = ["--max-semi-space-size=64", "--import", "tsx", "scripts/server.ts"];
/** How long a server may take to print its ready line (a first start seeds demo data: 7 s idle, more when busy). */
const READY_TIMEOUT_MS = 45_000;

const folders: string[] = [];

/** A new temporary folder, removed by removeTempFolders(). */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pl-${prefix}-`));
  folders.push(dir);
  return dir;
}

/**
 * A new PGlite folder holding the migrated template (loading the global setup's dump takes ~1 s; a new cluster 4-7 s),
 * so that a server starts on it quickly. On PostgreSQL runs the setup makes no dump: then an empty folder.
 */
export async function migratedFolder(prefix: string): Promise<string> {
  const dir = path.join(tempFolder(prefix), "data");
  if (!existsSync(TEMPLATE_DUMP)) return dir;
  const database = await openDatabase({ dataDir: dir, loadFrom: new Blob([readFileSync(TEMPLATE_DUMP)]) });
  await database.close();
  return dir;
}

export function removeTempFolders(): void {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Proc {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves with the exit code and the milliseconds from spawn to exit. */
  exited: Promise<{ code: number | null; ms: number }>;
  /** Waits until the output matches (never a fixed sleep); rejects if the process exits first or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
}

/**
 * `node <args>` in the repository with the server's test environment: a free port on 127.0.0.1, no request logs,
 * and no DATABASE_URL unless `env` gives one.
 */
export function spawnNode(args: string[], env: Record<string, string> = {}): Proc {
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_REQUESTS: "false",
      DATABASE_URL: "",
      ...env,
    },
  });
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) =>
    child.on("exit", (code) => resolve({ code, ms: Date.now() - started })),
  );
  return {
    child,
    output: () => out,
    exited,
    waitFor(pattern, ms = READY_TIMEOUT_MS) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (!match) return;
          done();
          resolve(match);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${ms} ms:\n${out}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        exited.then(({ code }) => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`exited with ${code} before printing ${pattern}:\n${out}`));
        });
        check();
      });
    },
  };
}

export interface RunningServer extends Proc {
  origin: string;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the built server and waits for its ready line. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const proc = spawnNode(SERVE, env);
  const [, port] = await proc.waitFor(/ready at http:\/\/localhost:(\d+)/);
  return {
    ...proc,
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      if (proc.child.exitCode === null) proc.child.kill("SIGTERM");
      return (await proc.exited).code;
    },
  };
}

/** Runs a script (`scripts/<name>`) to its end. */
export async function runScript(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; ms: number; output: string }> {
  const proc = spawnNode(["--import", "tsx", `scripts/${name}`, ...args], env);
  const { code, ms } = await proc.exited;
  return { code, ms, output: proc.output() };
}

/** A failed sign-in: the server records it (the throttle's count), so it is a write acknowledged by the answer. */
export async function failSignIn(origin: string, email: string): Promise<number> {
  const res = await fetch(`${origin}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "not-the-password-at-all" }),
    redirect: "manual",
  });
  await res.arrayBuffer();
  return res.status;
}

async function rows<T>(database: DatabaseHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await database.db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

async function publicTables(database: DatabaseHandle): Promise<string[]> {
  const tables = await rows<{ name: string }>(
    database,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return tables.map((t) => t.name);
}

/** The number of rows in every table of the public schema. */
export async function countRows(database: DatabaseHandle): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of await publicTables(database)) {
    const [{ n }] = await rows<{ n: number }>(
      database,
      sql`select count(*)::int as n from ${sql.identifier(name)}`,
    );
    counts[name] = n;
  }
  return counts;
}

/**
 * Which of `needles` appear in some row of some public table (each row read as text): proves writes arrived
 * without naming the table they went to.
 */
export async function findInRows(database: DatabaseHandle, needles: string[]): Promise<string[]> {
  const found = new Set<string>();
  const anyNeedle = sql.join(
    needles.map((n) => sql`r::text like ${`%${n}%`}`),
    sql` or `,
  );
  for (const name of await publicTables(database)) {
    const texts = await rows<{ t: string }>(
      database,
      sql`select r::text as t from ${sql.identifier(name)} r where ${anyNeedle}`,
    );
    for (const { t } of texts) for (const needle of needles) if (t.includes(needle)) found.add(needle);
  }
  return needles.filter((n) => found.has(n));
}

/** Opens a PGlite folder (taking its lock), runs `fn`, closes it. */
export async function withFolder<T>(dataDir: string, fn: (db: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** The issue's bound on any failed start. */
const FAILURE_EXIT_MS = 30_000;
/** A password put in a DATABASE_URL that no output may show. */
export const PASSWORD = "s3cret-never-printed";

/** Starts the server expecting it to refuse: one line on its output, exit 1, in time, no password shown. */
export async function expectRefusal(
  env: Record<string, string>,
  ...mentions: string[]
): Promise<{ line: string; ms: number }> {
  const proc = spawnNode(SERVE, env);
  const { code, ms } = await proc.exited;
  const lines = proc.output().trim().split("\n");
  expect(lines, proc.output()).toHaveLength(1);
  expect(code).toBe(1);
  for (const m of mentions) expect(lines[0]).toContain(m);
  expect(lines[0]).not.toContain(PASSWORD);
  expect(ms).toBeLessThan(FAILURE_EXIT_MS);
  console.log(`[startup] ${ms} ms: ${lines[0]}`);
  return { line: lines[0], ms };
}
