// The daily reminder sweep (DESIGN.md "Mail and jobs", "Reminders"), run by the hourly `reminders` job. An
// organisation's day is due once it is 08:00 or later in its own time zone; its reminders and its members' digests
// for that day are queued in one transaction with its reminder_runs row, so however many hourly sweeps or processes
// look at it, the day is done once (a second one finds the row and skips). A fixed number of statements per
// organisation, whatever the number of evaluations, evaluators or requests.
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import {
  candidateSubmissions,
  conflictDeclarations,
  evaluationCandidates,
  evaluationEvaluators,
  evaluations,
  organisations,
  reminderRuns,
} from "../../db/schema";
import { candidatesToScore, needsDeclaration } from "../domain/evaluation";
import { deadlineReminderMail } from "../mail/reminder-messages";
import { portalUrl } from "../models/mail.server";
import { deliveriesFor, membersOf } from "../models/mail-preferences.server";
import { type NoticeOutcome, notify, sendDigests } from "../models/notify.server";
import { remindPartner } from "./partner-reminders.server";
import {
  addOutcome,
  DEADLINE_REMINDER_DAYS,
  type DueOrganisation,
  localClock,
  type Member,
  noOutcome,
  REMINDER_HOUR,
  shiftDay,
} from "./reminder-rules";

export interface ReminderRun extends NoticeOutcome {
  organisationId: string;
  localDate: string;
  digests: number;
}

/**
 * Runs the day's reminders of every organisation whose day is due at `now` and not yet done: two statements to find
 * them, then one transaction each. An organisation that fails does not stop the others; the sweep throws after them
 * (its job retries, and finds only the failed ones still to do). Returns what each organisation's run queued.
 */
