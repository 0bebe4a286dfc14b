// A candidate added to the shortlist after the questionnaire was published receives it (DESIGN.md part 2
// "Questionnaires": "Candidates added later receive it with the same deadline").
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import {
  evaluationCandidates,
  organisations,
  questionnaireQuestions,
  questionnaireResponses,
  questionnaires,
} from "../../../db/schema";
import { questionnaireNotice } from "../../mail/questionnaire-messages";
import { tellPartners } from "./buyer-rules.server";

/**
 * For the add-candidate path (addCandidatesIn in evaluation-participants.server.ts, after the candidates are
 * inserted, in the same transaction): a candidate added after publication receives the questionnaire with the
 * questionnaire's deadline, and its people are mailed. Nothing when the questionnaire is not published; adding the
 * same candidate twice is one response. Returns the response id, if any.
 */
export async function respondentsForNewCandidate(
  tx: Tx,
  evaluationId: string,
  candidateId: string,
): Promise<string | undefined> {
  const [row] = await tx
    .select({
      questionnaireId: questionnaires.id,
      organisationId: questionnaires.organisationId,
      deadlineOn: questionnaires.deadlineOn,
      publishedAt: questionnaires.publishedAt,
      partnerId: evaluationCandidates.partnerId,
      partnerName: organisations.name,
      withdrawnAt: evaluationCandidates.withdrawnAt,
    })
    .from(questionnaires)
    .innerJoin(
      evaluationCandidates,
      and(
        eq(evaluationCandidates.evaluationId, questionnaires.evaluationId),
        eq(evaluationCandidates.id, candidateId),
      ),
    )
    .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
    .where(eq(questionnaires.evaluationId, evaluationId));
  if (!row?.publishedAt || !row.deadlineOn || row.withdrawnAt) return undefined;
  const deadlineOn = row.deadlineOn;
  const [response] = await tx
    .insert(questionnaireResponses)
    .values({
      organisationId: row.organisationId,
      evaluationId,
      questionnaireId: row.questionnaireId,
      candidateId,
      partnerId: row.partnerId,
      deadlineOn,
    })
    .onConflictDoNothing()
    .returning({ id: questionnaireResponses.id });
  if (!response) return undefined;
  const [{ questions }] = await tx
    .select({ questions: sql<number>`count(*)`.mapWith(Number) })
    .from(questionnaireQuestions)
    .where(eq(questionnaireQuestions.questionnaireId, row.questionnaireId));
  await tellPartners(
    tx,
    row.organisationId,
    [{ partnerId: row.partnerId, partnerName: row.partnerName, deadlineOn }],
    {
      kind: "questionnaire",
      occasion: `questionnaire:${row.questionnaireId}`,
      content: (m) => questionnaireNotice({ ...m, questions }),
    },
  );
  return response.id;
}
