import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
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
  /** PGlite only: the whole data folder as a tarball (used to hand each test file a fresh copy). */
  dump?(): Promise<Blob>;
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
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      connection: { application_name: "partnerlens" },
    });
    const db: Db = drizzle({ client, schema, casing: "snake_case", logger });
    return {
      db,
      kind: "postgres",
      async ping() {
        await client`select 1`;
      },
      async close() {
        await client.end({ timeout: 5 });
      },
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (options.dataDir) {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(options.dataDir, { recursive: true });
  }
  // NOTE: PGlite runs with fsync off (relaxed durability): fine for demos and tests, not for production data.
  const client = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadFrom,
    relaxedDurability: true,
  });
  const db: Db = drizzle({ client, schema, casing: "snake_case", logger });
  return {
    db,
    kind: "pglite",
    async ping() {
      await client.query("select 1");
    },
    async close() {
      if (!client.closed) await client.close();
    },
    async dump() {
      return client.dumpDataDir("none");
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
