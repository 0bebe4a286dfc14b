import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvaluationContextFields } from "~/components/evaluation-details-fields";
import { Field, FormAlert, IdempotencyField, SelectField, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { BUILT_IN_VERSIONS, CURRENT_BUILT_IN } from "~/domain/builtin-versions";
import { dayIn } from "~/domain/calendar";
import { EVALUATION_NAME_LIMIT } from "~/domain/evaluation";
import {
  EVALUATION_BOXES,
  type EvaluationFormFailure,
  INDUSTRY_LIMIT,
  OTHER_SPECIALIZATIONS_LIMIT,
  readNewEvaluation,
} from "~/models/evaluation-forms.server";
import { createEvaluation } from "~/models/evaluation-setup.server";
import { getTemplate, listTemplates } from "~/models/template.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, InputError } from "~/utils/errors.server";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin"] });
  const templates = await listTemplates(viewer.organisationId);
  return {
    idempotencyKey: newIdempotencyKey(),
    today: dayIn(viewer.orgTimeZone),
    timeZone: viewer.orgTimeZone,
    limits: { industry: INDUSTRY_LIMIT, other: OTHER_SPECIALIZATIONS_LIMIT },
    // The current version of the built-in checklist first and chosen; superseded ones can still be chosen.
    defaultTemplate: CURRENT_BUILT_IN.id,
    templates: [
      ...BUILT_IN_VERSIONS.toReversed().map((v) => ({
        value: v.id,
        label: `${v.checklist.name} (built in, version ${v.version}${v.supersededBy ? ", superseded" : ""})`,
      })),
      ...templates.map((t) => ({ value: t.id, label: t.name })),
    ],
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin"] });
  const form = await request.formData();
  try {
    const parsed = readNewEvaluation(form, dayIn(viewer.orgTimeZone));
    const template = await getTemplate(viewer.organisationId, parsed.template);
    if (!template) throw new InputError({ template: "That template no longer exists." });
    const { location } = await once(form, "evaluation.new", async (tx) => {
      const row = await createEvaluation(
        tx,
        { userId: viewer.userId, organisationId: viewer.organisationId },
        parsed.details,
        template.checklist,
        template.label,
      );
      return `/evaluations/${row.id}`;
    });
    throw redirect(location);
  } catch (error) {
    return failureAnswer(error, form, { checked: EVALUATION_BOXES });
  }
}

export default function NewEvaluationPage() {
  const { idempotencyKey, templates, today, timeZone, limits, defaultTemplate } =
    useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as EvaluationFormFailure | undefined;
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? {};
  const useCases = new Set(failure?.checked?.useCases ?? []);
  const specializations = new Set(failure?.checked?.specializations ?? []);
  return (
    <>
      <p>
        <Link to="/evaluations">← Evaluations</Link>
      </p>
      <PageHeader
        title="New evaluation"
        intro="The evaluation gets its own copy of the template's checklist: you can adjust it while it is a draft, and the template never changes."
      />
      <Form method="post" className="card evaluation-form">
        <IdempotencyField value={idempotencyKey} />
        <FormAlert message={failure?.formError} />
        <Field
          label="Name"
          name="name"
          required
          maxLength={EVALUATION_NAME_LIMIT}
          defaultValue={values.name}
          error={errors.name}
          hint="For example “Contact-centre agents 2026”."
        />
        <SelectField
          label="Checklist template"
          name="template"
          options={templates}
          defaultValue={values.template ?? defaultTemplate}
          error={errors.template}
          required
        />
        <EvaluationContextFields
          values={values}
          errors={errors}
          useCases={useCases}
          specializations={specializations}
          minDeadline={today}
          timeZone={timeZone}
          limits={limits}
        />
        <div className="editor-actions">
          <SubmitButton pendingText="Creating…">Create evaluation</SubmitButton>
          <Link to="/evaluations" className="btn btn-secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "New evaluation · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
