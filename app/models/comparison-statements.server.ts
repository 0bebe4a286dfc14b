// The comparison's two statements: the evaluation with everything but the scores as one row of JSON, and the counted
// scores summed per candidate and criterion, gated in SQL by the blind rule. `comparison.server.ts` reads both.
import { and, eq, type SQL, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import {
  candidateSubmissions,
  conflictDeclarations,
  consensusScores,
  decisions,
  deliveryReviews,
  evaluationCandidates,
  evaluationCriteria,
  evaluationEvaluators,
  evaluationSections,
  evaluations,
  evidence,
  evidenceShares,
  evidenceVerifications,
  evidenceVersions,
  memberships,
  numericValues,
  organisations,
  scores,
  users,
} from "../../db/schema";
import type { ExportInput } from "../domain/comparison-export";
import type { ScoreInput, ScoreSummaryInput } from "../domain/scoring";
import type { Viewer } from "../utils/access.server";
import type { CriterionRow } from "./checklist-rows.server";
import type {
  ComparisonCandidate,
  ComparisonDeliveryReview,
  ComparisonEvaluator,
  ComparisonNumericValue,
} from "./comparison.server";
import { assignedTo, type EvaluationRow, reachedReviewSql } from "./evaluation.server";

/** The head of a comparison as statement 1 returns it. */
export interface Head {
  sections: { id: string; position: number; name: string; description: string; weight: number }[];
  /** Without the rubric, which the comparison does not show. */
  criteria: Omit<CriterionRow, "rubricLow" | "rubricMiddle" | "rubricHigh">[];
  candidates: (Omit<ComparisonCandidate, "withdrawnAt"> & { withdrawnAt: string | null })[];
  evaluators: ComparisonEvaluator[];
  declarations: { userId: string; conflicts: string[] }[];
  viewerSubmitted: string[];
  /** A decided evaluation's frozen record, else null. */
  frozen: ExportInput | null;
  deliveryReviews: ComparisonDeliveryReview[];
  values: ComparisonNumericValue[];
  consensus: { candidateId: string; criterionId: string; value: number }[];
  supportVerified: string[];
}

const json = <T>(query: ReturnType<typeof sql>) => sql<T>`(${query})`;

/**
 * Statement 1: the frozen checklist, candidates, active evaluators, newest declarations, the viewer's own
 * submissions, numeric values, consensus scores and the candidates whose support terms carry evidence this buyer
 * verified (current version, visible to it, not deleted, not dated: docs/product.md rule 7), as one row of JSON.
 */
export async function loadHead(
  viewer: Viewer,
  evaluationId: string,
  cutoff: string,
): Promise<(Head & { evaluation: EvaluationRow; assigned: boolean }) | undefined> {
  const [row] = await getDb()
    .select(headColumns(viewer, sql`${evaluationId}`, cutoff))
    .from(evaluations)
    .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, viewer.organisationId)));
  return row;
}

/**
 * Statement 1's columns for the evaluation whose id `id` says: a parameter (one evaluation) or the outer row's
 * `"evaluations"."id"` (several in one statement: the home page's leaders).
 */
