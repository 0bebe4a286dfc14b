import { Link } from "@remix-run/react";
import type { CSSProperties } from "react";
import { plural } from "~/domain/words";
import {
  type ConsensusAnswer,
  ConsensusItem,
  type ConsensusItemView,
  type EvaluatorColumn,
} from "../evaluation/consensus-item";

export type { ConsensusItemView, EvaluatorColumn } from "../evaluation/consensus-item";

/** Which criteria the page lists: the flagged disagreements (the default) or every one. */
export type ConsensusScope = "disagreements" | "all";

/** Counted over every criterion of a group, whatever the page lists. */
export interface ConsensusCounts {
  criteria: number;
  disagreements: number;
  agreed: number;
}

export interface ConsensusSectionView {
  id: string;
  name: string;
  counts: ConsensusCounts;
  /** The criteria listed (disagreements only, or all): never empty, a section without any is left out. */
  items: ConsensusItemView[];
}

export interface ConsensusCandidateView {
  candidateId: string;
  name: string;
  rank: number | null;
  counts: ConsensusCounts;
  sections: ConsensusSectionView[];
}

/** "Disagreements only (n) / All criteria (n)": two links, so that the choice is a GET and works without JavaScript. */
export function ConsensusFilter({
  path,
  scope,
  counts,
}: {
  path: string;
  scope: ConsensusScope;
  counts: ConsensusCounts;
}) {
  const options = [
    { scope: "disagreements", to: path, label: "Disagreements only", count: counts.disagreements },
    { scope: "all", to: `${path}?show=all`, label: "All criteria", count: counts.criteria },
  ] as const;
  return (
    <nav className="cx-filter" aria-label="Criteria listed">
      {options.map((o) => (
        <Link
          key={o.scope}
          to={o.to}
          preventScrollReset
          className="cx-filter-option"
          aria-current={scope === o.scope ? "page" : undefined}
        >
          {o.label} <span className="cx-filter-count">{o.count}</span>
        </Link>
      ))}
    </nav>
  );
}

/** Links to each candidate's group, with its number of disagreements. */
export function ConsensusJump({ candidates }: { candidates: readonly ConsensusCandidateView[] }) {
  if (candidates.length < 2) return null;
  return (
    <nav className="cx-jump" aria-label="Candidates">
      <ul>
        {candidates.map((c) => (
          <li key={c.candidateId}>
            <a href={`#candidate-${c.candidateId}`}>
              {c.name}{" "}
              <span className="cx-jump-count">
                {c.counts.disagreements}
                <span className="visually-hidden">
                  {c.counts.disagreements === 1 ? " disagreement" : " disagreements"}
                </span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * With "Disagreements only", the candidates without one: a line each in one card, so that they take no room of
 * their own, each linking to all its criteria.
 */
export function ConsensusAgreedCandidates({
  candidates,
  path,
}: {
  candidates: readonly ConsensusCandidateView[];
  path: string;
}) {
  if (candidates.length === 0) return null;
  return (
    <section className="card cx-candidate cx-agreed-candidates" aria-labelledby="cx-agreed-title">
      <h2 id="cx-agreed-title" className="cx-agreed-title">
        No disagreement on {plural(candidates.length, "candidate", "candidates")}
      </h2>
      <ul>
        {candidates.map((c) => (
          <li key={c.candidateId} id={`candidate-${c.candidateId}`}>
            <strong>{c.name}</strong>{" "}
            <span className="muted">
              {c.rank === null ? "Not ranked" : `Rank ${c.rank}`} · {countsLine(c.counts)}
            </span>{" "}
            <Link to={`${path}?show=all#candidate-${c.candidateId}`}>
              All its criteria<span className="visually-hidden">, {c.name}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "3 disagreements of 12 criteria · 1 consensus set" */
export function countsLine(counts: ConsensusCounts): string {
  const parts = [
    `${plural(counts.disagreements, "disagreement", "disagreements")} of ${plural(counts.criteria, "criterion", "criteria")}`,
  ];
  if (counts.agreed > 0) parts.push(`${counts.agreed} consensus set`);
  return parts.join(" · ");
}

/**
 * One candidate: its counts, then its sections (checklist order), each with its counts, its column headers and a
 * compact row per criterion listed. With "Disagreements only", a section without one is left out, and a candidate
 * without one says so in a line.
 */
export function ConsensusCandidate({
  candidate: c,
  scope,
  path,
  evaluators,
  editable,
  limit,
  idempotencyKey,
  answer,
  saved,
}: {
  candidate: ConsensusCandidateView;
  scope: ConsensusScope;
  path: string;
  evaluators: readonly EvaluatorColumn[];
  editable: boolean;
  limit: number;
  idempotencyKey: string;
  answer: ConsensusAnswer | undefined;
  /** The cell a no-JavaScript save just saved: it stays open to show its message. */
  saved: string | null;
}) {
  const headingId = `candidate-${c.candidateId}-title`;
  const columns = { "--cx-evaluators": evaluators.length } as CSSProperties;
  return (
    <section className="card cx-candidate" id={`candidate-${c.candidateId}`} aria-labelledby={headingId}>
      <header className="cx-candidate-head">
        <h2 id={headingId}>{c.name}</h2>
        <p className="muted">
          {c.rank === null ? "Not ranked" : `Rank ${c.rank}`} · {countsLine(c.counts)}
        </p>
      </header>
      {c.sections.length === 0 ? (
        <p className="cx-none-line">
          {scope === "disagreements" ? (
            <>
              No disagreement among its {plural(c.counts.criteria, "criterion", "criteria")}.{" "}
              <Link to={`${path}?show=all#candidate-${c.candidateId}`}>Show all its criteria</Link>
            </>
          ) : (
            "No rated criterion to agree on."
          )}
        </p>
      ) : (
        c.sections.map((s) => (
          <div key={s.id} className="cx-section" style={columns}>
            <h3 className="cx-section-title">
              {s.name} <span className="cx-section-counts">{countsLine(s.counts)}</span>
            </h3>
            <div className="cx-line cx-head" aria-hidden="true">
              <span className="cx-criterion">Criterion</span>
              {evaluators.map((e) => (
                <span key={e.id} className="cx-cell" title={e.name}>
                  {e.short}
                </span>
              ))}
              <span className="cx-cell">Spread</span>
              <span className="cx-cell">Mean</span>
              <span className="cx-cell cx-agreed">Consensus</span>
              <span />
            </div>
            <ul className="cx-rows">
              {s.items.map((item) => (
                <li key={item.cell} id={`consensus-${item.candidateId}-${item.criterionId}`}>
                  <ConsensusItem
                    item={item}
                    evaluators={evaluators}
                    editable={editable}
                    limit={limit}
                    idempotencyKey={idempotencyKey}
                    answer={answer?.cell === item.cell ? answer : undefined}
                    open={saved === item.cell}
                  />
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}
