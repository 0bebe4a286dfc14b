// Counts the rows changed in every table of a test file's database, with a trigger per table: "nothing was written"
// proved by a number that moves with any insert, update or delete, without copying tables to compare them.
import { sql } from "drizzle-orm";
import { getDb } from "../db/client";

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Installs the counter on every table of the public schema (this file's database only); answers how many. */
export async function installChangeCounter(): Promise<number> {
  const db = getDb();
  await db.execute(sql`create table test_row_changes (table_name text primary key, n bigint not null)`);
  await db.execute(sql`
    create function test_count_change() returns trigger language plpgsql as $$
    begin
      insert into test_row_changes values (tg_table_name, 1)
        on conflict (table_name) do update set n = test_row_changes.n + 1;
      return null;
    end $$`);
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'test_row_changes'`),
  );
  for (const { name } of tables) {
    await db.execute(
      sql.raw(
        `create trigger test_count_change after insert or update or delete on "${name}"
         for each row execute function test_count_change()`,
      ),
    );
  }
  return tables.length;
}

/** Rows inserted, updated or deleted since the counter was installed, in every table together. */
export async function changedRows(): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(
    await getDb().execute(sql`select coalesce(sum(n), 0) as n from test_row_changes`),
  );
  return Number(row.n);
}
