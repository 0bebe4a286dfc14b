// Evaluations: who may see one, its frozen checklist, and its setting up (DESIGN.md "Evaluation", "Assigned
// evaluator", "Access rules"). Scores, declarations and submissions live in scores.server.ts.
import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import {
  candidateSubmissions,
  conflictDeclarations,
  evaluationCandidates,
  evaluationCriteria,
  evaluationEvaluators,
  evaluationSections,
  evaluations,
  memberships,
  organisations,
  scores,
  users,
} from "../../db/schema";
import type { Checklist } from "../domain/checklist";
import {
  canAddCandidates,
  canMove,
  canRemoveCandidates,
  canWithdrawCandidates,
  DECIDED_REFUSAL,
  EVALUATION_NAME_LIMIT,
  type EvaluationStatus,
  isEditable,
  reachedReview,
  STATUS_LABELS,
} from "../domain/evaluation";
import type { SizeBand, UseCase } from "../domain/profile";
import type { Viewer } from "../utils/access.server";
import { notFound } from "../utils/http.server";
import { type Actor, recordAudit, recordAudits } from "./audit.server";
import { type CriterionRow, checklistFromRows, checklistRows } from "./checklist-rows.server";
import { isUuid } from "./member.server";

/** A rule of the evaluation's life refused the change (wrong status, missing candidates...): said as is, 409. */
export class EvaluationRuleError extends Error {}
/** The evaluation changed since the form was rendered (with its details as they are now, when they matter). */
export class EvaluationConflict extends Error {
  constructor(readonly current?: EvaluationDetails) {
    super("This evaluation changed since the form was rendered.");
  }
}

export type EvaluationRow = typeof evaluations.$inferSelect;

/**
 * `"evaluations"."id"` spelled out for correlated subqueries: drizzle leaves columns unqualified in a select from one
 * table, where `"id"` inside the subquery would be the subquery's own table's.
 */
const EVALUATION_ID = sql`${evaluations}.${sql.identifier("id")}`;

export interface EvaluationAccess {
  evaluation: EvaluationRow;
  /** The viewer is an active assigned evaluator of it (an admin may be one too). */
  assigned: boolean;
  isAdmin: boolean;
}

// NOTE: correlated subqueries name their tables in plain SQL: in a one-table select drizzle leaves column names
// unqualified, and `"evaluation_id" = "id"` inside a subquery would compare the subquery's own columns.

/**
 * The one place that decides whether a buyer's member may see an evaluation: admins see every evaluation of their
 * organisation; evaluators those they are assigned to; viewers those that reached `review` (also if later cancelled
 * or decided). Anything else, another buyer's included, is a 404. One statement.
 */
export async function evaluationFor(
  viewer: Viewer,
  evaluationId: string | undefined,
): Promise<EvaluationAccess> {
  if (viewer.orgKind !== "buyer" || !isUuid(evaluationId)) notFound();
  const [row] = await getDb()
    .select({ evaluation: evaluations, assigned: assignedTo(viewer) })
    .from(evaluations)
    .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, viewer.organisationId)));
  return accessTo(viewer, row);
}

/** Whether the viewer is an active assigned evaluator of the evaluation selected: a column of `evaluationFor`'s. */
export function assignedTo(viewer: Pick<Viewer, "userId">) {
  return sql<boolean>`exists (select 1 from ${evaluationEvaluators} where ${evaluationEvaluators.evaluationId} = ${EVALUATION_ID} and ${evaluationEvaluators.userId} = ${viewer.userId} and ${evaluationEvaluators.active})`;
}

/**
 * `evaluationFor`'s rule on a row read with the viewer's organisation id in the query (undefined: none): for a page
 * that reads the evaluation in a statement of its own (the comparison). A 404 when the viewer may not see it.
 */
export function accessTo(
  viewer: Viewer,
  row: { evaluation: EvaluationRow; assigned: boolean } | undefined,
): EvaluationAccess {
  if (!row || viewer.orgKind !== "buyer" || row.evaluation.organisationId !== viewer.organisationId)
    notFound();
  const isAdmin = viewer.role === "admin";
  const assigned = Boolean(row.assigned);
  if (isAdmin) return { evaluation: row.evaluation, assigned, isAdmin };
  if (viewer.role === "evaluator" && assigned) return { evaluation: row.evaluation, assigned, isAdmin };
  if (viewer.role === "viewer" && reachedReview(row.evaluation)) {
    return { evaluation: row.evaluation, assigned: false, isAdmin };
  }
  notFound();
}

/** `reachedReview` (app/domain/evaluation.ts) in SQL, for lists. */
export const reachedReviewSql = sql`(${evaluations.reachedReviewAt} is not null or ${evaluations.status} in ('review', 'decided'))`;

