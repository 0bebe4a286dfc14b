// The debriefs of a decided evaluation: one to each candidate not chosen, published once; admins write them.
import { Form } from "@remix-run/react";
import { FieldError, IdempotencyField } from "~/components/forms";
import { possessive } from "~/utils/format";
import type { DecisionAnswer, DecisionPanelData } from "./types";

export function Debriefs({
  decision,
  answer,
}: {
  decision: DecisionPanelData;
  answer: DecisionAnswer | undefined;
}) {
  if (decision.debriefs.length === 0) return null;
  return (
    <section className="card spaced" aria-labelledby="debriefs-heading">
      <h2 id="debriefs-heading">Debriefs to the candidates not chosen</h2>
      <p className="muted">
        A debrief is the only part of this evaluation a partner ever reads: your text and, if you choose, its
        own section scores. It is published once.
      </p>
      <ul className="debriefs">
        {decision.debriefs.map((c) => {
          const mine = answer?.values?.intent === "debrief" && answer.values.candidateId === c.candidateId;
          const errors = mine ? (answer?.errors ?? {}) : {};
          return (
            <li key={c.candidateId}>
              <h3>{c.name}</h3>
              {c.publishedAt ? (
                <p>Published {c.publishedAt}.</p>
              ) : decision.isAdmin ? (
                <Form method="post" noValidate>
                  <IdempotencyField value={decision.debriefKeys[c.candidateId]} />
                  <input type="hidden" name="intent" value="debrief" />
                  <input type="hidden" name="candidateId" value={c.candidateId} />
                  <div className="field">
                    <label htmlFor={`debrief-${c.candidateId}`}>Debrief to {c.name}</label>
                    <textarea
                      id={`debrief-${c.candidateId}`}
                      name="body"
                      rows={4}
                      required
                      maxLength={decision.limits.debrief}
                      defaultValue={mine && !answer?.ok ? answer?.values?.body : undefined}
                      aria-invalid={errors.body ? true : undefined}
                      aria-describedby={errors.body ? `debrief-${c.candidateId}-error` : undefined}
                    />
                    <FieldError id={`debrief-${c.candidateId}-error`} error={errors.body} />
                  </div>
                  <label className="checkbox">
                    <input type="checkbox" name="includeScores" /> Include {possessive(c.name)} own section
                    scores
                  </label>
                  <p>
                    <button type="submit" className="btn btn-secondary">
                      Publish the debrief
                    </button>
                  </p>
                </Form>
              ) : (
                <p className="muted">Not published.</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
