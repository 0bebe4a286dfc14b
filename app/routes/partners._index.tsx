import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmptyState, PageHeader } from "~/components/page";
import { listPartners } from "~/models/partner.server";
import { authorize } from "~/utils/access.server";
import { formatDate } from "~/utils/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request);
  const partners = await listPartners();
  return {
    partners: partners.map((p) => ({
      id: p.id,
      name: p.name,
      joined: formatDate(p.joinedAt, viewer.orgTimeZone),
      isYou: p.id === viewer.organisationId,
    })),
  };
}

export default function PartnersPage() {
  const { partners } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Partners"
        intro="Implementation partners registered on PartnerLens. Profiles, claims and evidence fill in as partners complete them."
      />
      {partners.length === 0 ? (
        <EmptyState icon="◎" title="No partners yet">
          <p>Partners appear here as soon as they create their organisation.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table-stack">
            <caption className="visually-hidden">Partner organisations</caption>
            <thead>
              <tr>
                <th scope="col">Partner</th>
                <th scope="col">On PartnerLens since</th>
              </tr>
            </thead>
            <tbody>
              {partners.map((p) => (
                <tr key={p.id}>
                  <td data-label="Partner">
                    <span>
                      {p.name} {p.isYou ? <span className="badge badge-neutral">you</span> : null}
                    </span>
                  </td>
                  <td data-label="Since">{p.joined}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Partners · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
