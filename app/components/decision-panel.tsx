// A decided evaluation's page, its decision part (docs/product.md "Decision", "Delivery review", "Debrief"): the choice and
// its rationale, the record's exports and report, the delivery reviews of the chosen partner(s) with a form to add
// one, and a debrief to publish to each candidate not chosen.
import { Link } from "@remix-run/react";
import { listWords } from "~/utils/format";
import { Debriefs } from "./decision/debriefs";
import { DeliveryReviewForm } from "./decision/delivery-review-form";
import type { DecisionAnswer, DecisionPanelData, ReviewFigures } from "./decision/types";

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

export function DecisionPanel({
  decision,
  answer,
}: {
  decision: DecisionPanelData;
  answer: DecisionAnswer | undefined;
}) {
  const reviewErrors = answer?.values?.intent === "delivery-review" ? (answer.errors ?? {}) : {};
  const reviewValues =
    answer?.values?.intent === "delivery-review" && !answer.ok ? (answer.values ?? {}) : {};
  return (
    <>
      <section className="card spaced decision-card" aria-labelledby="decision-heading">
        <h2 id="decision-heading">Decision</h2>
        <p>
          <strong>{listWords(decision.chosen.map((c) => c.name))}</strong>, chosen by {decision.by} on{" "}
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
          <DeliveryReviewForm
            reviewKey={decision.reviewKey}
            chosen={decision.chosen}
            limits={decision.limits}
            errors={reviewErrors}
            values={reviewValues}
          />
        ) : null}
      </section>

      <Debriefs decision={decision} answer={answer} />
    </>
  );
}
