// The template editor: every field of a checklist, with the weights shown as percentages as they are typed.
// Structural buttons (add, remove, move) are real submit buttons: without JavaScript the server applies them to what
// was typed and sends the form back; with JavaScript the same `applyIntent` runs here at once.
import { Form } from "@remix-run/react";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import {
  CHECKLIST_LABELS,
  DIRECTIONS,
  effectiveWeights,
  formatShare,
  PROFILE_VALUE_FIELDS,
  rubricLevels,
  SUGGESTION_RULES,
} from "~/domain/checklist";
import {
  applyIntent,
  type ChecklistDraft,
  type CriterionDraft,
  type EditorIntent,
  intentValue,
  NEW_KEY_PREFIX,
  parseNumber,
  type SectionDraft,
} from "~/domain/checklist-draft";
import { FieldError, FormAlert, SubmitButton } from "./forms";

/** Messages by field, keyed by what they belong to: `name`, `sections`, `s:<key>.weight`, `c:<key>.question`. */
export type EditorErrors = Record<string, string | undefined>;

interface EditorProps {
  initial: ChecklistDraft;
  errors: EditorErrors;
  /** Notes beside fields, keyed like `errors`: where a merge after a conflict kept this person's value. */
  notes?: EditorErrors;
  /** Key of the section or criterion to focus after a server round trip. */
  focus?: string;
  formError?: string;
  notice?: ReactNode;
  hidden: ReactNode;
  submitLabel: string;
  cancel: ReactNode;
}

let counter = 0;
function newKey(): string {
  counter += 1;
  return `${NEW_KEY_PREFIX}${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 8)}`;
}

const sectionInputId = (key: string) => `section-${key}-name`;
const criterionInputId = (key: string) => `criterion-${key}-name`;

function sharesOf(draft: ChecklistDraft) {
  const num = (v: string) => parseNumber(v) ?? 0;
  return effectiveWeights({
    sections: draft.sections.map((s) => ({
      key: s.key,
      weight: num(s.weight),
      criteria: s.criteria.map((c) => ({ key: c.key, weight: num(c.weight) })),
    })),
  } as Parameters<typeof effectiveWeights>[0]);
}

