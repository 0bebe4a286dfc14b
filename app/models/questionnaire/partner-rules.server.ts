// What every partner-side write on a questionnaire response shares: finding the response (the actor's own, of a
// published questionnaire) under a lock, and the rules of when it takes changes.
import { and, eq, isNotNull } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import {
  evaluationCandidates,
  evaluations,
  organisations,
  questionnaireQuestions,
  questionnaireResponses,
  questionnaires,
} from "../../../db/schema";
import { dayIn } from "../../domain/calendar";
import { type AnswerRule, deadlinePassesAt } from "../../domain/questionnaire";
import { NotFound, RuleRefused } from "../../utils/errors.server";
import type { Actor } from "../audit.server";
import { FINISHED_STATUSES } from "../evidence-requests/rules.server";
import { isUuid } from "../member.server";

export type { Actor };

/** The response addressed to the actor's organisation, locked for a write; NotFound for anyone else's. */
export async function lockResponse(tx: Tx, actor: Actor, responseId: string) {
  if (!isUuid(responseId)) throw new NotFound();
  const [row] = await tx
    .select({
      id: questionnaireResponses.id,
      buyerId: questionnaireResponses.organisationId,
      buyer: organisations.name,
      buyerTimeZone: organisations.timeZone,
      evaluationId: questionnaireResponses.evaluationId,
      evaluationName: evaluations.name,
      evaluationStatus: evaluations.status,
      questionnaireId: questionnaireResponses.questionnaireId,
      sealed: questionnaires.sealed,
      questionnaireDeadlineOn: questionnaires.deadlineOn,
      candidateId: questionnaireResponses.candidateId,
      withdrawnAt: evaluationCandidates.withdrawnAt,
      deadlineOn: questionnaireResponses.deadlineOn,
      submitted: questionnaireResponses.submitted,
      submittedAt: questionnaireResponses.submittedAt,
      reopenedAt: questionnaireResponses.reopenedAt,
      version: questionnaireResponses.version,
    })
    .from(questionnaireResponses)
    .innerJoin(questionnaires, eq(questionnaires.id, questionnaireResponses.questionnaireId))
    .innerJoin(organisations, eq(organisations.id, questionnaireResponses.organisationId))
    .innerJoin(evaluations, eq(evaluations.id, questionnaireResponses.evaluationId))
    .innerJoin(evaluationCandidates, eq(evaluationCandidates.id, questionnaireResponses.candidateId))
    .where(
      and(
        eq(questionnaireResponses.id, responseId),
        eq(questionnaireResponses.partnerId, actor.organisationId),
        isNotNull(questionnaires.publishedAt),
      ),
    )
    .for("update", { of: questionnaireResponses });
  if (!row) throw new NotFound();
  return row;
}

export type LockedResponse = Awaited<ReturnType<typeof lockResponse>>;

/** Whether the response's own deadline (the end of `deadlineOn` in the buyer's time zone) has passed at `now`. */
export function deadlinePassed(response: { deadlineOn: string; buyerTimeZone: string }, now: Date): boolean {
  return now.getTime() >= deadlinePassesAt(response.deadlineOn, response.buyerTimeZone).getTime();
}

/**
 * Refused unless the response still takes anything: the evaluation goes on, the candidate is not withdrawn and the
 * response's own deadline has not passed.
 */
export function assertStillOpen(response: LockedResponse, now: Date): void {
  if (FINISHED_STATUSES.includes(response.evaluationStatus))
    throw new RuleRefused(
      `${response.buyer} has closed this evaluation: the questionnaire takes no more answers.`,
    );
  if (response.withdrawnAt)
    throw new RuleRefused(
      `${response.buyer} withdrew you from this evaluation: the questionnaire is closed to you.`,
    );
  if (deadlinePassed(response, now))
    throw new RuleRefused(
      `The deadline (${response.deadlineOn}, ${response.buyerTimeZone}) has passed: nothing more is accepted unless ${response.buyer} extends it for you.`,
    );
}

/** Refused unless the answers may change: still open, and never submitted or reopened since the last submission. */
export function assertEditable(response: LockedResponse, now: Date): void {
  assertStillOpen(response, now);
  if (response.submitted > 0 && !response.reopenedAt)
    throw new RuleRefused(
      `You submitted this questionnaire (revision ${response.submitted}): reopen it to change an answer.`,
    );
}

/** The columns a question is read with on the partner side (never its criterion's weight or anything scored). */
export function questionColumns() {
  return {
    id: questionnaireQuestions.id,
    questionnaireId: questionnaireQuestions.questionnaireId,
    position: questionnaireQuestions.position,
    addendum: questionnaireQuestions.addendum,
    prompt: questionnaireQuestions.prompt,
    answerType: questionnaireQuestions.answerType,
    maxLength: questionnaireQuestions.maxLength,
    unit: questionnaireQuestions.unit,
    choices: questionnaireQuestions.choices,
    required: questionnaireQuestions.required,
    profileClaim: questionnaireQuestions.profileClaim,
  };
}

/** One published question of the response's questionnaire; NotFound for any other. */
export async function publishedQuestion(tx: Tx, response: LockedResponse, questionId: string) {
  if (!isUuid(questionId)) throw new NotFound();
  const [question] = await tx
    .select(questionColumns())
    .from(questionnaireQuestions)
    .where(
      and(
        eq(questionnaireQuestions.id, questionId),
        eq(questionnaireQuestions.questionnaireId, response.questionnaireId),
        isNotNull(questionnaireQuestions.publishedAt),
      ),
    );
  if (!question) throw new NotFound();
  return question;
}

export type PartnerQuestion = Awaited<ReturnType<typeof publishedQuestion>>;

/**
 * A draft may be left blank, even for a required question (a partner clears an answer it will write later):
 * submission is where required questions must be answered.
 */
export function draftRule(question: AnswerRule): AnswerRule {
  return { ...question, required: false };
}

/** The calendar day of an instant in a time zone, as a claim's date is shown. */
export const claimDay = (at: Date, timeZone: string) => dayIn(timeZone, at);

/** Published questions in the order the partner reads them: the questionnaire, then each addendum. */
export function byReadingOrder(a: PartnerQuestion, b: PartnerQuestion): number {
  return a.addendum - b.addendum || a.position - b.position || a.id.localeCompare(b.id);
}
