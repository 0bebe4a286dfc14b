import { type ShouldRevalidateFunction, useNavigation } from "@remix-run/react";
import { type InputHTMLAttributes, type ReactNode, useId } from "react";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/utils/limits";

/** Field errors and the submitted values an action returns with status 400 (never a password). */
export interface FormFailure {
  errors: Record<string, string | undefined>;
  values: Record<string, string>;
  formError?: string;
}

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  name: string;
  hint?: ReactNode;
  error?: string;
}

/** A labelled input with its hint and, when the server refused it, its message right beside it. */
export function Field({ label, name, hint, error, type = "text", ...input }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      <FieldError id={errorId} error={error} />
    </div>
  );
}

interface SelectProps {
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
  defaultValue?: string;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
}

export function SelectField({ label, name, options, defaultValue, hint, error, required }: SelectProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={errorId} error={error} />
    </div>
  );
}

interface TextAreaProps {
  /** The textarea's id; its hint and message take `<id>-hint` and `<id>-error`. */
  id: string;
  label: string;
  name: string;
  hint: ReactNode;
  rows: number;
  maxLength: number;
  defaultValue?: string;
  error?: string;
}

/** A labelled textarea with its hint and, when the server refused it, its message right beside it. */
export function TextAreaField({
  id,
  label,
  name,
  hint,
  rows,
  maxLength,
  defaultValue,
  error,
}: TextAreaProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        aria-describedby={`${id}-hint ${id}-error`}
        aria-invalid={error ? true : undefined}
        defaultValue={defaultValue}
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/** A group of checkboxes sending `name` once per ticked box, as cards, with the group's message below. */
export function CheckboxCardsField({
  legend,
  name,
  options,
  checked,
  error,
}: {
  legend: string;
  name: string;
  options: readonly { value: string; label: string }[];
  checked: readonly string[];
  error?: string;
}) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      <div className="choice-cards">
        {options.map((o) => (
          <label key={o.value} className="choice-card">
            <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldError error={error} />
    </fieldset>
  );
}

export function FieldError({ id, error }: { id?: string; error?: string }) {
  if (!error) return null;
  return (
    <div className="field-error" id={id}>
      {error}
    </div>
  );
}

/** A form-level message (for failures that belong to no single field), announced to screen readers. */
export function FormAlert({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div className="alert alert-error" role="alert">
      {message}
    </div>
  );
}

/** The hidden key that makes a create form idempotent (utils/idempotency.server.ts `once`). */
export function IdempotencyField({ value }: { value: string }) {
  return <input type="hidden" name="_idempotency" value={value} />;
}

/** A submit button that says it is working while its form is being sent. */
export function SubmitButton({
  children,
  pendingText,
  className = "btn btn-primary",
}: {
  children: ReactNode;
  pendingText: string;
  className?: string;
}) {
  const navigation = useNavigation();
  const pending = navigation.state === "submitting";
  return (
    <button type="submit" className={className} aria-disabled={pending || undefined}>
      {pending ? pendingText : children}
    </button>
  );
}

/** A field for choosing a password: the policy's length limits in the browser, the server's message beside it. */
export function NewPasswordField({ label, name, error }: { label: string; name: string; error?: string }) {
  return (
    <Field
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      required
      minLength={MIN_PASSWORD_LENGTH}
      maxLength={MAX_PASSWORD_LENGTH}
      hint={`At least ${MIN_PASSWORD_LENGTH} characters. A passphrase of a few unrelated words works well.`}
      error={error}
    />
  );
}

/**
 * A page's `shouldRevalidate` when its forms carry a version: after a stale version (409) the page reloads, so the
 * forms carry what is stored now (and its version) beside the message.
 */
export const reloadAfterConflict: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;
