// The built server as a real process: a bad environment, and graceful shutdown on SIGTERM and SIGINT (requests in
// flight answered, later ones 503 with Connection: close, none reset, the exit as soon as the last answer is sent).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import {
  migratedFolder,
  ROOT,
  type RunningServer,
  removeTempFolders,
  SERVE,
  startServer,
} from "./process-kit";

const started: RunningServer[] = [];
afterAll(async () => {
  for (const server of started) await server.stop();
  removeTempFolders();
});

/** The file's own database (PostgreSQL) or a migrated PGlite folder: the server starts without seeding. */
async function serverEnv(): Promise<Record<string, string>> {
  const url = process.env.TEST_FILE_DATABASE_URL;
  return url ? { DATABASE_URL: url } : { DATA_DIR: await migratedFolder("shutdown"), SEED_DEMO: "false" };
}

async function start(): Promise<RunningServer> {
  // NOTE: 30 password hashes take seconds, more on a busy machine: the drain's limit must not cut them.
  const server = await startServer({ ...(await serverEnv()), SHUTDOWN_TIMEOUT_MS: "45000" });
  started.push(server);
  return server;
}

type Answer = { status: number; connection?: string; at: number } | { error: string; at: number };

/**
 * A failed sign-in (a 150 ms password hash each, so 30 keep the server busy for seconds) on a connection of its own.
 * `connected` is called once the connection is established (the server's kernel holds it, accepted or not yet).
 */
function signIn(origin: string, i: number, connected?: () => void): Promise<Answer> {
  const body = new URLSearchParams({
    email: `nobody-${i}@example.com`,
    password: "definitely not it",
  }).toString();
  const url = new URL(`${origin}/login`);
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        agent: false,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, at: Date.now() }),
        );
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message, at: Date.now() }),
    );
    req.on("socket", (socket) => socket.once("connect", () => connected?.()));
    req.end(body);
  });
}

describe("the built server process", () => {
  it("refuses to start with a bad environment, naming the variable", async () => {
    const child = spawn(process.execPath, SERVE, { cwd: ROOT, env: { ...process.env, PORT: "not-a-port" } });
    let out = "";
    child.stderr.on("data", (d) => (out += d));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(out).toContain('PORT="not-a-port"');
  });

  it("on SIGTERM answers every request in flight, answers later ones 503 with Connection: close, resets none, and exits once the last is answered", async () => {
    const server = await start();
    // The signal comes once all 30 connections are established, whatever the machine's speed: each sign-in hashes a
    // password (about 150 ms, more on a busy machine), so most are still waiting for their answer then.
    let established = 0;
    let allEstablished: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      allEstablished = resolve;
    });
    const inFlight = Array.from({ length: 30 }, (_, i) =>
      signIn(server.origin, i, () => {
        if (++established === 30) allEstablished();
      }),
    );
    await ready;
    server.child.kill("SIGTERM");
    await server.waitFor(/draining/, 10_000);
    const later = await Promise.all(Array.from({ length: 5 }, (_, i) => signIn(server.origin, 100 + i)));
    const answers = await Promise.all(inFlight);
    const { code } = await server.exited;
    const exitedAt = Date.now();

    expect(answers.filter((a) => "error" in a)).toEqual([]);
    expect(answers.map((a) => ("status" in a ? a.status : 0))).toEqual(Array(30).fill(400));
    for (const answer of later) {
      expect(answer).toMatchObject({ status: 503, connection: "close" });
    }
    expect(code).toBe(0);
    expect(server.output()).toContain("Closed the database");
    // Keep-alive connections do not hold the exit: it follows the last answer (the database closing in between).
    const lastAnswer = Math.max(...answers.map((a) => a.at));
    expect(exitedAt - lastAnswer).toBeLessThan(3_000);
  }, 60_000);

  it("answers a 50 MB field on /login 413 at once, before reading it, without the process growing", async () => {
    const server = await start();
    const rss = () =>
      Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, "utf8"))?.[1]);
    const before = rss();
    const size = 50 * 1024 * 1024;
    const url = new URL(`${server.origin}/login`);
    const answer = await new Promise<{ status: number; body: string; sentWhenAnswered: number }>(
      (resolve, reject) => {
        let sent = 0;
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(size) },
          },
          (res) => {
            const sentWhenAnswered = sent;
            let body = "";
            res.on("data", (d) => (body += d));
            res.on("end", () => {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered });
            });
          },
        );
        req.on("error", reject);
        const chunk = Buffer.alloc(1024 * 1024, 0x61);
        const pump = () => {
          while (sent < size && req.write(chunk)) sent += chunk.length;
          if (sent < size) req.once("drain", pump);
        };
        req.write("email=");
        pump();
      },
    );
    expect(answer.status).toBe(413);
    expect(answer.body.length).toBeLessThan(1_000);
    expect(answer.sentWhenAnswered).toBeLessThan(size);
    // Today's answer echoed the field into the page twice (about 100 MB) and grew the process by about 700 MB.
    expect(rss() - before).toBeLessThan(64 * 1024);
  }, 60_000);

  it("exits promptly on SIGINT when idle, with a keep-alive connection open", async () => {
    const server = await start();
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${server.origin}/healthz`, { agent }, (res) => {
          res.resume();
          res.on("end", () => resolve());
        })
        .on("error", reject);
    });
    const signalledAt = Date.now();
    server.child.kill("SIGINT");
    const { code } = await server.exited;
    agent.destroy();
    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
  }, 60_000);
});
