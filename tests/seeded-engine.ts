// The scoring engine run on an evaluation's seeded rows, the way a page would build its input: what the seeded
// figures, and the pages showing them, must be. Shared by the seed tests and the page-render tests.
import { asc, eq } from "drizzle-orm";
import { type Checklist, toScoringSections } from "../app/domain/checklist";
import { computeResults, type ScoringResults } from "../app/domain/scoring";
import { getEvaluationChecklist } from "../app/models/evaluation.server";
import { getDb } from "../db/client";
import {
  candidateSubmissions,
  conflictDeclarations,
  consensusScores,
  evaluationCandidates,
  evaluationEvaluators,
  type evaluations,
  numericValues,
  organisations,
  scores,
} from "../db/schema";

export interface SeededEngine {
  checklist: Checklist;
  evaluation: typeof evaluations.$inferSelect;
  candidates: { id: string; partnerId: string; name: string }[];
  results: ScoringResults;
  scoreRows: (typeof scores.$inferSelect)[];
  evaluators: { userId: string; active: boolean }[];
  declarations: (typeof conflictDeclarations.$inferSelect)[];
  submissions: { candidateId: string; evaluatorUserId: string }[];
  ratedCriteria: { id: string; max: number; name: string }[];
}

/** The engine's input built from the seeded rows, the way a page would. */
export async function seededEngine(evaluation: typeof evaluations.$inferSelect): Promise<SeededEngine> {
  const db = getDb();
  const checklist = await getEvaluationChecklist(evaluation);
  const candidates = await db
    .select({
      id: evaluationCandidates.id,
      partnerId: evaluationCandidates.partnerId,
      name: organisations.name,
    })
    .from(evaluationCandidates)
    .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
    .where(eq(evaluationCandidates.evaluationId, evaluation.id));
  const evaluators = await db
    .select({ userId: evaluationEvaluators.userId, active: evaluationEvaluators.active })
    .from(evaluationEvaluators)
    .where(eq(evaluationEvaluators.evaluationId, evaluation.id));
  const declarations = await db
    .select()
    .from(conflictDeclarations)
    .where(eq(conflictDeclarations.evaluationId, evaluation.id))
    .orderBy(asc(conflictDeclarations.declaredAt));
  const scoreRows = await db.select().from(scores).where(eq(scores.evaluationId, evaluation.id));
  const submissions = await db
    .select({
      candidateId: candidateSubmissions.candidateId,
      evaluatorUserId: candidateSubmissions.evaluatorUserId,
    })
    .from(candidateSubmissions)
    .where(eq(candidateSubmissions.evaluationId, evaluation.id));
  const values = await db.select().from(numericValues).where(eq(numericValues.evaluationId, evaluation.id));
  const consensus = await db
    .select()
    .from(consensusScores)
    .where(eq(consensusScores.evaluationId, evaluation.id));
  const newest = (userId: string) => declarations.filter((d) => d.userId === userId).at(-1);
  const results = computeResults({
    sections: toScoringSections(checklist),
    candidates: candidates.map((c) => ({
      id: c.id,
      name: c.name,
      values: Object.fromEntries(
        values.filter((v) => v.candidateId === c.id).map((v) => [v.criterionId, v.value]),
      ),
    })),
    consensus: consensus.map((c) => ({
      candidateId: c.candidateId,
      criterionId: c.criterionId,
      value: c.value,
    })),
    evaluators: evaluators
      .filter((e) => e.active)
      .map((e) => ({ id: e.userId, conflicts: newest(e.userId)?.conflictCandidateIds ?? [] })),
    scores: scoreRows.map((s) => ({
      evaluatorId: s.evaluatorUserId,
      candidateId: s.candidateId,
      criterionId: s.criterionId,
      value: s.value,
    })),
    minimumTotal: evaluation.minimumTotal ?? undefined,
  });
  const ratedCriteria = checklist.sections.flatMap((s) =>
    s.weight > 0
      ? s.criteria
          .filter((c) => c.kind === "rated" && c.weight > 0)
          .map((c) => ({ id: c.key, max: c.max, name: c.name }))
      : [],
  );
  return {
    evaluation,
    checklist,
    candidates,
    results,
    scoreRows,
    evaluators,
    declarations,
    submissions,
    ratedCriteria,
  };
}
