import { Form, Link } from "@remix-run/react";

/** One partner's row of the directory, labels already resolved. */
export interface DirectoryPartnerView {
  id: string;
  name: string;
  isYou: boolean;
  tier: string | null;
  tierKey: string | null;
  specializations: string[];
  productionReferences: number;
  providers: string[];
  p1Response: string | null;
  updated: string;
}

const COMPARE_MIN = 2;
const COMPARE_MAX = 4;

function Muted({ children }: { children: string }) {
  return <span className="muted">{children}</span>;
}

/** The directory's page of partners, each with a box to tick for the side-by-side comparison. */
export function DirectoryTable({ partners }: { partners: readonly DirectoryPartnerView[] }) {
  return (
    <Form method="get" action="/partners/compare">
      <div className="table-wrap">
        <table className="table-stack directory-table">
          <caption className="visually-hidden">Partners matching the filters</caption>
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Partner</th>
              <th scope="col">Tier</th>
              <th scope="col">Current specializations</th>
              <th scope="col" className="num">
                Production references
              </th>
              <th scope="col">Providers in production</th>
              <th scope="col">P1 response</th>
              <th scope="col">Last updated</th>
            </tr>
          </thead>
          <tbody>
            {partners.map((p) => (
              <tr key={p.id}>
                <td data-label="Compare">
                  <input
                    type="checkbox"
                    name="id"
                    value={p.id}
                    id={`compare-${p.id}`}
                    aria-label={`Compare ${p.name}`}
                    className="compare-check"
                  />
                </td>
                <th scope="row" data-label="Partner">
                  <span>
                    <Link to={`/partners/${p.id}`}>{p.name}</Link>{" "}
                    {p.isYou ? <span className="badge badge-neutral">you</span> : null}
                  </span>
                </th>
                <td data-label="Tier">
                  {p.tier ? (
                    <span className={`badge tier-${p.tierKey}`}>{p.tier}</span>
                  ) : (
                    <Muted>Not stated</Muted>
                  )}
                </td>
                <td data-label="Specializations">
                  {p.specializations.length ? p.specializations.join(", ") : <Muted>None</Muted>}
                </td>
                <td data-label="Production refs" className="num">
                  {p.productionReferences}
                </td>
                <td data-label="Providers">
                  {p.providers.length ? p.providers.join(", ") : <Muted>None</Muted>}
                </td>
                <td data-label="P1 response">{p.p1Response ?? <Muted>Not stated</Muted>}</td>
                <td data-label="Updated">{p.updated}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="compare-bar">
        <p className="muted" id="compare-hint">
          Tick {COMPARE_MIN} to {COMPARE_MAX} partners on this page, then compare their claims side by side.
        </p>
        <button type="submit" className="btn btn-secondary" aria-describedby="compare-hint">
          Compare selected
        </button>
      </div>
    </Form>
  );
}

/** Previous and next page links, with where the reader is. */
export function Pager({
  page,
  pages,
  prev,
  next,
}: {
  page: number;
  pages: number;
  prev: string | null;
  next: string | null;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      {prev ? (
        <Link to={prev} className="btn btn-secondary">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="muted">
        Page {page} of {pages}
      </span>
      {next ? (
        <Link to={next} className="btn btn-secondary">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
