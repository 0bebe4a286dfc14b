import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmptyState, PageHeader } from "~/components/page";
import { authorize } from "~/utils/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, { kind: "buyer", roles: ["admin"] });
  return null;
}

export default function TemplatesPage() {
  return (
    <>
      <PageHeader
        title="Checklist templates"
        intro="Weighted checklists your evaluations start from: sections, criteria, rubrics and knockouts."
      />
      <EmptyState icon="☰" title="No templates of your own yet">
        <p>
          The built-in “AI implementation partner due diligence” checklist will be listed here, ready to copy
          and adjust to your priorities.
        </p>
      </EmptyState>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Templates · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
