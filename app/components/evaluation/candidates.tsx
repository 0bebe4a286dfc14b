// The shortlist of an evaluation: its candidates, removing (in a draft) or withdrawing them, the withdrawn ones, the
// companies invited but not joined yet, and adding a partner (listed, or invited).
import { Form, Link } from "@remix-run/react";
import type { DecisionAnswer } from "../decision/types";
import { type InvitationLists, InvitedCandidates, WithdrawForm } from "./invited-candidates";
import { RowAction } from "./row-action";

/** The page's action answer: a message after a change, or what was refused with what was typed. */
export type EvaluationAnswer = DecisionAnswer;

export interface CandidateRow {
  id: string;
  partnerId: string;
  name: string;
  added: string;
  /** When it was withdrawn (null: it still takes part). */
  withdrawn: string | null;
  withdrawnReason: string | null;
}

export interface CandidatesProps {
  evaluationId: string;
  /** An assigned evaluator who has not declared yet sees no candidate. */
  declareFirst: boolean;
  candidates: CandidateRow[];
  can: {
    add: boolean;
    remove: boolean;
    withdraw: boolean;
    withdrawInvitation: boolean;
    resendInvitation: boolean;
  };
  /** The longest reason for withdrawing a candidate. */
  reasonLimit: number;
  /** The directory's partners not on the shortlist. */
  addable: { id: string; name: string }[];
  /** Companies invited by name and contact, not partners yet (none for an evaluator who declares first). */
  invitations: InvitationLists;
  answer: EvaluationAnswer | undefined;
}

/** The shortlist, its withdrawn candidates and the form to add a partner (admins). */
export function Candidates(d: CandidatesProps) {
  const active = d.candidates.filter((c) => !c.withdrawn);
  const withdrawn = d.candidates.filter((c) => c.withdrawn);
  return (
    <section className="spaced" aria-labelledby="candidates-heading">
      <h2 id="candidates-heading" className="section-title">
        {d.declareFirst ? "Candidates" : `Candidates (${active.length})`}
      </h2>
      {d.declareFirst ? (
        <p className="card muted">
          The candidates show here once you have declared any conflict of interest with them: the declaration
          page lists them.
        </p>
      ) : active.length === 0 ? (
        <p className="card muted">No partner is shortlisted yet.</p>
      ) : (
        <CandidatesTable {...d} active={active} />
      )}
      {withdrawn.length > 0 ? <WithdrawnList withdrawn={withdrawn} /> : null}
      <InvitedCandidates
        invitations={d.invitations}
        can={d.can}
        reasonLimit={d.reasonLimit}
        answer={d.answer}
      />
      {d.can.add ? <AddCandidate evaluationId={d.evaluationId} addable={d.addable} /> : null}
    </section>
  );
}

/** The candidates taking part, each with its button to remove it (draft) or its form to withdraw it (later). */
function CandidatesTable(d: CandidatesProps & { active: CandidateRow[] }) {
  return (
    <div className="table-wrap">
      <table className="table-stack">
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col">Added</th>
            {d.can.remove || d.can.withdraw ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {d.active.map((c) => (
            <tr key={c.id}>
              <td data-label="Partner">
                <Link to={`/partners/${c.partnerId}`}>{c.name}</Link>
              </td>
              <td data-label="Added">{c.added}</td>
              {d.can.remove ? (
                <td data-label="Actions">
                  <RowAction
                    field="candidateId"
                    id={c.id}
                    intent="remove-candidate"
                    action="Remove"
                    rowName={c.name}
                  />
                </td>
              ) : d.can.withdraw ? (
                <td data-label="Actions">
                  <WithdrawForm
                    field="candidateId"
                    id={c.id}
                    name={c.name}
                    intent="withdraw-candidate"
                    reasonLimit={d.reasonLimit}
                    answer={d.answer}
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

/** The withdrawn candidates: kept in the record, out of the ranking. */
function WithdrawnList({ withdrawn }: { withdrawn: CandidateRow[] }) {
  return (
    <section className="card spaced-sm" aria-labelledby="withdrawn-heading">
      <h3 id="withdrawn-heading">Withdrawn</h3>
      <ul>
        {withdrawn.map((c) => (
          <li key={c.id}>
            <Link to={`/partners/${c.partnerId}`}>{c.name}</Link>, withdrawn {c.withdrawn}
            {c.withdrawnReason ? `: ${c.withdrawnReason}` : ""}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Adding a partner of the directory to the shortlist, ranking the directory first, or inviting one not listed. */
function AddCandidate({
  evaluationId,
  addable,
}: {
  evaluationId: string;
  addable: { id: string; name: string }[];
}) {
  return (
    <div className="card spaced-sm">
      {addable.length === 0 ? (
        <p className="muted">
          Every partner of the directory is on this shortlist.{" "}
          <Link to={`/evaluations/${evaluationId}/invite`}>Invite a partner that is not listed</Link>
        </p>
      ) : (
        <Form method="post" className="inline-form">
          <div className="field">
            <label htmlFor="add-partner">Add a partner to the shortlist</label>
            <select id="add-partner" name="partnerId" required>
              {addable.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" name="intent" value="add-candidate" className="btn btn-secondary">
            Add to shortlist
          </button>
          <Link to={`/evaluations/${evaluationId}/triage`} className="btn btn-secondary">
            Rank the directory first
          </Link>
          <Link to={`/evaluations/${evaluationId}/invite`} className="btn btn-secondary">
            Invite a partner that is not listed
          </Link>
        </Form>
      )}
    </div>
  );
}