export function ChecklistEditor(props: EditorProps) {
  const [draft, setDraft] = useState(props.initial);
  const [focus, setFocus] = useState<string | undefined>(props.focus);
  const shares = useMemo(() => sharesOf(draft), [draft]);
  const formRef = useRef<HTMLFormElement>(null);
  const hasErrors = Object.values(props.errors).some(Boolean);

  // After a refused save, take the person to the first field that needs attention.
  useEffect(() => {
    if (!hasErrors) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!first) return;
    first.closest("details")?.setAttribute("open", "");
    first.focus();
    first.scrollIntoView({ block: "center" });
  }, [hasErrors]);
  const sectionTotal = draft.sections.reduce((sum, s) => sum + Math.max(0, parseNumber(s.weight) ?? 0), 0);

  useEffect(() => {
    if (!focus) return;
    const target =
      document.getElementById(criterionInputId(focus)) ?? document.getElementById(sectionInputId(focus));
    target?.focus();
    target?.scrollIntoView({ block: "center" });
    setFocus(undefined);
  }, [focus]);

  const act = (intent: EditorIntent) => (event: React.MouseEvent<HTMLButtonElement>) => {
    event.preventDefault();
    const next = applyIntent(draft, intent, newKey());
    setDraft(next.draft);
    setFocus(next.focus);
  };
  const setSection = (i: number, patch: Partial<SectionDraft>) =>
    setDraft((d) => ({ ...d, sections: d.sections.map((s, k) => (k === i ? { ...s, ...patch } : s)) }));
  const setCriterion = (i: number, j: number, patch: Partial<CriterionDraft>) =>
    setDraft((d) => ({
      ...d,
      sections: d.sections.map((s, k) =>
        k === i ? { ...s, criteria: s.criteria.map((c, m) => (m === j ? { ...c, ...patch } : c)) } : s,
      ),
    }));

  const e = props.errors;
  const n = props.notes ?? {};
  return (
    <Form method="post" className="checklist-editor" noValidate ref={formRef}>
      {/* Enter in a text field saves: the first submit button of a form is its default. */}
      <button type="submit" name="intent" value="save" hidden>
        Save
      </button>
      {props.hidden}
      <FormAlert message={props.formError} />
      {props.notice}
      <div className="card">
        <TextInput
          label="Template name"
          name="name"
          value={draft.name}
          onChange={(name) => setDraft((d) => ({ ...d, name }))}
          error={e.name}
          note={n.name}
        />
        <TextArea
          label="Description"
          hint="Optional: when to use this checklist."
          name="description"
          value={draft.description}
          onChange={(description) => setDraft((d) => ({ ...d, description }))}
          rows={2}
          note={n.description}
        />
        <p className="muted weights-note" aria-live="polite">
          Weights are relative: a section's share is its weight over the sum of all section weights (now{" "}
          {formatNumber(sectionTotal)}), and a criterion's share of its section likewise. Weight 0 keeps an
          item in the checklist without counting it.
        </p>
        <ClashNote note={n.sections} />
        <FieldError error={e.sections} />
      </div>

      {draft.sections.map((section, i) => {
        const sectionLabel = section.name.trim() || String(i + 1);
        return (
          <fieldset
            className="card section-editor"
            key={section.key}
            aria-describedby={`section-${section.key}-share`}
          >
            <legend className="section-editor-legend">
              Section {i + 1}
              {section.name.trim() ? `: ${section.name}` : ""}
            </legend>
            <div className="section-editor-head">
              <TextInput
                id={sectionInputId(section.key)}
                label="Section name"
                name={`sections.${i}.name`}
                value={section.name}
                onChange={(name) => setSection(i, { name })}
                error={e[`s:${section.key}.name`]}
                note={n[`s:${section.key}.name`]}
              />
              <WeightInput
                label="Section weight"
                name={`sections.${i}.weight`}
                value={section.weight}
                onChange={(weight) => setSection(i, { weight })}
                error={e[`s:${section.key}.weight`]}
                note={n[`s:${section.key}.weight`]}
                shareId={`section-${section.key}-share`}
                share={`${formatShare(shares.sections.get(section.key) ?? 0)} of the checklist`}
                zero={(shares.sections.get(section.key) ?? 0) === 0}
              />
            </div>
            <TextArea
              label="Section description"
              hint="Optional: why this section matters."
              name={`sections.${i}.description`}
              value={section.description}
              onChange={(description) => setSection(i, { description })}
              rows={2}
              error={e[`s:${section.key}.description`]}
              note={n[`s:${section.key}.description`]}
            />
            <input type="hidden" name={`sections.${i}.key`} value={section.key} />
            <div className="editor-actions">
              <IntentButton
                label={`Move section ${sectionLabel} up`}
                intent={{ type: "move-section", section: i, by: -1 }}
                onAct={act}
                disabled={i === 0}
              >
                Move section up
              </IntentButton>
              <IntentButton
                label={`Move section ${sectionLabel} down`}
                intent={{ type: "move-section", section: i, by: 1 }}
                onAct={act}
                disabled={i === draft.sections.length - 1}
              >
                Move section down
              </IntentButton>
              <IntentButton
                label={`Remove section ${sectionLabel}`}
                intent={{ type: "remove-section", section: i }}
                onAct={act}
                danger
              >
                Remove section
              </IntentButton>
            </div>

            <h3 className="criteria-heading">Criteria</h3>
            <ClashNote note={n[`s:${section.key}.criteria`]} />
            <FieldError error={e[`s:${section.key}.criteria`]} />
            {section.criteria.length === 0 ? <p className="muted">No criteria yet.</p> : null}
            <ol className="criteria-editor">
              {section.criteria.map((criterion, j) => (
                <CriterionEditor
                  key={criterion.key}
                  criterion={criterion}
                  i={i}
                  j={j}
                  count={section.criteria.length}
                  errors={e}
                  notes={n}
                  withinSection={shares.withinSection.get(criterion.key) ?? 0}
                  overall={shares.criteria.get(criterion.key) ?? 0}
                  onChange={(patch) => setCriterion(i, j, patch)}
                  onAct={act}
                />
              ))}
            </ol>
            <div className="editor-actions">
              <IntentButton
                label={`Add a rated criterion to section ${sectionLabel}`}
                intent={{ type: "add-criterion", section: i, kind: "rated" }}
                onAct={act}
              >
                Add rated criterion
              </IntentButton>
              <IntentButton
                label={`Add a numeric criterion to section ${sectionLabel}`}
                intent={{ type: "add-criterion", section: i, kind: "numeric" }}
                onAct={act}
              >
                Add numeric criterion
              </IntentButton>
            </div>
          </fieldset>
        );
      })}

      <div className="editor-footer">
        <IntentButton intent={{ type: "add-section" }} onAct={act}>
          Add section
        </IntentButton>
        <span className="editor-footer-main">
          {props.cancel}
          <SubmitButton pendingText="Saving…" className="btn btn-primary">
            {props.submitLabel}
          </SubmitButton>
        </span>
      </div>
      {/* The visible save button sends intent=save too. */}
      <input type="hidden" name="intent" value="save" />
    </Form>
  );
}

