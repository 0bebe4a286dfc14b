import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { CheckboxCardsField, Field, FormAlert, SelectField, SubmitButton, TextAreaField } from "../forms";

/** What the reference form shows: the saved reference, or what was typed when the server refused it. */
export interface ReferenceFormValues {
  customer: string;
  industry: string;
  sizeBand: string;
  useCase: string;
  status: string;
  goLiveOn: string;
  providers: readonly string[];
  referenceContact: boolean;
  summary: string;
  outcomes: readonly { metric: string; baseline: string; result: string; unit: string }[];
}

export interface ReferenceOptions {
  sizeBands: { value: string; label: string }[];
  useCases: { value: string; label: string }[];
  statuses: { value: string; label: string }[];
  providers: { value: string; label: string }[];
  outcomeRows: number;
  limits: { customer: number; industry: number; summary: number; metric: number; unit: number };
}

interface Failure {
  errors: Record<string, string | undefined>;
  values: Record<string, string>;
  checked?: Record<string, string[]>;
  formError?: string;
}

/** The form's values after a refusal: every typed value, each checked box and each outcome cell. */
export function valuesFromFailure(failure: Failure, rows: number): ReferenceFormValues {
  const v = failure.values;
  return {
    customer: v.customer ?? "",
    industry: v.industry ?? "",
    sizeBand: v.sizeBand ?? "",
    useCase: v.useCase ?? "",
    status: v.status ?? "",
    goLiveOn: v.goLiveOn ?? "",
    providers: failure.checked?.providers ?? [],
    referenceContact: v.referenceContact === "on",
    summary: v.summary ?? "",
    outcomes: Array.from({ length: rows }, (_, i) => ({
      metric: v[`outcomes.${i}.metric`] ?? "",
      baseline: v[`outcomes.${i}.baseline`] ?? "",
      result: v[`outcomes.${i}.result`] ?? "",
      unit: v[`outcomes.${i}.unit`] ?? "",
    })),
  };
}

/** The reference deployment form (create and edit), with its measured outcomes as fixed rows: no JavaScript needed. */
export function ReferenceForm({
  values,
  errors,
  formError,
  options,
  hidden,
  submitLabel,
}: {
  values: ReferenceFormValues;
  errors: Record<string, string | undefined>;
  formError?: string;
  options: ReferenceOptions;
  hidden: ReactNode;
  submitLabel: string;
}) {
  return (
    <Form method="post" className="card">
      {hidden}
      <FormAlert message={formError} />
      <div className="profile-form-grid">
        <Field
          label="Customer"
          name="customer"
          required
          maxLength={options.limits.customer}
          hint="Its name, or an anonymised label such as “Top-10 Australian bank”."
          defaultValue={values.customer}
          error={errors.customer}
        />
        <Field
          label="Industry"
          name="industry"
          required
          maxLength={options.limits.industry}
          defaultValue={values.industry}
          error={errors.industry}
        />
        <SelectField
          label="Customer size"
          name="sizeBand"
          options={options.sizeBands}
          defaultValue={values.sizeBand}
          error={errors.sizeBand}
        />
        <SelectField
          label="Use case"
          name="useCase"
          options={options.useCases}
          defaultValue={values.useCase}
          error={errors.useCase}
        />
        <SelectField
          label="Status"
          name="status"
          options={options.statuses}
          defaultValue={values.status}
          error={errors.status}
        />
        <Field
          label="Go-live date"
          name="goLiveOn"
          type="date"
          hint="Leave empty for a pilot not yet live."
          defaultValue={values.goLiveOn}
          error={errors.goLiveOn}
        />
      </div>
      <CheckboxCardsField
        legend="Model providers used"
        name="providers"
        options={options.providers}
        checked={values.providers}
        error={errors.providers}
      />
      <div className="field">
        <label className="profile-check">
          <input type="checkbox" name="referenceContact" defaultChecked={values.referenceContact} />
          <span>A reference contact is available to buyers</span>
        </label>
      </div>
      <TextAreaField
        id="reference-summary"
        label="Summary"
        name="summary"
        hint={<>What was built and what it changed, at most {options.limits.summary} characters.</>}
        rows={5}
        maxLength={options.limits.summary}
        defaultValue={values.summary}
        error={errors.summary}
      />
      <MeasuredOutcomes values={values} errors={errors} options={options} />
      <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
    </Form>
  );
}

/** The outcome rows, a fixed number of them: a row left empty is ignored. */
function MeasuredOutcomes({
  values,
  errors,
  options,
}: {
  values: ReferenceFormValues;
  errors: Record<string, string | undefined>;
  options: ReferenceOptions;
}) {
  const rows = Array.from({ length: options.outcomeRows }, (_, i) => values.outcomes[i]);
  const cell = (i: number, key: string) => ({
    name: `outcomes.${i}.${key}`,
    error: errors[`outcomes.${i}.${key}`],
  });
  return (
    <fieldset className="field">
      <legend>Measured outcomes</legend>
      <p className="hint">
        One row per measure, e.g. “Average handling time”, 9.5 → 6.1 minutes. Leave unused rows empty.
      </p>
      {rows.map((row, i) => (
        <fieldset className="profile-outcome" key={`outcome-${i.toString()}`}>
          <legend className="visually-hidden">Outcome {i + 1}</legend>
          <Field
            label={`Metric ${i + 1}`}
            {...cell(i, "metric")}
            maxLength={options.limits.metric}
            defaultValue={row?.metric}
          />
          <Field
            label={`Baseline ${i + 1}`}
            {...cell(i, "baseline")}
            inputMode="decimal"
            defaultValue={row?.baseline}
          />
          <Field
            label={`Result ${i + 1}`}
            {...cell(i, "result")}
            inputMode="decimal"
            defaultValue={row?.result}
          />
          <Field
            label={`Unit ${i + 1}`}
            {...cell(i, "unit")}
            maxLength={options.limits.unit}
            defaultValue={row?.unit}
          />
        </fieldset>
      ))}
    </fieldset>
  );
}