export function headColumns(viewer: Viewer, id: SQL, cutoff: string) {
  const org = viewer.organisationId;
  // A delivery review names its evaluation only to a member who may open it (as `deliveryReviewsOf` says).
  const reviewOpens =
    viewer.role === "admin" || viewer.role === "viewer"
      ? sql`true`
      : sql`exists (select 1 from ${evaluationEvaluators} x
          where x.evaluation_id = r.evaluation_id and x.user_id = ${viewer.userId} and x.active)`;
  return {
    evaluation: evaluations,
    assigned: assignedTo(viewer),
    sections: json<Head["sections"]>(sql`select coalesce(json_agg(json_build_object(
        'id', s.id, 'position', s.position, 'name', s.name, 'description', s.description, 'weight', s.weight)
        order by s.position), '[]'::json) from ${evaluationSections} s where s.evaluation_id = ${id}`),
    criteria: json<Head["criteria"]>(sql`select coalesce(json_agg(json_build_object(
        'id', c.id, 'sectionId', c.section_id, 'position', c.position, 'name', c.name, 'question', c.question,
        'kind', c.kind, 'weight', c.weight, 'max', c.max, 'knockout', c.knockout,
        'suggestionRule', c.suggestion_rule, 'unit', c.unit, 'direction', c.direction,
        'profileField', c.profile_field) order by c.position), '[]'::json)
        from ${evaluationCriteria} c where c.evaluation_id = ${id}`),
    candidates: json<Head["candidates"]>(sql`select coalesce(json_agg(json_build_object(
        'id', c.id, 'partnerId', c.partner_id, 'name', o.name, 'withdrawnAt', c.withdrawn_at,
        'withdrawnReason', c.withdrawn_reason) order by o.name, c.id), '[]'::json)
        from ${evaluationCandidates} c join ${organisations} o on o.id = c.partner_id
        where c.evaluation_id = ${id}`),
    evaluators: json<Head["evaluators"]>(sql`select coalesce(json_agg(json_build_object(
        'userId', u.id, 'name', u.name, 'email', u.email, 'role', m.role) order by u.name, u.email), '[]'::json)
        from ${evaluationEvaluators} e join ${users} u on u.id = e.user_id
        left join ${memberships} m on m.user_id = e.user_id and m.organisation_id = ${org}
        where e.evaluation_id = ${id} and e.active`),
    declarations: json<Head["declarations"]>(sql`select coalesce(json_agg(json_build_object(
        'userId', d.user_id, 'conflicts', d.conflict_candidate_ids)), '[]'::json)
        from (select distinct on (user_id) user_id, conflict_candidate_ids from ${conflictDeclarations}
          where evaluation_id = ${id} order by user_id, declared_at desc, id desc) d`),
    viewerSubmitted: json<string[]>(sql`select coalesce(json_agg(s.candidate_id), '[]'::json)
        from ${candidateSubmissions} s where s.evaluation_id = ${id} and s.evaluator_user_id = ${viewer.userId}`),
    frozen: json<ExportInput | null>(sql`select d.record from ${decisions} d
        where d.evaluation_id = ${id} and d.organisation_id = ${org}`),
    deliveryReviews: json<ComparisonDeliveryReview[]>(sql`select coalesce(json_agg(json_build_object(
        'partnerId', r.partner_id,
        'evaluationId', case when ${reviewOpens} then r.evaluation_id end,
        'evaluationName', case when ${reviewOpens} then ev.name end,
        'milestone', r.milestone, 'quality', r.quality, 'schedule', r.schedule, 'cost', r.cost,
        'wouldEngageAgain', r.would_engage_again, 'createdAt', r.created_at) order by r.created_at desc), '[]'::json)
        from ${deliveryReviews} r join ${evaluations} ev on ev.id = r.evaluation_id
        where r.organisation_id = ${org}
          and r.partner_id in (select partner_id from ${evaluationCandidates} where evaluation_id = ${id})`),
    values: json<Head["values"]>(sql`select coalesce(json_agg(json_build_object(
        'candidateId', n.candidate_id, 'criterionId', n.criterion_id, 'value', n.value,
        'profileField', n.profile_field)), '[]'::json) from ${numericValues} n where n.evaluation_id = ${id}`),
    consensus: json<Head["consensus"]>(sql`select coalesce(json_agg(json_build_object(
        'candidateId', c.candidate_id, 'criterionId', c.criterion_id, 'value', c.value)), '[]'::json)
        from ${consensusScores} c where c.evaluation_id = ${id}`),
    supportVerified: json<string[]>(sql`select coalesce(json_agg(distinct e.organisation_id), '[]'::json)
        from ${evidence} e
        join ${evidenceVerifications} v on v.version_id = e.current_version_id
          and v.buyer_organisation_id = ${org} and v.status = 'verified'
        where e.organisation_id in (select partner_id from ${evaluationCandidates} where evaluation_id = ${id})
          and e.claim_kind = 'support' and e.deleted_at is null
          and (e.effective_to is null or e.effective_to >= ${cutoff})
          and (e.visibility = 'all_buyers' or exists (select 1 from ${evidenceShares} sh
            where sh.evidence_id = e.id and sh.buyer_organisation_id = ${org}))`),
  };
}

/** What statement 2 read: the counted scores' summaries, and one candidate's counted scores when asked for. */
export interface ScoreRows {
  summaries: ScoreSummaryInput[];
  /** The counted individual scores of `Options.scoresOf`, when given; its summaries are then left out above. */
  individual: ScoreInput[];
}

