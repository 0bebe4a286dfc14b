// The report's head and first sections: who made it and when (with the exports and a print button), the decision,
// and the evaluation's context.
import { Fragment } from "react";
import { listWords } from "~/utils/format";
import { Badge } from "../ui/badge";
import type { ReportView } from "./types";

export function ReportHead({
  evaluation: e,
  files,
  hydrated,
}: Pick<ReportView, "evaluation" | "files"> & {
  hydrated: boolean;
}) {
  const base = `/evaluations/${e.id}`;
  return (
    <header className="report-head">
      {e.frozen ? null : (
        // Printed on every page (position: fixed repeats on each sheet); the words are in the header too.
        <div className="report-draft-mark" aria-hidden="true">
          Draft
        </div>
      )}
      <p className="report-kicker">
        {e.buyer} · decision report {e.frozen ? null : <Badge tone="warning">Draft: not decided yet</Badge>}
      </p>
      <h1>{e.name}</h1>
      <p className="muted">
        Status: {e.status}.{" "}
        {e.frozen
          ? `The frozen record of the decision, taken ${e.generatedAt}.`
          : `As the evaluation stands at ${e.generatedAt}.`}
        {e.final ? "" : " The ranking is provisional: scoring is incomplete."}
      </p>
      <p className="no-print report-actions">
        <a className="btn btn-secondary" href={`${base}/summary.csv`} download={files.summary}>
          summary.csv
        </a>{" "}
        <a className="btn btn-secondary" href={`${base}/detail.csv`} download={files.detail}>
          detail.csv
        </a>{" "}
        <a className="btn btn-secondary" href={`${base}/comparison.json`} download={files.json}>
          comparison.json
        </a>{" "}
        {hydrated ? (
          <button type="button" className="btn btn-primary" onClick={() => window.print()}>
            Print or save as PDF
          </button>
        ) : (
          <span className="muted">Print this page (Ctrl+P or ⌘P) to save it as a PDF.</span>
        )}
      </p>
    </header>
  );
}

export function DecisionSection({ decision }: { decision: ReportView["decision"] }) {
  return (
    <section className="report-section" aria-labelledby="decision-title">
      <h2 id="decision-title">Decision</h2>
      {decision ? (
        <>
          <p>
            <strong>Chosen:</strong> {listWords(decision.chosen.map((c) => c.partner))}, decided by{" "}
            {decision.by} on {decision.at}.
          </p>
          {decision.chosen
            .filter((c) => c.overrideReason)
            .map((c) => (
              <p key={c.candidateId}>
                <strong>Override for {c.partner}</strong> (disqualified): {c.overrideReason}
              </p>
            ))}
          <blockquote className="decision-rationale report-rationale">{decision.rationale}</blockquote>
          {decision.warnings.length > 0 ? (
            <p className="muted">Decided despite: {decision.warnings.join(" ")}</p>
          ) : null}
        </>
      ) : (
        <p>Not decided yet.</p>
      )}
    </section>
  );
}

export function ContextSection({ context }: { context: ReportView["evaluation"]["context"] }) {
  return (
    <section className="report-section" aria-labelledby="context-title">
      <h2 id="context-title">Context</h2>
      <dl className="facts">
        {context.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}
