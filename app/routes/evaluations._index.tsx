import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmptyState, PageHeader } from "~/components/page";
import { Scale } from "~/components/ui/icons";
import { listEvaluations } from "~/models/evaluation.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formatDate, formatDateTime } from "~/utils/format";
import { EvaluationStatusBadge } from "../components/ui/evaluation-status-badge";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const rows = await listEvaluations(viewer);
  return {
    role: viewer.role,
    isAdmin: viewer.role === "admin",
    evaluations: rows.map((e) => ({
      id: e.id,
      name: e.name,
      status: e.status,
      // A deadline is a calendar day in the organisation's time zone: shown as that day.
      deadline: e.deadlineOn ? formatDate(`${e.deadlineOn}T00:00:00Z`, "UTC") : null,
      candidates: e.candidates,
      evaluators: e.evaluators,
      updated: formatDateTime(e.updatedAt, viewer.orgTimeZone),
    })),
  };
}

const EMPTY_TEXT = {
  admin: "Create an evaluation from a checklist template, shortlist partners and assign your evaluators.",
  evaluator:
    "When a procurement lead assigns you to an evaluation, it appears here with what you still have to score.",
  viewer: "Evaluations appear here once they reach review: the comparison, the charts and the decision.",
  member: "",
} as const;

export default function EvaluationsPage() {
  const { role, isAdmin, evaluations } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Evaluations"
        intro="Sourcing exercises: a checklist, a shortlist, scores and a decision."
        actions={
          isAdmin ? (
            <Link to="/evaluations/new" className="btn btn-primary">
              New evaluation
            </Link>
          ) : null
        }
      />
      {evaluations.length === 0 ? (
        <EmptyState icon={Scale} title="No evaluations yet">
          <p>{EMPTY_TEXT[role]}</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table-stack">
            <thead>
              <tr>
                <th scope="col">Evaluation</th>
                <th scope="col">Status</th>
                <th scope="col">Deadline</th>
                <th scope="col" className="num">
                  Candidates
                </th>
                <th scope="col" className="num">
                  Evaluators
                </th>
                <th scope="col">Last changed</th>
              </tr>
            </thead>
            <tbody>
              {evaluations.map((e) => (
                <tr key={e.id}>
                  <td data-label="Evaluation">
                    <Link to={`/evaluations/${e.id}`}>{e.name}</Link>
                  </td>
                  <td data-label="Status">
                    <EvaluationStatusBadge status={e.status} />
                  </td>
                  <td data-label="Deadline">{e.deadline ?? <span className="muted">None</span>}</td>
                  <td className="num" data-label="Candidates">
                    {e.candidates}
                  </td>
                  <td className="num" data-label="Evaluators">
                    {e.evaluators}
                  </td>
                  <td data-label="Last changed">{e.updated}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Evaluations · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
