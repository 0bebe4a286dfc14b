// A decided evaluation's page, its decision part (DESIGN.md "Decision", "Delivery review", "Debrief"): the choice and
// its rationale, the record's exports and report, the delivery reviews of the chosen partner(s) with a form to add
// one, and a debrief to publish to each candidate not chosen.
import { Form, Link } from "@remix-run/react";
import type { DecisionView } from "~/models/decision.server";
import { FieldError, IdempotencyField } from "./forms";

interface Answer {
  ok: boolean;
  message?: string;
  formError?: string;
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
}

/** Links to the record: the decision step (in review), the printable report and the three exports. */
export function RecordLinks({
  evaluationId,
  canDecide,
  canExport,
}: {
  evaluationId: string;
  canDecide: boolean;
  canExport: boolean;
}) {
  const base = `/evaluations/${evaluationId}`;
  return (
    <section className="card spaced" aria-labelledby="record-heading">
      <h2 id="record-heading">The record</h2>
      <div className="editor-actions">
        {canDecide ? (
          <Link to={`${base}/decide`} className="btn btn-primary">
            Decide
          </Link>
        ) : null}
        {canExport ? (
          <>
            <Link to={`${base}/report`} className="btn btn-secondary">
              Printable report
            </Link>
            <a href={`${base}/summary.csv`} className="btn btn-secondary" download>
              summary.csv
            </a>
            <a href={`${base}/detail.csv`} className="btn btn-secondary" download>
              detail.csv
            </a>
            <a href={`${base}/comparison.json`} className="btn btn-secondary" download>
              comparison.json
            </a>
          </>
        ) : null}
      </div>
    </section>
  );
}

const RATINGS = [1, 2, 3, 4, 5];

interface ReviewFigures {
  quality: number;
  schedule: number;
  cost: number;
  wouldEngageAgain: boolean;
  outcome: string;
  note: string;
}

/** A delivery review's ratings, outcome and note, after its heading line (here, and on the partner's page). */
export function DeliveryReviewBody({ review: r }: { review: ReviewFigures }) {
  return (
    <>
      <br />
      Quality {r.quality}/5 · schedule {r.schedule}/5 · cost {r.cost}/5 ·{" "}
      {r.wouldEngageAgain ? "would engage again" : "would not engage again"}
      <br />
      Outcome against the baseline: {r.outcome}
      {r.note ? (
        <>
          <br />
          <span className="muted">Note:</span> {r.note}
        </>
      ) : null}
    </>
  );
}

