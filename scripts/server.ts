// Starts PartnerLens: validates the environment, opens and migrates the database, seeds demo data on first
// start (embedded database only, unless SEED_DEMO=true) and serves the built app.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../app/server/boot";
import { exitOnStartupError, parseEnvOrExit } from "../app/server/startup-errors";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const env = parseEnvOrExit();

// React and Remix choose their production or development builds from NODE_ENV when first loaded (below).
process.env.NODE_ENV = env.NODE_ENV;

const running = await startServer(env, root).catch((error) =>
  exitOnStartupError(error, {
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : path.resolve(root, env.DATA_DIR),
    port: env.PORT,
    host: env.HOST,
  }),
);
// NOTE: before the ready line: a supervisor (or a test) may signal as soon as it reads it, and stdout to a pipe is
// synchronous, so the line can be read before the next statement here runs.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    // Whatever happens, exit soon after the drain's own limit.
    setTimeout(() => process.exit(1), env.SHUTDOWN_TIMEOUT_MS + 5_000).unref();
    running.shutdown(signal).then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

const where = env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${env.DATA_DIR}`;
console.log(`PartnerLens is ready at ${running.url} — database: ${where}`);
if (running.demoSignIns.length > 0) {
  console.log("\nDemo sign-ins:");
  for (const s of running.demoSignIns) console.log(`  ${s.role.padEnd(40)} ${s.email}`);
  console.log(`  Password for every demo account: ${running.demoSignIns[0].password}\n`);
}
