// The comparison of an evaluation's shortlist (docs/product.md "Scoring method", transparency, sensitivity, "Qualities:
// Speed"): everything the engine needs in two statements whatever the size, the scores summed per candidate and
// criterion in SQL (the per-evaluator scores and justifications load on demand, per criterion). Access to the
// evaluation was decided by `evaluationFor`; who may see the comparison is decided here, by the blind rule.
import { type Checklist, toScoringSections } from "../domain/checklist";
import { type ExportInput, resultsOf } from "../domain/comparison-export";
import { blindView, candidatesToScore, resultsOpenWhen } from "../domain/evaluation";
import { todayUtc } from "../domain/profile";
import { computeResults, type ScoringResults, type SectionInput } from "../domain/scoring";
import type { Viewer } from "../utils/access.server";
import { Forbidden, NotFound } from "../utils/errors.server";
import { checklistFromRows } from "./checklist-rows.server";
import { type Head, loadHead, loadScoreRows, type ScoreRows } from "./comparison-statements.server";
import { accessTo, type EvaluationAccess, type EvaluationRow } from "./evaluation.server";
import { datedCutoff } from "./evidence/visibility.server";
import { isUuid } from "./member.server";

export interface ComparisonCandidate {
  id: string;
  partnerId: string;
  name: string;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
}

export interface ComparisonEvaluator {
  userId: string;
  name: string;
  email: string;
  role: string | null;
}

export interface ComparisonNumericValue {
  candidateId: string;
  criterionId: string;
  value: number;
  profileField: string | null;
}

export interface Comparison {
  evaluation: EvaluationRow;
  checklist: Checklist;
  /** The checklist as the engine reads it. */
  sections: SectionInput[];
  candidates: ComparisonCandidate[];
  /** Active assigned evaluators, by name. */
  evaluators: ComparisonEvaluator[];
  /** The conflicts of each evaluator's newest declaration. */
  conflicts: Map<string, string[]>;
  values: ComparisonNumericValue[];
  /** Computed with the weight-0 sections apart, so that the what-if can raise them. */
  results: ScoringResults;
  /** A decided evaluation's frozen record: every figure above comes from it, none from the live rows. */
  frozen: ExportInput | null;
  /** This buyer's delivery reviews of the candidates' partners, from any of its evaluations (live, even if frozen). */
  deliveryReviews: ComparisonDeliveryReview[];
}

export interface ComparisonDeliveryReview {
  partnerId: string;
  /** The review's evaluation, only for a member who may open it (as `deliveryReviewsOf`); null otherwise. */
  evaluationId: string | null;
  evaluationName: string | null;
  milestone: string;
  quality: number;
  schedule: number;
  cost: number;
  wouldEngageAgain: boolean;
  createdAt: string;
}

export const cellKey = (candidateId: string, criterionId: string) => `${candidateId} ${criterionId}`;

/** Whether this viewer may see the comparison: the blind rule of docs/product.md, through `blindView`. */
export function seesComparison(viewer: Viewer, evaluation: EvaluationRow, head: Head): boolean {
  const own = head.declarations.find((d) => d.userId === viewer.userId);
  return blindView({
    role: viewer.role === "admin" || viewer.role === "evaluator" ? viewer.role : "viewer",
    evaluation,
    declaration: own ? { conflictCandidateIds: own.conflicts } : undefined,
    activeCandidateIds: head.candidates.filter((c) => c.withdrawnAt === null).map((c) => c.id),
    submitted: new Set(head.viewerSubmitted),
  }).seesResults;
}

/**
 * The refusal of a comparison the blind rule keeps closed: a 403 that says when it opens for an assigned evaluator
 * (who knows the evaluation), a 404 for anyone else (docs/product.md "Access rules").
 */
