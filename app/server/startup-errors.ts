// Why a start failed, in one line that names the setting to change. The server and the database scripts share it,
// so that an operator meets one sentence per cause instead of a driver's stack trace.
import { type Env, EnvError, parseEnv } from "../utils/env.server";

/** The settings a start depends on, as the operator gave them. */
export interface StartupSettings {
  databaseUrl?: string;
  dataDir?: string;
  /** How the operator named the folder: DATA_DIR, or a script's argument. */
  dataDirSetting?: string;
  port?: number;
  host?: string;
}

/** The URL with its password replaced, so that it can be printed. */
export function maskDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    // Not a URL the parser takes: mask whatever sits between "user:" and "@".
    return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
  }
}

interface ErrorFields {
  name?: string;
  code?: string;
  syscall?: string;
  path?: string;
  message?: string;
}

/** The error and its causes (drizzle wraps the driver's error in a DrizzleQueryError). */
function chain(error: unknown): ErrorFields[] {
  const errors: ErrorFields[] = [];
  let current = error;
  while (current && typeof current === "object" && errors.length < 5) {
    errors.push(current as ErrorFields);
    current = (current as { cause?: unknown }).cause;
  }
  return errors;
}

const POSTGRES_CAUSES: Record<string, (e: ErrorFields) => string> = {
  "3D000": (e) => `${e.message} (create it, or name another database)`,
  "28000": (e) => `${e.message} (create the role, or name another user)`,
  "28P01": () => "the password was refused",
  ECONNREFUSED: () => "connection refused: no PostgreSQL listens at that host and port",
  // NOTE: 10 s is the connect timeout the database client gives postgres.js.
  CONNECT_TIMEOUT: () => "no answer from the host within 10 s (unreachable, or not a PostgreSQL server)",
  // NOTE: db/postgres.ts: a statement unanswered for a few seconds, and a check that fails too, end the pool.
  DATABASE_UNREACHABLE: () => "no answer from the host (unreachable, or not a PostgreSQL server)",
  CONNECTION_DESTROYED: () => "no answer from the host (unreachable, or not a PostgreSQL server)",
  ENOTFOUND: () => "the host name does not resolve",
  EAI_AGAIN: () => "the host name could not be resolved (DNS did not answer)",
  ETIMEDOUT: () => "the connection timed out",
  EHOSTUNREACH: () => "the host is unreachable",
  ENETUNREACH: () => "the network is unreachable",
  ECONNRESET: () => "the server closed the connection during start-up (TLS or protocol mismatch?)",
};

const FOLDER_CAUSES: Record<string, string> = {
  EEXIST: "it is a file, not a folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is exhausted",
};

const PORT_CAUSES: Record<string, string> = {
  EADDRINUSE: "is already in use by another process: stop it or choose another PORT",
  EACCES: "needs privileges this process lacks (ports below 1024): choose another PORT",
  EADDRNOTAVAIL: "cannot be bound: HOST is not an address of this machine",
};

/**
 * One line naming the cause and the setting to change, or undefined when the error is not a known start-up
 * failure (a bug: the caller prints it whole).
 */
export function describeStartupError(error: unknown, settings: StartupSettings): string | undefined {
  const label = settings.dataDirSetting ?? "DATA_DIR";
  // A variable reads as VARIABLE=value; a script's argument as "the new folder /x".
  const folder = /^[A-Z_]+$/.test(label) ? `${label}=${settings.dataDir}` : `${label} ${settings.dataDir}`;
  for (const e of chain(error)) {
    // By name, not instanceof: the error may come from another copy of db/lock.ts (the Remix bundle has its own).
    if (e.name === "DataDirLockedError") {
      const holder = (e as { holderDescription?: string }).holderDescription;
      return `${folder} is in use by ${holder}: one process per data folder; stop it, or choose another folder.`;
    }
    if (e.code && e.syscall === "listen" && PORT_CAUSES[e.code]) {
      return `PORT=${settings.port} on HOST=${settings.host} ${PORT_CAUSES[e.code]}.`;
    }
    if (e.code && settings.databaseUrl && POSTGRES_CAUSES[e.code]) {
      return `DATABASE_URL=${maskDatabaseUrl(settings.databaseUrl)}: ${POSTGRES_CAUSES[e.code](e)}.`;
    }
    if (e.name === "PostgresError" && settings.databaseUrl) {
      return `DATABASE_URL=${maskDatabaseUrl(settings.databaseUrl)}: PostgreSQL refused: ${e.message} (SQLSTATE ${e.code}).`;
    }
    if (e.code && e.path && !settings.databaseUrl && FOLDER_CAUSES[e.code]) {
      const where = e.path === settings.dataDir ? "" : ` (${e.path})`;
      return `${folder} cannot be used as the data folder: ${FOLDER_CAUSES[e.code]}${where}.`;
    }
  }
  return undefined;
}

/** Prints why the start failed (one line when the cause is known) and exits with status 1. */
export function exitOnStartupError(error: unknown, settings: StartupSettings): never {
  const line = describeStartupError(error, settings);
  if (line) console.error(`Not starting: ${line}`);
  else console.error("Not starting:", error);
  process.exit(1);
}

/** The validated environment, or exit 1 with the message naming every bad variable. */
export function parseEnvOrExit(source: Record<string, string | undefined> = process.env): Env {
  try {
    return parseEnv(source);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
