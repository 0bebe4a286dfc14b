// The buyer's side of questionnaires (DESIGN.md part 2 "Questionnaires"): the draft and its own questions, publication
// copying the counted criteria's questions, addenda, extensions, clarifications, refusals once decided, tenant
// isolation, audit, mail, and the sealed reading.
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addCandidate } from "../app/models/evaluation-participants.server";
import {
  addQuestion,
  draftQuestionnaire,
  editQuestion,
  publishQuestionnaire,
  removeQuestion,
  respondentsForNewCandidate,
} from "../app/models/questionnaire/buyer.server";
import {
  answerClarification,
  extendDeadline,
  publishAddendum,
} from "../app/models/questionnaire/buyer-after.server";
import { questionnaireForBuyer } from "../app/models/questionnaire/buyer-view.server";
import type { Viewer } from "../app/utils/access.server";
import { Forbidden, InputError, NotFound, RuleRefused } from "../app/utils/errors.server";
import { getDb } from "../db/client";
import {
  auditEvents,
  evaluationCriteria,
  evaluationSections,
  evaluations,
  mailMessages,
  questionnaireClarifications,
  questionnaireQuestions,
  questionnaireResponses,
  questionnaireRevisions,
} from "../db/schema";
import {
  createBuiltInEvaluation,
  createMember,
  createOrganisation,
  createWorld,
  type TestUser,
} from "./factories";

type World = Awaited<ReturnType<typeof createWorld>>;

// 2026-03-10 14:30 UTC is 2026-03-11 01:30 in Sydney, where createWorld's buyers live.
const NOW = new Date("2026-03-10T14:30:00Z");
const DEADLINE = "2026-03-20";

let w: World;
let other: World;
let partnerB: Awaited<ReturnType<typeof createOrganisation>>;
let partnerBMember: TestUser;

const viewerOf = (u: TestUser): Viewer => ({
  sessionIdHash: "",
  userId: u.userId,
  email: u.email,
  name: u.name,
  organisationId: u.organisationId,
  orgKind: u.kind,
  orgName: "",
  orgTimeZone: u.kind === "buyer" ? "Australia/Sydney" : "UTC",
  emailConfirmed: true,
  role: u.role,
});

beforeAll(async () => {
  w = await createWorld();
  other = await createWorld();
  partnerB = await createOrganisation("partner");
  partnerBMember = await createMember(partnerB, "member");
});

const own = { prompt: "Which regions do you staff?", answerType: "text", required: true } as const;

/** An evaluation with two candidates and a drafted questionnaire holding one own question. */
async function setUp() {
  const admin = viewerOf(w.buyerAdmin);
  const { id } = await createBuiltInEvaluation(admin, `Questionnaire ${Math.random()}`);
  const candidate = await addCandidate(admin, id, w.partner.id);
  const candidateB = await addCandidate(admin, id, partnerB.id);
  const questionnaire = await draftQuestionnaire(admin, id);
  const { id: questionId } = await addQuestion(admin, id, own);
  return { id, candidate, candidateB, questionnaire, questionId };
}

async function publish(s: { id: string }) {
  const q = await draftQuestionnaire(viewerOf(w.buyerAdmin), s.id);
  return publishQuestionnaire(
    viewerOf(w.buyerAdmin),
    s.id,
    { deadlineOn: DEADLINE, sealed: true, version: q.version },
    NOW,
  );
}

const questionsOf = (questionnaireId: string) =>
  getDb()
    .select()
    .from(questionnaireQuestions)
    .where(eq(questionnaireQuestions.questionnaireId, questionnaireId))
    .orderBy(asc(questionnaireQuestions.position));

const auditOf = (entityId: string, action: string) =>
  getDb()
    .select({ before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, entityId), eq(auditEvents.action, action)));

const mailTo = (email: string, kind: string) =>
  getDb()
    .select()
    .from(mailMessages)
    .where(and(eq(mailMessages.toAddress, email), eq(mailMessages.kind, kind)));

async function decide(id: string) {
  await getDb().update(evaluations).set({ status: "decided" }).where(eq(evaluations.id, id));
}

