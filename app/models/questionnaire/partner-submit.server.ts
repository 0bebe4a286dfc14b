// The partner's submission of its response (each one a revision, all kept), its reopening until the deadline, and its
// questions to the buyer about the questionnaire (clarifications).
import { and, count, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../../db/client";
import {
  evaluationCandidates,
  questionnaireAnswers,
  questionnaireClarifications,
  questionnaireQuestions,
  questionnaireResponses,
  questionnaireRevisions,
} from "../../../db/schema";
import { isAnswered, isSealed } from "../../domain/questionnaire";
import { InputError, RuleRefused, StaleVersion } from "../../utils/errors.server";
import { recordAudit } from "../audit.server";
import { FINISHED_STATUSES } from "../evidence-requests/rules.server";
import {
  type Actor,
  assertStillOpen,
  byReadingOrder,
  type LockedResponse,
  lockResponse,
  questionColumns,
} from "./partner-rules.server";

/** What a question about the questionnaire may say. */
export const CLARIFICATION_LIMIT = 2000;

/** Where a response stands, as a stale form is shown it. */
export interface StoredResponse {
  submitted: number;
  submittedAt: Date | null;
  reopenedAt: Date | null;
  version: number;
}

function assertVersion(response: LockedResponse, shown: number) {
  if (response.version === shown) return;
  throw new StaleVersion<StoredResponse>(
    {
      submitted: response.submitted,
      submittedAt: response.submittedAt,
      reopenedAt: response.reopenedAt,
      version: response.version,
    },
    response.submitted > 0 && !response.reopenedAt
      ? `Someone in your organisation submitted revision ${response.submitted} while you were looking: it is shown.`
      : "Someone in your organisation changed this response while you were looking: it is shown as it is now.",
  );
}

/** The published questions and the response's answers, in reading order. Two statements. */
async function questionsAndAnswers(tx: Tx, response: LockedResponse) {
  const [questions, answers] = await Promise.all([
    tx
      .select(questionColumns())
      .from(questionnaireQuestions)
      .where(
        and(
          eq(questionnaireQuestions.questionnaireId, response.questionnaireId),
          isNotNull(questionnaireQuestions.publishedAt),
        ),
      ),
    tx
      .select({
        questionId: questionnaireAnswers.questionId,
        value: questionnaireAnswers.value,
        evidenceIds: questionnaireAnswers.evidenceIds,
        prefilledFrom: questionnaireAnswers.prefilledFrom,
        claimDate: questionnaireAnswers.claimDate,
      })
      .from(questionnaireAnswers)
      .where(eq(questionnaireAnswers.responseId, response.id)),
  ]);
  return {
    questions: questions.sort(byReadingOrder),
    answers: new Map(answers.map((a) => [a.questionId, a])),
  };
}

/** Whether the buyer could already read the responses (before this submission). One statement. */
async function openToBuyer(tx: Tx, response: LockedResponse, now: Date): Promise<boolean> {
  const [counts] = await tx
    .select({
      candidates: count(),
      submitted: sql<number>`count(*) filter (where ${gt(questionnaireResponses.submitted, 0)})`.mapWith(
        Number,
      ),
    })
    .from(questionnaireResponses)
    .innerJoin(evaluationCandidates, eq(evaluationCandidates.id, questionnaireResponses.candidateId))
    .where(
      and(
        eq(questionnaireResponses.questionnaireId, response.questionnaireId),
        isNull(evaluationCandidates.withdrawnAt),
      ),
    );
  return !isSealed({
    sealed: response.sealed,
    deadlineOn: response.questionnaireDeadlineOn,
    timeZone: response.buyerTimeZone,
    now,
    candidates: counts.candidates,
    submittedCount: counts.submitted,
  });
}

const quoted = (n: number, prompt: string) =>
  `${n}. “${prompt.length > 80 ? `${prompt.slice(0, 79)}…` : prompt}”`;

/**
 * Submits the response as it is: refused (naming them) while a required question is unanswered, after the deadline,
 * and when it is submitted and not reopened. One transaction: a revision numbered after the last with every answer,
 * the response marked submitted, and the audit event (in the partner's organisation, as the partner's answers to
 * evidence requests are). `afterUnsealing` when the buyer could already read the responses.
 */
export async function submitResponse(
  actor: Actor,
  responseId: string,
  input: { version: number },
  now = new Date(),
) {
  return getDb().transaction(async (tx) => {
    const response = await lockResponse(tx, actor, responseId);
    assertStillOpen(response, now);
    assertVersion(response, input.version);
    if (response.submitted > 0 && !response.reopenedAt)
      throw new RuleRefused(
        `You submitted revision ${response.submitted} already: reopen it to submit again.`,
      );
    const { questions, answers } = await questionsAndAnswers(tx, response);
    const missing = questions
      .map((q, i) => ({ q, number: i + 1 }))
      .filter(({ q }) => {
        const a = answers.get(q.id);
        return q.required && !(a && isAnswered(q, a.value, a.evidenceIds));
      });
    if (missing.length > 0)
      throw new RuleRefused(
        `Answer ${missing.length === 1 ? "this required question" : "these required questions"} first: ${missing.map(({ q, number }) => quoted(number, q.prompt)).join("; ")}.`,
      );
    const afterUnsealing = await openToBuyer(tx, response, now);
    const number = response.submitted + 1;
    const kept = Object.fromEntries(
      questions.flatMap((q) => {
        const a = answers.get(q.id);
        return a
          ? [
              [
                q.id,
                {
                  value: a.value,
                  evidenceIds: a.evidenceIds,
                  prefilledFrom: a.prefilledFrom,
                  claimDate: a.claimDate,
                },
              ],
            ]
          : [];
      }),
    );
    await tx.insert(questionnaireRevisions).values({
      responseId: response.id,
      number,
      answers: kept,
      afterUnsealing,
      submittedByUserId: actor.userId,
      submittedAt: now,
    });
    await tx
      .update(questionnaireResponses)
      .set({
        submitted: number,
        submittedAt: now,
        reopenedAt: null,
        version: response.version + 1,
        updatedAt: now,
      })
      .where(eq(questionnaireResponses.id, response.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "questionnaire.submitted",
      entityType: "questionnaire_response",
      entityId: response.id,
      before: { submitted: response.submitted },
      after: {
        name: response.buyer,
        evaluation: response.evaluationName,
        revision: number,
        answers: Object.keys(kept).length,
        afterUnsealing,
      },
    });
    return { revision: number, afterUnsealing, version: response.version + 1 };
  });
}

/**
 * Reopens a submitted response so its answers can change again, until the deadline; the last revision stays what
 * the buyer reads until the next submission. Version-checked; audited in the partner's organisation.
 */
export async function reopenResponse(
  actor: Actor,
  responseId: string,
  input: { version: number },
  now = new Date(),
) {
  return getDb().transaction(async (tx) => {
    const response = await lockResponse(tx, actor, responseId);
    assertStillOpen(response, now);
    assertVersion(response, input.version);
    if (response.submitted === 0)
      throw new RuleRefused("This response has not been submitted: its answers can change.");
    if (response.reopenedAt) return { version: response.version };
    await tx
      .update(questionnaireResponses)
      .set({ reopenedAt: now, version: response.version + 1, updatedAt: now })
      .where(eq(questionnaireResponses.id, response.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "questionnaire.reopened",
      entityType: "questionnaire_response",
      entityId: response.id,
      before: { submitted: response.submitted },
      after: { name: response.buyer, evaluation: response.evaluationName, revision: response.submitted },
    });
    return { version: response.version + 1 };
  });
}

/**
 * A candidate's question to the buyer about the questionnaire, stored for the buyer's admins to answer and audited
 * in the partner's organisation. Refused once the evaluation is over or the candidate withdrawn.
 */
export async function askClarification(actor: Actor, responseId: string, question: string) {
  const text = question.trim();
  if (text === "") throw new InputError({ question: "Write your question." });
  if (text.length > CLARIFICATION_LIMIT)
    throw new InputError({
      question: `Use at most ${CLARIFICATION_LIMIT} characters (it has ${text.length}).`,
    });
  return getDb().transaction(async (tx) => {
    const response = await lockResponse(tx, actor, responseId);
    if (FINISHED_STATUSES.includes(response.evaluationStatus) || response.withdrawnAt)
      throw new RuleRefused(
        `${response.buyer} has closed this questionnaire to you: it takes no more questions.`,
      );
    const [row] = await tx
      .insert(questionnaireClarifications)
      .values({
        organisationId: response.buyerId,
        evaluationId: response.evaluationId,
        questionnaireId: response.questionnaireId,
        candidateId: response.candidateId,
        askedByUserId: actor.userId,
        question: text,
      })
      .returning({ id: questionnaireClarifications.id });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "questionnaire.clarification_asked",
      entityType: "questionnaire_clarification",
      entityId: row.id,
      after: { name: response.buyer, evaluation: response.evaluationName, question: text },
    });
    return { id: row.id };
  });
}
