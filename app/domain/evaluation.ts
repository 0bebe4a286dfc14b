// Evaluations (docs/product.md "Evaluation", "Score", "Access rules"): statuses, what each allows, and the blind rule.
// Pure: shared by the database schema, the models and the pages.

import { EVALUATION_STATUSES } from "../../db/enums";

export { EVALUATION_STATUSES };
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

export const STATUS_LABELS: Record<EvaluationStatus, string> = {
  draft: "Draft",
  scoring: "Scoring",
  review: "Review",
  decided: "Decided",
  cancelled: "Cancelled",
};

/** Status moves an admin may make here (`decided` is recorded with the decision, elsewhere). */
export const TRANSITIONS: Record<EvaluationStatus, readonly EvaluationStatus[]> = {
  draft: ["scoring", "cancelled"],
  scoring: ["review", "cancelled"],
  review: ["scoring", "cancelled"],
  decided: [],
  cancelled: [],
};

export function canMove(from: EvaluationStatus, to: EvaluationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** NOTE: docs/product.md "Decision": every change of a decided evaluation is refused, delivery reviews and debriefs aside. */
export const DECIDED_REFUSAL =
  "This evaluation is decided: its record is frozen and changes no more. Clone it to work on a copy.";

/** The checklist and the evaluation's context change only in `draft`. */
export const isEditable = (status: EvaluationStatus) => status === "draft";
/** Candidates are added before `decided` (not once cancelled either), removed only in `draft`. */
export const canAddCandidates = (status: EvaluationStatus) => status !== "decided" && status !== "cancelled";
export const canRemoveCandidates = (status: EvaluationStatus) => status === "draft";
export const canWithdrawCandidates = (status: EvaluationStatus) =>
  status === "scoring" || status === "review";
/** Evaluators score only while `scoring`. */
export const canScore = (status: EvaluationStatus) => status === "scoring";

/** What `reachedReview` reads of an evaluation. */
export interface ReviewMilestone {
  status: EvaluationStatus;
  /** When it first moved to `review` (never cleared); null: never. */
  reachedReviewAt: Date | string | null;
}

/**
 * docs/product.md "Access rules": an evaluation "reached review" once it first moved to `review`, and stays so when it
 * goes back to scoring, is cancelled or decided. Viewers see it from then on, blind scoring ends then (while it is
 * not back in `scoring`), and its record opens. `decided` is only ever reached from `review`. The one predicate;
 * `reachedReviewSql` in evaluation.server.ts says the same in SQL.
 */
export function reachedReview(evaluation: ReviewMilestone): boolean {
  return (
    evaluation.reachedReviewAt !== null || evaluation.status === "review" || evaluation.status === "decided"
  );
}

/**
 * Whether the record (report and exports) is open: once the evaluation reached review, also when it went back to
 * `scoring` (its viewers still read its comparison then, so its exports too; evaluators stay under the blind rule)
 * and when it was cancelled after review (docs/product.md "Exports": "available from review on"; "viewers: once they
 * reached review").
 */
export function recordOpen(evaluation: ReviewMilestone): boolean {
  return reachedReview(evaluation);
}

/**
 * Declarations (docs/product.md: the evaluator may change its declaration while scoring): in `draft` and `scoring`; in
 * `review` only a first one (an evaluator without a declaration scored nothing, so nothing it scored is affected);
 * never once decided or cancelled.
 */
export function mayDeclare(status: EvaluationStatus, hasDeclaration: boolean): boolean {
  return status === "draft" || status === "scoring" || (status === "review" && !hasDeclaration);
}

/** The refusal when a declaration may no longer be made or changed. */
export function declarationClosedMessage(status: EvaluationStatus): string {
  return status === "review"
    ? "The evaluation is in review: your declaration can no longer change. Ask an admin to move it back to scoring if it must."
    : "This evaluation is closed: declarations can no longer change.";
}

/**
 * The candidates an evaluator may score (docs/product.md blind scoring: "not conflicted, not withdrawn"): the active
 * candidates minus the conflicts of its newest declaration. A candidate added after that declaration counts: the
 * evaluator has still to declare about it and score it. The one list for the blind rule, progress and reminders.
 */
export function candidatesToScore(
  declaration: Pick<DeclarationLike, "conflictCandidateIds"> | undefined,
  activeCandidateIds: readonly string[],
): string[] {
  const conflicts = new Set(declaration?.conflictCandidateIds ?? []);
  return activeCandidateIds.filter((id) => !conflicts.has(id));
}

/**
 * docs/product.md blind scoring: whether a member sees other evaluators' scores of a candidate, and the results (the
 * comparison, exports). Admins see everything. Viewers see them once the evaluation reached review (`evaluationFor`
 * lets them in only then). An assigned evaluator that has not declared yet sees nothing while it still may declare.
 * While `scoring`, an evaluator sees a candidate's other scores once it submitted that candidate, and the results
 * once it submitted every candidate it may score (`candidatesToScore`; with none left, it has submitted every one,
 * so it sees them). Otherwise it sees them once the evaluation reached review: an evaluation cancelled during
 * scoring stays blind.
 */
export function blindView(input: {
  role: "admin" | "evaluator" | "viewer";
  evaluation: ReviewMilestone;
  /** The viewer's newest declaration (evaluators; undefined: none). */
  declaration: Pick<DeclarationLike, "conflictCandidateIds"> | undefined;
  activeCandidateIds: readonly string[];
  /** The candidates the viewer submitted. */
  submitted: ReadonlySet<string>;
}): { seesResults: boolean; seesOthersFor: (candidateId: string) => boolean } {
  const { role, evaluation } = input;
  const all = (open: boolean) => ({ seesResults: open, seesOthersFor: () => open });
  if (role === "admin") return all(true);
  if (role === "viewer") return all(reachedReview(evaluation));
  if (!input.declaration && mayDeclare(evaluation.status, false)) return all(false);
  if (evaluation.status !== "scoring") return all(reachedReview(evaluation));
  const toScore = candidatesToScore(input.declaration, input.activeCandidateIds);
  return {
    seesResults: toScore.every((c) => input.submitted.has(c)),
    seesOthersFor: (candidateId) => input.submitted.has(candidateId),
  };
}

/** NOTE: docs/product.md-derived: deadlines within 3 days show as waiting for attention. */
export const DEADLINE_WARNING_DAYS = 3;
export const EVALUATION_NAME_LIMIT = 120;
export const JUSTIFICATION_LIMIT = 2000;
export const CONFLICT_NOTE_LIMIT = 1000;

export interface DeclarationLike {
  coveredCandidateIds: readonly string[];
  conflictCandidateIds: readonly string[];
}

/**
 * docs/product.md "Conflict-of-interest declaration": an assigned evaluator declares before it first sees the candidates,
 * and again when a candidate was added after its newest declaration. Withdrawn candidates need no declaration.
 */
export function needsDeclaration(
  declaration: DeclarationLike | undefined,
  activeCandidateIds: readonly string[],
): boolean {
  if (!declaration) return true;
  const covered = new Set(declaration.coveredCandidateIds);
  return activeCandidateIds.some((id) => !covered.has(id));
}

/**
 * Why the results are still closed to an assigned evaluator who may not see them yet (docs/product.md blind scoring),
 * and when they open, in one sentence for its 403 page.
 */
export function resultsOpenWhen(input: {
  evaluation: ReviewMilestone;
  declared: boolean;
  /** The candidates the evaluator scores (not conflicted, not withdrawn) and how many of them it submitted. */
  toScore: number;
  submitted: number;
}): string {
  if (input.evaluation.status === "cancelled") {
    return "This evaluation was cancelled before review, while you still had candidates to submit: its comparison stays closed to you.";
  }
  const left = input.toScore - input.submitted;
  const what = input.declared
    ? `once you have submitted every candidate you score (${input.submitted} of ${input.toScore} so far; ${left} to go)`
    : "once you have declared your conflicts of interest and submitted every candidate you score";
  return `Scoring is blind: the comparison and the results open for you ${what}, or for everyone when the evaluation moves to review.`;
}