/** The evaluations a member may see, newest first: one statement. */
export async function listEvaluations(viewer: Viewer) {
  const db = getDb();
  const visible =
    viewer.role === "admin"
      ? sql`true`
      : viewer.role === "evaluator"
        ? sql`exists (select 1 from ${evaluationEvaluators} where ${evaluationEvaluators.evaluationId} = ${EVALUATION_ID} and ${evaluationEvaluators.userId} = ${viewer.userId} and ${evaluationEvaluators.active})`
        : reachedReviewSql;
  return db
    .select({
      id: evaluations.id,
      name: evaluations.name,
      status: evaluations.status,
      deadlineOn: evaluations.deadlineOn,
      updatedAt: evaluations.updatedAt,
      candidates:
        sql<number>`(select count(*) from ${evaluationCandidates} where ${evaluationCandidates.evaluationId} = ${EVALUATION_ID} and ${evaluationCandidates.withdrawnAt} is null)`.mapWith(
          Number,
        ),
      evaluators:
        sql<number>`(select count(*) from ${evaluationEvaluators} where ${evaluationEvaluators.evaluationId} = ${EVALUATION_ID} and ${evaluationEvaluators.active})`.mapWith(
          Number,
        ),
    })
    .from(evaluations)
    .where(and(eq(evaluations.organisationId, viewer.organisationId), visible))
    .orderBy(desc(evaluations.updatedAt), asc(evaluations.id));
}

/** The evaluation's frozen checklist: two statements. */
export async function getEvaluationChecklist(
  evaluation: Pick<EvaluationRow, "id" | "name">,
  db: Pick<Tx, "select"> = getDb(),
): Promise<Checklist> {
  const [sections, criteria] = await Promise.all([
    db
      .select()
      .from(evaluationSections)
      .where(eq(evaluationSections.evaluationId, evaluation.id))
      .orderBy(asc(evaluationSections.position)),
    db
      .select()
      .from(evaluationCriteria)
      .where(eq(evaluationCriteria.evaluationId, evaluation.id))
      .orderBy(asc(evaluationCriteria.position)),
  ]);
  return checklistFromRows({ name: evaluation.name, description: "" }, sections, criteria);
}

/**
 * Writes a checklist as the evaluation's own copy. Keys in `keep` are used as row ids (the ids of this evaluation's
 * rows, so that what hangs on them stays attached: numeric values, and scores); anything else gets a fresh id.
 * Rows kept are updated in place and only the sections and criteria no longer there are deleted, so editing a
 * draft's checklist never drops the numeric values of the criteria it keeps. Six statements at most, whatever the
 * size of the checklist.
 */
export async function writeEvaluationChecklist(
  tx: Tx,
  organisationId: string,
  evaluationId: string,
  checklist: Checklist,
  keep: ReadonlySet<string> = new Set(),
) {
  const rows = checklistRows(checklist, keep);
  const owner = { organisationId, evaluationId };
  const sectionIds = rows.sections.map((r) => r.id);
  const criterionIds = rows.criteria.map((r) => r.id);
  if (keep.size > 0) {
    // Positions are unique per evaluation (sections) and per section (criteria): park the kept rows' positions
    // below zero first, so that the new order can be written in any sequence.
    await tx
      .update(evaluationSections)
      .set({ position: sql`-1 - ${evaluationSections.position}` })
      .where(eq(evaluationSections.evaluationId, evaluationId));
    await tx
      .update(evaluationCriteria)
      .set({ position: sql`-1 - ${evaluationCriteria.position}` })
      .where(eq(evaluationCriteria.evaluationId, evaluationId));
  }
  if (rows.sections.length > 0) {
    const written = await tx
      .insert(evaluationSections)
      .values(rows.sections.map((r) => ({ ...r, ...owner })))
      .onConflictDoUpdate({
        target: evaluationSections.id,
        set: {
          position: sql`excluded.position`,
          name: sql`excluded.name`,
          description: sql`excluded.description`,
          weight: sql`excluded.weight`,
        },
        // Never another evaluation's row, whatever `keep` says.
        setWhere: eq(evaluationSections.evaluationId, evaluationId),
      })
      .returning({ id: evaluationSections.id });
    if (written.length !== rows.sections.length)
      throw new Error("A kept section id is not this evaluation's.");
  }
  if (rows.criteria.length > 0) {
    const written = await tx
      .insert(evaluationCriteria)
      .values(rows.criteria.map((r) => ({ ...r, ...owner })))
      .onConflictDoUpdate({
        target: evaluationCriteria.id,
        set: Object.fromEntries(
          // NOTE: the database names columns in snake_case (drizzle's `casing`), as `excluded` does.
          CRITERION_COLUMNS.map((c) => [
            c,
            sql.raw(`excluded.${c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)}`),
          ]),
        ),
        setWhere: eq(evaluationCriteria.evaluationId, evaluationId),
      })
      .returning({ id: evaluationCriteria.id });
    if (written.length !== rows.criteria.length)
      throw new Error("A kept criterion id is not this evaluation's.");
  }
  if (keep.size > 0) {
    // What the new checklist no longer has (a removed section's criteria go with it).
    await tx
      .delete(evaluationCriteria)
      .where(
        and(
          eq(evaluationCriteria.evaluationId, evaluationId),
          criterionIds.length > 0 ? notInArray(evaluationCriteria.id, criterionIds) : undefined,
        ),
      );
    await tx
      .delete(evaluationSections)
      .where(
        and(
          eq(evaluationSections.evaluationId, evaluationId),
          sectionIds.length > 0 ? notInArray(evaluationSections.id, sectionIds) : undefined,
        ),
      );
  }
}

