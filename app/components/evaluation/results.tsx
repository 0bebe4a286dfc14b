// An evaluation's results: the ranking (provisional until scoring is complete), or why it is not shown yet.
import { Link } from "@remix-run/react";
import type { EvaluationStatus } from "~/domain/evaluation";
import { plural } from "~/utils/format";
import { RankingFigureCells, RankingHead } from "../ranking-columns";
import { Badge } from "../ui/badge";
import { type NumericResult, NumericResults } from "./numeric-results";

export interface ResultRow {
  candidateId: string;
  partnerId: string;
  name: string;
  rank: number | null;
  total: string | null;
  completeness: string | null;
  coverage: string | null;
  evidence: string | null;
  disqualified: boolean;
  reasons: string[];
  pendingKnockouts: number;
}

export interface ResultsData {
  /** Every candidate at 100% completeness: the ranks are no longer provisional. */
  final: boolean;
  rows: ResultRow[];
  numeric: NumericResult[];
}

/** The results, or (null: the blind rule keeps them closed to this viewer) why they do not show. */
export function Results({
  evaluationId,
  status,
  declareFirst,
  results,
}: {
  evaluationId: string;
  status: EvaluationStatus;
  declareFirst: boolean;
  results: ResultsData | null;
}) {
  if (!results) {
    return (
      <section className="spaced" aria-labelledby="results-heading">
        <h2 id="results-heading" className="section-title">
          Results
        </h2>
        <p className="card muted">
          {declareFirst
            ? "The results show once you have declared any conflict of interest with the candidates."
            : status === "cancelled"
              ? "This evaluation was cancelled before review: its results stay closed."
              : "Scoring is blind: the results open once you have submitted every candidate you may score."}
        </p>
      </section>
    );
  }
  return (
    <section className="spaced" aria-labelledby="results-heading">
      <h2 id="results-heading" className="section-title">
        Results{" "}
        {results.final ? null : <span className="badge status-pending">Provisional: scoring incomplete</span>}
      </h2>
      {results.rows.length === 0 ? (
        <p className="card muted">No candidate to rank yet.</p>
      ) : (
        <>
          <p>
            <Link to={`/evaluations/${evaluationId}/compare`} className="btn btn-secondary">
              Compare side by side
            </Link>{" "}
            <span className="muted">
              every criterion, how each figure was made, charts, what-if weights and how robust the ranking is
            </span>
          </p>
          <ResultsTable results={results} />
        </>
      )}
      {results.numeric.length > 0 ? <NumericResults numeric={results.numeric} /> : null}
      <p className="muted evaluation-results-note">
        Totals are on 0–100 with one decimal. Withdrawn candidates are listed under Candidates, out of the
        ranking.
      </p>
    </section>
  );
}

/**
 * The ranking: rank (provisional until final), partner, total, completeness, coverage, evidence. A disqualified
 * candidate's reasons sit under its name, beside its rank, where the row is read from.
 */
function ResultsTable({ results }: { results: ResultsData }) {
  return (
    <div className="table-wrap">
      <table className="table-stack evaluation-results">
        <RankingHead />
        <tbody>
          {results.rows.map((r) => (
            <tr key={r.candidateId} className={r.disqualified ? "is-disqualified" : undefined}>
              <td data-label="Rank" className="num">
                {r.rank === null ? (
                  <span className="muted">Not scored</span>
                ) : (
                  <>
                    {r.rank}
                    {results.final ? null : <span className="muted"> (provisional)</span>}
                  </>
                )}
              </td>
              <td data-label="Partner">
                <div>
                  <Link to={`/partners/${r.partnerId}`} className="evaluation-partner-name">
                    {r.name}
                  </Link>
                  <Standing row={r} />
                </div>
              </td>
              <RankingFigureCells row={r} className="evaluation-figure" />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Under a partner's name: why it is disqualified, or the knockouts still pending (nothing when neither). */
function Standing({ row: r }: { row: ResultRow }) {
  if (r.disqualified) {
    return (
      <div className="evaluation-disqualified">
        <Badge tone="danger">Disqualified</Badge>
        <ul className="evaluation-reasons">
          {r.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      </div>
    );
  }
  if (r.pendingKnockouts > 0) {
    return (
      <div className="evaluation-disqualified muted">
        {plural(r.pendingKnockouts, "knockout", "knockouts")} pending
      </div>
    );
  }
  return null;
}
