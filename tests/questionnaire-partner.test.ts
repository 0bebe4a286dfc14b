// Questionnaires, the partner side (DESIGN.md part 2 "Questionnaires"): what a partner reads of the questionnaires
// addressed to it, draft answers saved one question at a time (validated, version-checked, own evidence only),
// pre-fill from the profile, submission as revisions, reopening, the deadline in the buyer's time zone with a
// candidate's own extension, clarifications, and tenant isolation. The published questionnaire is written straight to
// the tables: the buyer's publication is tested with the buyer's models.
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { questionnairesForPartner, responseForPartner } from "../app/models/questionnaire/partner.server";
import { prefillAnswer, saveAnswer } from "../app/models/questionnaire/partner-answers.server";
import {
  askClarification,
  reopenResponse,
  submitResponse,
} from "../app/models/questionnaire/partner-submit.server";
import { InputError, NotFound, RuleRefused, StaleVersion } from "../app/utils/errors.server";
import { getDb, setQueryListener } from "../db/client";
import {
  auditEvents,
  evaluationCandidates,
  evidence,
  modelProviderClaims,
  questionnaireAnswers,
  questionnaireClarifications,
  questionnaireQuestions,
  questionnaireResponses,
  questionnaireRevisions,
  questionnaires,
  supportTerms,
} from "../db/schema";
import {
  createBuiltInEvaluation,
  createMember,
  createOrganisation,
  createWorld,
  type TestUser,
} from "./factories";

type World = Awaited<ReturnType<typeof createWorld>>;

// 2026-03-10 14:30 UTC is 2026-03-11 01:30 in Sydney, where createWorld's buyers live (AEDT, UTC+11).
const NOW = new Date("2026-03-10T14:30:00Z");
const DEADLINE = "2026-03-20";
// The end of 2026-03-20 in Sydney.
const LAST_SECOND = new Date("2026-03-20T12:59:59Z");
const CLOSED = new Date("2026-03-20T13:00:00Z");

let w: World;
let partnerB: Awaited<ReturnType<typeof createOrganisation>>;
let partnerBAdmin: TestUser;

const actorOf = (u: TestUser) => ({ userId: u.userId, organisationId: u.organisationId });

beforeAll(async () => {
  w = await createWorld();
  partnerB = await createOrganisation("partner");
  partnerBAdmin = await createMember(partnerB, "admin");
});

interface Published {
  evaluationId: string;
  questionnaireId: string;
  /** Published questions by key; `draft` is an unpublished one. */
  q: Record<"support" | "providers" | "yesNo" | "choice" | "evidence" | "addendum" | "draft", string>;
  /** Responses: the world's partner's and partner B's. */
  response: string;
  responseB: string;
}

/** A published questionnaire of a new evaluation, addressed to the world's partner and partner B. */
async function publish(name = "Claims triage"): Promise<Published> {
  const db = getDb();
  const { id: evaluationId } = await createBuiltInEvaluation(actorOf(w.buyerAdmin), name);
  const candidates = await db
    .insert(evaluationCandidates)
    .values(
      [w.partner.id, partnerB.id].map((partnerId) => ({
        organisationId: w.buyer.id,
        evaluationId,
        partnerId,
      })),
    )
    .returning({ id: evaluationCandidates.id, partnerId: evaluationCandidates.partnerId });
  const publishedAt = new Date("2026-03-01T00:00:00Z");
  const [questionnaire] = await db
    .insert(questionnaires)
    .values({ organisationId: w.buyer.id, evaluationId, deadlineOn: DEADLINE, publishedAt })
    .returning({ id: questionnaires.id });
  const base = { organisationId: w.buyer.id, evaluationId, questionnaireId: questionnaire.id, publishedAt };
  const rows = await db
    .insert(questionnaireQuestions)
    .values([
      // The addendum comes after the questionnaire whatever its position.
      {
        ...base,
        position: 1,
        addendum: 1,
        prompt: "Who leads delivery?",
        answerType: "text",
        maxLength: 200,
      },
      {
        ...base,
        position: 1,
        prompt: "What support do you offer once live?",
        answerType: "text",
        maxLength: 1000,
        profileClaim: "support_terms",
      },
      {
        ...base,
        position: 2,
        prompt: "How many production deployments have you run?",
        answerType: "number",
        unit: "deployments",
        profileClaim: "model_providers",
      },
      { ...base, position: 3, prompt: "Do you pin model versions?", answerType: "yes_no" },
      {
        ...base,
        position: 4,
        prompt: "Pricing model",
        answerType: "one_choice",
        choices: ["Fixed price", "Time and materials"],
        required: false,
      },
      { ...base, position: 5, prompt: "Your security report", answerType: "evidence", required: false },
      { ...base, position: 6, prompt: "Not published yet", answerType: "text", publishedAt: null },
    ])
    .returning({ id: questionnaireQuestions.id });
  const [addendum, support, providers, yesNo, choice, evidenceQ, draft] = rows.map((r) => r.id);
  const responses = await db
    .insert(questionnaireResponses)
    .values(
      candidates.map((c) => ({
        organisationId: w.buyer.id,
        evaluationId,
        questionnaireId: questionnaire.id,
        candidateId: c.id,
        partnerId: c.partnerId,
        deadlineOn: DEADLINE,
      })),
    )
    .returning({ id: questionnaireResponses.id, partnerId: questionnaireResponses.partnerId });
  const responseOf = (partnerId: string) => responses.find((r) => r.partnerId === partnerId)?.id ?? "";
  return {
    evaluationId,
    questionnaireId: questionnaire.id,
    q: { support, providers, yesNo, choice, evidence: evidenceQ, addendum, draft },
    response: responseOf(w.partner.id),
    responseB: responseOf(partnerB.id),
  };
}

