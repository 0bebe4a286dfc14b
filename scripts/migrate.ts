// Applies pending migrations: `npm run db:migrate` (DATABASE_URL or DATA_DIR chooses which database).
import path from "node:path";
import { parseEnv } from "../app/utils/env.server";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";

const env = parseEnv(process.env);
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR) });
try {
  await migrateDatabase(database);
  console.log("Migrations applied.");
} finally {
  await database.close();
}
