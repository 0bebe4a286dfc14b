// The buyer's questionnaire before and at publication (DESIGN.md part 2 "Questionnaires"): the draft, the buyer's own
// questions while unpublished, and publication, which copies every counted criterion's question from the frozen
// checklist, creates each active candidate's response and mails the candidates. Buyer admins only; each write locks
// the evaluation and is audited. Later changes (addenda, extensions, clarifications): ./buyer-after.server.ts.
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../../db/client";
import {
  evaluationCandidates,
  evaluationCriteria,
  evaluationSections,
  organisations,
  questionnaireQuestions,
  questionnaireResponses,
  questionnaires,
} from "../../../db/schema";
import { dayIn } from "../../domain/calendar";
import { CRITERION_TEXT_MAX_LENGTH } from "../../domain/questionnaire";
import { questionnaireNotice } from "../../mail/questionnaire-messages";
import type { Viewer } from "../../utils/access.server";
import { InputError, NotFound, RuleRefused, StaleVersion } from "../../utils/errors.server";
import { recordAudit } from "../audit.server";
import { isUuid } from "../member.server";
import {
  type PublishInput,
  parseInput,
  publishSchema,
  type QuestionInput,
  questionSchema,
} from "./buyer-forms.server";
import { lockForChange, type QuestionnaireRow, tellPartners } from "./buyer-rules.server";

export { respondentsForNewCandidate } from "./buyer-candidates.server";

const PUBLISHABLE = ["draft", "scoring"] as const;

/** The questionnaire locked for an edit of its questions: it must exist and be unpublished. */
async function lockDraft(tx: Tx, viewer: Viewer, evaluationId: string): Promise<QuestionnaireRow> {
  const { questionnaire } = await lockForChange(tx, viewer, evaluationId, "write questionnaires");
  if (!questionnaire) throw new NotFound();
  if (questionnaire.publishedAt)
    throw new RuleRefused(
      "The questionnaire is published: its questions are fixed. Add an addendum instead.",
    );
  return questionnaire;
}

const bump = (tx: Tx, questionnaireId: string) =>
  tx
    .update(questionnaires)
    .set({ version: sql`${questionnaires.version} + 1`, updatedAt: new Date() })
    .where(eq(questionnaires.id, questionnaireId));

/** Creates the evaluation's questionnaire (sealed by default), or returns the one it has while unpublished. */
export async function draftQuestionnaire(viewer: Viewer, evaluationId: string): Promise<QuestionnaireRow> {
  return getDb().transaction(async (tx) => {
    const { questionnaire } = await lockForChange(tx, viewer, evaluationId, "write questionnaires");
    if (questionnaire) {
      if (questionnaire.publishedAt) throw new RuleRefused("The questionnaire is published already.");
      return questionnaire;
    }
    const [row] = await tx
      .insert(questionnaires)
      .values({ organisationId: viewer.organisationId, evaluationId })
      .returning();
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      organisationId: viewer.organisationId,
      action: "questionnaire.drafted",
      entityType: "evaluation",
      entityId: evaluationId,
      after: { questionnaireId: row.id },
    });
    return row;
  });
}

/** Adds one of the buyer's own (not scored) questions after the others, while the questionnaire is unpublished. */
export async function addQuestion(viewer: Viewer, evaluationId: string, input: QuestionInput) {
  const question = parseInput(questionSchema, input);
  return getDb().transaction(async (tx) => {
    const questionnaire = await lockDraft(tx, viewer, evaluationId);
    const [{ last }] = await tx
      .select({ last: sql<number>`coalesce(max(${questionnaireQuestions.position}), 0)`.mapWith(Number) })
      .from(questionnaireQuestions)
      .where(eq(questionnaireQuestions.questionnaireId, questionnaire.id));
    const [row] = await tx
      .insert(questionnaireQuestions)
      .values({
        ...question,
        organisationId: viewer.organisationId,
        evaluationId,
        questionnaireId: questionnaire.id,
        position: last + 1,
      })
      .returning({ id: questionnaireQuestions.id });
    await bump(tx, questionnaire.id);
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      organisationId: viewer.organisationId,
      action: "questionnaire.question_added",
      entityType: "evaluation",
      entityId: evaluationId,
      after: { questionId: row.id, ...question },
    });
    return row;
  });
}

