import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type DatabaseHandle, openDatabase, setDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import {
  DEMO_SIGN_INS,
  type DemoSignIn,
  hasDemoData,
  isDatabaseEmpty,
  seedDemo,
} from "../../scripts/seed/demo";
import { startJobs } from "../jobs/handlers.server";
import type { JobRunner } from "../jobs/runner.server";
import { closeMailTransport } from "../mail/deliver.server";
import { setEnv } from "../utils/config.server";
import { type Env, shouldSeedDemo } from "../utils/env.server";
import { purgeExpired } from "../utils/session.server";
import { removeStaleSpools } from "../utils/spool-files.server";
import { createApp } from "./app";
import { startBackupChannel } from "./backup-channel";
import { trackRequests } from "./drain";

export interface RunningServer {
  url: string;
  database: DatabaseHandle;
  demoSignIns: DemoSignIn[];
  /** Stops accepting, lets requests in flight finish (up to SHUTDOWN_TIMEOUT_MS), closes the database. */
  shutdown(reason?: string): Promise<void>;
}

const SPOOL_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Removes the upload files interrupted uploads left on this server's own disk (each process its own; the database's
 * housekeeping is an hourly job, run once whatever the number of processes).
 */
async function sweepSpools(log: (line: string) => void): Promise<void> {
  const removed = await removeStaleSpools();
  if (removed > 0)
    log(`Removed ${removed} upload file${removed === 1 ? "" : "s"} left by interrupted uploads.`);
}

/** While the database opens and migrates, the port is bound already: requests meanwhile get 503 and a Retry-After. */
function answerStarting(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(503, { "Content-Type": "text/plain", "Retry-After": "5", Connection: "close" });
  res.end("PartnerLens is starting; try again in a few seconds.");
}

/** Listens on the port, or rejects with the system's error (EADDRINUSE: a port in use). */
function bindPort(port: number, host: string): Promise<Server> {
  const server = http.createServer(answerStarting);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/**
 * Binds the port, opens and migrates the database, seeds demo data when it should, then serves the app. The port
 * comes first so that a port in use stops the start before the database is opened, let alone migrated.
 */
export async function startServer(env: Env, root: string, log = console.log): Promise<RunningServer> {
  setEnv(env);
  const server = await bindPort(env.PORT, env.HOST);
  let database: DatabaseHandle;
  let demoSignIns: DemoSignIn[] = [];
  let serving = false;
  try {
    database = await openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATABASE_URL ? undefined : path.resolve(root, env.DATA_DIR),
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      // Before serving, a database that does not answer is a start-up failure, told in its own one line.
      onOutage: (message) => serving && console.error(message),
    });
    setDatabase(database);
    await migrateDatabase(database);
    if (shouldSeedDemo(env) && (await isDatabaseEmpty(database.db))) {
      log("Seeding demo data (first start)…");
      demoSignIns = await seedDemo(database.db);
    } else if (await hasDemoData(database.db)) {
      demoSignIns = DEMO_SIGN_INS;
    }
    await purgeExpired();
    await sweepSpools(log);
  } catch (error) {
    server.close();
    throw error;
  }
  const hourly = setInterval(() => void sweepSpools(log).catch(() => {}), SPOOL_SWEEP_INTERVAL_MS);
  hourly.unref();
  // The job queue runs here unless `npm run worker` runs it (RUN_JOBS=false).
  const jobs: JobRunner | undefined = env.RUN_JOBS ? startJobs(log) : undefined;

  const drain = trackRequests(server);
  const app = createApp({ env, database, root, isDraining: drain.isDraining, isLate: drain.isLate });
  server.removeListener("request", answerStarting);
  server.on("request", app);
  serving = true;
  // Serving matters more than the channel: without it `npm run db:backup` waits for this server to stop, and says so.
  const backupChannel = await startBackupChannel(database, log).catch((error: Error) => {
    log(`No backup channel (${error.message}): npm run db:backup cannot ask this server for a copy.`);
    return undefined;
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;

  let closing: Promise<void> | undefined;
  function shutdown(reason = "shutdown"): Promise<void> {
    closing ??= (async () => {
      clearInterval(hourly);
      await drain.drain(env.SHUTDOWN_TIMEOUT_MS, () =>
        log(`${reason}: draining: answering the requests in flight, new ones 503…`),
      );
      await backupChannel?.stop();
      await jobs?.stop();
      closeMailTransport();
      await database.close();
      setDatabase(undefined);
      log("Closed the database. Bye.");
    })();
    return closing;
  }
  return { url, database, demoSignIns, shutdown };
}
