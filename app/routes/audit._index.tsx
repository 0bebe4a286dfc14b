import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AuditEventsTable } from "~/components/audit/audit-events";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { AUDIT_PAGE_SIZE, listAuditActions, listAuditEvents, parseAuditQuery } from "~/models/audit.server";
import { auditNamesFor } from "~/models/audit-names.server";
import { listMembers } from "~/models/member.server";
import { authorize } from "~/utils/access.server";
import { auditActionLabel } from "~/utils/audit-labels";
import { describeAuditEvent } from "~/utils/audit-words";
import { withErrorTitle } from "~/utils/error-pages";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { roles: ["admin"] });
  const [members, actions] = await Promise.all([
    listMembers({ organisationId: viewer.organisationId }),
    listAuditActions({ organisationId: viewer.organisationId }),
  ]);
  const url = new URL(request.url);
  const query = parseAuditQuery(url.searchParams, {
    organisationId: viewer.organisationId,
    timeZone: viewer.orgTimeZone,
    memberIds: new Set(members.map((m) => m.userId)),
  });
  const { rows, total } = await listAuditEvents(query.filter, query.page);
  const names = await auditNamesFor({ organisationId: viewer.organisationId, kind: viewer.orgKind }, rows);
  const when = new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: viewer.orgTimeZone,
  });
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const pageLink = (page: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set("page", String(page));
    return `?${params}`;
  };
  const exportParams = new URLSearchParams(url.searchParams);
  exportParams.delete("page");
  return {
    timeZone: viewer.orgTimeZone,
    values: query.values,
    errors: query.errors,
    people: [
      { value: "", label: "Anyone" },
      ...members.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` })),
    ],
    actions: [
      { value: "", label: "Any action" },
      ...actions.map((a) => ({ value: a, label: auditActionLabel(a) })),
    ],
    events: rows.map((e) => {
      const words = describeAuditEvent(e, names);
      return {
        id: e.id,
        when: when.format(e.at),
        at: e.at.toISOString(),
        who: e.actorName ?? "—",
        label: auditActionLabel(e.action),
        parts: words.parts,
        changes: words.changes,
      };
    }),
    total,
    page: query.page,
    pages,
    first: total === 0 ? 0 : (query.page - 1) * AUDIT_PAGE_SIZE + 1,
    last: Math.min(total, query.page * AUDIT_PAGE_SIZE),
    prev: query.page > 1 ? pageLink(query.page - 1) : null,
    next: query.page < pages ? pageLink(query.page + 1) : null,
    exportHref: `/audit.csv${exportParams.size ? `?${exportParams}` : ""}`,
  };
}

export default function AuditPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Audit log"
        intro={`Every change made in your organisation, newest first. Times in ${d.timeZone.replaceAll("_", " ")}.`}
        actions={
          <a className="btn btn-secondary" href={d.exportHref} download>
            Export CSV
          </a>
        }
      />
      <AuditFilters />
      <p className="muted filters-summary" aria-live="polite">
        {d.total === 0 ? "No events match." : `Showing ${d.first}–${d.last} of ${d.total} events.`}
      </p>
      {d.events.length > 0 ? <AuditEventsTable events={d.events} /> : null}
      {d.pages > 1 ? <Pager /> : null}
    </>
  );
}

function AuditFilters() {
  const d = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="filter-title">
      <h2 id="filter-title" className="visually-hidden">
        Filter
      </h2>
      <Form method="get" className="filters">
        <SelectField
          label="Person"
          name="person"
          options={d.people}
          defaultValue={d.values.person}
          error={d.errors.person}
        />
        <SelectField
          label="Action"
          name="action"
          options={d.actions}
          defaultValue={d.values.action}
          error={d.errors.action}
        />
        <Field label="From" name="from" type="date" defaultValue={d.values.from} error={d.errors.from} />
        <Field label="To" name="to" type="date" defaultValue={d.values.to} error={d.errors.to} />
        <div className="inline-form">
          <button type="submit" className="btn btn-primary">
            Filter
          </button>
          <Link to="/audit" className="btn btn-secondary">
            Clear
          </Link>
        </div>
      </Form>
    </section>
  );
}

function Pager() {
  const d = useLoaderData<typeof loader>();
  return (
    <nav className="pager" aria-label="Pages">
      {d.prev ? (
        <Link to={d.prev} className="btn btn-secondary">
          ← Newer
        </Link>
      ) : (
        <span />
      )}
      <span className="muted">
        Page {d.page} of {d.pages}
      </span>
      {d.next ? (
        <Link to={d.next} className="btn btn-secondary">
          Older →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Audit log · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
