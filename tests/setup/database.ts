// Each test file gets its own freshly migrated database: PGlite loaded from the global setup's dump, or on
// PostgreSQL a database created from the migrated template.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { setEnv } from "../../app/utils/config.server";
import { parseEnv } from "../../app/utils/env.server";
import { type DatabaseHandle, openDatabase, setDatabase } from "../../db/client";
import { PG_TEMPLATE, TEMPLATE_DUMP, withDatabase } from "./shared";

let handle: DatabaseHandle | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  setEnv(parseEnv({ NODE_ENV: "test", LOG_REQUESTS: "false" }));
  // Each worker process gets its own temporary folder, so that tests checking that uploads leave no temporary file
  // behind do not see another file's uploads in flight.
  process.env.PARTNERLENS_BASE_TMPDIR ??= os.tmpdir();
  const workerTmp = path.join(process.env.PARTNERLENS_BASE_TMPDIR, `partnerlens-worker-${process.pid}`);
  mkdirSync(workerTmp, { recursive: true });
  process.env.TMPDIR = workerTmp;
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
