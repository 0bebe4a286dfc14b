// The job queue (app/jobs): a job exists only if the transaction that wrote it commits, each due job goes to one
// claimer however many claim at once, a failing job is retried with a doubling wait and is dead after its last
// attempt (its error kept), a claim that ran out passes to another worker, and the hourly housekeeping is one job
// per hour that removes what expired. Time is driven through the `now` parameters: no test waits for a backoff.
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { jobHandlers } from "../app/jobs/handlers.server";
import {
  backoffMs,
  buryAbandonedJobs,
  CLAIM_MS,
  type ClaimedJob,
  claimJobs,
  completeJob,
  enqueue,
  failJob,
} from "../app/jobs/queue.server";
import {
  type JobHandlers,
  type RunnerOptions,
  runDueJobs,
  scheduleHousekeeping,
} from "../app/jobs/runner.server";
import { getDb } from "../db/client";
import { jobs, sessions } from "../db/schema";
import { createMember, createOrganisation, sessionCookie } from "./factories";

const DAY_MS = 24 * 60 * 60 * 1000;

// This file's database is its own: each test starts with an empty queue, so "what runs" is what the test queued.
beforeEach(async () => {
  await getDb().delete(jobs);
});

function options(handlers: Partial<JobHandlers>, extra: Partial<RunnerOptions> = {}): RunnerOptions {
  return {
    worker: "test-worker",
    handlers: {
      "mail.send": async () => {},
      housekeeping: async () => {},
      reminders: async () => {},
      ...handlers,
    },
    pollMs: 50,
    retryBaseMs: 1_000,
    log: () => {},
    ...extra,
  };
}

async function jobRow(id: string) {
  const [row] = await getDb().select().from(jobs).where(eq(jobs.id, id));
  return row;
}

async function enqueueCommitted(count: number, extra: { maxAttempts?: number } = {}): Promise<string[]> {
  return getDb().transaction(async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = await enqueue(tx, { kind: "mail.send", payload: { n: i }, ...extra });
      ids.push(id!);
    }
    return ids;
  });
}

