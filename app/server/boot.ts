import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type DatabaseHandle, openDatabase, setDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { DEMO_SIGN_INS, type DemoSignIn, hasDemoData, isDatabaseEmpty, seedDemo } from "../../db/seed";
import { setEnv } from "../utils/config.server";
import { type Env, shouldSeedDemo } from "../utils/env.server";
import { purgeExpired } from "../utils/session.server";
import { createApp } from "./app";

export interface RunningServer {
  url: string;
  database: DatabaseHandle;
  demoSignIns: DemoSignIn[];
  /** Stops accepting, lets requests in flight finish (up to SHUTDOWN_TIMEOUT_MS), closes the database. */
  shutdown(reason?: string): Promise<void>;
}

/** Opens and migrates the database, seeds demo data when it should, and listens. */
export async function startServer(env: Env, root: string, log = console.log): Promise<RunningServer> {
  setEnv(env);
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : path.resolve(root, env.DATA_DIR),
  });
  setDatabase(database);
  await migrateDatabase(database);
  let demoSignIns: DemoSignIn[] = [];
  if (shouldSeedDemo(env) && (await isDatabaseEmpty(database.db))) {
    log("Seeding demo data (first start)…");
    demoSignIns = await seedDemo(database.db);
  } else if (await hasDemoData(database.db)) {
    demoSignIns = DEMO_SIGN_INS;
  }
  await purgeExpired();

  let draining = false;
  const app = createApp({ env, database, root, isDraining: () => draining });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(env.PORT, env.HOST, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;

  let closing: Promise<void> | undefined;
  function shutdown(reason = "shutdown"): Promise<void> {
    closing ??= (async () => {
      draining = true;
      log(`${reason}: draining, no new connections…`);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = new Promise<void>((resolve) => setTimeout(resolve, env.SHUTDOWN_TIMEOUT_MS).unref());
      await Promise.race([closed, timer]);
      server.closeAllConnections();
      await database.close();
      setDatabase(undefined);
      log("Closed the database. Bye.");
    })();
    return closing;
  }
  return { url, database, demoSignIns, shutdown };
}
