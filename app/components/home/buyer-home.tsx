// The homes of a buyer's members: a buyer admin's open evaluations (every evaluator's progress, the leader from
// review), an evaluator's own evaluations (its progress and its next action), a viewer's evaluations it may read.

import { Link } from "@remix-run/react";
import { EmptyState } from "~/components/page";
import { Inbox, Scale } from "~/components/ui/icons";
import type { EvaluationStatus } from "~/domain/evaluation";
import type { NextAction, Progress } from "~/domain/home";
import { EvaluationStatusBadge } from "../ui/evaluation-status-badge";
import { Deadline, type DeadlineProps, ProgressBar } from "./home-parts";

/** An evaluator's progress with its words ("8 of 28 criteria scored", "1 of 5 candidates submitted"). */
interface ProgressProps extends Progress {
  criteria: string;
  candidates: string;
}

interface LeaderProps {
  names: string;
  total: string;
  provisional: boolean;
}

interface EvaluationHeadProps {
  id: string;
  name: string;
  status: EvaluationStatus;
  deadline: DeadlineProps | null;
}

interface AdminEvaluationProps extends EvaluationHeadProps {
  candidates: number;
  evaluators: { userId: string; name: string; progress: ProgressProps }[];
  leader: LeaderProps | null;
  reachedReview: boolean;
  mine: { progress: ProgressProps; next: NextAction | null } | null;
}

interface EvaluatorEvaluationProps extends EvaluationHeadProps {
  progress: ProgressProps;
  next: NextAction | null;
}

interface ViewerEvaluationProps extends EvaluationHeadProps {
  leader: LeaderProps | null;
}

/** The evaluation's name (its link), status and deadline, as each card opens. */
function EvaluationHead({ e }: { e: EvaluationHeadProps }) {
  return (
    <div className="home-evaluation-head">
      <h3 id={`evaluation-${e.id}`}>
        <Link to={`/evaluations/${e.id}`}>{e.name}</Link>
      </h3>
      <div className="home-evaluation-meta">
        <EvaluationStatusBadge status={e.status} />
        <Deadline deadline={e.deadline} />
      </div>
    </div>
  );
}

function Leader({ leader }: { leader: LeaderProps }) {
  return (
    <span>
      <strong>{leader.names}</strong>, total {leader.total}
      {leader.provisional ? <span className="muted"> (provisional: scoring is not complete)</span> : null}
    </span>
  );
}

function NextActionLink({ next, primary = true }: { next: NextAction; primary?: boolean }) {
  return (
    <Link className={`btn ${primary ? "btn-primary" : "btn-secondary"} btn-small`} to={next.to}>
      {next.text}
    </Link>
  );
}

function EvaluatorProgress({ name, progress }: { name: string; progress: ProgressProps }) {
  return (
    <ProgressBar value={progress.scored} max={progress.ofCriteria} label={`${name}: ${progress.criteria}`}>
      {progress.declared ? (
        <>
          {progress.criteria} · {progress.candidates}
        </>
      ) : (
        "Has not declared conflicts of interest yet"
      )}
    </ProgressBar>
  );
}

