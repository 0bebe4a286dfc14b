import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { AUDIT_PAGE_SIZE, listAuditActions, listAuditEvents, parseAuditQuery } from "~/models/audit.server";
import { listMembers } from "~/models/member.server";
import { authorize } from "~/utils/access.server";
import { auditActionLabel } from "~/utils/audit-labels";

/** One line a person can read: the name, e-mail or role an event is about. */
function summarise(before: unknown, after: unknown): string {
  const pick = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});
  const a = pick(after);
  const b = pick(before);
  const parts: string[] = [];
  const who = a.name ?? b.name ?? a.email ?? b.email;
  if (typeof who === "string") parts.push(who);
  if (typeof b.role === "string" && typeof a.role === "string") parts.push(`${b.role} → ${a.role}`);
  else if (typeof a.role === "string") parts.push(a.role);
  if (typeof b.name === "string" && typeof a.name === "string" && a.name !== b.name)
    parts.push(`“${b.name}” → “${a.name}”`);
  if (typeof a.timeZone === "string" && b.timeZone && a.timeZone !== b.timeZone)
    parts.push(`${b.timeZone} → ${a.timeZone}`);
  if (typeof b.status === "string" && typeof a.status === "string" && a.status !== b.status)
    parts.push(`${b.status} → ${a.status}`);
  if (a.kind === "numeric" || a.kind === "consensus") {
    // Numeric values and consensus scores (review.server.ts): the candidate, the criterion, the change.
    const figure = (v: unknown) =>
      typeof v === "number"
        ? `${v}${a.kind === "numeric" && typeof a.unit === "string" ? ` ${a.unit}` : ""}`
        : "none";
    if (typeof a.candidate === "string") parts.push(a.candidate);
    if (typeof a.criterion === "string") parts.push(a.criterion);
    const label = a.kind === "numeric" ? "value" : "consensus";
    parts.push(`${label} ${b.value !== undefined ? `${figure(b.value)} → ` : ""}${figure(a.value)}`);
    return parts.join(" · ");
  }
  if (typeof a.value === "number") {
    const was = typeof b.value === "number" ? `${b.value} → ` : "";
    parts.push(`score ${was}${a.value}${a.afterSubmission === true ? " (after submission)" : ""}`);
  }
  if (Array.isArray(a.changes) && a.changes.length > 0) {
    const [first, ...rest] = a.changes.filter((x): x is string => typeof x === "string");
    parts.push(rest.length > 0 ? `${first} (and ${rest.length} more)` : first);
  }
  return parts.join(" · ");
}

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
    events: rows.map((e) => ({
      id: e.id,
      when: when.format(e.at),
      who: e.actorName ?? "—",
      action: auditActionLabel(e.action),
      summary: summarise(e.before, e.after),
      entity: `${e.entityType} ${e.entityId.slice(0, 8)}`,
      details: JSON.stringify({ before: e.before, after: e.after }, null, 2),
    })),
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
      {d.events.length > 0 ? <EventsTable events={d.events} /> : null}
      {d.pages > 1 ? <Pager /> : null}
    </>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

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

function EventsTable({ events }: Pick<Loaded, "events">) {
  return (
    <div className="table-wrap">
      <table className="table-stack">
        <caption className="visually-hidden">Audit events</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td data-label="When">{e.when}</td>
              <td data-label="Who">{e.who}</td>
              <td data-label="What">
                <span>
                  <strong>{e.action}</strong>
                  {e.summary ? <span className="muted"> · {e.summary}</span> : null}
                </span>
              </td>
              <td data-label="Details">
                <details>
                  <summary>{e.entity}</summary>
                  <pre className="json">{e.details}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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

export const meta: MetaFunction = () => [{ title: "Audit log · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
