// Runs the queue's jobs in this process: claims due jobs, runs each through its handler, settles it, and schedules the
// hourly jobs (housekeeping, the reminder sweep). The app runs one at start (unless RUN_JOBS=false); `npm run worker`
// runs one alone.

import { getDb } from "../../db/client";
import {
  type ClaimedJob,
  claimJobs,
  completeJob,
  enqueue,
  failJob,
  type JobKind,
  type NewJob,
} from "./queue.server";

export type JobHandler = (job: ClaimedJob) => Promise<void>;
export type JobHandlers = Record<JobKind, JobHandler>;

export interface RunnerOptions {
  /** This process's name in the queue (host and pid). */
  worker: string;
  handlers: JobHandlers;
  /** The wait between polls when nothing is due. */
  pollMs: number;
  /** The first retry's wait; each further one doubles. */
  retryBaseMs: number;
  /** Jobs run at once. */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface JobRunner {
  /** Polls now instead of at the next tick (after this process queued something). */
  wake(): void;
  /** Stops claiming, waits for the jobs in hand. */
  stop(): Promise<void>;
}

/**
 * The jobs every hour has. The reminder sweep looks every hour because each organisation's day starts at 08:00 in its
 * own time zone; each organisation's day is done once (app/jobs/reminders.server.ts).
 */
const HOURLY_KINDS = ["housekeeping", "reminders"] as const satisfies readonly JobKind[];

/** One hour's job of a kind: one whatever the number of processes (its singleton key, `reminders:2026-12-07T14`). */
function hourlyJob(kind: (typeof HOURLY_KINDS)[number], now: Date): NewJob {
  return { kind, singletonKey: `${kind}:${now.toISOString().slice(0, 13)}`, maxAttempts: 3 };
}

/** The hour's housekeeping job alone. */
export async function scheduleHousekeeping(now = new Date()): Promise<void> {
  await getDb().transaction((tx) => enqueue(tx, hourlyJob("housekeeping", now)));
}

/** The hour's jobs (housekeeping and the reminder sweep), each once per hour; the runner calls it every minute. */
export async function scheduleHourlyJobs(now = new Date()): Promise<void> {
  await getDb().transaction(async (tx) => {
    for (const kind of HOURLY_KINDS) await enqueue(tx, hourlyJob(kind, now));
  });
}

/** Runs one claimed job and settles it; never throws. `now`: the clock its claim was taken on (tests drive it). */
async function runJob(job: ClaimedJob, options: RunnerOptions, now?: Date): Promise<void> {
  const log = options.log ?? console.log;
  try {
    await options.handlers[job.kind](job);
    await completeJob(job.id, options.worker);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    try {
      const state = await failJob(job, options.worker, message.slice(0, 2000), options.retryBaseMs, now);
      log(
        state === "dead"
          ? `Job ${job.kind} ${job.id} is dead after ${job.attempts} attempts: ${message}`
          : `Job ${job.kind} ${job.id} failed (attempt ${job.attempts} of ${job.maxAttempts}), will retry: ${message}`,
      );
    } catch (settleError) {
      // Most often the database is away: one line with the cause, never the query (the outage log rule).
      log(
        `Job ${job.kind} ${job.id} failed and could not be settled (${rootCause(settleError)}); it is claimed again later.`,
      );
    }
  }
}

/**
 * Claims and runs due jobs until none is left; returns how many ran. Tests call it to run the queue on the spot.
 */
export async function runDueJobs(options: RunnerOptions, now?: () => Date): Promise<number> {
  const limit = options.concurrency ?? 4;
  let ran = 0;
  for (;;) {
    const at = now?.();
    const batch = await claimJobs(options.worker, limit, at);
    if (batch.length === 0) return ran;
    await Promise.all(batch.map((job) => runJob(job, options, at)));
    ran += batch.length;
  }
}

/** The innermost error's message: what actually went wrong, without the query that met it. */
function rootCause(error: unknown): string {
  let e = error;
  while (e instanceof Error && e.cause !== undefined) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

/** Starts the polling loop. */
export function startJobRunner(options: RunnerOptions): JobRunner {
  const log = options.log ?? console.log;
  const limit = options.concurrency ?? 4;
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  let lastSchedule = 0;
  let failing = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  const loop = (async () => {
    while (!stopped) {
      try {
        if (Date.now() - lastSchedule >= 60_000) {
          await scheduleHourlyJobs();
          lastSchedule = Date.now();
        }
        const batch = await claimJobs(options.worker, limit);
        failing = false;
        await Promise.all(batch.map((job) => runJob(job, options)));
        if (batch.length === limit) continue;
      } catch (error) {
        // The database is away (an outage, a shutdown): said once, in one line (the server tells the outage itself;
        // no SQL in the log), then tried again at each poll.
        if (!failing && !stopped) log(`Jobs: cannot reach the queue (${rootCause(error)}); trying again.`);
        failing = true;
      }
      if (!stopped) await sleep(options.pollMs);
    }
  })();

  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
