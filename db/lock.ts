// One process per PGlite data folder. PGlite keeps its pages in its own memory and writes them back on its own
// schedule, so two processes on one folder each overwrite what the other wrote: a lock file inside the folder names
// the process that holds it, and every other process refuses to open the folder while that process lives.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const LOCK_FILE = ".partnerlens.lock";

/** Enough of a command line to recognise the holder in a one-line message. */
const MAX_COMMAND_LENGTH = 160;
/** Rounds of "find a stale lock, remove it, try again" before giving up (other processes may be racing for it). */
const MAX_TAKEOVER_ROUNDS = 5;

export interface LockHolder {
  pid: number;
  /**
   * Linux: field 22 of /proc/<pid>/stat (clock ticks from boot to the process's start). With the pid it names one
   * process, so a pid the system has since given to another process is not mistaken for the holder. null elsewhere.
   */
  startTime: string | null;
  /** The holder's command line when it took the lock (for the message when /proc cannot be read). */
  command: string;
  /** The folder's real path when the lock was taken: a lock copied along with its folder holds nothing. */
  dataDir: string;
  /** Where the holder answers backup requests (a Unix socket), once it does. */
  channel?: string;
  /** Random, so that a process removes only a lock it wrote itself. */
  token: string;
  takenAt: string;
}

export interface DataDirLock {
  readonly dataDir: string;
  readonly file: string;
  /** Records (or clears) the backup channel's path in the lock file. */
  setChannel(channel: string | undefined): void;
  /** Writes our lock again (loading a dump into the folder overwrote it with the dumped folder's lock file). */
  rewrite(): void;
  /** Removes the lock file if it is still ours; idempotent. */
  release(): void;
}

/** The folder is held by another live process (or, holder undefined, kept changing hands while we tried). */
export class DataDirLockedError extends Error {
  /** "pid 1234 (node --import tsx scripts/server.ts)". */
  readonly holderDescription: string;

  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? describeHolder(holder)
      : `processes that took it over ${MAX_TAKEOVER_ROUNDS} times while this one tried`;
    super(`the data folder ${dataDir} is in use by ${who}`);
    this.name = "DataDirLockedError";
    this.holderDescription = who;
  }
}

/** Linux only: the start time of a process, or null when it cannot be read. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // NOTE: field 2 is the command in parentheses and may itself hold spaces and ")": count from the last ")",
    // after which field 3 comes first, so field 22 is the 20th.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function processCommand(pid: number): string | null {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    const command = raw.split("\0").filter(Boolean).join(" ");
    return command ? shorten(command) : null;
  } catch {
    return null;
  }
}

function shorten(command: string): string {
  return command.length > MAX_COMMAND_LENGTH ? `${command.slice(0, MAX_COMMAND_LENGTH - 1)}…` : command;
}

/** "pid 1234 (node --import tsx scripts/server.ts)", from /proc when readable, else from the lock file. */
export function describeHolder(holder: LockHolder): string {
  const command = processCommand(holder.pid) ?? holder.command;
  const who = holder.pid === process.pid ? "this process, " : "";
  return `${who}pid ${holder.pid} (${command})`;
}

/** Whether the process that wrote `holder` still runs and still holds the folder `realDir`. */
export function isLiveHolder(holder: LockHolder, realDir: string): boolean {
  if (holder.dataDir !== realDir) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it runs, under another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = processStartTime(holder.pid);
  return !(holder.startTime && now && holder.startTime !== now);
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(raw) as LockHolder;
    // NOTE: kill(0) and kill(-n) signal process groups, which always "exist": such a pid is no holder.
    return Number.isInteger(holder.pid) && holder.pid > 0 && typeof holder.dataDir === "string"
      ? holder
      : undefined;
  } catch {
    return undefined;
  }
}

function readRaw(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * The live process holding `dataDir`, or undefined when nobody does (no lock, a stale one, or no such folder).
 * Does not take the lock.
 */
export function findHolder(dataDir: string): LockHolder | undefined {
  let realDir: string;
  try {
    realDir = fs.realpathSync(dataDir);
  } catch {
    return undefined;
  }
  const raw = readRaw(path.join(realDir, LOCK_FILE));
  const holder = raw === undefined ? undefined : parseHolder(raw);
  return holder && isLiveHolder(holder, realDir) ? holder : undefined;
}

/** Writes `content` to a file of our own, then links it to `file`: the lock appears whole, or not at all. */
function createExclusive(file: string, content: string): boolean {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  // "wx": a leftover draft of a crashed process with our (recycled) pid is never written through.
  fs.writeFileSync(draft, content, { flag: "wx", mode: 0o644 });
  try {
    fs.linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** Replaces `file` atomically (rename over it): readers see the old content or the new, never a part. */
function replace(file: string, content: string): void {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  fs.writeFileSync(draft, content, { flag: "wx", mode: 0o644 });
  fs.renameSync(draft, file);
}

/**
 * Removes a lock judged stale, unless it changed since it was read: it is first moved aside (atomic), and put back
 * if what was moved is not what was judged. NOTE: if a third process takes the lock in the instant between the
 * move and the putting back, the moved lock's holder loses its file; three processes starting on one folder with a
 * stale lock in the same millisecond is the price of needing no lock server.
 */
function removeStale(file: string, judged: string): void {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    if (fs.readFileSync(aside, "utf8") !== judged) fs.linkSync(aside, file);
  } catch {
    // EEXIST: someone took the folder meanwhile; the next round reads who.
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

const held = new Set<DataDirLock>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A script that calls process.exit() (or fails) after opening a folder leaves no lock behind; a killed process
  // does, and the next one takes it over (its pid is dead).
  process.on("exit", () => {
    for (const lock of held) lock.release();
  });
}

/**
 * Takes `dataDir` (created if missing) for this process, before anything opens it; throws DataDirLockedError when
 * a live process holds it. A lock whose process is dead, whose pid now names another process, or which was copied
 * from another folder is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const realDir = fs.realpathSync(dataDir);
  const file = path.join(realDir, LOCK_FILE);
  const mine: LockHolder = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    command: shorten([process.argv0, ...process.execArgv, ...process.argv.slice(1)].join(" ")),
    dataDir: realDir,
    token: randomBytes(12).toString("hex"),
    takenAt: new Date().toISOString(),
  };
  for (let round = 0; round < MAX_TAKEOVER_ROUNDS; round++) {
    if (createExclusive(file, JSON.stringify(mine))) return newLock(realDir, file, mine);
    const raw = readRaw(file);
    if (raw === undefined) continue;
    const holder = parseHolder(raw);
    if (holder && isLiveHolder(holder, realDir)) throw new DataDirLockedError(realDir, holder);
    removeStale(file, raw);
  }
  throw new DataDirLockedError(realDir, undefined);
}

function newLock(dataDir: string, file: string, mine: LockHolder): DataDirLock {
  let released = false;
  const isOurs = () => parseHolder(readRaw(file) ?? "")?.token === mine.token;
  const lock: DataDirLock = {
    dataDir,
    file,
    setChannel(channel) {
      if (released || !isOurs()) return;
      mine.channel = channel;
      replace(file, JSON.stringify(mine));
    },
    rewrite() {
      if (!released) replace(file, JSON.stringify(mine));
    },
    release() {
      if (released) return;
      released = true;
      held.delete(lock);
      try {
        if (isOurs()) fs.rmSync(file, { force: true });
      } catch {
        // The folder went away (a test removed it): nothing left to release.
      }
    },
  };
  held.add(lock);
  installExitHook();
  return lock;
}
