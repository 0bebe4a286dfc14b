import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { CHECKLIST_LABELS, effectiveWeights, formatShare } from "~/domain/checklist";
import { STATUS_LABELS } from "~/domain/evaluation";
import {
  EvaluationRuleError,
  evaluationFor,
  getEvaluationChecklist,
  loadEvaluationPeople,
} from "~/models/evaluation.server";
import {
  clearNumericValue,
  copyFromProfile,
  loadNumericValues,
  NUMERIC_VALUE_MAX,
  NUMERIC_VALUE_STATUSES,
  NumericValueConflict,
  numericValueFormSchema,
  parseAmount,
  ReviewInputError,
  ratioScores,
  setNumericValue,
  supportFiguresOf,
} from "~/models/review.server";
import { authorize } from "~/utils/access.server";
import { writeFailure } from "~/utils/database-fault.server";
import { formatDateTime, formatFigure } from "~/utils/format";
import { expectFields, fieldErrors, formValues } from "~/utils/forms.server";
import { forbidden } from "~/utils/http.server";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";

/** Figures as people read them: up to two decimals, thousands grouped. */
const amount = (x: number) => x.toLocaleString("en", { maximumFractionDigits: 2 });

type GuardTx = Parameters<Parameters<typeof once>[2]>[0];

export interface ValueAnswer {
  cell?: string;
  ok?: boolean;
  message?: string;
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
  formError?: string;
  conflict?: { value: string; version: number; savedAt: string; fromProfile: boolean } | null;
}

