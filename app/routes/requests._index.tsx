import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmptyState, PageHeader } from "~/components/page";
import { authorize } from "~/utils/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, { kind: "partner" });
  return null;
}

export default function RequestsPage() {
  return (
    <>
      <PageHeader
        title="Requests"
        intro="Evidence requests and debriefs that buyers address to your organisation."
      />
      <EmptyState icon="✉" title="No requests yet">
        <p>When a buyer evaluating you asks for evidence, or publishes a debrief, it appears here.</p>
      </EmptyState>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Requests · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
