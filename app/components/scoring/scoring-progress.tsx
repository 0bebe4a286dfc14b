import { Form, Link } from "@remix-run/react";
import { formatShare } from "~/utils/format";

export interface ScoringProgressView {
  evaluationId: string;
  progress: { scored: number; required: number };
  submittedAt: string | null;
  mayScore: boolean;
  assigned: boolean;
  seesOthers: boolean;
  otherCandidates: { id: string; name: string; submitted: boolean }[];
}

/**
 * How far the viewer's scoring of the candidate is: criteria scored, submission (with the button once every counted
 * criterion is scored), the blind rule, and the other candidates to move to.
 */
export function ScoringProgress({ page }: { page: ScoringProgressView }) {
  const { progress } = page;
  const complete = progress.required > 0 && progress.scored === progress.required;
  const percent = formatShare(progress.required > 0 ? progress.scored / progress.required : 0);
  return (
    <section className="card scoring-progress" aria-labelledby="progress-heading">
      <div className="scoring-progress-head">
        <h2 id="progress-heading" className="section-title">
          {progress.scored} of {progress.required} scored
        </h2>
        {page.submittedAt ? <span className="badge status-current">Submitted {page.submittedAt}</span> : null}
      </div>
      <progress max={progress.required || 1} value={progress.scored} aria-label={`${percent} scored`} />
      {page.mayScore ? (
        page.submittedAt ? (
          <p className="muted">
            You submitted this candidate. You may still change your scores while the evaluation is scoring;
            changes after submission are recorded as such.
          </p>
        ) : (
          <Form method="post" className="submit-candidate">
            <p className="muted">
              Submit once every counted criterion is scored. After submitting you see the other evaluators’
              scores for this candidate; until then they stay hidden, and yours stay hidden from them.
            </p>
            <button
              type="submit"
              name="intent"
              value="submit"
              className="btn btn-primary"
              disabled={!complete}
            >
              Submit this candidate
            </button>
            {!complete ? (
              <span className="muted"> {progress.required - progress.scored} still to score.</span>
            ) : null}
          </Form>
        )
      ) : null}
      {page.assigned && !page.seesOthers ? (
        <p className="muted">Other evaluators’ scores are hidden until you submit (blind scoring).</p>
      ) : null}
      {page.otherCandidates.length > 0 ? (
        <nav aria-label="Other candidates" className="candidate-nav">
          <span className="muted">Other candidates: </span>
          {page.otherCandidates.map((c, i) => (
            <span key={c.id}>
              {i > 0 ? " · " : ""}
              <Link to={`/evaluations/${page.evaluationId}/candidates/${c.id}`}>{c.name}</Link>
              {c.submitted ? " ✓" : ""}
            </span>
          ))}
        </nav>
      ) : null}
    </section>
  );
}
