import { NotStated } from "./not-stated";

/** A reference deployment as the partner page shows it, its outcomes' figures already formatted. */
export interface ReferenceView {
  id: string;
  customer: string;
  industry: string;
  size: string;
  useCase: string;
  status: string;
  statusKey: string;
  goLive: string | null;
  providers: string[];
  contact: string;
  summary: string | null;
  outcomes: { id: string; metric: string; baseline: string; result: string; unit: string; change: string }[];
}

export function References({ references }: { references: readonly ReferenceView[] }) {
  return (
    <section aria-labelledby="refs-title">
      <div className="section-title">
        <h2 id="refs-title">Reference deployments</h2>
        <span className="muted">{references.length} claimed</span>
      </div>
      {references.length === 0 ? <p className="muted">No reference deployments claimed.</p> : null}
      {references.map((r) => (
        <article key={r.id} className="card" aria-labelledby={`ref-${r.id}`}>
          <h3 id={`ref-${r.id}`}>
            {r.customer} <span className={`status status-ref-${r.statusKey}`}>{r.status}</span>
          </h3>
          <dl className="facts">
            <dt>Industry</dt>
            <dd>{r.industry}</dd>
            <dt>Customer size</dt>
            <dd>{r.size}</dd>
            <dt>Use case</dt>
            <dd>{r.useCase}</dd>
            <dt>Go-live</dt>
            <dd>{r.goLive ?? <NotStated />}</dd>
            <dt>Model providers</dt>
            <dd>{r.providers.length ? r.providers.join(", ") : <NotStated />}</dd>
            <dt>Reference contact available</dt>
            <dd>{r.contact}</dd>
          </dl>
          {r.summary ? <p>{r.summary}</p> : null}
          {r.outcomes.length ? <Outcomes reference={r} /> : <p className="muted">No measured outcomes.</p>}
        </article>
      ))}
    </section>
  );
}

function Outcomes({ reference: r }: { reference: ReferenceView }) {
  return (
    <div className="table-wrap spaced-sm">
      <table className="table-stack">
        <caption className="visually-hidden">Measured outcomes of {r.customer}</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col" className="num">
              Baseline → result
            </th>
            <th scope="col" className="num">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {r.outcomes.map((o) => (
            <tr key={o.id}>
              <th scope="row" data-label="Metric">
                {o.metric}
              </th>
              <td data-label="Baseline → result" className="num">
                {o.baseline} → {o.result} {o.unit}
              </td>
              <td data-label="Change" className="num">
                {o.change}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
