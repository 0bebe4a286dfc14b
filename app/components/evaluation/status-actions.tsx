// The evaluation's status, for admins: the moves it may make, a clone, and cancelling.
import { Form } from "@remix-run/react";
import type { EvaluationStatus } from "~/domain/evaluation";
import { IdempotencyField } from "../forms";

export interface StatusActionsProps {
  evaluation: { status: EvaluationStatus; statusLabel: string; version: number };
  moves: { to: EvaluationStatus; label: string }[];
  /** The clone form's idempotency key. */
  idempotencyKey: string | null;
}

/** The status, its moves and a clone (admins). */
export function StatusActions({ evaluation: e, moves: allMoves, idempotencyKey }: StatusActionsProps) {
  const moves = allMoves.filter((m) => m.to !== "cancelled");
  const canCancel = allMoves.some((m) => m.to === "cancelled");
  return (
    <section className="card spaced" aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <p>
        Now <span className={`badge evaluation-status-${e.status}`}>{e.statusLabel}</span>.{" "}
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
              // The page's one primary action while the evaluation is being set up or scored: moving it on.
              className={
                e.status === "draft" || e.status === "scoring" ? "btn btn-primary" : "btn btn-secondary"
              }
            >
              {m.label}
            </button>
          </Form>
        ))}
        {idempotencyKey ? (
          <Form method="post">
            <IdempotencyField value={idempotencyKey} />
            <button type="submit" name="intent" value="clone" className="btn btn-secondary">
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

const STATUS_HELP: Record<EvaluationStatus, string> = {
  draft: "Adjust the checklist, shortlist partners and assign evaluators, then start scoring.",
  scoring: "Evaluators declare conflicts and score the candidates.",
  review: "Scores are in; everyone assigned sees the results. Viewers can read the evaluation from now on.",
  decided: "The decision is recorded and the record is frozen.",
  cancelled: "This evaluation was cancelled.",
};