function CriterionEditor({
  criterion,
  i,
  j,
  count,
  errors,
  notes,
  withinSection,
  overall,
  onChange,
  onAct,
}: {
  criterion: CriterionDraft;
  i: number;
  j: number;
  count: number;
  errors: EditorErrors;
  notes: EditorErrors;
  withinSection: number;
  overall: number;
  onChange: (patch: Partial<CriterionDraft>) => void;
  onAct: (intent: EditorIntent) => (event: React.MouseEvent<HTMLButtonElement>) => void;
}) {
  const at = `sections.${i}.criteria.${j}`;
  const err = (field: string) => errors[`c:${criterion.key}.${field}`];
  const note = (field: string) => notes[`c:${criterion.key}.${field}`];
  const rated = criterion.kind === "rated";
  const max = parseNumber(criterion.max);
  const levels = rubricLevels(max !== undefined && Number.isInteger(max) && max >= 1 ? max : 5);
  const detailFields = [
    "question",
    "kind",
    "max",
    "rubric.low",
    "rubric.middle",
    "rubric.high",
    "knockout",
    "suggestionRule",
    "unit",
    "direction",
    "profileField",
  ];
  // A message or a merge's note inside the details opens them.
  const detailErrors = detailFields.some((f) => err(f) || note(f));
  const isNew = criterion.key.startsWith(NEW_KEY_PREFIX) && criterion.question === "";
  const detailsRef = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if ((detailErrors || isNew) && detailsRef.current) detailsRef.current.open = true;
  }, [detailErrors, isNew]);
  const title = criterion.name.trim() || "New criterion";
  return (
    <li className="criterion-editor">
      <input type="hidden" name={`${at}.key`} value={criterion.key} />
      <div className="criterion-editor-head">
        <TextInput
          id={criterionInputId(criterion.key)}
          label={`Criterion ${j + 1} name`}
          name={`${at}.name`}
          value={criterion.name}
          onChange={(name) => onChange({ name })}
          error={err("name")}
          note={note("name")}
        />
        <WeightInput
          label="Weight"
          name={`${at}.weight`}
          value={criterion.weight}
          onChange={(weight) => onChange({ weight })}
          error={err("weight")}
          note={note("weight")}
          shareId={`criterion-${criterion.key}-share`}
          share={`${formatShare(withinSection)} of section · ${formatShare(overall)} overall`}
          zero={overall === 0}
        />
      </div>
      <details className="criterion-details" ref={detailsRef} open={detailErrors || isNew || undefined}>
        <summary>
          Question, scale and scoring of “{title}”
          <span className="criterion-summary">
            {" "}
            · {CHECKLIST_LABELS.kind[criterion.kind]}
            {rated && criterion.knockout.trim() ? ` · knockout below ${criterion.knockout}` : ""}
            {rated && criterion.suggestionRule
              ? ` · suggests from ${CHECKLIST_LABELS.suggestionRule[criterion.suggestionRule].toLowerCase()}`
              : ""}
          </span>
        </summary>
        <TextArea
          label="Question"
          hint="What the evaluator judges, in one sentence."
          name={`${at}.question`}
          value={criterion.question}
          onChange={(question) => onChange({ question })}
          rows={2}
          error={err("question")}
          note={note("question")}
        />
        <div className="editor-row">
          <SelectInput
            label="Kind"
            name={`${at}.kind`}
            value={criterion.kind}
            onChange={(kind) => onChange({ kind: kind as CriterionDraft["kind"] })}
            note={note("kind")}
            options={[
              { value: "rated", label: "Rated: evaluators score it" },
              { value: "numeric", label: "Numeric: a value per candidate" },
            ]}
          />
          <TextInput
            label="Maximum score"
            hint={rated ? "Scores run from 0 to this (1–100)." : "The best value scores this."}
            name={`${at}.max`}
            value={criterion.max}
            onChange={(value) => onChange({ max: value })}
            error={err("max")}
            note={note("max")}
            inputMode="numeric"
            narrow
          />
        </div>
        {rated ? (
          <>
            <fieldset className="rubric-editor">
              <legend>Rubric: what each level looks like</legend>
              {(["low", "middle", "high"] as const).map((level) => (
                <TextArea
                  key={level}
                  label={`Score ${levels[level]}`}
                  name={`${at}.rubric.${level}`}
                  value={criterion.rubric[level]}
                  onChange={(value) => onChange({ rubric: { ...criterion.rubric, [level]: value } })}
                  rows={2}
                  error={err(`rubric.${level}`)}
                  note={note(`rubric.${level}`)}
                />
              ))}
            </fieldset>
            <div className="editor-row">
              <TextInput
                label="Knockout threshold"
                hint="Optional. A candidate scored below it is disqualified."
                name={`${at}.knockout`}
                value={criterion.knockout}
                onChange={(knockout) => onChange({ knockout })}
                error={err("knockout")}
                note={note("knockout")}
                inputMode="decimal"
                narrow
              />
              <SelectInput
                label="Auto-suggestion"
                hint="Optional. Suggests a score from the partner's profile."
                name={`${at}.suggestionRule`}
                value={criterion.suggestionRule}
                onChange={(value) => onChange({ suggestionRule: value as CriterionDraft["suggestionRule"] })}
                options={[
                  { value: "", label: "None" },
                  ...SUGGESTION_RULES.map((r) => ({ value: r, label: CHECKLIST_LABELS.suggestionRule[r] })),
                ]}
                error={err("suggestionRule")}
                note={note("suggestionRule")}
              />
            </div>
          </>
        ) : (
          <div className="editor-row">
            <TextInput
              label="Unit"
              hint="For example “USD per day” or “minutes”."
              name={`${at}.unit`}
              value={criterion.unit}
              onChange={(unit) => onChange({ unit })}
              error={err("unit")}
              note={note("unit")}
            />
            <SelectInput
              label="Better values are"
              name={`${at}.direction`}
              value={criterion.direction}
              onChange={(value) => onChange({ direction: value as CriterionDraft["direction"] })}
              options={DIRECTIONS.map((d) => ({ value: d, label: CHECKLIST_LABELS.direction[d] }))}
              error={err("direction")}
              note={note("direction")}
            />
            <SelectInput
              label="Take the value from the profile"
              hint="Optional."
              name={`${at}.profileField`}
              value={criterion.profileField}
              onChange={(value) => onChange({ profileField: value as CriterionDraft["profileField"] })}
              note={note("profileField")}
              options={[
                { value: "", label: "No: a buyer admin enters it" },
                ...PROFILE_VALUE_FIELDS.map((f) => ({ value: f, label: CHECKLIST_LABELS.profileField[f] })),
              ]}
            />
          </div>
        )}
      </details>
      <div className="editor-actions">
        <IntentButton
          label={`Move ${title} up`}
          intent={{ type: "move-criterion", section: i, criterion: j, by: -1 }}
          onAct={onAct}
          disabled={j === 0}
        >
          Move up
        </IntentButton>
        <IntentButton
          label={`Move ${title} down`}
          intent={{ type: "move-criterion", section: i, criterion: j, by: 1 }}
          onAct={onAct}
          disabled={j === count - 1}
        >
          Move down
        </IntentButton>
        <IntentButton
          label={`Remove ${title}`}
          intent={{ type: "remove-criterion", section: i, criterion: j }}
          onAct={onAct}
          danger
        >
          Remove
        </IntentButton>
      </div>
    </li>
  );
}

