// `npm run db:backup -- <file>`: a consistent copy of the embedded database (DATA_DIR) as a gzipped tarball, whether
// or not a server runs on it. A running server holds the folder's lock, so it makes the copy itself and sends it over
// its local channel (app/server/backup-channel.ts); with no server, this script opens the folder and copies it.
// PostgreSQL has its own tools: pg_dump and pg_restore.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { BACKUP_REQUEST_PATH } from "../app/server/backup-channel";
import { exitOnStartupError, parseEnvOrExit } from "../app/server/startup-errors";
import { openDatabase } from "../db/client";
import { describeHolder, findHolder, type LockHolder } from "../db/lock";

/** How long to wait for a holder that offers no channel yet (a server still migrating) or is shutting down. */
const WAIT_FOR_CHANNEL_MS = 30_000;
const RETRY_EVERY_MS = 200;

function fail(line: string): never {
  console.error(`Not backing up: ${line}`);
  process.exit(1);
}

/** The server's copy of the folder, or undefined when its channel is gone (it stopped meanwhile). */
function askServer(socketPath: string): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: BACKUP_REQUEST_PATH }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", () => resolve(undefined));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const expected = Number(res.headers["content-length"]);
        if (res.statusCode !== 200) reject(new Error(`the server refused: ${body.toString("utf8")}`));
        // A short body: the server stopped while sending (a shutdown); the next round finds out what holds now.
        else resolve(body.length === expected ? body : undefined);
      });
    });
    req.on("error", () => resolve(undefined));
  });
}

/** Opens the folder, copies it and closes it; undefined when a server took the folder in the meantime. */
async function copyFolder(dataDir: string): Promise<Buffer | undefined> {
  const database = await openDatabase({ dataDir }).catch((error) => {
    if ((error as Error).name === "DataDirLockedError") return undefined;
    return exitOnStartupError(error, { dataDir });
  });
  if (!database) return undefined;
  try {
    return Buffer.from(await (await database.dump!()).arrayBuffer());
  } finally {
    await database.close();
  }
}

/** The folder as a tarball, and who made the copy. */
async function takeCopy(dataDir: string): Promise<{ tar: Buffer; by: string }> {
  const deadline = Date.now() + WAIT_FOR_CHANNEL_MS;
  let lastHolder: LockHolder | undefined;
  while (Date.now() < deadline) {
    const holder = findHolder(dataDir);
    lastHolder = holder;
    if (!holder) {
      const tar = await copyFolder(dataDir);
      if (tar) return { tar, by: "no process held the folder, so this script opened it" };
    } else if (holder.channel) {
      const tar = await askServer(holder.channel);
      if (tar) return { tar, by: `the server holding the folder (pid ${holder.pid}) made the copy` };
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
  }
  return fail(
    `DATA_DIR=${dataDir} is held by ${lastHolder ? describeHolder(lastHolder) : "another process"}, which offers ` +
      `no backup channel (a script, or a server still starting): try again once it has finished.`,
  );
}

const env = parseEnvOrExit();
if (env.DATABASE_URL) {
  fail(
    'DATABASE_URL is set: back up PostgreSQL with pg_dump, e.g. pg_dump -Fc -f partnerlens.dump "$DATABASE_URL".',
  );
}
const file = process.argv[2];
if (!file || process.argv.length > 3) fail("name one file to write: npm run db:backup -- <file>");
const dataDir = path.resolve(env.DATA_DIR);
if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) fail(`DATA_DIR=${dataDir} holds no database.`);
const target = path.resolve(file);
if (!fs.existsSync(path.dirname(target))) fail(`the folder ${path.dirname(target)} does not exist.`);

const started = performance.now();
const { tar, by } = await takeCopy(dataDir).catch((error) => fail((error as Error).message));
const packed = await promisify(gzip)(tar);
// Written beside the target and renamed: the file named is whole or absent, never half a backup.
const partial = `${target}.partial-${process.pid}`;
try {
  fs.writeFileSync(partial, packed, { mode: 0o600 });
  fs.renameSync(partial, target);
} catch (error) {
  fs.rmSync(partial, { force: true });
  fail(`cannot write ${target}: ${(error as Error).message}`);
}
const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `Backed up DATA_DIR=${dataDir} to ${target} (${megabytes(packed.length)}, the folder's ${megabytes(tar.length)} ` +
    `gzipped) in ${seconds} s: ${by}.`,
);
