// The comparison's two CSVs (docs/product.md "Exports"), written from `comparison.json`'s content: ranks and integer scores
// as integers, other numbers with one decimal, percentages on 0-100, undefined as an empty cell, a conflicted
// evaluator's cell as `conflict`. `toCsv` adds the byte-order mark, CRLF, quoting and the formula guard.
import type { ComparisonExport } from "~/domain/comparison-export";
import { type CsvCell, fixed, toCsv } from "./csv";

const percent = (share: number | null | undefined) =>
  fixed(share === null || share === undefined ? null : share * 100);

export function summaryCsv(x: ComparisonExport): string {
  const sections = x.checklist.sections.filter((s) => s.weight > 0);
  const header = [
    "Rank",
    "Partner",
    "Total",
    "Completeness %",
    "Evaluator coverage %",
    "Evidence confidence %",
    "Disqualified",
    "Reasons",
    ...sections.map((s) => s.name),
  ];
  const rows: CsvCell[][] = x.summary.map((r) => [
    r.rank,
    r.partner,
    fixed(r.total),
    percent(r.completeness),
    percent(r.evaluatorCoverage),
    percent(r.evidenceConfidence),
    r.disqualified ? "yes" : "no",
    r.reasons.join("; "),
    ...sections.map((s) => fixed(r.sections[s.id])),
  ]);
  return toCsv(header, rows);
}

export function detailCsv(x: ComparisonExport): string {
  const header = [
    "Partner",
    "Withdrawn",
    "Section",
    "Criterion",
    "Kind",
    "Nominal weight %",
    "Applied weight %",
    ...x.evaluators.flatMap((e) => [`${e.label}: score`, `${e.label}: justification`]),
    "Consensus",
    "Consensus rationale",
    "Numeric value",
    "Unit",
    "Best value",
    "S",
    "Spread",
    "Contribution (points)",
  ];
  const rows: CsvCell[][] = x.detail.map((d) => [
    d.partner,
    d.withdrawn ? "withdrawn" : "",
    d.section,
    d.criterion,
    d.kind,
    percent(d.nominalWeight),
    percent(d.appliedWeight),
    ...x.evaluators.flatMap((e): CsvCell[] => {
      const cell = d.scores[e.id];
      if (!cell) return [null, null];
      if (cell.value === "conflict") return ["conflict", null];
      return [cell.value, cell.justification || null];
    }),
    fixed(d.consensus),
    d.consensusRationale,
    fixed(d.value),
    d.unit,
    fixed(d.best),
    fixed(d.s),
    fixed(d.spread),
    fixed(d.contribution),
  ]);
  return toCsv(header, rows);
}
