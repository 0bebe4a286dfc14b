// The top of an evaluation's page: its name, status and deadline with the admins' links, then its context and its
// checklist's sections.

import { Link } from "@remix-run/react";
import type { EvaluationStatus } from "~/domain/evaluation";
import { PageHeader } from "../page";
import { EvaluationStatusBadge } from "../ui/evaluation-status-badge";

/** The evaluation as its page's header and Context card read it: labels and dates ready to show. */
export interface EvaluationFacts {
  id: string;
  name: string;
  status: EvaluationStatus;
  deadline: string | null;
  timeZone: string;
  industry: string | null;
  sizeBand: string | null;
  useCases: string[];
  specializations: string[];
  minimumTotal: string | null;
  templateName: string | null;
  created: string;
}

/** A section of the checklist with its share of the total (null: it weighs 0, not counted). */
export interface ChecklistSectionSummary {
  key: string;
  name: string;
  share: string | null;
}

/** The page's header: name, status, deadline, and the admins' links to triage, numeric values and consensus. */
export function EvaluationHeader({
  evaluation: e,
  isAdmin,
  canTriage,
}: {
  evaluation: EvaluationFacts;
  isAdmin: boolean;
  canTriage: boolean;
}) {
  return (
    <PageHeader
      title={e.name}
      intro={
        <span className="evaluation-meta">
          <EvaluationStatusBadge status={e.status} />
          {e.deadline ? (
            <span>
              Deadline {e.deadline} <span className="muted">(end of day, {e.timeZone})</span>
            </span>
          ) : (
            <span className="muted">No deadline</span>
          )}
        </span>
      }
      actions={
        canTriage || isAdmin ? (
          <div className="review-actions">
            {canTriage ? (
              <Link to={`/evaluations/${e.id}/triage`} className="btn btn-secondary">
                Triage the directory
              </Link>
            ) : null}
            {isAdmin ? (
              <Link to={`/evaluations/${e.id}/values`} className="btn btn-secondary">
                Numeric values
              </Link>
            ) : null}
            {isAdmin && (e.status === "review" || e.status === "scoring" || e.status === "decided") ? (
              <Link
                to={`/evaluations/${e.id}/consensus`}
                // In review the page's one primary action is "Decide" (the decision panel).
                className="btn btn-secondary"
              >
                Consensus
              </Link>
            ) : null}
          </div>
        ) : null
      }
    />
  );
}

/** The evaluation's context and its checklist's sections, side by side, with the links to edit them (admins). */
export function EvaluationContext({
  evaluation: e,
  checklist,
  can,
}: {
  evaluation: EvaluationFacts;
  checklist: ChecklistSectionSummary[];
  can: { editDetails: boolean; editChecklist: boolean };
}) {
  return (
    <div className="grid">
      <section className="card" aria-labelledby="context-heading">
        <h2 id="context-heading">Context</h2>
        <dl className="facts">
          <dt>Industry</dt>
          <dd>{e.industry ?? <span className="muted">Not stated</span>}</dd>
          <dt>Size</dt>
          <dd>{e.sizeBand ?? <span className="muted">Not stated</span>}</dd>
          <dt>Use cases</dt>
          <dd>{e.useCases.length ? e.useCases.join(", ") : <span className="muted">None stated</span>}</dd>
          <dt>Required specializations</dt>
          <dd>
            {e.specializations.length ? e.specializations.join(", ") : <span className="muted">None</span>}
          </dd>
          <dt>Minimum total</dt>
          <dd>{e.minimumTotal ?? <span className="muted">None</span>}</dd>
          <dt>Checklist from</dt>
          <dd>{e.templateName ?? <span className="muted">Unknown</span>}</dd>
          <dt>Created</dt>
          <dd>{e.created}</dd>
        </dl>
        {can.editDetails ? (
          <p>
            <Link to={`/evaluations/${e.id}/details`}>
              Edit the name, context, deadline and minimum total
            </Link>
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="checklist-heading">
        <h2 id="checklist-heading">Checklist</h2>
        <ul className="evaluation-sections">
          {checklist.map((s) => (
            <li key={s.key} className={s.share ? undefined : "is-zero"}>
              <span>{s.name}</span>
              <span className="share">{s.share ?? "Not counted"}</span>
            </li>
          ))}
        </ul>
        <p>
          <Link to={`/evaluations/${e.id}/checklist`}>
            {can.editChecklist ? "Read or edit the checklist" : "Read the checklist"}
          </Link>
        </p>
      </section>
    </div>
  );
}
