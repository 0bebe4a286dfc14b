// The comparison matrix: candidates as columns in ranking order, the summary figures, then each section as a row
// group that opens onto its criteria. Every figure opens its derivation; a criterion's row opens its evaluators'
// scores (fetched on demand). Without JavaScript the same controls are links to pages that show the same.
import { Link, useFetcher } from "@remix-run/react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import type { Figure } from "~/components/comparison/derivations";
import { figureAnchor } from "~/components/comparison/derivations";
import type { WhatIfResults } from "~/domain/scoring/sensitivity";
import type { PackedResults } from "~/domain/scoring/snapshot";
import { formatFigure } from "~/utils/format";
import type { CriterionScores } from "../evaluations.$evaluationId.compare.criteria.$criterionId";
import { EvaluatorEntries } from "../evaluations.$evaluationId.compare.criteria.$criterionId";
import { CELL, flagAt, has, heatAt, heatOf, reasonText } from "./cells";
import type { ComparisonView } from "./view.server";

type Column = ComparisonView["columns"][number];
type SectionView = ComparisonView["sections"][number];

export interface MatrixProps {
  evaluationId: string;
  sections: SectionView[];
  columns: Column[];
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

const figureText = (x: number | null | undefined) => (x === null || x === undefined ? null : formatFigure(x));

export function ComparisonMatrix(props: MatrixProps) {
  const { sections, columns, packed, moved, open, hydrated, evaluationId } = props;
  const criterionIndex = new Map(packed.criterionIds.map((id, i) => [id, i]));
  const sectionIndex = new Map(packed.sectionIds.map((id, i) => [id, i]));
  const movedOf = new Map((moved?.candidates ?? []).map((c) => [c.candidateId, c]));
  // NOTE: relative to /evaluations/:id/compare, so that the links stay short.
  const derivationHref = (candidateId: string, figure: Figure) =>
    `compare/${candidateId}#${figureAnchor(figure)}`;

  /**
   * A figure. Once JavaScript runs, a button that opens its derivation in the dialog (its row and column headers say
   * what it is); before that, and without JavaScript, plain text: the total's link leads to the page of all the
   * candidate's derivations. NOTE: a link in each of a large comparison's hundreds of cells doubled the page's
   * weight and its rendering time.
   */
  const figure = (candidateId: string, f: Figure, text: string) =>
    hydrated ? (
      <button type="button" className="figure" onClick={() => props.onFigure(candidateId, f)}>
        {text}
      </button>
    ) : (
      text
    );

  const totalFigure = (candidateId: string, text: string, name: string) => (
    <a
      className="figure"
      href={derivationHref(candidateId, { kind: "total" })}
      onClick={(event) => {
        if (!hydrated || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        props.onFigure(candidateId, { kind: "total" });
      }}
    >
      {text}
      <span className="visually-hidden"> — how the total of {name} was made</span>
    </a>
  );

  const toggleHref = (sectionId: string) => {
    const params = new URLSearchParams(props.search);
    const openIds = new Set(params.getAll("open"));
    if (openIds.has(sectionId)) openIds.delete(sectionId);
    else openIds.add(sectionId);
    params.delete("open");
    for (const id of openIds) params.append("open", id);
    const query = params.toString();
    return query ? `?${query}` : "?";
  };

  return (
    <>
      <p id="matrix-title" className="matrix-caption">
        {`Candidates ranked from left to right${props.final ? "" : " (provisional: scoring is incomplete)"}: open a section for its criteria, a figure for how it was made.`}
      </p>
      {/* NOTE: a scrolling region must take the focus, or keyboard users cannot scroll it (axe
          scrollable-region-focusable). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: see the note above */}
      <section className="matrix-wrap" aria-labelledby="matrix-title" tabIndex={0}>
        <table className="matrix">
          <caption className="visually-hidden">Comparison of the candidates</caption>
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
                      Delivered for you: {c.delivery.count} review{c.delivery.count === 1 ? "" : "s"}, quality{" "}
                      {c.delivery.quality}/5, {c.delivery.again} of {c.delivery.count} would engage again
                    </Link>
                  ) : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="matrix-summary">
            <tr>
              <th scope="row">Rank</th>
              {columns.map((c) => {
                const m = movedOf.get(c.id);
                const rank = m ? (m.rank ?? null) : c.rank;
                const changed = m?.rankChanged ?? false;
                return (
                  <td
                    key={c.id}
                    data-candidate={c.id}
                    data-rank={rank ?? ""}
                    className={changed ? "rank-changed" : undefined}
                  >
                    {rank === null ? (
                      <span className="muted">Not scored</span>
                    ) : (
                      <span className="rank">
                        {m ? rank : figure(c.id, { kind: "rank" }, String(rank))}
                        {changed ? (
                          <span className="rank-was">
                            {" "}
                            (was {c.rank ?? "not ranked"})
                            <span className="visually-hidden"> with these weights</span>
                          </span>
                        ) : null}
                      </span>
                    )}
                    {!props.final && rank !== null ? <span className="provisional">provisional</span> : null}
                  </td>
                );
              })}
            </tr>
            <tr className="matrix-total">
              <th scope="row">Total (0–100)</th>
              {columns.map((c, i) => {
                const m = movedOf.get(c.id);
                const total = m ? m.total : (packed.candidates[i].total ?? undefined);
                const text = figureText(total);
                return (
                  <td
                    key={c.id}
                    data-candidate={c.id}
                    data-total={total ?? ""}
                    className={m ? "is-what-if" : undefined}
                  >
                    {text === null ? "—" : m ? text : totalFigure(c.id, text, c.name)}
                  </td>
                );
              })}
            </tr>
            <tr>
              <th scope="row">Completeness</th>
              {columns.map((c) => {
                const m = movedOf.get(c.id);
                return (
                  <td key={c.id}>
                    {m
                      ? `${formatFigure(m.completeness * 100)}%`
                      : figure(c.id, { kind: "completeness" }, c.completeness)}
                  </td>
                );
              })}
            </tr>
            <tr>
              <th scope="row">Evaluator coverage</th>
              {columns.map((c) => (
                <td key={c.id}>
                  {c.coverage === null ? "—" : figure(c.id, { kind: "coverage" }, c.coverage)}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">Evidence confidence</th>
              {columns.map((c) => (
                <td key={c.id}>{figure(c.id, { kind: "evidence" }, c.evidence)}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Disqualified</th>
              {columns.map((c, i) => {
                const m = movedOf.get(c.id);
                const reasons = m ? m.reasons : packed.candidates[i].reasons;
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
                        No; {c.pendingKnockouts} knockout{c.pendingKnockouts === 1 ? "" : "s"} pending
                      </span>
                    ) : (
                      "No"
                    )}
                  </td>
                );
              })}
            </tr>
          </tbody>
          {sections.map((s) => {
            const isOpen = open.has(s.id);
            const si = sectionIndex.get(s.id) ?? -1;
            const groupId = `group-${s.id}`;
            return (
              <tbody key={s.id} id={groupId} className={`matrix-section${s.counted ? "" : " is-uncounted"}`}>
                <tr className="section-row">
                  <th scope="rowgroup">
                    {hydrated ? (
                      <button
                        type="button"
                        className="section-toggle"
                        aria-expanded={isOpen}
                        onClick={() => props.onToggle(s.id)}
                      >
                        <span aria-hidden="true" className="chevron">
                          {isOpen ? "▾" : "▸"}
                        </span>{" "}
                        {s.name}
                      </button>
                    ) : (
                      <a className="section-toggle" href={toggleHref(s.id)}>
                        <span aria-hidden="true" className="chevron">
                          {isOpen ? "▾" : "▸"}
                        </span>{" "}
                        {s.name}
                        <span className="visually-hidden">
                          {isOpen ? " (close)" : " (open its criteria)"}
                        </span>
                      </a>
                    )}
                    <span className="section-share">
                      {props.shares.get(s.id) === "0.0%" ? "not counted" : props.shares.get(s.id)}
                    </span>
                  </th>
                  {columns.map((c, i) => {
                    const score = si >= 0 ? packed.candidates[i].sec[si] : null;
                    const text = figureText(score);
                    return (
                      <td key={c.id} className={`heat heat-${heatOf(score, 100)}`}>
                        {text === null ? "—" : figure(c.id, { kind: "section", id: s.id }, text)}
                      </td>
                    );
                  })}
                </tr>
                {isOpen
                  ? s.criteria.map((criterion) => (
                      <CriterionRows
                        key={criterion.id}
                        criterion={criterion}
                        ci={criterionIndex.get(criterion.id) ?? -1}
                        columns={columns}
                        packed={packed}
                        hydrated={hydrated}
                        evaluationId={evaluationId}
                        isOpen={props.openRows.has(criterion.id)}
                        onToggle={props.onEvaluators}
                        figure={figure}
                      />
                    ))
                  : null}
              </tbody>
            );
          })}
        </table>
      </section>
    </>
  );
}

/**
 * A criterion's row, and under it, once opened, its scores by evaluator. Each row fetches them with a fetcher of its
 * own (keyed by the criterion), so that opening a second row while the first loads leaves both to finish.
 */
function CriterionRows({
  criterion,
  ci,
  columns,
  packed,
  hydrated,
  evaluationId,
  isOpen,
  onToggle,
  figure,
}: {
  criterion: SectionView["criteria"][number];
  ci: number;
  columns: Column[];
  packed: PackedResults;
  hydrated: boolean;
  evaluationId: string;
  isOpen: boolean;
  onToggle: (criterionId: string) => void;
  figure: (candidateId: string, f: Figure, text: string) => ReactNode;
}) {
  const href = `/evaluations/${evaluationId}/compare/criteria/${criterion.id}`;
  const fetcher = useFetcher<CriterionScores>({ key: `criterion-scores-${criterion.id}` });
  const loaded = fetcher.data?.criterion?.id === criterion.id ? fetcher.data : undefined;
  // Which attempt was sent: an open row without its scores, idle after that attempt, failed (a click tries again).
  const [attempt, setAttempt] = useState(0);
  const sent = useRef(-1);
  const failed = isOpen && !loaded && fetcher.state === "idle" && sent.current === attempt;
  useEffect(() => {
    if (!isOpen || loaded || fetcher.state !== "idle" || sent.current === attempt) return;
    sent.current = attempt;
    fetcher.load(href);
  }, [isOpen, loaded, fetcher, href, attempt]);
  return (
    <>
      <tr className="criterion-row">
        <th scope="row">
          <span className="criterion-name">{criterion.name}</span>
          <span className="criterion-meta">
            {criterion.kindLabel} · {criterion.nominal} of the total
            {criterion.knockout !== null ? ` · knockout below ${criterion.knockout}` : ""}
          </span>
          {criterion.kind === "rated" ? (
            hydrated ? (
              <button
                type="button"
                className="btn-link"
                aria-expanded={isOpen && !failed}
                onClick={() => (failed ? setAttempt((n) => n + 1) : onToggle(criterion.id))}
              >
                {isOpen && !loaded && !failed ? "Loading scores…" : "Scores by evaluator"}
              </button>
            ) : (
              <a href={href}>Scores by evaluator</a>
            )
          ) : null}
        </th>
        {columns.map((c, i) => {
          const score = ci >= 0 ? packed.candidates[i].s[ci] : null;
          const flags = flagAt(c.flags, ci);
          const text = figureText(score);
          return (
            <td
              key={c.id}
              className={`heat heat-${heatAt(c.heat, ci)}${has(flags, CELL.knockoutFailed) ? " is-knocked-out" : ""}`}
            >
              {text === null ? (
                <span className="muted">
                  {has(flags, CELL.missingValue) ? "no value" : "—"}
                  {has(flags, CELL.knockoutPending) ? (
                    <span className="cell-flag" title="Knockout pending">
                      {" "}
                      KO?
                    </span>
                  ) : null}
                </span>
              ) : (
                <>
                  {figure(c.id, { kind: "criterion", id: criterion.id }, text)}
                  <CellFlags flags={flags} />
                  {c.values[criterion.id] ? (
                    <span className="cell-value">{c.values[criterion.id]}</span>
                  ) : null}
                </>
              )}
            </td>
          );
        })}
      </tr>
      {isOpen && (loaded || failed) ? (
        <tr className="evaluator-row">
          <th scope="row">
            <span className="visually-hidden">{criterion.name}: </span>by evaluator
          </th>
          {!loaded ? (
            <td colSpan={columns.length}>The scores could not be loaded. Try again.</td>
          ) : (
            columns.map((c) => {
              const entry = loaded.candidates.find((x) => x.id === c.id);
              return (
                <td key={c.id}>
                  {entry ? <EvaluatorEntries candidate={entry} max={loaded.criterion.max} /> : null}
                </td>
              );
            })
          )}
        </tr>
      ) : null}
    </>
  );
}

/** A cell's marks: each with words for screen readers, since colour and symbols alone say nothing to them. */
function CellFlags({ flags }: { flags: number }) {
  if (flags === 0) return null;
  return (
    <span className="cell-flags">
      {has(flags, CELL.disagreement) ? (
        <span
          className="cell-flag flag-disagreement"
          title="Evaluators disagree (spread of 30% of the scale or more)"
        >
          ±<span className="visually-hidden"> evaluators disagree</span>
        </span>
      ) : null}
      {has(flags, CELL.consensus) ? (
        <span className="cell-flag flag-consensus" title="Consensus score">
          C<span className="visually-hidden">onsensus score</span>
        </span>
      ) : null}
      {has(flags, CELL.verified) ? (
        <span className="cell-flag flag-verified" title="Backed by evidence your organisation verified">
          ✓<span className="visually-hidden"> verified evidence</span>
        </span>
      ) : null}
      {has(flags, CELL.knockoutFailed) ? (
        <span className="cell-flag flag-knockout" title="Below the knockout threshold">
          KO<span className="visually-hidden"> failed</span>
        </span>
      ) : null}
    </span>
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
