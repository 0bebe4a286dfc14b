// The daily reminder sweep (DESIGN.md "Reminders"): driven hour by hour with a fixed clock, as the hourly job would
// run it, each reminder goes once, at 08:00 on the clocks of the organisation it is for (daylight-saving changes
// included), to exactly the people with something left to do, saying exactly what is left; a second sweep in the
// same hour or a second process sends nothing more; a "digest" preference gets the day's reminders in that day's
// digest and "off" gets nothing. Other tests' organisations share this file's database: everything asserted is read
// by the addresses this test made.
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import { specializationLabel } from "../app/domain/profile";
import { jobHandlers } from "../app/jobs/handlers.server";
import { firstOverdueDay, localClock } from "../app/jobs/reminder-rules";
import { runReminders } from "../app/jobs/reminders.server";
import { runDueJobs, scheduleHourlyJobs } from "../app/jobs/runner.server";
import { renderMail } from "../app/mail/compose";
import { deadlineReminderMail } from "../app/mail/reminder-messages";
import type { MailDelivery, MailTopic } from "../app/mail/topics";
import { addCandidate, assignEvaluator } from "../app/models/evaluation-participants.server";
import { createEvaluation, moveStatus } from "../app/models/evaluation-setup.server";
import { portalUrl } from "../app/models/mail.server";
import { forgetSigningKey } from "../app/models/mail-preferences.server";
import { getDb } from "../db/client";
import {
  certifications,
  evaluationCriteria,
  evaluationEvaluators,
  evaluations,
  evidenceRequests,
  jobs,
  mailDigestItems,
  mailMessages,
  mailPreferences,
  organisations,
  reminderRuns,
  specializations,
} from "../db/schema";
import {
  createMember,
  createOrganisation,
  declareConflicts,
  submitCandidates,
  type TestUser,
} from "./factories";

const HOUR_MS = 60 * 60 * 1000;
const REMINDER_KINDS = ["deadline-reminder", "evidence-request-reminder", "credential-expiry", "digest"];

type Message = typeof mailMessages.$inferSelect;

/** The reminder mail these people received so far, with the sweep (its `now`) that queued each. */
interface Sent extends Message {
  queuedAt: string;
}

/**
 * Calls the sweep at every whole UTC hour from `from` until `to` (excluded), as the hourly job would, and records
 * which call queued each message to `people`.
 */
async function sweepHourly(from: string, to: string, people: readonly TestUser[]): Promise<Sent[]> {
  const addresses = people.map((p) => p.email);
  const seen = new Set<string>();
  const sent: Sent[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += HOUR_MS) {
    const now = new Date(t);
    await runReminders(now);
    const rows = await getDb()
      .select()
      .from(mailMessages)
      .where(and(inArray(mailMessages.toAddress, addresses), inArray(mailMessages.kind, REMINDER_KINDS)));
    for (const row of rows.filter((r) => !seen.has(r.id))) {
      seen.add(row.id);
      sent.push({ ...row, queuedAt: now.toISOString() });
    }
  }
  return sent;
}

const to = (sent: readonly Sent[], user: TestUser, kind?: string) =>
  sent.filter((m) => m.toAddress === user.email && (kind === undefined || m.kind === kind));

async function prefer(user: TestUser, topic: MailTopic, delivery: MailDelivery) {
  await getDb().insert(mailPreferences).values({ userId: user.userId, topic, delivery });
}

async function partnerNamed(name: string) {
  return createOrganisation("partner", `${name} ${randomUUID().slice(0, 6)}`);
}

/** An evaluation of the built-in checklist in scoring, with these candidates and assigned evaluators. */
async function scoringEvaluation(
  admin: TestUser,
  name: string,
  deadlineOn: string,
  partnerIds: string[],
  evaluators: TestUser[],
) {
  const actor = { userId: admin.userId, organisationId: admin.organisationId };
  const { id } = await getDb().transaction((tx) =>
    createEvaluation(
      tx,
      actor,
      {
        name,
        industry: null,
        sizeBand: null,
        useCases: [],
        requiredSpecializations: [],
        deadlineOn,
        minimumTotal: null,
      },
      BUILT_IN_CHECKLIST,
      BUILT_IN_CHECKLIST.name,
    ),
  );
  const candidateIds: string[] = [];
  for (const partnerId of partnerIds) candidateIds.push(await addCandidate(actor, id, partnerId));
  for (const e of evaluators) await assignEvaluator(actor, id, e.userId);
  const [row] = await getDb()
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  await moveStatus(actor, id, row.version, "scoring");
  return { id, candidateIds };
}

