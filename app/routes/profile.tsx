import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmptyState, PageHeader } from "~/components/page";
import { authorize } from "~/utils/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  return { orgName: viewer.orgName };
}

export default function ProfilePage() {
  const { orgName } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title={orgName}
        intro="Your profile: the structured claims buyers read and score — network tier, certifications, specializations, reference deployments, model providers and support terms."
      />
      <EmptyState icon="◆" title="Your profile has no claims yet">
        <p>
          Buyers see your organisation's name for now. The claims you add here are what they score you on.
        </p>
      </EmptyState>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Profile · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
