// What a partner reads of the questionnaires addressed to it (DESIGN.md part 2 "Questionnaires", partner side): the
// buyer's name, the evaluation's name, its own deadline, the questions and its own answers. Never weights, scores,
// other candidates or evaluators. The writes are in partner-answers.server.ts and partner-submit.server.ts.
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { getDb } from "../../../db/client";
import {
  evaluationCandidates,
  evaluations,
  organisations,
  questionnaireAnswers,
  questionnaireQuestions,
  questionnaireResponses,
  questionnaires,
  users,
} from "../../../db/schema";
import { deadlinePassesAt, isAnswered } from "../../domain/questionnaire";
import { FINISHED_STATUSES } from "../evidence-requests/rules.server";
import { isUuid } from "../member.server";
import {
  byReadingOrder,
  deadlinePassed,
  type PartnerQuestion,
  questionColumns,
} from "./partner-rules.server";

/** The responses with what the partner may read of them (filter them with `where`). */
function partnerResponses() {
  return getDb()
    .select({
      id: questionnaireResponses.id,
      questionnaireId: questionnaireResponses.questionnaireId,
      buyer: organisations.name,
      buyerTimeZone: organisations.timeZone,
      evaluationName: evaluations.name,
      evaluationStatus: evaluations.status,
      withdrawnAt: evaluationCandidates.withdrawnAt,
      deadlineOn: questionnaireResponses.deadlineOn,
      questionnaireDeadlineOn: questionnaires.deadlineOn,
      submitted: questionnaireResponses.submitted,
      submittedAt: questionnaireResponses.submittedAt,
      reopenedAt: questionnaireResponses.reopenedAt,
      version: questionnaireResponses.version,
      publishedAt: questionnaires.publishedAt,
    })
    .from(questionnaireResponses)
    .innerJoin(questionnaires, eq(questionnaires.id, questionnaireResponses.questionnaireId))
    .innerJoin(organisations, eq(organisations.id, questionnaireResponses.organisationId))
    .innerJoin(evaluations, eq(evaluations.id, questionnaireResponses.evaluationId))
    .innerJoin(evaluationCandidates, eq(evaluationCandidates.id, questionnaireResponses.candidateId));
}

type ResponseRow = Awaited<ReturnType<ReturnType<typeof partnerResponses>["where"]>>[number];

/** The published questions of these questionnaires, in reading order. One statement. */
async function publishedQuestions(questionnaireIds: string[]) {
  const rows = await getDb()
    .select(questionColumns())
    .from(questionnaireQuestions)
    .where(
      and(
        inArray(questionnaireQuestions.questionnaireId, questionnaireIds),
        isNotNull(questionnaireQuestions.publishedAt),
      ),
    );
  return rows.sort(byReadingOrder);
}

/** The partner's answers in these responses. One statement. */
async function draftAnswers(partnerId: string, responseIds: string[]) {
  return getDb()
    .select({
      responseId: questionnaireAnswers.responseId,
      questionId: questionnaireAnswers.questionId,
      value: questionnaireAnswers.value,
      evidenceIds: questionnaireAnswers.evidenceIds,
      prefilledFrom: questionnaireAnswers.prefilledFrom,
      claimDate: questionnaireAnswers.claimDate,
      version: questionnaireAnswers.version,
      updatedAt: questionnaireAnswers.updatedAt,
      updatedBy: users.name,
    })
    .from(questionnaireAnswers)
    .leftJoin(users, eq(users.id, questionnaireAnswers.updatedByUserId))
    .where(
      and(
        inArray(questionnaireAnswers.responseId, responseIds),
        eq(questionnaireAnswers.partnerId, partnerId),
      ),
    );
}

type DraftAnswer = Awaited<ReturnType<typeof draftAnswers>>[number];

