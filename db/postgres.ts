// postgres.js with the limits a served database needs: no request waits long for a connection, a statement cannot
// run forever, and an outage (a server or network that stops answering, without closing anything) is noticed within
// seconds: every query in flight then fails, new ones fail at once while it lasts, so requests answer 503 instead of
// hanging, and the pool reconnects by itself once the database answers again.
import type { Sql, TransactionSql } from "postgres";

/** A query waits at most this long for a connection of the pool. */
export const POOL_WAIT_MS = 3_000;
/** A query unanswered this long makes the pool check, on a connection of its own, that the database answers. */
export const STALL_CHECK_MS = 1_500;
/** How long that check waits for `select 1`. */
const PROBE_TIMEOUT_MS = 1_500;
/** A check vouches for (or against) the database this long: a burst of queries makes one check. */
const PROBE_FRESH_MS = 1_000;
/** A new connection that cannot be made in this time fails, so a server that never answers cannot hang a start. */
export const CONNECT_TIMEOUT_SECONDS = 10;

/** Errors of ours carry a code that `isDatabaseUnavailable` (app/utils/database-fault.server.ts) knows. */
function unavailable(code: "DATABASE_BUSY" | "DATABASE_UNREACHABLE", message: string): Error {
  return Object.assign(new Error(message), { code });
}

const unreachable = () => unavailable("DATABASE_UNREACHABLE", "The database is not answering.");

type PendingQuery = Promise<unknown> & { state?: unknown; values(): PendingQuery; cancel(): unknown };

interface Guard {
  /** Whether a statement may go to the pool now: false during an outage the last check confirmed. */
  admit(): Promise<boolean> | boolean;
  /** Watches a statement sent outside a transaction: given up if no connection takes it in time; stalls checked. */
  query<Q extends PendingQuery>(query: Q): Q;
  /** Watches a statement inside a transaction (its connection is reserved): stalls checked. */
  stall<Q extends PendingQuery>(query: Q): Q;
  /** Counts transactions holding a connection. */
  reserved: { count: number };
  max: number;
}

/**
 * A statement that goes to postgres.js only once the guard admits it (during an outage, after a check): drizzle
 * calls `.values()` on it and awaits it, as it does a postgres.js query.
 */
function admitted(issue: () => PendingQuery, gate: Promise<boolean>) {
  let raw = false;
  const result = gate.then((admit) => {
    if (!admit) throw unreachable();
    const query = issue();
    if (raw) query.values();
    return query;
  });
  const pending: Promise<unknown> & { values(): typeof pending } = Object.assign(result, {
    values() {
      raw = true;
      return pending;
    },
  });
  return pending;
}

/**
 * Wraps a postgres.js client for drizzle: `unsafe` (every statement drizzle sends) and `begin` (its transactions)
 * are guarded; everything else (options, parsers, `end`) is the client's own.
 */
