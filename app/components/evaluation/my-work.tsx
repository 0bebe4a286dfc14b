// An assigned evaluator's own work on the evaluation's page: declare first, then its candidates and progress.
import { Link } from "@remix-run/react";
import type { EvaluationStatus } from "~/domain/evaluation";
import { plural } from "~/utils/format";

export interface MyWorkData {
  needsDeclaration: boolean;
  candidates: { id: string; name: string; submitted: boolean }[];
  scored: number;
  ofCriteria: number;
  submitted: number;
}

/** The evaluator's call to action: nothing once the evaluation is decided or cancelled. */
export function MyWork({
  evaluationId,
  status,
  me,
  primary = true,
}: {
  evaluationId: string;
  status: EvaluationStatus;
  me: MyWorkData;
  /** False for an admin who scores too: its page's one primary action is the status move or "Decide". */
  primary?: boolean;
}) {
  if (status === "decided" || status === "cancelled") return null;
  if (me.needsDeclaration) {
    return (
      <section className="card evaluation-cta" aria-labelledby="cta-heading">
        <h2 id="cta-heading">Before you see the candidates</h2>
        <p>
          You are an evaluator here. Declare any conflict of interest with the shortlisted partners first.
        </p>
        <Link
          to={`/evaluations/${evaluationId}/declaration`}
          className={primary ? "btn btn-primary" : "btn btn-secondary"}
        >
          Declare conflicts of interest
        </Link>
      </section>
    );
  }
  return (
    <section className="card evaluation-cta" aria-labelledby="cta-heading">
      <h2 id="cta-heading">Your scoring</h2>
      <p className="muted">
        {me.scored} of {plural(me.ofCriteria, "criterion", "criteria")} scored · {me.submitted} of{" "}
        {plural(me.candidates.length, "candidate", "candidates")} submitted
      </p>
      {me.candidates.length === 0 ? (
        <p>There is no candidate for you to score.</p>
      ) : (
        <ul className="evaluation-my-candidates">
          {me.candidates.map((c) => (
            <li key={c.id}>
              <Link to={`/evaluations/${evaluationId}/candidates/${c.id}`}>{c.name}</Link>{" "}
              {c.submitted ? <span className="badge status-accepted">Submitted</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