export async function runReminders(
  now = new Date(),
  log: (line: string) => void = console.log,
): Promise<ReminderRun[]> {
  const db = getDb();
  const all = await db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      name: organisations.name,
      timeZone: organisations.timeZone,
    })
    .from(organisations);
  const due: DueOrganisation[] = [];
  for (const o of all) {
    try {
      const clock = localClock(o.timeZone, now);
      if (clock.hour >= REMINDER_HOUR) due.push({ ...o, day: clock.day });
    } catch {
      log(`Reminders: ${o.name} (${o.id}) has an unknown time zone, ${o.timeZone}; skipped.`);
    }
  }
  if (due.length === 0) return [];
  const done = await db
    .select({ organisationId: reminderRuns.organisationId, localDate: reminderRuns.localDate })
    .from(reminderRuns)
    .where(inArray(reminderRuns.localDate, [...new Set(due.map((o) => o.day))]));
  const doneKeys = new Set(done.map((r) => `${r.organisationId} ${r.localDate}`));
  const runs: ReminderRun[] = [];
  const failures: string[] = [];
  for (const organisation of due.filter((o) => !doneKeys.has(`${o.id} ${o.day}`))) {
    try {
      const run = await db.transaction((tx) => remindOrganisation(tx, organisation));
      if (run) runs.push(run);
    } catch (error) {
      failures.push(`${organisation.name} (${organisation.id}): ${(error as Error).message}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(`Reminders failed for ${failures.length} organisation(s): ${failures.join("; ")}`);
  }
  return runs;
}

/** One organisation's day: its run row, its reminders, its members' digests. Undefined when it was done already. */
export async function remindOrganisation(
  tx: Tx,
  organisation: DueOrganisation,
): Promise<ReminderRun | undefined> {
  const [claimed] = await tx
    .insert(reminderRuns)
    .values({ organisationId: organisation.id, localDate: organisation.day })
    .onConflictDoNothing()
    .returning({ organisationId: reminderRuns.organisationId });
  if (!claimed) return undefined;
  const members = await membersOf(tx, [organisation.id]);
  const outcome =
    organisation.kind === "buyer"
      ? await remindEvaluators(tx, organisation, members)
      : await remindPartner(tx, organisation, members);
  const digests = await sendDigests(tx, members, organisation.day);
  return { organisationId: organisation.id, localDate: organisation.day, ...outcome, digests };
}

/**
 * A buyer's evaluations in scoring whose deadline is 7, 3 or 1 days ahead or was yesterday: each active assigned
 * evaluator with candidates left to submit (those it may score, `candidatesToScore`, and has not submitted) is
 * reminded of exactly those. Six statements when some evaluation is due, one otherwise.
 */
async function remindEvaluators(tx: Tx, buyer: DueOrganisation, members: Member[]): Promise<NoticeOutcome> {
  const outcome = noOutcome();
  const daysOf = new Map(DEADLINE_REMINDER_DAYS.map((d) => [shiftDay(buyer.day, d), d]));
  const due = await tx
    .select({ id: evaluations.id, name: evaluations.name, deadlineOn: evaluations.deadlineOn })
    .from(evaluations)
    .where(
      and(
        eq(evaluations.organisationId, buyer.id),
        eq(evaluations.status, "scoring"),
        inArray(evaluations.deadlineOn, [...daysOf.keys()]),
      ),
    )
    .orderBy(asc(evaluations.name), asc(evaluations.id));
  if (due.length === 0) return outcome;
  const people = await scoringPeople(
    tx,
    buyer.id,
    due.map((e) => e.id),
  );
  const memberOf = new Map(members.map((m) => [m.userId, m]));
  const deliveries = await deliveriesFor(
    tx,
    [...new Set(people.evaluators.map((e) => e.userId))],
    "deadline-reminders",
  );
  for (const evaluation of due) {
    const days = daysOf.get(evaluation.deadlineOn as string) as number;
    const left = leftToSubmit(evaluation.id, people, new Set(memberOf.keys()));
    if (left.size === 0) continue;
    const path = `/evaluations/${evaluation.id}`;
    addOutcome(
      outcome,
      await notify(
        tx,
        [...left.keys()].map((id) => memberOf.get(id) as Member),
        {
          topic: "deadline-reminders",
          kind: "deadline-reminder",
          organisationId: buyer.id,
          occasion: `deadline:${evaluation.id}:${evaluation.deadlineOn}:${days}`,
          deliveries,
          content: (r) =>
            deadlineReminderMail({
              name: r.name,
              organisationName: buyer.name,
              evaluationName: evaluation.name,
              deadlineOn: evaluation.deadlineOn as string,
              timeZone: buyer.timeZone,
              days,
              candidates: left.get(r.userId)?.names ?? [],
              declarationUrl: left.get(r.userId)?.declare ? portalUrl(`${path}/declaration`) : null,
              url: portalUrl(path),
            }),
        },
      ),
    );
  }
  return outcome;
}

/**
 * Each active evaluator of an evaluation (among `memberIds`) with candidates left to submit: the names of those it may
 * score (`candidatesToScore`) and has not submitted, and whether it must declare first.
 */
export function leftToSubmit(
  evaluationId: string,
  { candidates, evaluators, declarations, submissions }: ScoringPeople,
  memberIds: ReadonlySet<string>,
): Map<string, { names: string[]; declare: boolean }> {
  const mine = candidates.filter((c) => c.evaluationId === evaluationId);
  const activeIds = mine.map((c) => c.id);
  const nameOf = new Map(mine.map((c) => [c.id, c.name]));
  const submitted = new Set(submissions.map((s) => `${s.userId} ${s.candidateId}`));
  const left = new Map<string, { names: string[]; declare: boolean }>();
  for (const e of evaluators.filter((x) => x.evaluationId === evaluationId && memberIds.has(x.userId))) {
    const declaration = declarations.find((d) => d.evaluationId === evaluationId && d.userId === e.userId);
    const open = candidatesToScore(declaration, activeIds).filter(
      (id) => !submitted.has(`${e.userId} ${id}`),
    );
    if (open.length === 0) continue;
    left.set(e.userId, {
      names: open.map((id) => nameOf.get(id) ?? ""),
      declare: needsDeclaration(declaration, activeIds),
    });
  }
  return left;
}

export type ScoringPeople = Awaited<ReturnType<typeof scoringPeople>>;

/** The active candidates, active evaluators, newest declarations and submissions of evaluations: four statements. */
export async function scoringPeople(tx: Tx, buyerId: string, ids: string[]) {
  const candidates = await tx
    .select({
      id: evaluationCandidates.id,
      evaluationId: evaluationCandidates.evaluationId,
      name: organisations.name,
    })
    .from(evaluationCandidates)
    .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
    .where(
      and(
        eq(evaluationCandidates.organisationId, buyerId),
        inArray(evaluationCandidates.evaluationId, ids),
        isNull(evaluationCandidates.withdrawnAt),
      ),
    )
    .orderBy(asc(organisations.name), asc(evaluationCandidates.id));
  const evaluators = await tx
    .select({ evaluationId: evaluationEvaluators.evaluationId, userId: evaluationEvaluators.userId })
    .from(evaluationEvaluators)
    .where(
      and(
        eq(evaluationEvaluators.organisationId, buyerId),
        inArray(evaluationEvaluators.evaluationId, ids),
        eq(evaluationEvaluators.active, true),
      ),
    );
  // The newest declaration of each evaluator of each evaluation.
  const declarations = await tx
    .selectDistinctOn([conflictDeclarations.evaluationId, conflictDeclarations.userId], {
      evaluationId: conflictDeclarations.evaluationId,
      userId: conflictDeclarations.userId,
      coveredCandidateIds: conflictDeclarations.coveredCandidateIds,
      conflictCandidateIds: conflictDeclarations.conflictCandidateIds,
    })
    .from(conflictDeclarations)
    .where(
      and(eq(conflictDeclarations.organisationId, buyerId), inArray(conflictDeclarations.evaluationId, ids)),
    )
    .orderBy(
      conflictDeclarations.evaluationId,
      conflictDeclarations.userId,
      desc(conflictDeclarations.declaredAt),
      desc(conflictDeclarations.id),
    );
  const submissions = await tx
    .select({ candidateId: candidateSubmissions.candidateId, userId: candidateSubmissions.evaluatorUserId })
    .from(candidateSubmissions)
    .where(
      and(eq(candidateSubmissions.organisationId, buyerId), inArray(candidateSubmissions.evaluationId, ids)),
    );
  return { candidates, evaluators, declarations, submissions };
}
