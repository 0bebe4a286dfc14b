// The parts of one criterion's score form (score-form.tsx), in the order the form shows them.
import { type FormEvent, type MouseEvent, useState } from "react";
import { JUSTIFICATION_LIMIT } from "~/domain/evaluation";
import { FieldError } from "../forms";
import type { CitableEvidence, ScoreAnswer, ScoringCriterionView } from "./types";

/** Radio buttons read well up to 0-10; a wider scale gets a number input. */
const RADIO_SCALE_LIMIT = 10;

/** NOTE: number keys give one digit, so they set the score only on scales up to 9. */
export const KEY_SCALE_LIMIT = 9;

/** The id of the page's one hint about the number keys, which every keyed scale points to. */
export const KEYS_HINT_ID = "score-keys-hint";

/** The criterion's question, its rubric and its knockout (its name and state are on the item's folded line). */
export function CriterionRubric({ c }: { c: ScoringCriterionView }) {
  return (
    <>
      <p className="template-question">{c.question}</p>
      <dl className="rubric-list" aria-label={`Rubric for ${c.name}`}>
        <dt>{c.levels.low}</dt>
        <dd>{c.rubric.low}</dd>
        <dt>{c.levels.middle}</dt>
        <dd>{c.rubric.middle}</dd>
        <dt>{c.levels.high}</dt>
        <dd>{c.rubric.high}</dd>
      </dl>
      {c.knockout !== null ? (
        <p className="tags">
          <span className="badge status-expired">
            Knockout: an agreed score below {c.knockout} disqualifies
          </span>
        </p>
      ) : null}
    </>
  );
}

/** What the profile suggests, with "Accept suggestion" (saves it) and "Fill in to edit first". */
export function SuggestionBox({
  c,
  suggestion,
  disabled,
  pending,
  pendingIntent,
  onFill,
  filled,
}: {
  c: ScoringCriterionView;
  suggestion: NonNullable<ScoringCriterionView["suggestion"]>;
  disabled: boolean;
  pending: boolean;
  pendingIntent: FormDataEntryValue | null | undefined;
  onFill: (e: MouseEvent<HTMLButtonElement>) => void;
  /** The suggestion was filled in and not saved yet. */
  filled: boolean;
}) {
  return (
    <div className={`suggestion${suggestion.kind === "none" ? " is-none" : ""}`}>
      {suggestion.kind === "suggestion" ? (
        <>
          <p>
            <strong>
              Suggested: {suggestion.score} of {c.max}
            </strong>{" "}
            <span className="muted">from the profile: {suggestion.reason}</span>
          </p>
          {disabled ? null : (
            <span className="suggestion-actions">
              {/* One action: saves the suggestion with its reason as the justification. */}
              <button
                type="submit"
                name="intent"
                value="accept-suggestion"
                className="btn btn-secondary btn-small"
                aria-disabled={pending || undefined}
              >
                {pendingIntent === "accept-suggestion"
                  ? "Saving…"
                  : `Accept suggestion (${suggestion.score})`}
              </button>{" "}
              {/* Or fill the form with it, to edit before saving. */}
              <button
                type="submit"
                name="intent"
                value="use-suggestion"
                className="btn btn-link btn-small"
                onClick={onFill}
              >
                Fill in to edit first
              </button>
            </span>
          )}
          {filled ? (
            <span className="muted">
              {" "}
              Suggestion filled in; edit the justification if you see more, then save.
            </span>
          ) : null}
        </>
      ) : (
        <p className="muted">No suggestion: {suggestion.reason}</p>
      )}
    </div>
  );
}

