// The comparison page's words around the matrix: its head (who leads, how many candidates and evaluators), the
// withdrawn candidates, and how robust the ranking is (rank stability section by section, the win probability).

import { Link } from "@remix-run/react";
import { PageHeader } from "~/components/page";
import { WIN_PROBABILITY_DRAWS } from "~/domain/scoring/win-probability";
import { formatShare, plural } from "~/utils/format";
import type { EvaluationStatus } from "../../domain/evaluation";
import { EvaluationStatusBadge } from "../ui/evaluation-status-badge";
import { StabilityTable } from "./stability-table";
import type { ComparisonStability } from "./types";
import type { WinRow } from "./use-comparison";

const draws = WIN_PROBABILITY_DRAWS.toLocaleString("en");

export function CompareHead(props: {
  evaluation: {
    id: string;
    name: string;
    status: EvaluationStatus;
    final: boolean;
    minimumTotal: string | null;
  };
  candidates: number;
  evaluators: number;
  ignoredWeights: number;
  stability: ComparisonStability | null;
  /** The likeliest leader, once the win probability is drawn. */
  winLeader: WinRow | undefined;
}) {
  const { evaluation, stability, winLeader } = props;
  return (
    <>
      <p className="back">
        <Link to={`/evaluations/${evaluation.id}`}>← {evaluation.name}</Link>
      </p>
      <PageHeader
        title={`Compare the shortlist: ${evaluation.name}`}
        intro={
          <>
            <EvaluationStatusBadge status={evaluation.status} />{" "}
            {plural(props.candidates, "candidate", "candidates")} ·{" "}
            {plural(props.evaluators, "evaluator", "evaluators")}
            {evaluation.minimumTotal ? ` · minimum total ${evaluation.minimumTotal}` : ""}
            {evaluation.final ? "" : " · provisional: scoring is incomplete"}
          </>
        }
      />
      {props.ignoredWeights > 0 ? (
        <p className="alert alert-info" role="status">
          {props.ignoredWeights === 1 ? "A weight" : `${props.ignoredWeights} weights`} in the link
          {props.ignoredWeights === 1 ? " was" : " were"} not a number from 0 to 10,000: the saved weight is
          shown instead.
        </p>
      ) : null}
      {stability?.leader ? (
        <p className="compare-lead">
          <strong>{stability.leader}</strong> leads at the saved weights
          {winLeader ? (
            <>
              {" "}
              and in {formatShare(winLeader.share)} of {draws} random weightings around them
            </>
          ) : null}
          .
        </p>
      ) : stability?.tied ? (
        <p className="compare-lead">The top of the ranking is tied at the saved weights.</p>
      ) : null}
    </>
  );
}

export function WithdrawnList({
  withdrawn,
}: {
  withdrawn: { id: string; partnerId: string; name: string; on: string; reason: string }[];
}) {
  if (withdrawn.length === 0) return null;
  return (
    <section className="card withdrawn" aria-labelledby="withdrawn-title">
      <h2 id="withdrawn-title">Withdrawn (out of the ranking)</h2>
      <ul>
        {withdrawn.map((w) => (
          <li key={w.id}>
            <Link to={`/partners/${w.partnerId}`}>{w.name}</Link>, withdrawn {w.on}
            {w.reason ? `: ${w.reason}` : ""}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Robustness(props: {
  stability: ComparisonStability | null;
  /** Undefined until drawn, null when no qualified candidate has a total. */
  win: Map<string, number> | null | undefined;
  winRows: WinRow[];
  hydrated: boolean;
  /** Without JavaScript: the page again, asking the server to draw the weightings. */
  winHref: string;
}) {
  const { stability, win, winRows } = props;
  const leader = winRows[0];
  return (
    <section className="card" aria-labelledby="robust-title">
      <h2 id="robust-title">How robust is the ranking?</h2>
      {stability ? (
        <>
          <h3>Rank stability, section by section</h3>
          {stability.tied || !stability.leader ? (
            <p>
              The top of the ranking is already tied at the saved weights: any change of weight decides it, so
              the stability is 0 on every section.
            </p>
          ) : (
            <div className="table-wrap stability-wrap">
              <StabilityTable leader={stability.leader} lines={stability.lines} />
            </div>
          )}
          <h3>Win probability</h3>
          <p aria-live="polite">
            {win === undefined ? (
              props.hydrated ? (
                "Drawing 2,000 weightings…"
              ) : (
                // Without JavaScript, a link that asks the server to draw them.
                <>
                  <a href={props.winHref}>Draw the {draws} weightings</a> (the page reloads with the win
                  probability).
                </>
              )
            ) : win === null || !leader ? (
              "No qualified candidate has a total yet."
            ) : (
              `${leader.name} leads in ${formatShare(leader.share)} of ${draws} weightings drawn around the saved ones${
                winRows[1] && winRows[1].share > 0
                  ? `; ${winRows[1].name} in ${formatShare(winRows[1].share)}`
                  : ""
              }.`
            )}
          </p>
        </>
      ) : (
        <p>No qualified candidate has a total yet: nothing to test.</p>
      )}
    </section>
  );
}
