// The buyer's changes to a published questionnaire (DESIGN.md part 2 "Questionnaires"): addenda (new questions only,
// announced to every candidate), one candidate's extension, and answers to clarifications. Buyer admins only; each
// is audited and mailed, and refused (409) once the evaluation is decided.
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "../../../db/client";
import {
  evaluationCandidates,
  organisations,
  questionnaireClarifications,
  questionnaireQuestions,
  questionnaireResponses,
  questionnaires,
} from "../../../db/schema";
import { dayIn } from "../../domain/calendar";
import {
  clarificationNotice,
  questionnaireAddendumNotice,
  questionnaireExtensionNotice,
} from "../../mail/questionnaire-messages";
import type { Viewer } from "../../utils/access.server";
import { InputError, NotFound, RuleRefused } from "../../utils/errors.server";
import { recordAudit } from "../audit.server";
import { isUuid } from "../member.server";
import {
  type ClarificationAnswerInput,
  clarificationAnswerSchema,
  extendSchema,
  parseInput,
  type QuestionInput,
  questionSchema,
} from "./buyer-forms.server";
import { activeResponses, lockForChange, requirePublished, tellPartners } from "./buyer-rules.server";

/** Publishes new questions as the next addendum, after every question, and announces them to every candidate. */
export async function publishAddendum(
  viewer: Viewer,
  evaluationId: string,
  inputs: readonly QuestionInput[],
  now = new Date(),
): Promise<{ addendum: number; questionIds: string[] }> {
  if (inputs.length === 0) throw new InputError({}, "Add at least one question to the addendum.");
  const questions = inputs.map((input, i) => parseInput(questionSchema, input, `questions.${i}.`));
  return getDb().transaction(async (tx) => {
    const locked = await lockForChange(tx, viewer, evaluationId, "publish addenda");
    const questionnaire = requirePublished(locked.questionnaire);
    const addendum = questionnaire.addenda + 1;
    const [{ last }] = await tx
      .select({ last: sql<number>`coalesce(max(${questionnaireQuestions.position}), 0)`.mapWith(Number) })
      .from(questionnaireQuestions)
      .where(eq(questionnaireQuestions.questionnaireId, questionnaire.id));
    const rows = await tx
      .insert(questionnaireQuestions)
      .values(
        questions.map((q, i) => ({
          ...q,
          organisationId: viewer.organisationId,
          evaluationId,
          questionnaireId: questionnaire.id,
          position: last + i + 1,
          addendum,
          publishedAt: now,
        })),
      )
      .returning({ id: questionnaireQuestions.id });
    await tx
      .update(questionnaires)
      .set({ addenda: addendum, version: sql`${questionnaires.version} + 1`, updatedAt: now })
      .where(eq(questionnaires.id, questionnaire.id));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      organisationId: viewer.organisationId,
      action: "questionnaire.addendum_published",
      entityType: "evaluation",
      entityId: evaluationId,
      after: { addendum, prompts: questions.map((q) => q.prompt) },
    });
    const responses = await activeResponses(tx, questionnaire.id);
    await tellPartners(tx, viewer.organisationId, responses, {
      kind: "questionnaire-addendum",
      occasion: `questionnaire:${questionnaire.id}:addendum:${addendum}`,
      content: (m) => questionnaireAddendumNotice({ ...m, addendum, questions: questions.length }),
    });
    return { addendum, questionIds: rows.map((r) => r.id) };
  });
}