function IntentButton({
  intent,
  onAct,
  disabled,
  danger,
  label,
  children,
}: {
  intent: EditorIntent;
  onAct: (intent: EditorIntent) => (event: React.MouseEvent<HTMLButtonElement>) => void;
  disabled?: boolean;
  danger?: boolean;
  /** The accessible name when the visible text alone is ambiguous ("Move up" of which criterion). */
  label?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="submit"
      name="intent"
      value={intentValue(intent)}
      className={`btn btn-small ${danger ? "btn-danger-quiet" : "btn-secondary"}`}
      disabled={disabled}
      aria-label={label}
      onClick={onAct(intent)}
    >
      {children}
    </button>
  );
}

/** Beside a field after a conflicting save: the other editor changed it too, and this person's value was kept. */
function ClashNote({ id, note }: { id?: string; note?: string }) {
  if (!note) return null;
  return (
    <p className="clash-note" id={id}>
      <strong>Both changed:</strong> {note}
    </p>
  );
}

function describedBy(...ids: (string | undefined)[]) {
  return ids.filter(Boolean).join(" ") || undefined;
}

function TextInput({
  id,
  label,
  hint,
  name,
  value,
  onChange,
  error,
  inputMode,
  narrow,
  note,
}: {
  id?: string;
  label: string;
  hint?: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  inputMode?: "numeric" | "decimal";
  narrow?: boolean;
  note?: string;
}) {
  const inputId = id ?? `f-${name}`;
  return (
    <div className={`field${narrow ? " field-narrow" : ""}`}>
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p className="hint" id={`${inputId}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={inputId}
        type="text"
        name={name}
        value={value}
        inputMode={inputMode}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(
          hint && `${inputId}-hint`,
          note && `${inputId}-note`,
          error && `${inputId}-error`,
        )}
      />
      <ClashNote id={`${inputId}-note`} note={note} />
      <FieldError id={`${inputId}-error`} error={error} />
    </div>
  );
}

function WeightInput({
  label,
  name,
  value,
  onChange,
  error,
  share,
  shareId,
  zero,
  note,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  share: string;
  shareId: string;
  zero: boolean;
  note?: string;
}) {
  const inputId = `f-${name}`;
  return (
    <div className="field field-weight">
      <label htmlFor={inputId}>{label}</label>
      <div className="weight-row">
        <input
          id={inputId}
          type="text"
          inputMode="decimal"
          name={name}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(shareId, note && `${inputId}-note`, error && `${inputId}-error`)}
        />
        <output id={shareId} htmlFor={inputId} className={zero ? "weight-share weight-zero" : "weight-share"}>
          {zero ? "Not counted (0%)" : `= ${share}`}
        </output>
      </div>
      <ClashNote id={`${inputId}-note`} note={note} />
      <FieldError id={`${inputId}-error`} error={error} />
    </div>
  );
}

function TextArea({
  label,
  hint,
  name,
  value,
  onChange,
  rows,
  error,
  note,
}: {
  label: string;
  hint?: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  rows: number;
  error?: string;
  note?: string;
}) {
  const inputId = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p className="hint" id={`${inputId}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea
        id={inputId}
        name={name}
        value={value}
        rows={rows}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(
          hint && `${inputId}-hint`,
          note && `${inputId}-note`,
          error && `${inputId}-error`,
        )}
      />
      <ClashNote id={`${inputId}-note`} note={note} />
      <FieldError id={`${inputId}-error`} error={error} />
    </div>
  );
}

function SelectInput({
  label,
  hint,
  name,
  value,
  onChange,
  options,
  error,
  note,
}: {
  label: string;
  hint?: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  error?: string;
  note?: string;
}) {
  const inputId = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p className="hint" id={`${inputId}-hint`}>
          {hint}
        </p>
      ) : null}
      <select
        id={inputId}
        name={name}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(
          hint && `${inputId}-hint`,
          note && `${inputId}-note`,
          error && `${inputId}-error`,
        )}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ClashNote id={`${inputId}-note`} note={note} />
      <FieldError id={`${inputId}-error`} error={error} />
    </div>
  );
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "");
}
