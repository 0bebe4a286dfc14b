// Backup and restore of the embedded database (the PGlite pass; tests/backup.postgres.test.ts holds PostgreSQL's):
// `npm run db:backup` with a server running (it asks the server over its local channel) and without (it opens the
// folder), `npm run db:restore` into a new folder, every table's rows counted against the source.
import { randomBytes } from "node:crypto";
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../db/client";
import {
  countRows,
  failSignIn,
  findInRows,
  type RunningServer,
  removeTempFolders,
  runScript,
  startServer,
  tempFolder,
  withFolder,
} from "./process-kit";

afterAll(removeTempFolders);

function megabytes(file: string): string {
  return `${(statSync(file).size / 1_048_576).toFixed(1)} MB`;
}

describe("the embedded database: npm run db:backup and db:restore", () => {
  let dataDir: string;
  let backups: string;
  let server: RunningServer | undefined;
  const emails = Array.from({ length: 4 }, (_, i) => `backup-test-${i}-${process.pid}@example.com`);

  beforeAll(async () => {
    dataDir = path.join(tempFolder("backup-source"), "data");
    backups = tempFolder("backups");
    // A first start seeds the demo data: rows in most tables.
    server = await startServer({ DATA_DIR: dataDir });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("dump() waits for a transaction in flight to end, and holds off the next one until it has copied", async () => {
    const database = getDatabase();
    let endTransaction = () => {};
    let inside = () => {};
    const begun = new Promise<void>((resolve) => {
      inside = resolve;
    });
    const transaction = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      inside();
      await new Promise<void>((resolve) => {
        endTransaction = resolve;
      });
    });
    await begun;
    const order: string[] = [];
    try {
      const dump = database.dump!().then(() => order.push("dump"));
      const next = database.db.execute(sql`select 1`).then(() => order.push("next query"));
      // PGlite's queues are promise chains: a few turns of the event loop let a dump that does not wait finish.
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(order).toEqual([]);
      endTransaction();
      await Promise.all([transaction, dump, next]);
      expect(order).toEqual(["dump", "next query"]);
    } finally {
      endTransaction();
    }
  });

  it("with a server running, asks it over its local channel, while writes go on; every row acknowledged before is in the copy", async () => {
    const running = server!;
    for (const email of emails) expect(await failSignIn(running.origin, email)).toBe(400);
    const file = path.join(backups, "with-server.tar.gz");
    // Writes keep arriving during the backup: the copy must fall between them.
    let writing = true;
    const writes = (async () => {
      let n = 0;
      while (writing) await failSignIn(running.origin, `during-backup-${n++}@example.com`);
      return n;
    })();
    const backup = await runScript("db-backup.ts", [file], { DATA_DIR: dataDir });
    writing = false;
    const during = await writes;
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toContain(`the server holding the folder (pid ${running.child.pid}) made the copy`);
    await running.waitFor(/Backup: copied the data folder/);
    console.log(`[backup] with a server: ${megabytes(file)} in ${backup.ms} ms (${during} writes meanwhile)`);

    const restored = path.join(tempFolder("restored-live"), "data");
    const restore = await runScript("db-restore.ts", [file, restored], {});
    expect(restore.code, restore.output).toBe(0);
    console.log(`[backup] restore: ${restore.ms} ms; ${restore.output.split("\n")[0]}`);
    const counts = await withFolder(restored, async (db) => {
      expect(await findInRows(db, emails)).toEqual(emails);
      return countRows(db);
    });
    for (const [table, n] of Object.entries(counts))
      expect(restore.output).toMatch(new RegExp(`${table}\\s+${n}\\n`));
    expect(counts.users).toBeGreaterThan(0);
  }, 60_000);

  it("with no server, opens the folder itself; the restore holds every table's rows, and a server starts on it", async () => {
    expect(await server!.stop()).toBe(0);
    server = undefined;
    const source = await withFolder(dataDir, countRows);
    const file = path.join(backups, "without-server.tar.gz");
    const backup = await runScript("db-backup.ts", [file], { DATA_DIR: dataDir });
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toContain("no process held the folder, so this script opened it");
    console.log(`[backup] without a server: ${megabytes(file)} in ${backup.ms} ms`);

    const restored = path.join(tempFolder("restored-idle"), "data");
    const restore = await runScript("db-restore.ts", [file, restored], {});
    expect(restore.code, restore.output).toBe(0);
    expect(await withFolder(restored, countRows)).toEqual(source);

    const onRestored = await startServer({ DATA_DIR: restored });
    try {
      expect((await fetch(`${onRestored.origin}/readyz`)).status).toBe(200);
    } finally {
      expect(await onRestored.stop()).toBe(0);
    }
  }, 60_000);

  it("db:restore refuses a folder that is not empty, and a file that is no backup, in one line", async () => {
    const full = tempFolder("not-empty");
    writeFileSync(path.join(full, "something"), "");
    const refused = await runScript("db-restore.ts", [path.join(backups, "without-server.tar.gz"), full], {});
    expect(refused.code).toBe(1);
    expect(refused.output.trim().split("\n")).toEqual([
      `Not restoring: ${full} is not empty; restore into a new folder.`,
    ]);

    const garbage = path.join(backups, "garbage.tar.gz");
    writeFileSync(garbage, randomBytes(4096));
    const target = path.join(tempFolder("garbage"), "data");
    const bad = await runScript("db-restore.ts", [garbage, target], {});
    expect(bad.code).toBe(1);
    expect(bad.output.trim().split("\n")).toHaveLength(1);
    expect(bad.output).toContain(`${garbage} could not be loaded`);
  }, 60_000);
});
