// The reminders the daily sweep will send in the coming week, as things stand now (the Outbox's "Coming reminders"):
// the same rules and the same "left to do" as ./reminders.server.ts (questionnaires too), read without writing. A deadline reminder lists
// whoever has candidates left today; by its day some may have submitted, and then it goes to fewer people or none.
import { and, asc, between, eq, notInArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { evaluations, evidenceRequests, organisations, reminderRuns } from "../../db/schema";
import type { MailDelivery, MailTopic } from "../mail/topics";
import { FINISHED_STATUSES } from "../models/evidence-requests/rules.server";
import { deliveriesFor, membersOf } from "../models/mail-preferences.server";
import { expiringCredentials } from "./partner-reminders.server";
import { upcomingQuestionnaireReminders } from "./questionnaire-reminders.server";
import {
  DEADLINE_REMINDER_DAYS,
  EVIDENCE_DUE_SOON_DAYS,
  firstOverdueDay,
  isMonday,
  localClock,
  reminderInstant,
  shiftDay,
} from "./reminder-rules";
import { leftToSubmit, scoringPeople } from "./reminders.server";

/** How many days ahead the Outbox looks. */
export const UPCOMING_DAYS = 7;

export interface UpcomingReminder {
  /** The day it goes (the organisation's own), and the instant (08:00 there). */
  day: string;
  at: Date;
  topic: MailTopic;
  /** What it is about: "7 days before the deadline of Contact centre AI". */
  about: string;
  /** Who receives it, and how each chose to (at once or in the digest; those who turned it off are left out). */
  recipients: { name: string; delivery: MailDelivery }[];
}

/**
 * The organisation's reminders from its next run (today's, while it has not run) to a week ahead, soonest first.
 * A fixed number of statements.
 */
export async function upcomingReminders(
  organisation: { id: string; kind: "buyer" | "partner"; timeZone: string },
  now = new Date(),
): Promise<UpcomingReminder[]> {
  const today = localClock(organisation.timeZone, now).day;
  return getDb().transaction(async (tx) => {
    const [ranToday] = await tx
      .select({ day: reminderRuns.localDate })
      .from(reminderRuns)
      .where(and(eq(reminderRuns.organisationId, organisation.id), eq(reminderRuns.localDate, today)))
      .limit(1);
    const from = ranToday ? shiftDay(today, 1) : today;
    const to = shiftDay(today, UPCOMING_DAYS);
    const members = await membersOf(tx, [organisation.id]);
    const found: Omit<UpcomingReminder, "recipients" | "at">[] = [];
    const recipientsOf: { userIds: string[] }[] = [];

    if (organisation.kind === "buyer") {
      const due = await tx
        .select({ id: evaluations.id, name: evaluations.name, deadlineOn: evaluations.deadlineOn })
        .from(evaluations)
        .where(
          and(
            eq(evaluations.organisationId, organisation.id),
            eq(evaluations.status, "scoring"),
            between(
              evaluations.deadlineOn,
              shiftDay(from, -1),
              shiftDay(to, Math.max(...DEADLINE_REMINDER_DAYS)),
            ),
          ),
        )
        .orderBy(asc(evaluations.name));
      if (due.length > 0) {
        const people = await scoringPeople(
          tx,
          organisation.id,
          due.map((e) => e.id),
        );
        const memberIds = new Set(members.map((m) => m.userId));
        for (const evaluation of due) {
          const left = leftToSubmit(evaluation.id, people, memberIds);
          if (left.size === 0) continue;
          for (const days of DEADLINE_REMINDER_DAYS) {
            const day = shiftDay(evaluation.deadlineOn as string, -days);
            if (day < from || day > to) continue;
            found.push({
              day,
              topic: "deadline-reminders",
              about:
                days < 0
                  ? `First day overdue: ${evaluation.name}`
                  : `${days} ${days === 1 ? "day" : "days"} before the deadline: ${evaluation.name}`,
            });
            recipientsOf.push({ userIds: [...left.keys()] });
          }
        }
      }
    } else {
      const people = members.filter((m) => m.role === "admin" || m.role === "member").map((m) => m.userId);
      const requests = await tx
        .select({
          id: evidenceRequests.id,
          dueOn: evidenceRequests.dueOn,
          buyerName: organisations.name,
          buyerTimeZone: organisations.timeZone,
        })
        .from(evidenceRequests)
        .innerJoin(organisations, eq(organisations.id, evidenceRequests.organisationId))
        .innerJoin(evaluations, eq(evaluations.id, evidenceRequests.evaluationId))
        .where(
          and(
            eq(evidenceRequests.partnerId, organisation.id),
            eq(evidenceRequests.status, "open"),
            notInArray(evaluations.status, [...FINISHED_STATUSES]),
            between(evidenceRequests.dueOn, shiftDay(from, -2), shiftDay(to, EVIDENCE_DUE_SOON_DAYS)),
          ),
        )
        .orderBy(asc(evidenceRequests.dueOn));
      for (const r of requests) {
        const soon = shiftDay(r.dueOn, -EVIDENCE_DUE_SOON_DAYS);
        const overdue = firstOverdueDay(r.dueOn, r.buyerTimeZone, organisation.timeZone);
        for (const [day, about] of [
          [soon, `Evidence for ${r.buyerName} due in 2 days`],
          [overdue, `Evidence for ${r.buyerName} overdue`],
        ] as const) {
          if (day < from || day > to) continue;
          found.push({ day, topic: "evidence-requests", about });
          recipientsOf.push({ userIds: people });
        }
      }
      for (const reminder of await upcomingQuestionnaireReminders(tx, organisation.id, from, to)) {
        found.push({ ...reminder, topic: "questionnaires" });
        recipientsOf.push({ userIds: people });
      }
      const admins = members.filter((m) => m.role === "admin").map((m) => m.userId);
      for (let day = from; day <= to; day = shiftDay(day, 1)) {
        if (!isMonday(day)) continue;
        const credentials = await expiringCredentials(tx, { id: organisation.id, day });
        if (credentials.length === 0) continue;
        found.push({
          day,
          topic: "credential-expiry",
          about: `${credentials.length} ${credentials.length === 1 ? "credential expires" : "credentials expire"} within 60 days`,
        });
        recipientsOf.push({ userIds: admins });
      }
    }

    const topics = [...new Set(found.map((f) => f.topic))];
    const deliveries = new Map<MailTopic, Map<string, MailDelivery>>();
    for (const topic of topics) {
      deliveries.set(
        topic,
        await deliveriesFor(
          tx,
          members.map((m) => m.userId),
          topic,
        ),
      );
    }
    const nameOf = new Map(members.map((m) => [m.userId, m.name]));
    return found
      .map((f, i) => ({
        ...f,
        at: reminderInstant(f.day, organisation.timeZone),
        recipients: recipientsOf[i].userIds
          .map((id) => ({
            name: nameOf.get(id) ?? "",
            delivery: deliveries.get(f.topic)?.get(id) ?? "immediate",
          }))
          .filter((r) => r.delivery !== "off")
          .sort((a, b) => a.name.localeCompare(b.name)),
      }))
      .filter((f) => f.recipients.length > 0)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.about.localeCompare(b.about));
  });
}
