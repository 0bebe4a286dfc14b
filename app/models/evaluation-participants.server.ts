// Who takes part in an evaluation (docs/product.md "Evaluation", "Assigned evaluator"): the shortlist of candidates
// (added, removed in a draft, withdrawn later) and the assigned evaluators. Each change locks the evaluation, checks
// its status and is audited.
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import {
  evaluationCandidates,
  evaluationEvaluators,
  evaluations,
  memberships,
  organisations,
  questionnaires,
  users,
} from "../../db/schema";
import { canAddCandidates, canRemoveCandidates, canWithdrawCandidates } from "../domain/evaluation";
import { NotFound, RuleRefused } from "../utils/errors.server";
import { type Actor, recordAudit, recordAudits } from "./audit.server";
import type { EvaluationRow } from "./evaluation.server";
import { lockEvaluation, touch } from "./evaluation-checks.server";
import { isUuid } from "./member.server";
import { respondentsForNewCandidate } from "./questionnaire/buyer-candidates.server";

/** A partner "Add" left off the shortlist, and why (`reason` follows its name: "Acme is already on the shortlist."). */
export interface ShortlistRefusal {
  partnerId: string;
  name: string;
  reason: string;
  /** Not a partner of the directory; on the shortlist already (`candidateId` says as what); withdrawn from it. */
  kind: "unknown" | "listed" | "withdrawn";
  candidateId: string | null;
}

export interface ShortlistChange {
  /** In the order asked. */
  added: { partnerId: string; name: string; candidateId: string }[];
  refused: ShortlistRefusal[];
}

/**
 * The one way partners join a shortlist (the evaluation page's and a partner's "Add", the triage's "Add selected"),
 * inside the caller's transaction: locks the evaluation, refuses once partners can no longer be added, runs the
 * caller's own `check` of the locked evaluation (the triage's version), then adds each partner that may be added in
 * one statement, each audited as `evaluation.candidate_added`. A partner not in the directory, already on the list
 * or withdrawn from it is refused on its own, with its reason; nothing is written when none is added.
 */
export async function addCandidatesIn(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  partnerIds: readonly string[],
  check?: (current: EvaluationRow) => void,
): Promise<ShortlistChange> {
  const current = await lockEvaluation(tx, actor, evaluationId);
  if (!canAddCandidates(current.status)) {
    throw new RuleRefused("Partners can no longer be added to this evaluation.");
  }
  check?.(current);
  const ids = [...new Set(partnerIds.map((id) => id.toLowerCase()))];
  const valid = ids.filter(isUuid);
  const [partners, existing] =
    valid.length === 0
      ? [[], []]
      : await Promise.all([
          tx
            .select({ id: organisations.id, name: organisations.name })
            .from(organisations)
            .where(and(inArray(organisations.id, valid), eq(organisations.kind, "partner"))),
          tx
            .select({
              id: evaluationCandidates.id,
              partnerId: evaluationCandidates.partnerId,
              withdrawnAt: evaluationCandidates.withdrawnAt,
            })
            .from(evaluationCandidates)
            .where(
              and(
                eq(evaluationCandidates.evaluationId, evaluationId),
                inArray(evaluationCandidates.partnerId, valid),
              ),
            ),
        ]);
  const nameOf = new Map(partners.map((p) => [p.id, p.name]));
  const listed = new Map(existing.map((c) => [c.partnerId, c]));
  const refused: ShortlistRefusal[] = [];
  const toAdd: { id: string; name: string }[] = [];
  for (const id of ids) {
    const name = nameOf.get(id);
    const candidate = listed.get(id);
    if (name === undefined) {
      refused.push({
        partnerId: id,
        name: "A partner",
        reason: "is not in the directory any more.",
        kind: "unknown",
        candidateId: null,
      });
    } else if (candidate?.withdrawnAt) {
      const reason = "was withdrawn from this evaluation and stays in its record.";
      refused.push({ partnerId: id, name, reason, kind: "withdrawn", candidateId: candidate.id });
    } else if (candidate) {
      const reason = "is already on the shortlist.";
      refused.push({ partnerId: id, name, reason, kind: "listed", candidateId: candidate.id });
    } else {
      toAdd.push({ id, name });
    }
  }
  if (toAdd.length === 0) return { added: [], refused };
  const rows = await tx
    .insert(evaluationCandidates)
    .values(
      toAdd.map((p) => ({
        organisationId: actor.organisationId,
        evaluationId,
        partnerId: p.id,
        addedByUserId: actor.userId,
      })),
    )
    .returning({ id: evaluationCandidates.id, partnerId: evaluationCandidates.partnerId });
  const candidateOf = new Map(rows.map((r) => [r.partnerId, r.id]));
  const added = toAdd.map((p) => ({
    partnerId: p.id,
    name: p.name,
    candidateId: candidateOf.get(p.id) ?? "",
  }));
  await touch(tx, evaluationId);
  await recordAudits(
    tx,
    added.map((a) => ({
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.candidate_added",
      entityType: "evaluation",
      entityId: evaluationId,
      after: { name: a.name, candidateId: a.candidateId, status: current.status },
    })),
  );
  // A questionnaire published already reaches the new candidates with its deadline (docs/product.md).
  const [published] = await tx
    .select({ id: questionnaires.id })
    .from(questionnaires)
    .where(and(eq(questionnaires.evaluationId, evaluationId), isNotNull(questionnaires.publishedAt)))
    .limit(1);
  if (published) {
    for (const a of added) await respondentsForNewCandidate(tx, evaluationId, a.candidateId);
  }
  return { added, refused };
}

/**
 * Adds a partner to the shortlist (before `decided`); adding it again is a no-op. Returns the candidate id. A partner
 * not in the directory is a 404; one withdrawn from this evaluation is refused.
 */
export async function addCandidate(actor: Actor, evaluationId: string, partnerId: string): Promise<string> {
  if (!isUuid(partnerId)) throw new NotFound();
  const { added, refused } = await getDb().transaction((tx) =>
    addCandidatesIn(tx, actor, evaluationId, [partnerId]),
  );
  if (added[0]) return added[0].candidateId;
  const [why] = refused;
  if (why?.kind === "listed" && why.candidateId) return why.candidateId;
  if (why?.kind === "withdrawn") throw new RuleRefused(`${why.name} ${why.reason}`);
  throw new NotFound();
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
