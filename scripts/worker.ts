// `npm run worker`: runs the job queue (mail, reminders and digests, housekeeping) in a process of its own, beside app servers started with
// RUN_JOBS=false. PostgreSQL only: the embedded database belongs to the one app process that opened its folder.

import { startJobs } from "../app/jobs/handlers.server";
import { closeMailTransport } from "../app/mail/deliver.server";
import { exitOnStartupError, parseEnvOrExit } from "../app/server/startup-errors";
import { setEnv } from "../app/utils/config.server";
import { openDatabase, setDatabase } from "../db/client";

const env = parseEnvOrExit();
setEnv(env);
if (!env.DATABASE_URL) {
  console.error(
    "npm run worker needs DATABASE_URL: on the embedded database the app runs its jobs itself (RUN_JOBS, on by default).",
  );
  process.exit(1);
}
const database = await openDatabase({
  databaseUrl: env.DATABASE_URL,
  maxConnections: 4,
  statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
  onOutage: (message) => console.error(message),
}).catch((error) => exitOnStartupError(error, { databaseUrl: env.DATABASE_URL }));
setDatabase(database);
try {
  await database.db.execute("select 1 from jobs limit 1");
} catch {
  console.error(
    "The database has no job queue yet: start the app once (it migrates the database), then the worker.",
  );
  await database.close();
  process.exit(1);
}
const runner = startJobs();
console.log(`PartnerLens worker is running jobs — database: PostgreSQL (DATABASE_URL)`);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    setTimeout(() => process.exit(1), 15_000).unref();
    void (async () => {
      await runner.stop();
      closeMailTransport();
      await database.close();
      console.log("Worker stopped. Bye.");
      process.exit(0);
    })();
  });
}
