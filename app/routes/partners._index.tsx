import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/forms";
import { EmptyState, PageHeader } from "~/components/page";
import {
  LABELS,
  PROVIDERS,
  SIZE_BANDS,
  SUPPORT_HOURS,
  specializationLabel,
  TIERS,
  USE_CASES,
} from "~/domain/profile";
import {
  DIRECTORY_PAGE_SIZE,
  DIRECTORY_SEARCH_MAX,
  listDirectory,
  listDirectoryOptions,
  parseDirectoryQuery,
} from "~/models/directory.server";
import { CLAIM_KIND_LABELS, CLAIM_KINDS } from "~/models/evidence.server";
import { authorize } from "~/utils/access.server";
import { formatDate } from "~/utils/format";

const COMPARE_MIN = 2;
const COMPARE_MAX = 4;

function options<K extends string>(any: string, keys: readonly K[], labels: Record<K, string>) {
  return [{ value: "", label: any }, ...keys.map((k) => ({ value: k as string, label: labels[k] }))];
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request);
  const url = new URL(request.url);
  const available = await listDirectoryOptions();
  const query = parseDirectoryQuery(
    url.searchParams,
    available,
    undefined,
    viewer.orgKind === "buyer" ? viewer.organisationId : undefined,
  );
  const { rows, total } = await listDirectory(query.filter, query.page);
  const pages = Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE));
  const pageLink = (page: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set("page", String(page));
    return `?${params}`;
  };
  const timeZone = viewer.orgKind === "buyer" ? viewer.orgTimeZone : "UTC";
  const firstPage = new URLSearchParams(url.searchParams);
  firstPage.delete("page");
  return {
    values: query.values,
    errors: query.errors,
    options: {
      tier: [
        { value: "", label: "Any tier" },
        ...[...TIERS].reverse().map((t) => ({ value: t, label: LABELS.tier[t] })),
      ],
      specialization: [{ value: "", label: "Any specialization" }, ...available.specializations],
      provider: options("Any provider", PROVIDERS, LABELS.provider),
      industry: [{ value: "", label: "Any industry" }, ...available.industries],
      size: options("Any size", SIZE_BANDS, LABELS.sizeBand),
      useCase: options("Any use case", USE_CASES, LABELS.useCase),
      hours: options("Any hours", SUPPORT_HOURS, LABELS.supportHours),
      // Each buyer's own verifications: only buyers get this filter.
      verified:
        viewer.orgKind === "buyer"
          ? [
              { value: "", label: "Any, verified or not" },
              ...CLAIM_KINDS.map((k) => ({ value: k, label: CLAIM_KIND_LABELS[k] })),
            ]
          : null,
      sort: [
        { value: "name", label: "Name" },
        { value: "tier", label: "Tier (Elite first)" },
        { value: "updated", label: "Last updated" },
      ],
    },
    partners: rows.map((p) => ({
      id: p.id,
      name: p.name,
      isYou: p.id === viewer.organisationId,
      tier: p.tier ? LABELS.tier[p.tier] : null,
      tierKey: p.tier,
      specializations: p.specializations.map(specializationLabel),
      productionReferences: p.productionReferences,
      providers: p.providers.map((k) => LABELS.provider[k]),
      p1Response: p.p1ResponseMinutes === null ? null : `${p.p1ResponseMinutes} min`,
      updated: formatDate(p.updatedAt, timeZone),
    })),
    total,
    page: query.page,
    pages,
    first: total === 0 ? 0 : (query.page - 1) * DIRECTORY_PAGE_SIZE + 1,
    last: Math.min(total, query.page * DIRECTORY_PAGE_SIZE),
    prev: query.page > 1 ? pageLink(Math.min(query.page - 1, pages)) : null,
    next: query.page < pages ? pageLink(query.page + 1) : null,
    firstPageHref: `?${firstPage}`,
  };
}

