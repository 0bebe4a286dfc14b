// Submitting a candidate (docs/product.md "Score", the blind rule): once an evaluator scored every counted criterion of a
// candidate it submits it, and from then on sees the other evaluators' scores for it.
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import {
  candidateSubmissions,
  evaluationCandidates,
  evaluationCriteria,
  evaluationSections,
  organisations,
  scores,
} from "../../db/schema";
import { canScore } from "../domain/evaluation";
import { Forbidden, NotFound, RuleRefused } from "../utils/errors.server";
import { type Actor, recordAudit } from "./audit.server";
import type { EvaluationRow } from "./evaluation.server";
import { isAssigned, newestDeclaration, shareLock } from "./evaluation-checks.server";
import { isUuid } from "./member.server";

/**
 * Submits a candidate once the actor scored every positively weighted rated criterion of positively weighted
 * sections; only while `scoring`. Submitting again changes nothing. Audited as `score.submitted`.
 */
export async function submitCandidate(
  actor: Actor,
  evaluation: Pick<EvaluationRow, "id">,
  candidateId: string,
): Promise<{ alreadySubmitted: boolean }> {
  if (!isUuid(candidateId)) throw new NotFound();
  return getDb().transaction(async (tx) => {
    const current = await shareLock(tx, actor, evaluation.id);
    const [candidate] = await tx
      .select({
        id: evaluationCandidates.id,
        name: organisations.name,
        withdrawnAt: evaluationCandidates.withdrawnAt,
      })
      .from(evaluationCandidates)
      .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
      .where(
        and(eq(evaluationCandidates.id, candidateId), eq(evaluationCandidates.evaluationId, current.id)),
      );
    if (!candidate) throw new NotFound();
    if (!canScore(current.status)) {
      throw new RuleRefused("Candidates are submitted only while the evaluation is scoring.");
    }
    if (!(await isAssigned(tx, current.id, actor.userId))) {
      throw new Forbidden("Only the evaluators assigned to this evaluation submit candidates.");
    }
    if (candidate.withdrawnAt) throw new RuleRefused(`${candidate.name} was withdrawn.`);
    const declaration = await newestDeclaration(tx, current.id, actor.userId);
    if (!declaration?.coveredCandidateIds.includes(candidate.id)) {
      throw new RuleRefused("Declare any conflict of interest with this candidate first.");
    }
    if (declaration.conflictCandidateIds.includes(candidate.id)) throw new NotFound();
    const [progress] = await tx
      .select({
        required: sql<number>`count(*)`.mapWith(Number),
        scored: sql<number>`count(${scores.id})`.mapWith(Number),
      })
      .from(evaluationCriteria)
      .innerJoin(evaluationSections, eq(evaluationSections.id, evaluationCriteria.sectionId))
      .leftJoin(
        scores,
        and(
          eq(scores.criterionId, evaluationCriteria.id),
          eq(scores.candidateId, candidate.id),
          eq(scores.evaluatorUserId, actor.userId),
        ),
      )
      .where(
        and(
          eq(evaluationCriteria.evaluationId, current.id),
          eq(evaluationCriteria.kind, "rated"),
          sql`${evaluationCriteria.weight} > 0`,
          sql`${evaluationSections.weight} > 0`,
        ),
      );
    if (progress.scored < progress.required) {
      throw new RuleRefused(
        `Score every criterion before submitting: ${progress.scored} of ${progress.required} scored.`,
      );
    }
    const inserted = await tx
      .insert(candidateSubmissions)
      .values({
        organisationId: actor.organisationId,
        evaluationId: current.id,
        candidateId: candidate.id,
        evaluatorUserId: actor.userId,
      })
      .onConflictDoNothing()
      .returning({ at: candidateSubmissions.submittedAt });
    if (inserted.length === 0) return { alreadySubmitted: true };
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "score.submitted",
      entityType: "evaluation",
      entityId: current.id,
      after: { candidate: candidate.name, candidateId: candidate.id, criteria: progress.required },
    });
    return { alreadySubmitted: false };
  });
}