/** One of the buyer's own unpublished questions, locked; NotFound for any other. */
async function lockOwnQuestion(tx: Tx, questionnaire: QuestionnaireRow, questionId: string) {
  if (!isUuid(questionId)) throw new NotFound();
  const [row] = await tx
    .select()
    .from(questionnaireQuestions)
    .where(
      and(
        eq(questionnaireQuestions.id, questionId),
        eq(questionnaireQuestions.questionnaireId, questionnaire.id),
        isNull(questionnaireQuestions.criterionId),
        isNull(questionnaireQuestions.publishedAt),
      ),
    )
    .for("update");
  if (!row) throw new NotFound();
  return row;
}

/** Changes one of the buyer's own questions while the questionnaire is unpublished. */
export async function editQuestion(
  viewer: Viewer,
  evaluationId: string,
  questionId: string,
  input: QuestionInput,
): Promise<void> {
  const question = parseInput(questionSchema, input);
  await getDb().transaction(async (tx) => {
    const questionnaire = await lockDraft(tx, viewer, evaluationId);
    const before = await lockOwnQuestion(tx, questionnaire, questionId);
    await tx.update(questionnaireQuestions).set(question).where(eq(questionnaireQuestions.id, before.id));
    await bump(tx, questionnaire.id);
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      organisationId: viewer.organisationId,
      action: "questionnaire.question_edited",
      entityType: "evaluation",
      entityId: evaluationId,
      before: { questionId: before.id, prompt: before.prompt, answerType: before.answerType },
      after: { questionId: before.id, ...question },
    });
  });
}

/** Removes one of the buyer's own questions while the questionnaire is unpublished. */
export async function removeQuestion(
  viewer: Viewer,
  evaluationId: string,
  questionId: string,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const questionnaire = await lockDraft(tx, viewer, evaluationId);
    const before = await lockOwnQuestion(tx, questionnaire, questionId);
    await tx.delete(questionnaireQuestions).where(eq(questionnaireQuestions.id, before.id));
    await bump(tx, questionnaire.id);
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      organisationId: viewer.organisationId,
      action: "questionnaire.question_removed",
      entityType: "evaluation",
      entityId: evaluationId,
      before: { questionId: before.id, prompt: before.prompt },
    });
  });
}

/** The counted criteria (weight > 0 in a section weighing > 0), rated and numeric, in the checklist's order. */
async function countedCriteria(tx: Tx, viewer: Viewer, evaluationId: string) {
  return tx
    .select({
      id: evaluationCriteria.id,
      name: evaluationCriteria.name,
      question: evaluationCriteria.question,
      kind: evaluationCriteria.kind,
      unit: evaluationCriteria.unit,
    })
    .from(evaluationCriteria)
    .innerJoin(evaluationSections, eq(evaluationSections.id, evaluationCriteria.sectionId))
    .where(
      and(
        eq(evaluationCriteria.evaluationId, evaluationId),
        eq(evaluationCriteria.organisationId, viewer.organisationId),
        gt(evaluationCriteria.weight, 0),
        gt(evaluationSections.weight, 0),
      ),
    )
    .orderBy(asc(evaluationSections.position), asc(evaluationCriteria.position));
}

/**
 * Publishes the questionnaire (from `draft` or `scoring`, a deadline today or later in the buyer's time zone, the
 * version the form was drawn with), in one transaction: every counted criterion's question is copied (rated: text of
 * at most 4000 characters; numeric: a number in its unit; all required), the buyer's own questions follow, every
 * question is marked published, each active candidate gets its response with the deadline, and the candidates'
 * people are mailed.
 */
