import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { STATUS_LABELS } from "~/domain/evaluation";
import {
  EvaluationRuleError,
  evaluationFor,
  getEvaluationChecklist,
  loadEvaluationPeople,
  loadScores,
} from "~/models/evaluation.server";
import { evaluationResults } from "~/models/results.server";
import {
  CONSENSUS_RATIONALE_LIMIT,
  ConsensusConflict,
  canSetConsensus,
  clearConsensus,
  consensusFormSchema,
  loadConsensus,
  parseConsensusValue,
  ReviewInputError,
  setConsensus,
} from "~/models/review.server";
import { authorize } from "~/utils/access.server";
import { writeFailure } from "~/utils/database-fault.server";
import { formatDateTime, formatFigure } from "~/utils/format";
import { expectFields, fieldErrors, formValues } from "~/utils/forms.server";
import { forbidden } from "~/utils/http.server";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";

export interface ConsensusAnswer {
  cell?: string;
  ok?: boolean;
  message?: string;
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
  formError?: string;
  conflict?: { value: string; rationale: string; version: number; savedAt: string } | null;
}

// Admins only (DESIGN.md "Access rules": consensus is an admin's change); set and cleared in `review`, read-only in
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
  const tz = viewer.orgTimeZone;
  const criteria = new Map(
    checklist.sections.flatMap((s, si) =>
      s.criteria.map((c, ci) => [c.key, { c, section: s.name, order: si * 1000 + ci }] as const),
    ),
  );
  const evaluatorName = new Map(people.evaluators.map((e) => [e.userId, e.name]));
  const justification = new Map(
    scores.map((s) => [`${s.candidateId}:${s.criterionId}:${s.evaluatorUserId}`, s.justification]),
  );
  const agreed = new Map(consensus.map((c) => [`${c.candidateId}:${c.criterionId}`, c]));

  const items = results.candidates.flatMap((r) =>
    r.criteria.flatMap((x) => {
      const d = x.derivation;
      // Every counted rated criterion of every candidate in the ranking, scored or not: a panel may agree a score
      // where no evaluator gave one.
      if (x.kind !== "rated" || d.rule === "ratio") return [];
      const meta = criteria.get(x.criterionId);
      if (!meta) return [];
      const cell = `${r.candidateId}:${x.criterionId}`;
      const set = agreed.get(cell);
      const own = (d.rule === "none" ? [] : d.scores)
        .map((s) => ({
          name: evaluatorName.get(s.evaluatorId) ?? "A former evaluator",
          value: s.value,
          justification: justification.get(`${cell}:${s.evaluatorId}`) ?? "",
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const mean = own.length > 0 ? own.reduce((sum, s) => sum + s.value, 0) / own.length : undefined;
      return [
        {
          cell,
          candidateId: r.candidateId,
          candidateName: r.name,
          criterionId: x.criterionId,
          criterionName: meta.c.name,
          section: meta.section,
          question: meta.c.question,
          order: meta.order,
          max: x.max,
          scores: own,
          mean: mean === undefined ? null : formatFigure(mean),
          spread: x.spread ?? null,
          disagreement: x.disagreement,
          consensus: set
            ? {
                value: formatFigure(set.value),
                raw: String(set.value),
                rationale: set.rationale,
                version: set.version,
                setBy: set.setBy ?? "A former member",
                savedAt: formatDateTime(set.updatedAt, tz),
              }
            : null,
        },
      ];
    }),
  );
  // Flagged disagreements first (widest spread first), then those agreed, then the scored ones, then the unscored;
  // checklist order within.
  const rank = (i: (typeof items)[number]) =>
    i.disagreement ? 0 : i.consensus ? 1 : i.scores.length > 0 ? 2 : 3;
  items.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.disagreement ? (b.spread ?? 0) - (a.spread ?? 0) : 0) ||
      a.candidateName.localeCompare(b.candidateName) ||
      a.order - b.order,
  );
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
    items: items.map(({ order: _order, ...i }) => i),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  if (!isAdmin) forbidden("Only buyer admins set consensus scores.");
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId, role: viewer.role };
  const form = await request.formData();
  const intent = form.get("intent");
  const raw = formValues(expectFields(form, consensusFormSchema));
  const cell = `${raw.candidateId ?? ""}:${raw.criterionId ?? ""}`;
  const answer = (body: ConsensusAnswer, status: number) =>
    data({ cell, values: raw, ...body } satisfies ConsensusAnswer, { status });
  const parsed = consensusFormSchema.safeParse(raw);
  if (!parsed.success) return answer({ errors: fieldErrors(parsed.error) }, 400);
  const { candidateId, criterionId, version } = parsed.data;
  const location = `/evaluations/${evaluation.id}/consensus?${new URLSearchParams({ saved: cell })}#consensus-${candidateId}-${criterionId}`;
  let message: string;
  try {
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
      message = "Consensus saved: it replaces the mean in the results.";
    } else if (intent === "clear") {
      await clearConsensus(actor, evaluation, { candidateId, criterionId }, version);
      message = "Consensus cleared: the mean counts again.";
    } else {
      return answer({ formError: "Unknown action." }, 400);
    }
  } catch (error) {
    if (error instanceof ReviewInputError) return answer({ errors: error.errors }, 400);
    if (error instanceof ConsensusConflict) {
      const c = error.current;
      return answer(
        {
          conflict: c
            ? {
                value: formatFigure(c.value),
                rationale: c.rationale,
                version: c.version,
                savedAt: formatDateTime(c.updatedAt, viewer.orgTimeZone),
              }
            : null,
        },
        409,
      );
    }
    // NOTE: a database fault (a failed constraint or trigger, a dropped connection) rolled the whole change back;
    // the person learns that and may retry, rather than meeting an error page.
    const failed = writeFailure(error, [EvaluationRuleError]);
    if (failed) return answer({ formError: failed.formError }, failed.status);
    throw error;
  }
  if (form.get("_js") === "1") return answer({ ok: true, message }, 200);
  throw redirect(location);
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Item = Data["items"][number];

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
              {d.disagreements} disagreement{d.disagreements === 1 ? "" : "s"} flagged (a spread of 30% of the
              scale or more) · {d.agreed} consensus score{d.agreed === 1 ? "" : "s"} set
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

