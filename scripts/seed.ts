// Seeds demo data into an empty database: `npm run db:seed` (DATABASE_URL or DATA_DIR chooses which).
import path from "node:path";
import { parseEnv } from "../app/utils/env.server";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { isDatabaseEmpty, seedDemo } from "../db/seed";

const env = parseEnv(process.env);
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR) });
try {
  await migrateDatabase(database);
  if (!(await isDatabaseEmpty(database.db))) {
    console.log("The database already holds data: nothing seeded.");
  } else {
    const signIns = await seedDemo(database.db);
    console.log(`Seeded demo data: ${signIns.length} printed sign-ins, password ${signIns[0].password}`);
  }
} finally {
  await database.close();
}