async function ownEvidence(organisationId: string, title = "Pen test report") {
  const [row] = await getDb()
    .insert(evidence)
    .values({ organisationId, claimKind: "support", title, kind: "link" })
    .returning({ id: evidence.id });
  return row.id;
}

/** Answers every required question of the world's partner's response. */
async function answerRequired(p: Published, user: TestUser = w.partnerAdmin) {
  const a = actorOf(user);
  await saveAnswer(
    a,
    p.response,
    p.q.support,
    { value: "Business hours, P1 in 1 hour.", evidenceIds: [], version: 0 },
    NOW,
  );
  await saveAnswer(a, p.response, p.q.providers, { value: 12, evidenceIds: [], version: 0 }, NOW);
  await saveAnswer(a, p.response, p.q.yesNo, { value: true, evidenceIds: [], version: 0 }, NOW);
  await saveAnswer(
    a,
    p.response,
    p.q.addendum,
    { value: "Our delivery lead.", evidenceIds: [], version: 0 },
    NOW,
  );
}

async function refusal(attempt: Promise<unknown>) {
  return attempt.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: unknown) => error,
  );
}

describe("what the partner reads", () => {
  it("lists its questionnaires with progress, its deadline and nothing of the buyer's scoring", async () => {
    const p = await publish("Progress check");
    const a = actorOf(w.partnerMember);
    await saveAnswer(a, p.response, p.q.yesNo, { value: false, evidenceIds: [], version: 0 }, NOW);
    await saveAnswer(a, p.response, p.q.choice, { value: "Fixed price", evidenceIds: [], version: 0 }, NOW);
    // A blank draft of a required question is kept but does not count.
    await saveAnswer(a, p.response, p.q.support, { value: "", evidenceIds: [], version: 0 }, NOW);

    const list = await questionnairesForPartner(w.partner.id, NOW);
    const item = list.find((r) => r.id === p.response);
    expect(item).toMatchObject({
      buyer: w.buyer.name,
      evaluationName: "Progress check",
      deadlineOn: DEADLINE,
      deadlinePassesAt: CLOSED,
      extended: false,
      closed: false,
      editable: true,
      submitted: 0,
      progress: { answered: 2, total: 6, requiredUnanswered: 3 },
    });
    expect(Object.keys(item ?? {}).sort()).toEqual(
      [
        "buyer",
        "buyerTimeZone",
        "closed",
        "deadlineOn",
        "deadlinePassesAt",
        "editable",
        "evaluationName",
        "extended",
        "id",
        "progress",
        "reopenedAt",
        "submitted",
        "submittedAt",
        "version",
      ].sort(),
    );
    expect(list.map((r) => r.id)).not.toContain(p.responseB);
    // Partner B sees its own response, untouched by the other partner's answers.
    const listB = await questionnairesForPartner(partnerB.id, NOW);
    expect(listB.find((r) => r.id === p.responseB)?.progress).toEqual({
      answered: 0,
      total: 6,
      requiredUnanswered: 4,
    });
  });

  it("shows the published questions in order, with addendum numbers, and the draft answers with versions", async () => {
    const p = await publish();
    await saveAnswer(
      actorOf(w.partnerAdmin),
      p.response,
      p.q.yesNo,
      { value: true, evidenceIds: [], version: 0 },
      NOW,
    );
    const response = await responseForPartner(w.partner.id, p.response, NOW);
    expect(response?.questions.map((q) => [q.number, q.addendum, q.prompt])).toEqual([
      [1, 0, "What support do you offer once live?"],
      [2, 0, "How many production deployments have you run?"],
      [3, 0, "Do you pin model versions?"],
      [4, 0, "Pricing model"],
      [5, 0, "Your security report"],
      [6, 1, "Who leads delivery?"],
    ]);
    expect(response?.questions[2].answer).toMatchObject({
      value: true,
      version: 1,
      updatedBy: w.partnerAdmin.name,
      answered: true,
    });
    expect(response?.questions[0].answer).toBeNull();
  });

  it("does not find another partner's response, nor a question outside it", async () => {
    const p = await publish();
    const other = await publish("Another evaluation");
    expect(await responseForPartner(partnerB.id, p.response, NOW)).toBeUndefined();
    expect(await responseForPartner(w.partner.id, "not-an-id", NOW)).toBeUndefined();
    const input = { value: true, evidenceIds: [], version: 0 };
    expect(
      await refusal(saveAnswer(actorOf(partnerBAdmin), p.response, p.q.yesNo, input, NOW)),
    ).toBeInstanceOf(NotFound);
    expect(
      await refusal(submitResponse(actorOf(partnerBAdmin), p.response, { version: 1 }, NOW)),
    ).toBeInstanceOf(NotFound);
    expect(await refusal(askClarification(actorOf(partnerBAdmin), p.response, "Why?"))).toBeInstanceOf(
      NotFound,
    );
    // A question of another questionnaire, or one not yet published, is not part of this response.
    for (const q of [other.q.yesNo, p.q.draft]) {
      expect(await refusal(saveAnswer(actorOf(w.partnerAdmin), p.response, q, input, NOW))).toBeInstanceOf(
        NotFound,
      );
    }
  });
  it("reads the list and a response in a fixed number of statements, whatever the number of questionnaires", async () => {
    const statementsOf = async (fn: () => Promise<unknown>) => {
      let seen = 0;
      setQueryListener(() => {
        seen += 1;
      });
      try {
        await fn();
      } finally {
        setQueryListener(undefined);
      }
      return seen;
    };
    const p = await publish("Counted");
    const before = await statementsOf(() => questionnairesForPartner(w.partner.id, NOW));
    await publish("Counted again");
    expect(await statementsOf(() => questionnairesForPartner(w.partner.id, NOW))).toBe(before);
    expect(before).toBe(3);
    expect(await statementsOf(() => responseForPartner(w.partner.id, p.response, NOW))).toBe(3);
  });
});