async function failure(attempt: Promise<unknown>) {
  return attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe("buyer questionnaire", () => {
  it("publication copies exactly the counted criteria's questions, then the buyer's own, and mails each candidate", async () => {
    const s = await setUp();
    const counted = await getDb()
      .select({ id: evaluationCriteria.id, kind: evaluationCriteria.kind, unit: evaluationCriteria.unit })
      .from(evaluationCriteria)
      .innerJoin(evaluationSections, eq(evaluationSections.id, evaluationCriteria.sectionId))
      .where(
        and(
          eq(evaluationCriteria.evaluationId, s.id),
          gt(evaluationCriteria.weight, 0),
          gt(evaluationSections.weight, 0),
        ),
      )
      .orderBy(asc(evaluationSections.position), asc(evaluationCriteria.position));
    const result = await publish(s);
    expect(result).toEqual({ questions: counted.length + 1, responses: 2 });
    const questions = await questionsOf(s.questionnaire.id);
    expect(questions.map((q) => q.criterionId)).toEqual([...counted.map((c) => c.id), null]);
    expect(questions.map((q) => q.position)).toEqual(questions.map((_, i) => i + 1));
    expect(questions.every((q) => q.publishedAt !== null && q.addendum === 0)).toBe(true);
    for (const [i, c] of counted.entries()) {
      const q = questions[i];
      if (c.kind === "numeric") expect([q.answerType, q.unit]).toEqual(["number", c.unit]);
      else expect([q.answerType, q.maxLength]).toEqual(["text", 4000]);
      expect(q.required).toBe(true);
    }
    expect(questions.at(-1)?.prompt).toBe(own.prompt);
    const responses = await getDb()
      .select()
      .from(questionnaireResponses)
      .where(eq(questionnaireResponses.questionnaireId, s.questionnaire.id));
    expect(responses.map((r) => r.deadlineOn)).toEqual([DEADLINE, DEADLINE]);
    expect(await auditOf(s.id, "questionnaire.published")).toHaveLength(1);
    for (const person of [w.partnerAdmin, w.partnerMember]) {
      const [mail] = await mailTo(person.email, "questionnaire");
      expect(mail.textBody).toContain(`${w.buyer.name} asks ${w.partner.name}`);
      expect(mail.textBody).toContain("/requests");
      expect(mail.textBody).toContain("20 Mar 2026");
      expect(mail.textBody).not.toContain(partnerB.name);
      expect(mail.textBody?.toLowerCase()).not.toContain("weight");
    }
  });

  it("unpublished questions are edited and removed; published ones are fixed", async () => {
    const s = await setUp();
    const admin = viewerOf(w.buyerAdmin);
    await editQuestion(admin, s.id, s.questionId, {
      prompt: "Pick your regions",
      answerType: "many_choices",
      choices: "EU\nUS\nAPAC",
      required: "on",
    });
    let [q] = await questionsOf(s.questionnaire.id);
    expect([q.prompt, q.choices, q.maxLength]).toEqual(["Pick your regions", ["EU", "US", "APAC"], null]);
    const bad = await failure(
      addQuestion(admin, s.id, { prompt: "", answerType: "one_choice", choices: "x" }),
    );
    expect(bad).toBeInstanceOf(InputError);
    expect((bad as InputError).errors).toMatchObject({
      prompt: "Write the question.",
      choices: "Offer at least two choices, one per line.",
    });
    const { id: extra } = await addQuestion(admin, s.id, { ...own, prompt: "Extra" });
    await removeQuestion(admin, s.id, extra);
    expect(await questionsOf(s.questionnaire.id)).toHaveLength(1);
    await publish(s);
    [q] = await questionsOf(s.questionnaire.id);
    expect(await failure(editQuestion(admin, s.id, s.questionId, own))).toBeInstanceOf(RuleRefused);
    expect(await failure(removeQuestion(admin, s.id, s.questionId))).toBeInstanceOf(RuleRefused);
    expect(await failure(addQuestion(admin, s.id, own))).toBeInstanceOf(RuleRefused);
  });

  it("a past deadline is refused at its field, a stale version too; only admins; another tenant's is not found", async () => {
    const s = await setUp();
    const admin = viewerOf(w.buyerAdmin);
    const past = await failure(
      publishQuestionnaire(admin, s.id, { deadlineOn: "2026-03-10", sealed: true, version: 2 }, NOW),
    );
    expect((past as InputError).errors).toEqual({ deadlineOn: "Choose today or a later day." });
    const notADay = await failure(
      publishQuestionnaire(admin, s.id, { deadlineOn: "2026-02-30", sealed: true, version: 2 }, NOW),
    );
    expect(Object.keys((notADay as InputError).errors)).toEqual(["deadlineOn"]);
    const stale = await failure(
      publishQuestionnaire(admin, s.id, { deadlineOn: DEADLINE, sealed: true, version: 1 }, NOW),
    );
    expect((stale as Error).constructor.name).toBe("StaleVersion");
    for (const u of [w.evaluator, w.viewer]) {
      expect(await failure(draftQuestionnaire(viewerOf(u), s.id))).toBeInstanceOf(Forbidden);
      expect(
        await failure(
          publishQuestionnaire(viewerOf(u), s.id, { deadlineOn: DEADLINE, sealed: true, version: 2 }),
        ),
      ).toBeInstanceOf(Forbidden);
    }
    const stranger = viewerOf(other.buyerAdmin);
    expect(await failure(draftQuestionnaire(stranger, s.id))).toBeInstanceOf(NotFound);
    expect(await failure(questionnaireForBuyer(stranger, s.id))).toBeInstanceOf(NotFound);
    expect(await failure(extendDeadline(stranger, s.id, s.candidate, "2026-03-25"))).toBeInstanceOf(NotFound);
  });

  it("an addendum adds new questions announced by mail, and is refused once decided", async () => {
    const s = await setUp();
    await publish(s);
    const admin = viewerOf(w.buyerAdmin);
    const before = await questionsOf(s.questionnaire.id);
    const { addendum } = await publishAddendum(
      admin,
      s.id,
      [{ prompt: "Go-live date?", answerType: "date" }],
      NOW,
    );
    expect(addendum).toBe(1);
    const after = await questionsOf(s.questionnaire.id);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ addendum: 1, position: before.length + 1, prompt: "Go-live date?" });
    expect(after.at(-1)?.publishedAt).not.toBeNull();
    const [mail] = await mailTo(w.partnerAdmin.email, "questionnaire-addendum");
    expect(mail.subject).toContain("addendum 1");
    await decide(s.id);
    const refused = await failure(publishAddendum(admin, s.id, [{ prompt: "More?", answerType: "yes_no" }]));
    expect(refused).toBeInstanceOf(RuleRefused);
    expect((refused as Error).message).toContain("decided");
  });

  it("an extension moves one candidate's deadline only, later than its current one, audited; refused once decided", async () => {
    const s = await setUp();
    await publish(s);
    const admin = viewerOf(w.buyerAdmin);
    const notLater = await failure(extendDeadline(admin, s.id, s.candidate, DEADLINE, NOW));
    expect((notLater as InputError).errors.deadlineOn).toContain("after the current deadline");
    await extendDeadline(admin, s.id, s.candidate, "2026-03-27", NOW);
    const responses = await getDb()
      .select({
        candidateId: questionnaireResponses.candidateId,
        deadlineOn: questionnaireResponses.deadlineOn,
      })
      .from(questionnaireResponses)
      .where(eq(questionnaireResponses.evaluationId, s.id));
    expect(Object.fromEntries(responses.map((r) => [r.candidateId, r.deadlineOn]))).toEqual({
      [s.candidate]: "2026-03-27",
      [s.candidateB]: DEADLINE,
    });
    const [event] = await auditOf(s.id, "questionnaire.extended");
    expect(event.before).toMatchObject({ deadlineOn: DEADLINE });
    expect(event.after).toMatchObject({ deadlineOn: "2026-03-27", candidateId: s.candidate });
    await decide(s.id);
    expect(await failure(extendDeadline(admin, s.id, s.candidate, "2026-03-30", NOW))).toBeInstanceOf(
      RuleRefused,
    );
  });

  it("a published clarification reaches every candidate without the asker's name; refused once decided", async () => {
    const s = await setUp();
    await publish(s);
    const [clarification] = await getDb()
      .insert(questionnaireClarifications)
      .values({
        organisationId: w.buyer.id,
        evaluationId: s.id,
        questionnaireId: s.questionnaire.id,
        candidateId: s.candidate,
        askedByUserId: w.partnerAdmin.userId,
        question: "Does question 3 include subcontractors?",
      })
      .returning();
    const admin = viewerOf(w.buyerAdmin);
    await answerClarification(admin, clarification.id, { answer: "Yes, name them.", publish: "on" }, NOW);
    const [mailB] = await mailTo(partnerBMember.email, "questionnaire-clarification");
    expect(mailB.textBody).toContain("Does question 3 include subcontractors?");
    expect(mailB.textBody).not.toContain(w.partnerAdmin.name);
    expect(mailB.textBody).not.toContain(w.partner.name);
    const [mailA] = await mailTo(w.partnerMember.email, "questionnaire-clarification");
    expect(mailA.textBody).toContain("Yes, name them.");
    expect(mailA.textBody).not.toContain(w.partnerAdmin.name);
    const [row] = await getDb()
      .select()
      .from(questionnaireClarifications)
      .where(eq(questionnaireClarifications.id, clarification.id));
    expect([row.published, row.answer]).toEqual([true, "Yes, name them."]);
    expect(await auditOf(s.id, "questionnaire.clarification_answered")).toHaveLength(1);
    const [second] = await getDb()
      .insert(questionnaireClarifications)
      .values({
        ...clarification,
        id: undefined,
        version: 1,
        answer: null,
        answeredAt: null,
        published: false,
      })
      .returning();
    await decide(s.id);
    expect(await failure(answerClarification(admin, second.id, { answer: "No." }))).toBeInstanceOf(
      RuleRefused,
    );
  });

  it("a candidate added after publication receives its response with the same deadline", async () => {
    const s = await setUp();
    await publish(s);
    const late = await createOrganisation("partner");
    // Adding the candidate (the shortlist's one path, addCandidatesIn) gives it its response.
    const candidateId = await addCandidate(viewerOf(w.buyerAdmin), s.id, late.id);
    const rows = await getDb()
      .select({ deadlineOn: questionnaireResponses.deadlineOn })
      .from(questionnaireResponses)
      .where(eq(questionnaireResponses.candidateId, candidateId));
    expect(rows).toEqual([{ deadlineOn: DEADLINE }]);
    // Asked again, it makes no second one.
    const again = await getDb().transaction((tx) => respondentsForNewCandidate(tx, s.id, candidateId));
    expect(again).toBeUndefined();
  });

  it("the buyer's reading shows who submitted but no answer while sealed, and the answers once unsealed", async () => {
    const s = await setUp();
    await publish(s);
    const [response] = await getDb()
      .update(questionnaireResponses)
      .set({ submitted: 1, submittedAt: NOW })
      .where(
        and(eq(questionnaireResponses.candidateId, s.candidate), isNull(questionnaireResponses.reopenedAt)),
      )
      .returning();
    await getDb()
      .insert(questionnaireRevisions)
      .values({
        responseId: response.id,
        number: 1,
        answers: {
          [s.questionId]: { value: "EU and APAC", evidenceIds: [], prefilledFrom: null, claimDate: null },
        },
        submittedByUserId: w.partnerAdmin.userId,
      });
    const admin = viewerOf(w.buyerAdmin);
    const sealed = await questionnaireForBuyer(admin, s.id, NOW);
    expect(sealed?.sealed).toBe(true);
    const mine = sealed?.respondents.find((r) => r.candidateId === s.candidate);
    expect(mine).toMatchObject({ name: w.partner.name, submitted: 1, deadlineOn: DEADLINE, answers: null });
    expect(JSON.stringify(sealed)).not.toContain("EU and APAC");
    // The day after the deadline in Sydney.
    const open = await questionnaireForBuyer(admin, s.id, new Date("2026-03-20T13:00:00Z"));
    expect(open?.sealed).toBe(false);
    expect(open?.respondents.find((r) => r.candidateId === s.candidate)?.answers).toEqual({
      [s.questionId]: { value: "EU and APAC", evidenceIds: [] },
    });
    expect(open?.respondents.find((r) => r.candidateId === s.candidateB)?.answers).toBeNull();
    expect(await failure(questionnaireForBuyer(viewerOf(w.viewer), s.id))).toBeInstanceOf(Forbidden);
  });
});
