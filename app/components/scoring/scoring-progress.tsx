import { Form, Link } from "@remix-run/react";

export interface ScoringSubmitView {
  evaluationId: string;
  progress: { scored: number; required: number };
  submittedAt: string | null;
  mayScore: boolean;
  assigned: boolean;
  seesOthers: boolean;
  otherCandidates: { id: string; name: string; submitted: boolean }[];
}

/**
 * The end of the scoring page: submission (the page's one primary button, live once every counted criterion is
 * scored), the blind rule, and the other candidates to move to. The count itself is in the sticky status bar.
 */
export function ScoringSubmit({ page }: { page: ScoringSubmitView }) {
  const { progress } = page;
  const complete = progress.required > 0 && progress.scored === progress.required;
  return (
    <section className="card scoring-submit" id="submit" tabIndex={-1} aria-labelledby="submit-heading">
      <h2 id="submit-heading" className="section-title">
        {page.mayScore && !page.submittedAt ? "Submit this candidate" : "Submission"}
      </h2>
      {page.mayScore ? (
        page.submittedAt ? (
          <p className="muted">
            You submitted this candidate on {page.submittedAt}. You may still change your scores while the
            evaluation is scoring; changes after submission are recorded as such.
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
      ) : page.submittedAt ? (
        <p className="muted">Submitted {page.submittedAt}.</p>
      ) : (
        <p className="muted">Read-only: nothing to submit here.</p>
      )}
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