describe("draft answers", () => {
  it("gives the second of two partner members editing one answer a conflict with the other's value", async () => {
    const p = await publish();
    const first = await saveAnswer(
      actorOf(w.partnerAdmin),
      p.response,
      p.q.support,
      { value: "Business hours.", evidenceIds: [], version: 0 },
      NOW,
    );
    expect(first.version).toBe(1);
    const conflict = await refusal(
      saveAnswer(
        actorOf(w.partnerMember),
        p.response,
        p.q.support,
        { value: "24×7.", evidenceIds: [], version: 0 },
        NOW,
      ),
    );
    expect(conflict).toBeInstanceOf(StaleVersion);
    expect((conflict as StaleVersion).current).toMatchObject({
      value: "Business hours.",
      version: 1,
      updatedBy: w.partnerAdmin.name,
    });
    expect((conflict as StaleVersion).message).toContain(w.partnerAdmin.name);
    // The same answer sent again (a double click) is no conflict; the newer version replaces it.
    const again = await saveAnswer(
      actorOf(w.partnerAdmin),
      p.response,
      p.q.support,
      { value: "Business hours.", evidenceIds: [], version: 0 },
      NOW,
    );
    expect(again.version).toBe(1);
    const second = await saveAnswer(
      actorOf(w.partnerMember),
      p.response,
      p.q.support,
      { value: "24×7.", evidenceIds: [], version: 1 },
      NOW,
    );
    expect(second).toMatchObject({ value: "24×7.", version: 2, updatedBy: w.partnerMember.name });
    const rows = await getDb()
      .select({ value: questionnaireAnswers.value })
      .from(questionnaireAnswers)
      .where(eq(questionnaireAnswers.responseId, p.response));
    expect(rows).toEqual([{ value: "24×7." }]);
  });

  it("refuses invalid values at the field", async () => {
    const p = await publish();
    const a = actorOf(w.partnerAdmin);
    const cases: [string, unknown][] = [
      [p.q.support, "x".repeat(1001)],
      [p.q.providers, "twelve"],
      [p.q.yesNo, "yes"],
      [p.q.choice, "Retainer"],
    ];
    for (const [question, value] of cases) {
      const error = await refusal(
        saveAnswer(a, p.response, question, { value, evidenceIds: [], version: 0 }, NOW),
      );
      expect(error).toBeInstanceOf(InputError);
      expect(Object.keys((error as InputError).errors)).toEqual(["value"]);
    }
    expect(
      (
        (await refusal(
          saveAnswer(
            a,
            p.response,
            p.q.support,
            { value: "x".repeat(1001), evidenceIds: [], version: 0 },
            NOW,
          ),
        )) as InputError
      ).errors.value,
    ).toContain("1000 characters");
    const stored = await getDb()
      .select({ id: questionnaireAnswers.id })
      .from(questionnaireAnswers)
      .where(eq(questionnaireAnswers.responseId, p.response));
    expect(stored).toEqual([]);
  });

  it("attaches only the partner's own evidence, not deleted", async () => {
    const p = await publish();
    const a = actorOf(w.partnerAdmin);
    const mine = await ownEvidence(w.partner.id);
    const theirs = await ownEvidence(partnerB.id, "Someone else's report");
    const gone = await ownEvidence(w.partner.id, "Old report");
    await getDb().update(evidence).set({ deletedAt: NOW }).where(eq(evidence.id, gone));
    for (const ids of [[theirs], [mine, theirs], [gone], ["not-an-id"]]) {
      const error = await refusal(
        saveAnswer(a, p.response, p.q.evidence, { value: null, evidenceIds: ids, version: 0 }, NOW),
      );
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).errors).toEqual({ evidence: "Choose among your own evidence." });
    }
    const saved = await saveAnswer(
      a,
      p.response,
      p.q.evidence,
      { value: null, evidenceIds: [mine], version: 0 },
      NOW,
    );
    expect(saved).toMatchObject({ evidenceIds: [mine], version: 1 });
  });
});

