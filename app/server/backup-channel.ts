// The running server's side of `npm run db:backup`. PGlite allows one process per data folder, so while the server
// holds the folder only the server can copy it: it answers on a Unix socket that only this user can reach, and
// records the socket's path in the folder's lock file for the backup script to find.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { DatabaseHandle } from "../../db/client";

/** The one request the channel answers: GET it for a tarball of the data folder. */
export const BACKUP_REQUEST_PATH = "/backup";
/** NOTE: a Unix socket's path holds at most 107 bytes on Linux (103 on macOS); keep a margin. */
const MAX_SOCKET_PATH_LENGTH = 100;
const SOCKET_NAME = "backup.sock";
/** mkdtemp's "pl-" and 6 random characters, a slash and the socket's name. */
const SOCKET_SUFFIX_LENGTH = "/pl-XXXXXX/".length + SOCKET_NAME.length;

export interface BackupChannel {
  socketPath: string;
  /** Stops answering and removes the socket; a backup in flight is cut (the script then retries). */
  stop(): Promise<void>;
}

/** A fresh folder only this user can enter (mkdtemp makes it 0700), short enough to hold a socket. */
function privateSocketFolder(): string {
  const tmp = os.tmpdir();
  const parent = tmp.length + SOCKET_SUFFIX_LENGTH <= MAX_SOCKET_PATH_LENGTH ? tmp : "/tmp";
  return mkdtempSync(path.join(parent, "pl-"));
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/**
 * Answers backup requests for a PGlite data folder this process holds; undefined for PostgreSQL and in-memory
 * databases, which have no folder to copy.
 */
export async function startBackupChannel(
  database: DatabaseHandle,
  log: (message: string) => void,
): Promise<BackupChannel | undefined> {
  const lock = database.dataDirLock;
  if (!database.dump || !lock) return undefined;
  const folder = privateSocketFolder();
  const socketPath = path.join(folder, SOCKET_NAME);
  const server = http.createServer(async (req, res) => {
    if (req.method !== "GET" || req.url !== BACKUP_REQUEST_PATH) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end(`Ask GET ${BACKUP_REQUEST_PATH}.`);
      return;
    }
    try {
      const started = performance.now();
      // dump() waits until no query or transaction runs, and holds them off while it copies.
      const tar = Buffer.from(await (await database.dump!()).arrayBuffer());
      res.writeHead(200, { "Content-Type": "application/x-tar", "Content-Length": tar.length }).end(tar);
      const ms = Math.round(performance.now() - started);
      log(`Backup: copied the data folder (${formatMegabytes(tar.length)}) for a local client in ${ms} ms.`);
    } catch (error) {
      res.writeHead(500, { "Content-Type": "text/plain" }).end((error as Error).message);
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socketPath, resolve);
    });
    // The folder is 0700 already; 0600 on the socket too, in case the folder's mode is ever loosened.
    chmodSync(socketPath, 0o600);
    lock.setChannel(socketPath);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    socketPath,
    async stop() {
      lock.setChannel(undefined);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
