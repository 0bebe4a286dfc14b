// The companies a buyer invited by name and contact (DESIGN.md "Inviting partners who are not listed"): "invited, not
// joined" until the contact creates the partner, outside every figure. Admins mail the link again, revoke it (a
// draft) or withdraw the company with a reason (later), like a candidate.
import { Form, Link } from "@remix-run/react";
import type { DecisionAnswer as EvaluationAnswer } from "../decision/types";
import { FieldError } from "../forms";
import { Badge } from "../ui/badge";
import { RowAction } from "./row-action";

export interface InvitationLists {
  /** Waiting for the contact: pending, or expired (then only resent or withdrawn). */
  waiting: {
    id: string;
    companyName: string;
    contactEmail: string;
    sent: string;
    expires: string;
    expired: boolean;
    invitedBy: string | null;
  }[];
  withdrawn: { id: string; companyName: string; at: string; reason: string | null }[];
  /** Joined after the shortlist closed: a partner of the directory, not a candidate. */
  joinedLate: { id: string; partnerId: string; name: string }[];
}

export function InvitedCandidates({
  invitations,
  can,
  reasonLimit,
  answer,
}: {
  invitations: InvitationLists;
  can: { remove: boolean; withdrawInvitation: boolean; resendInvitation: boolean };
  reasonLimit: number;
  answer: EvaluationAnswer | undefined;
}) {
  const { waiting, withdrawn, joinedLate } = invitations;
  if (waiting.length === 0 && withdrawn.length === 0 && joinedLate.length === 0) return null;
  const actions = can.withdrawInvitation || can.resendInvitation;
  return (
    <section className="card spaced-sm" aria-labelledby="invited-heading">
      <h3 id="invited-heading">Invited, not joined ({waiting.length})</h3>
      <p className="muted">
        Companies that are not listed yet. Each becomes a candidate when its contact follows the invitation
        and creates the partner profile; until then it is not ranked, scored or counted.
      </p>
      {waiting.length > 0 ? (
        <div className="table-wrap">
          <table className="table-stack">
            <thead>
              <tr>
                <th scope="col">Company</th>
                <th scope="col">Contact</th>
                <th scope="col">Sent</th>
                <th scope="col">Expires</th>
                {actions ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {waiting.map((i) => (
                <tr key={i.id}>
                  <td data-label="Company">{i.companyName}</td>
                  <td data-label="Contact">{i.contactEmail}</td>
                  <td data-label="Sent">
                    {i.sent}
                    {i.invitedBy ? ` by ${i.invitedBy}` : ""}
                  </td>
                  <td data-label="Expires">
                    {i.expired ? <Badge tone="warning">Expired {i.expires}</Badge> : i.expires}
                  </td>
                  {actions ? (
                    <td data-label="Actions">
                      <div className="actions">
                        {can.resendInvitation ? (
                          <RowAction
                            field="invitationId"
                            id={i.id}
                            intent="resend-invitation"
                            action="Resend"
                            rowName={i.companyName}
                          />
                        ) : null}
                        {!can.withdrawInvitation ? null : can.remove ? (
                          <RowAction
                            field="invitationId"
                            id={i.id}
                            intent="revoke-invitation"
                            action="Revoke"
                            rowName={i.companyName}
                          />
                        ) : (
                          <WithdrawForm
                            field="invitationId"
                            id={i.id}
                            name={i.companyName}
                            intent="withdraw-invitation"
                            reasonLimit={reasonLimit}
                            answer={answer}
                          />
                        )}
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {joinedLate.length > 0 ? (
        <ul>
          {joinedLate.map((i) => (
            <li key={i.id}>
              <Link to={`/partners/${i.partnerId}`}>{i.name}</Link> joined after the shortlist closed: it is
              in the directory, not on this shortlist.
            </li>
          ))}
        </ul>
      ) : null}
      {withdrawn.length > 0 ? (
        <ul>
          {withdrawn.map((i) => (
            <li key={i.id}>
              {i.companyName}, {i.reason ? "withdrawn" : "invitation revoked"} {i.at}
              {i.reason ? `: ${i.reason}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/**
 * Withdrawing a candidate (or an invited company), with its reason: open again, with what was typed, after a refusal
 * of this row's form (its `field` carries the row's id).
 */
export function WithdrawForm({
  field,
  id,
  name,
  intent,
  reasonLimit,
  answer,
}: {
  field: "candidateId" | "invitationId";
  id: string;
  name: string;
  intent: "withdraw-candidate" | "withdraw-invitation";
  reasonLimit: number;
  answer: EvaluationAnswer | undefined;
}) {
  const mine = answer?.values?.[field] === id && answer.values.intent === intent;
  return (
    <details className="evaluation-withdraw" open={mine}>
      <summary>Withdraw…</summary>
      <Form method="post" className="inline-form">
        <input type="hidden" name={field} value={id} />
        <div className="field">
          <label htmlFor={`reason-${id}`}>Reason for withdrawing {name}</label>
          <input
            id={`reason-${id}`}
            name="reason"
            required
            maxLength={reasonLimit}
            defaultValue={mine ? answer?.values?.reason : ""}
            aria-invalid={mine && answer?.errors?.reason ? true : undefined}
          />
          <FieldError error={mine ? answer?.errors?.reason : undefined} />
        </div>
        <button type="submit" name="intent" value={intent} className="btn btn-danger btn-small">
          Withdraw
        </button>
      </Form>
    </details>
  );
}
