import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmptyState, PageHeader } from "~/components/page";
import { authorize } from "~/utils/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, { kind: "partner" });
  return null;
}

export default function EvidencePage() {
  return (
    <>
      <PageHeader title="Evidence" intro="Files and links that prove your claims. Buyers verify them." />
      <EmptyState icon="▤" title="No evidence uploaded yet">
        <p>
          Evidence attaches to one claim of your profile. Evidence a buyer verified counts in that buyer's
          evidence confidence.
        </p>
      </EmptyState>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Evidence · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