function ConsensusItem({
  item,
  editable,
  limit,
  idempotencyKey,
  answer,
}: {
  item: Item;
  editable: boolean;
  limit: number;
  idempotencyKey: string;
  answer: ConsensusAnswer | undefined;
}) {
  const fetcher = useFetcher<ConsensusAnswer>();
  const [params] = useSearchParams();
  const id = useId();
  const result = fetcher.data ?? answer;
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const errors = result?.ok ? {} : (result?.errors ?? {});
  const conflict = result?.conflict;
  const version = conflict ? conflict.version : (item.consensus?.version ?? null);
  const pending = fetcher.state !== "idle";
  const saved = (fetcher.state === "idle" && fetcher.data?.ok) || params.get("saved") === item.cell;
  const open = item.disagreement || !!item.consensus || !!answer;
  return (
    <details className={`card review-consensus${item.disagreement ? " is-disagreement" : ""}`} open={open}>
      <summary>
        <span className="review-consensus-title">
          <strong>{item.candidateName}</strong> · {item.criterionName}
        </span>
        <span className="review-consensus-figures">
          {item.disagreement ? <span className="badge status-expired">Disagreement</span> : null}
          {item.mean === null ? (
            <span className="badge badge-neutral">Not scored</span>
          ) : (
            <span className="badge badge-neutral">
              Mean {item.mean} of {item.max}
            </span>
          )}
          {item.spread !== null ? <span className="badge badge-neutral">Spread {item.spread}</span> : null}
          {item.consensus ? (
            <span className="badge status-current">Consensus {item.consensus.value}</span>
          ) : null}
        </span>
      </summary>
      <p className="muted">
        {item.section} · {item.question}
      </p>
      {item.scores.length > 0 ? (
        <div className="others">
          <h3 className="review-subhead">Evaluators’ scores</h3>
          <ul>
            {item.scores.map((s) => (
              <li key={s.name}>
                <strong>
                  {s.name}: {s.value} of {item.max}
                </strong>
                <p>{s.justification}</p>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">No evaluator scored this yet.</p>
      )}
      {item.consensus ? (
        <div className="review-consensus-current">
          <h3 className="review-subhead">
            Consensus: {item.consensus.value} of {item.max}
          </h3>
          <p>{item.consensus.rationale}</p>
          <p className="muted">
            Set by {item.consensus.setBy}, {item.consensus.savedAt}
          </p>
        </div>
      ) : null}
      {editable ? (
        <fetcher.Form
          method="post"
          className="review-consensus-form"
          aria-label={`Consensus for ${item.criterionName}, ${item.candidateName}`}
        >
          <input type="hidden" name="candidateId" value={item.candidateId} />
          <input type="hidden" name="criterionId" value={item.criterionId} />
          {version !== null ? <input type="hidden" name="version" value={version} /> : null}
          <input type="hidden" name="_idempotency" value={idempotencyKey} />
          {hydrated ? <input type="hidden" name="_js" value="1" /> : null}
          <div className="field field-narrow">
            <label htmlFor={`${id}-value`}>Consensus score (0–{item.max}, one decimal)</label>
            <input
              id={`${id}-value`}
              name="value"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              required
              defaultValue={result?.values?.value ?? item.consensus?.raw ?? ""}
              aria-invalid={errors.value ? true : undefined}
              aria-describedby={errors.value ? `${id}-value-error` : undefined}
            />
            <FieldError id={`${id}-value-error`} error={errors.value} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-rationale`}>Rationale (required)</label>
            <textarea
              id={`${id}-rationale`}
              name="rationale"
              rows={2}
              required
              maxLength={limit}
              defaultValue={result?.values?.rationale ?? item.consensus?.rationale ?? ""}
              aria-invalid={errors.rationale ? true : undefined}
              aria-describedby={errors.rationale ? `${id}-rationale-error` : undefined}
            />
            <FieldError id={`${id}-rationale-error`} error={errors.rationale} />
          </div>
          {conflict !== undefined ? (
            <div className="alert alert-error" role="alert">
              {conflict
                ? `Changed elsewhere at ${conflict.savedAt}: ${conflict.value} (“${conflict.rationale}”). Save again to replace it with yours.`
                : "This consensus changed elsewhere. Reload the page to see it."}
            </div>
          ) : null}
          {result?.formError ? (
            <div className="alert alert-error" role="alert">
              {result.formError}
            </div>
          ) : null}
          <div className="score-actions">
            <button
              type="submit"
              name="intent"
              value="set"
              className="btn btn-primary btn-small"
              aria-disabled={pending || undefined}
            >
              {pending ? "Saving…" : item.consensus ? "Change consensus" : "Set consensus"}
            </button>
            {item.consensus ? (
              <button
                type="submit"
                name="intent"
                value="clear"
                className="btn btn-secondary btn-small"
                formNoValidate
              >
                Clear consensus
              </button>
            ) : null}
            <span className="muted" role="status">
              {saved ? (result?.message ?? "Saved.") : ""}
            </span>
          </div>
        </fetcher.Form>
      ) : null}
    </details>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Consensus · ${data?.evaluation.name ?? "Evaluation"} · PartnerLens` },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
