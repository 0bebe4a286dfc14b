import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  CompletenessDerivation,
  CoverageDerivation,
  EvidenceDerivation,
  RankDerivation,
} from "~/components/comparison/derivation-parts";
import { CriterionDerivation, SectionDerivation, TotalDerivation } from "~/components/comparison/derivations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { comparisonFor } from "~/models/comparison.server";
import compareStyles from "~/styles/compare.css";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failurePage } from "~/utils/errors.server";
import { possessive } from "~/utils/format";
import { derivationView } from "./view.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: compareStyles }];

// Every figure of one candidate with its derivation: what the comparison's dialog shows one at a time (it loads this
// route's data), and a page of its own without JavaScript. The same people as the comparison may read it. The
// candidate's figures come from its individual scores (the others' from summaries, as on the comparison), so that a
// mean names each evaluator's score.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const comparison = await comparisonFor(viewer, params.evaluationId, { scoresOf: params.candidateId }).catch(
    failurePage,
  );
  const result = found(comparison.results.candidates.find((c) => c.candidateId === params.candidateId));
  return {
    evaluation: { id: comparison.evaluation.id, name: comparison.evaluation.name },
    ...derivationView(comparison, result),
  };
}

export default function CandidateDerivations() {
  const d = useLoaderData<typeof loader>();
  const compare = `/evaluations/${d.evaluation.id}/compare`;
  return (
    <>
      <p className="back">
        <Link to={compare}>← Comparison of {d.evaluation.name}</Link>
      </p>
      <PageHeader
        title={`How ${possessive(d.candidate.name)} figures were made`}
        intro={
          d.candidate.total === null
            ? "Not scored yet."
            : `Rank ${d.candidate.rank ?? "—"}, total ${d.candidate.total}${d.candidate.disqualified ? `, disqualified: ${d.candidate.reasons.join("; ")}` : ""}.`
        }
      />
      <section className="card" id="total" aria-labelledby="total-title">
        <h2 id="total-title">Total</h2>
        <TotalDerivation d={d} />
      </section>
      <section className="card" id="rank" aria-labelledby="rank-title">
        <h2 id="rank-title">Rank</h2>
        <RankDerivation rank={d.rank} name={d.candidate.name} />
      </section>
      <section className="card" id="completeness" aria-labelledby="completeness-title">
        <h2 id="completeness-title">Completeness</h2>
        <CompletenessDerivation d={d} />
      </section>
      <section className="card" id="coverage" aria-labelledby="coverage-title">
        <h2 id="coverage-title">Evaluator coverage</h2>
        <CoverageDerivation d={d} />
      </section>
      <section className="card" id="evidence" aria-labelledby="evidence-title">
        <h2 id="evidence-title">Evidence confidence</h2>
        <EvidenceDerivation d={d} />
      </section>
      {d.sections.map((s) => (
        <section className="card" key={s.id} id={`section-${s.id}`} aria-labelledby={`section-${s.id}-title`}>
          <h2 id={`section-${s.id}-title`}>{s.name}</h2>
          <SectionDerivation d={d} id={s.id} />
          {d.criteria
            .filter((c) => c.sectionId === s.id)
            .map((c) => (
              <div key={c.id} id={`criterion-${c.id}`} className="derivation-criterion">
                <h3>{c.name}</h3>
                <CriterionDerivation d={d} id={c.id} />
              </div>
            ))}
        </section>
      ))}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: data ? `${data.candidate.name}: how the figures were made · PartnerLens` : "PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
