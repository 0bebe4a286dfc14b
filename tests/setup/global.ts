import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { PG_TEMPLATE, TEMPLATE_DUMP, withDatabase } from "./shared";

const root = path.resolve(import.meta.dirname, "../..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The server tests run the built app: build it when it is missing or older than the sources. */
function ensureBuild() {
  const built = path.join(root, "build/index.js");
  const sources = Math.max(newestMtime(path.join(root, "app")), newestMtime(path.join(root, "db")));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync("npx", ["remix", "build"], {
    cwd: root,
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production" },
  });
}

/** Migrates one template database per run; each test file then gets a fresh copy of it. */
export default async function setup() {
  ensureBuild();
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = await openDatabase({ databaseUrl: url, maxConnections: 1 });
    await admin.db.execute(sql.raw(`drop database if exists ${PG_TEMPLATE} with (force)`));
    await admin.db.execute(sql.raw(`create database ${PG_TEMPLATE}`));
    await admin.close();
    const template = await openDatabase({ databaseUrl: withDatabase(url, PG_TEMPLATE), maxConnections: 1 });
    await migrateDatabase(template);
    await template.close();
    return;
  }
  const handle = await openDatabase({});
  await migrateDatabase(handle);
  const dump = await handle.dump!();
  writeFileSync(TEMPLATE_DUMP, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
}
