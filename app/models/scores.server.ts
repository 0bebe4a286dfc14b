// An evaluator's scores (docs/product.md "Score", "Access rules" with the blind rule, "Auto-suggestions"): one per
// candidate and rated criterion, each saved on its own, version-checked and audited. Access to the evaluation itself
// was decided by `evaluationFor`; a save checks again, inside its transaction, what the person may do.
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { candidateSubmissions, evaluationCandidates, scores } from "../../db/schema";
import { canScore } from "../domain/evaluation";
import { todayUtc } from "../domain/profile";
import { Forbidden, NotFound, RuleRefused, StaleVersion } from "../utils/errors.server";
import { type Actor, recordAudit } from "./audit.server";
import { checkCitations } from "./citations.server";
import { type CellTarget, isAssigned, newestDeclaration, shareLock } from "./evaluation-checks.server";
import {
  type CheckedScore,
  checkedScore,
  type ScoredEvaluation,
  scoredTarget,
  suggestionFor,
} from "./score-checks.server";
import { writeCell } from "./versioned-cell.server";

export interface StoredScore {
  value: number;
  justification: string;
  version: number;
  updatedAt: Date;
  acceptedSuggestion: number | null;
}

/** The score changed since the form was rendered (another tab, or a concurrent first save): 409 with it. */
export class ScoreConflict extends StaleVersion<StoredScore | null> {
  constructor(current: StoredScore | null) {
    super(current, "This score was saved elsewhere in the meantime.");
  }
}

export interface ScoreInput {
  candidateId: string;
  criterionId: string;
  value: number;
  justification: string;
  citedVersionIds: readonly string[];
  /** The suggestion the evaluator took with "Use suggestion" (null: it typed its own). */
  acceptedSuggestion: number | null;
  /**
   * "Accept suggestion" in one action: the score is the suggestion and the justification its reason (`value` and
   * `justification` are not read); refused when the criterion has no suggestion for this candidate.
   */
  accept?: boolean;
}

/**
 * Saves the actor's score of one rated criterion for one candidate, only while `scoring`. `expectedVersion` null
 * creates it (a score already there, a concurrent first save included, is a conflict); a number updates it only
 * if it is still that version. A conflict carries the stored score, so the page can show it beside what was typed.
 * Saving exactly what is stored changes nothing (a resubmitted form). Audited as `score.saved`, marked
 * `afterSubmission` once the actor submitted that candidate. With `input.accept`, the suggestion is the score and its
 * reason the justification, checked and audited the same way. Answers what was saved.
 */
export async function saveScore(
  actor: Actor,
  evaluation: ScoredEvaluation,
  input: ScoreInput,
  expectedVersion: number | null,
  today: string = todayUtc(),
): Promise<{ version: number; changed: boolean; value: number; justification: string }> {
  // What the rules read, before the transaction: the checklist is frozen once scoring started, and the status is
  // checked again under the lock below.
  const target = await scoredTarget(actor, evaluation.id, input);
  const score = checkedScore(input, target.criterion, await suggestionFor(actor, evaluation, target, today));
  return getDb().transaction(async (tx) => {
    const { evaluationId, existing, submitted } = await lockScore(tx, actor, evaluation.id, target);
    await checkCitations(tx, actor, target.candidate, score.cited, existing?.citedVersionIds ?? []);
    const { row, changed } = await writeScore(
      tx,
      actor,
      evaluationId,
      target,
      score,
      existing,
      expectedVersion,
    );
    if (changed)
      await recordAudit(tx, scoreEvent(actor, evaluationId, target, score, existing, row, submitted));
    return { version: row.version, changed, value: score.value, justification: score.justification };
  });
}

/**
 * Under the evaluation's lock: it is scoring, the actor is assigned, the candidate is not withdrawn, and the actor's
 * declaration covers it with no conflict (a conflicted evaluator is answered like a candidate it cannot see). Answers
 * the score as stored now (locked) and whether the actor already submitted the candidate.
 */
