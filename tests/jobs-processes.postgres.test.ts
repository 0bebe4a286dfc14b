// The job queue across real processes on one PostgreSQL database (the PostgreSQL pass only: the embedded database
// belongs to one process). Two built app servers, each running the queue (RUN_JOBS, on by default), share a burst of
// mail: every message reaches the SMTP server exactly once and both processes send some (the X-PartnerLens-Sender
// header names the process). Then `npm run worker` runs the queue for an app started with RUN_JOBS=false.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { inArray, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MailContent } from "../app/mail/compose";
import { queueMail } from "../app/models/mail.server";
import { getDb } from "../db/client";
import { jobs, mailMessages } from "../db/schema";
import { startMailServer, type TestMailServer } from "./mail-server";
import { type Proc, type RunningServer, removeTempFolders, spawnNode, startServer } from "./process-kit";

/** This file's own database, migrated (tests/setup/database.ts makes it before the tests run, drops it after). */
function fileDatabase(): string {
  const url = process.env.TEST_FILE_DATABASE_URL;
  if (!url) throw new Error("tests/*.postgres.test.ts run with DATABASE_URL set (vitest.config.ts)");
  return url;
}

let mail: TestMailServer;
const running: Proc[] = [];

beforeAll(async () => {
  mail = await startMailServer();
});
afterAll(async () => {
  for (const proc of running) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill("SIGTERM");
    await proc.exited;
  }
  await mail?.close();
  removeTempFolders();
});

function processEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: fileDatabase(),
    SMTP_URL: mail.url,
    APP_URL: "http://portal.example",
    JOB_POLL_MS: "50",
    ...extra,
  };
}

async function start(extra: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startServer(processEnv(extra));
  running.push(server);
  return server;
}

/** The name a process gives itself in the X-PartnerLens-Sender header (app/mail/deliver.server.ts). */
const senderOf = (proc: Proc) => `${os.hostname()}/${proc.child.pid}`;

function content(i: number): MailContent {
  return {
    subject: `Message ${i}`,
    greeting: "Hello,",
    paragraphs: [`This is message ${i}.`],
    action: { label: "Open", url: `http://portal.example/m/${i}` },
    organisationName: null,
  };
}

/** Queues `count` distinct messages in one transaction; returns their recipients' common prefix and their ids. */
async function queueBurst(count: number): Promise<{ prefix: string; ids: string[] }> {
  const prefix = `bulk-${randomUUID().slice(0, 8)}-`;
  await getDb().transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const queued = await queueMail(tx, {
        kind: "confirm-address",
        to: `${prefix}${i}@example.com`,
        organisationId: null,
        occasion: `${prefix}${i}`,
        content: content(i),
      });
      expect(queued).toBe(true);
    }
  });
  const rows = await getDb().select({ id: mailMessages.id, to: mailMessages.toAddress }).from(mailMessages);
  return { prefix, ids: rows.filter((r) => r.to.startsWith(prefix)).map((r) => r.id) };
}

/** Waits until every job in the queue is done (a condition polled, never a fixed sleep). */
async function allJobsDone(ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await getDb()
      .select({ id: jobs.id, state: jobs.state })
      .from(jobs)
      .where(ne(jobs.state, "done"));
    if (open.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`jobs not done after ${ms} ms: ${JSON.stringify(open.slice(0, 5))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the queue across processes (PostgreSQL)", () => {
  it("two app servers share 200 queued messages: each arrives exactly once, both processes send some, every job ends done", async () => {
    const started = Date.now();
    const [a, b] = [await start(), await start()];
    const serversUp = Date.now();

    const count = 200;
    const { prefix, ids } = await queueBurst(count);
    expect(ids).toHaveLength(count);
    const ours = (m: { to: string }) => m.to.startsWith(prefix);
    await mail.waitFor(ours, count, 45_000);
    // The last acceptance comes before its job is settled: wait for the queue, then count (a duplicate would be in).
    await allJobsDone(15_000);
    const sentAll = Date.now();

    const received = mail.received.filter(ours);
    const byMessage = new Map<string, number>();
    for (const m of received) byMessage.set(m.messageId, (byMessage.get(m.messageId) ?? 0) + 1);
    expect(
      [...byMessage.entries()].filter(([, n]) => n > 1),
      "sent more than once",
    ).toEqual([]);
    expect(received).toHaveLength(count);
    expect(new Set(received.map((m) => m.to)).size).toBe(count);
    expect([...byMessage.keys()].sort()).toEqual(ids.map((id) => `<${id}@partnerlens>`).sort());

    const bySender = new Map<string, number>();
    for (const m of received) bySender.set(m.sender, (bySender.get(m.sender) ?? 0) + 1);
    expect([...bySender.keys()].sort()).toEqual([senderOf(a), senderOf(b)].sort());
    expect(bySender.get(senderOf(a))).toBeGreaterThan(0);
    expect(bySender.get(senderOf(b))).toBeGreaterThan(0);

    const messages = await getDb().select().from(mailMessages).where(inArray(mailMessages.id, ids));
    expect(messages.filter((m) => m.state !== "sent" || m.textBody !== null)).toEqual([]);
    const mailJobs = (await getDb().select().from(jobs)).filter((j) =>
      ids.includes(String(j.payload.messageId)),
    );
    expect(mailJobs).toHaveLength(count);
    expect(mailJobs.filter((j) => j.state !== "done" || j.attempts !== 1)).toEqual([]);
    for (const server of [a, b])
      expect(server.output()).not.toMatch(/will retry|is dead|cannot reach the queue/);

    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
    console.log(
      `[jobs-processes] servers up in ${serversUp - started} ms; ${count} messages sent in ${sentAll - serversUp} ms ` +
        `(${[...bySender.values()].join(" + ")})`,
    );
  }, 90_000);

  it("npm run worker prints its ready line and sends the mail queued beside an app started with RUN_JOBS=false", async () => {
    const app = await start({ RUN_JOBS: "false" });
    const worker = spawnNode(["--import", "tsx", "scripts/worker.ts"], processEnv());
    running.push(worker);
    await worker.waitFor(/PartnerLens worker is running jobs/);

    const { prefix, ids } = await queueBurst(3);
    const got = await mail.waitFor((m) => m.to.startsWith(prefix), 3, 20_000);
    await allJobsDone(15_000);
    expect(got.map((m) => m.sender)).toEqual(Array(3).fill(senderOf(worker)));
    expect(mail.received.filter((m) => m.to.startsWith(prefix))).toHaveLength(3);
    const messages = await getDb().select().from(mailMessages).where(inArray(mailMessages.id, ids));
    expect(messages.map((m) => m.state)).toEqual(["sent", "sent", "sent"]);
    // Its log says so, one line a message (read as the lines arrive: the pipe may lag the database).
    for (let i = 0; i < 3; i++)
      await worker.waitFor(new RegExp(`Mail sent: confirm-address to ${prefix}${i}@`), 10_000);
    expect(worker.output().match(/Mail sent: /g)).toHaveLength(3);
    expect(app.output()).not.toContain("Mail sent");

    worker.child.kill("SIGTERM");
    expect((await worker.exited).code).toBe(0);
    expect(worker.output()).toContain("Worker stopped. Bye.");
    expect(await app.stop()).toBe(0);
  }, 60_000);
});
