// Who takes part in an evaluation (docs/product.md "Evaluation", "Assigned evaluator"): the shortlist of candidates
// (added, removed in a draft, withdrawn later) and the assigned evaluators. Each change locks the evaluation, checks
// its status and is audited.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import {
  evaluationCandidates,
  evaluationEvaluators,
  evaluations,
  memberships,
  organisations,
  users,
} from "../../db/schema";
import { canAddCandidates, canRemoveCandidates, canWithdrawCandidates } from "../domain/evaluation";
import { NotFound, RuleRefused } from "../utils/errors.server";
import { type Actor, recordAudit, recordAudits } from "./audit.server";
import { lockEvaluation, touch } from "./evaluation-checks.server";
import { isUuid } from "./member.server";

/** Adds a partner to the shortlist (before `decided`); adding it again is a no-op. Returns the candidate id. */
export async function addCandidate(actor: Actor, evaluationId: string, partnerId: string): Promise<string> {
  if (!isUuid(partnerId)) throw new NotFound();
  return getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    if (!canAddCandidates(current.status)) {
      throw new RuleRefused("Partners can no longer be added to this evaluation.");
    }
    const [partner] = await tx
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(and(eq(organisations.id, partnerId), eq(organisations.kind, "partner")));
    if (!partner) throw new NotFound();
    const [existing] = await tx
      .select({ id: evaluationCandidates.id, withdrawnAt: evaluationCandidates.withdrawnAt })
      .from(evaluationCandidates)
      .where(
        and(
          eq(evaluationCandidates.evaluationId, evaluationId),
          eq(evaluationCandidates.partnerId, partnerId),
        ),
      );
    if (existing) {
      if (existing.withdrawnAt) {
        throw new RuleRefused(`${partner.name} was withdrawn from this evaluation and stays in its record.`);
      }
      return existing.id;
    }
    const [row] = await tx
      .insert(evaluationCandidates)
      .values({ organisationId: actor.organisationId, evaluationId, partnerId, addedByUserId: actor.userId })
      .returning({ id: evaluationCandidates.id });
    await touch(tx, evaluationId);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.candidate_added",
      entityType: "evaluation",
      entityId: evaluationId,
      after: { name: partner.name, candidateId: row.id, status: current.status },
    });
    return row.id;
  });
}

async function candidateOf(tx: Tx, evaluationId: string, candidateId: string) {
  if (!isUuid(candidateId)) throw new NotFound();
  const [row] = await tx
    .select({
      id: evaluationCandidates.id,
      withdrawnAt: evaluationCandidates.withdrawnAt,
      name: organisations.name,
    })
    .from(evaluationCandidates)
    .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
    .where(
      and(eq(evaluationCandidates.id, candidateId), eq(evaluationCandidates.evaluationId, evaluationId)),
    );
  if (!row) throw new NotFound();
  return row;
}

/** Removes a candidate: only in `draft` (nothing was scored yet). */
export async function removeCandidate(
  actor: Actor,
  evaluationId: string,
  candidateId: string,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    const candidate = await candidateOf(tx, evaluationId, candidateId);
    if (!canRemoveCandidates(current.status)) {
      throw new RuleRefused("Once scoring has started a candidate is withdrawn, not removed.");
    }
    await tx.delete(evaluationCandidates).where(eq(evaluationCandidates.id, candidateId));
    await touch(tx, evaluationId);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.candidate_removed",
      entityType: "evaluation",
      entityId: evaluationId,
      before: { name: candidate.name, candidateId },
    });
  });
}

/** Withdraws a candidate (`scoring`, `review`): kept in the record, out of the ranking and of every `best`. */
export async function withdrawCandidate(
  actor: Actor,
  evaluationId: string,
  candidateId: string,
  reason: string,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    const candidate = await candidateOf(tx, evaluationId, candidateId);
    if (!canWithdrawCandidates(current.status)) {
      throw new RuleRefused(
        current.status === "draft"
          ? "In a draft, remove the candidate instead."
          : "Candidates can no longer be withdrawn from this evaluation.",
      );
    }
    if (candidate.withdrawnAt) throw new RuleRefused(`${candidate.name} is already withdrawn.`);
    await tx
      .update(evaluationCandidates)
      .set({ withdrawnAt: new Date(), withdrawnReason: reason })
      .where(eq(evaluationCandidates.id, candidateId));
    await touch(tx, evaluationId);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.candidate_withdrawn",
      entityType: "evaluation",
      entityId: evaluationId,
      after: { name: candidate.name, candidateId, reason },
    });
  });
}

