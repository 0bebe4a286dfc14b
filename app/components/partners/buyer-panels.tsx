// What only a buyer sees on a partner's page: the shortlist form (admins) and its own delivery reviews.
import { Form, Link } from "@remix-run/react";
import { DeliveryReviewBody } from "../decision-panel";
import { FieldError } from "../forms";

/** One of the buyer's delivery reviews of this partner. */
export interface DeliveryView {
  id: string;
  milestone: string;
  quality: number;
  schedule: number;
  cost: number;
  wouldEngageAgain: boolean;
  outcome: string;
  note: string;
  /** Null when the viewer may not open the evaluation. */
  evaluationId: string | null;
  evaluation: string | null;
  at: string;
}

/** Adds the partner to one of the buyer's open evaluations; a refusal reads beside the select. */
export function AddToEvaluation({
  evaluations,
  error,
}: {
  evaluations: readonly { id: string; name: string }[];
  error?: string;
}) {
  return (
    <Form method="post" className="card inline-form partner-add-evaluation">
      <input type="hidden" name="intent" value="add-to-evaluation" />
      <div className="field">
        <label htmlFor="add-to-evaluation">Add to an evaluation</label>
        <select id="add-to-evaluation" name="evaluationId" required aria-invalid={error ? true : undefined}>
          {evaluations.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
        <FieldError error={error} />
      </div>
      <button type="submit" className="btn btn-primary">
        Add to shortlist
      </button>
    </Form>
  );
}

export function DeliveryReviews({ name, deliveries }: { name: string; deliveries: readonly DeliveryView[] }) {
  return (
    <section className="card spaced-sm" id="delivery" aria-labelledby="delivery-title">
      <h2 id="delivery-title">How {name} delivered for you</h2>
      <p className="muted">Your organisation's delivery reviews, after its decisions. Only you see them.</p>
      <ul className="delivery-reviews">
        {deliveries.map((r) => (
          <li key={r.id}>
            <strong>{r.milestone}</strong> ·{" "}
            {r.evaluationId ? (
              <Link to={`/evaluations/${r.evaluationId}`}>{r.evaluation}</Link>
            ) : (
              <span className="muted">an evaluation you are not assigned to</span>
            )}{" "}
            <span className="muted">({r.at})</span>
            <DeliveryReviewBody review={r} />
          </li>
        ))}
      </ul>
    </section>
  );
}
