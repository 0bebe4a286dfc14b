import type { CredentialState } from "~/domain/profile";

/** A certification as the partner page shows it: calendar days already formatted, null when not given. */
export interface CertificationView {
  id: string;
  track: string;
  staff: number;
  issued: string | null;
  expires: string | null;
  state: CredentialState;
  stateLabel: string;
}

export interface SpecializationView {
  id: string;
  name: string;
  achieved: string | null;
  expires: string | null;
  state: CredentialState;
  stateLabel: string;
}

export function Certifications({ certifications }: { certifications: readonly CertificationView[] }) {
  return (
    <Credentials
      title="Certifications"
      id="certs-title"
      empty="No certifications claimed."
      head={["Track", "Certified staff", "Issued", "Expires", "State"]}
      numeric={["Certified staff"]}
      rows={certifications.map((c) => ({
        id: c.id,
        cells: [c.track, String(c.staff), c.issued ?? "—", c.expires ?? "No expiry"],
        state: c.state,
        stateLabel: c.stateLabel,
      }))}
    />
  );
}

export function Specializations({ specializations }: { specializations: readonly SpecializationView[] }) {
  return (
    <Credentials
      title="Specializations"
      id="specs-title"
      empty="No specializations claimed."
      head={["Specialization", "Achieved", "Expires", "State"]}
      rows={specializations.map((s) => ({
        id: s.id,
        cells: [s.name, s.achieved ?? "—", s.expires ?? "No expiry"],
        state: s.state,
        stateLabel: s.stateLabel,
      }))}
    />
  );
}

/**
 * A table of dated credentials, the last column their state; an expired one is greyed (it counts as absent). The
 * `numeric` columns (by heading) hold counts: right-aligned in tabular figures.
 */
function Credentials({
  title,
  id,
  empty,
  head,
  numeric = [],
  rows,
}: {
  title: string;
  id: string;
  empty: string;
  head: string[];
  numeric?: string[];
  rows: { id: string; cells: string[]; state: CredentialState; stateLabel: string }[];
}) {
  return (
    <section aria-labelledby={id}>
      <div className="section-title">
        <h2 id={id}>{title}</h2>
        <span className="muted">Expired credentials count as absent.</span>
      </div>
      {rows.length ? (
        <div className="table-wrap">
          <table className="table-stack">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {head.map((h) => (
                  <th key={h} scope="col" className={numeric.includes(h) ? "num" : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={r.state === "expired" ? "is-expired" : undefined}>
                  {r.cells.map((cell, i) =>
                    i === 0 ? (
                      <th key={head[i]} scope="row" data-label={head[i]}>
                        {cell}
                      </th>
                    ) : (
                      <td
                        key={head[i]}
                        data-label={head[i]}
                        className={numeric.includes(head[i]) ? "num" : undefined}
                      >
                        {cell}
                      </td>
                    ),
                  )}
                  <td data-label={head[head.length - 1]}>
                    <span className={`status status-${r.state}`}>{r.stateLabel}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </section>
  );
}
