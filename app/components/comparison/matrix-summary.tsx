// The matrix's summary rows: rank, total, completeness, evaluator coverage, evidence confidence, disqualification.
// With moved weights, the what-if's rank, total, completeness and reasons stand in for the saved ones.
import type { WhatIfResults } from "~/domain/scoring/sensitivity";
import type { PackedResults } from "~/domain/scoring/snapshot";
import { formatFigure, formatShare, plural } from "~/utils/format";
import { reasonText } from "./cells";
import { type Figure, figureAnchor } from "./derivation-view";
import type { FigureRenderer } from "./matrix";
import type { ComparisonColumn } from "./types";

type Moved = WhatIfResults["candidates"][number];

/** Evidence confidence is low when, for every candidate with a score, less than half of what is scored is backed. */
export const evidenceIsLow = (columns: readonly ComparisonColumn[]) =>
  columns.every((c) => c.evidenceShare < c.completenessShare / 2);

export const figureText = (x: number | null | undefined) =>
  x === null || x === undefined ? null : formatFigure(x);

// NOTE: relative to /evaluations/:id/compare, so that the links stay short.
const derivationHref = (candidateId: string, figure: Figure) =>
  `compare/${candidateId}#${figureAnchor(figure)}`;

export function MatrixSummary(props: {
  columns: ComparisonColumn[];
  packed: PackedResults;
  final: boolean;
  moved: WhatIfResults | null;
  criterionNames: ReadonlyMap<string, string>;
  hydrated: boolean;
  onFigure: (candidateId: string, figure: Figure) => void;
  figure: FigureRenderer;
}) {
  const { columns, figure } = props;
  const movedOf = new Map((props.moved?.candidates ?? []).map((c) => [c.candidateId, c]));
  return (
    <tbody className="matrix-summary">
      <tr>
        <th scope="row">Rank</th>
        {columns.map((c) => (
          <RankCell key={c.id} column={c} moved={movedOf.get(c.id)} final={props.final} figure={figure} />
        ))}
      </tr>
      <tr className="matrix-total">
        <th scope="row">Total (0–100)</th>
        {columns.map((c, i) => {
          const m = movedOf.get(c.id);
          const total = m ? m.total : (props.packed.candidates[i].total ?? undefined);
          const text = figureText(total);
          return (
            <td
              key={c.id}
              data-candidate={c.id}
              data-total={total ?? ""}
              className={m ? "is-what-if" : undefined}
            >
              {text === null ? "—" : m ? text : totalFigure(c, text, props.hydrated, props.onFigure)}
            </td>
          );
        })}
      </tr>
      <tr className="matrix-meter-row">
        <th scope="row">Completeness</th>
        {columns.map((c) => {
          const m = movedOf.get(c.id);
          return (
            <td key={c.id}>
              {m ? `${formatShare(m.completeness)}` : figure(c.id, { kind: "completeness" }, c.completeness)}
              <Meter share={m ? m.completeness : c.completenessShare} kind="completeness" />
            </td>
          );
        })}
      </tr>
      <tr className="matrix-meter-row">
        <th scope="row">
          Evidence confidence
          <span className="row-hint">
            the part of completeness backed by verified evidence:{" "}
            <a href="#evidence-note">{evidenceIsLow(columns) ? "why it is low" : "what it measures"}</a>
          </span>
        </th>
        {columns.map((c) => (
          <td key={c.id}>
            {figure(c.id, { kind: "evidence" }, c.evidence)}
            <Meter share={c.evidenceShare} kind="evidence" />
          </td>
        ))}
      </tr>
      <tr>
        <th scope="row">Evaluator coverage</th>
        {columns.map((c) => (
          <td key={c.id}>{c.coverage === null ? "—" : figure(c.id, { kind: "coverage" }, c.coverage)}</td>
        ))}
      </tr>
      <tr>
        <th scope="row">Disqualified</th>
        {columns.map((c, i) => {
          const m = movedOf.get(c.id);
          const reasons = m ? m.reasons : props.packed.candidates[i].reasons;
          return (
            <td key={c.id} className={reasons.length > 0 ? "is-disqualified-cell" : undefined}>
              {reasons.length > 0 ? (
                <>
                  <strong>Yes</strong>
                  <ul className="reasons">
                    {reasons.map((r) => {
                      const text = reasonText(r, props.criterionNames);
                      return <li key={text}>{text}</li>;
                    })}
                  </ul>
                </>
              ) : c.pendingKnockouts > 0 ? (
                <span className="muted">
                  No; {plural(c.pendingKnockouts, "knockout", "knockouts")} pending
                </span>
              ) : (
                "No"
              )}
            </td>
          );
        })}
      </tr>
    </tbody>
  );
}

/** The total: a link to the candidate's derivations, which opens the dialog once JavaScript runs. */
function totalFigure(
  c: ComparisonColumn,
  text: string,
  hydrated: boolean,
  onFigure: (candidateId: string, figure: Figure) => void,
) {
  return (
    <a
      className="figure"
      href={derivationHref(c.id, { kind: "total" })}
      onClick={(event) => {
        if (!hydrated || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        onFigure(c.id, { kind: "total" });
      }}
    >
      {text}
      <span className="visually-hidden"> — how the total of {c.name} was made</span>
    </a>
  );
}

/** The rank, the what-if's when the weights moved (with the saved one it replaces). */
function RankCell({
  column: c,
  moved: m,
  final,
  figure,
}: {
  column: ComparisonColumn;
  moved: Moved | undefined;
  final: boolean;
  figure: FigureRenderer;
}) {
  const rank = m ? (m.rank ?? null) : c.rank;
  const changed = m?.rankChanged ?? false;
  return (
    <td data-candidate={c.id} data-rank={rank ?? ""} className={changed ? "rank-changed" : undefined}>
      {rank === null ? (
        <span className="muted">Not scored</span>
      ) : (
        <span className="rank">
          {m ? rank : figure(c.id, { kind: "rank" }, String(rank))}
          {changed ? (
            <span className="rank-was">
              {" "}
              (was {c.rank ?? "not ranked"})<span className="visually-hidden"> with these weights</span>
            </span>
          ) : null}
        </span>
      )}
      {!final && rank !== null ? <span className="provisional">provisional</span> : null}
    </td>
  );
}

/** A share as a bar on 0-100%, under its figure: completeness and evidence confidence on the same scale, one above
 * the other. Decorative: the figure says it. */
function Meter({ share, kind }: { share: number; kind: "completeness" | "evidence" }) {
  const width = `${(Math.max(0, Math.min(1, share)) * 100).toFixed(1)}%`;
  return (
    <span className={`meter meter-${kind}`} aria-hidden="true">
      <span style={{ width }} />
    </span>
  );
}
