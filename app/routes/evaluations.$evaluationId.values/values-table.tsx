import { useFetcher, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { FieldError } from "~/components/forms";
import { plural } from "~/utils/format";
import type { CellView, CriterionView } from "./view.server";

/** The action's answer for one cell: its messages, what was typed, what is stored now after a stale version. */
export interface ValueAnswer {
  cell?: string;
  ok?: boolean;
  message?: string;
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
  formError?: string;
  conflict?: { value: string; version: number; savedAt: string; fromProfile: boolean } | null;
}

export function CriterionValues({
  c,
  editable,
  idempotencyKey,
  answer,
}: {
  c: CriterionView;
  editable: boolean;
  idempotencyKey: string;
  answer: ValueAnswer | undefined;
}) {
  const missing = c.cells.filter((x) => !x.withdrawn && x.display === null).length;
  // Read only, the values are figures (right-aligned); being edited, the column holds the forms instead.
  const valueClass = editable ? undefined : "num";
  return (
    <section className="card review-values" aria-labelledby={`criterion-${c.key}`}>
      <div className="template-section-head">
        <h2 id={`criterion-${c.key}`}>{c.name}</h2>
        <span className="share">{c.share ?? "Weight 0: not counted"}</span>
      </div>
      <p className="template-question">{c.question}</p>
      <p className="tags">
        <span className="badge badge-neutral">{c.section}</span>
        <span className="badge badge-neutral">{c.unit || "No unit"}</span>
        <span className="badge badge-neutral">{c.direction}</span>
        {c.profileField ? <span className="badge badge-neutral">From profile: {c.profileField}</span> : null}
      </p>
      <p>
        Best value: <strong>{c.best === null ? "none yet" : `${c.best} ${c.unit}`.trim()}</strong>
        {missing > 0 ? (
          <span className="review-missing">
            {" "}
            · {plural(missing, "candidate", "candidates")} without a value (unscored)
          </span>
        ) : null}
      </p>
      <div className="table-wrap">
        <table className="table-stack review-values-table">
          <thead>
            <tr>
              <th scope="col">Candidate</th>
              <th scope="col" className={valueClass}>
                Value{c.unit ? ` (${c.unit})` : ""}
              </th>
              {c.profileField ? <th scope="col">Profile</th> : null}
              <th scope="col" className="num">
                Score (0–{c.max})
              </th>
            </tr>
          </thead>
          <tbody>
            {c.cells.map((x) => (
              <ValueRow
                key={x.cell}
                c={c}
                x={x}
                editable={editable && !x.withdrawn}
                valueClass={valueClass}
                idempotencyKey={idempotencyKey}
                answer={answer?.cell === x.cell ? answer : undefined}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ValueRow({
  c,
  x,
  editable,
  valueClass,
  idempotencyKey,
  answer,
}: {
  c: CriterionView;
  x: CellView;
  editable: boolean;
  valueClass: string | undefined;
  idempotencyKey: string;
  answer: ValueAnswer | undefined;
}) {
  const fetcher = useFetcher<ValueAnswer>();
  const [params] = useSearchParams();
  const result = fetcher.data ?? answer;
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [value, setValue] = useState(result?.values?.value ?? x.value);
  // A save elsewhere on the page (or "take from profile") brings a new stored value: show it.
  useEffect(() => setValue(x.value), [x.value]);
  const errors = result?.ok ? {} : (result?.errors ?? {});
  const conflict = result?.conflict;
  const version = conflict ? conflict.version : x.version;
  const pending = fetcher.state !== "idle";
  const saved = (fetcher.state === "idle" && fetcher.data?.ok) || params.get("saved") === x.cell;
  const inputId = `value-${c.key}-${x.candidateId}`;
  const errorId = `${inputId}-error`;
  const hidden = (
    <>
      <input type="hidden" name="candidateId" value={x.candidateId} />
      <input type="hidden" name="criterionId" value={c.key} />
      {version !== null ? <input type="hidden" name="version" value={version} /> : null}
      <input type="hidden" name="_idempotency" value={idempotencyKey} />
      {hydrated ? <input type="hidden" name="_js" value="1" /> : null}
    </>
  );
  const copying = result?.values?.intent === "copy";
  return (
    <tr className={x.withdrawn ? "is-withdrawn" : undefined}>
      <th scope="row" data-label="Candidate">
        {x.candidateName}
        {x.withdrawn ? <span className="muted"> (withdrawn: out of every best)</span> : null}
        {x.isBest ? (
          <>
            {" "}
            <span className="badge status-current">Best</span>
          </>
        ) : null}
      </th>
      <td data-label={`Value${c.unit ? ` (${c.unit})` : ""}`} className={valueClass}>
        {editable ? (
          <fetcher.Form method="post" className="review-value-form">
            {hidden}
            <label htmlFor={inputId} className="visually-hidden">
              {c.name} of {x.candidateName}
              {c.unit ? ` (${c.unit})` : ""}
            </label>
            <input
              id={inputId}
              name="value"
              inputMode="decimal"
              autoComplete="off"
              value={value}
              onChange={(ev) => setValue(ev.currentTarget.value)}
              aria-invalid={errors.value ? true : undefined}
              aria-describedby={errors.value ? errorId : undefined}
              className="review-value-input"
            />
            <button
              type="submit"
              name="intent"
              value="set"
              className="btn btn-secondary btn-small"
              aria-disabled={pending || undefined}
            >
              {pending ? "Saving…" : "Save"}
            </button>
            {x.version !== null ? (
              <button type="submit" name="intent" value="clear" className="btn btn-secondary btn-small">
                Clear<span className="visually-hidden"> the value of {x.candidateName}</span>
              </button>
            ) : null}
          </fetcher.Form>
        ) : (
          <span>{x.display === null ? "" : `${x.display} ${c.unit}`.trim()}</span>
        )}
        {x.display === null ? <span className="review-missing">No value yet</span> : null}
        <FieldError id={errorId} error={errors.value} />
        {x.copiedAt ? <p className="muted review-note">From the profile, copied {x.copiedAt}</p> : null}
        {conflict !== undefined ? (
          <div className="alert alert-error" role="alert">
            {conflict
              ? `Changed elsewhere at ${conflict.savedAt}: ${conflict.value}${conflict.fromProfile ? " (from the profile)" : ""}. ${copying ? "Take it from the profile again" : "Save again"} to replace it with ${copying ? "the profile’s figure" : "yours"}.`
              : "This value changed elsewhere. Reload the page to see it."}
          </div>
        ) : null}
        {result?.formError ? (
          <div className="alert alert-error" role="alert">
            {result.formError}
          </div>
        ) : null}
        <span className="muted review-note" role="status">
          {saved ? (result?.message ?? "Saved.") : ""}
        </span>
      </td>
      {x.profile ? (
        <td data-label="Profile">
          {x.profile.state === "none" ? (
            <span className="muted">No support terms in the profile</span>
          ) : (
            <>
              <span>
                {x.profile.value} {c.unit}
              </span>
              {x.profile.differs ? (
                <span className="review-missing">Profile changed since copied</span>
              ) : null}
              {editable ? (
                <fetcher.Form method="post" className="review-copy-form">
                  {hidden}
                  <button type="submit" name="intent" value="copy" className="btn btn-secondary btn-small">
                    {x.copiedAt ? "Refresh from profile" : "Take from profile"}
                    <span className="visually-hidden"> for {x.candidateName}</span>
                  </button>
                </fetcher.Form>
              ) : null}
            </>
          )}
        </td>
      ) : null}
      <td data-label={`Score (0–${c.max})`} className="num">
        {x.score !== null ? <strong>{x.score}</strong> : <span className="muted">Unscored</span>}
      </td>
    </tr>
  );
}