/** The score: radio buttons with the number keys on small scales, a number input on wide ones. */
export function ScoreScale({
  id,
  c,
  keys,
  value,
  onChoose,
  error,
}: {
  id: string;
  c: Pick<ScoringCriterionView, "max" | "levels" | "rubric">;
  /** Number keys set the score: the scale points to the page's one hint about them. */
  keys: boolean;
  value: string;
  onChoose: (next: string) => void;
  error: string | undefined;
}) {
  if (c.max > RADIO_SCALE_LIMIT) {
    return (
      <div className="field field-narrow">
        <label htmlFor={`${id}-value`}>Score (0–{c.max})</label>
        <input
          id={`${id}-value`}
          name="value"
          type="number"
          inputMode="numeric"
          min={0}
          max={c.max}
          step={1}
          value={value}
          onChange={(e) => onChoose(e.currentTarget.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-value-error` : undefined}
        />
        <FieldError id={`${id}-value-error`} error={error} />
      </div>
    );
  }
  const scale = Array.from({ length: c.max + 1 }, (_, i) => i);
  const rubricFor = (n: number) =>
    n === c.levels.low
      ? c.rubric.low
      : n === c.levels.high
        ? c.rubric.high
        : n === c.levels.middle
          ? c.rubric.middle
          : "";
  return (
    <fieldset
      className="field score-scale"
      aria-describedby={
        [keys ? KEYS_HINT_ID : "", error ? `${id}-value-error` : ""].join(" ").trim() || undefined
      }
    >
      <legend>Score (0–{c.max})</legend>
      <div className="score-radios">
        {scale.map((n) => (
          <label key={n} className="score-radio" title={rubricFor(n) || undefined}>
            <input
              type="radio"
              name="value"
              value={n}
              checked={value === String(n)}
              onChange={() => onChoose(String(n))}
              aria-invalid={error ? true : undefined}
            />
            <span>{n}</span>
          </label>
        ))}
      </div>
      <FieldError id={`${id}-value-error`} error={error} />
    </fieldset>
  );
}

export function JustificationField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (next: string) => void;
  error: string | undefined;
}) {
  return (
    <div className="field">
      <label htmlFor={`${id}-justification`}>Justification (required)</label>
      <textarea
        id={`${id}-justification`}
        name="justification"
        rows={3}
        maxLength={JUSTIFICATION_LIMIT}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-justification-error` : undefined}
      />
      <FieldError id={`${id}-justification-error`} error={error} />
    </div>
  );
}

/**
 * The partner's evidence the score may rest on, as checkboxes folded under one line that says how many are cited
 * (open when the field has an error); or why there is none. Folded checkboxes still post with the form.
 */
export function CiteList({
  id,
  evidence,
  cited,
  error,
}: {
  id: string;
  evidence: readonly CitableEvidence[];
  cited: ReadonlySet<string>;
  error: string | undefined;
}) {
  const [count, setCount] = useState(() => evidence.filter((e) => cited.has(e.versionId)).length);
  if (evidence.length === 0)
    return <p className="muted">This partner has no evidence you can see to cite.</p>;
  const onChange = (e: FormEvent<HTMLFieldSetElement>) =>
    setCount(e.currentTarget.querySelectorAll('input[name="cite"]:checked').length);
  return (
    <details className="cite-fold" open={error ? true : undefined}>
      <summary>
        Evidence this score rests on (optional){" "}
        <span className="muted">
          · {count} of {evidence.length} cited
        </span>
      </summary>
      <fieldset
        className="field cite-list"
        aria-describedby={error ? `${id}-cited-error` : undefined}
        onChange={onChange}
      >
        <legend className="visually-hidden">Evidence this score rests on</legend>
        <ul>
          {evidence.map((e) => (
            <li key={e.versionId}>
              <label className="profile-check">
                <input
                  type="checkbox"
                  name="cite"
                  value={e.versionId}
                  defaultChecked={cited.has(e.versionId)}
                />
                <span>
                  {e.label} {e.note ? <span className="muted">· {e.note}</span> : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
        <FieldError id={`${id}-cited-error`} error={error} />
      </fieldset>
    </details>
  );
}

/** The score saved elsewhere since the form was drawn, beside what was typed. */
export function ScoreConflictAlert({
  conflict,
  max,
}: {
  conflict: NonNullable<ScoreAnswer["conflict"]> | null;
  max: number;
}) {
  return (
    <div className="alert alert-error score-conflict" role="alert">
      {conflict ? (
        <>
          <p>
            <strong>This score was saved elsewhere</strong> (your other tab, at {conflict.savedAt}):{" "}
            {conflict.value} of {max}.
          </p>
          <blockquote>{conflict.justification}</blockquote>
          <p>
            Your typing is kept below the rubric. Save again to replace it with yours, or reload to keep it.
          </p>
        </>
      ) : (
        <p>This score changed elsewhere. Reload the page to see it.</p>
      )}
    </div>
  );
}

/** "Save score" and when it was last saved (what became of this save shows on the item's folded line). */
export function ScoreActions({
  own,
  pending,
  pendingIntent,
  conflict,
}: {
  own: ScoringCriterionView["own"];
  pending: boolean;
  pendingIntent: FormDataEntryValue | null | undefined;
  conflict: boolean;
}) {
  return (
    <div className="score-actions">
      <button
        type="submit"
        name="intent"
        value="score"
        // Each criterion's save is a row action: the page's one primary action is "Submit this candidate".
        className="btn btn-secondary"
        aria-disabled={pending || undefined}
      >
        {pendingIntent === "score" ? "Saving…" : conflict ? "Save mine instead" : "Save score"}
      </button>
      {own ? (
        <span className="muted">
          Last saved {own.savedAt}
          {own.acceptedSuggestion !== null ? " (the suggestion, accepted)" : ""}
        </span>
      ) : null}
    </div>
  );
}

/** The consensus score, when set, and the other evaluators' scores, when the blind rule shows them. */
export function ConsensusAndOthers({ c }: { c: ScoringCriterionView }) {
  return (
    <>
      {c.consensus ? (
        <div className="review-consensus-current">
          <h4>
            Consensus: {c.consensus.value} of {c.max}
          </h4>
          <p>{c.consensus.rationale}</p>
          <p className="muted">
            Set by {c.consensus.setBy}, {c.consensus.savedAt}. It replaces the mean in the results; the scores
            below stay as they were.
          </p>
        </div>
      ) : null}
      {c.others.length > 0 ? (
        <div className="others">
          <h4>Other evaluators</h4>
          <ul>
            {c.others.map((o) => (
              <li key={o.name}>
                <strong>
                  {o.name}: {o.value} of {c.max}
                </strong>{" "}
                <span className="muted">· {o.savedAt}</span>
                <p>{o.justification}</p>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
