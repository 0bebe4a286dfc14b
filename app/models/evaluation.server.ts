// Evaluations: who may see one, its frozen checklist, and what its pages read (docs/product.md "Evaluation", "Assigned
// evaluator", "Access rules"). Its changes live beside it: evaluation-setup.server.ts (creating, details, status,
// cloning), evaluation-checklist.server.ts (the frozen checklist), evaluation-participants.server.ts (candidates and
// evaluators); scores, declarations and submissions in scores.server.ts and its neighbours.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
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
import { reachedReview } from "../domain/evaluation";
import type { SizeBand, UseCase } from "../domain/profile";
import type { Viewer } from "../utils/access.server";
import { NotFound, RuleRefused, StaleVersion } from "../utils/errors.server";
import { checklistFromRows } from "./checklist-rows.server";
import { isUuid } from "./member.server";

/**
 * A rule of the evaluation's life refused the change (wrong status, missing candidates...): `RuleRefused`, under the
 * name the modules that refuse with it still use.
 */
export const EvaluationRuleError = RuleRefused;
export type EvaluationRuleError = RuleRefused;

/** The evaluation changed since the form was rendered (with its details as they are now, when they matter). */
export class EvaluationConflict extends StaleVersion<EvaluationDetails | undefined> {
  constructor(
    current?: EvaluationDetails,
    message = "This evaluation changed since you opened it. Look at it again: nothing was changed by your request.",
  ) {
    super(current, message);
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
  if (viewer.orgKind !== "buyer" || !isUuid(evaluationId)) throw new NotFound();
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
    throw new NotFound();
  const isAdmin = viewer.role === "admin";
  const assigned = Boolean(row.assigned);
  if (isAdmin) return { evaluation: row.evaluation, assigned, isAdmin };
  if (viewer.role === "evaluator" && assigned) return { evaluation: row.evaluation, assigned, isAdmin };
  if (viewer.role === "viewer" && reachedReview(row.evaluation)) {
    return { evaluation: row.evaluation, assigned: false, isAdmin };
  }
  throw new NotFound();
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

export interface EvaluationDetails {
  name: string;
  industry: string | null;
  sizeBand: SizeBand | null;
  useCases: UseCase[];
  requiredSpecializations: string[];
  deadlineOn: string | null;
  minimumTotal: number | null;
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
