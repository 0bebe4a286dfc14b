import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { DataDirLock } from "./lock";
import * as schema from "./schema";

/** One drizzle type for both drivers, so models never know which engine runs underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface DatabaseHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** Answers when the database does; throws otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * PGlite only: the whole data folder as a tarball, taken between transactions (test files get a fresh copy from
   * one; `npm run db:backup` writes one). Never call it inside a transaction: it waits for that transaction to end.
   */
  dump?(): Promise<Blob>;
  /** PGlite with a data folder: this process's hold on it, released by close(). */
  dataDirLock?: DataDirLock;
  /** PostgreSQL: the URL it was opened with (migrations open a connection of their own, without a time limit). */
  url?: string;
}

export interface OpenOptions {
  /** postgres://… for a real server; absent for the embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data folder; absent for an in-memory database. */
  dataDir?: string;
  /** PGlite: start from a dump made by `dump()` instead of an empty cluster. */
  loadFrom?: Blob;
  /** postgres.js pool size. */
  maxConnections?: number;
  /** PostgreSQL: a statement running longer fails (DATABASE_STATEMENT_TIMEOUT_MS); absent or 0: none. */
  statementTimeoutMs?: number;
  /** PostgreSQL: told once when an outage begins (the server logs it; a start-up failure has its own line). */
  onOutage?: (message: string) => void;
}

type QueryListener = (query: string) => void;
const LISTENER = Symbol.for("partnerlens.queryListener");
type ListenerRegistry = { [LISTENER]?: QueryListener };

/**
 * Calls `listener` with every SQL statement drizzle sends until it is removed (pass undefined). Tests use it to
 * count a page's statements; it costs nothing when unset.
 */
export function setQueryListener(listener: QueryListener | undefined): void {
  (globalThis as ListenerRegistry)[LISTENER] = listener;
}

const logger = {
  logQuery(query: string) {
    (globalThis as ListenerRegistry)[LISTENER]?.(query);
  },
};

/**
 * Opens PGlite or postgres.js. The drivers are imported lazily so that a server on PostgreSQL never loads the
 * WASM engine, and the Remix bundle keeps both as external packages.
 */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const { createPool } = await import("./postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const pool = await createPool({
      url: options.databaseUrl,
      max: options.maxConnections ?? 10,
      statementTimeoutMs: options.statementTimeoutMs ?? 0,
      onOutage: options.onOutage,
    });
    const db: Db = drizzle({ client: pool.sql, schema, casing: "snake_case", logger });
    return {
      db,
      kind: "postgres",
      url: options.databaseUrl,
      ping: pool.ping,
      close: pool.close,
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  // One process per folder: the lock is taken (and the folder created) before PGlite touches anything in it.
  const { acquireDataDirLock } = await import("./lock");
  const dataDirLock = options.dataDir ? acquireDataDirLock(options.dataDir) : undefined;
  let client: InstanceType<typeof PGlite>;
  try {
    // NOTE: PGlite runs with fsync off (relaxed durability): fine for demos and tests, not for production data.
    client = await PGlite.create({
      dataDir: options.dataDir,
      loadDataDir: options.loadFrom,
      relaxedDurability: true,
    });
  } catch (error) {
    dataDirLock?.release();
    throw error;
  }
  // A dump holds the lock file of the folder it was taken from, and loading it just wrote that over ours.
  if (options.loadFrom) dataDirLock?.rewrite();
  const db: Db = drizzle({ client, schema, casing: "snake_case", logger });
  return {
    db,
    kind: "pglite",
    dataDirLock,
    async ping() {
      await client.query("select 1");
    },
    async close() {
      try {
        if (!client.closed) await client.close();
      } finally {
        dataDirLock?.release();
      }
    },
    async dump() {
      // NOTE: dumpDataDir waits only for the statement in flight (PGlite's query mutex), so alone it can copy the
      // folder between two statements of a transaction. query(), exec() and transaction() hold PGlite's transaction
      // mutex throughout (@electric-sql/pglite 0.5.16, BasePGlite): holding it too, the copy falls between them.
      return client._runExclusiveTransaction(() => client.dumpDataDir("none"));
    },
  };
}

// The Express server (run by tsx) and the Remix server bundle each get their own copy of this module; the handle
// lives on globalThis so that both use the one connection (PGlite allows one process, one instance per folder).
const KEY = Symbol.for("partnerlens.database");
type Registry = { [KEY]?: DatabaseHandle };

export function setDatabase(handle: DatabaseHandle | undefined): void {
  (globalThis as Registry)[KEY] = handle;
}

export function getDatabase(): DatabaseHandle {
  const handle = (globalThis as Registry)[KEY];
  if (!handle) throw new Error("The database is not open: the server opens it before serving requests.");
  return handle;
}

/** The drizzle instance every model uses. */
export function getDb(): Db {
  return getDatabase().db;
}

export { schema };
