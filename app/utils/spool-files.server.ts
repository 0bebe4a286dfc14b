// The temporary files uploads are spooled to: their names, their deletion, and the housekeeping of those an
// interrupted upload left behind.
import { randomBytes } from "node:crypto";
import { readdir, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** Spool files older than this that no upload is writing are left from an interrupted one (housekeeping). */
const STALE_SPOOL_MS = 60 * 60 * 1000;

// NOTE: the process id in the name lets housekeeping tell a dead process's files from a live upload's.
const TEMP_PREFIX = "partnerlens-upload-";
const TEMP_NAME = /^partnerlens-upload-(\d+)-[0-9a-f]{32}$/;

/** A new temporary file's path, named for this process. */
export function newSpoolPath(): string {
  return path.join(tmpdir(), `${TEMP_PREFIX}${process.pid}-${randomBytes(16).toString("hex")}`);
}

/** Deletes a file; one already gone is fine. */
export async function unlinkQuietly(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/**
 * Deletes spool files that interrupted uploads left behind (a crash, a killed process): those of processes no
 * longer running, and this process's own once an hour has passed without a write. Run at start and hourly.
 * Answers how many were removed.
 */
export async function removeStaleSpools(now = Date.now()): Promise<number> {
  const dir = tmpdir();
  let removed = 0;
  for (const name of await readdir(dir)) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    const pid = Number(match[1]);
    try {
      const stale = pid === process.pid ? now - (await stat(file)).mtimeMs > STALE_SPOOL_MS : !isRunning(pid);
      if (stale) {
        await unlinkQuietly(file);
        removed++;
      }
    } catch {
      // Gone meanwhile: nothing to do.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
