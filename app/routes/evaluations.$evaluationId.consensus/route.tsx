import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { type ConsensusAnswer, ConsensusItem } from "~/components/evaluation/consensus-item";
import { PageHeader } from "~/components/page";
import { STATUS_LABELS } from "~/domain/evaluation";
import {
  CONSENSUS_RATIONALE_LIMIT,
  canSetConsensus,
  clearConsensus,
  consensusFormSchema,
  parseConsensusValue,
  type StoredConsensus,
  setConsensus,
} from "~/models/consensus.server";
import {
  type EvaluationRow,
  evaluationFor,
  getEvaluationChecklist,
  loadEvaluationPeople,
  loadScores,
} from "~/models/evaluation.server";
import { evaluationResults } from "~/models/results.server";
import { loadConsensus } from "~/models/review.server";
import { authorize, type Viewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { InputError } from "~/utils/errors.server";
import { answerCell } from "~/utils/form-answers.server";
import { formatDateTime, formatFigure, plural } from "~/utils/format";
import { expectFields, fieldErrors, formValues } from "~/utils/forms.server";
import { forbidden } from "~/utils/http.server";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";
import { consensusItems } from "./view.server";

// Admins only (docs/product.md "Access rules": consensus is an admin's change); set and cleared in `review`, read-only in
// any other status. Evaluators and viewers who see the evaluation get 403, anyone else 404 via `evaluationFor`.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  if (!isAdmin) forbidden("Only buyer admins set consensus scores.");
  const [checklist, people, scores, consensus] = await Promise.all([
    getEvaluationChecklist(evaluation),
    loadEvaluationPeople(evaluation.id, viewer.organisationId),
    loadScores(evaluation.id),
    loadConsensus(evaluation.id),
  ]);
  const results = await evaluationResults({
    evaluation,
    checklist,
    people,
    scores,
    consensus,
    buyerOrganisationId: viewer.organisationId,
  });
  const items = consensusItems({
    checklist,
    people,
    scores,
    consensus,
    results,
    timeZone: viewer.orgTimeZone,
  });
  return {
    evaluation: {
      id: evaluation.id,
      name: evaluation.name,
      status: evaluation.status,
      statusLabel: STATUS_LABELS[evaluation.status],
    },
    editable: canSetConsensus(evaluation.status),
    limits: { rationale: CONSENSUS_RATIONALE_LIMIT },
    // One key per page drawn; the guard scopes it by cell.
    idempotencyKey: newIdempotencyKey(),
    disagreements: items.filter((i) => i.disagreement).length,
    agreed: items.filter((i) => i.consensus).length,
    items,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  if (!isAdmin) forbidden("Only buyer admins set consensus scores.");
  const form = expectFields(await request.formData(), consensusFormSchema);
  const raw = formValues(form);
  const cell = `${raw.candidateId ?? ""}:${raw.criterionId ?? ""}`;
  const present = (current: unknown) => {
    const c = current as StoredConsensus | null;
    return c
      ? {
          value: formatFigure(c.value),
          rationale: c.rationale,
          version: c.version,
          savedAt: formatDateTime(c.updatedAt, viewer.orgTimeZone),
        }
      : null;
  };
  return answerCell(form, { cell }, present, () => saveConsensus(form, viewer, evaluation, cell));
}

/** Sets (a create once per drawn form) or clears the consensus of one cell. */
async function saveConsensus(form: FormData, viewer: Viewer, evaluation: EvaluationRow, cell: string) {
  const parsed = consensusFormSchema.safeParse(formValues(form));
  if (!parsed.success) throw new InputError(fieldErrors(parsed.error));
  const { candidateId, criterionId, version } = parsed.data;
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId, role: viewer.role };
  const location = `/evaluations/${evaluation.id}/consensus?${new URLSearchParams({ saved: cell })}#consensus-${candidateId}-${criterionId}`;
  const intent = form.get("intent");
  if (intent === "set") {
    const input = {
      candidateId,
      criterionId,
      value: parseConsensusValue(parsed.data.value),
      rationale: parsed.data.rationale,
    };
    if (version === null) {
      // A create runs once per drawn form (docs/decisions/0002): a replay changes nothing, answers no conflict.
      await once(form, `consensus.set:${cell}`, async (tx) => {
        await setConsensus(actor, evaluation, input, null, tx);
        return location;
      });
    } else {
      await setConsensus(actor, evaluation, input, version);
    }
    return { location, body: { message: "Consensus saved: it replaces the mean in the results." } };
  }
  if (intent === "clear") {
    await clearConsensus(actor, evaluation, { candidateId, criterionId }, version);
    return { location, body: { message: "Consensus cleared: the mean counts again." } };
  }
  throw new InputError({}, "Unknown action.");
}

export default function ConsensusPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ConsensusAnswer | undefined;
  const e = d.evaluation;
  return (
    <>
      <p>
        <Link to={`/evaluations/${e.id}`}>← {e.name}</Link>
      </p>
      <PageHeader
        title="Consensus scores"
        intro={
          <span className="evaluation-meta">
            <span className={`badge evaluation-status-${e.status}`}>{e.statusLabel}</span>
            <span>
              {plural(d.disagreements, "disagreement", "disagreements")} flagged (a spread of 30% of the scale
              or more) · {plural(d.agreed, "consensus score", "consensus scores")} set
            </span>
          </span>
        }
      />
      {d.editable ? (
        <p className="muted">
          A consensus score replaces the evaluators’ mean in every figure; their own scores stay recorded and
          shown beside it. It survives a return to scoring.
        </p>
      ) : (
        <div className="alert alert-info" role="status">
          Consensus scores are set only while the evaluation is in review; this evaluation is{" "}
          {e.statusLabel.toLowerCase()}, so this page is read-only.
        </div>
      )}
      {d.items.length === 0 ? (
        <p className="card muted">No candidate has a rated criterion to agree on.</p>
      ) : (
        <ol className="review-consensus-list">
          {d.items.map((item) => (
            <li key={item.cell} id={`consensus-${item.candidateId}-${item.criterionId}`}>
              <ConsensusItem
                item={item}
                editable={d.editable}
                limit={d.limits.rationale}
                idempotencyKey={d.idempotencyKey}
                answer={answer?.cell === item.cell ? answer : undefined}
              />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `Consensus · ${data?.evaluation.name ?? "Evaluation"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
