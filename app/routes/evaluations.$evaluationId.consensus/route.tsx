import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  ConsensusAgreedCandidates,
  ConsensusCandidate,
  ConsensusFilter,
  ConsensusJump,
  type EvaluatorColumn,
} from "~/components/consensus/consensus-groups";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { ConsensusAnswer } from "~/components/evaluation/consensus-item";
import { PageHeader } from "~/components/page";
import { EmptyState } from "~/components/ui/empty-state";
import { CheckCircle2 } from "~/components/ui/icons";
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
import { EvaluationStatusBadge } from "../../components/ui/evaluation-status-badge";
import { consensusGroups, consensusScope } from "./view.server";

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
  const scope = consensusScope(new URL(request.url));
  const candidates = consensusGroups({
    checklist,
    people,
    scores,
    consensus,
    results,
    timeZone: viewer.orgTimeZone,
    scope,
  });
  const total = (key: "criteria" | "disagreements" | "agreed") =>
    candidates.reduce((sum, c) => sum + c.counts[key], 0);
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
    scope,
    counts: { criteria: total("criteria"), disagreements: total("disagreements"), agreed: total("agreed") },
    evaluators: evaluatorColumns(people.evaluators.filter((e) => e.active)),
    candidates,
  };
}

/** The evaluators' columns: first names, or full names where two share one. */
function evaluatorColumns(evaluators: readonly { userId: string; name: string }[]): EvaluatorColumn[] {
  const first = (name: string) => name.trim().split(/\s+/)[0] ?? name;
  const taken = new Map<string, number>();
  for (const e of evaluators) taken.set(first(e.name), (taken.get(first(e.name)) ?? 0) + 1);
  return evaluators.map((e) => ({
    id: e.userId,
    name: e.name,
    short: (taken.get(first(e.name)) ?? 0) > 1 ? e.name : first(e.name),
  }));
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
  return answerCell(form, { cell }, present, () => saveConsensus(request, form, viewer, evaluation, cell));
}

/** Sets (a create once per drawn form) or clears the consensus of one cell. */
async function saveConsensus(
  request: Request,
  form: FormData,
  viewer: Viewer,
  evaluation: EvaluationRow,
  cell: string,
) {
  const parsed = consensusFormSchema.safeParse(formValues(form));
  if (!parsed.success) throw new InputError(fieldErrors(parsed.error));
  const { candidateId, criterionId, version } = parsed.data;
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId, role: viewer.role };
  // Back to the same list (the filter is the page's GET parameter), at the row saved.
  const query = new URLSearchParams({ saved: cell });
  if (consensusScope(new URL(request.url)) === "all") query.set("show", "all");
  const location = `/evaluations/${evaluation.id}/consensus?${query}#consensus-${candidateId}-${criterionId}`;
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
  const [params] = useSearchParams();
  const e = d.evaluation;
  const path = `/evaluations/${e.id}/consensus`;
  // With "Disagreements only", the candidates without one share a card at the end.
  const flagged = (c: (typeof d.candidates)[number]) => d.scope === "all" || c.counts.disagreements > 0;
  const listed = d.candidates.filter(flagged);
  const quiet = d.candidates.filter((c) => !flagged(c));
  return (
    <>
      <p>
        <Link to={`/evaluations/${e.id}`}>← {e.name}</Link>
      </p>
      <PageHeader
        title="Consensus scores"
        intro={
          <span className="evaluation-meta">
            <EvaluationStatusBadge status={e.status} />
            <span>
              {plural(d.counts.disagreements, "disagreement", "disagreements")} flagged (a spread of 30% of
              the scale or more) · {plural(d.counts.agreed, "consensus score", "consensus scores")} set
            </span>
          </span>
        }
      />
      {d.editable ? (
        <p className="muted cx-intro">
          A consensus score replaces the evaluators’ mean in every figure; their own scores stay recorded and
          shown beside it. It survives a return to scoring. Open a criterion to read the justifications and
          set it.
        </p>
      ) : (
        <div className="alert alert-info" role="status">
          Consensus scores are set only while the evaluation is in review; this evaluation is{" "}
          {e.statusLabel.toLowerCase()}, so this page is read-only.
        </div>
      )}
      {d.counts.criteria === 0 ? (
        <EmptyState icon={CheckCircle2} title="Nothing to agree on">
          No candidate has a rated criterion to agree on.
        </EmptyState>
      ) : (
        <>
          <div className="cx-toolbar">
            <ConsensusFilter path={path} scope={d.scope} counts={d.counts} />
            <ConsensusJump candidates={d.candidates} />
          </div>
          {d.scope === "disagreements" && d.counts.disagreements === 0 ? (
            <EmptyState
              icon={CheckCircle2}
              title="No disagreements"
              action={
                <Link to={`${path}?show=all`} className="btn btn-secondary">
                  Show all criteria
                </Link>
              }
            >
              The evaluators’ scores differ by less than 30% of the scale on every criterion. A consensus can
              still be set on any of them.
            </EmptyState>
          ) : null}
          {listed.map((c) => (
            <ConsensusCandidate
              key={c.candidateId}
              candidate={c}
              scope={d.scope}
              path={path}
              evaluators={d.evaluators}
              editable={d.editable}
              limit={d.limits.rationale}
              idempotencyKey={d.idempotencyKey}
              answer={answer}
              saved={params.get("saved")}
            />
          ))}
          {d.scope === "disagreements" ? <ConsensusAgreedCandidates candidates={quiet} path={path} /> : null}
        </>
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
