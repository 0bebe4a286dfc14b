// The evaluation's status, for admins: the moves it may make, a clone, and cancelling; and the confirmation a move
// to review asks for while scores or numeric values are missing.

import { Form, Link } from "@remix-run/react";
import type { EvaluationStatus } from "~/domain/evaluation";
import { IdempotencyField } from "../forms";
import { EvaluationStatusBadge } from "../ui/evaluation-status-badge";
import { AlertTriangle } from "../ui/icons";

export interface StatusActionsProps {
  evaluation: { status: EvaluationStatus; version: number };
  moves: { to: EvaluationStatus; label: string }[];
  /** The clone form's idempotency key. */
  idempotencyKey: string | null;
  /** What is missing, when a move to review waits for the admin's confirmation (it then takes the primary). */
  reviewGaps?: string[];
}

/**
 * The page's one primary action follows the status: moving on in draft and scoring, "Decide" in review (the record
 * card), recording a delivery review once decided, cloning once cancelled.
 */
function primaryHere(status: EvaluationStatus, waiting: boolean) {
  return {
    move: !waiting && (status === "draft" || status === "scoring"),
    clone: status === "cancelled",
  };
}

/** The status, its moves and a clone (admins). */
export function StatusActions({
  evaluation: e,
  moves: allMoves,
  idempotencyKey,
  reviewGaps,
}: StatusActionsProps) {
  const moves = allMoves.filter((m) => m.to !== "cancelled");
  const canCancel = allMoves.some((m) => m.to === "cancelled");
  const primary = primaryHere(e.status, (reviewGaps?.length ?? 0) > 0);
  return (
    <section className="card spaced" aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <p>
        Now <EvaluationStatusBadge status={e.status} />.{" "}
        <span className="muted">{STATUS_HELP[e.status]}</span>
      </p>
      <div className="editor-actions">
        {moves.map((m) => (
          <Form method="post" key={m.to}>
            <input type="hidden" name="version" value={e.version} />
            <input type="hidden" name="to" value={m.to} />
            <button
              type="submit"
              name="intent"
              value="move"
              className={primary.move ? "btn btn-primary" : "btn btn-secondary"}
            >
              {m.label}
            </button>
          </Form>
        ))}
        {idempotencyKey ? (
          <Form method="post">
            <IdempotencyField value={idempotencyKey} />
            <button
              type="submit"
              name="intent"
              value="clone"
              className={primary.clone ? "btn btn-primary" : "btn btn-secondary"}
            >
              Clone into a new draft
            </button>
          </Form>
        ) : null}
      </div>
      {canCancel ? (
        <details className="evaluation-cancel">
          <summary>Cancel this evaluation…</summary>
          <p>
            A cancelled evaluation stays in the record, read-only. It cannot be reopened; clone it to start
            again.
          </p>
          <Form method="post">
            <input type="hidden" name="version" value={e.version} />
            <input type="hidden" name="to" value="cancelled" />
            <button type="submit" name="intent" value="move" className="btn btn-danger">
              Yes, cancel the evaluation
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

/**
 * Before a move to review with work missing: what is missing, by name, and the move again with its confirmation
 * (a second post, so it works without JavaScript), or staying in scoring.
 */
export function ReviewConfirmation({
  evaluation: e,
  gaps,
}: {
  evaluation: { id: string; version: number };
  gaps: string[];
}) {
  return (
    <section className="alert alert-warning review-confirm" aria-labelledby="review-confirm-heading">
      <h2 id="review-confirm-heading" className="alert-title">
        <AlertTriangle aria-hidden="true" focusable="false" /> Move to review with work missing?
      </h2>
      <p>
        Review opens the results to every evaluator and to viewers, and ends blind scoring. Still missing:
      </p>
      <ul>
        {gaps.map((g) => (
          <li key={g}>{g}</li>
        ))}
      </ul>
      <p className="muted">
        Evaluators score only while scoring (you can move the evaluation back to it); numeric values and
        consensus scores can still be entered in review.
      </p>
      <Form method="post" className="editor-actions">
        <input type="hidden" name="version" value={e.version} />
        <input type="hidden" name="to" value="review" />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" name="intent" value="move" className="btn btn-primary">
          Move to review anyway
        </button>
        <Link to={`/evaluations/${e.id}`} className="btn btn-quiet">
          Keep scoring
        </Link>
      </Form>
    </section>
  );
}

const STATUS_HELP: Record<EvaluationStatus, string> = {
  draft: "Adjust the checklist, shortlist partners and assign evaluators, then start scoring.",
  scoring: "Evaluators declare conflicts and score the candidates.",
  review: "Scores are in; everyone assigned sees the results. Viewers can read the evaluation from now on.",
  decided: "The decision is recorded and the record is frozen.",
  cancelled: "This evaluation was cancelled. Clone it to start again from its checklist and shortlist.",
};
