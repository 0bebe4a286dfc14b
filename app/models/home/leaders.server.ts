// The leaders of several evaluations at once, for the home page: the comparison's two statements run over every
// evaluation asked for (each one's columns correlated with its row), then the comparison's own code and the engine.
// Two statements whatever the number of evaluations, candidates, criteria or scores.
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { evaluations } from "../../../db/schema";
import { type Leader, leaderOf } from "../../domain/home";
import { todayUtc } from "../../domain/profile";
import type { Viewer } from "../../utils/access.server";
import { NotFound } from "../../utils/errors.server";
import { buildComparison, frozenComparison, seesComparison } from "../comparison.server";
import { headColumns, readsScores, scoreRowsColumn, scoreRowsFrom } from "../comparison-statements.server";
import { accessTo } from "../evaluation.server";
import { datedCutoff } from "../evidence/visibility.server";

// NOTE: spelled out by hand: in a one-table select drizzle leaves the columns of a select list unqualified, and the
// comparison's subqueries must name the outer row's id.
const OUTER_ID = sql`"evaluations"."id"`;

/**
 * The leader of each evaluation the viewer may see the comparison of (the blind rule, in SQL and again in
 * JavaScript, as the comparison applies it), by evaluation id; evaluations it may not see are left out, and so are
 * those without a qualified candidate with a total. Nothing is read for an empty list.
 */
export async function leadersOf(
  viewer: Viewer,
  evaluationIds: readonly string[],
  today = todayUtc(),
): Promise<Map<string, Leader>> {
  const leaders = new Map<string, Leader>();
  if (evaluationIds.length === 0 || viewer.orgKind !== "buyer") return leaders;
  const cutoff = datedCutoff(today);
  const these = and(
    inArray(evaluations.id, [...evaluationIds]),
    eq(evaluations.organisationId, viewer.organisationId),
  );
  const [heads, rows] = await Promise.all([
    getDb()
      .select(headColumns(viewer, OUTER_ID, cutoff))
      .from(evaluations)
      .where(these),
    getDb()
      .select({ id: evaluations.id, rows: scoreRowsColumn(viewer, OUTER_ID, cutoff, undefined) })
      .from(evaluations)
      .where(and(these, readsScores(viewer))),
  ]);
  const scoresOf = new Map(rows.map((r) => [r.id, r.rows]));
  for (const head of heads) {
    let access: ReturnType<typeof accessTo>;
    try {
      access = accessTo(viewer, head);
    } catch (error) {
      // The one rule of who sees an evaluation refuses this one: it is left out, as the page would be a 404.
      if (error instanceof NotFound) continue;
      throw error;
    }
    if (!seesComparison(viewer, access.evaluation, head)) continue;
    const json = scoresOf.get(access.evaluation.id);
    const comparison = head.frozen
      ? frozenComparison(access.evaluation, head.frozen)
      : json
        ? buildComparison(access, head, scoreRowsFrom(json, undefined), { derivations: false })
        : undefined;
    const leader = comparison ? leaderOf(comparison.results) : undefined;
    if (leader) leaders.set(access.evaluation.id, leader);
  }
  return leaders;
}