function AdminEvaluationCard({ e }: { e: AdminEvaluationProps }) {
  return (
    <article className="card home-evaluation" aria-labelledby={`evaluation-${e.id}`}>
      <EvaluationHead e={e} />
      {e.reachedReview ? (
        <p className="home-leader">
          Leader:{" "}
          {e.leader ? (
            <Leader leader={e.leader} />
          ) : (
            <span className="muted">no qualified candidate has a total yet</span>
          )}
          . <Link to={`/evaluations/${e.id}/compare`}>Open the comparison</Link>
        </p>
      ) : null}
      {e.mine?.next ? (
        <p className="home-next">
          {/* The page's primary action is "New evaluation": her own step is a secondary one. */}
          Your next step: <NextActionLink next={e.mine.next} primary={false} />
        </p>
      ) : null}
      {e.evaluators.length === 0 ? (
        <p className="muted">
          {e.candidates === 0 ? "No candidate and no evaluator yet." : "No evaluator assigned yet."}{" "}
          <Link to={`/evaluations/${e.id}`}>Set it up</Link>
        </p>
      ) : (
        <ul className="home-evaluators" aria-label={`Evaluators of ${e.name}`}>
          {e.evaluators.map((ev) => (
            <li key={ev.userId}>
              <span className="home-evaluator-name">{ev.name}</span>
              <EvaluatorProgress name={ev.name} progress={ev.progress} />
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** A buyer admin's open evaluations; an empty state while there is none. */
export function AdminEvaluations({ evaluations }: { evaluations: AdminEvaluationProps[] }) {
  return (
    <section className="home-section" aria-labelledby="evaluations-title">
      <div className="section-title">
        <h2 id="evaluations-title">Open evaluations</h2>
        <Link to="/evaluations">All evaluations</Link>
      </div>
      {evaluations.length === 0 ? (
        <EmptyState icon={Scale} title="No open evaluation">
          <p>
            Create an evaluation from a checklist template, shortlist partners and assign your evaluators: it
            appears here with each evaluator's progress.
          </p>
        </EmptyState>
      ) : (
        <div className="home-evaluations">
          {evaluations.map((e) => (
            <AdminEvaluationCard key={e.id} e={e} />
          ))}
        </div>
      )}
    </section>
  );
}

function EvaluatorEvaluationCard({ e, primary }: { e: EvaluatorEvaluationProps; primary: boolean }) {
  const closed = e.status === "decided" || e.status === "cancelled";
  return (
    <article className="card home-evaluation" aria-labelledby={`evaluation-${e.id}`}>
      <EvaluationHead e={e} />
      {e.progress.declared && !closed ? (
        <ProgressBar
          value={e.progress.scored}
          max={e.progress.ofCriteria}
          label={`Your progress: ${e.progress.criteria}`}
        >
          {e.progress.criteria} · {e.progress.candidates}
        </ProgressBar>
      ) : null}
      {e.next ? (
        <p className="home-next">
          <NextActionLink next={e.next} primary={primary && !closed} />
        </p>
      ) : (
        <p className="muted">
          {e.status === "draft"
            ? "Scoring has not started: the candidates open to you when an admin starts it."
            : "Nothing to do here."}
        </p>
      )}
    </article>
  );
}

/**
 * An evaluator's evaluations with its own progress and next action. The empty state is the one place that speaks of
 * waiting for an assignment: once there is one, the evaluations say what to do.
 */
export function EvaluatorEvaluations({ evaluations }: { evaluations: EvaluatorEvaluationProps[] }) {
  if (evaluations.length === 0) {
    return (
      <EmptyState icon={Inbox} title="No assignment yet">
        <p>
          When a procurement lead assigns you to an evaluation, it appears here with what you have to do next.
          Meanwhile, <Link to="/partners">read the partner profiles</Link>.
        </p>
      </EmptyState>
    );
  }
  const firstWithAction = evaluations.find(
    (e) => e.next && e.status !== "decided" && e.status !== "cancelled",
  )?.id;
  return (
    <section className="home-section" aria-labelledby="evaluations-title">
      <div className="section-title">
        <h2 id="evaluations-title">Your evaluations</h2>
        <Link to="/evaluations">All evaluations</Link>
      </div>
      <div className="home-evaluations">
        {evaluations.map((e) => (
          // One primary action per page: the first evaluation's next action (the soonest deadline comes first).
          <EvaluatorEvaluationCard key={e.id} e={e} primary={e.id === firstWithAction} />
        ))}
      </div>
    </section>
  );
}

/** A viewer's evaluations (those that reached review), with the leader of the open ones. */
export function ViewerEvaluations({
  evaluations,
  more,
}: {
  evaluations: ViewerEvaluationProps[];
  more: number;
}) {
  if (evaluations.length === 0) {
    return (
      <EmptyState icon={Scale} title="Nothing to read yet">
        <p>Evaluations appear here once they reach review: the comparison, the charts and the decision.</p>
      </EmptyState>
    );
  }
  return (
    <section className="home-section" aria-labelledby="evaluations-title">
      <div className="section-title">
        <h2 id="evaluations-title">Evaluations you can read</h2>
        <Link to="/evaluations">{more > 0 ? `All evaluations (${more} more)` : "All evaluations"}</Link>
      </div>
      <div className="table-wrap">
        <table className="table-stack">
          <thead>
            <tr>
              <th scope="col">Evaluation</th>
              <th scope="col">Status</th>
              <th scope="col">Leader</th>
              <th scope="col">Deadline</th>
            </tr>
          </thead>
          <tbody>
            {evaluations.map((e) => (
              <tr key={e.id}>
                <td data-label="Evaluation">
                  <Link to={`/evaluations/${e.id}`}>{e.name}</Link>
                </td>
                <td data-label="Status">
                  <EvaluationStatusBadge status={e.status} />
                </td>
                <td data-label="Leader">
                  {e.leader ? <Leader leader={e.leader} /> : <span className="muted">—</span>}
                </td>
                <td data-label="Deadline">
                  <Deadline deadline={e.deadline} bare />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
