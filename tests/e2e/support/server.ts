// Starts the built PartnerLens server (scripts/server.ts) as a child process against a PGlite data folder.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../../..");

const READY_LINE = /PartnerLens is ready at http:\/\/[^:\s]+:(\d+)/;
/**
 * How long a journey's server may take to start: the ready line and GET /readyz = 200, from the spawn. Under the
 * hook timeout (60 s), so that a server that does not start fails with its output, and is killed, before the hook
 * times out. The run's first start, which migrates and seeds outside any hook (global-setup.ts), is given longer.
 */
export const START_TIMEOUT_MS = 45_000;

export interface TestServer {
  /** Origin the browser uses, e.g. http://127.0.0.1:40123 */
  url: string;
  dataDir: string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  /** SIGTERM, wait for a clean exit (SIGKILL after 15 s); removes the data folder when asked. */
  stop(options?: { removeDataDir?: boolean }): Promise<void>;
}

/** A fresh folder under the OS temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `partnerlens-e2e-${prefix}-`));
}

/** Copies the seeded data folder to a new temporary folder for one journey. */
export function copyDataDir(seedDir: string, label: string): string {
  const dir = path.join(tempDir(label), "data");
  cpSync(seedDir, dir, { recursive: true });
  return dir;
}

/** What the server needs from the repository to build and run (node_modules is linked, not copied). */
const APP_ENTRIES = [
  "app",
  "db",
  "scripts",
  "public",
  "remix.config.js",
  "package.json",
  "tsconfig.json",
  "remix.env.d.ts",
];

/**
 * Copies the app's sources into a temporary folder and builds them there, so that the run tests one consistent
 * build: a `remix build` or an edit in the working tree during the run (it empties public/build and rewrites
 * build/) cannot pull assets out from under a running server. Returns the snapshot's folder.
 */
export function snapshotApp(): string {
  const dir = tempDir("app");
  for (const entry of APP_ENTRIES) {
    const from = path.join(ROOT, entry);
    if (!existsSync(from)) continue;
    cpSync(from, path.join(dir, entry), {
      recursive: true,
      filter: (source) => !source.startsWith(path.join(ROOT, "public", "build")),
    });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const build = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"],
    { cwd: dir, encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } },
  );
  if (build.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`remix build failed in the snapshot of the app:\n${build.stdout}\n${build.stderr}`);
  }
  return dir;
}

/** Servers still running in this process: killed if the process exits without stopping them (an aborted run). */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  output: () => string,
  deadline: number,
  timeoutMs: number,
): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The server did not answer /readyz with 200 within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts `scripts/server.ts` of `appRoot` (a snapshot from `snapshotApp`; node --import tsx: one process, so SIGTERM reaches the server itself) on a free
 * port chosen by the OS (PORT=0), waits for its ready line and then for GET /readyz = 200.
 */
export async function startServer(
  dataDir: string,
  appRoot: string,
  {
    startTimeoutMs = START_TIMEOUT_MS,
    env = {},
  }: {
    startTimeoutMs?: number /** More environment (SMTP_URL, APP_URL and its PORT). */;
    env?: Record<string, string>;
  } = {},
): Promise<TestServer> {
  const deadline = Date.now() + startTimeoutMs;
  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
    cwd: appRoot,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      LOG_REQUESTS: "false",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  const output = () => log;
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`The server printed no ready line within ${startTimeoutMs} ms:\n${log}`));
    }, startTimeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = READY_LINE.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code} before it was ready:\n${log}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, child, output, deadline, startTimeoutMs);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    dataDir,
    output,
    stop({ removeDataDir = true } = {}) {
      stopping ??= (async () => {
        const exited = waitForExit(child);
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        const code = await exited;
        clearTimeout(killer);
        if (removeDataDir) rmSync(path.dirname(dataDir), { recursive: true, force: true });
        if (code !== 0) throw new Error(`The server exited with ${code} on SIGTERM:\n${log}`);
      })();
      return stopping;
    },
  };
}
