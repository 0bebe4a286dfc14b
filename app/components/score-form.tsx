import { useFetcher } from "@remix-run/react";
import { type KeyboardEvent, type MouseEvent, useEffect, useId, useState } from "react";
import { JUSTIFICATION_LIMIT } from "~/domain/evaluation";
import { FieldError } from "./forms";

/** One criterion as the scoring page shows it (display-ready, from the loader). */
export interface ScoringCriterionView {
  key: string;
  name: string;
  question: string;
  max: number;
  levels: { low: number; middle: number; high: number };
  rubric: { low: string; middle: string; high: string };
  knockout: number | null;
  suggestion: { kind: "suggestion"; score: number; reason: string } | { kind: "none"; reason: string } | null;
  own: {
    value: number;
    justification: string;
    citedVersionIds: string[];
    acceptedSuggestion: number | null;
    version: number;
    savedAt: string;
  } | null;
  others: { name: string; value: number; justification: string; savedAt: string }[];
  /** The admins' consensus score, when set and the blind rule lets the viewer see others' scores. */
  consensus?: { value: string; rationale: string; setBy: string; savedAt: string } | null;
}

/** A numeric criterion's figures for one candidate (display-ready). */
export interface NumericView {
  unit: string;
  direction: string;
  max: number;
  value: string | null;
  best: string | null;
  /** The ratio-rule score, one decimal; null without a value. */
  score: string | null;
  copiedAt: string | null;
  counts: boolean;
}

export interface CitableEvidence {
  versionId: string;
  label: string;
  note: string;
}

/** What the action answers for one criterion's form. */
export interface ScoreAnswer {
  criterionId?: string;
  ok?: boolean;
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
  cited?: string[];
  formError?: string;
  conflict?: { value: number; justification: string; savedAt: string; version: number } | null;
  /** A save with JavaScript: whether it was "Accept suggestion", and the score's new version. */
  accepted?: boolean;
  version?: number;
}

/** NOTE: number keys give one digit, so they set the score only on scales up to 9. */
const KEY_SCALE_LIMIT = 9;
/** Radio buttons read well up to 0-10; a wider scale gets a number input. */
const RADIO_SCALE_LIMIT = 10;

/**
 * One criterion's score form. It is a form of its own: without JavaScript it posts and the page comes back; with
 * it, a fetcher saves it so the other criteria keep what is typed in them.
 */
