// Seeds demo data into an empty database: `npm run db:seed` (DATABASE_URL or DATA_DIR chooses which).
import path from "node:path";
import { exitOnStartupError, parseEnvOrExit } from "../app/server/startup-errors";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { isDatabaseEmpty, seedDemo } from "./seed/demo";

const env = parseEnvOrExit();
const settings = {
  databaseUrl: env.DATABASE_URL,
  dataDir: env.DATABASE_URL ? undefined : path.resolve(env.DATA_DIR),
};
// A folder a running server holds is refused here, before anything is opened.
const database = await openDatabase(settings).catch((error) => exitOnStartupError(error, settings));
try {
  await migrateDatabase(database).catch((error) => exitOnStartupError(error, settings));
  if (!(await isDatabaseEmpty(database.db))) {
    console.log("The database already holds data: nothing seeded.");
  } else {
    const signIns = await seedDemo(database.db);
    console.log(`Seeded demo data: ${signIns.length} printed sign-ins, password ${signIns[0].password}`);
  }
} finally {
  await database.close();
}