/** Assigns a buyer admin or evaluator of the organisation (again, if it was unassigned: its scores return). */
export async function assignEvaluator(actor: Actor, evaluationId: string, userId: string): Promise<void> {
  if (!isUuid(userId)) throw new NotFound();
  await getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    if (current.status === "decided" || current.status === "cancelled") {
      throw new RuleRefused("Evaluators can no longer be assigned to this evaluation.");
    }
    const [member] = await tx
      .select({ role: memberships.role, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.userId, userId), eq(memberships.organisationId, actor.organisationId)));
    if (!member) throw new NotFound();
    if (member.role !== "admin" && member.role !== "evaluator") {
      throw new RuleRefused(`${member.name} is a viewer; only admins and evaluators can be assigned.`);
    }
    // Assigning someone already assigned changes nothing (no second event); an earlier assignment comes back.
    const changed = await tx
      .insert(evaluationEvaluators)
      .values({ organisationId: actor.organisationId, evaluationId, userId })
      .onConflictDoUpdate({
        target: [evaluationEvaluators.evaluationId, evaluationEvaluators.userId],
        set: { active: true, assignedAt: new Date() },
        setWhere: eq(evaluationEvaluators.active, false),
      })
      .returning({ userId: evaluationEvaluators.userId });
    if (changed.length === 0) return;
    await touch(tx, evaluationId);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.evaluator_assigned",
      entityType: "evaluation",
      entityId: evaluationId,
      after: { name: member.name, userId },
    });
  });
}

/** Unassigns: the person's scores leave every figure but stay stored (and audited). */
export async function unassignEvaluator(actor: Actor, evaluationId: string, userId: string): Promise<void> {
  if (!isUuid(userId)) throw new NotFound();
  await getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    if (current.status === "decided") throw new RuleRefused("This evaluation is decided.");
    const [row] = await tx
      .update(evaluationEvaluators)
      .set({ active: false })
      .where(
        and(
          eq(evaluationEvaluators.evaluationId, evaluationId),
          eq(evaluationEvaluators.userId, userId),
          eq(evaluationEvaluators.active, true),
        ),
      )
      .returning({ userId: evaluationEvaluators.userId });
    if (!row) throw new NotFound();
    const [person] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
    await touch(tx, evaluationId);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.evaluator_unassigned",
      entityType: "evaluation",
      entityId: evaluationId,
      before: { name: person?.name ?? "", userId },
    });
  });
}

/**
 * Unassigns a person from every open evaluation of the organisation, inside the caller's transaction: called when
 * an admin or evaluator is demoted to viewer or removed (docs/product.md "Assigned evaluator").
 */
export async function unassignEverywhere(tx: Tx, actor: Actor, userId: string): Promise<void> {
  const rows = await tx
    .update(evaluationEvaluators)
    .set({ active: false })
    .where(
      and(
        eq(evaluationEvaluators.organisationId, actor.organisationId),
        eq(evaluationEvaluators.userId, userId),
        eq(evaluationEvaluators.active, true),
        sql`${evaluationEvaluators.evaluationId} in (select ${evaluations.id} from ${evaluations} where ${evaluations.status} <> 'decided')`,
      ),
    )
    .returning({ evaluationId: evaluationEvaluators.evaluationId });
  // One statement for every evaluation the person leaves, not one per row.
  await recordAudits(
    tx,
    rows.map((r) => ({
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.evaluator_unassigned",
      entityType: "evaluation",
      entityId: r.evaluationId,
      before: { userId },
      after: { reason: "no longer an admin or evaluator" },
    })),
  );
}

/** The organisation's admins and evaluators not actively assigned to the evaluation, by name: one statement. */
export async function listAssignableMembers(organisationId: string, evaluationId: string) {
  return getDb()
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organisationId, organisationId),
        inArray(memberships.role, ["admin", "evaluator"]),
        sql`not exists (select 1 from ${evaluationEvaluators} where ${evaluationEvaluators.evaluationId} = ${evaluationId} and ${evaluationEvaluators.userId} = ${users.id} and ${evaluationEvaluators.active})`,
      ),
    )
    .orderBy(asc(users.name), asc(users.email));
}

/** The partners on an evaluation's shortlist (withdrawn ones too): one statement. */
export async function listCandidatePartners(evaluationId: string) {
  return getDb()
    .select({
      partnerId: evaluationCandidates.partnerId,
      withdrawn: sql<boolean>`${evaluationCandidates.withdrawnAt} is not null`,
    })
    .from(evaluationCandidates)
    .where(eq(evaluationCandidates.evaluationId, evaluationId));
}
