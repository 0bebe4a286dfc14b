import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { partnerDebriefs } from "~/models/decision.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formatDate, formatFigure } from "~/utils/format";

// A debrief addressed to this partner (docs/product.md "Debrief"): the buyer's name, its text and, when the buyer shared
// them, the partner's own section scores. Nothing else of the evaluation. Another partner's debrief, and any buyer,
// get a 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const [debrief] = await partnerDebriefs(viewer.organisationId, params.debriefId ?? "");
  const d = found(debrief);
  return {
    buyer: d.buyer,
    published: formatDate(d.publishedAt),
    body: d.body,
    sectionScores: d.sectionScores?.map((s) => ({
      section: s.section,
      score: s.score === null ? "Not scored" : formatFigure(s.score),
    })),
  };
}

export default function DebriefPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p className="back">
        <Link to="/requests">← Requests</Link>
      </p>
      <PageHeader title={`Debrief from ${d.buyer}`} intro={`Published ${d.published}.`} />
      <section className="card" aria-labelledby="debrief-text">
        <h2 id="debrief-text">What {d.buyer} writes</h2>
        <p className="debrief-body">{d.body}</p>
      </section>
      {d.sectionScores ? (
        <section className="card spaced-sm" aria-labelledby="debrief-scores">
          <h2 id="debrief-scores">Your section scores (0–100)</h2>
          <table className="table-stack">
            <caption className="visually-hidden">Your section scores</caption>
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col" className="num">
                  Score
                </th>
              </tr>
            </thead>
            <tbody>
              {d.sectionScores.map((s) => (
                <tr key={s.section}>
                  <td data-label="Section">{s.section}</td>
                  <td data-label="Score" className="num">
                    {s.score}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: data ? `Debrief from ${data.buyer} · PartnerLens` : "PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
