// Every warning that applies to the choice, above the box that accepts them.
import { FieldError } from "~/components/forms";
import type { DecisionWarning } from "~/domain/decision";
import { listWords } from "~/utils/format";

export function DecideWarnings(props: {
  warnings: DecisionWarning[];
  /** Each warning's words. */
  texts: Record<DecisionWarning, string>;
  leaderNames: string[];
  acknowledged: boolean;
  error: string | undefined;
}) {
  const { warnings, leaderNames } = props;
  return (
    <div className="field decide-acknowledge">
      <div className="alert alert-warning" id="decide-warnings">
        <h2 className="alert-title">Before you decide</h2>
        <ul>
          {warnings.map((w) => (
            <li key={w}>
              {props.texts[w]}
              {w === "notLeader" && leaderNames.length > 0 ? ` The leader is ${listWords(leaderNames)}.` : ""}
            </li>
          ))}
        </ul>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          name="acknowledge"
          defaultChecked={props.acknowledged}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={["decide-warnings", props.error ? "acknowledge-error" : ""]
            .filter(Boolean)
            .join(" ")}
        />{" "}
        I decide despite the warnings above
      </label>
      <FieldError id="acknowledge-error" error={props.error} />
    </div>
  );
}
