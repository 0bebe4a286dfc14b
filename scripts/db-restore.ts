// `npm run db:restore -- <backup file> <new folder>`: loads a backup made by `npm run db:backup` into a new data
// folder, opens it and prints how many rows each table holds. Never into a folder in use: point DATA_DIR at the new
// folder afterwards. PostgreSQL has its own tools: pg_dump and pg_restore.
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describeStartupError, parseEnvOrExit } from "../app/server/startup-errors";
import { type DatabaseHandle, openDatabase } from "../db/client";

function fail(line: string): never {
  console.error(`Not restoring: ${line}`);
  process.exit(1);
}

async function rows<T>(database: DatabaseHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await database.db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** Every table of the public schema with its number of rows, by name. */
async function countRows(database: DatabaseHandle): Promise<[string, number][]> {
  const tables = await rows<{ name: string }>(
    database,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts: [string, number][] = [];
  for (const { name } of tables) {
    const [{ n }] = await rows<{ n: number }>(
      database,
      sql`select count(*)::int as n from ${sql.identifier(name)}`,
    );
    counts.push([name, n]);
  }
  return counts;
}

/** Refuses anything but a missing or empty folder; true when this script creates it. */
function checkTarget(folder: string): boolean {
  if (!fs.existsSync(folder)) return true;
  if (!fs.statSync(folder).isDirectory()) fail(`${folder} is a file; name a new folder.`);
  if (fs.readdirSync(folder).length > 0) fail(`${folder} is not empty; restore into a new folder.`);
  return false;
}

/** Leaves no half-restored folder behind: removes it if this script created it, else empties it again. */
function clearTarget(folder: string, created: boolean): void {
  if (created) {
    fs.rmSync(folder, { recursive: true, force: true });
    return;
  }
  for (const entry of fs.readdirSync(folder))
    fs.rmSync(path.join(folder, entry), { recursive: true, force: true });
}

const env = parseEnvOrExit();
if (env.DATABASE_URL) {
  fail(
    'DATABASE_URL is set: restore PostgreSQL with pg_restore, e.g. pg_restore -d "$DATABASE_URL" partnerlens.dump.',
  );
}
const [file, folderArg] = process.argv.slice(2);
if (!file || !folderArg || process.argv.length > 4) {
  fail("name the backup and a new folder: npm run db:restore -- <backup file> <new folder>");
}
if (!fs.existsSync(file) || !fs.statSync(file).isFile()) fail(`${file} is not a file.`);
const folder = path.resolve(folderArg);
const created = checkTarget(folder);

const started = performance.now();
let database: DatabaseHandle;
try {
  database = await openDatabase({ dataDir: folder, loadFrom: new Blob([fs.readFileSync(file)]) });
} catch (error) {
  clearTarget(folder, created);
  const known = describeStartupError(error, { dataDir: folder, dataDirSetting: "the new folder" });
  fail(
    known ??
      `${file} could not be loaded as a backup of the embedded database (${(error as Error).message}).`,
  );
}
try {
  const counts = await countRows(database);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Restored ${file} into ${folder} in ${seconds} s: ${counts.length} tables, ${total} rows.`);
  const width = Math.max(...counts.map(([name]) => name.length));
  for (const [name, n] of counts) console.log(`  ${name.padEnd(width)} ${n}`);
  console.log(`Start the server on it with DATA_DIR=${folder}.`);
} finally {
  await database.close();
}
