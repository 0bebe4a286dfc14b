import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmptyState, PageHeader } from "~/components/page";
import { authorize } from "~/utils/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  return { role: viewer.role };
}

const EMPTY_TEXT = {
  admin: "Create an evaluation from a checklist template, shortlist partners and assign your evaluators.",
  evaluator:
    "When a procurement lead assigns you to an evaluation, it appears here with what you still have to score.",
  viewer: "Evaluations appear here once they reach review: the comparison, the charts and the decision.",
  member: "",
} as const;

export default function EvaluationsPage() {
  const { role } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Evaluations"
        intro="Sourcing exercises: a checklist, a shortlist, scores and a decision."
      />
      <EmptyState icon="⚖" title="No evaluations yet">
        <p>{EMPTY_TEXT[role]}</p>
      </EmptyState>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Evaluations · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