/** Where a response stands for the partner, and its deadline as an instant. */
function standing(row: ResponseRow, now: Date) {
  const closed =
    FINISHED_STATUSES.includes(row.evaluationStatus) || row.withdrawnAt !== null || deadlinePassed(row, now);
  return {
    deadlinePassesAt: deadlinePassesAt(row.deadlineOn, row.buyerTimeZone),
    /** Its own deadline is later than the questionnaire's: the buyer extended it for this candidate. */
    extended: row.questionnaireDeadlineOn !== null && row.deadlineOn > row.questionnaireDeadlineOn,
    closed,
    editable: !closed && (row.submitted === 0 || row.reopenedAt !== null),
  };
}

function progress(questions: PartnerQuestion[], answers: Map<string, DraftAnswer>) {
  let answered = 0;
  let requiredUnanswered = 0;
  for (const q of questions) {
    const a = answers.get(q.id);
    if (a && isAnswered(q, a.value, a.evidenceIds)) answered++;
    else if (q.required) requiredUnanswered++;
  }
  return { answered, total: questions.length, requiredUnanswered };
}

function present(row: ResponseRow, now: Date) {
  return {
    id: row.id,
    buyer: row.buyer,
    buyerTimeZone: row.buyerTimeZone,
    evaluationName: row.evaluationName,
    deadlineOn: row.deadlineOn,
    ...standing(row, now),
    submitted: row.submitted,
    submittedAt: row.submittedAt,
    reopenedAt: row.reopenedAt,
    version: row.version,
  };
}

/**
 * The published questionnaires addressed to a partner (its responses), soonest deadline first, with progress
 * ("14 of 31 answered", required ones unanswered) and the submitted revision number. Three statements.
 */
export async function questionnairesForPartner(partnerId: string, now = new Date()) {
  const rows = await partnerResponses()
    .where(and(eq(questionnaireResponses.partnerId, partnerId), isNotNull(questionnaires.publishedAt)))
    .orderBy(asc(questionnaireResponses.deadlineOn), asc(evaluations.name), asc(questionnaireResponses.id));
  if (rows.length === 0) return [];
  const [questions, answers] = await Promise.all([
    publishedQuestions([...new Set(rows.map((r) => r.questionnaireId))]),
    draftAnswers(
      partnerId,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((row) => {
    const mine = new Map(answers.filter((a) => a.responseId === row.id).map((a) => [a.questionId, a]));
    const asked = questions.filter((q) => q.questionnaireId === row.questionnaireId);
    return { ...present(row, now), progress: progress(asked, mine) };
  });
}

export type PartnerQuestionnaire = Awaited<ReturnType<typeof questionnairesForPartner>>[number];

/**
 * One response addressed to the partner: the published questions in reading order (numbered, with their addendum)
 * and its draft answers with their versions; undefined (404) for anyone else's. Three statements.
 */
export async function responseForPartner(partnerId: string, responseId: string, now = new Date()) {
  if (!isUuid(responseId)) return undefined;
  const [row] = await partnerResponses().where(
    and(
      eq(questionnaireResponses.id, responseId),
      eq(questionnaireResponses.partnerId, partnerId),
      isNotNull(questionnaires.publishedAt),
    ),
  );
  if (!row) return undefined;
  const [questions, answers] = await Promise.all([
    publishedQuestions([row.questionnaireId]),
    draftAnswers(partnerId, [row.id]),
  ]);
  const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
  return {
    ...present(row, now),
    progress: progress(questions, byQuestion),
    questions: questions.map((q, i) => {
      const a = byQuestion.get(q.id);
      return {
        number: i + 1,
        id: q.id,
        addendum: q.addendum,
        prompt: q.prompt,
        answerType: q.answerType,
        maxLength: q.maxLength,
        unit: q.unit,
        choices: q.choices,
        required: q.required,
        profileClaim: q.profileClaim,
        answer: a
          ? {
              value: a.value,
              evidenceIds: a.evidenceIds,
              prefilledFrom: a.prefilledFrom,
              claimDate: a.claimDate,
              version: a.version,
              updatedAt: a.updatedAt,
              updatedBy: a.updatedBy,
              answered: isAnswered(q, a.value, a.evidenceIds),
            }
          : null,
      };
    }),
  };
}

export type PartnerResponse = NonNullable<Awaited<ReturnType<typeof responseForPartner>>>;