/**
 * Whether the viewer may read the evaluation's live scores, in SQL: the blind rule (`seesComparison`) and the
 * evaluation not decided (a decided one is read from its frozen record). Statement 2 reads nothing unless it holds,
 * so a refused viewer's request costs no aggregate. NOTE: a second statement of the rule `accessTo` and `blindView`
 * apply in JavaScript to statement 1's row; `readComparison` treats any disagreement between the two as a bug.
 */
export function readsScores(viewer: Viewer) {
  const id = sql`${evaluations.id}`;
  const status = sql`${evaluations.status}`;
  const notDecided = sql`not exists (select 1 from ${decisions} d
    where d.evaluation_id = ${id} and d.organisation_id = ${viewer.organisationId})`;
  if (viewer.role === "admin") return notDecided;
  if (viewer.role === "viewer") return sql`${notDecided} and ${reachedReviewSql}`;
  if (viewer.role !== "evaluator") return sql`false`;
  // `blindView` for an evaluator: no declaration while one may be made, nothing; out of `scoring`, from review on;
  // in `scoring`, once every candidate it may score (active, not conflicted by its newest declaration) is submitted.
  const newest = sql`(select d.conflict_candidate_ids from ${conflictDeclarations} d
    where d.evaluation_id = ${id} and d.user_id = ${viewer.userId}
    order by d.declared_at desc, d.id desc limit 1)`;
  const declared = sql`exists (select 1 from ${conflictDeclarations} d
    where d.evaluation_id = ${id} and d.user_id = ${viewer.userId})`;
  const scorable = sql`select c.id from ${evaluationCandidates} c
    where c.evaluation_id = ${id} and c.withdrawn_at is null and c.id <> all(coalesce(${newest}, '{}'::uuid[]))`;
  return sql`${notDecided}
    and exists (select 1 from ${evaluationEvaluators} x
      where x.evaluation_id = ${id} and x.user_id = ${viewer.userId} and x.active)
    and (${declared} or ${status} not in ('draft', 'scoring', 'review'))
    and (${status} = 'scoring' or ${reachedReviewSql})
    and (${status} <> 'scoring' or not exists (select 1 from (${scorable}) c
      where not exists (select 1 from ${candidateSubmissions} sub
        where sub.evaluation_id = ${id} and sub.evaluator_user_id = ${viewer.userId} and sub.candidate_id = c.id)))`;
}

/**
 * Statement 2: the counted scores (active assigned evaluators, not conflicted with the candidate by their newest
 * declaration) per candidate and criterion: how many, their sum, lowest and highest, and whether one cites an
 * evidence version this buyer verified whose period is not dated (docs/product.md rule 7); with `scoresOf`, also that
 * candidate's counted scores one by one (a derivation then names each evaluator's score). One row of JSON, only when
 * `readsScores` holds (undefined otherwise): the cells as column arrays (index of the candidate, of the criterion,
 * count, sum, min, max, cites), the candidates and criteria named by index into two id lists. NOTE: for thousands of
 * groups, the driver's row mapping and then 70 bytes of ids per cell cost more than the database's aggregate, and
 * one JSON array per column less than one per cell; the counted (evaluator, candidate) pairs as one hashed IN cost
 * less than the active evaluators and the conflicts filtered apart.
 */
export function scoreRowsStatement(
  viewer: Viewer,
  evaluationId: string,
  cutoff: string,
  scoresOf: string | undefined,
  gated = true,
) {
  const org = viewer.organisationId;
  return getDb()
    .select({ rows: scoreRowsColumn(viewer, sql`${evaluationId}`, cutoff, scoresOf) })
    .from(evaluations)
    .where(
      and(
        eq(evaluations.id, evaluationId),
        eq(evaluations.organisationId, org),
        gated ? readsScores(viewer) : undefined,
      ),
    );
}

