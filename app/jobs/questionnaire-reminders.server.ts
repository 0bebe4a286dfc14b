// A partner organisation's questionnaire reminders (DESIGN.md part 2 "Reminders", "Questionnaires"), part of its day's
// run (./partner-reminders.server.ts `remindPartner`): 7, 3 and 1 days before a response's own deadline while it is
// not submitted (never, or reopened since), to the partner's admins and members. Days count by calendar days from the
// partner's day to the deadline day (the buyer's), as the evidence reminders do. Never weights, scores or other
// candidates: the buyer's name, the evaluation's name, the deadline and the partner's own progress.
import { and, asc, between, eq, inArray, isNotNull, isNull, notInArray, or, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client";
import {
  evaluationCandidates,
  evaluations,
  organisations,
  questionnaireAnswers,
  questionnaireQuestions,
  questionnaireResponses,
  questionnaires,
} from "../../db/schema";
import { daysBetween } from "../domain/profile";
import { isAnswered } from "../domain/questionnaire";
import { questionnaireReminderMail } from "../mail/reminder-messages";
import { FINISHED_STATUSES } from "../models/evidence-requests/rules.server";
import { portalUrl } from "../models/mail.server";
import { deliveriesFor } from "../models/mail-preferences.server";
import { type NoticeOutcome, notify } from "../models/notify.server";
import { addOutcome, type DueOrganisation, type Member, noOutcome, shiftDay } from "./reminder-rules";

/** NOTE: DESIGN.md "Reminders": questionnaires 7, 3 and 1 days before the response deadline. */
export const QUESTIONNAIRE_REMINDER_DAYS: readonly number[] = [7, 3, 1];

/** Where the partner answers its questionnaires. */
const REQUESTS_PATH = "/requests";

/**
 * The partner's published questionnaire responses not submitted (never, or reopened), of evaluations neither decided
 * nor cancelled, its candidacy not withdrawn, whose deadline matches `deadline`; soonest first. One statement.
 */
export async function unsubmittedResponses(tx: Tx, partnerId: string, deadline: SQL | undefined) {
  return tx
    .select({
      id: questionnaireResponses.id,
      questionnaireId: questionnaireResponses.questionnaireId,
      deadlineOn: questionnaireResponses.deadlineOn,
      reopenedAt: questionnaireResponses.reopenedAt,
      submitted: questionnaireResponses.submitted,
      buyerName: organisations.name,
      buyerTimeZone: organisations.timeZone,
      evaluationName: evaluations.name,
    })
    .from(questionnaireResponses)
    .innerJoin(questionnaires, eq(questionnaires.id, questionnaireResponses.questionnaireId))
    .innerJoin(evaluations, eq(evaluations.id, questionnaireResponses.evaluationId))
    .innerJoin(evaluationCandidates, eq(evaluationCandidates.id, questionnaireResponses.candidateId))
    .innerJoin(organisations, eq(organisations.id, questionnaireResponses.organisationId))
    .where(
      and(
        eq(questionnaireResponses.partnerId, partnerId),
        isNotNull(questionnaires.publishedAt),
        or(eq(questionnaireResponses.submitted, 0), isNotNull(questionnaireResponses.reopenedAt)),
        notInArray(evaluations.status, [...FINISHED_STATUSES]),
        isNull(evaluationCandidates.withdrawnAt),
        deadline,
      ),
    )
    .orderBy(asc(questionnaireResponses.deadlineOn), asc(evaluations.name), asc(questionnaireResponses.id));
}

/** How many published questions of each response are answered, of how many. One statement. */
async function progressOf(
  tx: Tx,
  partnerId: string,
  responseIds: string[],
): Promise<Map<string, { answered: number; total: number }>> {
  const rows = await tx
    .select({
      responseId: questionnaireResponses.id,
      answerType: questionnaireQuestions.answerType,
      maxLength: questionnaireQuestions.maxLength,
      unit: questionnaireQuestions.unit,
      choices: questionnaireQuestions.choices,
      required: questionnaireQuestions.required,
      value: questionnaireAnswers.value,
      evidenceIds: questionnaireAnswers.evidenceIds,
      answerId: questionnaireAnswers.id,
    })
    .from(questionnaireResponses)
    .innerJoin(
      questionnaireQuestions,
      and(
        eq(questionnaireQuestions.questionnaireId, questionnaireResponses.questionnaireId),
        isNotNull(questionnaireQuestions.publishedAt),
      ),
    )
    .leftJoin(
      questionnaireAnswers,
      and(
        eq(questionnaireAnswers.responseId, questionnaireResponses.id),
        eq(questionnaireAnswers.questionId, questionnaireQuestions.id),
        eq(questionnaireAnswers.partnerId, partnerId),
      ),
    )
    .where(inArray(questionnaireResponses.id, responseIds));
  const progress = new Map<string, { answered: number; total: number }>();
  for (const row of rows) {
    const p = progress.get(row.responseId) ?? { answered: 0, total: 0 };
    p.total++;
    if (row.answerId !== null && isAnswered(row, row.value, row.evidenceIds ?? [])) p.answered++;
    progress.set(row.responseId, p);
  }
  return progress;
}

/**
 * Reminds the partner's admins and members (`people`) of each questionnaire response due 7, 3 or 1 days after its
 * day and not submitted. At most three statements, then one write per message.
 */
export async function remindQuestionnaires(
  tx: Tx,
  partner: DueOrganisation,
  people: Member[],
): Promise<NoticeOutcome> {
  const outcome = noOutcome();
  if (people.length === 0) return outcome;
  const due = await unsubmittedResponses(
    tx,
    partner.id,
    inArray(
      questionnaireResponses.deadlineOn,
      QUESTIONNAIRE_REMINDER_DAYS.map((d) => shiftDay(partner.day, d)),
    ),
  );
  if (due.length === 0) return outcome;
  const [deliveries, progress] = await Promise.all([
    deliveriesFor(
      tx,
      people.map((p) => p.userId),
      "questionnaires",
    ),
    progressOf(
      tx,
      partner.id,
      due.map((r) => r.id),
    ),
  ]);
  const url = portalUrl(REQUESTS_PATH);
  for (const response of due) {
    const days = daysBetween(partner.day, response.deadlineOn);
    const notice = {
      topic: "questionnaires" as const,
      kind: "questionnaire-reminder" as const,
      organisationId: partner.id,
      occasion: `questionnaire-reminder:${response.id}:${response.deadlineOn}:${days}`,
      deliveries,
      content: (r: { name: string }) =>
        questionnaireReminderMail({
          name: r.name,
          buyerName: response.buyerName,
          partnerName: partner.name,
          evaluationName: response.evaluationName,
          deadlineOn: response.deadlineOn,
          buyerTimeZone: response.buyerTimeZone,
          days,
          reopened: response.submitted > 0 && response.reopenedAt !== null,
          progress: progress.get(response.id) ?? null,
          url,
        }),
    };
    addOutcome(outcome, await notify(tx, people, notice));
  }
  return outcome;
}

/**
 * The questionnaire reminders the partner's runs from `from` to `to` (its days) will send as things stand, for the
 * Outbox's preview: the day each goes and what it is about. One statement.
 */
export async function upcomingQuestionnaireReminders(
  tx: Tx,
  partnerId: string,
  from: string,
  to: string,
): Promise<{ day: string; about: string }[]> {
  const responses = await unsubmittedResponses(
    tx,
    partnerId,
    between(
      questionnaireResponses.deadlineOn,
      shiftDay(from, Math.min(...QUESTIONNAIRE_REMINDER_DAYS)),
      shiftDay(to, Math.max(...QUESTIONNAIRE_REMINDER_DAYS)),
    ),
  );
  return responses.flatMap((r) =>
    QUESTIONNAIRE_REMINDER_DAYS.map((days) => ({
      day: shiftDay(r.deadlineOn, -days),
      about: `${days} ${days === 1 ? "day" : "days"} before the questionnaire deadline: ${r.buyerName}, ${r.evaluationName}`,
    })).filter((q) => q.day >= from && q.day <= to),
  );
}
