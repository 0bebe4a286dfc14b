// A buyer's evaluations as the home page reads them: each with its active candidates, the number of counted criteria
// and its assigned evaluators' work (newest declaration, counted scores per candidate, submissions). One statement.
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { evaluations } from "../../../db/schema";
import type { EvaluationFacts, EvaluatorWork } from "../../domain/home";
import type { Viewer } from "../../utils/access.server";

interface EvaluatorRowWork extends EvaluatorWork {
  userId: string;
  name: string;
}

export interface HomeEvaluationRow extends EvaluationFacts {
  deadlineOn: string | null;
  updatedAt: Date;
  evaluators: EvaluatorRowWork[];
}

interface Detail {
  candidates: { id: string; name: string }[];
  required: number;
  evaluators: {
    userId: string;
    name: string;
    declaration: { covered: string[]; conflicts: string[] } | null;
    scored: Record<string, number>;
    submitted: string[];
  }[];
}

const parseJson = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

/**
 * `open`: every evaluation of the organisation in draft, scoring or review, with every active evaluator's work (a
 * buyer admin's home). `assigned`: every evaluation the viewer is an active assigned evaluator of, whatever its
 * status, with its own work only (an evaluator's home: never another evaluator's progress). Soonest deadline first.
 * NOTE: a counted criterion is rated and positively weighted in a positively weighted section, as `submitCandidate`
 * counts them; the correlated subqueries name the outer row by hand (drizzle leaves a one-table select's columns
 * unqualified).
 */
export async function homeEvaluationRows(
  viewer: Viewer,
  scope: "open" | "assigned",
): Promise<HomeEvaluationRow[]> {
  const counted = sql`k.kind = 'rated' and k.weight > 0 and sec.weight > 0`;
  const onlyMe = scope === "assigned" ? sql`and x.user_id = ${viewer.userId}` : sql``;
  const rows = await getDb()
    .select({
      id: evaluations.id,
      name: evaluations.name,
      status: evaluations.status,
      deadlineOn: evaluations.deadlineOn,
      reachedReviewAt: evaluations.reachedReviewAt,
      updatedAt: evaluations.updatedAt,
      detail: sql<unknown>`json_build_object(
        'candidates', coalesce((select json_agg(json_build_object('id', c.id, 'name', o.name) order by o.name, c.id)
          from evaluation_candidates c inner join organisations o on o.id = c.partner_id
          where c.evaluation_id = "evaluations"."id" and c.withdrawn_at is null), '[]'::json),
        'required', (select count(*) from evaluation_criteria k
          inner join evaluation_sections sec on sec.id = k.section_id
          where k.evaluation_id = "evaluations"."id" and ${counted}),
        'evaluators', coalesce((select json_agg(json_build_object(
            'userId', u.id,
            'name', u.name,
            'declaration', (select json_build_object('covered', d.covered_candidate_ids,
                'conflicts', d.conflict_candidate_ids)
              from conflict_declarations d where d.evaluation_id = x.evaluation_id and d.user_id = x.user_id
              order by d.declared_at desc, d.id desc limit 1),
            'scored', (select coalesce(json_object_agg(t.candidate_id, t.n), '{}'::json)
              from (select s.candidate_id, count(*) as n from scores s
                inner join evaluation_criteria k on k.id = s.criterion_id
                inner join evaluation_sections sec on sec.id = k.section_id
                where s.evaluation_id = x.evaluation_id and s.evaluator_user_id = x.user_id and ${counted}
                group by s.candidate_id) t),
            'submitted', to_json(array(select sub.candidate_id from candidate_submissions sub
              where sub.evaluation_id = x.evaluation_id and sub.evaluator_user_id = x.user_id)))
            order by u.name, u.email)
          from evaluation_evaluators x inner join users u on u.id = x.user_id
          where x.evaluation_id = "evaluations"."id" and x.active ${onlyMe}), '[]'::json))`,
    })
    .from(evaluations)
    .where(
      and(
        eq(evaluations.organisationId, viewer.organisationId),
        scope === "open"
          ? inArray(evaluations.status, ["draft", "scoring", "review"])
          : sql`exists (select 1 from evaluation_evaluators ee where ee.evaluation_id = ${evaluations.id}
              and ee.user_id = ${viewer.userId} and ee.active)`,
      ),
    )
    .orderBy(sql`${evaluations.deadlineOn} asc nulls last`, evaluations.name, evaluations.id);
  return rows.map(({ detail, ...row }) => {
    const d = parseJson<Detail>(detail);
    return {
      ...row,
      candidates: d.candidates,
      required: Number(d.required),
      evaluators: d.evaluators.map((e) => ({
        userId: e.userId,
        name: e.name,
        declaration: e.declaration
          ? { coveredCandidateIds: e.declaration.covered, conflictCandidateIds: e.declaration.conflicts }
          : undefined,
        scored: Object.fromEntries(Object.entries(e.scored).map(([k, n]) => [k, Number(n)])),
        submitted: e.submitted,
      })),
    };
  });
}
