import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { LABELS } from "~/domain/profile";
import { getPartnerProfile } from "~/models/partner.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formatDate } from "~/utils/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const profile = found(await getPartnerProfile(viewer.organisationId));
  return {
    references: profile.references.map((r) => ({
      id: r.id,
      customer: r.customer,
      industry: r.industry,
      useCase: LABELS.useCase[r.useCase],
      size: LABELS.sizeBand[r.sizeBand],
      status: LABELS.referenceStatus[r.status],
      goLive: r.goLiveOn ? formatDate(r.goLiveOn) : "—",
      outcomes: r.outcomes.length,
    })),
  };
}

export default function ReferencesPage() {
  const { references } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/profile">← Profile</Link>
      </p>
      <PageHeader
        title="Reference deployments"
        intro="Deployments you delivered, with measured outcomes: the strongest claim on your profile."
        actions={
          <Link className="btn btn-primary" to="/profile/references/new">
            Add a reference
          </Link>
        }
      />
      {references.length === 0 ? (
        <p className="muted">No reference deployments yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table-stack">
            <caption className="visually-hidden">Reference deployments</caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Industry</th>
                <th scope="col">Use case</th>
                <th scope="col">Size</th>
                <th scope="col">Status</th>
                <th scope="col">Go-live</th>
                <th scope="col">Outcomes</th>
              </tr>
            </thead>
            <tbody>
              {references.map((r) => (
                <tr key={r.id}>
                  <td data-label="Customer">
                    <Link to={`/profile/references/${r.id}`}>{r.customer}</Link>
                  </td>
                  <td data-label="Industry">{r.industry}</td>
                  <td data-label="Use case">{r.useCase}</td>
                  <td data-label="Size">{r.size}</td>
                  <td data-label="Status">
                    <span className="badge badge-neutral">{r.status}</span>
                  </td>
                  <td data-label="Go-live">{r.goLive}</td>
                  <td data-label="Outcomes">{r.outcomes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [
  { title: "Reference deployments · Profile · PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