async function lockScore(tx: Tx, actor: Actor, evaluationId: string, { candidate, criterion }: CellTarget) {
  const current = await shareLock(tx, actor, evaluationId);
  if (!canScore(current.status)) {
    throw new RuleRefused("Scores can be changed only while the evaluation is scoring.");
  }
  if (!(await isAssigned(tx, current.id, actor.userId))) {
    throw new Forbidden("Only the evaluators assigned to this evaluation score it.");
  }
  const [[live], declaration, [existing], [submitted]] = await Promise.all([
    tx
      .select({ withdrawnAt: evaluationCandidates.withdrawnAt })
      .from(evaluationCandidates)
      .where(eq(evaluationCandidates.id, candidate.id)),
    newestDeclaration(tx, current.id, actor.userId),
    tx
      .select()
      .from(scores)
      .where(ownScore(candidate.id, criterion.id, actor.userId))
      .for("update"),
    tx
      .select({ at: candidateSubmissions.submittedAt })
      .from(candidateSubmissions)
      .where(
        and(
          eq(candidateSubmissions.candidateId, candidate.id),
          eq(candidateSubmissions.evaluatorUserId, actor.userId),
        ),
      ),
  ]);
  if (live?.withdrawnAt) throw new RuleRefused(`${candidate.name} was withdrawn: it is no longer scored.`);
  if (!declaration?.coveredCandidateIds.includes(candidate.id)) {
    throw new RuleRefused("Declare any conflict of interest with this candidate before scoring it.");
  }
  if (declaration.conflictCandidateIds.includes(candidate.id)) throw new NotFound();
  return { evaluationId: current.id, existing, submitted: !!submitted };
}

const ownScore = (candidateId: string, criterionId: string, userId: string) =>
  and(
    eq(scores.candidateId, candidateId),
    eq(scores.criterionId, criterionId),
    eq(scores.evaluatorUserId, userId),
  );

type ScoreRow = typeof scores.$inferSelect;

/** Creates or updates the score, version-checked (`writeCell`). */
function writeScore(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  { candidate, criterion }: CellTarget,
  score: CheckedScore,
  existing: ScoreRow | undefined,
  expectedVersion: number | null,
) {
  const stored = {
    value: score.value,
    justification: score.justification,
    citedVersionIds: score.cited,
    acceptedSuggestion: score.accepted,
  };
  return writeCell({
    existing,
    expectedVersion,
    unchanged: (e) =>
      e.value === score.value &&
      e.justification === score.justification &&
      e.acceptedSuggestion === score.accepted &&
      sameSet(e.citedVersionIds, score.cited),
    update: async (e) => {
      const [row] = await tx
        .update(scores)
        .set({ ...stored, version: sql`${scores.version} + 1`, updatedAt: new Date() })
        .where(eq(scores.id, e.id))
        .returning();
      return row;
    },
    insert: async () => {
      const [row] = await tx
        .insert(scores)
        .values({
          organisationId: actor.organisationId,
          evaluationId,
          candidateId: candidate.id,
          criterionId: criterion.id,
          evaluatorUserId: actor.userId,
          ...stored,
        })
        .onConflictDoNothing()
        .returning();
      return row;
    },
    // Another tab created it first (it committed while this insert waited): show that one.
    reread: async () => {
      const [row] = await tx
        .select()
        .from(scores)
        .where(ownScore(candidate.id, criterion.id, actor.userId));
      return row;
    },
    stale: (current) => new ScoreConflict(current ? storedOf(current) : null),
  });
}

/** The `score.saved` event: what the score was, and what it is now. */
function scoreEvent(
  actor: Actor,
  evaluationId: string,
  { candidate, criterion }: CellTarget,
  score: CheckedScore,
  existing: ScoreRow | undefined,
  row: ScoreRow,
  afterSubmission: boolean,
) {
  return {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: "score.saved",
    entityType: "evaluation",
    entityId: evaluationId,
    before: existing
      ? {
          value: existing.value,
          justification: existing.justification,
          citedVersionIds: existing.citedVersionIds,
          acceptedSuggestion: existing.acceptedSuggestion,
        }
      : undefined,
    after: {
      scoreId: row.id,
      candidate: candidate.name,
      candidateId: candidate.id,
      criterion: criterion.name,
      criterionId: criterion.id,
      value: score.value,
      max: criterion.max,
      justification: score.justification,
      citedVersionIds: score.cited,
      suggestion: score.suggested,
      acceptedSuggestion: score.accepted !== null,
      afterSubmission,
    },
  };
}

function storedOf(row: ScoreRow): StoredScore {
  return {
    value: row.value,
    justification: row.justification,
    version: row.version,
    updatedAt: row.updatedAt,
    acceptedSuggestion: row.acceptedSuggestion,
  };
}

function sameSet(a: readonly string[], b: readonly string[]) {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}
