import { useFetcher, useSearchParams } from "@remix-run/react";
import { useId } from "react";
import { useHydrated } from "~/utils/hydrated";
import { FieldError, FormAlert, IdempotencyField } from "../forms";
import { ChevronRight } from "../ui/icons";

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
  scores: { evaluatorId: string; name: string; value: number; justification: string }[];
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

/** An evaluator's column on the consensus page: the full name, and the short one its header shows. */
export interface EvaluatorColumn {
  id: string;
  name: string;
  short: string;
}

/**
 * A criterion of a candidate to agree on, as one compact row: each evaluator's score in its column, the spread,
 * the mean and the consensus. The row unfolds on demand (a `<details>`, so without JavaScript too) to the question,
 * the evaluators' justifications, the consensus's rationale and (in review) the form that sets, changes or clears
 * it. It opens by itself only for the answer to its own post.
 */
export function ConsensusItem({
  item,
  evaluators,
  editable,
  limit,
  idempotencyKey,
  answer,
  open,
}: {
  item: ConsensusItemView;
  evaluators: readonly EvaluatorColumn[];
  editable: boolean;
  limit: number;
  idempotencyKey: string;
  /** The answer a no-JavaScript post got for this cell. */
  answer: ConsensusAnswer | undefined;
  open: boolean;
}) {
  return (
    <details className={`cx-row${item.disagreement ? " is-disagreement" : ""}`} open={open || !!answer}>
      <ConsensusSummary item={item} evaluators={evaluators} />
      <div className="cx-body">
        <p className="muted cx-question">{item.question}</p>
        {item.scores.length > 0 ? (
          <ul className="cx-justifications" aria-label="Evaluators’ scores">
            {item.scores.map((s) => (
              <li key={s.evaluatorId}>
                <strong>
                  {s.name}: {s.value} of {item.max}
                </strong>{" "}
                <span>{s.justification}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No evaluator scored this yet.</p>
        )}
        {item.consensus ? (
          <div className="review-consensus-current">
            <h4 className="review-subhead">
              Consensus: {item.consensus.value} of {item.max}
            </h4>
            <p>{item.consensus.rationale}</p>
            <p className="muted">
              Set by {item.consensus.setBy}, {item.consensus.savedAt}
            </p>
          </div>
        ) : null}
        {editable ? (
          <ConsensusForm item={item} limit={limit} idempotencyKey={idempotencyKey} answer={answer} />
        ) : null}
      </div>
    </details>
  );
}

/**
 * The row itself: its cells line up under the section's column headers on a wide screen; on a phone they wrap
 * under the criterion's name, each with its own short label. A screen reader hears each figure with its label.
 */
function ConsensusSummary({
  item,
  evaluators,
}: {
  item: ConsensusItemView;
  evaluators: readonly EvaluatorColumn[];
}) {
  const byEvaluator = new Map(item.scores.map((s) => [s.evaluatorId, s.value]));
  return (
    <summary className="cx-line">
      <span className="cx-criterion">{item.criterionName}</span>
      {evaluators.map((e) => {
        const value = byEvaluator.get(e.id);
        return (
          <span key={e.id} className={`cx-cell cx-score${value === undefined ? " is-empty" : ""}`}>
            <span className="cx-label" aria-hidden="true">
              {e.short}
            </span>
            <span className="visually-hidden">{e.name}: </span>
            {value === undefined ? (
              <>
                <span aria-hidden="true">–</span>
                <span className="visually-hidden">not scored</span>
              </>
            ) : (
              value
            )}
          </span>
        );
      })}
      <span className={`cx-cell cx-spread${item.disagreement ? " is-wide" : ""}`}>
        <span className="cx-label">Spread </span>
        {item.spread ?? "–"}
        {item.disagreement ? <span className="visually-hidden"> (a disagreement)</span> : null}
      </span>
      <span className="cx-cell cx-mean">
        <span className="cx-label">Mean </span>
        {item.mean ?? "–"}
      </span>
      <span className={`cx-cell cx-agreed${item.consensus ? " is-set" : ""}`}>
        <span className="cx-label">Consensus </span>
        {item.consensus ? item.consensus.value : <span className="cx-none">not set</span>}
      </span>
      <ChevronRight className="cx-chevron" aria-hidden="true" focusable="false" />
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
  const hydrated = useHydrated();
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
      <IdempotencyField value={idempotencyKey} />
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
      <FormAlert
        message={conflict === undefined && Object.keys(errors).length === 0 ? result?.formError : undefined}
      />
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