// Admins only (DESIGN.md "Access rules": numeric values are an admin's change); evaluators and viewers who see the
// evaluation get 403, anyone else 404 through `evaluationFor`.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  if (!isAdmin) forbidden("Only buyer admins enter numeric values.");
  const [checklist, people, values] = await Promise.all([
    getEvaluationChecklist(evaluation),
    loadEvaluationPeople(evaluation.id, viewer.organisationId),
    loadNumericValues(evaluation.id),
  ]);
  const numeric = checklist.sections.flatMap((s) =>
    s.criteria.filter((c) => c.kind === "numeric").map((c) => ({ criterion: c, section: s })),
  );
  const needsProfile = numeric.some((n) => n.criterion.profileField);
  const figures = needsProfile
    ? await supportFiguresOf(people.candidates.map((c) => c.partnerId))
    : new Map<string, never>();
  const ratio = ratioScores(checklist, people.candidates, values);
  const weights = effectiveWeights(checklist);
  const tz = viewer.orgTimeZone;
  const stored = new Map(values.map((v) => [`${v.candidateId}:${v.criterionId}`, v]));
  const editable = NUMERIC_VALUE_STATUSES.includes(evaluation.status);
  return {
    evaluation: {
      id: evaluation.id,
      name: evaluation.name,
      status: evaluation.status,
      statusLabel: STATUS_LABELS[evaluation.status],
    },
    editable,
    maxValue: NUMERIC_VALUE_MAX,
    // One key per page drawn; the guard scopes it by intent and cell (see the action).
    idempotencyKey: newIdempotencyKey(),
    criteria: numeric.map(({ criterion: c, section: s }) => {
      const share = weights.criteria.get(c.key) ?? 0;
      const best = people.candidates
        .map((p) => ratio.get(p.id)?.get(c.key)?.best)
        .find((b) => b !== null && b !== undefined);
      return {
        key: c.key,
        name: c.name,
        section: s.name,
        question: c.question,
        unit: c.unit ?? "",
        direction: CHECKLIST_LABELS.direction[c.direction ?? "lower"],
        max: c.max,
        share: share > 0 ? formatShare(share) : null,
        profileField: c.profileField ? CHECKLIST_LABELS.profileField[c.profileField] : null,
        best: best === undefined ? null : amount(best),
        cells: people.candidates.map((p) => {
          const v = stored.get(`${p.id}:${c.key}`);
          const r = ratio.get(p.id)?.get(c.key);
          const figure = c.profileField ? figures.get(p.partnerId)?.[c.profileField] : undefined;
          return {
            cell: `${p.id}:${c.key}`,
            candidateId: p.id,
            candidateName: p.name,
            partnerId: p.partnerId,
            withdrawn: p.withdrawnAt !== null,
            value: v ? String(v.value) : "",
            display: v ? amount(v.value) : null,
            version: v?.version ?? null,
            copiedAt: v?.copiedAt ? formatDateTime(v.copiedAt, tz) : null,
            savedAt: v ? formatDateTime(v.updatedAt, tz) : null,
            profile: c.profileField
              ? figure === undefined
                ? { state: "none" as const }
                : {
                    state: "claim" as const,
                    value: amount(figure),
                    differs: !!v?.copiedAt && v.value !== figure,
                  }
              : null,
            score: r?.score !== null && r?.score !== undefined ? formatFigure(r.score) : null,
            isBest: !!v && p.withdrawnAt === null && r?.best === v.value,
          };
        }),
      };
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  if (!isAdmin) forbidden("Only buyer admins enter numeric values.");
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId, role: viewer.role };
  const form = await request.formData();
  const intent = form.get("intent");
  const raw = formValues(expectFields(form, numericValueFormSchema));
  const cell = `${raw.candidateId ?? ""}:${raw.criterionId ?? ""}`;
  const answer = (body: ValueAnswer, status: number) =>
    data({ cell, values: raw, ...body } satisfies ValueAnswer, { status });
  const parsed = numericValueFormSchema.safeParse(raw);
  if (!parsed.success) return answer({ errors: fieldErrors(parsed.error) }, 400);
  const { candidateId, criterionId, version } = parsed.data;
  const location = `/evaluations/${evaluation.id}/values?${new URLSearchParams({ saved: cell })}#value-${criterionId}-${candidateId}`;
  // A create, and any copy (a replayed copy would meet its own change as a stale version), runs once per drawn form
  // (docs/decisions/0002): a replay changes nothing and answers like the first submission.
  const guarded = async (scope: string, work: (tx: GuardTx) => Promise<unknown>) => {
    await once(form, `${scope}:${cell}`, async (tx) => {
      await work(tx);
      return location;
    });
  };
  let message: string;
  try {
    if (intent === "set") {
      const input = { candidateId, criterionId, value: parseAmount(parsed.data.value) };
      if (version === null) {
        await guarded("numeric_value.set", (tx) => setNumericValue(actor, evaluation, input, null, tx));
      } else {
        await setNumericValue(actor, evaluation, input, version);
      }
      message = "Value saved.";
    } else if (intent === "copy") {
      let copied: number | undefined;
      await guarded("numeric_value.copy", async (tx) => {
        copied = (await copyFromProfile(actor, evaluation, candidateId, criterionId, version, tx)).value;
      });
      message =
        copied === undefined ? "Taken from the profile." : `Taken from the profile: ${amount(copied)}.`;
    } else if (intent === "clear") {
      await clearNumericValue(actor, evaluation, { candidateId, criterionId }, version);
      message = "Value cleared: the criterion is unscored for this candidate.";
    } else {
      return answer({ formError: "Unknown action." }, 400);
    }
  } catch (error) {
    if (error instanceof ReviewInputError) return answer({ errors: error.errors }, 400);
    if (error instanceof NumericValueConflict) {
      const c = error.current;
      return answer(
        {
          conflict: c
            ? {
                value: amount(c.value),
                version: c.version,
                savedAt: formatDateTime(c.updatedAt, viewer.orgTimeZone),
                fromProfile: c.copiedAt !== null,
              }
            : null,
        },
        409,
      );
    }
    const failed = writeFailure(error, [EvaluationRuleError]);
    if (failed) return answer({ formError: failed.formError }, failed.status);
    throw error;
  }
  if (form.get("_js") === "1") return answer({ ok: true, message }, 200);
  throw redirect(location);
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Criterion = Data["criteria"][number];

export default function NumericValuesPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ValueAnswer | undefined;
  const e = d.evaluation;
  return (
    <>
      <p>
        <Link to={`/evaluations/${e.id}`}>← {e.name}</Link>
      </p>
      <PageHeader
        title="Numeric values"
        intro={
          <span className="evaluation-meta">
            <span className={`badge evaluation-status-${e.status}`}>{e.statusLabel}</span>
            <span>
              Each candidate’s value on the numeric criteria. The score follows the ratio rule against the
              best value among the candidates not withdrawn.
            </span>
          </span>
        }
      />
      {!d.editable ? (
        <div className="alert alert-info" role="status">
          This evaluation is {e.statusLabel.toLowerCase()}: its values are read-only.
        </div>
      ) : null}
      {d.criteria.length === 0 ? (
        <p className="card muted">This evaluation’s checklist has no numeric criterion.</p>
      ) : (
        d.criteria.map((c) => <CriterionValues key={c.key} d={d} c={c} answer={answer} />)
      )}
    </>
  );
}

function CriterionValues({ d, c, answer }: { d: Data; c: Criterion; answer: ValueAnswer | undefined }) {
  const missing = c.cells.filter((x) => !x.withdrawn && x.display === null).length;
  return (
    <section className="card review-values" aria-labelledby={`criterion-${c.key}`}>
      <div className="template-section-head">
        <h2 id={`criterion-${c.key}`}>{c.name}</h2>
        <span className="share">{c.share ?? "Weight 0: not counted"}</span>
      </div>
      <p className="template-question">{c.question}</p>
      <p className="tags">
        <span className="badge badge-neutral">{c.section}</span>
        <span className="badge badge-neutral">{c.unit || "No unit"}</span>
        <span className="badge badge-neutral">{c.direction}</span>
        {c.profileField ? <span className="badge badge-neutral">From profile: {c.profileField}</span> : null}
      </p>
      <p>
        Best value: <strong>{c.best === null ? "none yet" : `${c.best} ${c.unit}`.trim()}</strong>
        {missing > 0 ? (
          <span className="review-missing">
            {" "}
            · {missing} candidate{missing === 1 ? "" : "s"} without a value (unscored)
          </span>
        ) : null}
      </p>
      <div className="table-wrap">
        <table className="table-stack review-values-table">
          <thead>
            <tr>
              <th scope="col">Candidate</th>
              <th scope="col">Value{c.unit ? ` (${c.unit})` : ""}</th>
              {c.profileField ? <th scope="col">Profile</th> : null}
              <th scope="col">Score (0–{c.max})</th>
            </tr>
          </thead>
          <tbody>
            {c.cells.map((x) => (
              <ValueRow
                key={x.cell}
                c={c}
                x={x}
                editable={d.editable && !x.withdrawn}
                idempotencyKey={d.idempotencyKey}
                answer={answer?.cell === x.cell ? answer : undefined}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ValueRow({
  c,
  x,
  editable,
  idempotencyKey,
  answer,
}: {
  c: Criterion;
  x: Criterion["cells"][number];
  editable: boolean;
  idempotencyKey: string;
  answer: ValueAnswer | undefined;
}) {
  const fetcher = useFetcher<ValueAnswer>();
  const [params] = useSearchParams();
  const result = fetcher.data ?? answer;
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [value, setValue] = useState(result?.values?.value ?? x.value);
  // A save elsewhere on the page (or "take from profile") brings a new stored value: show it.
  useEffect(() => setValue(x.value), [x.value]);
  const errors = result?.ok ? {} : (result?.errors ?? {});
  const conflict = result?.conflict;
  const version = conflict ? conflict.version : x.version;
  const pending = fetcher.state !== "idle";
  const saved = (fetcher.state === "idle" && fetcher.data?.ok) || params.get("saved") === x.cell;
  const inputId = `value-${c.key}-${x.candidateId}`;
  const errorId = `${inputId}-error`;
  const hidden = (
    <>
      <input type="hidden" name="candidateId" value={x.candidateId} />
      <input type="hidden" name="criterionId" value={c.key} />
      {version !== null ? <input type="hidden" name="version" value={version} /> : null}
      <input type="hidden" name="_idempotency" value={idempotencyKey} />
      {hydrated ? <input type="hidden" name="_js" value="1" /> : null}
    </>
  );
  const copying = result?.values?.intent === "copy";
  return (
    <tr className={x.withdrawn ? "is-withdrawn" : undefined}>
      <th scope="row" data-label="Candidate">
        {x.candidateName}
        {x.withdrawn ? <span className="muted"> (withdrawn: out of every best)</span> : null}
        {x.isBest ? (
          <>
            {" "}
            <span className="badge status-current">Best</span>
          </>
        ) : null}
      </th>
      <td data-label={`Value${c.unit ? ` (${c.unit})` : ""}`}>
        {editable ? (
          <fetcher.Form method="post" className="review-value-form">
            {hidden}
            <label htmlFor={inputId} className="visually-hidden">
              {c.name} of {x.candidateName}
              {c.unit ? ` (${c.unit})` : ""}
            </label>
            <input
              id={inputId}
              name="value"
              inputMode="decimal"
              autoComplete="off"
              value={value}
              onChange={(ev) => setValue(ev.currentTarget.value)}
              aria-invalid={errors.value ? true : undefined}
              aria-describedby={errors.value ? errorId : undefined}
              className="review-value-input"
            />
            <button
              type="submit"
              name="intent"
              value="set"
              className="btn btn-primary btn-small"
              aria-disabled={pending || undefined}
            >
              {pending ? "Saving…" : "Save"}
            </button>
            {x.version !== null ? (
              <button type="submit" name="intent" value="clear" className="btn btn-secondary btn-small">
                Clear<span className="visually-hidden"> the value of {x.candidateName}</span>
              </button>
            ) : null}
          </fetcher.Form>
        ) : (
          <span>{x.display === null ? "" : `${x.display} ${c.unit}`.trim()}</span>
        )}
        {x.display === null ? <span className="review-missing">No value yet</span> : null}
        <FieldError id={errorId} error={errors.value} />
        {x.copiedAt ? <p className="muted review-note">From the profile, copied {x.copiedAt}</p> : null}
        {conflict !== undefined ? (
          <div className="alert alert-error" role="alert">
            {conflict
              ? `Changed elsewhere at ${conflict.savedAt}: ${conflict.value}${conflict.fromProfile ? " (from the profile)" : ""}. ${copying ? "Take it from the profile again" : "Save again"} to replace it with ${copying ? "the profile’s figure" : "yours"}.`
              : "This value changed elsewhere. Reload the page to see it."}
          </div>
        ) : null}
        {result?.formError ? (
          <div className="alert alert-error" role="alert">
            {result.formError}
          </div>
        ) : null}
        <span className="muted review-note" role="status">
          {saved ? (result?.message ?? "Saved.") : ""}
        </span>
      </td>
      {x.profile ? (
        <td data-label="Profile">
          {x.profile.state === "none" ? (
            <span className="muted">No support terms in the profile</span>
          ) : (
            <>
              <span>
                {x.profile.value} {c.unit}
              </span>
              {x.profile.differs ? (
                <span className="review-missing">Profile changed since copied</span>
              ) : null}
              {editable ? (
                <fetcher.Form method="post" className="review-copy-form">
                  {hidden}
                  <button type="submit" name="intent" value="copy" className="btn btn-secondary btn-small">
                    {x.copiedAt ? "Refresh from profile" : "Take from profile"}
                    <span className="visually-hidden"> for {x.candidateName}</span>
                  </button>
                </fetcher.Form>
              ) : null}
            </>
          )}
        </td>
      ) : null}
      <td data-label={`Score (0–${c.max})`}>
        {x.score !== null ? <strong>{x.score}</strong> : <span className="muted">Unscored</span>}
      </td>
    </tr>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Numeric values · ${data?.evaluation.name ?? "Evaluation"} · PartnerLens` },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
