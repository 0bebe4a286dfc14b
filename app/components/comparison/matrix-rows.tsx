// A section's row group of the matrix: its row of section scores, and once opened its criteria's rows, each of which
// opens onto its scores by evaluator (fetched on demand).
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { PackedResults } from "~/domain/scoring/snapshot";
import { CELL, flagAt, has, heatAt, heatOf } from "./cells";
import { EvaluatorEntries } from "./evaluator-entries";
import type { FigureRenderer, MatrixProps } from "./matrix";
import { figureText } from "./matrix-summary";
import type { ComparisonColumn, ComparisonCriterion, ComparisonSection, CriterionScores } from "./types";

/** The link that opens or closes a section without JavaScript: the page's query with the section toggled. */
function toggleHref(search: string, sectionId: string) {
  const params = new URLSearchParams(search);
  const openIds = new Set(params.getAll("open"));
  if (openIds.has(sectionId)) openIds.delete(sectionId);
  else openIds.add(sectionId);
  params.delete("open");
  for (const id of openIds) params.append("open", id);
  const query = params.toString();
  return query ? `?${query}` : "?";
}

export function SectionGroup(props: {
  section: ComparisonSection;
  si: number;
  criterionIndex: ReadonlyMap<string, number>;
  columns: ComparisonColumn[];
  packed: PackedResults;
  share: string | undefined;
  isOpen: boolean;
  hydrated: boolean;
  evaluationId: string;
  search: string;
  onToggle: MatrixProps["onToggle"];
  openRows: ReadonlySet<string>;
  onEvaluators: MatrixProps["onEvaluators"];
  figure: FigureRenderer;
}) {
  const { section: s, si, isOpen, hydrated, columns, packed, figure } = props;
  const groupId = `group-${s.id}`;
  return (
    <tbody id={groupId} className={`matrix-section${s.counted ? "" : " is-uncounted"}`}>
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
            <a className="section-toggle" href={toggleHref(props.search, s.id)}>
              <span aria-hidden="true" className="chevron">
                {isOpen ? "▾" : "▸"}
              </span>{" "}
              {s.name}
              <span className="visually-hidden">{isOpen ? " (close)" : " (open its criteria)"}</span>
            </a>
          )}
          <span className="section-share">{props.share === "0%" ? "not counted" : props.share}</span>
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
              ci={props.criterionIndex.get(criterion.id) ?? -1}
              columns={columns}
              packed={packed}
              hydrated={hydrated}
              evaluationId={props.evaluationId}
              isOpen={props.openRows.has(criterion.id)}
              onToggle={props.onEvaluators}
              figure={figure}
            />
          ))
        : null}
    </tbody>
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
  criterion: ComparisonCriterion;
  ci: number;
  columns: ComparisonColumn[];
  packed: PackedResults;
  hydrated: boolean;
  evaluationId: string;
  isOpen: boolean;
  onToggle: (criterionId: string) => void;
  figure: FigureRenderer;
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
        {columns.map((c, i) => (
          <CriterionCell
            key={c.id}
            column={c}
            score={ci >= 0 ? packed.candidates[i].s[ci] : null}
            ci={ci}
            criterionId={criterion.id}
            figure={figure}
          />
        ))}
      </tr>
      {isOpen && (loaded || failed) ? (
        <EvaluatorRow name={criterion.name} columns={columns} loaded={loaded} />
      ) : null}
    </>
  );
}

/** A candidate's score of the criterion, its marks and its numeric value. */
function CriterionCell({
  column: c,
  score,
  ci,
  criterionId,
  figure,
}: {
  column: ComparisonColumn;
  score: number | null;
  ci: number;
  criterionId: string;
  figure: FigureRenderer;
}) {
  const flags = flagAt(c.flags, ci);
  const text = figureText(score);
  return (
    <td
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
          {figure(c.id, { kind: "criterion", id: criterionId }, text)}
          <CellFlags flags={flags} />
          {c.values[criterionId] ? <span className="cell-value">{c.values[criterionId]}</span> : null}
        </>
      )}
    </td>
  );
}

/** The criterion's scores by evaluator under its row, once loaded (or the word that they could not be). */
function EvaluatorRow({
  name,
  columns,
  loaded,
}: {
  name: string;
  columns: ComparisonColumn[];
  loaded: CriterionScores | undefined;
}) {
  return (
    <tr className="evaluator-row">
      <th scope="row">
        <span className="visually-hidden">{name}: </span>by evaluator
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