describe("pre-fill from the profile", () => {
  it("copies the claim, with its date, and forgets the copy once the answer is changed", async () => {
    const p = await publish();
    const a = actorOf(w.partnerAdmin);
    await getDb()
      .insert(supportTerms)
      .values({
        organisationId: w.partner.id,
        supportHours: "24x7",
        p1ResponseMinutes: 30,
        p1ResolutionHours: 4,
        warrantyDays: 90,
        maintenanceModel: "partner_run",
        rollbackRunbook: true,
        monitoringIncluded: true,
        knowledgeTransfer: false,
        updatedAt: new Date("2026-02-14T09:00:00Z"),
      });
    await getDb()
      .insert(modelProviderClaims)
      .values([
        {
          organisationId: w.partner.id,
          provider: "openai",
          productionDeployments: 7,
          updatedAt: new Date("2026-01-05T09:00:00Z"),
        },
        {
          organisationId: w.partner.id,
          provider: "anthropic",
          productionDeployments: 5,
          updatedAt: new Date("2026-02-20T09:00:00Z"),
        },
      ]);

    const support = await prefillAnswer(a, p.response, p.q.support, { version: 0 }, NOW);
    expect(support).toMatchObject({
      value:
        "24×7 support; P1 response within 30 minutes, resolution within 4 hours; warranty 90 days; maintenance: Partner-run; rollback runbook: yes; monitoring included: yes; knowledge transfer: no.",
      prefilledFrom: "support_terms",
      claimDate: "2026-02-14",
      version: 1,
    });
    // A number question gets the total of production deployments, dated by the latest provider claim.
    const providers = await prefillAnswer(a, p.response, p.q.providers, { version: 0 }, NOW);
    expect(providers).toMatchObject({ value: 12, prefilledFrom: "model_providers", claimDate: "2026-02-20" });

    // Pre-fill is version-checked like typing: it never silently replaces a colleague's answer.
    await saveAnswer(
      actorOf(w.partnerMember),
      p.response,
      p.q.support,
      { value: "Our own words.", evidenceIds: [], version: 1 },
      NOW,
    );
    const stale = await refusal(prefillAnswer(a, p.response, p.q.support, { version: 1 }, NOW));
    expect(stale).toBeInstanceOf(StaleVersion);
    expect((stale as StaleVersion).current).toMatchObject({
      value: "Our own words.",
      prefilledFrom: null,
      version: 2,
    });
    // Saving the copy unchanged keeps its source; changing it makes it the partner's own answer.
    const same = await saveAnswer(
      a,
      p.response,
      p.q.providers,
      { value: 12, evidenceIds: [], version: 1 },
      NOW,
    );
    expect(same).toMatchObject({ prefilledFrom: "model_providers", claimDate: "2026-02-20", version: 1 });
    const changed = await saveAnswer(
      a,
      p.response,
      p.q.providers,
      { value: 13, evidenceIds: [], version: 1 },
      NOW,
    );
    expect(changed).toMatchObject({ value: 13, prefilledFrom: null, claimDate: null, version: 2 });

    // No claim, or a question that maps to none, is refused in words.
    const none = await refusal(
      prefillAnswer(actorOf(partnerBAdmin), p.responseB, p.q.support, { version: 0 }, NOW),
    );
    expect(none).toBeInstanceOf(RuleRefused);
    expect((none as Error).message).toContain("no support terms");
    expect(await refusal(prefillAnswer(a, p.response, p.q.yesNo, { version: 0 }, NOW))).toBeInstanceOf(
      RuleRefused,
    );
  });
});

