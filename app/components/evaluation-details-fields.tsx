import { BUILT_IN_SPECIALIZATIONS, LABELS, SIZE_BANDS, USE_CASES } from "~/domain/profile";
import { Field, FieldError, SelectField } from "./forms";

/**
 * An evaluation's context, deadline and minimum total: the fields the new-evaluation form and a draft's details
 * form share. `values` and the two ticked lists are what to show (typed, or stored); errors sit beside the fields.
 */
export function EvaluationContextFields({
  values,
  errors,
  useCases,
  specializations,
  minDeadline,
  timeZone,
  limits,
}: {
  values: Record<string, string>;
  errors: Record<string, string | undefined>;
  useCases: ReadonlySet<string>;
  specializations: ReadonlySet<string>;
  /** The earliest day the date picker offers: today, or a kept deadline already past. */
  minDeadline: string;
  timeZone: string;
  limits: { industry: number; other: number };
}) {
  return (
    <>
      <h2 className="section-title">Your context</h2>
      <p className="muted">
        The suggestions and the triage compare partners with this: references at your size and use cases, the
        specializations you need.
      </p>
      <div className="grid evaluation-form-grid">
        <Field
          label="Industry (optional)"
          name="industry"
          maxLength={limits.industry}
          defaultValue={values.industry}
          error={errors.industry}
        />
        <SelectField
          label="Your size (optional)"
          name="sizeBand"
          options={[
            { value: "", label: "Not stated" },
            ...SIZE_BANDS.map((b) => ({ value: b, label: LABELS.sizeBand[b] })),
          ]}
          defaultValue={values.sizeBand ?? ""}
          error={errors.sizeBand}
        />
      </div>
      <fieldset className="field">
        <legend>Use cases</legend>
        <div className="choice-cards">
          {USE_CASES.map((u) => (
            <label key={u} className="choice-card">
              <input type="checkbox" name="useCases" value={u} defaultChecked={useCases.has(u)} />
              <span>{LABELS.useCase[u]}</span>
            </label>
          ))}
        </div>
        <FieldError error={errors.useCases} />
      </fieldset>
      <fieldset className="field">
        <legend>Required specializations</legend>
        <div className="choice-cards">
          {BUILT_IN_SPECIALIZATIONS.map((s) => (
            <label key={s} className="choice-card">
              <input
                type="checkbox"
                name="specializations"
                value={s}
                defaultChecked={specializations.has(s)}
              />
              <span>{LABELS.specialization[s] ?? s}</span>
            </label>
          ))}
        </div>
        <FieldError error={errors.specializations} />
      </fieldset>
      <Field
        label="Other required specializations (optional)"
        name="otherSpecializations"
        maxLength={limits.other}
        defaultValue={values.otherSpecializations}
        error={errors.otherSpecializations}
        hint="Separated by commas, e.g. “Data engineering, Voice”."
      />
      <div className="grid evaluation-form-grid">
        <Field
          label="Deadline (optional)"
          name="deadlineOn"
          type="date"
          min={minDeadline}
          defaultValue={values.deadlineOn}
          error={errors.deadlineOn}
          hint={`The end of that day in your organisation's time zone (${timeZone}).`}
        />
        <Field
          label="Minimum total (optional)"
          name="minimumTotal"
          type="number"
          min={0}
          max={100}
          step={0.1}
          inputMode="decimal"
          defaultValue={values.minimumTotal}
          error={errors.minimumTotal}
          hint="0–100. A fully scored candidate below it is disqualified."
        />
      </div>
    </>
  );
}
