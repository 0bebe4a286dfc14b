// Each test file of the "database" project gets its own freshly migrated database: PGlite loaded from the global
// setup's dump, or on PostgreSQL a database created from the migrated template. (Pure files, the "unit" project of
// vitest.config.ts, open none.)
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { type DatabaseHandle, openDatabase, setDatabase } from "../../db/client";
import { PG_TEMPLATE, TEMPLATE_DUMP, withDatabase } from "./shared";

let handle: DatabaseHandle | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `t_${randomBytes(6).toString("hex")}`;
    const admin = await openDatabase({ databaseUrl: url, maxConnections: 1 });
    await admin.db.execute(sql.raw(`create database ${name} template ${PG_TEMPLATE}`));
    handle = await openDatabase({ databaseUrl: withDatabase(url, name), maxConnections: 5 });
    // Tests that start the real server hand it this file's own database.
    process.env.TEST_FILE_DATABASE_URL = withDatabase(url, name);
    dropDatabase = async () => {
      await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await admin.close();
    };
  } else {
    handle = await openDatabase({ loadFrom: new Blob([readFileSync(TEMPLATE_DUMP)]) });
  }
  setDatabase(handle);
});

afterAll(async () => {
  setDatabase(undefined);
  await handle?.close();
  await dropDatabase?.();
});
