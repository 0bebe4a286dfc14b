// An evaluation's setting up and life (docs/product.md "Evaluation"): a new draft, its details, its status, a clone. Each
// change locks the evaluation, checks its status and the version the form was drawn with, and is audited.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { getDb } from "../../db/client";
import {
  evaluationCandidates,
  evaluationEvaluators,
  evaluations,
  memberships,
  organisations,
  users,
} from "../../db/schema";
import type { Checklist } from "../domain/checklist";
import {
  canMove,
  EVALUATION_NAME_LIMIT,
  type EvaluationStatus,
  isEditable,
  STATUS_LABELS,
} from "../domain/evaluation";
import { RuleRefused } from "../utils/errors.server";
import { type Actor, recordAudit } from "./audit.server";
import {
  EvaluationConflict,
  type EvaluationDetails,
  type EvaluationRow,
  getEvaluationChecklist,
  pickDetails,
} from "./evaluation.server";
import { writeEvaluationChecklist } from "./evaluation-checklist.server";
import { lockEvaluation, touch } from "./evaluation-checks.server";

/** A new draft with a frozen copy of a (valid) checklist, in the caller's transaction (the idempotency guard's). */
export async function createEvaluation(
  tx: Tx,
  actor: Actor,
  details: EvaluationDetails,
  checklist: Checklist,
  templateName: string,
  clone: { fromId: string; audit: Record<string, unknown> } | null = null,
): Promise<{ id: string }> {
  const [row] = await tx
    .insert(evaluations)
    .values({
      organisationId: actor.organisationId,
      ...details,
      templateName,
      clonedFromId: clone?.fromId ?? null,
      createdByUserId: actor.userId,
    })
    .returning({ id: evaluations.id });
  await writeEvaluationChecklist(tx, actor.organisationId, row.id, checklist);
  await recordAudit(tx, {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: clone ? "evaluation.cloned" : "evaluation.created",
    entityType: "evaluation",
    entityId: row.id,
    after: {
      ...details,
      templateName,
      clonedFromId: clone?.fromId ?? null,
      status: "draft",
      ...clone?.audit,
    },
  });
  return row;
}

/**
 * Edits the name, context, deadline and minimum total: only in `draft`, version-checked, audited with before and
 * after. Saving what is stored changes nothing. Answers whether it changed.
 */
export async function updateEvaluationDetails(
  actor: Actor,
  evaluationId: string,
  expectedVersion: number,
  details: EvaluationDetails,
): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    if (!isEditable(current.status)) {
      throw new RuleRefused(
        `The details can be changed only while the evaluation is a draft; it is in ${STATUS_LABELS[current.status].toLowerCase()}.`,
      );
    }
    if (JSON.stringify(pickDetails(current)) === JSON.stringify(details)) return false;
    if (current.version !== expectedVersion) throw new EvaluationConflict(pickDetails(current));
    await touch(tx, evaluationId, details);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.updated",
      entityType: "evaluation",
      entityId: evaluationId,
      before: pickDetails(current),
      after: details,
    });
    return true;
  });
}

/**
 * Moves the status (admins): `draft -> scoring -> review`, `review -> scoring`, `cancelled` from any but
 * `decided`. Scoring needs at least one candidate not withdrawn and one assigned evaluator.
 */