export default function PartnersPage() {
  const d = useLoaderData<typeof loader>();
  const pastEnd = d.partners.length === 0 && d.total > 0;
  return (
    <>
      <PageHeader
        title="Partners"
        intro="Implementation partners and what they claim: tier, current specializations, references in production, model providers and support. Tick 2 to 4 to compare them side by side."
      />
      <section className="card" aria-labelledby="filter-title">
        <h2 id="filter-title" className="visually-hidden">
          Search and filter
        </h2>
        <Form method="get" className="filters directory-filters">
          <Field
            label="Name"
            name="q"
            type="search"
            defaultValue={d.values.q}
            maxLength={DIRECTORY_SEARCH_MAX}
            error={d.errors.q}
          />
          <SelectField
            label="Tier"
            name="tier"
            options={d.options.tier}
            defaultValue={d.values.tier}
            error={d.errors.tier}
          />
          <SelectField
            label="Current specialization"
            name="specialization"
            options={d.options.specialization}
            defaultValue={d.values.specialization}
            error={d.errors.specialization}
          />
          <SelectField
            label="Model provider in production"
            name="provider"
            options={d.options.provider}
            defaultValue={d.values.provider}
            error={d.errors.provider}
          />
          <SelectField
            label="Reference industry"
            name="industry"
            options={d.options.industry}
            defaultValue={d.values.industry.toLowerCase()}
            error={d.errors.industry}
          />
          <SelectField
            label="Reference customer size"
            name="size"
            options={d.options.size}
            defaultValue={d.values.size}
            error={d.errors.size}
          />
          <SelectField
            label="Reference use case"
            name="useCase"
            options={d.options.useCase}
            defaultValue={d.values.useCase}
            error={d.errors.useCase}
          />
          <SelectField
            label="Support hours"
            name="hours"
            options={d.options.hours}
            defaultValue={d.values.hours}
            error={d.errors.hours}
          />
          {d.options.verified ? (
            <SelectField
              label="Evidence you verified on"
              name="verified"
              options={d.options.verified}
              defaultValue={d.values.verified}
              error={d.errors.verified}
            />
          ) : null}
          <SelectField
            label="Sort by"
            name="sort"
            options={d.options.sort}
            defaultValue={d.values.sort || "name"}
            error={d.errors.sort}
          />
          <div className="inline-form">
            <button type="submit" className="btn btn-primary">
              Search
            </button>
            <Link to="/partners" className="btn btn-secondary">
              Clear
            </Link>
          </div>
        </Form>
      </section>
      {d.errors.page ? (
        <div className="alert alert-error" role="alert">
          {d.errors.page}
        </div>
      ) : null}
      <p className="muted filters-summary" aria-live="polite">
        {d.total === 0
          ? "No partners match."
          : pastEnd
            ? `Page ${d.page} is past the last page (${d.pages}).`
            : `Showing ${d.first}–${d.last} of ${d.total} partners.`}
      </p>
      {pastEnd ? (
        <p>
          <Link to={d.firstPageHref}>Go to the first page</Link>
        </p>
      ) : null}
      {d.total === 0 ? (
        <EmptyState icon="◎" title="No partner matches these filters">
          <p>Remove a filter or search for part of the name.</p>
        </EmptyState>
      ) : null}
      {d.partners.length > 0 ? (
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
                  <th scope="col">Production references</th>
                  <th scope="col">Providers in production</th>
                  <th scope="col">P1 response</th>
                  <th scope="col">Last updated</th>
                </tr>
              </thead>
              <tbody>
                {d.partners.map((p) => (
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
                        <span className="muted">Not stated</span>
                      )}
                    </td>
                    <td data-label="Specializations">
                      {p.specializations.length ? (
                        p.specializations.join(", ")
                      ) : (
                        <span className="muted">None</span>
                      )}
                    </td>
                    <td data-label="Production refs">{p.productionReferences}</td>
                    <td data-label="Providers">
                      {p.providers.length ? p.providers.join(", ") : <span className="muted">None</span>}
                    </td>
                    <td data-label="P1 response">
                      {p.p1Response ?? <span className="muted">Not stated</span>}
                    </td>
                    <td data-label="Updated">{p.updated}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="compare-bar">
            <p className="muted" id="compare-hint">
              Tick {COMPARE_MIN} to {COMPARE_MAX} partners on this page, then compare their claims side by
              side.
            </p>
            <button type="submit" className="btn btn-secondary" aria-describedby="compare-hint">
              Compare selected
            </button>
          </div>
        </Form>
      ) : null}
      {d.pages > 1 ? (
        <nav className="pager" aria-label="Pages">
          {d.prev ? (
            <Link to={d.prev} className="btn btn-secondary">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="muted">
            Page {d.page} of {d.pages}
          </span>
          {d.next ? (
            <Link to={d.next} className="btn btn-secondary">
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Partners · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