/** The criterion columns a checklist row carries (what an edit may change). */
const CRITERION_COLUMNS = [
  "sectionId",
  "position",
  "name",
  "question",
  "kind",
  "weight",
  "max",
  "rubricLow",
  "rubricMiddle",
  "rubricHigh",
  "knockout",
  "suggestionRule",
  "unit",
  "direction",
  "profileField",
] as const satisfies readonly (keyof CriterionRow)[];

export interface EvaluationDetails {
  name: string;
  industry: string | null;
  sizeBand: SizeBand | null;
  useCases: UseCase[];
  requiredSpecializations: string[];
  deadlineOn: string | null;
  minimumTotal: number | null;
}

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

/** Locks the evaluation row for a change and checks it is still this organisation's. */
async function lockEvaluation(tx: Tx, actor: Actor, evaluationId: string): Promise<EvaluationRow> {
  const [row] = await tx
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, actor.organisationId)))
    .for("update");
  if (!row) notFound();
  if (row.status === "decided") throw new EvaluationRuleError(DECIDED_REFUSAL);
  return row;
}

async function touch(tx: Tx, evaluationId: string, patch: Partial<EvaluationRow> = {}) {
  await tx
    .update(evaluations)
    .set({ ...patch, version: sql`${evaluations.version} + 1`, updatedAt: new Date() })
    .where(eq(evaluations.id, evaluationId));
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
      throw new EvaluationRuleError(
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

/** An evaluation's name and context, as `EvaluationDetails`. */
export function pickDetails(e: EvaluationRow): EvaluationDetails {
  return {
    name: e.name,
    industry: e.industry,
    sizeBand: e.sizeBand,
    useCases: e.useCases,
    requiredSpecializations: e.requiredSpecializations,
    deadlineOn: e.deadlineOn,
    minimumTotal: e.minimumTotal,
  };
}

/** Replaces the frozen checklist: only in `draft`, version-checked, audited with the changes in words. */
export async function updateEvaluationChecklist(
  actor: Actor,
  evaluationId: string,
  expectedVersion: number,
  checklist: Checklist,
  changes: string[],
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    if (current.version !== expectedVersion) throw new EvaluationConflict();
    if (!isEditable(current.status)) {
      throw new EvaluationRuleError("The checklist can be changed only while the evaluation is a draft.");
    }
    const existing = await getEvaluationChecklist(current, tx);
    const keep = new Set([
      ...existing.sections.map((s) => s.key),
      ...existing.sections.flatMap((s) => s.criteria.map((c) => c.key)),
    ]);
    await writeEvaluationChecklist(tx, actor.organisationId, evaluationId, checklist, keep);
    await touch(tx, evaluationId);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.checklist_changed",
      entityType: "evaluation",
      entityId: evaluationId,
      before: { version: current.version },
      after: { version: current.version + 1, changes },
    });
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
      throw new EvaluationRuleError(
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
      if (counts.candidates === 0)
        throw new EvaluationRuleError("Shortlist at least one partner before scoring.");
      if (counts.evaluators === 0)
        throw new EvaluationRuleError("Assign at least one evaluator before scoring.");
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

/** Adds a partner to the shortlist (before `decided`); adding it again is a no-op. Returns the candidate id. */
export async function addCandidate(actor: Actor, evaluationId: string, partnerId: string): Promise<string> {
  if (!isUuid(partnerId)) notFound();
  return getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    if (!canAddCandidates(current.status)) {
      throw new EvaluationRuleError("Partners can no longer be added to this evaluation.");
    }
    const [partner] = await tx
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(and(eq(organisations.id, partnerId), eq(organisations.kind, "partner")));
    if (!partner) notFound();
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
        throw new EvaluationRuleError(
          `${partner.name} was withdrawn from this evaluation and stays in its record.`,
        );
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
  if (!isUuid(candidateId)) notFound();
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
  if (!row) notFound();
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
      throw new EvaluationRuleError("Once scoring has started a candidate is withdrawn, not removed.");
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
      throw new EvaluationRuleError(
        current.status === "draft"
          ? "In a draft, remove the candidate instead."
          : "Candidates can no longer be withdrawn from this evaluation.",
      );
    }
    if (candidate.withdrawnAt) throw new EvaluationRuleError(`${candidate.name} is already withdrawn.`);
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
  if (!isUuid(userId)) notFound();
  await getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    if (current.status === "decided" || current.status === "cancelled") {
      throw new EvaluationRuleError("Evaluators can no longer be assigned to this evaluation.");
    }
    const [member] = await tx
      .select({ role: memberships.role, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.userId, userId), eq(memberships.organisationId, actor.organisationId)));
    if (!member) notFound();
    if (member.role !== "admin" && member.role !== "evaluator") {
      throw new EvaluationRuleError(
        `${member.name} is a viewer; only admins and evaluators can be assigned.`,
      );
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
  if (!isUuid(userId)) notFound();
  await getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    if (current.status === "decided") throw new EvaluationRuleError("This evaluation is decided.");
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
    if (!row) notFound();
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
 * an admin or evaluator is demoted to viewer or removed (DESIGN.md "Assigned evaluator").
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

// ---------------------------------------------------------------------------------------------------------------
// Everything an evaluation page shows, in a fixed number of statements

export async function loadEvaluationPeople(evaluationId: string, organisationId: string) {
  const db = getDb();
  const [candidates, evaluators, declarations, submissions] = await Promise.all([
    db
      .select({
        id: evaluationCandidates.id,
        partnerId: evaluationCandidates.partnerId,
        name: organisations.name,
        addedAt: evaluationCandidates.addedAt,
        withdrawnAt: evaluationCandidates.withdrawnAt,
        withdrawnReason: evaluationCandidates.withdrawnReason,
      })
      .from(evaluationCandidates)
      .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
      .where(eq(evaluationCandidates.evaluationId, evaluationId))
      .orderBy(asc(organisations.name)),
    db
      .select({
        userId: evaluationEvaluators.userId,
        name: users.name,
        email: users.email,
        active: evaluationEvaluators.active,
        role: memberships.role,
      })
      .from(evaluationEvaluators)
      .innerJoin(users, eq(users.id, evaluationEvaluators.userId))
      .leftJoin(
        memberships,
        and(
          eq(memberships.userId, evaluationEvaluators.userId),
          eq(memberships.organisationId, organisationId),
        ),
      )
      .where(eq(evaluationEvaluators.evaluationId, evaluationId))
      .orderBy(asc(users.name)),
    // The newest declaration of each evaluator.
    db
      .selectDistinctOn([conflictDeclarations.userId])
      .from(conflictDeclarations)
      .where(eq(conflictDeclarations.evaluationId, evaluationId))
      .orderBy(
        conflictDeclarations.userId,
        desc(conflictDeclarations.declaredAt),
        desc(conflictDeclarations.id),
      ),
    db
      .select({
        candidateId: candidateSubmissions.candidateId,
        evaluatorUserId: candidateSubmissions.evaluatorUserId,
        submittedAt: candidateSubmissions.submittedAt,
      })
      .from(candidateSubmissions)
      .where(eq(candidateSubmissions.evaluationId, evaluationId)),
  ]);
  return {
    candidates,
    evaluators: evaluators.filter((e) => e.active),
    formerEvaluators: evaluators.filter((e) => !e.active),
    declarations,
    submissions,
  };
}

/** Every saved score of the evaluation (one statement). */
export async function loadScores(evaluationId: string) {
  return getDb()
    .select({
      id: scores.id,
      candidateId: scores.candidateId,
      criterionId: scores.criterionId,
      evaluatorUserId: scores.evaluatorUserId,
      value: scores.value,
      justification: scores.justification,
      citedVersionIds: scores.citedVersionIds,
      version: scores.version,
      updatedAt: scores.updatedAt,
    })
    .from(scores)
    .where(eq(scores.evaluationId, evaluationId));
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

/**
 * The organisation's evaluations a partner may still be added to (before `decided`, not cancelled) and is not
 * (and was not: a withdrawn candidate stays in the record) a candidate of, newest first: one statement.
 */
export async function listEvaluationsOpenTo(organisationId: string, partnerId: string) {
  if (!isUuid(partnerId)) return [];
  return getDb()
    .select({ id: evaluations.id, name: evaluations.name, status: evaluations.status })
    .from(evaluations)
    .where(
      and(
        eq(evaluations.organisationId, organisationId),
        inArray(evaluations.status, ["draft", "scoring", "review"]),
        sql`not exists (select 1 from ${evaluationCandidates} where ${evaluationCandidates.evaluationId} = ${EVALUATION_ID} and ${evaluationCandidates.partnerId} = ${partnerId})`,
      ),
    )
    .orderBy(desc(evaluations.updatedAt), asc(evaluations.id));
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