/** Moves one candidate's deadline to a later day (not in the past), audited and mailed to that candidate only. */
export async function extendDeadline(
  viewer: Viewer,
  evaluationId: string,
  candidateId: string,
  deadlineOn: string,
  now = new Date(),
): Promise<void> {
  const input = parseInput(extendSchema, { deadlineOn });
  if (!isUuid(candidateId)) throw new NotFound();
  await getDb().transaction(async (tx) => {
    const locked = await lockForChange(tx, viewer, evaluationId, "extend deadlines");
    const questionnaire = requirePublished(locked.questionnaire);
    const [response] = await tx
      .select({
        id: questionnaireResponses.id,
        deadlineOn: questionnaireResponses.deadlineOn,
        partnerId: questionnaireResponses.partnerId,
        partnerName: organisations.name,
        withdrawnAt: evaluationCandidates.withdrawnAt,
      })
      .from(questionnaireResponses)
      .innerJoin(evaluationCandidates, eq(evaluationCandidates.id, questionnaireResponses.candidateId))
      .innerJoin(organisations, eq(organisations.id, questionnaireResponses.partnerId))
      .where(
        and(
          eq(questionnaireResponses.questionnaireId, questionnaire.id),
          eq(questionnaireResponses.candidateId, candidateId),
          eq(questionnaireResponses.organisationId, viewer.organisationId),
        ),
      )
      .for("update", { of: questionnaireResponses });
    if (!response) throw new NotFound();
    if (response.withdrawnAt)
      throw new RuleRefused(`${response.partnerName} was withdrawn: its questionnaire is closed.`);
    if (input.deadlineOn <= response.deadlineOn)
      throw new InputError({
        deadlineOn: `Choose a day after the current deadline, ${response.deadlineOn}.`,
      });
    if (input.deadlineOn < dayIn(viewer.orgTimeZone, now))
      throw new InputError({ deadlineOn: "Choose today or a later day." });
    await tx
      .update(questionnaireResponses)
      .set({
        deadlineOn: input.deadlineOn,
        extendedByUserId: viewer.userId,
        version: sql`${questionnaireResponses.version} + 1`,
        updatedAt: now,
      })
      .where(eq(questionnaireResponses.id, response.id));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      organisationId: viewer.organisationId,
      action: "questionnaire.extended",
      entityType: "evaluation",
      entityId: evaluationId,
      before: { candidateId, name: response.partnerName, deadlineOn: response.deadlineOn },
      after: { candidateId, name: response.partnerName, deadlineOn: input.deadlineOn },
    });
    await tellPartners(tx, viewer.organisationId, [{ ...response, deadlineOn: input.deadlineOn }], {
      kind: "questionnaire",
      occasion: `questionnaire-extension:${response.id}:${input.deadlineOn}`,
      content: questionnaireExtensionNotice,
    });
  });
}

/**
 * Answers a candidate's clarification: privately (mailed to the asking candidate only) or published to every active
 * candidate, without the asker's name or organisation. Answered once.
 */
export async function answerClarification(
  viewer: Viewer,
  clarificationId: string,
  input: ClarificationAnswerInput,
  now = new Date(),
): Promise<void> {
  const { answer, publish } = parseInput(clarificationAnswerSchema, input);
  if (!isUuid(clarificationId)) throw new NotFound();
  const [found] = await getDb()
    .select({ evaluationId: questionnaireClarifications.evaluationId })
    .from(questionnaireClarifications)
    .where(
      and(
        eq(questionnaireClarifications.id, clarificationId),
        eq(questionnaireClarifications.organisationId, viewer.organisationId),
      ),
    );
  if (!found) throw new NotFound();
  await getDb().transaction(async (tx) => {
    const locked = await lockForChange(tx, viewer, found.evaluationId, "answer clarifications");
    const questionnaire = requirePublished(locked.questionnaire);
    const [clarification] = await tx
      .select()
      .from(questionnaireClarifications)
      .where(eq(questionnaireClarifications.id, clarificationId))
      .for("update");
    if (!clarification) throw new NotFound();
    if (clarification.answeredAt) throw new RuleRefused("This clarification was answered already.");
    await tx
      .update(questionnaireClarifications)
      .set({
        answer,
        published: publish,
        answeredByUserId: viewer.userId,
        answeredAt: now,
        version: sql`${questionnaireClarifications.version} + 1`,
      })
      .where(eq(questionnaireClarifications.id, clarification.id));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      organisationId: viewer.organisationId,
      action: "questionnaire.clarification_answered",
      entityType: "evaluation",
      entityId: found.evaluationId,
      after: { clarificationId, candidateId: clarification.candidateId, published: publish, answer },
    });
    const responses = await activeResponses(
      tx,
      questionnaire.id,
      publish ? undefined : [clarification.candidateId],
    );
    await tellPartners(tx, viewer.organisationId, responses, {
      kind: "questionnaire-clarification",
      occasion: `questionnaire-clarification:${clarification.id}`,
      content: (m) => clarificationNotice({ ...m, question: clarification.question, answer }),
    });
  });
}
