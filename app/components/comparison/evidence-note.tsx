// What evidence confidence measures, why it reads low and how to raise it (docs/product.md rule 7), under the matrix
// that shows it: a reader who finds 0-1% for every candidate learns that it is not a fault of the candidates.
import { formatShare } from "~/utils/format";
import { evidenceIsLow } from "./matrix-summary";
import type { ComparisonColumn } from "./types";

export function EvidenceNote({ columns }: { columns: ComparisonColumn[] }) {
  if (columns.length === 0) return null;
  const shares = columns.map((c) => c.evidenceShare);
  const lowest = Math.min(...shares);
  const highest = Math.max(...shares);
  const range =
    formatShare(lowest) === formatShare(highest)
      ? formatShare(lowest)
      : `${formatShare(lowest)} to ${formatShare(highest)}`;
  return (
    <section id="evidence-note" className="evidence-note" aria-labelledby="evidence-note-title">
      <h2 id="evidence-note-title">About evidence confidence</h2>
      <p>
        <strong>What it measures.</strong> The part of each total's weight whose scores rest on evidence your
        organisation verified: a criterion counts once one of its scores cites a verified version of an
        evidence file, or its value was copied from a verified profile claim. It can never exceed
        completeness, drawn just above it.
      </p>
      {evidenceIsLow(columns) ? (
        <p>
          <strong>Why it is low here ({range}).</strong> The scores cite little evidence that someone in your
          organisation has verified; an unverified or dated file backs nothing. The candidates are not marked
          down for it: it says how much of the ranking rests on checked facts.
        </p>
      ) : (
        <p>
          <strong>Here.</strong> It reads {range} across the candidates.
        </p>
      )}
      <p>
        <strong>How to raise it.</strong> Verify the evidence cited in scores. A candidate's evidence is on
        its partner's page (its name heads its column), under "Evidence": an evaluator or an admin records the
        verdict "Verified" there. Each criterion whose score cites a verified version then adds its weight to
        the figure.
      </p>
    </section>
  );
}
