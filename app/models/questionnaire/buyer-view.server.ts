// What the buyer reads of its questionnaire: the questions, and per candidate who submitted (when, which revision);
// the answers only once the responses are unsealed (DESIGN.md part 2: "buyers see who submitted, not the answers").
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { getDb } from "../../../db/client";
import {
  evaluationCandidates,
  evaluations,
  organisations,
  questionnaireQuestions,
  questionnaireResponses,
  questionnaireRevisions,
  questionnaires,
} from "../../../db/schema";
import { isSealed } from "../../domain/questionnaire";
import type { Viewer } from "../../utils/access.server";
import { Forbidden, NotFound } from "../../utils/errors.server";
import { isAssigned } from "../evaluation-checks.server";
import { isUuid } from "../member.server";

export interface BuyerAnswer {
  value: unknown;
  evidenceIds: string[];
}

export interface BuyerRespondent {
  candidateId: string;
  name: string;
  deadlineOn: string;
  /** The latest revision's number (0: never submitted). */
  submitted: number;
  submittedAt: Date | null;
  /** Submitted more than once: the latest differs from what was first submitted. */
  resubmitted: boolean;
  /** The latest revision's answers by question id; null while sealed or never submitted. */
  answers: Record<string, BuyerAnswer> | null;
}

/**
 * The buyer's view of its evaluation's questionnaire, for admins and assigned evaluators; undefined when it has none.
 * Answers are read (one query) only when the responses are not sealed at `now`: never while sealed.
 */
export async function questionnaireForBuyer(viewer: Viewer, evaluationId: string, now = new Date()) {
  if (!isUuid(evaluationId)) throw new NotFound();
  const db = getDb();
  const [row] = await db
    .select({ questionnaire: questionnaires, evaluationId: evaluations.id })
    .from(evaluations)
    .leftJoin(questionnaires, eq(questionnaires.evaluationId, evaluations.id))
    .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, viewer.organisationId)));
  if (!row) throw new NotFound();
  if (viewer.role !== "admin" && !(await isAssigned(db, evaluationId, viewer.userId)))
    throw new Forbidden("Only buyer admins and the evaluation's evaluators read its questionnaire.");
  const questionnaire = row.questionnaire;
  if (!questionnaire) return undefined;

  const [questions, responses] = await Promise.all([
    db
      .select({
        id: questionnaireQuestions.id,
        criterionId: questionnaireQuestions.criterionId,
        position: questionnaireQuestions.position,
        addendum: questionnaireQuestions.addendum,
        prompt: questionnaireQuestions.prompt,
        answerType: questionnaireQuestions.answerType,
        maxLength: questionnaireQuestions.maxLength,
        unit: questionnaireQuestions.unit,
        choices: questionnaireQuestions.choices,
        required: questionnaireQuestions.required,
        publishedAt: questionnaireQuestions.publishedAt,
      })
      .from(questionnaireQuestions)
      .where(eq(questionnaireQuestions.questionnaireId, questionnaire.id))
      .orderBy(asc(questionnaireQuestions.addendum), asc(questionnaireQuestions.position)),
    db
      .select({
        id: questionnaireResponses.id,
        candidateId: questionnaireResponses.candidateId,
        name: organisations.name,
        deadlineOn: questionnaireResponses.deadlineOn,
        submitted: questionnaireResponses.submitted,
        submittedAt: questionnaireResponses.submittedAt,
      })
      .from(questionnaireResponses)
      .innerJoin(evaluationCandidates, eq(evaluationCandidates.id, questionnaireResponses.candidateId))
      .innerJoin(organisations, eq(organisations.id, questionnaireResponses.partnerId))
      .where(
        and(
          eq(questionnaireResponses.questionnaireId, questionnaire.id),
          eq(questionnaireResponses.organisationId, viewer.organisationId),
          isNull(evaluationCandidates.withdrawnAt),
        ),
      )
      .orderBy(asc(organisations.name)),
  ]);
  const sealed = isSealed({
    sealed: questionnaire.sealed,
    deadlineOn: questionnaire.deadlineOn,
    timeZone: viewer.orgTimeZone,
    now,
    candidates: responses.length,
    submittedCount: responses.filter((r) => r.submitted > 0).length,
  });
  const submittedIds = responses.filter((r) => r.submitted > 0).map((r) => r.id);
  // NOTE: never read while sealed, so no answer can leak into what a loader returns.
  const revisions =
    sealed || submittedIds.length === 0
      ? []
      : await db
          .select({
            responseId: questionnaireRevisions.responseId,
            number: questionnaireRevisions.number,
            answers: questionnaireRevisions.answers,
          })
          .from(questionnaireRevisions)
          .where(inArray(questionnaireRevisions.responseId, submittedIds));
  const latest = new Map<string, Record<string, BuyerAnswer>>();
  for (const response of responses) {
    const revision = revisions.find((r) => r.responseId === response.id && r.number === response.submitted);
    if (!revision) continue;
    latest.set(
      response.id,
      Object.fromEntries(
        Object.entries(revision.answers).map(([q, a]) => [q, { value: a.value, evidenceIds: a.evidenceIds }]),
      ),
    );
  }
  const respondents: BuyerRespondent[] = responses.map((r) => ({
    candidateId: r.candidateId,
    name: r.name,
    deadlineOn: r.deadlineOn,
    submitted: r.submitted,
    submittedAt: r.submittedAt,
    resubmitted: r.submitted > 1,
    answers: latest.get(r.id) ?? null,
  }));
  return {
    id: questionnaire.id,
    version: questionnaire.version,
    published: questionnaire.publishedAt !== null,
    publishedAt: questionnaire.publishedAt,
    deadlineOn: questionnaire.deadlineOn,
    sealing: questionnaire.sealed,
    addenda: questionnaire.addenda,
    sealed,
    questions,
    respondents,
  };
}