describe("submission", () => {
  it("refuses a submission with a required question unanswered, naming it", async () => {
    const p = await publish();
    const a = actorOf(w.partnerAdmin);
    await saveAnswer(
      a,
      p.response,
      p.q.support,
      { value: "Business hours.", evidenceIds: [], version: 0 },
      NOW,
    );
    await saveAnswer(a, p.response, p.q.providers, { value: 3, evidenceIds: [], version: 0 }, NOW);
    await saveAnswer(a, p.response, p.q.yesNo, { value: true, evidenceIds: [], version: 0 }, NOW);
    const error = await refusal(submitResponse(a, p.response, { version: 1 }, NOW));
    expect(error).toBeInstanceOf(RuleRefused);
    expect((error as Error).message).toBe("Answer this required question first: 6. “Who leads delivery?”.");
    expect(
      await getDb()
        .select()
        .from(questionnaireRevisions)
        .where(eq(questionnaireRevisions.responseId, p.response)),
    ).toEqual([]);
  });

  it("keeps every submission as a revision: submit, reopen, resubmit", async () => {
    const p = await publish();
    const a = actorOf(w.partnerAdmin);
    await answerRequired(p);
    const first = await submitResponse(a, p.response, { version: 1 }, NOW);
    expect(first).toMatchObject({ revision: 1, afterUnsealing: false, version: 2 });

    // Submitted: nothing changes until it is reopened; a stale submission form is refused with what is stored.
    const locked = await refusal(
      saveAnswer(a, p.response, p.q.yesNo, { value: false, evidenceIds: [], version: 1 }, NOW),
    );
    expect((locked as Error).message).toContain("reopen it");
    expect(
      await refusal(submitResponse(actorOf(w.partnerMember), p.response, { version: 1 }, NOW)),
    ).toMatchObject({
      current: { submitted: 1, version: 2 },
    });

    await reopenResponse(actorOf(w.partnerMember), p.response, { version: 2 }, NOW);
    expect((await responseForPartner(w.partner.id, p.response, NOW))?.editable).toBe(true);
    await saveAnswer(a, p.response, p.q.yesNo, { value: false, evidenceIds: [], version: 1 }, NOW);
    const second = await submitResponse(a, p.response, { version: 3 }, NOW);
    expect(second.revision).toBe(2);

    const revisions = await getDb()
      .select({ number: questionnaireRevisions.number, answers: questionnaireRevisions.answers })
      .from(questionnaireRevisions)
      .where(eq(questionnaireRevisions.responseId, p.response))
      .orderBy(asc(questionnaireRevisions.number));
    expect(revisions.map((r) => [r.number, r.answers[p.q.yesNo]?.value])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(Object.keys(revisions[0].answers).sort()).toEqual(
      [p.q.support, p.q.providers, p.q.yesNo, p.q.addendum].sort(),
    );
    const list = await questionnairesForPartner(w.partner.id, NOW);
    expect(list.find((r) => r.id === p.response)).toMatchObject({
      submitted: 2,
      reopenedAt: null,
      editable: false,
    });

    const events = await getDb()
      .select({
        action: auditEvents.action,
        organisationId: auditEvents.organisationId,
        after: auditEvents.after,
      })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, p.response))
      .orderBy(asc(auditEvents.at), asc(auditEvents.action));
    expect(events.map((e) => [e.action, e.organisationId])).toEqual([
      ["questionnaire.submitted", w.partner.id],
      ["questionnaire.reopened", w.partner.id],
      ["questionnaire.submitted", w.partner.id],
    ]);
    expect(events[2].after).toMatchObject({ name: w.buyer.name, revision: 2, afterUnsealing: false });
  });
});

