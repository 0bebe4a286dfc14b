// Migrations that change data, not only shape: run against a database as it was before them.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../db/migrate";

const folders: string[] = [];
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** The migrations folder as it was up to `tag` (the journal cut after it). */
function migrationsUpTo(tag: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "partnerlens-migrations-"));
  folders.push(dir);
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === tag);
  expect(last).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe("0015_confirm_existing_accounts", () => {
  it("counts every account made before e-mail confirmation as confirmed, from its creation", async () => {
    const client = await PGlite.create();
    const db = drizzle({ client });
    try {
      await migrate(db, { migrationsFolder: migrationsUpTo("0014_mail_and_jobs") });
      const created = "2026-03-01T09:00:00.000Z";
      await client.query(
        `insert into users (email, name, password_hash, created_at) values ('old@example.com', 'Old Account', 'x', $1)`,
        [created],
      );
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      const { rows } = await client.query<{ confirmed: Date | null }>(
        `select email_confirmed_at as confirmed from users where email = 'old@example.com'`,
      );
      expect(rows[0].confirmed?.toISOString()).toBe(created);
    } finally {
      await client.close();
    }
  });
});