export async function moveStatus(
  actor: Actor,
  evaluationId: string,
  expectedVersion: number,
  to: EvaluationStatus,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    if (current.version !== expectedVersion) throw new EvaluationConflict();
    if (!canMove(current.status, to)) {
      throw new RuleRefused(
        `An evaluation in ${STATUS_LABELS[current.status].toLowerCase()} cannot move to ${STATUS_LABELS[to].toLowerCase()}.`,
      );
    }
    if (to === "scoring") {
      const [counts] = await tx
        .select({
          candidates:
            sql<number>`(select count(*) from ${evaluationCandidates} where ${evaluationCandidates.evaluationId} = ${evaluationId} and ${evaluationCandidates.withdrawnAt} is null)`.mapWith(
              Number,
            ),
          evaluators:
            sql<number>`(select count(*) from ${evaluationEvaluators} where ${evaluationEvaluators.evaluationId} = ${evaluationId} and ${evaluationEvaluators.active})`.mapWith(
              Number,
            ),
        })
        .from(evaluations)
        .where(eq(evaluations.id, evaluationId));
      if (counts.candidates === 0) throw new RuleRefused("Shortlist at least one partner before scoring.");
      if (counts.evaluators === 0) throw new RuleRefused("Assign at least one evaluator before scoring.");
    }
    const now = new Date();
    // The first move to review is remembered for good (viewers, the end of blind scoring, the record hang on it).
    await touch(tx, evaluationId, {
      status: to,
      statusChangedAt: now,
      ...(to === "review" && current.reachedReviewAt === null ? { reachedReviewAt: now } : {}),
    });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.status_changed",
      entityType: "evaluation",
      entityId: evaluationId,
      before: { name: current.name, status: current.status },
      after: { name: current.name, status: to },
    });
  });
}

/**
 * A new draft with the same context and checklist, the candidates not withdrawn, and the evaluators who are still
 * admins or evaluators of the organisation (a person since demoted to viewer or removed is not assigned again); no
 * scores, declarations or submissions. The `evaluation.cloned` event lists what was copied. In the caller's
 * transaction (the idempotency guard's).
 */
export async function cloneEvaluation(tx: Tx, actor: Actor, source: EvaluationRow): Promise<{ id: string }> {
  const [checklist, candidates, evaluators] = await Promise.all([
    getEvaluationChecklist(source, tx),
    tx
      .select({ partnerId: evaluationCandidates.partnerId, name: organisations.name })
      .from(evaluationCandidates)
      .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
      .where(
        and(
          eq(evaluationCandidates.evaluationId, source.id),
          eq(evaluationCandidates.organisationId, actor.organisationId),
          isNull(evaluationCandidates.withdrawnAt),
        ),
      )
      .orderBy(asc(organisations.name)),
    tx
      .select({ userId: evaluationEvaluators.userId, name: users.name })
      .from(evaluationEvaluators)
      .innerJoin(users, eq(users.id, evaluationEvaluators.userId))
      .innerJoin(
        memberships,
        and(
          eq(memberships.userId, evaluationEvaluators.userId),
          eq(memberships.organisationId, actor.organisationId),
          inArray(memberships.role, ["admin", "evaluator"]),
        ),
      )
      .where(
        and(
          eq(evaluationEvaluators.evaluationId, source.id),
          eq(evaluationEvaluators.organisationId, actor.organisationId),
          eq(evaluationEvaluators.active, true),
        ),
      )
      .orderBy(asc(users.name)),
  ]);
  const copy = await createEvaluation(
    tx,
    actor,
    { ...pickDetails(source), name: `${source.name} (copy)`.slice(0, EVALUATION_NAME_LIMIT) },
    checklist,
    source.templateName ?? source.name,
    {
      fromId: source.id,
      audit: {
        clonedFrom: source.name,
        candidates: candidates.map((c) => ({ name: c.name, partnerId: c.partnerId })),
        evaluators: evaluators.map((e) => ({ name: e.name, userId: e.userId })),
      },
    },
  );
  if (candidates.length > 0) {
    await tx.insert(evaluationCandidates).values(
      candidates.map((c) => ({
        organisationId: actor.organisationId,
        evaluationId: copy.id,
        partnerId: c.partnerId,
        addedByUserId: actor.userId,
      })),
    );
  }
  if (evaluators.length > 0) {
    await tx.insert(evaluationEvaluators).values(
      evaluators.map((e) => ({
        organisationId: actor.organisationId,
        evaluationId: copy.id,
        userId: e.userId,
      })),
    );
  }
  return copy;
}
