// Questionnaire reminders (DESIGN.md part 2 "Reminders", "Questionnaires"): driven hour by hour with a fixed clock, as
// the hourly job would run the sweep, each of the 7, 3 and 1 days before a response's deadline goes once, at 08:00 on
// the partner's clocks, to its admins and members, while the response is not submitted (never, or reopened); never
// for a decided evaluation or a withdrawn candidate, never to whoever turned the topic off. The Outbox's preview lists
// the same reminders. The questionnaire rows are written straight to the tables.
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runReminders } from "../app/jobs/reminders.server";
import { upcomingReminders } from "../app/jobs/upcoming-reminders.server";
import { portalUrl } from "../app/models/mail.server";
import { getDb } from "../db/client";
import {
  evaluationCandidates,
  evaluations,
  mailMessages,
  mailPreferences,
  organisations,
  questionnaireAnswers,
  questionnaireQuestions,
  questionnaireResponses,
  questionnaires,
} from "../db/schema";
import { createBuiltInEvaluation, createMember, createOrganisation, type TestUser } from "./factories";

const HOUR_MS = 60 * 60 * 1000;
const DEADLINE = "2026-10-20";

type Message = typeof mailMessages.$inferSelect;

/** Calls the sweep at every whole UTC hour from `from` until `to` (excluded); the questionnaire reminders to `people`. */
async function sweepHourly(from: string, to: string, people: readonly TestUser[]) {
  const seen = new Set<string>();
  const sent: (Message & { queuedAt: string })[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += HOUR_MS) {
    const now = new Date(t);
    await runReminders(now);
    const rows = await getDb()
      .select()
      .from(mailMessages)
      .where(
        and(
          inArray(
            mailMessages.toAddress,
            people.map((p) => p.email),
          ),
          eq(mailMessages.kind, "questionnaire-reminder"),
        ),
      );
    for (const row of rows.filter((r) => !seen.has(r.id))) {
      seen.add(row.id);
      sent.push({ ...row, queuedAt: now.toISOString() });
    }
  }
  return sent;
}

async function partnerIn(name: string, timeZone: string) {
  const partner = await createOrganisation("partner", `${name} ${randomUUID().slice(0, 6)}`);
  await getDb().update(organisations).set({ timeZone }).where(eq(organisations.id, partner.id));
  return { ...partner, timeZone };
}

/**
 * A published questionnaire of a new evaluation of `buyer` (in `status`): two published questions and one not yet,
 * and a response per partner with its standing.
 */
async function questionnaireTo(
  buyer: { id: string },
  admin: TestUser,
  name: string,
  status: "scoring" | "decided",
  candidates: { partnerId: string; submitted?: number; reopened?: boolean; withdrawn?: boolean }[],
) {
  const db = getDb();
  const { id: evaluationId } = await createBuiltInEvaluation(
    { userId: admin.userId, organisationId: buyer.id },
    name,
  );
  await db.update(evaluations).set({ status }).where(eq(evaluations.id, evaluationId));
  const [questionnaire] = await db
    .insert(questionnaires)
    .values({
      organisationId: buyer.id,
      evaluationId,
      deadlineOn: DEADLINE,
      publishedAt: new Date("2026-10-01T00:00:00Z"),
    })
    .returning({ id: questionnaires.id });
  const common = { organisationId: buyer.id, evaluationId, questionnaireId: questionnaire.id };
  const questions = await db
    .insert(questionnaireQuestions)
    .values([
      {
        ...common,
        position: 1,
        prompt: "Describe your approach.",
        answerType: "text",
        publishedAt: new Date("2026-10-01T00:00:00Z"),
      },
      {
        ...common,
        position: 2,
        prompt: "Do you host in Australia?",
        answerType: "yes_no",
        publishedAt: new Date("2026-10-01T00:00:00Z"),
      },
      { ...common, position: 3, prompt: "Not published yet.", answerType: "text" },
    ])
    .returning({ id: questionnaireQuestions.id });
  const responseIds: string[] = [];
  for (const c of candidates) {
    const [candidate] = await db
      .insert(evaluationCandidates)
      .values({
        organisationId: buyer.id,
        evaluationId,
        partnerId: c.partnerId,
        withdrawnAt: c.withdrawn ? new Date("2026-10-05T00:00:00Z") : null,
      })
      .returning({ id: evaluationCandidates.id });
    const [response] = await db
      .insert(questionnaireResponses)
      .values({
        ...common,
        candidateId: candidate.id,
        partnerId: c.partnerId,
        deadlineOn: DEADLINE,
        submitted: c.submitted ?? 0,
        reopenedAt: c.reopened ? new Date("2026-10-10T00:00:00Z") : null,
      })
      .returning({ id: questionnaireResponses.id });
    responseIds.push(response.id);
  }
  return { evaluationId, questionIds: questions.map((q) => q.id), responseIds };
}

