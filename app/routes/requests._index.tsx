import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmptyState, PageHeader } from "~/components/page";
import { Inbox } from "~/components/ui/icons";
import { partnerDebriefs } from "~/models/decision.server";
import { listRequestsForPartner } from "~/models/evidence-requests/partner.server";
import { REQUEST_STATUS_LABELS } from "~/models/evidence-requests/rules.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formatDate, plural } from "~/utils/format";

// Partners only (buyers: 404). Only what a partner may read of a request: which buyer asks, the criterion's name
// and question, the message, the due date in the buyer's time zone and the status; never the evaluation, weights or
// scores.
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const [rows, debriefs] = await Promise.all([
    listRequestsForPartner(viewer.organisationId),
    partnerDebriefs(viewer.organisationId),
  ]);
  return {
    debriefs: debriefs.map((d) => ({
      id: d.id,
      buyer: d.buyer,
      published: formatDate(d.publishedAt),
      excerpt: d.body.length > 160 ? `${d.body.slice(0, 157).trimEnd()}…` : d.body,
      withScores: d.sectionScores !== null,
    })),
    requests: rows.map((r) => ({
      id: r.id,
      buyer: r.buyer,
      criterion: r.criterion,
      question: r.question,
      message: r.message,
      due: formatDate(`${r.dueOn}T12:00:00Z`),
      timeZone: r.buyerTimeZone.replaceAll("_", " "),
      status: r.status,
      statusLabel: REQUEST_STATUS_LABELS[r.status],
      overdue: r.overdue,
    })),
  };
}

const STATUS_CLASS = { open: "status-pending", answered: "status-current", closed: "badge-neutral" } as const;

export default function RequestsPage() {
  const { requests, debriefs } = useLoaderData<typeof loader>();
  const open = requests.filter((r) => r.status === "open").length;
  return (
    <>
      <PageHeader
        title="Requests"
        intro="Evidence requests that buyers evaluating you address to your organisation, and the debriefs they send after deciding."
      />
      {debriefs.length > 0 ? (
        <section className="card spaced-sm" aria-labelledby="debriefs-heading">
          <h2 id="debriefs-heading">Debriefs</h2>
          <ul className="debrief-list">
            {debriefs.map((d) => (
              <li key={d.id}>
                <Link to={`/requests/debriefs/${d.id}`}>Debrief from {d.buyer}</Link>{" "}
                <span className="muted">
                  {d.published}
                  {d.withScores ? " · with your section scores" : ""}
                </span>
                <p>{d.excerpt}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {requests.length === 0 ? (
        <EmptyState icon={Inbox} title="No requests yet">
          <p>When a buyer evaluating you asks for evidence, it appears here.</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {open === 0
              ? "Nothing waits for an answer."
              : `${plural(open, "request waits", "requests wait")} for an answer.`}
          </p>
          <div className="table-wrap">
            <table className="table-stack request-table">
              <caption className="visually-hidden">Evidence requests</caption>
              <thead>
                <tr>
                  <th scope="col">Buyer</th>
                  <th scope="col">Asks about</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr key={r.id} className={r.overdue ? "is-overdue" : undefined}>
                    <td data-label="Buyer">
                      <Link to={`/requests/${r.id}`}>{r.buyer}</Link>
                    </td>
                    <td data-label="Asks about">
                      <span>
                        <strong>{r.criterion}</strong>
                        <span className="request-question muted"> {r.question}</span>
                      </span>
                    </td>
                    <td data-label="Due">
                      <span>
                        {r.due} <span className="muted">({r.timeZone} time)</span>
                      </span>
                    </td>
                    <td data-label="Status">
                      <span>
                        <span className={`badge ${STATUS_CLASS[r.status]}`}>{r.statusLabel}</span>
                        {r.overdue ? (
                          <>
                            {" "}
                            <span className="badge request-overdue">Overdue</span>
                          </>
                        ) : null}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Requests · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
