// Rank stability as a compact table (docs/product.md "Rank stability"): for each counted section, the range of its
// share of the total weight over which the leader holds, drawn as a bar on 0-100% with the share now marked, and who
// takes over past each end. The figures are written in the cells; the bar repeats them for the eye.
import { formatShare } from "~/utils/format";
import type { StabilityLine } from "./types";

/** Who takes or shares the lead past one end: names, or no one (the range then runs to that end). */
function takers(changes: boolean, names: string[]) {
  if (!changes) return <span className="muted">No one</span>;
  // NOTE: a limit without names: the leader has no score in the section, so at 100% it has no total.
  if (names.length === 0) return <span className="muted">No one: the leader has no score there</span>;
  return names.join(" and ");
}

export function StabilityTable({ leader, lines }: { leader: string; lines: StabilityLine[] }) {
  return (
    <table className="stability-table">
      <caption>
        How far each section's share of the total weight can move, the others keeping their proportions,
        before <strong>{leader}</strong> stops leading alone.
      </caption>
      <thead>
        <tr>
          <th scope="col">Section</th>
          <th scope="col">Share over which the leader holds</th>
          <th scope="col">If lower, the lead goes to</th>
          <th scope="col">If higher, the lead goes to</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.sectionId}>
            <th scope="row">
              {line.name}
              <span className="stability-now">now {formatShare(line.now)}</span>
            </th>
            <td className="stability-hold-cell">
              <span className="stability-range">
                {line.lowChanges || line.highChanges
                  ? `${formatShare(line.low)} to ${formatShare(line.high)}`
                  : `${formatShare(line.low)} to ${formatShare(line.high)}: all the way`}
              </span>
              <StabilityBar line={line} />
            </td>
            <td className="stability-taker" data-label="Lead if lower">
              {takers(line.lowChanges, line.below)}
            </td>
            <td className="stability-taker" data-label="Lead if higher">
              {takers(line.highChanges, line.above)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The range on a 0-100% track, the share now as a tick. Decorative: the cell says the same in figures. */
function StabilityBar({ line }: { line: StabilityLine }) {
  const pct = (x: number) => `${(Math.max(0, Math.min(1, x)) * 100).toFixed(2)}%`;
  return (
    <span className="stability-bar" aria-hidden="true">
      <span className="stability-hold" style={{ left: pct(line.low), width: pct(line.high - line.low) }} />
      <span className="stability-tick" style={{ left: pct(line.now) }} />
    </span>
  );
}
