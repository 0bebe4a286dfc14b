// The columns every ranking of candidates shares (the evaluation's results, the report's comparison): rank, partner,
// then the same four figures in the same words, so the two tables read alike and a stacked row's labels match its
// header.
import type { ReactNode } from "react";

/** A ranked candidate's figures, already in words (null: none yet, shown as a dash). */
export interface RankingFigures {
  total: string | null;
  completeness: string | null;
  coverage: string | null;
  evidence: string | null;
}

const FIGURES: readonly { key: keyof RankingFigures; label: string }[] = [
  { key: "total", label: "Total" },
  { key: "completeness", label: "Completeness" },
  { key: "coverage", label: "Evaluator coverage" },
  { key: "evidence", label: "Evidence confidence" },
];

/** The header row: rank, partner, the figures, then the table's own columns (`children`). */
export function RankingHead({ children }: { children?: ReactNode }) {
  return (
    <thead>
      <tr>
        <th scope="col" className="num">
          Rank
        </th>
        <th scope="col">Partner</th>
        {FIGURES.map((f) => (
          <th scope="col" className="num" key={f.key}>
            {f.label}
          </th>
        ))}
        {children}
      </tr>
    </thead>
  );
}

/** A row's figure cells, each labelled for the stacked card a phone shows. */
export function RankingFigureCells({ row, className }: { row: RankingFigures; className?: string }) {
  return (
    <>
      {FIGURES.map((f) => (
        <td key={f.key} data-label={f.label} className={className ? `${className} num` : "num"}>
          {row[f.key] ?? "—"}
        </td>
      ))}
    </>
  );
}
