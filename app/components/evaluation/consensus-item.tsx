import { useFetcher, useSearchParams } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import { FieldError } from "../forms";

/** One counted rated criterion of one candidate, on the consensus page. */
export interface ConsensusItemView {
  /** `candidateId:criterionId`: what the page's answers name. */
  cell: string;
  candidateId: string;
  candidateName: string;
  criterionId: string;
  criterionName: string;
  section: string;
  question: string;
  max: number;
  scores: { name: string; value: number; justification: string }[];
  mean: string | null;
  spread: number | null;
  disagreement: boolean;
  consensus: {
    value: string;
    /** As typed back into the form. */
    raw: string;
    rationale: string;
    version: number;
    setBy: string;
    savedAt: string;
  } | null;
}

/** What the action answers for one consensus form (`answerCell`): a save, or a failure with what was typed. */
export interface ConsensusAnswer {
  cell?: string;
  ok?: boolean;
  message?: string;
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
  formError?: string;
  /** What is stored now, after a stale version (null: it changed, and cannot be shown). */
  conflict?: { value: string; rationale: string; version: number; savedAt: string } | null;
}

/**
 * A criterion of a candidate to agree on: the evaluators' scores and their spread, the consensus when set, and (in
 * review) the form that sets, changes or clears it. Disagreements and agreed ones open at first.
 */
export function ConsensusItem({
  item,
  editable,
  limit,
  idempotencyKey,
  answer,
}: {
  item: ConsensusItemView;
  editable: boolean;
  limit: number;
  idempotencyKey: string;
  /** The answer a no-JavaScript post got for this cell. */
  answer: ConsensusAnswer | undefined;
}) {
  const open = item.disagreement || !!item.consensus || !!answer;
  return (
    <details className={`card review-consensus${item.disagreement ? " is-disagreement" : ""}`} open={open}>
      <ConsensusSummary item={item} />
      <p className="muted">
        {item.section} · {item.question}
      </p>
      {item.scores.length > 0 ? (
        <div className="others">
          <h3 className="review-subhead">Evaluators’ scores</h3>
          <ul>
            {item.scores.map((s) => (
              <li key={s.name}>
                <strong>
                  {s.name}: {s.value} of {item.max}
                </strong>
                <p>{s.justification}</p>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">No evaluator scored this yet.</p>
      )}
      {item.consensus ? (
        <div className="review-consensus-current">
          <h3 className="review-subhead">
            Consensus: {item.consensus.value} of {item.max}
          </h3>
          <p>{item.consensus.rationale}</p>
          <p className="muted">
            Set by {item.consensus.setBy}, {item.consensus.savedAt}
          </p>
        </div>
      ) : null}
      {editable ? (
        <ConsensusForm item={item} limit={limit} idempotencyKey={idempotencyKey} answer={answer} />
      ) : null}
    </details>
  );
}

function ConsensusSummary({ item }: { item: ConsensusItemView }) {
  return (
    <summary>
      <span className="review-consensus-title">
        <strong>{item.candidateName}</strong> · {item.criterionName}
      </span>
      <span className="review-consensus-figures">
        {item.disagreement ? <span className="badge status-expired">Disagreement</span> : null}
        {item.mean === null ? (
          <span className="badge badge-neutral">Not scored</span>
        ) : (
          <span className="badge badge-neutral">
            Mean {item.mean} of {item.max}
          </span>
        )}
        {item.spread !== null ? <span className="badge badge-neutral">Spread {item.spread}</span> : null}
        {item.consensus ? (
          <span className="badge status-current">Consensus {item.consensus.value}</span>
        ) : null}
      </span>
    </summary>
  );
}

/** Sets, changes or clears the consensus: a form of its own, saved by a fetcher when JavaScript runs. */
function ConsensusForm({
  item,
  limit,
  idempotencyKey,
  answer,
}: {
  item: ConsensusItemView;
  limit: number;
  idempotencyKey: string;
  answer: ConsensusAnswer | undefined;
}) {
  const fetcher = useFetcher<ConsensusAnswer>();
  const [params] = useSearchParams();
  const id = useId();
  const result = fetcher.data ?? answer;
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const errors = result?.ok ? {} : (result?.errors ?? {});
  const conflict = result?.conflict;
  const version = conflict ? conflict.version : (item.consensus?.version ?? null);
  const pending = fetcher.state !== "idle";
  const saved = (fetcher.state === "idle" && fetcher.data?.ok) || params.get("saved") === item.cell;
  return (
    <fetcher.Form
      method="post"
      className="review-consensus-form"
      aria-label={`Consensus for ${item.criterionName}, ${item.candidateName}`}
    >
      <input type="hidden" name="candidateId" value={item.candidateId} />
      <input type="hidden" name="criterionId" value={item.criterionId} />
      {version !== null ? <input type="hidden" name="version" value={version} /> : null}
      <input type="hidden" name="_idempotency" value={idempotencyKey} />
      {hydrated ? <input type="hidden" name="_js" value="1" /> : null}
      <div className="field field-narrow">
        <label htmlFor={`${id}-value`}>Consensus score (0–{item.max}, one decimal)</label>
        <input
          id={`${id}-value`}
          name="value"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          required
          defaultValue={result?.values?.value ?? item.consensus?.raw ?? ""}
          aria-invalid={errors.value ? true : undefined}
          aria-describedby={errors.value ? `${id}-value-error` : undefined}
        />
        <FieldError id={`${id}-value-error`} error={errors.value} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-rationale`}>Rationale (required)</label>
        <textarea
          id={`${id}-rationale`}
          name="rationale"
          rows={2}
          required
          maxLength={limit}
          defaultValue={result?.values?.rationale ?? item.consensus?.rationale ?? ""}
          aria-invalid={errors.rationale ? true : undefined}
          aria-describedby={errors.rationale ? `${id}-rationale-error` : undefined}
        />
        <FieldError id={`${id}-rationale-error`} error={errors.rationale} />
      </div>
      {conflict !== undefined ? (
        <div className="alert alert-error" role="alert">
          {conflict
            ? `Changed elsewhere at ${conflict.savedAt}: ${conflict.value} (“${conflict.rationale}”). Save again to replace it with yours.`
            : "This consensus changed elsewhere. Reload the page to see it."}
        </div>
      ) : null}
      {/* A form-level message, when neither a field nor the conflict above says it. */}
      {result?.formError && conflict === undefined && Object.keys(errors).length === 0 ? (
        <div className="alert alert-error" role="alert">
          {result.formError}
        </div>
      ) : null}
      <div className="score-actions">
        <button
          type="submit"
          name="intent"
          value="set"
          className="btn btn-secondary btn-small"
          aria-disabled={pending || undefined}
        >
          {pending ? "Saving…" : item.consensus ? "Change consensus" : "Set consensus"}
        </button>
        {item.consensus ? (
          <button
            type="submit"
            name="intent"
            value="clear"
            className="btn btn-secondary btn-small"
            formNoValidate
          >
            Clear consensus
          </button>
        ) : null}
        <span className="muted" role="status">
          {saved ? (result?.message ?? "Saved.") : ""}
        </span>
      </div>
    </fetcher.Form>
  );
}
