import { Form } from "@remix-run/react";
import { type ReactNode, useId } from "react";
import { ANSWER_NOTE_LIMIT } from "~/domain/evidence-limits";
import { FieldError, FormAlert, type FormFailure, IdempotencyField, SubmitButton } from "../forms";
import type { PartnerRequestView } from "./request-detail";

/** One piece of the partner's own evidence, as a choice of the answer. */
export interface AnswerEvidenceChoice {
  id: string;
  title: string;
  claim: string;
  restricted: boolean;
  attached: boolean;
}

/** What the answer's post answers when it fails: messages, what was typed, and the evidence that was ticked. */
export interface AnswerFailure extends FormFailure {
  checked: { evidence?: string[] };
}

/** The form's own message, unless the fields' messages say it all. */
const formLevel = (failure: FormFailure | undefined) =>
  failure && !Object.values(failure.errors).some(Boolean) ? failure.formError : undefined;

function EvidenceChoices({
  id,
  evidence,
  chosen,
  error,
}: {
  id: string;
  evidence: AnswerEvidenceChoice[];
  chosen: Set<string>;
  error?: string;
}) {
  return (
    <fieldset className="field cite-list" aria-describedby={error ? `${id}-evidence-error` : undefined}>
      <legend>Attach your evidence</legend>
      {evidence.length > 0 ? (
        <ul>
          {evidence.map((e) => (
            <li key={e.id}>
              <label className="profile-check">
                <input type="checkbox" name="evidence" value={e.id} defaultChecked={chosen.has(e.id)} />
                <span>
                  {e.title} <span className="muted">· {e.claim}</span>{" "}
                  {e.restricted ? (
                    <span className="badge badge-neutral">restricted</span>
                  ) : (
                    <span className="muted">· visible to all buyers</span>
                  )}
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">You have no evidence yet.</p>
      )}
      <p className="hint">Not listed? Add it with “Add new evidence” above: it comes back ticked here.</p>
      <FieldError id={`${id}-evidence-error`} error={error} />
    </fieldset>
  );
}

function ShareField({
  id,
  buyer,
  drawKey,
  defaultChecked,
  error,
}: {
  id: string;
  buyer: string;
  /** A new restricted item ticks it: drawn afresh when one comes back (`defaultChecked` is read once). */
  drawKey: string;
  defaultChecked: boolean;
  error?: string;
}) {
  return (
    <div className="field">
      <label className="profile-check">
        <input
          key={drawKey}
          type="checkbox"
          name="share"
          value="on"
          defaultChecked={defaultChecked}
          aria-describedby={error ? `${id}-share-error` : `${id}-share-hint`}
        />
        <span>Share the restricted items I attach with {buyer} (only with them)</span>
      </label>
      <p className="hint" id={`${id}-share-hint`}>
        Restricted evidence stays hidden from every other buyer. Sharing cannot be undone.
      </p>
      <FieldError id={`${id}-share-error`} error={error} />
    </div>
  );
}

function AnswerForm({
  request: r,
  evidence,
  added,
  idempotencyKey,
  failure,
}: {
  request: PartnerRequestView;
  evidence: AnswerEvidenceChoice[];
  added: { id: string; restricted: boolean } | null;
  idempotencyKey: string;
  failure: AnswerFailure | undefined;
}) {
  const id = useId();
  const errors = failure?.errors ?? {};
  const chosen = new Set(
    failure ? (failure.checked.evidence ?? []) : evidence.filter((e) => e.attached).map((e) => e.id),
  );
  return (
    <Form method="post" className="request-answer-form">
      <IdempotencyField value={idempotencyKey} />
      <input type="hidden" name="version" value={r.version} />
      <EvidenceChoices id={id} evidence={evidence} chosen={chosen} error={errors.evidence} />
      {evidence.some((e) => e.restricted) ? (
        <ShareField
          id={id}
          buyer={r.buyer}
          drawKey={added?.id ?? "share"}
          defaultChecked={failure ? failure.values.share === "on" : !!added?.restricted}
          error={errors.share}
        />
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-note`}>Note to {r.buyer}</label>
        <textarea
          id={`${id}-note`}
          name="note"
          rows={4}
          maxLength={ANSWER_NOTE_LIMIT}
          defaultValue={failure?.values.note ?? (r.answer?.note || "")}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={errors.note ? `${id}-note-error` : undefined}
        />
        <FieldError id={`${id}-note-error`} error={errors.note} />
      </div>
      <input type="hidden" name="intent" value="answer" />
      <SubmitButton pendingText="Sending…">{r.answer ? "Send the new answer" : "Send answer"}</SubmitButton>
    </Form>
  );
}

/**
 * The answer to a request still open to answers: the evidence to attach (`addEvidence` adds new evidence first),
 * the share box for restricted evidence and a note. A new answer replaces the one sent before.
 */
export function AnswerSection({
  request: r,
  evidence,
  added,
  idempotencyKey,
  failure,
  addEvidence,
}: {
  request: PartnerRequestView;
  evidence: AnswerEvidenceChoice[];
  added: { id: string; title: string; restricted: boolean } | null;
  idempotencyKey: string;
  failure: AnswerFailure | undefined;
  addEvidence: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby="answer-form-title">
      <h2 id="answer-form-title" className="section-title">
        {r.answer ? "Answer again" : "Answer"}
      </h2>
      {r.answer ? (
        <p className="muted">A new answer replaces the one above. Evidence already shared stays shared.</p>
      ) : null}
      {added ? (
        <div className="alert alert-success" role="status">
          “{added.title}” added to your evidence and ticked below
          {added.restricted ? `; it is shared with ${r.buyer} only when you send this answer` : ""}.
        </div>
      ) : null}
      {addEvidence}
      <FormAlert message={formLevel(failure)} />
      <AnswerForm
        request={r}
        evidence={evidence}
        added={added}
        idempotencyKey={idempotencyKey}
        failure={failure}
      />
    </section>
  );
}
