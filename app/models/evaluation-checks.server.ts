// What a change to one evaluation checks inside its transaction before it writes: the evaluation locked and still
// open, the actor's assignment and declaration, the candidate and criterion a cell belongs to. Access to the
// evaluation was decided by `evaluationFor` when the request came in; a form may be old, so every change checks again.
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import {
  conflictDeclarations,
  evaluationCandidates,
  evaluationCriteria,
  evaluationEvaluators,
  evaluationSections,
  evaluations,
  organisations,
} from "../../db/schema";
import { DECIDED_REFUSAL } from "../domain/evaluation";
import type { Viewer } from "../utils/access.server";
import { Forbidden, NotFound, RuleRefused } from "../utils/errors.server";
import type { Actor } from "./audit.server";
import type { EvaluationRow } from "./evaluation.server";
import { isUuid } from "./member.server";

type Reader = Pick<Tx, "select">;

/** Locks the evaluation row for a change of the evaluation itself; a decided one refuses every change. */
export async function lockEvaluation(tx: Tx, actor: Actor, evaluationId: string): Promise<EvaluationRow> {
  const [row] = await tx
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, actor.organisationId)))
    .for("update");
  if (!row) throw new NotFound();
  if (row.status === "decided") throw new RuleRefused(DECIDED_REFUSAL);
  return row;
}

/**
 * Locks the evaluation against status moves only (shared: the scores and values of several people go on at once);
 * a decided one refuses every change.
 */
export async function shareLock(tx: Tx, actor: Actor, evaluationId: string) {
  const [row] = await tx
    .select({ id: evaluations.id, status: evaluations.status, name: evaluations.name })
    .from(evaluations)
    .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, actor.organisationId)))
    .for("share");
  if (!row) throw new NotFound();
  if (row.status === "decided") throw new RuleRefused(DECIDED_REFUSAL);
  return row;
}

/** Marks the evaluation changed (with `patch`): a new version, updated now. */
export async function touch(tx: Tx, evaluationId: string, patch: Partial<EvaluationRow> = {}) {
  await tx
    .update(evaluations)
    .set({ ...patch, version: sql`${evaluations.version} + 1`, updatedAt: new Date() })
    .where(eq(evaluations.id, evaluationId));
}

/** Whether the user is an active assigned evaluator of the evaluation. */
export async function isAssigned(db: Reader, evaluationId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: evaluationEvaluators.userId })
    .from(evaluationEvaluators)
    .where(
      and(
        eq(evaluationEvaluators.evaluationId, evaluationId),
        eq(evaluationEvaluators.userId, userId),
        eq(evaluationEvaluators.active, true),
      ),
    );
  return !!row;
}

/** The user's newest conflict-of-interest declaration on the evaluation, if any. */
export async function newestDeclaration(db: Reader, evaluationId: string, userId: string) {
  const [row] = await db
    .select()
    .from(conflictDeclarations)
    .where(and(eq(conflictDeclarations.evaluationId, evaluationId), eq(conflictDeclarations.userId, userId)))
    .orderBy(desc(conflictDeclarations.declaredAt), desc(conflictDeclarations.id))
    .limit(1);
  return row;
}

/**
 * The candidate and the criterion one cell belongs to (a score, a numeric value, a consensus score), both of this
 * evaluation and the actor's organisation: a 404 otherwise, malformed ids included. Two statements.
 */
export async function cellTarget(
  db: Reader,
  actor: Actor,
  evaluationId: string,
  candidateId: string,
  criterionId: string,
) {
  if (!isUuid(candidateId) || !isUuid(criterionId)) throw new NotFound();
  const [[candidate], [criterion]] = await Promise.all([
    db
      .select({
        id: evaluationCandidates.id,
        partnerId: evaluationCandidates.partnerId,
        name: organisations.name,
        withdrawnAt: evaluationCandidates.withdrawnAt,
      })
      .from(evaluationCandidates)
      .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
      .where(
        and(
          eq(evaluationCandidates.id, candidateId),
          eq(evaluationCandidates.evaluationId, evaluationId),
          eq(evaluationCandidates.organisationId, actor.organisationId),
        ),
      ),
    db
      .select({
        id: evaluationCriteria.id,
        name: evaluationCriteria.name,
        kind: evaluationCriteria.kind,
        weight: evaluationCriteria.weight,
        max: evaluationCriteria.max,
        suggestionRule: evaluationCriteria.suggestionRule,
        unit: evaluationCriteria.unit,
        profileField: evaluationCriteria.profileField,
        sectionWeight: evaluationSections.weight,
      })
      .from(evaluationCriteria)
      .innerJoin(evaluationSections, eq(evaluationSections.id, evaluationCriteria.sectionId))
      .where(
        and(
          eq(evaluationCriteria.id, criterionId),
          eq(evaluationCriteria.evaluationId, evaluationId),
          eq(evaluationCriteria.organisationId, actor.organisationId),
        ),
      ),
  ]);
  if (!candidate || !criterion) throw new NotFound();
  return { candidate, criterion };
}

export type CellTarget = Awaited<ReturnType<typeof cellTarget>>;

/** A criterion takes part in the scoring when it is rated and it and its section weigh more than 0. */
export const takesPart = (c: { kind: string; weight: number }, sectionWeight: number) =>
  c.kind === "rated" && c.weight > 0 && sectionWeight > 0;

/** Buyer admins only: anyone else is refused with a 403 saying `what` admins do. */
export function requireAdmin(viewer: Pick<Viewer, "role">, what: string) {
  if (viewer.role !== "admin") throw new Forbidden(`Only buyer admins ${what}.`);
}

/** Runs `work` in the caller's transaction (the idempotency guard's, `once`) or in a transaction of its own. */
export function inTransaction<T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? work(tx) : getDb().transaction(work);
}