/** Statement 2's one column, for the evaluation whose id `id` says (as `headColumns`). */
export function scoreRowsColumn(viewer: Viewer, id: SQL, cutoff: string, scoresOf: string | undefined) {
  const org = viewer.organisationId;
  const individual = scoresOf
    ? sql`(select json_agg(json_build_array(b.i, s.evaluator_user_id, s.value,
          coalesce(s.cited_version_ids && (select ids from verified), false)))
        from ${scores} s join b on b.id = s.criterion_id
        where s.evaluation_id = ${id} and s.organisation_id = ${org} and s.candidate_id = ${scoresOf}
          and (s.evaluator_user_id, s.candidate_id) in (select user_id, candidate_id from counted))`
    : sql`null`;
  return sql<ScoreRowsJson>`(
        with verified as materialized (select array(
          select v.version_id from ${evidenceVerifications} v
          join ${evidenceVersions} ev on ev.id = v.version_id
          join ${evidence} e on e.id = ev.evidence_id
          where v.buyer_organisation_id = ${org} and v.status = 'verified'
            and (e.effective_to is null or e.effective_to >= ${cutoff})) as ids),
        counted as (
          select x.user_id, c.id as candidate_id from ${evaluationEvaluators} x
          join ${evaluationCandidates} c on c.evaluation_id = x.evaluation_id
          where x.evaluation_id = ${id} and x.active
            and (x.user_id, c.id) not in (
              select d.user_id, unnest(d.conflict_candidate_ids)
              from (select distinct on (user_id) user_id, conflict_candidate_ids from ${conflictDeclarations}
                where evaluation_id = ${id} order by user_id, declared_at desc, id desc) d)),
        t as (
          select s.candidate_id, s.criterion_id, count(*)::int as n, sum(s.value)::int as total,
            min(s.value) as lo, max(s.value) as hi,
            coalesce(bool_or(s.cited_version_ids && (select ids from verified))
              filter (where cardinality(s.cited_version_ids) > 0), false) as cites
          from ${scores} s
          where s.evaluation_id = ${id} and s.organisation_id = ${org}
            and (s.evaluator_user_id, s.candidate_id) in (select user_id, candidate_id from counted)
          group by s.candidate_id, s.criterion_id),
        a as (select id, (row_number() over (order by id))::int - 1 as i from ${evaluationCandidates}
          where evaluation_id = ${id}),
        b as (select id, (row_number() over (order by id))::int - 1 as i from ${evaluationCriteria}
          where evaluation_id = ${id})
        select json_build_object(
          'candidates', (select json_agg(id order by i) from a),
          'criteria', (select json_agg(id order by i) from b),
          'cells', (select json_build_array(json_agg(a.i), json_agg(b.i), json_agg(t.n), json_agg(t.total),
              json_agg(t.lo), json_agg(t.hi), json_agg(t.cites))
            from t join a on a.id = t.candidate_id join b on b.id = t.criterion_id),
          'individual', ${individual}))`;
}

/** Statement 2's column as the driver returns it. */
export interface ScoreRowsJson {
  candidates: string[] | null;
  criteria: string[] | null;
  cells: [number[], number[], number[], number[], number[], number[], boolean[]] | null;
  individual: [number, string, number, boolean][] | null;
}

export async function loadScoreRows(
  viewer: Viewer,
  evaluationId: string,
  cutoff: string,
  scoresOf: string | undefined,
  gated = true,
): Promise<ScoreRows | undefined> {
  const [row] = await scoreRowsStatement(viewer, evaluationId, cutoff, scoresOf, gated);
  return row ? scoreRowsFrom(row.rows, scoresOf) : undefined;
}

/** Statement 2's column unpacked into the engine's summaries (and `scoresOf`'s individual scores). */
export function scoreRowsFrom(json: ScoreRowsJson, scoresOf: string | undefined): ScoreRows {
  const { candidates, criteria, cells, individual: own } = json;
  const summaries: ScoreSummaryInput[] = [];
  if (candidates && criteria && cells?.[0]) {
    const [ci, ki, n, total, lo, hi, cites] = cells;
    for (let x = 0; x < ci.length; x++) {
      const candidateId = candidates[ci[x]];
      if (candidateId === scoresOf) continue;
      summaries.push({
        candidateId,
        criterionId: criteria[ki[x]],
        count: n[x],
        sum: total[x],
        min: lo[x],
        max: hi[x],
        citesVerifiedEvidence: cites[x],
      });
    }
  }
  const individualScores: ScoreInput[] =
    scoresOf && criteria && own
      ? own.map(([criterion, evaluatorId, value, cites]) => ({
          candidateId: scoresOf,
          criterionId: criteria[criterion],
          evaluatorId,
          value,
          citesVerifiedEvidence: cites,
        }))
      : [];
  return { summaries, individual: individualScores };
}
