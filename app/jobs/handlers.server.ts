// What each kind of job does, and the runner this process starts with its settings.
import os from "node:os";
import { and, eq, lt } from "drizzle-orm";
import { getDb } from "../../db/client";
import { jobs } from "../../db/schema";
import { deliverMessage } from "../mail/deliver.server";
import { getEnv } from "../utils/config.server";
import { purgeExpired } from "../utils/session.server";
import { buryAbandonedJobs } from "./queue.server";
import { runReminders } from "./reminders.server";
import { type JobHandlers, type RunnerOptions, startJobRunner } from "./runner.server";

/** Finished jobs are kept a week (what ran, when), then removed by the housekeeping. */
const DONE_JOBS_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The hourly housekeeping: expired sessions, old throttle events and idempotency keys, week-old finished jobs, and
 * jobs abandoned on their last attempt (dead).
 */
export async function housekeeping(now = new Date()): Promise<void> {
  await purgeExpired(now);
  await buryAbandonedJobs(now);
  await getDb()
    .delete(jobs)
    .where(and(eq(jobs.state, "done"), lt(jobs.finishedAt, new Date(now.getTime() - DONE_JOBS_KEPT_MS))));
}

export function jobHandlers(log: (line: string) => void = console.log): JobHandlers {
  return {
    "mail.send": (job) => deliverMessage(job, log),
    housekeeping: () => housekeeping(),
    reminders: async () => {
      await runReminders(new Date(), log);
    },
  };
}

/** The runner's settings from the environment; `worker` names this process in the queue. */
export function runnerOptions(log: (line: string) => void = console.log): RunnerOptions {
  const env = getEnv();
  return {
    worker: `${os.hostname()}/${process.pid}`,
    handlers: jobHandlers(log),
    pollMs: env.JOB_POLL_MS,
    retryBaseMs: env.JOB_RETRY_BASE_MS,
    concurrency: 4,
    log,
  };
}

export function startJobs(log: (line: string) => void = console.log) {
  return startJobRunner(runnerOptions(log));
}
