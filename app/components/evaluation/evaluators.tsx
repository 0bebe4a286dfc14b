// The evaluators assigned to an evaluation, their progress and (for admins) their declarations; assigning more.
import { Form } from "@remix-run/react";
import { RowAction } from "./row-action";

/** An evaluator's newest declaration, as admins read it ("none": not declared yet). */
export type DeclarationView =
  | { state: "none" }
  | { state: "clear" | "conflicts"; conflicts: string[]; at: string; outdated: boolean; note: string | null };

export interface EvaluatorRow {
  userId: string;
  name: string;
  role: string | null;
  scored: number;
  ofCriteria: number;
  submitted: number;
  ofCandidates: number;
  /** Whether it declared: its progress counts from then on. */
  declared: boolean;
  /** Null for anyone but admins. */
  declaration: DeclarationView | null;
}

export interface EvaluatorsProps {
  evaluators: EvaluatorRow[];
  isAdmin: boolean;
  can: { assign: boolean; unassign: boolean };
  assignable: { userId: string; label: string }[];
}

/** The assigned evaluators, their progress and declarations, with the forms to unassign and assign (admins). */
export function Evaluators(d: EvaluatorsProps) {
  return (
    <section className="spaced" aria-labelledby="evaluators-heading">
      <h2 id="evaluators-heading" className="section-title">
        Evaluators ({d.evaluators.length})
      </h2>
      {d.evaluators.length === 0 ? (
        <p className="card muted">No evaluator is assigned yet.</p>
      ) : (
        <EvaluatorsTable {...d} />
      )}
      {d.can.assign ? (
        <div className="card spaced-sm">
          {d.assignable.length === 0 ? (
            <p className="muted">Every admin and evaluator of your organisation is assigned.</p>
          ) : (
            <Form method="post" className="inline-form">
              <div className="field">
                <label htmlFor="assign-person">Assign an evaluator</label>
                <select id="assign-person" name="userId" required>
                  {d.assignable.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" name="intent" value="assign" className="btn btn-secondary">
                Assign
              </button>
            </Form>
          )}
        </div>
      ) : null}
    </section>
  );
}

/** Each evaluator's progress, its declaration (admins) and a button to unassign it. */
function EvaluatorsTable(d: EvaluatorsProps) {
  return (
    <div className="table-wrap">
      <table className="table-stack">
        <thead>
          <tr>
            <th scope="col">Evaluator</th>
            <th scope="col" className="num">
              Criteria scored
            </th>
            <th scope="col" className="num">
              Candidates submitted
            </th>
            {d.isAdmin ? <th scope="col">Declaration</th> : null}
            {d.can.unassign ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {d.evaluators.map((ev) => (
            <tr key={ev.userId}>
              <td data-label="Evaluator">
                {ev.name}
                {ev.role === "admin" ? <span className="muted"> (admin)</span> : null}
              </td>
              <td data-label="Criteria scored" className="num">
                {ev.declared ? (
                  `${ev.scored} of ${ev.ofCriteria}`
                ) : (
                  <span className="muted">After declaring</span>
                )}
              </td>
              <td data-label="Candidates submitted" className="num">
                {ev.declared ? (
                  `${ev.submitted} of ${ev.ofCandidates}`
                ) : (
                  <span className="muted">After declaring</span>
                )}
              </td>
              {ev.declaration ? (
                <td data-label="Declaration">
                  <DeclarationState declaration={ev.declaration} />
                </td>
              ) : null}
              {d.can.unassign ? (
                <td data-label="Actions">
                  <RowAction
                    field="userId"
                    id={ev.userId}
                    intent="unassign"
                    action="Unassign"
                    rowName={ev.name}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An evaluator's declaration: none yet, no conflict, or its conflicts; when, whether outdated, its note. */
function DeclarationState({ declaration }: { declaration: DeclarationView }) {
  if (declaration.state === "none") return <span className="muted">No declaration yet</span>;
  return (
    <>
      {declaration.state === "clear" ? (
        <span>Declared no conflict</span>
      ) : (
        <span>Conflict with {declaration.conflicts?.join(", ")}</span>
      )}
      <div className="muted">{declaration.at}</div>
      {declaration.outdated ? (
        <div className="badge status-pending">New candidates: to declare again</div>
      ) : null}
      {declaration.note ? <div className="evaluation-note">Note: {declaration.note}</div> : null}
    </>
  );
}