export function CriterionScoreForm({
  criterion: c,
  evidence,
  answer,
  disabled,
}: {
  criterion: ScoringCriterionView;
  evidence: readonly CitableEvidence[];
  /** The answer a no-JavaScript post got for this criterion. */
  answer?: ScoreAnswer;
  disabled: boolean;
}) {
  const fetcher = useFetcher<ScoreAnswer>();
  const result: ScoreAnswer | undefined = fetcher.data ?? answer;
  const id = useId();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [value, setValue] = useState<string>(result?.values?.value ?? (c.own ? String(c.own.value) : ""));
  const [justification, setJustification] = useState<string>(
    result?.values?.justification ?? c.own?.justification ?? "",
  );
  const [accepted, setAccepted] = useState<string>(
    result?.values?.acceptedSuggestion ??
      (c.own?.acceptedSuggestion !== null && c.own?.acceptedSuggestion !== undefined
        ? String(c.own.acceptedSuggestion)
        : ""),
  );
  const cited = new Set(result?.cited ?? c.own?.citedVersionIds ?? []);
  const errors = result?.ok ? {} : (result?.errors ?? {});
  const conflict = result?.conflict;
  const version = conflict ? conflict.version : (c.own?.version ?? null);
  const pending = fetcher.state !== "idle";
  const pendingIntent = pending ? fetcher.formData?.get("intent") : null;
  const justSaved = fetcher.state === "idle" && fetcher.data?.ok;
  const saved = fetcher.state === "idle" ? fetcher.data : undefined;

  // After a save, the form shows what was stored: after "Accept suggestion", the suggestion and its reason.
  useEffect(() => {
    if (!saved?.ok || !saved.values) return;
    setValue(saved.values.value ?? "");
    setJustification(saved.values.justification ?? "");
    if (saved.accepted) setAccepted(saved.values.value ?? "");
  }, [saved]);
  const keys = c.max <= KEY_SCALE_LIMIT;
  const suggestion = c.suggestion;

  function choose(next: string) {
    setValue(next);
    if (suggestion?.kind !== "suggestion" || next !== String(suggestion.score)) setAccepted("");
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (!keys || disabled || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    if (
      target.tagName === "TEXTAREA" ||
      (target.tagName === "INPUT" &&
        (target as HTMLInputElement).type !== "radio" &&
        (target as HTMLInputElement).type !== "checkbox")
    )
      return;
    if (!/^[0-9]$/.test(e.key) || Number(e.key) > c.max) return;
    e.preventDefault();
    choose(e.key);
    const radio = e.currentTarget.querySelector<HTMLInputElement>(`input[name="value"][value="${e.key}"]`);
    radio?.focus();
  }

  const takeSuggestion = (e: MouseEvent<HTMLButtonElement>) => {
    if (suggestion?.kind !== "suggestion") return;
    e.preventDefault();
    choose(String(suggestion.score));
    setAccepted(String(suggestion.score));
    if (justification.trim() === "") setJustification(suggestion.reason);
  };

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
    <fetcher.Form
      method="post"
      className="score-form"
      onKeyDown={onKeyDown}
      aria-labelledby={`${id}-name`}
      id={`criterion-${c.key}`}
    >
      {/* The form's default button: Enter (on a radio, say) saves; it never takes the suggestion. The intent
          travels on the buttons only, so the one pressed is the one the server reads. */}
      {disabled ? null : (
        <button type="submit" name="intent" value="score" hidden>
          Save score
        </button>
      )}
      <input type="hidden" name="criterionId" value={c.key} />
      {version !== null ? <input type="hidden" name="version" value={version} /> : null}
      <input type="hidden" name="acceptedSuggestion" value={accepted} />
      {hydrated ? <input type="hidden" name="_js" value="1" /> : null}

      <div className="score-head">
        <h3 id={`${id}-name`}>{c.name}</h3>
        <span className={c.own ? "badge status-current" : "badge badge-neutral"}>
          {c.own ? `Scored ${c.own.value} of ${c.max}` : "Not scored"}
        </span>
      </div>
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

      {suggestion ? (
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
                    onClick={takeSuggestion}
                  >
                    Fill in to edit first
                  </button>
                </span>
              )}
              {hydrated && accepted !== "" && (c.own?.acceptedSuggestion ?? null) === null ? (
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
      ) : null}

      {disabled ? null : (
        <>
          {c.max <= RADIO_SCALE_LIMIT ? (
            <fieldset
              className="field score-scale"
              aria-describedby={
                [keys ? `${id}-keys` : "", errors.value ? `${id}-value-error` : ""].join(" ").trim() ||
                undefined
              }
            >
              <legend>Score (0–{c.max})</legend>
              {keys ? (
                <p className="hint" id={`${id}-keys`}>
                  Keys 0–{c.max} set the score while this criterion has the focus (not while you type in the
                  justification); Tab moves on.
                </p>
              ) : null}
              <div className="score-radios">
                {scale.map((n) => (
                  <label key={n} className="score-radio" title={rubricFor(n) || undefined}>
                    <input
                      type="radio"
                      name="value"
                      value={n}
                      checked={value === String(n)}
                      onChange={() => choose(String(n))}
                      aria-invalid={errors.value ? true : undefined}
                    />
                    <span>{n}</span>
                  </label>
                ))}
              </div>
              <FieldError id={`${id}-value-error`} error={errors.value} />
            </fieldset>
          ) : (
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
                onChange={(e) => choose(e.currentTarget.value)}
                aria-invalid={errors.value ? true : undefined}
                aria-describedby={errors.value ? `${id}-value-error` : undefined}
              />
              <FieldError id={`${id}-value-error`} error={errors.value} />
            </div>
          )}

          <div className="field">
            <label htmlFor={`${id}-justification`}>Justification (required)</label>
            <textarea
              id={`${id}-justification`}
              name="justification"
              rows={3}
              maxLength={JUSTIFICATION_LIMIT}
              value={justification}
              onChange={(e) => setJustification(e.currentTarget.value)}
              aria-invalid={errors.justification ? true : undefined}
              aria-describedby={errors.justification ? `${id}-justification-error` : undefined}
            />
            <FieldError id={`${id}-justification-error`} error={errors.justification} />
          </div>

          {evidence.length > 0 ? (
            <fieldset
              className="field cite-list"
              aria-describedby={errors.cited ? `${id}-cited-error` : undefined}
            >
              <legend>Evidence this score rests on (optional)</legend>
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
              <FieldError id={`${id}-cited-error`} error={errors.cited} />
            </fieldset>
          ) : (
            <p className="muted">This partner has no evidence you can see to cite.</p>
          )}

          {conflict !== undefined ? (
            <div className="alert alert-error score-conflict" role="alert">
              {conflict ? (
                <>
                  <p>
                    <strong>This score was saved elsewhere</strong> (your other tab, at {conflict.savedAt}):{" "}
                    {conflict.value} of {c.max}.
                  </p>
                  <blockquote>{conflict.justification}</blockquote>
                  <p>
                    Your typing is kept below the rubric. Save again to replace it with yours, or reload to
                    keep it.
                  </p>
                </>
              ) : (
                <p>This score changed elsewhere. Reload the page to see it.</p>
              )}
            </div>
          ) : null}
          {result?.formError ? (
            <div className="alert alert-error" role="alert">
              {result.formError}
            </div>
          ) : null}

          <div className="score-actions">
            <button
              type="submit"
              name="intent"
              value="score"
              className="btn btn-primary"
              aria-disabled={pending || undefined}
            >
              {pendingIntent === "score" ? "Saving…" : conflict ? "Save mine instead" : "Save score"}
            </button>
            <span className="muted" role="status">
              {justSaved
                ? fetcher.data?.accepted
                  ? "Suggestion accepted and saved."
                  : "Saved."
                : c.own
                  ? `Last saved ${c.own.savedAt}${c.own.acceptedSuggestion !== null ? " (the suggestion, accepted)" : ""}`
                  : ""}
            </span>
          </div>
        </>
      )}

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
    </fetcher.Form>
  );
}

