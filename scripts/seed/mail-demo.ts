// The demo's mail beyond the team's (docs/product.md "Mail"): people's preferences, varied; the reminders of the last
// three days as the daily run sent them (the real run, one organisation and day at a time, dated at 08:00 there); the
// notices the seeded requests and debriefs caused, settled; and a company invited to a shortlist that has not joined.
// The Outbox then shows reminders sent, and under "Coming reminders" the ones still to go.
import { and, eq, inArray, sql } from "drizzle-orm";
import { reminderInstant } from "../../app/jobs/reminder-rules";
import { remindOrganisation } from "../../app/jobs/reminders.server";
import type { MailDelivery, MailTopic } from "../../app/mail/topics";
import { createPartnerInvitation } from "../../app/models/partner-invitations.server";
import type { Db } from "../../db/client";
import { evaluations, jobs, mailMessages, mailPreferences, organisations, users } from "../../db/schema";
import { dayIn, plusDays } from "./days";

type SeedTx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Who chose what (everyone else takes every topic at once). */
const PREFERENCES: [email: string, topic: MailTopic, delivery: MailDelivery][] = [
  ["tom@scmutual.example", "deadline-reminders", "digest"],
  ["marcus@lakeshore.example", "deadline-reminders", "off"],
  ["dana@lakeshore.example", "evidence-answers", "digest"],
  ["olivia@northwind.example", "credential-expiry", "digest"],
  ["ravi@northwind.example", "evidence-requests", "off"],
  ["jonas@meridian.example", "debriefs", "off"],
];

/** How many past days of reminders the demo holds. */
const PAST_DAYS = 3;

export async function seedMailDemo(tx: SeedTx, now = new Date()): Promise<void> {
  // The notices the seeded requests and debriefs queued, settled as the running app would have.
  await settle(tx, sql`true`, now);

  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      inArray(
        users.email,
        PREFERENCES.map(([email]) => email),
      ),
    );
  const idOf = new Map(people.map((p) => [p.email, p.id]));
  await tx
    .insert(mailPreferences)
    .values(PREFERENCES.map(([email, topic, delivery]) => ({ userId: idOf.get(email)!, topic, delivery })));

  const orgs = await tx
    .select({
      id: organisations.id,
      kind: organisations.kind,
      name: organisations.name,
      timeZone: organisations.timeZone,
    })
    .from(organisations);
  for (let back = PAST_DAYS; back >= 1; back--) {
    for (const org of orgs) {
      const day = plusDays(dayIn(org.timeZone, now), -back);
      await remindOrganisation(tx, { ...org, day });
      await settle(tx, eq(mailMessages.organisationId, org.id), reminderInstant(day, org.timeZone));
    }
  }

  await inviteUnlisted(tx, now);
}

/**
 * A company Southern Cross Mutual invited to its evaluation in scoring, not joined yet. Its invitation mail is kept
 * in the Outbox with its link, which works in the demo.
 */
async function inviteUnlisted(tx: SeedTx, now: Date): Promise<void> {
  const [evaluation] = await tx
    .select({
      id: evaluations.id,
      organisationId: evaluations.organisationId,
      createdBy: evaluations.createdByUserId,
    })
    .from(evaluations)
    .innerJoin(organisations, eq(organisations.id, evaluations.organisationId))
    .where(and(eq(organisations.name, "Southern Cross Mutual Insurance"), eq(evaluations.status, "scoring")))
    .limit(1);
  const [priya] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, "priya@scmutual.example"));
  await createPartnerInvitation(
    tx,
    { userId: priya.id, organisationId: evaluation.organisationId },
    evaluation.id,
    { companyName: "Saltbush Intelligence Pty Ltd", email: "ana@saltbush.example" },
  );
  await settle(tx, eq(mailMessages.organisationId, evaluation.organisationId), now);
}

/** The pending messages (of `which`) kept as the running app would have: dated `at`, their jobs done. */
async function settle(tx: SeedTx, which: ReturnType<typeof sql> | ReturnType<typeof eq>, at: Date) {
  const keptAt = new Date(at.getTime() + 3000);
  const kept = await tx
    .update(mailMessages)
    .set({ state: "kept", createdAt: at, sentAt: keptAt })
    .where(and(eq(mailMessages.state, "pending"), which))
    .returning({ id: mailMessages.id });
  if (kept.length === 0) return;
  await tx
    .update(jobs)
    .set({ state: "done", attempts: 1, createdAt: at, runAt: at, finishedAt: keptAt })
    .where(
      and(
        eq(jobs.kind, "mail.send"),
        inArray(
          sql<string>`${jobs.payload}->>'messageId'`,
          kept.map((m) => m.id),
        ),
      ),
    );
}
