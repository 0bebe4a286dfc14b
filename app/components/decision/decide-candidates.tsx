// The decide form's candidates: each with its rank, total and completeness, a box to choose it, and for a
// disqualified one its reasons and the override reason it needs if chosen.
import { FieldError } from "~/components/forms";
import { Badge } from "~/components/ui/badge";
import { listWords } from "~/utils/format";

export interface DecideCandidate {
  id: string;
  name: string;
  rank: number | null;
  total: string | null;
  completeness: string;
  disqualified: boolean;
  reasons: string[];
}

export function DecideCandidates(props: {
  candidates: DecideCandidate[];
  leaderNames: string[];
  withdrawn: string[];
  /** The choice the server was sent, ticked again. */
  sent: string[];
  overrideLimit: number;
  errors: Record<string, string | undefined>;
  values: Record<string, string> | undefined;
}) {
  const { errors, leaderNames } = props;
  const leaders = new Set(leaderNames);
  return (
    <fieldset aria-describedby={errors.chosen ? "chosen-error" : undefined}>
      <legend>Chosen partner(s)</legend>
      <p className="hint">
        {leaderNames.length > 0
          ? `The leader now: ${listWords(leaderNames)}.`
          : "No qualified candidate leads."}
      </p>
      <ul className="decide-candidates">
        {props.candidates.map((c) => {
          const overrideError = errors[`override.${c.id}`];
          return (
            <li key={c.id}>
              <label className="checkbox decide-choice">
                <input
                  type="checkbox"
                  name="chosen"
                  value={c.id}
                  defaultChecked={props.sent.includes(c.id)}
                  aria-describedby={c.disqualified ? `reasons-${c.id}` : undefined}
                />{" "}
                <span className="decide-choice-text">
                  <strong>{c.name}</strong>{" "}
                  {leaders.has(c.name) ? <Badge tone="success">Leader</Badge> : null}
                  {c.disqualified ? <Badge tone="danger">Disqualified</Badge> : null}{" "}
                  <span className="muted">
                    {c.rank === null ? "not scored" : `rank ${c.rank}`}
                    {c.total ? `, total ${c.total}` : ""}, completeness {c.completeness}
                  </span>
                </span>
              </label>
              {c.disqualified ? (
                <div className="decide-override">
                  <p id={`reasons-${c.id}`} className="field-note">
                    Disqualified: {c.reasons.join("; ")}.
                  </p>
                  <label htmlFor={`override-${c.id}`}>Override reason (if you choose {c.name})</label>
                  <textarea
                    id={`override-${c.id}`}
                    name={`override.${c.id}`}
                    rows={2}
                    maxLength={props.overrideLimit}
                    defaultValue={props.values?.[`override.${c.id}`] ?? ""}
                    aria-invalid={overrideError ? true : undefined}
                    aria-describedby={overrideError ? `override-${c.id}-error` : undefined}
                  />
                  <FieldError id={`override-${c.id}-error`} error={overrideError} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {props.withdrawn.length > 0 ? (
        <p className="muted">Withdrawn, so not to be chosen: {props.withdrawn.join(", ")}.</p>
      ) : null}
      <FieldError id="chosen-error" error={errors.chosen} />
    </fieldset>
  );
}
