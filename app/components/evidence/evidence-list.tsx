import { Link } from "@remix-run/react";
import { FileText } from "~/components/ui/icons";
import { plural } from "~/utils/format";
import { EmptyState } from "../page";

/** One piece of the partner's own evidence, as the Evidence page lists it. */
export interface OwnEvidenceRow {
  id: string;
  title: string;
  claim: string;
  restricted: boolean;
  dated: boolean;
  period: string | null;
  current: { number: number; what: string; verified: number; rejected: number } | null;
}

/** The organisation's evidence storage: used against the quota, every version of every file counted. */
export function StorageUse({ storage }: { storage: { used: number; quota: number; text: string } }) {
  return (
    <section className="storage-use" aria-labelledby="storage-title">
      <h2 id="storage-title" className="storage-use-title">
        Storage
      </h2>
      <meter
        className="storage-meter"
        min={0}
        max={storage.quota}
        value={storage.used}
        high={storage.quota * 0.9}
        aria-labelledby="storage-title"
        aria-describedby="storage-text"
      />
      <p id="storage-text" className="muted">
        {storage.text}. Every version of every file counts.
      </p>
    </section>
  );
}

function verdicts(current: NonNullable<OwnEvidenceRow["current"]>): string {
  return `Verified by ${plural(current.verified, "buyer", "buyers")}, rejected by ${current.rejected}`;
}

/** The partner's evidence with its current version and the buyers' verdicts on it (counts, never which buyer). */
export function OwnEvidenceTable({ items }: { items: OwnEvidenceRow[] }) {
  if (items.length === 0) {
    return (
      <EmptyState icon={FileText} title="No evidence uploaded yet">
        <p>Attach evidence to a claim of your profile below: an audit report, a case study, a runbook.</p>
      </EmptyState>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table-stack">
        <caption className="visually-hidden">Your evidence</caption>
        <thead>
          <tr>
            <th scope="col">Evidence</th>
            <th scope="col">Supports</th>
            <th scope="col">Current version</th>
            <th scope="col">Buyers' verdicts</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id}>
              <td data-label="Evidence">
                <span>
                  <Link to={`/evidence/${e.id}`}>{e.title}</Link>{" "}
                  {e.restricted ? <span className="badge badge-neutral">restricted</span> : null}{" "}
                  {e.dated ? <span className="status status-expired">dated</span> : null}
                  {e.period ? <span className="evidence-meta"> · {e.period}</span> : null}
                </span>
              </td>
              <td data-label="Supports">{e.claim}</td>
              <td data-label="Current version">
                {e.current ? `v${e.current.number}: ${e.current.what}` : "—"}
              </td>
              <td data-label="Verdicts">{e.current ? verdicts(e.current) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