describe("questionnaire reminders", () => {
  it("go 7, 3 and 1 days before the deadline at 08:00 on the partner's clocks while not submitted, once each", async () => {
    const buyer = await createOrganisation("buyer");
    const buyerAdmin = await createMember(buyer, "admin");
    const open = await partnerIn("Open Partner", "UTC");
    const openAdmin = await createMember(open, "admin");
    const openMember = await createMember(open, "member");
    const openOff = await createMember(open, "member");
    await getDb()
      .insert(mailPreferences)
      .values({ userId: openOff.userId, topic: "questionnaires", delivery: "off" });
    const submitted = await partnerIn("Submitted Partner", "UTC");
    const submittedAdmin = await createMember(submitted, "admin");
    const reopened = await partnerIn("Reopened Partner", "America/New_York");
    const reopenedMember = await createMember(reopened, "member");
    const withdrawn = await partnerIn("Withdrawn Partner", "UTC");
    const withdrawnAdmin = await createMember(withdrawn, "admin");

    const active = await questionnaireTo(buyer, buyerAdmin, "Contact centre AI", "scoring", [
      { partnerId: open.id },
      { partnerId: submitted.id, submitted: 1 },
      { partnerId: reopened.id, submitted: 1, reopened: true },
      { partnerId: withdrawn.id, withdrawn: true },
    ]);
    // A decided evaluation: its unsubmitted questionnaire is reminded of no more.
    await questionnaireTo(buyer, buyerAdmin, "Decided review", "decided", [{ partnerId: open.id }]);
    await getDb().insert(questionnaireAnswers).values({
      responseId: active.responseIds[0],
      questionId: active.questionIds[0],
      partnerId: open.id,
      value: "We start with a discovery workshop.",
    });

    const people = [
      openAdmin,
      openMember,
      openOff,
      submittedAdmin,
      reopenedMember,
      withdrawnAdmin,
      buyerAdmin,
    ];
    const sent = await sweepHourly("2026-10-12T00:00:00Z", "2026-10-21T00:00:00Z", people);
    const to = (user: TestUser) => sent.filter((m) => m.toAddress === user.email);
    const subject = (days: number) =>
      `${days} ${days === 1 ? "day" : "days"} left: ${buyer.name}'s questionnaire on Contact centre AI`;

    for (const person of [openAdmin, openMember]) {
      const mine = to(person);
      // 08:00 UTC, the open partner's clocks, on 13, 17 and 19 October 2026.
      expect(mine.map((m) => [m.queuedAt, m.subject])).toEqual([
        ["2026-10-13T08:00:00.000Z", subject(7)],
        ["2026-10-17T08:00:00.000Z", subject(3)],
        ["2026-10-19T08:00:00.000Z", subject(1)],
      ]);
      for (const m of mine) {
        expect(m.textBody).toContain(
          `${buyer.name} asked ${open.name} to answer a questionnaire on Contact centre AI. It is not submitted yet; the deadline is Tuesday 20 October 2026, end of day, Australia/Sydney.`,
        );
        expect(m.textBody).toContain("1 of 2 questions answered.");
        expect(m.textBody).toContain(portalUrl("/requests"));
        expect(m.textBody).not.toContain("Decided review");
      }
    }
    // 08:00 in New York (UTC-4 in October).
    expect(to(reopenedMember).map((m) => [m.queuedAt, m.subject])).toEqual([
      ["2026-10-13T12:00:00.000Z", subject(7)],
      ["2026-10-17T12:00:00.000Z", subject(3)],
      ["2026-10-19T12:00:00.000Z", subject(1)],
    ]);
    expect(to(reopenedMember)[0].textBody).toContain(
      "Your response was reopened and is not submitted again yet",
    );
    expect(to(reopenedMember)[0].textBody).toContain("0 of 2 questions answered.");
    for (const nobody of [openOff, submittedAdmin, withdrawnAdmin, buyerAdmin])
      expect(to(nobody)).toEqual([]);

    // A second sweep in the same hour sends nothing more.
    await runReminders(new Date("2026-10-19T08:00:00Z"));
    const again = await getDb()
      .select({ id: mailMessages.id })
      .from(mailMessages)
      .where(eq(mailMessages.toAddress, openAdmin.email));
    expect(again).toHaveLength(3);
  });

  it("appear in the Outbox's coming reminders of the partner, without those who turned the topic off", async () => {
    const buyer = await createOrganisation("buyer");
    const buyerAdmin = await createMember(buyer, "admin");
    const partner = await partnerIn("Preview Partner", "UTC");
    await createMember(partner, "admin", "Ann Admin");
    const off = await createMember(partner, "member", "Oli Off");
    await getDb()
      .insert(mailPreferences)
      .values({ userId: off.userId, topic: "questionnaires", delivery: "off" });
    const done = await partnerIn("Done Partner", "UTC");
    await questionnaireTo(buyer, buyerAdmin, "Field service AI", "scoring", [
      { partnerId: partner.id },
      { partnerId: done.id, submitted: 2 },
    ]);

    const coming = await upcomingReminders(partner, new Date("2026-10-14T00:00:00Z"));
    expect(coming.map((c) => [c.day, c.topic, c.about, c.recipients])).toEqual([
      [
        "2026-10-17",
        "questionnaires",
        `3 days before the questionnaire deadline: ${buyer.name}, Field service AI`,
        [{ name: "Ann Admin", delivery: "immediate" }],
      ],
      [
        "2026-10-19",
        "questionnaires",
        `1 day before the questionnaire deadline: ${buyer.name}, Field service AI`,
        [{ name: "Ann Admin", delivery: "immediate" }],
      ],
    ]);
    expect(await upcomingReminders(done, new Date("2026-10-14T00:00:00Z"))).toEqual([]);
  });
});