function closedComparison(
  viewer: Viewer,
  evaluation: EvaluationRow,
  head: Head & { assigned: boolean },
): NotFound | Forbidden {
  if (!head.assigned || viewer.role !== "evaluator") return new NotFound();
  const own = head.declarations.find((d) => d.userId === viewer.userId);
  const active = head.candidates.filter((c) => c.withdrawnAt === null).map((c) => c.id);
  const toScore = candidatesToScore(own ? { conflictCandidateIds: own.conflicts } : undefined, active);
  const submitted = new Set(head.viewerSubmitted);
  return new Forbidden(
    resultsOpenWhen({
      evaluation,
      declared: own !== undefined,
      toScore: toScore.length,
      submitted: toScore.filter((id) => submitted.has(id)).length,
    }),
    {
      title: "The comparison is not open to you yet",
      back: { href: `/evaluations/${evaluation.id}`, label: "Back to the evaluation" },
    },
  );
}

export interface ComparisonOptions {
  today?: string;
  /**
   * A candidate whose figures the engine computes from its individual scores (the others' from summaries), so that
   * its derivations name each evaluator's score: the derivation pages. Not a candidate of the evaluation: a 404.
   */
  scoresOf?: string;
  /**
   * `false`: the figures without the derivations' lists (`computeResults`' option): for a page that shows every
   * figure and fetches a candidate's derivations on demand (the comparison, a row by evaluator). Default `true`.
   */
  derivations?: boolean;
}

/**
 * Statements 1 and 2 side by side, and the rule of who sees the comparison applied to statement 1's row (with the
 * viewer's organisation id in the query): a 404 when refused, and then statement 2 read nothing. Statement 2 holds
 * the same rule in SQL; were the evaluation to change between the two (a decision recorded, a status moved), they
 * are read once more; a second disagreement is a bug, logged, and the JavaScript rule decides (never figures
 * without scores).
 */
async function readComparison(
  viewer: Viewer,
  evaluationId: string,
  options: ComparisonOptions,
  check: (head: (Head & { evaluation: EvaluationRow; assigned: boolean }) | undefined) => EvaluationAccess,
): Promise<Comparison> {
  const { scoresOf } = options;
  if (scoresOf !== undefined && !isUuid(scoresOf)) throw new NotFound();
  const cutoff = datedCutoff(options.today ?? todayUtc());
  for (let attempt = 1; ; attempt++) {
    const [head, rows] = await Promise.all([
      loadHead(viewer, evaluationId, cutoff),
      loadScoreRows(viewer, evaluationId, cutoff, scoresOf),
    ]);
    const access = check(head);
    if (!head) throw new NotFound();
    if (!seesComparison(viewer, access.evaluation, head))
      throw closedComparison(viewer, access.evaluation, head);
    if (head.frozen) {
      return { ...frozenComparison(access.evaluation, head.frozen), deliveryReviews: head.deliveryReviews };
    }
    if (rows) return buildComparison(access, head, rows, options);
    if (attempt === 2) {
      // The two statements of the rule disagree twice: the one in JavaScript (`blindView`, the rule every other
      // page applies) decides; the scores are read without the SQL gate and the disagreement logged to be fixed.
      console.error(
        `comparison: statement 2 refused the scores of evaluation ${evaluationId} to a viewer the blind rule admits`,
      );
      const ungated = await loadScoreRows(viewer, evaluationId, cutoff, scoresOf, false);
      if (!ungated) throw new NotFound();
      return buildComparison(access, head, ungated, options);
    }
  }
}

/**
 * The comparison of an evaluation for a viewer who may see it, else a 404 (docs/product.md: admins; evaluators once they
 * submitted every candidate they may score; viewers from `review`, which `evaluationFor` already decided). Two
 * statements of its own, whatever the number of candidates, criteria, evaluators and scores.
 */
export async function loadComparison(
  viewer: Viewer,
  access: EvaluationAccess,
  options: ComparisonOptions = {},
): Promise<Comparison> {
  return readComparison(viewer, access.evaluation.id, options, (head) => {
    if (!head) throw new NotFound();
    return { ...access, evaluation: head.evaluation };
  });
}

/**
 * `evaluationFor` and `loadComparison` in one, for the pages: the comparison's first statement reads the evaluation
 * (with the viewer's organisation id in the query) and `accessTo` applies `evaluationFor`'s rule to it, so the
 * access check costs no statement of its own. Two statements in all.
 */
