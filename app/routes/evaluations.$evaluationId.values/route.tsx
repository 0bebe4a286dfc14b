import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { evaluationFor } from "~/models/evaluation.server";
import {
  clearNumericValue,
  copyFromProfile,
  NumericValueConflict,
  numericValueFormSchema,
  parseAmount,
  type StoredNumericValue,
  setNumericValue,
} from "~/models/numeric-values.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formFailure, InputError } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";
import { expectFields, fieldErrors, formValues } from "~/utils/forms.server";
import { forbidden } from "~/utils/http.server";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";
import { EvaluationStatusBadge } from "../../components/ui/evaluation-status-badge";
import { CriterionValues, type ValueAnswer } from "./values-table";
import { amount, numericValuesView } from "./view.server";

type GuardTx = Parameters<Parameters<typeof once>[2]>[0];

// Admins only (docs/product.md "Access rules": numeric values are an admin's change); evaluators and viewers who see
// the evaluation get 403, anyone else 404 through `evaluationFor`.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  if (!isAdmin) forbidden("Only buyer admins enter numeric values.");
  // One idempotency key per page drawn; the guard scopes it by intent and cell (see the action).
  return { ...(await numericValuesView(viewer, evaluation)), idempotencyKey: newIdempotencyKey() };
}

/** What is stored now, as the row's conflict message reads it. */
function presentStored(current: StoredNumericValue | null, timeZone: string) {
  return current
    ? {
        value: amount(current.value),
        version: current.version,
        savedAt: formatDateTime(current.updatedAt, timeZone),
        fromProfile: current.copiedAt !== null,
      }
    : null;
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
    const failure = formFailure(error);
    if (error instanceof InputError) return answer({ errors: error.errors }, 400);
    if (error instanceof NumericValueConflict)
      return answer({ conflict: presentStored(error.current, viewer.orgTimeZone) }, 409);
    return answer({ formError: failure.formError }, failure.status);
  }
  if (form.get("_js") === "1") return answer({ ok: true, message }, 200);
  throw redirect(location);
}

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
            <EvaluationStatusBadge status={e.status} />
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
        d.criteria.map((c) => (
          <CriterionValues
            key={c.key}
            c={c}
            editable={d.editable}
            idempotencyKey={d.idempotencyKey}
            answer={answer}
          />
        ))
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `Numeric values · ${data?.evaluation.name ?? "Evaluation"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
