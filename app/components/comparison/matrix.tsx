// The comparison matrix: candidates as columns in ranking order, the summary figures, then each section as a row
// group that opens onto its criteria. Every figure opens its derivation; a criterion's row opens its evaluators'
// scores (fetched on demand). Without JavaScript the same controls are links to pages that show the same.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { WhatIfResults } from "~/domain/scoring/sensitivity";
import type { PackedResults } from "~/domain/scoring/snapshot";
import { plural } from "~/utils/format";
import type { Figure } from "./derivation-view";
import { SectionGroup } from "./matrix-rows";
import { MatrixSummary } from "./matrix-summary";
import type { ComparisonColumn, ComparisonSection } from "./types";

export interface MatrixProps {
  evaluationId: string;
  sections: ComparisonSection[];
  columns: ComparisonColumn[];
  packed: PackedResults;
  final: boolean;
  /** The what-if's totals and ranks, when the weights were moved. */
  moved: WhatIfResults | null;
  criterionNames: ReadonlyMap<string, string>;
  /** Section shares (text) under the weights in force. */
  shares: Map<string, string>;
  open: ReadonlySet<string>;
  hydrated: boolean;
  /** The page's query, to build the no-JavaScript links that open and close sections. */
  search: string;
  onToggle: (sectionId: string) => void;
  onFigure: (candidateId: string, figure: Figure) => void;
  /** Criteria whose scores by evaluator are open (each row fetches its own). */
  openRows: ReadonlySet<string>;
  onEvaluators: (criterionId: string) => void;
}

/** A figure of the matrix drawn: the candidate, which figure, its text. */
export type FigureRenderer = (candidateId: string, f: Figure, text: string) => ReactNode;

/**
 * A figure. Once JavaScript runs, a button that opens its derivation in the dialog (its row and column headers say
 * what it is); before that, and without JavaScript, plain text: the total's link leads to the page of all the
 * candidate's derivations. NOTE: a link in each of a large comparison's hundreds of cells doubled the page's
 * weight and its rendering time.
 */
function figureRenderer(hydrated: boolean, onFigure: MatrixProps["onFigure"]): FigureRenderer {
  return (candidateId, f, text) =>
    hydrated ? (
      <button type="button" className="figure" onClick={() => onFigure(candidateId, f)}>
        {text}
      </button>
    ) : (
      text
    );
}

export function ComparisonMatrix(props: MatrixProps) {
  const { sections, columns, packed, hydrated } = props;
  const criterionIndex = new Map(packed.criterionIds.map((id, i) => [id, i]));
  const sectionIndex = new Map(packed.sectionIds.map((id, i) => [id, i]));
  const figure = figureRenderer(hydrated, props.onFigure);
  return (
    <>
      <p id="matrix-title" className="matrix-caption">
        {`Candidates ranked from left to right${props.final ? "" : " (provisional: scoring is incomplete)"}: open a section for its criteria, a figure for how it was made.`}
        <span className="matrix-scroll-hint"> Swipe sideways for the other candidates.</span>
      </p>
      {/* NOTE: a scrolling region must take the focus, or keyboard users cannot scroll it (axe
          scrollable-region-focusable). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: see the note above */}
      <section className="matrix-wrap" aria-labelledby="matrix-title" tabIndex={0}>
        <table className="matrix">
          <caption className="visually-hidden">Comparison of the candidates</caption>
          <MatrixHead columns={columns} />
          <MatrixSummary
            columns={columns}
            packed={packed}
            final={props.final}
            moved={props.moved}
            criterionNames={props.criterionNames}
            hydrated={hydrated}
            onFigure={props.onFigure}
            figure={figure}
          />
          {sections.map((s) => (
            <SectionGroup
              key={s.id}
              section={s}
              si={sectionIndex.get(s.id) ?? -1}
              criterionIndex={criterionIndex}
              columns={columns}
              packed={packed}
              share={props.shares.get(s.id)}
              isOpen={props.open.has(s.id)}
              hydrated={hydrated}
              evaluationId={props.evaluationId}
              search={props.search}
              onToggle={props.onToggle}
              openRows={props.openRows}
              onEvaluators={props.onEvaluators}
              figure={figure}
            />
          ))}
        </table>
      </section>
    </>
  );
}

/** The candidates' names, each with this buyer's delivery reviews of its partner when there are some. */
function MatrixHead({ columns }: { columns: ComparisonColumn[] }) {
  return (
    <thead>
      <tr>
        <th scope="col" className="matrix-corner">
          Candidate
        </th>
        {columns.map((c) => (
          <th scope="col" key={c.id} className={c.disqualified ? "is-disqualified" : undefined}>
            <Link to={`/partners/${c.partnerId}`}>{c.name}</Link>
            {c.delivery ? (
              <Link to={`/partners/${c.partnerId}#delivery`} className="delivery-badge">
                Delivered for you: {plural(c.delivery.count, "review", "reviews")}, quality{" "}
                {c.delivery.quality}/5, {c.delivery.again} of {c.delivery.count} would engage again
              </Link>
            ) : null}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function MatrixLegend() {
  return (
    <div className="matrix-legend">
      <span className="legend-scale" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((k) => (
          <span key={k} className={`heat heat-${k}`}>
            {k * 20}–{k * 20 + 20}%
          </span>
        ))}
      </span>
      <span className="legend-text">Shade: the score as a share of its scale (darker is better).</span>
      <span>
        <span className="cell-flag flag-disagreement">±</span> evaluators disagree
      </span>
      <span>
        <span className="cell-flag flag-consensus">C</span> consensus
      </span>
      <span>
        <span className="cell-flag flag-verified">✓</span> verified evidence
      </span>
      <span>
        <span className="cell-flag flag-knockout">KO</span> knockout failed
      </span>
    </div>
  );
}
