import type { NumericView } from "./types";

/**
 * A numeric criterion on the scoring page: its score comes from the candidates' values by the ratio rule
 * (docs/product.md "numeric"), entered by admins on the evaluation's values page; a missing value is flagged. Its
 * name and score are on the item's folded line.
 */
export function NumericCriterionView({ question, numeric: n }: { question: string; numeric: NumericView }) {
  const unit = (x: string) => `${x} ${n.unit}`.trim();
  return (
    <div className="score-form">
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
