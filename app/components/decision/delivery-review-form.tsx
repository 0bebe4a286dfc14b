// The form that records a delivery review of a chosen partner: milestone, three ratings, the outcome against the
// baseline, whether the buyer would engage the partner again, a note. Its values and messages come back after a
// refusal.
import { Form } from "@remix-run/react";
import { FieldError, IdempotencyField } from "~/components/forms";

const RATINGS = [1, 2, 3, 4, 5];

export function DeliveryReviewForm(props: {
  /** A fresh key after each recorded review: the form starts empty again. */
  reviewKey: string;
  chosen: { candidateId: string; name: string }[];
  limits: { milestone: number; text: number };
  errors: Record<string, string | undefined>;
  values: Record<string, string>;
}) {
  const { reviewKey, errors: reviewErrors, values: reviewValues } = props;
  return (
    <Form method="post" className="delivery-review-form" key={reviewKey} noValidate>
      <h3>Record a delivery review</h3>
      <IdempotencyField value={reviewKey} />
      <input type="hidden" name="intent" value="delivery-review" />
      <div className="field">
        <label htmlFor="review-partner">Partner</label>
        <select id="review-partner" name="candidateId" defaultValue={reviewValues.candidateId}>
          {props.chosen.map((c) => (
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
          maxLength={props.limits.milestone}
          placeholder="Pilot go-live, 90 days in production…"
          defaultValue={reviewValues.milestone}
          aria-invalid={reviewErrors.milestone ? true : undefined}
          aria-describedby={reviewErrors.milestone ? "review-milestone-error" : undefined}
        />
        <FieldError id="review-milestone-error" error={reviewErrors.milestone} />
      </div>
      <RatingFields errors={reviewErrors} values={reviewValues} />
      <div className="field">
        <label htmlFor="review-outcome">Outcome against the baseline</label>
        <textarea
          id="review-outcome"
          name="outcome"
          rows={3}
          required
          maxLength={props.limits.text}
          defaultValue={reviewValues.outcome}
          aria-invalid={reviewErrors.outcome ? true : undefined}
          aria-describedby={reviewErrors.outcome ? "review-outcome-error" : undefined}
        />
        <FieldError id="review-outcome-error" error={reviewErrors.outcome} />
      </div>
      <EngageAgainField error={reviewErrors.wouldEngageAgain} value={reviewValues.wouldEngageAgain} />
      <div className="field">
        <label htmlFor="review-note">Note (optional)</label>
        <textarea
          id="review-note"
          name="note"
          rows={2}
          maxLength={props.limits.text}
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
  );
}

type Answer = { errors: Record<string, string | undefined>; values: Record<string, string> };

/** Quality, schedule and cost, each rated 1 to 5. */
function RatingFields({ errors: reviewErrors, values: reviewValues }: Answer) {
  return (
    <div className="rating-fields">
      {(["quality", "schedule", "cost"] as const).map((name) => (
        <fieldset key={name} aria-describedby={reviewErrors[name] ? `review-${name}-error` : undefined}>
          <legend>{name === "quality" ? "Quality" : name === "schedule" ? "Schedule" : "Cost"} (1–5)</legend>
          <div className="rating-options">
            {RATINGS.map((n) => (
              <label key={n} className="rating-option">
                <input type="radio" name={name} value={n} defaultChecked={reviewValues[name] === String(n)} />{" "}
                {n}
              </label>
            ))}
          </div>
          <FieldError id={`review-${name}-error`} error={reviewErrors[name]} />
        </fieldset>
      ))}
    </div>
  );
}

function EngageAgainField({ error, value }: { error: string | undefined; value: string | undefined }) {
  return (
    <fieldset aria-describedby={error ? "review-again-error" : undefined}>
      <legend>Would you engage this partner again?</legend>
      <label className="rating-option">
        <input type="radio" name="wouldEngageAgain" value="yes" defaultChecked={value === "yes"} /> Yes
      </label>{" "}
      <label className="rating-option">
        <input type="radio" name="wouldEngageAgain" value="no" defaultChecked={value === "no"} /> No
      </label>
      <FieldError id="review-again-error" error={error} />
    </fieldset>
  );
}