describe("the deadline", () => {
  it("accepts nothing after the end of the deadline day in the buyer's time zone, except from a candidate given an extension", async () => {
    const p = await publish();
    const a = actorOf(w.partnerAdmin);
    const b = actorOf(partnerBAdmin);
    await answerRequired(p);
    // The last second of the day in Sydney still counts.
    await saveAnswer(
      a,
      p.response,
      p.q.choice,
      { value: "Fixed price", evidenceIds: [], version: 0 },
      LAST_SECOND,
    );

    const late = [
      () =>
        saveAnswer(
          a,
          p.response,
          p.q.choice,
          { value: "Time and materials", evidenceIds: [], version: 1 },
          CLOSED,
        ),
      () => prefillAnswer(a, p.response, p.q.support, { version: 1 }, CLOSED),
      () => submitResponse(a, p.response, { version: 1 }, CLOSED),
      () => saveAnswer(b, p.responseB, p.q.yesNo, { value: true, evidenceIds: [], version: 0 }, CLOSED),
    ];
    for (const attempt of late) {
      const error = await refusal(attempt());
      expect(error).toBeInstanceOf(RuleRefused);
      expect((error as Error).message).toContain("deadline");
    }

    // The buyer extends partner B's deadline (the buyer's model does it; here, straight to the table).
    await getDb()
      .update(questionnaireResponses)
      .set({ deadlineOn: "2026-03-25", extendedByUserId: w.buyerAdmin.userId })
      .where(eq(questionnaireResponses.id, p.responseB));
    const listB = await questionnairesForPartner(partnerB.id, CLOSED);
    expect(listB.find((r) => r.id === p.responseB)).toMatchObject({
      extended: true,
      closed: false,
      editable: true,
    });
    for (const [question, value] of [
      [p.q.support, "Partner-run."],
      [p.q.providers, 4],
      [p.q.yesNo, true],
      [p.q.addendum, "Our lead."],
    ] as const) {
      await saveAnswer(b, p.responseB, question, { value, evidenceIds: [], version: 0 }, CLOSED);
    }
    // The questionnaire's own deadline has passed: the buyer already reads the responses, so this one is flagged.
    expect(await submitResponse(b, p.responseB, { version: 1 }, CLOSED)).toMatchObject({
      revision: 1,
      afterUnsealing: true,
    });
    // The extension is partner B's alone.
    expect(await refusal(submitResponse(a, p.response, { version: 1 }, CLOSED))).toBeInstanceOf(RuleRefused);
    const list = await questionnairesForPartner(w.partner.id, CLOSED);
    expect(list.find((r) => r.id === p.response)).toMatchObject({
      closed: true,
      editable: false,
      submitted: 0,
    });
  });
});

describe("clarifications", () => {
  it("stores a candidate's question for the buyer and audits it in the partner's organisation", async () => {
    const p = await publish();
    expect(await refusal(askClarification(actorOf(w.partnerMember), p.response, "   "))).toBeInstanceOf(
      InputError,
    );
    const { id } = await askClarification(
      actorOf(w.partnerMember),
      p.response,
      "  Is the addendum required?  ",
    );
    const [row] = await getDb()
      .select()
      .from(questionnaireClarifications)
      .where(eq(questionnaireClarifications.id, id));
    expect(row).toMatchObject({
      organisationId: w.buyer.id,
      evaluationId: p.evaluationId,
      questionnaireId: p.questionnaireId,
      askedByUserId: w.partnerMember.userId,
      question: "Is the addendum required?",
      published: false,
    });
    const events = await getDb()
      .select({ organisationId: auditEvents.organisationId })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "questionnaire.clarification_asked")));
    expect(events).toEqual([{ organisationId: w.partner.id }]);
  });
});
