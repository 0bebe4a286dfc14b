// A row of the comparison by evaluator, loaded when it is opened: every evaluator's score and justification of one
// criterion for each candidate, with the consensus and its rationale.
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { consensusScores, scores, users } from "../../db/schema";
import { NotFound } from "../utils/errors.server";
import type { Comparison } from "./comparison.server";
import { isUuid } from "./member.server";

/**
 * Every evaluator's score and justification of one criterion, for each candidate, with the consensus and its
 * rationale: what a comparison's row shows on demand. Conflicted evaluators' cells say so. Two statements.
 */
export async function loadCriterionScores(comparison: Comparison, criterionId: string | undefined) {
  const criterion = comparison.checklist.sections
    .flatMap((s) => s.criteria.map((c) => ({ ...c, section: s.name })))
    .find((c) => c.key === criterionId);
  if (!criterion || !isUuid(criterionId)) throw new NotFound();
  if (comparison.frozen) {
    const record = comparison.frozen;
    return {
      criterion,
      scores: record.scores
        .filter((x) => x.criterionId === criterionId)
        .map((x) => ({
          candidateId: x.candidateId,
          evaluatorUserId: x.evaluatorId,
          value: x.value,
          justification: x.justification,
          updatedAt: null,
        })),
      consensus: record.consensus
        .filter((c) => c.criterionId === criterionId)
        .map((c) => ({
          candidateId: c.candidateId,
          value: c.value,
          rationale: c.rationale,
          setBy: c.setBy,
          updatedAt: null,
        })),
    };
  }
  const evaluationId = comparison.evaluation.id;
  const db = getDb();
  const [rows, agreed] = await Promise.all([
    db
      .select({
        candidateId: scores.candidateId,
        evaluatorUserId: scores.evaluatorUserId,
        value: scores.value,
        justification: scores.justification,
        updatedAt: scores.updatedAt,
      })
      .from(scores)
      .where(and(eq(scores.evaluationId, evaluationId), eq(scores.criterionId, criterionId)))
      .orderBy(asc(scores.candidateId)),
    db
      .select({
        candidateId: consensusScores.candidateId,
        value: consensusScores.value,
        rationale: consensusScores.rationale,
        setBy: users.name,
        updatedAt: consensusScores.updatedAt,
      })
      .from(consensusScores)
      .leftJoin(users, eq(users.id, consensusScores.setByUserId))
      .where(
        and(eq(consensusScores.evaluationId, evaluationId), eq(consensusScores.criterionId, criterionId)),
      ),
  ]);
  return { criterion, scores: rows, consensus: agreed };
}