export async function publishQuestionnaire(
  viewer: Viewer,
  evaluationId: string,
  input: PublishInput,
  now = new Date(),
): Promise<{ questions: number; responses: number }> {
  const { deadlineOn, sealed, version } = parseInput(publishSchema, input);
  return getDb().transaction(async (tx) => {
    const { evaluation, questionnaire } = await lockForChange(
      tx,
      viewer,
      evaluationId,
      "publish questionnaires",
    );
    if (!questionnaire) throw new NotFound();
    if (questionnaire.publishedAt) throw new RuleRefused("The questionnaire is published already.");
    if (!(PUBLISHABLE as readonly string[]).includes(evaluation.status))
      throw new RuleRefused("A questionnaire is published while the evaluation is a draft or being scored.");
    if (questionnaire.version !== version) throw new StaleVersion(questionnaire);
    if (deadlineOn < dayIn(viewer.orgTimeZone, now))
      throw new InputError({ deadlineOn: "Choose today or a later day." });

    const [criteria, own, candidates] = await Promise.all([
      countedCriteria(tx, viewer, evaluationId),
      tx
        .select({ id: questionnaireQuestions.id })
        .from(questionnaireQuestions)
        .where(
          and(
            eq(questionnaireQuestions.questionnaireId, questionnaire.id),
            isNull(questionnaireQuestions.criterionId),
          ),
        )
        .orderBy(asc(questionnaireQuestions.position), asc(questionnaireQuestions.createdAt)),
      tx
        .select({
          id: evaluationCandidates.id,
          partnerId: evaluationCandidates.partnerId,
          name: organisations.name,
        })
        .from(evaluationCandidates)
        .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
        .where(
          and(
            eq(evaluationCandidates.evaluationId, evaluationId),
            eq(evaluationCandidates.organisationId, viewer.organisationId),
            isNull(evaluationCandidates.withdrawnAt),
          ),
        ),
    ]);
    if (criteria.length > 0) {
      await tx.insert(questionnaireQuestions).values(
        criteria.map((c, i) => ({
          organisationId: viewer.organisationId,
          evaluationId,
          questionnaireId: questionnaire.id,
          criterionId: c.id,
          position: i + 1,
          prompt: c.question.trim() || c.name,
          answerType: c.kind === "numeric" ? ("number" as const) : ("text" as const),
          maxLength: c.kind === "numeric" ? null : CRITERION_TEXT_MAX_LENGTH,
          unit: c.kind === "numeric" ? c.unit : null,
          required: true,
          publishedAt: now,
        })),
      );
    }
    for (const [i, q] of own.entries()) {
      await tx
        .update(questionnaireQuestions)
        .set({ position: criteria.length + i + 1, publishedAt: now })
        .where(eq(questionnaireQuestions.id, q.id));
    }
    if (candidates.length > 0) {
      await tx.insert(questionnaireResponses).values(
        candidates.map((c) => ({
          organisationId: viewer.organisationId,
          evaluationId,
          questionnaireId: questionnaire.id,
          candidateId: c.id,
          partnerId: c.partnerId,
          deadlineOn,
        })),
      );
    }
    await tx
      .update(questionnaires)
      .set({
        deadlineOn,
        sealed,
        publishedAt: now,
        publishedByUserId: viewer.userId,
        version: sql`${questionnaires.version} + 1`,
        updatedAt: now,
      })
      .where(eq(questionnaires.id, questionnaire.id));
    const questions = criteria.length + own.length;
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      organisationId: viewer.organisationId,
      action: "questionnaire.published",
      entityType: "evaluation",
      entityId: evaluationId,
      after: {
        questionnaireId: questionnaire.id,
        deadlineOn,
        sealed,
        questions,
        candidates: candidates.length,
      },
    });
    await tellPartners(
      tx,
      viewer.organisationId,
      candidates.map((c) => ({ partnerId: c.partnerId, partnerName: c.name, deadlineOn })),
      {
        kind: "questionnaire",
        occasion: `questionnaire:${questionnaire.id}`,
        content: (m) => questionnaireNotice({ ...m, questions }),
      },
    );
    return { questions, responses: candidates.length };
  });
}