describe("scoring deadline reminders", () => {
  it("go hour by hour exactly once each, at 08:00 in Sydney across the end of daylight saving, naming what is left", async () => {
    const buyer = await createOrganisation("buyer");
    expect(buyer.timeZone).toBe("Australia/Sydney");
    const admin = await createMember(buyer, "admin", "Ada Admin");
    const viewer = await createMember(buyer, "viewer", "Vic Viewer");
    const left = await createMember(buyer, "evaluator", "Lee Left");
    const done = await createMember(buyer, "evaluator", "Dana Done");
    const conflicted = await createMember(buyer, "evaluator", "Cory Conflict");
    const digest = await createMember(buyer, "evaluator", "Di Digest");
    const off = await createMember(buyer, "evaluator", "Otto Off");
    const former = await createMember(buyer, "evaluator", "Fay Former");
    const acacia = await partnerNamed("Acacia Analytics");
    const banksia = await partnerNamed("Banksia Labs");
    const cedar = await partnerNamed("Cedar Systems");
    // Monday 5 April 2027 is the last day; Sunday 4 April, the 1-day reminder's day, is when Sydney's clocks go back
    // from 03:00 to 02:00 (UTC+11 to UTC+10).
    const evaluation = await scoringEvaluation(
      admin,
      "Claims triage",
      "2027-04-05",
      [acacia.id, banksia.id, cedar.id],
      [left, done, conflicted, digest, off, former],
    );
    const [a, b, c] = evaluation.candidateIds;
    await declareConflicts(evaluation.id, left, [a, b, c]);
    await submitCandidates(evaluation.id, left, [a]);
    await declareConflicts(evaluation.id, done, [a, b, c]);
    await submitCandidates(evaluation.id, done, [a, b, c]);
    await declareConflicts(evaluation.id, conflicted, [a, b, c], [c]);
    await submitCandidates(evaluation.id, conflicted, [a]);
    // `digest` has not declared yet: everything is left, and it is asked to declare first.
    await prefer(digest, "deadline-reminders", "digest");
    await prefer(off, "deadline-reminders", "off");
    await getDb()
      .update(evaluationEvaluators)
      .set({ active: false })
      .where(
        and(
          eq(evaluationEvaluators.evaluationId, evaluation.id),
          eq(evaluationEvaluators.userId, former.userId),
        ),
      );

    const everyone = [admin, viewer, left, done, conflicted, digest, off, former];
    const sent = await sweepHourly("2027-03-27T00:00:00Z", "2027-04-08T00:00:00Z", everyone);

    // 08:00 in Sydney on 29 March, 2 April (UTC+11), 4 and 6 April (UTC+10).
    const expected = [
      { at: "2027-03-28T21:00:00.000Z", days: 7 },
      { at: "2027-04-01T21:00:00.000Z", days: 3 },
      { at: "2027-04-03T22:00:00.000Z", days: 1 },
      { at: "2027-04-05T22:00:00.000Z", days: -1 },
    ];
    for (const e of expected) expect(localClock("Australia/Sydney", new Date(e.at)).hour).toBe(8);

    const url = portalUrl(`/evaluations/${evaluation.id}`);
    const mine = to(sent, left);
    expect(mine.map((m) => [m.queuedAt, m.kind])).toEqual(expected.map((e) => [e.at, "deadline-reminder"]));
    expect(mine.map((m) => m.subject)).toEqual([
      "7 days left to score Claims triage: 2 candidates left to submit",
      "3 days left to score Claims triage: 2 candidates left to submit",
      "1 day left to score Claims triage: 2 candidates left to submit",
      "Scoring Claims triage is overdue: 2 candidates left to submit",
    ]);
    for (const m of mine) {
      expect(m.textBody).toContain(
        `You have 2 candidates left to submit: ${banksia.name} and ${cedar.name}.`,
      );
      expect(m.textBody).not.toContain(acacia.name);
      expect(m.textBody).toContain("Monday 5 April 2027, end of day, Australia/Sydney");
      expect(m.textBody).toContain(url);
      expect(m.textBody).toContain(`on behalf of ${buyer.name}`);
      expect(m.textBody).not.toContain("Declare any conflict");
      expect(m.unsubscribeUrl).toMatch(/\/unsubscribe\//);
    }
    expect(mine[0].textBody).toContain("The scoring deadline of Claims triage is Monday 5 April 2027");
    expect(mine[3].textBody).toContain("The scoring deadline of Claims triage was Monday 5 April 2027");

    // Its conflict is not left to do: only Banksia.
    const theirs = to(sent, conflicted);
    expect(theirs.map((m) => m.queuedAt)).toEqual(expected.map((e) => e.at));
    for (const m of theirs) {
      expect(m.subject).toContain("1 candidate left to submit");
      expect(m.textBody).toContain(`You have 1 candidate left to submit: ${banksia.name}.`);
      expect(m.textBody).not.toContain(cedar.name);
    }

    // Submitted everything, unassigned, "off", or not an evaluator: nothing.
    for (const user of [done, former, off, admin, viewer]) expect(to(sent, user), user.name).toEqual([]);

    // "digest": no reminder of its own; the same day's digest, in the same sweep, says what it would have said.
    expect(to(sent, digest, "deadline-reminder")).toEqual([]);
    const digests = to(sent, digest, "digest");
    expect(digests.map((m) => m.queuedAt)).toEqual(expected.map((e) => e.at));
    expected.forEach((e, i) => {
      const would = renderMail(
        deadlineReminderMail({
          name: digest.name,
          organisationName: buyer.name,
          evaluationName: "Claims triage",
          deadlineOn: "2027-04-05",
          timeZone: "Australia/Sydney",
          days: e.days,
          candidates: [acacia.name, banksia.name, cedar.name],
          declarationUrl: portalUrl(`/evaluations/${evaluation.id}/declaration`),
          url,
        }),
      );
      expect(digests[i].subject).toBe("Your PartnerLens digest: 1 update");
      expect(digests[i].textBody).toContain(`== ${would.subject}`);
      expect(digests[i].textBody).toContain(
        `You have 3 candidates left to submit: ${acacia.name}, ${banksia.name} and ${cedar.name}.`,
      );
      expect(digests[i].textBody).toContain("Declare any conflict of interest first");
      expect(digests[i].textBody).toContain(url);
    });
    expect(digests[0].textBody).toContain("7 days left to score Claims triage: 3 candidates left to submit");
    expect(digests[3].textBody).toContain("Scoring Claims triage is overdue: 3 candidates left to submit");

    // One run per local day of the buyer, each written by the sweep that did the day.
    const runs = await getDb()
      .select({ localDate: reminderRuns.localDate })
      .from(reminderRuns)
      .where(eq(reminderRuns.organisationId, buyer.id));
    // The first sweep (11:00 on 27 March in Sydney) to the last (09:00 on 8 April).
    expect(runs.map((r) => r.localDate).sort()).toEqual(
      Array.from({ length: 13 }, (_, i) => new Date(Date.UTC(2027, 2, 27 + i)).toISOString().slice(0, 10)),
    );
  });

  it("a second sweep in the same hour, or a second process at once, sends nothing more; before 08:00 nothing", async () => {
    const buyer = await createOrganisation("buyer");
    const admin = await createMember(buyer, "admin");
    const evaluator = await createMember(buyer, "evaluator");
    const partner = await partnerNamed("Wattle Works");
    // Thursday 10 June 2027 in Sydney (UTC+10): the deadline is 3 days ahead.
    const evaluation = await scoringEvaluation(
      admin,
      "Document intake",
      "2027-06-13",
      [partner.id],
      [evaluator],
    );
    const read = () =>
      getDb()
        .select()
        .from(mailMessages)
        .where(and(eq(mailMessages.toAddress, evaluator.email), eq(mailMessages.kind, "deadline-reminder")));

    await runReminders(new Date("2027-06-09T21:59:59Z"));
    expect(await read()).toEqual([]);

    const [first, second] = await Promise.all([
      runReminders(new Date("2027-06-09T22:00:00Z")),
      runReminders(new Date("2027-06-09T22:00:00Z")),
    ]);
    const ranBuyer = [...first, ...second].filter((r) => r.organisationId === buyer.id);
    expect(ranBuyer).toEqual([
      { organisationId: buyer.id, localDate: "2027-06-10", sent: 1, digested: 0, off: 0, digests: 0 },
    ]);
    await runReminders(new Date("2027-06-09T22:30:00Z"));
    await runReminders(new Date("2027-06-10T13:00:00Z"));
    const messages = await read();
    expect(messages).toHaveLength(1);
    expect(messages[0].subject).toBe("3 days left to score Document intake: 1 candidate left to submit");
    expect(messages[0].textBody).toContain(`You have 1 candidate left to submit: ${partner.name}.`);
    expect(messages[0].textBody).toContain(portalUrl(`/evaluations/${evaluation.id}`));
    const runs = await getDb().select().from(reminderRuns).where(eq(reminderRuns.organisationId, buyer.id));
    expect(runs.map((r) => r.localDate)).toEqual(["2027-06-10"]);
  });
});

/** A buyer with an evaluation in scoring that has `partner` as a candidate, and an evidence request per due date. */
async function requestsTo(
  partner: { id: string },
  buyerTimeZone: string,
  asks: { dueOn: string; status?: "open" | "answered" }[],
) {
  const buyer = await createOrganisation("buyer");
  await getDb().update(organisations).set({ timeZone: buyerTimeZone }).where(eq(organisations.id, buyer.id));
  const admin = await createMember(buyer, "admin");
  const evaluator = await createMember(buyer, "evaluator");
  const evaluation = await scoringEvaluation(admin, "Vendor review", "2027-12-01", [partner.id], [evaluator]);
  const [criterion] = await getDb()
    .select({ id: evaluationCriteria.id, name: evaluationCriteria.name })
    .from(evaluationCriteria)
    .where(eq(evaluationCriteria.evaluationId, evaluation.id))
    .limit(1);
  const rows = await getDb()
    .insert(evidenceRequests)
    .values(
      asks.map((ask) => ({
        organisationId: buyer.id,
        evaluationId: evaluation.id,
        candidateId: evaluation.candidateIds[0],
        criterionId: criterion.id,
        partnerId: partner.id,
        message: "Please share your model evaluation report.",
        dueOn: ask.dueOn,
        status: ask.status ?? "open",
        createdByUserId: admin.userId,
      })),
    )
    .returning({ id: evidenceRequests.id });
  return { buyer, admin, evaluator, criterion, requestIds: rows.map((r) => r.id) };
}

describe("evidence request reminders", () => {
  it("go to the partner's admins and members 2 days before due and on the first day overdue, once each", async () => {
    const partner = await partnerNamed("Ironbark AI");
    const partnerAdmin = await createMember(partner, "admin");
    const partnerMember = await createMember(partner, "member");
    const partnerOff = await createMember(partner, "member");
    await prefer(partnerOff, "evidence-requests", "off");
    // Friday 9 October 2026 in Sydney; the partner keeps UTC.
    const { buyer, admin, criterion, requestIds } = await requestsTo(partner, "Australia/Sydney", [
      { dueOn: "2026-10-09" },
      { dueOn: "2026-10-09", status: "answered" },
      { dueOn: "2026-10-20" },
    ]);
    const [open] = requestIds;
    const sent = await sweepHourly("2026-10-05T00:00:00Z", "2026-10-13T00:00:00Z", [
      partnerAdmin,
      partnerMember,
      partnerOff,
      admin,
    ]);
    for (const person of [partnerAdmin, partnerMember]) {
      const mine = to(sent, person);
      expect(mine.map((m) => [m.queuedAt, m.kind])).toEqual([
        ["2026-10-07T08:00:00.000Z", "evidence-request-reminder"],
        ["2026-10-10T08:00:00.000Z", "evidence-request-reminder"],
      ]);
      expect(mine.map((m) => m.subject)).toEqual([
        `Due in 2 days: ${buyer.name}'s evidence request on ${criterion.name}`,
        `Overdue: ${buyer.name}'s evidence request on ${criterion.name}`,
      ]);
      for (const m of mine) {
        expect(m.textBody).toContain(
          `${buyer.name} asked ${partner.name} for evidence on “${criterion.name}”.`,
        );
        expect(m.textBody).toContain("Friday 9 October 2026, end of day, Australia/Sydney");
        expect(m.textBody).toContain(portalUrl(`/requests/${open}`));
        expect(m.textBody).toContain(`on behalf of ${buyer.name}`);
      }
      expect(mine[0].textBody).toContain("The request is due Friday 9 October 2026");
      expect(mine[1].textBody).toContain("The request was due Friday 9 October 2026");
    }
    expect(to(sent, partnerOff)).toEqual([]);
    expect(to(sent, admin)).toEqual([]);
  });

  it("to a partner far east of its buyer, say overdue only once the buyer's due day has ended", async () => {
    const partner = await partnerNamed("Jarrah Data");
    await getDb()
      .update(organisations)
      .set({ timeZone: "Australia/Sydney" })
      .where(eq(organisations.id, partner.id));
    const partnerAdmin = await createMember(partner, "admin");
    // Due Tuesday 10 November 2026 in Honolulu (UTC-10). At 08:00 in Sydney on the 11th (UTC+11) it is 11:00 on the
    // 10th in Honolulu: not overdue yet; it is on the 12th.
    expect(firstOverdueDay("2026-11-10", "Pacific/Honolulu", "Australia/Sydney")).toBe("2026-11-12");
    expect(firstOverdueDay("2026-11-10", "Australia/Sydney", "UTC")).toBe("2026-11-11");
    await requestsTo(partner, "Pacific/Honolulu", [{ dueOn: "2026-11-10" }]);
    const sent = await sweepHourly("2026-11-06T00:00:00Z", "2026-11-14T00:00:00Z", [partnerAdmin]);
    expect(sent.map((m) => [m.queuedAt, m.subject.split(":")[0]])).toEqual([
      ["2026-11-07T21:00:00.000Z", "Due in 2 days"],
      ["2026-11-11T21:00:00.000Z", "Overdue"],
    ]);
    expect(sent[1].textBody).toContain("Tuesday 10 November 2026, end of day, Pacific/Honolulu");
  });
});

describe("expiring credentials", () => {
  it("go to a partner's admins on Mondays at 08:00 of its own clocks, listing what expires within 60 days", async () => {
    const partner = await partnerNamed("Karri Consulting");
    await getDb()
      .update(organisations)
      .set({ timeZone: "America/New_York" })
      .where(eq(organisations.id, partner.id));
    const partnerAdmin = await createMember(partner, "admin");
    const partnerMember = await createMember(partner, "member");
    const quiet = await partnerNamed("Quiet Partner");
    const quietAdmin = await createMember(quiet, "admin");
    await getDb()
      .insert(certifications)
      .values([
        {
          organisationId: partner.id,
          track: "Azure AI Engineer",
          certifiedStaff: 4,
          expiresOn: "2027-02-01",
        },
        { organisationId: partner.id, track: "Far Future Cert", certifiedStaff: 2, expiresOn: "2027-09-01" },
        { organisationId: partner.id, track: "Lapsed Cert", certifiedStaff: 1, expiresOn: "2026-12-20" },
        { organisationId: quiet.id, track: "Quiet Cert", certifiedStaff: 1, expiresOn: "2028-01-01" },
      ]);
    await getDb().insert(specializations).values({
      organisationId: partner.id,
      name: "ai_agents",
      nameKey: "aiagents",
      expiresOn: "2027-02-20",
    });

    const sent = await sweepHourly("2027-01-03T00:00:00Z", "2027-01-19T12:00:00Z", [
      partnerAdmin,
      partnerMember,
      quietAdmin,
    ]);
    // Mondays 4, 11 and 18 January 2027, 08:00 in New York (UTC-5).
    const mine = to(sent, partnerAdmin);
    expect(mine.map((m) => [m.queuedAt, m.kind])).toEqual([
      ["2027-01-04T13:00:00.000Z", "credential-expiry"],
      ["2027-01-11T13:00:00.000Z", "credential-expiry"],
      ["2027-01-18T13:00:00.000Z", "credential-expiry"],
    ]);
    expect(mine[0].subject).toBe(`2 credentials of ${partner.name} expire within 60 days`);
    expect(mine[0].textBody).toContain(
      "Certification Azure AI Engineer: expires Monday 1 February 2027 (in 28 days).",
    );
    expect(mine[0].textBody).toContain(
      `Specialization ${specializationLabel("ai_agents")}: expires Saturday 20 February 2027 (in 47 days).`,
    );
    expect(mine[2].textBody).toContain("(in 14 days)");
    for (const m of mine) {
      expect(m.textBody).not.toContain("Far Future Cert");
      expect(m.textBody).not.toContain("Lapsed Cert");
      expect(m.textBody).toContain(portalUrl("/profile/certifications"));
      expect(m.textBody).toContain(portalUrl("/profile/specializations"));
    }
    expect(to(sent, partnerMember)).toEqual([]);
    expect(to(sent, quietAdmin)).toEqual([]);
  });
});

describe("digests", () => {
  it("a day with nothing to remind still sends the waiting digest, signing its links inside the day's transaction", async () => {
    const buyer = await createOrganisation("buyer");
    const person = await createMember(buyer, "evaluator");
    await getDb()
      .insert(mailDigestItems)
      .values({
        idempotencyKey: randomUUID(),
        userId: person.userId,
        organisationId: buyer.id,
        topic: "deadline-reminders",
        kind: "deadline-reminder",
        subject: "An earlier reminder",
        paragraphs: ["What it said."],
      });
    // A process that has not signed anything yet: on the embedded database a statement outside the day's
    // transaction would wait for it forever.
    forgetSigningKey();
    const sent = await sweepHourly("2027-08-01T21:00:00Z", "2027-08-01T23:00:00Z", [person]);
    expect(sent.map((m) => [m.queuedAt, m.kind])).toEqual([["2027-08-01T22:00:00.000Z", "digest"]]);
    expect(sent[0].textBody).toContain("== An earlier reminder");
    expect(sent[0].textBody).toContain("What it said.");
    expect(sent[0].textBody).toMatch(/Stop mail about scoring deadline reminders: \S+\/unsubscribe\//);
  });
});

describe("the hourly job", () => {
  it("is scheduled once per hour beside the housekeeping, and runs the sweep", async () => {
    await getDb().delete(jobs);
    await scheduleHourlyJobs(new Date("2031-05-06T14:05:00Z"));
    await scheduleHourlyJobs(new Date("2031-05-06T14:59:59Z"));
    const keys = (await getDb().select({ key: jobs.singletonKey }).from(jobs)).map((r) => r.key).sort();
    expect(keys).toEqual(["housekeeping:2031-05-06T14", "reminders:2031-05-06T14"]);

    const lines: string[] = [];
    const ran = await runDueJobs({
      worker: "test-worker",
      handlers: jobHandlers((l) => lines.push(l)),
      pollMs: 50,
      retryBaseMs: 1_000,
      log: (l) => lines.push(l),
    });
    expect(ran, lines.join("\n")).toBeGreaterThanOrEqual(2);
    const [reminders] = await getDb().select().from(jobs).where(eq(jobs.kind, "reminders"));
    expect(reminders).toMatchObject({ state: "done", attempts: 1, lastError: null });
  });
});
