// Applies pending migrations: `npm run db:migrate` (DATABASE_URL or DATA_DIR chooses which database).
import path from "node:path";
import { exitOnStartupError, parseEnvOrExit } from "../app/server/startup-errors";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";

const env = parseEnvOrExit();
const settings = {
  databaseUrl: env.DATABASE_URL,
  dataDir: env.DATABASE_URL ? undefined : path.resolve(env.DATA_DIR),
};
// A folder a running server holds is refused here, before anything is opened.
const database = await openDatabase(settings).catch((error) => exitOnStartupError(error, settings));
try {
  await migrateDatabase(database);
  console.log("Migrations applied.");
} catch (error) {
  exitOnStartupError(error, settings);
} finally {
  await database.close();
}