function guarded(client: Sql, guard: Guard, inTransaction = false): Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (...args: Parameters<Sql["unsafe"]>) => {
          const issue = () => target.unsafe(...args) as unknown as PendingQuery;
          // A transaction's statements run on its reserved connection: only their stalls are watched.
          if (inTransaction) return guard.stall(issue());
          const admit = guard.admit();
          return admit === true
            ? guard.query(issue())
            : admitted(() => guard.query(issue()), Promise.resolve(admit));
        };
      }
      if (property === "begin") {
        return async (...args: unknown[]) => {
          const fn = args.pop() as (tx: Sql) => Promise<unknown>;
          if (!(await guard.admit())) throw unreachable();
          return begin(target, guard, args as [string?], fn);
        };
      }
      if (property === "savepoint" && inTransaction) {
        const savepoint = Reflect.get(target, property, receiver) as (fn: (tx: Sql) => unknown) => unknown;
        return (fn: (tx: Sql) => unknown) => savepoint((tx: Sql) => fn(guarded(tx, guard, true)));
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * A transaction whose connection must be reserved within POOL_WAIT_MS, else it fails with DATABASE_BUSY; if the
 * connection comes later, the work is dropped at once (rolled back) and the connection returns to the pool.
 */
function begin(client: Sql, guard: Guard, options: [string?], fn: (tx: Sql) => Promise<unknown>) {
  return new Promise((resolve, reject) => {
    let started = false;
    let gaveUp = false;
    const timer = setTimeout(() => {
      if (started) return;
      gaveUp = true;
      reject(unavailable("DATABASE_BUSY", `No database connection was free within ${POOL_WAIT_MS} ms.`));
    }, POOL_WAIT_MS);
    const run = (tx: TransactionSql) => {
      started = true;
      clearTimeout(timer);
      if (gaveUp) throw unavailable("DATABASE_BUSY", "The transaction was given up while it waited.");
      guard.reserved.count++;
      return fn(guarded(tx as unknown as Sql, guard, true));
    };
    const began = options.length ? client.begin(options[0] ?? "", run) : client.begin(run);
    began.then(
      (value) => {
        clearTimeout(timer);
        if (started) guard.reserved.count--;
        if (!gaveUp) resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (started && !gaveUp) guard.reserved.count--;
        if (!gaveUp) reject(error);
      },
    );
  });
}

export interface PostgresOptions {
  url: string;
  max: number;
  /** 0: none (migrations). */
  statementTimeoutMs: number;
  /** Told once per outage, when the statements in flight are failed. */
  onOutage?: (message: string) => void;
}

type Parsed = { parsers: Record<string, unknown>; serializers: Record<string, unknown> };

/**
 * A postgres.js pool with POOL_WAIT_MS, CONNECT_TIMEOUT_SECONDS, a server-side statement timeout and outage
 * detection: a statement unanswered for STALL_CHECK_MS makes one `select 1` on a connection of its own; when that
 * fails too, the pool is replaced by a new one and the old one destroyed (failing the statements in flight and
 * queued), and new statements fail at once until a check succeeds.
 */
export async function createPool(options: PostgresOptions) {
  const { default: postgres } = await import("postgres");
  let prober: Sql | undefined;
  let probing: Promise<boolean> | undefined;
  let answeredAt = 0;
  let failedAt = 0;
  /** An outage is known: the last check failed, and no check has succeeded since. */
  let out = false;

  const base = {
    onnotice: () => {},
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    // NOTE: postgres.js waits up to 20 s between reconnection attempts after repeated errors by default; after an
    // outage the pool should come back within a second of the database.
    backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 1),
  };
  const open = () =>
    postgres(options.url, {
      ...base,
      max: options.max,
      connection: {
        application_name: "partnerlens",
        ...(options.statementTimeoutMs > 0 ? { statement_timeout: options.statementTimeoutMs } : {}),
      },
    });
  let current = open();

  /** Whether the database answers `select 1` within PROBE_TIMEOUT_MS, on a connection outside the pool. */
  function probe(): Promise<boolean> {
    if (Date.now() - answeredAt < PROBE_FRESH_MS) return Promise.resolve(true);
    if (Date.now() - failedAt < PROBE_FRESH_MS) return Promise.resolve(false);
    probing ??= (async () => {
      // NOTE: no array-type lookup on the prober's connection (it only sends `select 1`): postgres.js drops that
      // lookup's promise, so a probe connection closed while it ran surfaced as an unhandled CONNECTION_DESTROYED.
      prober ??= postgres(options.url, {
        ...base,
        max: 1,
        connect_timeout: 2,
        idle_timeout: 10,
        fetch_types: false,
      });
      const checker = prober;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          checker`select 1`,
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error("timeout")), PROBE_TIMEOUT_MS);
          }),
        ]);
        answeredAt = Date.now();
        out = false;
        return true;
      } catch {
        failedAt = Date.now();
        // Its connection may hang as the pool's did: thrown away, a new one is made next time.
        prober = undefined;
        void checker.end({ timeout: 0 }).catch(() => {});
        return false;
      } finally {
        clearTimeout(timer);
        probing = undefined;
      }
    })();
    return probing;
  }

  /**
   * The database stopped answering: the pool is replaced, the old one destroyed now rather than when TCP gives
   * up. NOTE: postgres.js cannot drop one connection of a pool, and a connection closed under it mid-write can
   * send the leftover bytes ahead of its next start-up message: a new pool starts clean.
   */
  function outage(): void {
    if (!out) {
      out = true;
      options.onOutage?.(
        `database: no answer within ${STALL_CHECK_MS + PROBE_TIMEOUT_MS} ms; failing requests (503) until it answers again`,
      );
    }
    const old = current;
    current = open();
    currentGuarded = guarded(current, guard);
    // drizzle set its parsers and serializers (dates as text) on the first pool's options: the new one keeps them.
    const from = old.options as unknown as Parsed;
    const to = current.options as unknown as Parsed;
    Object.assign(to.parsers, from.parsers);
    Object.assign(to.serializers, from.serializers);
    void old.end({ timeout: 0 }).catch(() => {});
  }

  function checkStall(settled: () => boolean): NodeJS.Timeout {
    return setTimeout(async () => {
      if (settled()) return;
      if (!(await probe()) && !settled()) outage();
    }, STALL_CHECK_MS);
  }

  function watch(query: PendingQuery, pool: boolean): void {
    let settled = false;
    const stall = checkStall(() => settled);
    // NOTE: postgres.js's cancel() is only safe for a statement in its queue (where statements wait when every
    // connection is reserved by a transaction); one handed to a connection still connecting would leave that
    // connection stuck. That one fails with the connection (connect timeout, or an outage closing it).
    const wait = pool
      ? setTimeout(() => {
          if (!settled && query.state == null && guard.reserved.count >= options.max) query.cancel();
        }, POOL_WAIT_MS)
      : undefined;
    const done = () => {
      settled = true;
      clearTimeout(stall);
      clearTimeout(wait);
    };
    query.then(done, done);
  }

  const guard: Guard = {
    admit: () => (out ? probe() : true),
    query(query) {
      watch(query, true);
      return query;
    },
    stall(query) {
      watch(query, false);
      return query;
    },
    reserved: { count: 0 },
    max: options.max,
  };

  // What drizzle holds: always the current pool (a Proxy's target is fixed, so it forwards to `current`).
  let currentGuarded = guarded(current, guard);
  const pooled = new Proxy(current, {
    get: (_target, property) => Reflect.get(currentGuarded, property),
    apply: (_target, self, args) =>
      Reflect.apply(current as unknown as (...a: unknown[]) => unknown, self, args),
  });

  return {
    sql: pooled,
    /** Answers when the database does (the pool's own connection, not the check's). */
    async ping() {
      await current`select 1`;
    },
    async close() {
      await Promise.all([current.end({ timeout: 5 }), prober?.end({ timeout: 0 })]);
    },
  };
}
