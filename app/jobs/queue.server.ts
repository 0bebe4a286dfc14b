// The job queue (docs/decisions/0009-jobs-in-our-own-table.md): a table of our own, claimed with
// FOR UPDATE SKIP LOCKED on both databases. A job is written in the transaction of the change that causes it; a
// process claims a batch of due jobs, runs each, and settles it: done, queued again later (backoff), or dead.
import { and, asc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { jobs } from "../../db/schema";

export type JobKind = "mail.send" | "housekeeping" | "reminders";

export interface NewJob {
  kind: JobKind;
  payload?: Record<string, unknown>;
  organisationId?: string | null;
  /** Not before (default: now). */
  runAt?: Date;
  maxAttempts?: number;
  /** One job per key, whoever writes it (a scheduled occasion: `housekeeping:2026-12-07T14`). */
  singletonKey?: string;
}

export interface ClaimedJob {
  id: string;
  kind: JobKind;
  payload: Record<string, unknown>;
  organisationId: string | null;
  attempts: number;
  maxAttempts: number;
}

/** How long a claim holds: a process that died with a job is replaced after this (the job runs again). */
export const CLAIM_MS = 2 * 60 * 1000;

/**
 * Writes a job in the caller's transaction: it exists only if the change commits. Returns its id, or undefined when
 * a job with the same singleton key exists already.
 */
export async function enqueue(tx: Tx, job: NewJob): Promise<string | undefined> {
  const [row] = await tx
    .insert(jobs)
    .values({
      kind: job.kind,
      payload: job.payload ?? {},
      organisationId: job.organisationId ?? null,
      runAt: job.runAt ?? new Date(),
      maxAttempts: job.maxAttempts ?? 5,
      singletonKey: job.singletonKey ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  return row?.id;
}

/**
 * Claims up to `limit` due jobs for `worker`, oldest first: queued ones whose time has come, and running ones whose
 * claim ran out (their process died). One statement; SKIP LOCKED lets several processes claim at once, each job going
 * to one of them.
 */
export async function claimJobs(worker: string, limit: number, now = new Date()): Promise<ClaimedJob[]> {
  const db = getDb();
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      or(
        and(eq(jobs.state, "queued"), lte(jobs.runAt, now)),
        // A process died with it: run again, unless that was its last attempt (then housekeeping marks it dead).
        and(eq(jobs.state, "running"), lte(jobs.lockedUntil, now), lt(jobs.attempts, jobs.maxAttempts)),
      ),
    )
    .orderBy(asc(jobs.runAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(jobs)
    .set({
      state: "running",
      attempts: sql`${jobs.attempts} + 1`,
      lockedBy: worker,
      lockedUntil: new Date(now.getTime() + CLAIM_MS),
    })
    .where(inArray(jobs.id, due))
    .returning({
      id: jobs.id,
      kind: jobs.kind,
      payload: jobs.payload,
      organisationId: jobs.organisationId,
      attempts: jobs.attempts,
      maxAttempts: jobs.maxAttempts,
    }) as Promise<ClaimedJob[]>;
}

/** The job ran: done. Only while `worker` still holds it (a claim taken over after it ran out is the other's). */
export async function completeJob(id: string, worker: string): Promise<void> {
  await getDb()
    .update(jobs)
    .set({ state: "done", finishedAt: new Date(), lockedUntil: null, lastError: null })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, worker), eq(jobs.state, "running")));
}

/** The wait before attempt n+1 after n failures: base, 2 base, 4 base … */
export function backoffMs(attempts: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, attempts - 1);
}

/**
 * The job failed: queued again after its backoff, or dead after its last attempt. Returns the state it is left in.
 */
export async function failJob(
  job: ClaimedJob,
  worker: string,
  error: string,
  retryBaseMs: number,
  now = new Date(),
): Promise<"queued" | "dead"> {
  const dead = job.attempts >= job.maxAttempts;
  await getDb()
    .update(jobs)
    .set(
      dead
        ? { state: "dead", finishedAt: now, lockedUntil: null, lastError: error }
        : {
            state: "queued",
            runAt: new Date(now.getTime() + backoffMs(job.attempts, retryBaseMs)),
            lockedUntil: null,
            lastError: error,
          },
    )
    .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, worker), eq(jobs.state, "running")));
  return dead ? "dead" : "queued";
}

/**
 * Jobs whose process died during their last attempt (their claim ran out): dead, so that a job that kills its process
 * is not run forever. Returns how many.
 */
export async function buryAbandonedJobs(now = new Date()): Promise<number> {
  const rows = await getDb()
    .update(jobs)
    .set({
      state: "dead",
      finishedAt: now,
      lockedUntil: null,
      lastError: "The process running its last attempt stopped.",
    })
    .where(and(eq(jobs.state, "running"), lte(jobs.lockedUntil, now), gte(jobs.attempts, jobs.maxAttempts)))
    .returning({ id: jobs.id });
  return rows.length;
}
