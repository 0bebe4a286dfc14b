import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EvaluatorEntries } from "~/components/comparison/evaluator-entries";
import type { CriterionScores } from "~/components/comparison/types";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { comparisonFor } from "~/models/comparison.server";
import { loadCriterionScores } from "~/models/criterion-scores.server";
import compareStyles from "~/styles/compare.css";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failurePage } from "~/utils/errors.server";
import { formatDateTime, formatFigure } from "~/utils/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: compareStyles }];

// One row of the comparison by evaluator: every assigned evaluator's score and justification of one criterion for
// each candidate, with the consensus and its rationale. docs/product.md "Qualities": per-evaluator details load on demand,
// so the comparison fetches this when a row is opened; without JavaScript it is a page of its own.
export async function loader({ request, params }: LoaderFunctionArgs): Promise<CriterionScores> {
  const viewer = await authorize(request, { kind: "buyer" });
  const comparison = await comparisonFor(viewer, params.evaluationId, { derivations: false }).catch(
    failurePage,
  );
  const { criterion, scores, consensus } = await loadCriterionScores(comparison, params.criterionId).catch(
    failurePage,
  );
  const tz = viewer.orgTimeZone;
  // Two evaluators with one name are told apart by their e-mail (docs/product.md "Exports" does the same).
  const named = new Map<string, number>();
  for (const e of comparison.evaluators) named.set(e.name, (named.get(e.name) ?? 0) + 1);
  const label = (e: { name: string; email: string }) =>
    (named.get(e.name) ?? 0) > 1 ? `${e.name} (${e.email})` : e.name;
  const scoreOf = new Map(scores.map((s) => [`${s.candidateId} ${s.evaluatorUserId}`, s]));
  const agreedOf = new Map(consensus.map((c) => [c.candidateId, c]));
  return {
    evaluation: { id: comparison.evaluation.id, name: comparison.evaluation.name },
    criterion: {
      id: criterion.key,
      name: criterion.name,
      section: criterion.section,
      question: criterion.question,
      kind: criterion.kind,
      max: criterion.max,
    },
    candidates: comparison.results.candidates.map((r) => {
      const agreed = agreedOf.get(r.candidateId);
      return {
        id: r.candidateId,
        name: r.name,
        consensus: agreed
          ? {
              value: formatFigure(agreed.value),
              rationale: agreed.rationale,
              by: agreed.setBy ?? "A former member",
              at: agreed.updatedAt ? formatDateTime(agreed.updatedAt, tz) : null,
            }
          : null,
        entries: comparison.evaluators.map((e) => {
          const conflicted = (comparison.conflicts.get(e.userId) ?? []).includes(r.candidateId);
          const s = conflicted ? undefined : scoreOf.get(`${r.candidateId} ${e.userId}`);
          return {
            evaluator: label(e),
            state: conflicted ? ("conflict" as const) : s ? ("scored" as const) : ("missing" as const),
            value: s ? s.value : null,
            justification: s?.justification ?? "",
            at: s?.updatedAt ? formatDateTime(s.updatedAt, tz) : null,
          };
        }),
      };
    }),
  };
}

export default function CriterionScoresPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p className="back">
        <Link to={`/evaluations/${d.evaluation.id}/compare`}>← Comparison of {d.evaluation.name}</Link>
      </p>
      <PageHeader title={d.criterion.name} intro={`${d.criterion.section} · ${d.criterion.question}`} />
      {d.criterion.kind === "numeric" ? (
        <p className="card">
          A numeric criterion is scored from each candidate's value by the ratio rule, not by evaluators.
        </p>
      ) : (
        d.candidates.map((c) => (
          <section className="card" key={c.id} aria-labelledby={`c-${c.id}`}>
            <h2 id={`c-${c.id}`}>{c.name}</h2>
            <EvaluatorEntries candidate={c} max={d.criterion.max} />
          </section>
        ))
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: data ? `${data.criterion.name} by evaluator · PartnerLens` : "PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
