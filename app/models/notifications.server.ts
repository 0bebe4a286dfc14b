// In-app notifications (issues 7 and 8): what waits for a buyer's admin or evaluator, and the evidence requests
// waiting for a partner's answer. Derived on every read from the evaluations and requests themselves, so nothing is
// stored and nothing goes stale.
import { and, asc, eq, isNotNull, notInArray, or, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { evaluationCriteria, evaluations, evidenceRequests, organisations } from "../../db/schema";
import { dayIn } from "../domain/calendar";
import { DEADLINE_WARNING_DAYS } from "../domain/evaluation";
import type { Viewer } from "../utils/access.server";
import {
  addDays,
  daysBetween,
  dueLabel,
  evaluationLine,
  requestLines,
  type WaitingRow,
} from "./waiting-lines.server";

export type WaitingKind =
  | "declaration"
  | "scoring"
  | "deadline"
  /** Buyer: evidence requests of an evaluation answered and not yet closed. */
  | "requests_answered"
  /** Buyer: evidence requests of an evaluation past their due date without an answer. */
  | "requests_overdue"
  /** Partner: one evidence request waiting for its answer. */
  | "request";

export interface WaitingItem {
  /** Unique among the items: a list key. */
  key: string;
  /** The buyer's evaluation; null on a partner's items (a partner never learns about the evaluation). */
  evaluationId: string | null;
  evaluationName: string | null;
  kind: WaitingKind;
  /** One sentence, ready to show. */
  text: string;
  to: string;
  /**
   * Set when the deadline falls within DEADLINE_WARNING_DAYS days: "today", "tomorrow", "in 3 days"; on a request,
   * its due day (negative days when past: "yesterday", "4 days ago").
   */
  due: { days: number; label: string } | null;
  /** A request's due day has passed without an answer. */
  overdue: boolean;
}

/**
 * What waits for a buyer's admin or evaluator, soonest deadline first, at most one line per evaluation:
 * - an evaluation in `scoring` it is actively assigned to, where it must declare conflicts first (the link goes to
 *   the declaration) or still has candidates to score and submit;
 * - an evaluation whose deadline falls within DEADLINE_WARNING_DAYS days in the organisation's time zone (today
 *   included) and that is neither decided nor cancelled: those it is assigned to, every one for an admin.
 * - evidence requests of an evaluation neither decided nor cancelled, answered and not yet closed, or open past their
 *   due day (in the organisation's time zone): those the person asked (while assigned), every one for an admin; one
 *   line per evaluation and kind, after the evaluation lines.
 * Partners get the requests waiting for their answer (`partnerWaiting`). Viewers get nothing, without a query.
 * One statement.
 */
export async function waitingFor(viewer: Viewer, now = new Date()): Promise<WaitingItem[]> {
  if (viewer.orgKind === "partner") return partnerWaiting(viewer.organisationId, now);
  if (viewer.role !== "admin" && viewer.role !== "evaluator") return [];
  const today = dayIn(viewer.orgTimeZone, now);
  const rows = await buyerWaitingRows(viewer, today);
  const items: WaitingItem[] = [];
  const requestItems: WaitingItem[] = [];
  for (const row of rows) {
    requestItems.push(...requestLines(row, today));
    const line = evaluationLine(row, today);
    if (line) items.push(line);
  }
  return [...items, ...requestItems];
}

/** The evaluations with something waiting for a buyer's admin or evaluator, with what the lines need. */
async function buyerWaitingRows(viewer: Viewer, today: string): Promise<WaitingRow[]> {
  const lastWarned = addDays(today, DEADLINE_WARNING_DAYS);
  // NOTE: drizzle drops the table from column names in a one-table select list, so the correlated subqueries
  // there are written with qualified names by hand.
  const assigned = sql<boolean>`exists (select 1 from evaluation_evaluators ee
    where ee.evaluation_id = "evaluations"."id" and ee.user_id = ${viewer.userId} and ee.active)`;
  const dueSoon = and(
    isNotNull(evaluations.deadlineOn),
    sql`${evaluations.deadlineOn} between ${today} and ${lastWarned}`,
    notInArray(evaluations.status, ["decided", "cancelled"]),
  );
  // Requests that wait for this person: answered, or open and overdue; the asker's own (admins: all of them).
  const requestFilter = sql`r.organisation_id = ${viewer.organisationId}
    and (r.status = 'answered' or (r.status = 'open' and r.due_on < ${today}))
    ${viewer.role === "admin" ? sql`` : sql`and r.created_by_user_id = ${viewer.userId}`}`;
  const requestsWaiting = and(
    notInArray(evaluations.status, ["decided", "cancelled"]),
    sql`exists (select 1 from evidence_requests r where r.evaluation_id = "evaluations"."id" and ${requestFilter})`,
    viewer.role === "admin" ? undefined : assigned,
  );
  return getDb()
    .select({
      id: evaluations.id,
      name: evaluations.name,
      status: evaluations.status,
      deadlineOn: evaluations.deadlineOn,
      assigned,
      // Only what the scoring line needs: the active candidates, the viewer's newest declaration, its submissions.
      detail: sql<unknown>`json_build_object(
        'candidates', coalesce((select json_agg(json_build_object('id', c.id, 'name', o.name) order by o.name, c.id)
          from evaluation_candidates c inner join organisations o on o.id = c.partner_id
          where c.evaluation_id = "evaluations"."id" and c.withdrawn_at is null), '[]'::json),
        'declaration', (select json_build_object('covered', d.covered_candidate_ids, 'conflicts', d.conflict_candidate_ids)
          from conflict_declarations d
          where d.evaluation_id = "evaluations"."id" and d.user_id = ${viewer.userId}
          order by d.declared_at desc, d.id desc limit 1),
        'submitted', to_json(array(select s.candidate_id from candidate_submissions s
          where s.evaluation_id = "evaluations"."id" and s.evaluator_user_id = ${viewer.userId})))`,
      requests: sql<unknown>`case when ${requestsWaiting} then coalesce((select json_agg(json_build_object(
          'id', r.id, 'candidateId', r.candidate_id, 'partner', o.name, 'criterion', c.name, 'status', r.status,
          'dueOn', r.due_on) order by r.due_on, o.name, r.id)
        from evidence_requests r inner join organisations o on o.id = r.partner_id
          inner join evaluation_criteria c on c.id = r.criterion_id
        where r.evaluation_id = "evaluations"."id" and ${requestFilter}), '[]'::json) else '[]'::json end`,
    })
    .from(evaluations)
    .where(
      and(
        eq(evaluations.organisationId, viewer.organisationId),
        or(
          and(eq(evaluations.status, "scoring"), assigned),
          viewer.role === "admin" ? dueSoon : and(dueSoon, assigned),
          requestsWaiting,
        ),
      ),
    )
    .orderBy(sql`${evaluations.deadlineOn} asc nulls last`, asc(evaluations.name), asc(evaluations.id));
}

/**
 * The evidence requests waiting for a partner's answer: open, of an evaluation neither decided nor cancelled, one
 * line each, soonest due first; the due day counts in the asking buyer's time zone. Only the buyer's name and the
 * criterion are told, never the evaluation. One statement.
 */
async function partnerWaiting(partnerId: string, now: Date): Promise<WaitingItem[]> {
  const rows = await getDb()
    .select({
      id: evidenceRequests.id,
      buyer: organisations.name,
      timeZone: organisations.timeZone,
      criterion: evaluationCriteria.name,
      dueOn: evidenceRequests.dueOn,
    })
    .from(evidenceRequests)
    .innerJoin(organisations, eq(organisations.id, evidenceRequests.organisationId))
    .innerJoin(evaluationCriteria, eq(evaluationCriteria.id, evidenceRequests.criterionId))
    .innerJoin(evaluations, eq(evaluations.id, evidenceRequests.evaluationId))
    .where(
      and(
        eq(evidenceRequests.partnerId, partnerId),
        eq(evidenceRequests.status, "open"),
        notInArray(evaluations.status, ["decided", "cancelled"]),
      ),
    )
    .orderBy(asc(evidenceRequests.dueOn), asc(organisations.name), asc(evidenceRequests.id));
  return rows.map((r) => {
    const days = daysBetween(dayIn(r.timeZone, now), r.dueOn);
    return {
      key: `request-${r.id}`,
      evaluationId: null,
      evaluationName: null,
      kind: "request" as const,
      text: `${r.buyer} asks for evidence on “${r.criterion}”`,
      to: `/requests/${r.id}`,
      due: { days, label: dueLabel(days) },
      overdue: days < 0,
    };
  });
}

/**
 * How many things wait for the viewer, for the shell's counter: the same single statement as `waitingFor`, so that
 * the counter and the home page's list never disagree.
 */
export async function waitingCount(viewer: Viewer, now = new Date()): Promise<number> {
  return (await waitingFor(viewer, now)).length;
}
