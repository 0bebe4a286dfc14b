// The built server as a real process: boot, demo data, and graceful shutdown on SIGTERM and SIGINT.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
/** `npm run serve`'s command after `node` (package.json). */
const SERVE = ["--max-semi-space-size=64", "--import", "tsx", "scripts/server.ts"];
const folders: string[] = [];

afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; ms: number }>;
}

/**
 * Starts the server as `npm run serve` (and so `npm start`, after the build) does, on a free port. NOTE: `node
 * --import tsx`, one process: the `tsx` command runs the server in a child and relays signals to it only once the
 * child has told it about its handlers, so a SIGTERM soon after start-up could kill the server unhandled.
 */
function startServer(extraEnv: Record<string, string> = {}): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    LOG_REQUESTS: "false",
    ...extraEnv,
  };
  if (process.env.TEST_FILE_DATABASE_URL && !extraEnv.DATA_DIR) {
    env.DATABASE_URL = process.env.TEST_FILE_DATABASE_URL;
  } else {
    delete env.DATABASE_URL;
    if (!env.DATA_DIR) {
      const dir = mkdtempSync(path.join(os.tmpdir(), "pl-server-"));
      folders.push(dir);
      env.DATA_DIR = dir;
    }
  }
  const child = spawn(process.execPath, SERVE, { cwd: root, env });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  let termAt = 0;
  const origKill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => {
    termAt = Date.now();
    return origKill(signal);
  };
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) =>
    child.on("exit", (code) => resolve({ code, ms: Date.now() - termAt })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 45_000);
    child.stdout.on("data", () => {
      const m = out.match(/ready at http:\/\/localhost:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), output: () => out, exited });
      }
    });
    child.on("exit", () => reject(new Error(`server exited early:\n${out}`)));
  });
}

describe("the built server process", () => {
  it("refuses to start with a bad environment, naming the variable", async () => {
    const child = spawn(process.execPath, SERVE, {
      cwd: root,
      env: { ...process.env, PORT: "not-a-port" },
    });
    let out = "";
    child.stderr.on("data", (d) => (out += d));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(out).toContain('PORT="not-a-port"');
  });

  it("finishes a request in flight on SIGTERM, refuses new connections, closes the database and exits 0", async () => {
    const server = await startServer();
    const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
    expect(ready.status).toBe(200);

    // A sign-in whose body arrives slowly: still in flight when the signal comes.
    const body = "email=someone%40example.com&password=definitely-not-it";
    const response = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: server.port,
          path: "/login",
          method: "POST",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 10));
      setTimeout(async () => {
        server.child.kill("SIGTERM");
        try {
          // Once the server says it drains (not after a fixed time: a busy machine may take longer to get there),
          // a new connection is refused.
          const since = Date.now();
          while (!server.output().includes("draining, no new connections")) {
            if (Date.now() - since > 10_000) throw new Error(`never drained:\n${server.output()}`);
            await new Promise((r) => setTimeout(r, 25));
          }
          await new Promise((r) => setTimeout(r, 100));
          await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
          req.end(body.slice(10));
        } catch (error) {
          reject(error);
        }
      }, 300);
    });
    const status = await response;
    if (status !== 400) console.log(server.output());
    expect(status).toBe(400);
    const { code, ms } = await server.exited;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(server.output()).toContain("Closed the database");
  });

  it("exits promptly on SIGINT when idle", async () => {
    const server = await startServer();
    server.child.kill("SIGINT");
    const { code, ms } = await server.exited;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5_000);
  });
});
