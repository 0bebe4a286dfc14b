// Starting on the embedded database (the PGlite pass; tests/startup.postgres.test.ts holds PostgreSQL's failures): one
// process per data folder (db/lock.ts), and a port in use or a folder that cannot be used as one line naming the
// setting, exit 1, well within 30 s. Against the real server process (and scripts), as people run it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  acquireDataDirLock,
  DataDirLockedError,
  LOCK_FILE,
  type LockHolder,
  processStartTime,
} from "../db/lock";
import {
  expectRefusal,
  failSignIn,
  findInRows,
  migratedFolder,
  removeTempFolders,
  runScript,
  spawnNode,
  startServer,
  tempFolder,
  withFolder,
} from "./process-kit";

afterAll(removeTempFolders);

function lockOf(dataDir: string): LockHolder {
  return JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), "utf8"));
}

function writeLock(dataDir: string, holder: Partial<LockHolder>): void {
  const lock: LockHolder = {
    pid: 1,
    startTime: null,
    command: "a process of the test",
    dataDir: realpathSync(dataDir),
    token: "someone-else",
    takenAt: new Date().toISOString(),
    ...holder,
  };
  writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify(lock));
}

/** A pid that was just in use and now names no process. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid!;
}

describe("the data folder lock (db/lock.ts)", () => {
  it("refuses a folder a live process holds, naming the folder, its pid and its command line", async () => {
    const dir = tempFolder("lock-live");
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000) // the-holder"]);
    try {
      await new Promise((resolve) => holder.once("spawn", resolve));
      writeLock(dir, { pid: holder.pid, startTime: processStartTime(holder.pid!) });
      let refused: unknown;
      try {
        acquireDataDirLock(dir);
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(DataDirLockedError);
      const message = (refused as Error).message;
      expect(message).toContain(realpathSync(dir));
      expect(message).toContain(`pid ${holder.pid}`);
      expect(message).toContain("the-holder");
    } finally {
      holder.kill("SIGKILL");
    }
    await new Promise((resolve) => holder.once("exit", resolve));
    // Once it is gone its lock is stale and taken over.
    const lock = acquireDataDirLock(dir);
    expect(lockOf(dir).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it("takes over a lock whose pid now names another process (other start time) or that was copied from another folder", () => {
    const dir = tempFolder("lock-stale");
    // NOTE: the parent process runs, but it did not start at tick 1 after boot: the pid was recycled.
    writeLock(dir, { pid: process.ppid, startTime: "1" });
    acquireDataDirLock(dir).release();
    writeLock(dir, {
      pid: process.ppid,
      startTime: processStartTime(process.ppid),
      dataDir: "/elsewhere/data",
    });
    const lock = acquireDataDirLock(dir);
    expect(lockOf(dir).pid).toBe(process.pid);
    lock.release();
  });

  it("release removes the lock only while it is ours", () => {
    const dir = tempFolder("lock-release");
    const lock = acquireDataDirLock(dir);
    writeLock(dir, { pid: process.ppid, startTime: processStartTime(process.ppid) });
    lock.release();
    expect(lockOf(dir).pid).toBe(process.ppid);
  });

  it("of several processes racing for a folder with a stale lock, exactly one takes it", async () => {
    const dir = tempFolder("lock-race");
    writeLock(dir, { pid: deadPid() });
    const script = `import { acquireDataDirLock } from "./db/lock.ts";
      try { acquireDataDirLock(${JSON.stringify(dir)}); console.log("took it"); }
      catch (e) { console.log(e.name); }
      process.stdin.resume(); process.stdin.on("end", () => process.exit(0));`;
    const racers = Array.from({ length: 4 }, () =>
      spawnNode(["--import", "tsx", "--input-type=module", "-e", script]),
    );
    const answers = await Promise.all(racers.map((r) => r.waitFor(/took it|DataDirLockedError/, 30_000)));
    for (const r of racers) r.child.stdin?.end();
    await Promise.all(racers.map((r) => r.exited));
    expect(answers.map((a) => a[0]).filter((a) => a === "took it")).toHaveLength(1);
  }, 45_000);
});

describe("one server per data folder", () => {
  it("a second server (or db:migrate) on a folder in use refuses with one line naming the folder and the holder; the first server's writes stay", async () => {
    const dataDir = await migratedFolder("two-servers");
    const first = await startServer({ DATA_DIR: dataDir, SEED_DEMO: "false" });
    const emails = Array.from({ length: 6 }, (_, i) => `lock-test-${i}-${process.pid}@example.com`);
    try {
      for (const email of emails.slice(0, 3)) expect(await failSignIn(first.origin, email)).toBe(400);
      const [second, migrate] = await Promise.all([
        expectRefusal({ DATA_DIR: dataDir }, "DATA_DIR=", realpathSync(dataDir), `pid ${first.child.pid}`),
        runScript("migrate.ts", [], { DATA_DIR: dataDir }),
      ]);
      expect(second.line).toContain("scripts/server.ts");
      expect(migrate.code).toBe(1);
      expect(migrate.output.trim().split("\n")).toHaveLength(1);
      expect(migrate.output).toContain(`is in use by pid ${first.child.pid}`);
      // The first server still serves, and writes.
      for (const email of emails.slice(3)) expect(await failSignIn(first.origin, email)).toBe(400);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    expect(await withFolder(dataDir, (db) => findInRows(db, emails))).toEqual(emails);
  }, 60_000);

  it("a stale lock (its process is dead) is taken over; the server records its pid and backup channel, and removes the lock on shutdown", async () => {
    const dataDir = await migratedFolder("stale-lock");
    writeLock(dataDir, { pid: deadPid(), command: "a server that was killed" });
    const server = await startServer({ DATA_DIR: dataDir, SEED_DEMO: "false" });
    try {
      const lock = lockOf(dataDir);
      expect(lock.pid).toBe(server.child.pid);
      expect(lock.channel).toBeTruthy();
      expect(statSync(lock.channel!).mode & 0o777).toBe(0o600);
      expect(Buffer.byteLength(lock.channel!)).toBeLessThan(108);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  }, 60_000);
});

describe("start-up failures: one line naming the setting, exit 1 within 30 s", () => {
  it("a port in use, found before the database is opened or migrated", async () => {
    const holder = net.createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => holder.once("listening", resolve));
    const { port } = holder.address() as net.AddressInfo;
    const dataDir = path.join(tempFolder("port"), "never-created");
    try {
      await expectRefusal(
        { PORT: String(port), DATA_DIR: dataDir },
        `PORT=${port}`,
        "HOST=127.0.0.1",
        "in use",
      );
    } finally {
      holder.close();
    }
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);

  it("a data folder that cannot be written (a file stands at its path)", async () => {
    const file = path.join(tempFolder("file"), "not-a-folder");
    writeFileSync(file, "");
    await expectRefusal({ DATA_DIR: file }, `DATA_DIR=${file}`, "a file, not a folder");
  }, 60_000);
});
