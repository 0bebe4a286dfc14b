import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmptyState, PageHeader } from "~/components/page";
import { DirectoryFilters } from "~/components/partners/directory-filters";
import { DirectoryTable, Pager } from "~/components/partners/directory-table";
import { Users } from "~/components/ui/icons";
import {
  LABELS,
  PROVIDERS,
  SIZE_BANDS,
  SUPPORT_HOURS,
  specializationLabel,
  TIERS,
  USE_CASES,
} from "~/domain/profile";
import { DIRECTORY_PAGE_SIZE, listDirectory, listDirectoryOptions } from "~/models/directory.server";
import { DIRECTORY_SEARCH_MAX, parseDirectoryQuery } from "~/models/directory-query.server";
import { CLAIM_KIND_LABELS, CLAIM_KINDS } from "~/models/evidence/claims.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formatDate, formatDuration, plural } from "~/utils/format";

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
      p1Response: p.p1ResponseMinutes === null ? null : formatDuration(p.p1ResponseMinutes),
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
      <DirectoryFilters
        values={d.values}
        errors={d.errors}
        options={d.options}
        searchMax={DIRECTORY_SEARCH_MAX}
      />
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
            : `Showing ${d.first}–${d.last} of ${plural(d.total, "partner", "partners")}.`}
      </p>
      {pastEnd ? (
        <p>
          <Link to={d.firstPageHref}>Go to the first page</Link>
        </p>
      ) : null}
      {d.total === 0 ? (
        <EmptyState icon={Users} title="No partner matches these filters">
          <p>Remove a filter or search for part of the name.</p>
        </EmptyState>
      ) : null}
      {d.partners.length > 0 ? <DirectoryTable partners={d.partners} /> : null}
      {d.pages > 1 ? <Pager page={d.page} pages={d.pages} prev={d.prev} next={d.next} /> : null}
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Partners · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