describe("enqueue in the caller's transaction", () => {
  it("a job written in a transaction that rolls back does not exist, and nothing runs", async () => {
    let id: string | undefined;
    await expect(
      getDb().transaction(async (tx) => {
        id = await enqueue(tx, { kind: "mail.send", payload: { messageId: randomUUID() } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(id, "the insert itself succeeded inside the transaction").toBeDefined();
    expect(await jobRow(id!)).toBeUndefined();

    const ran: string[] = [];
    expect(await runDueJobs(options({ "mail.send": async (job) => void ran.push(job.id) }))).toBe(0);
    expect(ran).toEqual([]);
  });

  it("a committed job is claimed once, run once by runDueJobs and left done", async () => {
    const [id] = await enqueueCommitted(1);
    expect(await jobRow(id)).toMatchObject({ state: "queued", attempts: 0 });

    const ran: ClaimedJob[] = [];
    const opts = options({ "mail.send": async (job) => void ran.push(job) });
    expect(await runDueJobs(opts)).toBe(1);
    expect(ran.map((j) => j.id)).toEqual([id]);
    expect(ran[0]).toMatchObject({ kind: "mail.send", payload: { n: 0 }, attempts: 1 });
    const row = await jobRow(id);
    expect(row).toMatchObject({ state: "done", attempts: 1, lockedUntil: null, lastError: null });
    expect(row.finishedAt).toBeInstanceOf(Date);

    // Nothing is due any more, now or much later.
    expect(await runDueJobs(opts)).toBe(0);
    expect(await runDueJobs(opts, () => new Date(Date.now() + 30 * DAY_MS))).toBe(0);
    expect(ran).toHaveLength(1);
  });

  it("a job is not claimed before its runAt", async () => {
    const at = new Date(Date.now() + 60_000);
    const id = await getDb().transaction((tx) => enqueue(tx, { kind: "mail.send", runAt: at }));
    expect(await claimJobs("w", 10, new Date(at.getTime() - 1))).toEqual([]);
    const claimed = await claimJobs("w", 10, at);
    expect(claimed.map((j) => j.id)).toEqual([id]);
  });
});

describe("claimers at once", () => {
  it("two claimJobs at the same moment never get the same job, and between them get all", async () => {
    const ids = await enqueueCommitted(20);
    const [a, b] = await Promise.all([claimJobs("worker-a", 20), claimJobs("worker-b", 20)]);
    const aIds = a.map((j) => j.id);
    const bIds = b.map((j) => j.id);
    expect(
      aIds.filter((id) => bIds.includes(id)),
      "claimed by both",
    ).toEqual([]);
    expect([...aIds, ...bIds].sort()).toEqual([...ids].sort());

    // The queue says the same: each job running, held by the worker that got it, claimed once.
    const rows = await getDb().select().from(jobs).where(inArray(jobs.id, ids));
    for (const row of rows) {
      expect(row.state).toBe("running");
      expect(row.attempts).toBe(1);
      expect(row.lockedBy).toBe(aIds.includes(row.id) ? "worker-a" : "worker-b");
    }
  });

  it("two workers draining 60 jobs in small batches at once claim each exactly once", async () => {
    const ids = await enqueueCommitted(60);
    const drain = async (worker: string) => {
      const got: string[] = [];
      for (;;) {
        const batch = await claimJobs(worker, 3);
        if (batch.length === 0) return got;
        got.push(...batch.map((j) => j.id));
        await Promise.all(batch.map((j) => completeJob(j.id, worker)));
      }
    };
    const [a, b] = await Promise.all([drain("worker-a"), drain("worker-b")]);
    expect(
      a.filter((id) => b.includes(id)),
      "claimed by both",
    ).toEqual([]);
    expect(new Set(a).size).toBe(a.length);
    expect(new Set(b).size).toBe(b.length);
    expect([...a, ...b].sort()).toEqual([...ids].sort());
    const rows = await getDb().select().from(jobs).where(inArray(jobs.id, ids));
    expect(rows.every((r) => r.state === "done" && r.attempts === 1)).toBe(true);
  });
});

describe("a failing job", () => {
  it("is queued again after retryBaseMs · 2^(n-1), and is dead after maxAttempts with its last error kept", async () => {
    const base = 1_000;
    const [id] = await enqueueCommitted(1, { maxAttempts: 3 });
    let now = new Date(Date.now() + 1_000);

    for (let attempt = 1; attempt <= 3; attempt++) {
      const [job] = await claimJobs("w", 5, now);
      expect(job, `attempt ${attempt} is due at ${now.toISOString()}`).toBeDefined();
      expect(job).toMatchObject({ id, attempts: attempt, maxAttempts: 3 });
      const state = await failJob(job, "w", `boom ${attempt}`, base, now);
      const row = await jobRow(id);
      if (attempt < 3) {
        expect(state).toBe("queued");
        const wait = base * 2 ** (attempt - 1);
        expect(backoffMs(attempt, base)).toBe(wait);
        expect(row).toMatchObject({ state: "queued", attempts: attempt, lastError: `boom ${attempt}` });
        expect(row.runAt.getTime() - now.getTime()).toBe(wait);
        // Not a moment before its time.
        expect(await claimJobs("w", 5, new Date(row.runAt.getTime() - 1))).toEqual([]);
        now = row.runAt;
      } else {
        expect(state).toBe("dead");
        expect(row).toMatchObject({ state: "dead", attempts: 3, lastError: "boom 3", lockedUntil: null });
        expect(row.finishedAt?.getTime()).toBe(now.getTime());
      }
    }
    // Dead is final: never claimed again.
    expect(await claimJobs("w", 5, new Date(now.getTime() + 365 * DAY_MS))).toEqual([]);
  });

  it("through runDueJobs: each run makes one attempt, the wait doubles, the last error is kept, and the log says so", async () => {
    const [id] = await enqueueCommitted(1, { maxAttempts: 4 });
    const lines: string[] = [];
    let calls = 0;
    const opts = options(
      {
        "mail.send": async () => {
          calls++;
          throw new Error(`relay down (${calls})`);
        },
      },
      { retryBaseMs: 500, log: (line) => lines.push(line) },
    );
    let now = new Date(Date.now() + 1_000);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await runDueJobs(opts, () => now)).toBe(1);
      expect(calls).toBe(attempt);
      const row = await jobRow(id);
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toBe(`relay down (${attempt})`);
      if (attempt < 4) {
        expect(row.state).toBe("queued");
        waits.push(row.runAt.getTime() - now.getTime());
        expect(await runDueJobs(opts, () => new Date(row.runAt.getTime() - 1))).toBe(0);
        now = row.runAt;
      } else {
        expect(row.state).toBe("dead");
      }
    }
    expect(waits).toEqual([500, 1_000, 2_000]);
    expect(lines.filter((l) => l.includes("will retry"))).toHaveLength(3);
    expect(lines.filter((l) => l.includes(`is dead after 4 attempts: relay down (4)`))).toHaveLength(1);
    expect(await runDueJobs(opts, () => new Date(now.getTime() + 365 * DAY_MS))).toBe(0);
    expect(calls).toBe(4);
  });
});

describe("a claim that ran out", () => {
  it("is claimed again by another worker; the old worker's completion or failure then changes nothing", async () => {
    const [id] = await enqueueCommitted(1);
    const t = new Date(Date.now() + 1_000);
    const [old] = await claimJobs("worker-old", 1, t);
    expect(old.id).toBe(id);
    expect((await jobRow(id)).lockedUntil?.getTime()).toBe(t.getTime() + CLAIM_MS);

    // While the claim holds, nobody else gets the job.
    expect(await claimJobs("worker-new", 1, new Date(t.getTime() + CLAIM_MS - 1))).toEqual([]);
    // Once it ran out (the old process died, or hangs), another worker takes it over.
    const [taken] = await claimJobs("worker-new", 1, new Date(t.getTime() + CLAIM_MS));
    expect(taken).toMatchObject({ id, attempts: 2 });
    expect(await jobRow(id)).toMatchObject({ state: "running", lockedBy: "worker-new", attempts: 2 });

    // The old worker finishes late: the job stays the new worker's.
    await completeJob(id, "worker-old");
    expect(await jobRow(id)).toMatchObject({ state: "running", lockedBy: "worker-new", finishedAt: null });
    await failJob(old, "worker-old", "late failure", 1_000, new Date(t.getTime() + CLAIM_MS));
    expect(await jobRow(id)).toMatchObject({ state: "running", lockedBy: "worker-new", lastError: null });

    await completeJob(id, "worker-new");
    expect(await jobRow(id)).toMatchObject({ state: "done", attempts: 2 });
  });

  it("on the job's last attempt is not run again: housekeeping marks it dead", async () => {
    const [id] = await enqueueCommitted(1, { maxAttempts: 1 });
    const t = new Date(Date.now() + 1_000);
    await claimJobs("worker-dies", 1, t);
    const after = new Date(t.getTime() + CLAIM_MS);
    expect(await claimJobs("worker-new", 1, after)).toEqual([]);
    expect(await buryAbandonedJobs(after)).toBe(1);
    expect(await jobRow(id)).toMatchObject({
      state: "dead",
      attempts: 1,
      lastError: "The process running its last attempt stopped.",
    });
  });
});

describe("housekeeping", () => {
  it("scheduled twice in the same hour is one job; the next hour is another", async () => {
    await scheduleHousekeeping(new Date("2031-05-06T14:05:00Z"));
    await scheduleHousekeeping(new Date("2031-05-06T14:59:59Z"));
    let rows = await getDb().select().from(jobs).where(eq(jobs.kind, "housekeeping"));
    expect(rows.map((r) => r.singletonKey)).toEqual(["housekeeping:2031-05-06T14"]);
    await scheduleHousekeeping(new Date("2031-05-06T15:00:00Z"));
    rows = await getDb().select().from(jobs).where(eq(jobs.kind, "housekeeping"));
    expect(rows.map((r) => r.singletonKey).sort()).toEqual([
      "housekeeping:2031-05-06T14",
      "housekeeping:2031-05-06T15",
    ]);
  });

  it("run as a job, removes expired and idle sessions and done jobs older than 7 days, and keeps the rest", async () => {
    const org = await createOrganisation("buyer");
    const fresh = await createMember(org, "admin");
    const expired = await createMember(org, "evaluator");
    const idle = await createMember(org, "viewer");
    for (const user of [fresh, expired, idle]) await sessionCookie(user);
    await getDb()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(sessions.userId, expired.userId));
    await getDb()
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 2 * DAY_MS) })
      .where(eq(sessions.userId, idle.userId));

    const daysAgo = (d: number) => new Date(Date.now() - d * DAY_MS);
    const [oldDone, recentDone, oldDead] = await getDb()
      .insert(jobs)
      .values([
        { kind: "mail.send", state: "done", finishedAt: daysAgo(8), runAt: daysAgo(8) },
        { kind: "mail.send", state: "done", finishedAt: daysAgo(6), runAt: daysAgo(6) },
        // Dead jobs are what an operator looks into: not removed with the finished ones.
        { kind: "mail.send", state: "dead", finishedAt: daysAgo(8), runAt: daysAgo(8), attempts: 5 },
      ])
      .returning({ id: jobs.id });

    await scheduleHousekeeping();
    await scheduleHousekeeping();
    const lines: string[] = [];
    const ran = await runDueJobs(
      options(
        jobHandlers((l) => lines.push(l)),
        { log: (l) => lines.push(l) },
      ),
    );
    expect(ran, lines.join("\n")).toBe(1);

    const left = await getDb().select({ userId: sessions.userId }).from(sessions);
    const users = left.map((s) => s.userId);
    expect(users).toContain(fresh.userId);
    expect(users).not.toContain(expired.userId);
    expect(users).not.toContain(idle.userId);

    const remaining = await getDb().select().from(jobs);
    const ids = remaining.map((r) => r.id);
    expect(ids).not.toContain(oldDone.id);
    expect(ids).toContain(recentDone.id);
    expect(ids).toContain(oldDead.id);
    const [hk] = remaining.filter((r) => r.kind === "housekeeping");
    expect(hk).toMatchObject({ state: "done", attempts: 1, maxAttempts: 3 });
    expect(remaining).toHaveLength(3);
  });
});