export async function comparisonFor(
  viewer: Viewer,
  evaluationId: string | undefined,
  options: ComparisonOptions = {},
): Promise<Comparison> {
  if (viewer.orgKind !== "buyer" || !isUuid(evaluationId)) throw new NotFound();
  // The one rule of who sees an evaluation, applied to the row the head read.
  return readComparison(viewer, evaluationId, options, (head) => accessTo(viewer, head));
}

export function buildComparison(
  access: EvaluationAccess,
  head: Head,
  rows: ScoreRows,
  options: ComparisonOptions,
): Comparison {
  const { evaluation } = access;

  const checklist = checklistFromRows(
    { name: evaluation.name, description: "" },
    head.sections,
    head.criteria.map((c) => ({ ...c, rubricLow: "", rubricMiddle: "", rubricHigh: "" })),
  );
  const sections = toScoringSections(checklist);
  const candidates = head.candidates.map((c) => ({
    ...c,
    withdrawnAt: c.withdrawnAt === null ? null : new Date(c.withdrawnAt),
  }));
  const conflicts = new Map(head.declarations.map((d) => [d.userId, d.conflicts]));
  const verifiedSupport = new Set(head.supportVerified);
  const partnerOf = new Map(candidates.map((c) => [c.id, c.partnerId]));
  const valuesOf = new Map<string, Record<string, number>>();
  const verifiedOf = new Map<string, Record<string, boolean>>();
  for (const v of head.values) {
    const own = valuesOf.get(v.candidateId) ?? {};
    own[v.criterionId] = Number(v.value);
    valuesOf.set(v.candidateId, own);
    if (v.profileField !== null && verifiedSupport.has(partnerOf.get(v.candidateId) ?? "")) {
      const verified = verifiedOf.get(v.candidateId) ?? {};
      verified[v.criterionId] = true;
      verifiedOf.set(v.candidateId, verified);
    }
  }
  const evaluatorOrder = new Map(head.evaluators.map((e, i) => [e.userId, i]));
  const results = computeResults(
    {
      sections,
      candidates: candidates.map((c) => ({
        id: c.id,
        name: c.name,
        withdrawn: c.withdrawnAt !== null,
        values: valuesOf.get(c.id) ?? {},
        verifiedValues: verifiedOf.get(c.id) ?? {},
      })),
      evaluators: head.evaluators.map((e) => ({ id: e.userId, conflicts: conflicts.get(e.userId) ?? [] })),
      // In the evaluators' order (by name), so that a derivation lists them the same way every time.
      scores: rows.individual.toSorted(
        (a, b) => (evaluatorOrder.get(a.evaluatorId) ?? 0) - (evaluatorOrder.get(b.evaluatorId) ?? 0),
      ),
      scoreSummaries: rows.summaries,
      consensus: head.consensus.map((c) => ({ ...c, value: Number(c.value) })),
      minimumTotal: evaluation.minimumTotal ?? undefined,
    },
    { zeroWeightSections: true, derivations: options.derivations !== false },
  );
  return {
    evaluation,
    checklist,
    sections,
    candidates,
    evaluators: head.evaluators,
    conflicts,
    values: head.values,
    results,
    frozen: null,
    deliveryReviews: head.deliveryReviews,
  };
}

/** A decided evaluation's comparison, from its frozen record alone (docs/product.md "Decision"). */
export function frozenComparison(evaluation: EvaluationRow, record: ExportInput): Comparison {
  return {
    evaluation,
    checklist: record.checklist,
    sections: toScoringSections(record.checklist),
    candidates: record.candidates.map((c) => ({
      ...c,
      withdrawnAt: c.withdrawnAt === null ? null : new Date(c.withdrawnAt),
    })),
    evaluators: record.evaluators.map((e) => ({ userId: e.id, name: e.name, email: e.email, role: e.role })),
    conflicts: new Map(record.declarations.map((d) => [d.evaluatorId, d.conflicts])),
    values: record.values.map((v) => ({
      candidateId: v.candidateId,
      criterionId: v.criterionId,
      value: v.value,
      profileField: v.profileField,
    })),
    results: resultsOf(record),
    frozen: record,
    deliveryReviews: [],
  };
}
