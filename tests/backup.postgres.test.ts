// Backup and restore on PostgreSQL (the PostgreSQL pass; tests/backup.pglite.test.ts holds the embedded database's):
// pg_dump -Fc and pg_restore into a new database, every table's rows equal; the db:* scripts point there.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { countRows, removeTempFolders, runScript, tempFolder } from "./process-kit";
import { withDatabase } from "./setup/shared";

afterAll(removeTempFolders);

function megabytes(file: string): string {
  return `${(statSync(file).size / 1_048_576).toFixed(1)} MB`;
}

describe("PostgreSQL: pg_dump and pg_restore", () => {
  let source: string;

  beforeAll(async () => {
    source = process.env.TEST_FILE_DATABASE_URL!;
    // The demo data, so that most tables hold rows.
    const seed = await runScript("seed.ts", [], { DATABASE_URL: source });
    expect(seed.code, seed.output).toBe(0);
  }, 60_000);

  it("pg_dump -Fc of the database restored with pg_restore into a new database holds every table's rows", async () => {
    const file = path.join(tempFolder("pg-dump"), "partnerlens.dump");
    const name = `t_restore_${randomBytes(6).toString("hex")}`;
    const admin = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, maxConnections: 1 });
    const started = Date.now();
    execFileSync("pg_dump", ["-Fc", "-f", file, source]);
    await admin.db.execute(sql.raw(`create database ${name}`));
    try {
      execFileSync("pg_restore", ["--no-owner", "-d", withDatabase(source, name), file]);
      console.log(`[backup] pg_dump + pg_restore: ${megabytes(file)}, ${Date.now() - started} ms`);
      const from = await openDatabase({ databaseUrl: source, maxConnections: 1 });
      const to = await openDatabase({ databaseUrl: withDatabase(source, name), maxConnections: 1 });
      try {
        const counts = await countRows(from);
        expect(counts.users).toBeGreaterThan(0);
        expect(await countRows(to)).toEqual(counts);
      } finally {
        await from.close();
        await to.close();
      }
    } finally {
      await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await admin.close();
    }
  }, 60_000);

  it("db:backup and db:restore with DATABASE_URL set say in one line to use pg_dump and pg_restore", async () => {
    const folder = tempFolder("pg-scripts");
    mkdirSync(path.join(folder, "data"));
    const backup = await runScript("db-backup.ts", [path.join(folder, "x.tar.gz")], { DATABASE_URL: source });
    expect(backup.code).toBe(1);
    expect(backup.output.trim().split("\n")).toHaveLength(1);
    expect(backup.output).toContain("pg_dump");
    const restore = await runScript(
      "db-restore.ts",
      [path.join(folder, "x.tar.gz"), path.join(folder, "new")],
      {
        DATABASE_URL: source,
      },
    );
    expect(restore.code).toBe(1);
    expect(restore.output.trim().split("\n")).toHaveLength(1);
    expect(restore.output).toContain("pg_restore");
  }, 60_000);
});
