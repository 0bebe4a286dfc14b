// The partner page's one-of claims and short lists, in the words buyers read (labels already resolved).
import { NotStated } from "./not-stated";

export interface HeadlineView {
  tier: string | null;
  tierKey: string | null;
  specializations: string[];
  productionReferences: number;
  providers: string[];
  p1Response: string | null;
}

export interface OrganisationView {
  type: string | null;
  hqCountry: string | null;
  regions: string[];
  headcount: string | null;
  website: string | null;
  description: string | null;
}

export interface MembershipView {
  tier: string;
  memberSince: string | null;
  forwardDeployedExperts: string;
}

export interface SupportView {
  hours: string;
  p1Response: string;
  p1Resolution: string;
  warranty: string;
  maintenance: string;
  rollback: string;
  monitoring: string;
  knowledgeTransfer: string;
}

export interface ProviderView {
  id: string;
  provider: string;
  deployments: number;
}

export interface DocumentView {
  id: string;
  title: string;
  kind: string;
  summary: string;
}

/** The facts a buyer checks first. */
export function Glance({ headline }: { headline: HeadlineView }) {
  return (
    <section className="card" aria-labelledby="glance-title">
      <h2 id="glance-title">At a glance</h2>
      <dl className="facts">
        <dt>Network tier</dt>
        <dd>
          {headline.tier ? (
            <span className={`badge tier-${headline.tierKey}`}>{headline.tier}</span>
          ) : (
            <NotStated />
          )}
        </dd>
        <dt>Current specializations</dt>
        <dd>{headline.specializations.length ? headline.specializations.join(", ") : "None"}</dd>
        <dt>References in production</dt>
        <dd>{headline.productionReferences}</dd>
        <dt>Model providers in production</dt>
        <dd>{headline.providers.length ? headline.providers.join(", ") : "None"}</dd>
        <dt>P1 response</dt>
        <dd>{headline.p1Response ?? <NotStated />}</dd>
      </dl>
    </section>
  );
}

/** The organisation's facts and its network membership, side by side. */
export function OrganisationAndMembership({
  organisation: o,
  membership: m,
}: {
  organisation: OrganisationView;
  membership: MembershipView | null;
}) {
  return (
    <div className="grid">
      <section className="card" aria-labelledby="org-title">
        <h2 id="org-title">Organisation</h2>
        <dl className="facts">
          <dt>Type</dt>
          <dd>{o.type ?? <NotStated />}</dd>
          <dt>Headquarters</dt>
          <dd>{o.hqCountry ?? <NotStated />}</dd>
          <dt>Regions served</dt>
          <dd>{o.regions.length ? o.regions.join(", ") : <NotStated />}</dd>
          <dt>Headcount</dt>
          <dd>{o.headcount ?? <NotStated />}</dd>
          <dt>Website</dt>
          <dd>
            {o.website ? (
              <a href={o.website} rel="noopener noreferrer nofollow" target="_blank">
                {o.website}
              </a>
            ) : (
              <NotStated />
            )}
          </dd>
        </dl>
        {o.description ? <p className="spaced-sm">{o.description}</p> : null}
      </section>
      <section className="card" aria-labelledby="membership-title">
        <h2 id="membership-title">Network membership</h2>
        {m ? (
          <dl className="facts">
            <dt>Tier</dt>
            <dd>{m.tier}</dd>
            <dt>Member since</dt>
            <dd>{m.memberSince ?? <NotStated />}</dd>
            <dt>Forward Deployed Experts</dt>
            <dd>{m.forwardDeployedExperts}</dd>
          </dl>
        ) : (
          <p className="muted">No membership claim.</p>
        )}
      </section>
    </div>
  );
}

export function Providers({ providers }: { providers: readonly ProviderView[] }) {
  return (
    <section aria-labelledby="providers-title">
      <div className="section-title">
        <h2 id="providers-title">Model providers</h2>
      </div>
      {providers.length ? (
        <div className="table-wrap">
          <table className="table-stack">
            <caption className="visually-hidden">Model providers and production deployments</caption>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col" className="num">
                  Production deployments
                </th>
              </tr>
            </thead>
            <tbody>
              {providers.map((p) => (
                <tr key={p.id}>
                  <th scope="row" data-label="Provider">
                    {p.provider}
                  </th>
                  <td data-label="Deployments" className="num">
                    {p.deployments}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No model provider claims.</p>
      )}
    </section>
  );
}

export function Support({ support: s }: { support: SupportView | null }) {
  return (
    <section className="card spaced" aria-labelledby="support-title">
      <h2 id="support-title">Support terms</h2>
      {s ? (
        <dl className="facts">
          <dt>Support hours</dt>
          <dd>{s.hours}</dd>
          <dt>P1 response</dt>
          <dd>{s.p1Response}</dd>
          <dt>P1 resolution</dt>
          <dd>{s.p1Resolution}</dd>
          <dt>Warranty</dt>
          <dd>{s.warranty}</dd>
          <dt>Maintenance</dt>
          <dd>{s.maintenance}</dd>
          <dt>Rollback and kill-switch runbook</dt>
          <dd>{s.rollback}</dd>
          <dt>Monitoring and evaluation loops</dt>
          <dd>{s.monitoring}</dd>
          <dt>Knowledge transfer</dt>
          <dd>{s.knowledgeTransfer}</dd>
        </dl>
      ) : (
        <p className="muted">No support terms claimed.</p>
      )}
    </section>
  );
}

export function Documents({ documents }: { documents: readonly DocumentView[] }) {
  return (
    <section aria-labelledby="docs-title">
      <div className="section-title">
        <h2 id="docs-title">Practice documents</h2>
      </div>
      {documents.length ? (
        <ul className="directory-list">
          {documents.map((doc) => (
            <li key={doc.id} className="card">
              <strong>{doc.title}</strong> <span className="badge badge-neutral">{doc.kind}</span>
              {doc.summary ? <p className="muted">{doc.summary}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No practice documents listed.</p>
      )}
    </section>
  );
}
