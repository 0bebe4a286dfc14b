// The decide form's confirmation: what recording the decision freezes, counted from the record it would write now,
// right above the button that records it.
import { Lock } from "../ui/icons";

export function DecideFreezes({ freezes }: { freezes: { what: string; count: string }[] }) {
  return (
    <section className="decide-freezes" aria-labelledby="freezes-heading">
      <h2 id="freezes-heading">
        <Lock aria-hidden="true" focusable="false" /> Recording the decision freezes
      </h2>
      <dl>
        {freezes.map((f) => (
          <div key={f.what}>
            <dt>{f.what}</dt>
            <dd>{f.count}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">
        The report and the three exports then read this record and never change. Afterwards the evaluation
        only takes delivery reviews and debriefs; to change anything else, clone it into a new draft.
      </p>
    </section>
  );
}