export function DecisionPanel({ decision, answer }: { decision: DecisionView; answer: Answer | undefined }) {
  const reviewErrors = answer?.values?.intent === "delivery-review" ? (answer.errors ?? {}) : {};
  const reviewValues =
    answer?.values?.intent === "delivery-review" && !answer.ok ? (answer.values ?? {}) : {};
  return (
    <>
      <section className="card spaced decision-card" aria-labelledby="decision-heading">
        <h2 id="decision-heading">Decision</h2>
        <p>
          <strong>{decision.chosen.map((c) => c.name).join(" and ")}</strong>, chosen by {decision.by} on{" "}
          {decision.at}.
        </p>
        {decision.chosen
          .filter((c) => c.overrideReason)
          .map((c) => (
            <p key={c.candidateId}>
              Chosen although disqualified: {c.name}. <span className="muted">Reason:</span>{" "}
              {c.overrideReason}
            </p>
          ))}
        <blockquote className="decision-rationale">{decision.rationale}</blockquote>
        {decision.warnings.length > 0 ? (
          <p className="muted">Decided despite: {decision.warnings.join(" ")}</p>
        ) : null}
        <p className="muted">
          The record is frozen: its figures, the report and the exports never change. Only delivery reviews
          and debriefs are added from now on.
        </p>
      </section>

      <section className="card spaced" aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">Delivery reviews</h2>
        {decision.reviews.length === 0 ? (
          <p className="muted">No delivery review yet.</p>
        ) : (
          <ul className="delivery-reviews">
            {decision.reviews.map((r) => (
              <li key={r.id}>
                <strong>{r.partner}</strong> · {r.milestone} <span className="muted">({r.at})</span>
                <DeliveryReviewBody review={r} />
              </li>
            ))}
          </ul>
        )}
        {decision.reviewKey ? (
          // A fresh key after each recorded review: the form starts empty again.
          <Form method="post" className="delivery-review-form" key={decision.reviewKey} noValidate>
            <h3>Record a delivery review</h3>
            <IdempotencyField value={decision.reviewKey} />
            <input type="hidden" name="intent" value="delivery-review" />
            <div className="field">
              <label htmlFor="review-partner">Partner</label>
              <select id="review-partner" name="candidateId" defaultValue={reviewValues.candidateId}>
                {decision.chosen.map((c) => (
                  <option key={c.candidateId} value={c.candidateId}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="review-milestone">Milestone</label>
              <input
                id="review-milestone"
                type="text"
                name="milestone"
                required
                maxLength={decision.limits.milestone}
                placeholder="Pilot go-live, 90 days in production…"
                defaultValue={reviewValues.milestone}
                aria-invalid={reviewErrors.milestone ? true : undefined}
                aria-describedby={reviewErrors.milestone ? "review-milestone-error" : undefined}
              />
              <FieldError id="review-milestone-error" error={reviewErrors.milestone} />
            </div>
            <div className="rating-fields">
              {(["quality", "schedule", "cost"] as const).map((name) => (
                <fieldset
                  key={name}
                  aria-describedby={reviewErrors[name] ? `review-${name}-error` : undefined}
                >
                  <legend>
                    {name === "quality" ? "Quality" : name === "schedule" ? "Schedule" : "Cost"} (1–5)
                  </legend>
                  <div className="rating-options">
                    {RATINGS.map((n) => (
                      <label key={n} className="rating-option">
                        <input
                          type="radio"
                          name={name}
                          value={n}
                          defaultChecked={reviewValues[name] === String(n)}
                        />{" "}
                        {n}
                      </label>
                    ))}
                  </div>
                  <FieldError id={`review-${name}-error`} error={reviewErrors[name]} />
                </fieldset>
              ))}
            </div>
            <div className="field">
              <label htmlFor="review-outcome">Outcome against the baseline</label>
              <textarea
                id="review-outcome"
                name="outcome"
                rows={3}
                required
                maxLength={decision.limits.text}
                defaultValue={reviewValues.outcome}
                aria-invalid={reviewErrors.outcome ? true : undefined}
                aria-describedby={reviewErrors.outcome ? "review-outcome-error" : undefined}
              />
              <FieldError id="review-outcome-error" error={reviewErrors.outcome} />
            </div>
            <fieldset aria-describedby={reviewErrors.wouldEngageAgain ? "review-again-error" : undefined}>
              <legend>Would you engage this partner again?</legend>
              <label className="rating-option">
                <input
                  type="radio"
                  name="wouldEngageAgain"
                  value="yes"
                  defaultChecked={reviewValues.wouldEngageAgain === "yes"}
                />{" "}
                Yes
              </label>{" "}
              <label className="rating-option">
                <input
                  type="radio"
                  name="wouldEngageAgain"
                  value="no"
                  defaultChecked={reviewValues.wouldEngageAgain === "no"}
                />{" "}
                No
              </label>
              <FieldError id="review-again-error" error={reviewErrors.wouldEngageAgain} />
            </fieldset>
            <div className="field">
              <label htmlFor="review-note">Note (optional)</label>
              <textarea
                id="review-note"
                name="note"
                rows={2}
                maxLength={decision.limits.text}
                defaultValue={reviewValues.note}
                aria-invalid={reviewErrors.note ? true : undefined}
                aria-describedby={reviewErrors.note ? "review-note-error" : undefined}
              />
              <FieldError id="review-note-error" error={reviewErrors.note} />
            </div>
            <button type="submit" className="btn btn-primary">
              Record the review
            </button>
          </Form>
        ) : null}
      </section>

      {decision.debriefs.length > 0 ? (
        <section className="card spaced" aria-labelledby="debriefs-heading">
          <h2 id="debriefs-heading">Debriefs to the candidates not chosen</h2>
          <p className="muted">
            A debrief is the only part of this evaluation a partner ever reads: your text and, if you choose,
            its own section scores. It is published once.
          </p>
          <ul className="debriefs">
            {decision.debriefs.map((c) => {
              const mine =
                answer?.values?.intent === "debrief" && answer.values.candidateId === c.candidateId;
              const errors = mine ? (answer?.errors ?? {}) : {};
              return (
                <li key={c.candidateId}>
                  <h3>{c.name}</h3>
                  {c.publishedAt ? (
                    <p>Published {c.publishedAt}.</p>
                  ) : decision.isAdmin ? (
                    <Form method="post" noValidate>
                      <IdempotencyField value={decision.debriefKeys[c.candidateId]} />
                      <input type="hidden" name="intent" value="debrief" />
                      <input type="hidden" name="candidateId" value={c.candidateId} />
                      <div className="field">
                        <label htmlFor={`debrief-${c.candidateId}`}>Debrief to {c.name}</label>
                        <textarea
                          id={`debrief-${c.candidateId}`}
                          name="body"
                          rows={4}
                          required
                          maxLength={decision.limits.debrief}
                          defaultValue={mine && !answer?.ok ? answer?.values?.body : undefined}
                          aria-invalid={errors.body ? true : undefined}
                          aria-describedby={errors.body ? `debrief-${c.candidateId}-error` : undefined}
                        />
                        <FieldError id={`debrief-${c.candidateId}-error`} error={errors.body} />
                      </div>
                      <label className="checkbox">
                        <input type="checkbox" name="includeScores" /> Include {c.name}'s own section scores
                      </label>
                      <p>
                        <button type="submit" className="btn btn-secondary">
                          Publish the debrief
                        </button>
                      </p>
                    </Form>
                  ) : (
                    <p className="muted">Not published.</p>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </>
  );
}