/**
 * A numeric criterion on the scoring page: its score comes from the candidates' values by the ratio rule
 * (DESIGN.md "numeric"), entered by admins on the evaluation's values page; a missing value is flagged.
 */
export function NumericCriterionView({
  name,
  question,
  numeric: n,
}: {
  name: string;
  question: string;
  numeric: NumericView;
}) {
  const unit = (x: string) => `${x} ${n.unit}`.trim();
  return (
    <div className="score-form">
      <div className="score-head">
        <h3>{name}</h3>
        {n.score !== null ? (
          <span className="badge status-current">
            Score {n.score} of {n.max}
          </span>
        ) : (
          <span className="badge status-expired">No value yet</span>
        )}
      </div>
      <p className="template-question">{question}</p>
      <dl className="facts review-numeric">
        <dt>Value</dt>
        <dd>
          {n.value !== null ? unit(n.value) : <span className="review-missing">No value yet: unscored</span>}
          {n.copiedAt ? <span className="muted"> · from the profile, copied {n.copiedAt}</span> : null}
        </dd>
        <dt>Best value</dt>
        <dd>{n.best !== null ? unit(n.best) : <span className="muted">None yet</span>}</dd>
        <dt>Rule</dt>
        <dd>
          {n.direction}: {n.max} × {n.direction.startsWith("Lower") ? "best ÷ value" : "value ÷ best"}
          {n.counts ? null : <span className="muted"> · weight 0: shown, not counted</span>}
        </dd>
      </dl>
    </div>
  );
}
