import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvaluationContextFields } from "~/components/evaluation-details-fields";
import { Field, FormAlert, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { dayIn } from "~/domain/calendar";
import { EVALUATION_NAME_LIMIT, isEditable } from "~/domain/evaluation";
import { EvaluationConflict, evaluationFor, pickDetails } from "~/models/evaluation.server";
import {
  detailsConflictMessage,
  detailsFormValues,
  EVALUATION_BOXES,
  type EvaluationFormFailure,
  INDUSTRY_LIMIT,
  OTHER_SPECIALIZATIONS_LIMIT,
  readEvaluationDetails,
} from "~/models/evaluation-forms.server";
import { updateEvaluationDetails } from "~/models/evaluation-setup.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, RuleRefused } from "~/utils/errors.server";
import { forbidden } from "~/utils/http.server";

// A draft's name, context, deadline and minimum total (docs/product.md "Evaluation": editable only in draft): buyer
// admins. Anyone else who may see the evaluation gets 403; once it left draft the page sends admins back to it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  if (!isAdmin) forbidden();
  if (!isEditable(evaluation.status)) throw redirect(`/evaluations/${evaluation.id}`);
  const today = dayIn(viewer.orgTimeZone);
  const kept = evaluation.deadlineOn;
  return {
    evaluation: { id: evaluation.id, name: evaluation.name, version: evaluation.version },
    stored: detailsFormValues(pickDetails(evaluation)),
    minDeadline: kept && kept < today ? kept : today,
    timeZone: viewer.orgTimeZone,
    limits: { industry: INDUSTRY_LIMIT, other: OTHER_SPECIALIZATIONS_LIMIT },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  if (!isAdmin) forbidden();
  const form = await request.formData();
  let changed: boolean;
  try {
    const parsed = readEvaluationDetails(form, dayIn(viewer.orgTimeZone), evaluation.deadlineOn);
    try {
      changed = await updateEvaluationDetails(
        { userId: viewer.userId, organisationId: viewer.organisationId },
        evaluation.id,
        parsed.version,
        parsed.details,
      );
    } catch (error) {
      // The stale version's message names what is saved now beside what was typed.
      if (error instanceof EvaluationConflict)
        throw new RuleRefused(detailsConflictMessage(error.current, parsed.details));
      throw error;
    }
  } catch (error) {
    return failureAnswer(error, form, { checked: EVALUATION_BOXES });
  }
  throw redirect(`/evaluations/${evaluation.id}?details=${changed ? "saved" : "unchanged"}`);
}

export default function EvaluationDetailsPage() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as EvaluationFormFailure | undefined;
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? d.stored.values;
  // A failed form ticks again exactly what was sent (an unticked group comes back empty).
  const useCases = new Set(failure ? (failure.checked?.useCases ?? []) : d.stored.useCases);
  const specializations = new Set(
    failure ? (failure.checked?.specializations ?? []) : d.stored.specializations,
  );
  const back = `/evaluations/${d.evaluation.id}`;
  return (
    <>
      <p>
        <Link to={back}>← {d.evaluation.name}</Link>
      </p>
      <PageHeader
        title="Edit the evaluation's details"
        intro="Name, context, deadline and minimum total can change while the evaluation is a draft. Every change is recorded in the audit log."
      />
      <Form method="post" className="card evaluation-form">
        <input type="hidden" name="version" value={d.evaluation.version} />
        <FormAlert
          message={
            failure?.formError ??
            (Object.keys(errors).length > 0
              ? "Some fields need attention: see the messages beside them."
              : undefined)
          }
        />
        <Field
          label="Name"
          name="name"
          required
          maxLength={EVALUATION_NAME_LIMIT}
          defaultValue={values.name}
          error={errors.name}
        />
        <EvaluationContextFields
          values={values}
          errors={errors}
          useCases={useCases}
          specializations={specializations}
          minDeadline={d.minDeadline}
          timeZone={d.timeZone}
          limits={d.limits}
        />
        <div className="editor-actions">
          <SubmitButton pendingText="Saving…">Save details</SubmitButton>
          <Link to={back} className="btn btn-secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `Details · ${data?.evaluation.name ?? "Evaluation"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
