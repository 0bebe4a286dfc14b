import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { PageHeader } from "~/components/page";

import { canAddCandidates } from "~/domain/evaluation";
import { LABELS, specializationLabel } from "~/domain/profile";
import { evaluationFor, getEvaluationChecklist } from "~/models/evaluation.server";
import { addCandidate, listCandidatePartners } from "~/models/evaluation-participants.server";
import { triageDirectory } from "~/models/results.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formFailure } from "~/utils/errors.server";
import { formatFigure, formatShare, plural } from "~/utils/format";
import { forbidden } from "~/utils/http.server";

/** Admins, while partners can still be added (before `decided`, not cancelled). */
async function triageAccess(request: Request, evaluationId: string | undefined) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, evaluationId);
  if (!access.isAdmin) forbidden();
  return { viewer, evaluation: access.evaluation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, evaluation } = await triageAccess(request, params.evaluationId);
  // Once decided or cancelled, the shortlist is closed: the evaluation page says so.
  if (!canAddCandidates(evaluation.status)) throw redirect(`/evaluations/${evaluation.id}`);
  const [checklist, shortlist] = await Promise.all([
    getEvaluationChecklist(evaluation),
    listCandidatePartners(evaluation.id),
  ]);
  const rows = await triageDirectory({ evaluation, checklist, buyerOrganisationId: viewer.organisationId });
  const onList = new Map(shortlist.map((c) => [c.partnerId, c.withdrawn]));
  const criteria = checklist.sections.flatMap((s) =>
    s.criteria.filter((c) => c.kind === "rated" && c.suggestionRule !== null).map((c) => ({ c, s })),
  );
  return {
    id: evaluation.id,
    name: evaluation.name,
    canAdd: canAddCandidates(evaluation.status),
    context: {
      sizeBand: evaluation.sizeBand ? LABELS.sizeBand[evaluation.sizeBand] : null,
      useCases: evaluation.useCases.map((u) => LABELS.useCase[u]),
      specializations: evaluation.requiredSpecializations.map(specializationLabel),
    },
    ruled: criteria.length,
    rows: rows.map((r) => ({
      partnerId: r.partnerId,
      name: r.name,
      rank: r.result.rank ?? null,
      total: r.result.total === undefined ? null : formatFigure(r.result.total),
      completeness: formatShare(r.result.completeness),
      disqualified: r.result.disqualified,
      shortlisted: onList.has(r.partnerId) ? (onList.get(r.partnerId) ? "withdrawn" : "active") : null,
      reasons: criteria.map(({ c, s }) => {
        const suggestion = r.suggestions.get(c.key);
        return {
          key: c.key,
          criterion: c.name,
          section: s.name,
          score: suggestion?.kind === "suggestion" ? `${suggestion.score} of ${c.max}` : null,
          reason: suggestion?.reason ?? "No suggestion",
        };
      }),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, evaluation } = await triageAccess(request, params.evaluationId);
  const form = await request.formData();
  const partnerId = String(form.get("partnerId") ?? "");
  if (form.get("intent") !== "add-candidate" || !partnerId) {
    return data({ ok: false, formError: "Choose a partner to add.", message: "" }, { status: 400 });
  }
  try {
    await addCandidate(
      { userId: viewer.userId, organisationId: viewer.organisationId },
      evaluation.id,
      partnerId,
    );
  } catch (error) {
    const failure = formFailure(error);
    return data({ ok: false, formError: failure.formError, message: "" }, { status: failure.status });
  }
  return { ok: true, formError: "", message: "Added to the shortlist." };
}

export default function TriagePage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const context = [
    d.context.sizeBand,
    d.context.useCases.length ? d.context.useCases.join(", ") : null,
    d.context.specializations.length ? `needs ${d.context.specializations.join(", ")}` : null,
  ].filter(Boolean);
  return (
    <>
      <p>
        <Link to={`/evaluations/${d.id}`}>← {d.name}</Link>
      </p>
      <PageHeader
        title="Triage the directory"
        intro={`Every partner scored by the auto-suggestions alone on this evaluation's checklist (${plural(d.ruled, "criterion carries", "criteria carry")} a rule; the others stay unscored), ranked by that partial total. A starting point for the shortlist, not a score.`}
      />
      <p className="muted">
        Your context:{" "}
        {context.length ? context.join(" · ") : "not stated (some rules cannot suggest anything)"}.
      </p>
      {answer?.ok ? (
        <div className="alert alert-success" role="status">
          {answer.message}
        </div>
      ) : null}
      <FormAlert message={answer?.ok === false ? answer.formError : undefined} />
      <ol className="triage-list">
        {d.rows.map((r) => (
          <li key={r.partnerId} className="card triage-row">
            <div className="triage-head">
              <span className="triage-rank">
                <span className="visually-hidden">Rank </span>
                {r.rank ?? "–"}
              </span>
              <div className="triage-name">
                <h2>
                  <Link to={`/partners/${r.partnerId}`}>{r.name}</Link>
                </h2>
                <span className="muted">
                  {r.total === null ? "Nothing to suggest" : `Partial total ${r.total}`} · completeness{" "}
                  {r.completeness}
                  {r.disqualified ? " · below a knockout" : ""}
                </span>
              </div>
              <div className="triage-action">
                {r.shortlisted === "active" ? (
                  <span className="badge status-accepted">On the shortlist</span>
                ) : r.shortlisted === "withdrawn" ? (
                  <span className="badge status-expired">Withdrawn</span>
                ) : d.canAdd ? (
                  <Form method="post">
                    <input type="hidden" name="partnerId" value={r.partnerId} />
                    <button
                      type="submit"
                      name="intent"
                      value="add-candidate"
                      className="btn btn-secondary btn-small"
                      aria-label={`Add ${r.name} to the shortlist`}
                    >
                      Add to shortlist
                    </button>
                  </Form>
                ) : null}
              </div>
            </div>
            <details className="triage-reasons">
              <summary>Why: the suggestion per criterion</summary>
              <table className="table-stack">
                <thead>
                  <tr>
                    <th scope="col">Criterion</th>
                    <th scope="col" className="num">
                      Suggestion
                    </th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {r.reasons.map((reason) => (
                    <tr key={reason.key}>
                      <td data-label="Criterion">
                        {reason.criterion}
                        <div className="muted">{reason.section}</div>
                      </td>
                      <td data-label="Suggestion" className="num">
                        {reason.score ?? <span className="muted">None</span>}
                      </td>
                      <td data-label="Reason">{reason.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </li>
        ))}
      </ol>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `Triage · ${data?.name ?? "Evaluation"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
