// The template editor's fields: text, weight (with its share as typed), text area, select, the structural buttons,
// and the note a merge after a conflicting save leaves beside a field.
import type { ReactNode } from "react";
import { type EditorIntent, intentValue } from "~/domain/checklist-draft";
import { FieldError } from "../forms";

/** Messages by field, keyed by what they belong to: `name`, `sections`, `s:<key>.weight`, `c:<key>.question`. */
export type EditorErrors = Record<string, string | undefined>;

/** What a structural button does when JavaScript runs: the edit at once, in the browser. */
export type OnAct = (intent: EditorIntent) => (event: React.MouseEvent<HTMLButtonElement>) => void;

export const sectionInputId = (key: string) => `section-${key}-name`;
export const criterionInputId = (key: string) => `criterion-${key}-name`;

export function IntentButton({
  intent,
  onAct,
  disabled,
  danger,
  label,
  children,
}: {
  intent: EditorIntent;
  onAct: OnAct;
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
export function ClashNote({ id, note }: { id?: string; note?: string }) {
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

/** What a field's control carries to be read with its label, hint, clash note and message. */
interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * One editor field: the label, the hint, the control (drawn by `children` with the ids and states it needs), the note
 * a conflicting save left, and the message. `describedFirst` names an element read before the hint (a weight's share).
 */
function EditorField({
  inputId,
  label,
  hint,
  note,
  error,
  className = "field",
  describedFirst,
  children,
}: {
  inputId: string;
  label: string;
  hint?: string;
  note?: string;
  error?: string;
  className?: string;
  describedFirst?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p className="hint" id={`${inputId}-hint`}>
          {hint}
        </p>
      ) : null}
      {children({
        id: inputId,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy(
          describedFirst,
          hint && `${inputId}-hint`,
          note && `${inputId}-note`,
          error && `${inputId}-error`,
        ),
      })}
      <ClashNote id={`${inputId}-note`} note={note} />
      <FieldError id={`${inputId}-error`} error={error} />
    </div>
  );
}

export function TextInput({
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
  return (
    <EditorField
      inputId={id ?? `f-${name}`}
      className={`field${narrow ? " field-narrow" : ""}`}
      {...{ label, hint, note, error }}
    >
      {(control) => (
        <input
          {...control}
          type="text"
          name={name}
          value={value}
          inputMode={inputMode}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </EditorField>
  );
}

export function WeightInput({
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
    <EditorField
      inputId={inputId}
      className="field field-weight"
      describedFirst={shareId}
      {...{ label, note, error }}
    >
      {(control) => (
        <div className="weight-row">
          <input
            {...control}
            type="text"
            inputMode="decimal"
            name={name}
            value={value}
            onChange={(event) => onChange(event.target.value)}
          />
          <output
            id={shareId}
            htmlFor={inputId}
            className={zero ? "weight-share weight-zero" : "weight-share"}
          >
            {zero ? "Not counted (0%)" : `= ${share}`}
          </output>
        </div>
      )}
    </EditorField>
  );
}

export function TextArea({
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
  return (
    <EditorField inputId={`f-${name}`} {...{ label, hint, note, error }}>
      {(control) => (
        <textarea
          {...control}
          name={name}
          value={value}
          rows={rows}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </EditorField>
  );
}

export function SelectInput({
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
  return (
    <EditorField inputId={`f-${name}`} {...{ label, hint, note, error }}>
      {(control) => (
        <select {...control} name={name} value={value} onChange={(event) => onChange(event.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </EditorField>
  );
}
