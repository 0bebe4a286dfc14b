// One candidate's scores of a criterion, by evaluator: in the comparison's opened row and on the row's own page.
import type { EvaluatorScores } from "./types";

/** One candidate's scores of the criterion, by evaluator, with the consensus first when there is one. */
export function EvaluatorEntries({ candidate, max }: { candidate: EvaluatorScores; max: number }) {
  return (
    <>
      {candidate.consensus ? (
        <p className="evaluator-consensus">
          <strong>
            Consensus {candidate.consensus.value} of {max}
          </strong>{" "}
          — {candidate.consensus.rationale}{" "}
          <span className="muted">
            ({candidate.consensus.by}
            {candidate.consensus.at ? `, ${candidate.consensus.at}` : ""})
          </span>
        </p>
      ) : null}
      <ul className="evaluator-entries">
        {candidate.entries.map((e) => (
          <li key={e.evaluator}>
            <strong>{e.evaluator}:</strong>{" "}
            {e.state === "conflict" ? (
              <span className="muted">conflict declared, not scoring</span>
            ) : e.state === "missing" ? (
              <span className="muted">not scored</span>
            ) : (
              <>
                {e.value} of {max} — {e.justification}
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
