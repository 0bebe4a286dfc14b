import { Link } from "@remix-run/react";
import { PageHeader } from "../page";

/** An evidence request as its partner reads it: which buyer asks, about what, by when, and its own answer. */
export interface PartnerRequestView {
  id: string;
  buyer: string;
  criterion: string;
  question: string;
  message: string;
  due: string;
  timeZone: string;
  askedAt: string;
  status: "open" | "answered" | "closed";
  statusLabel: string;
  overdue: boolean;
  version: number;
  answer: { by: string; at: string; note: string; evidence: string[] } | null;
}

const STATUS_CLASS = { open: "status-pending", answered: "status-current", closed: "badge-neutral" } as const;

/** The request's heading: who asks, its status, when it was asked and when it is due (in the buyer's time). */
export function RequestHeader({ request: r, answered }: { request: PartnerRequestView; answered: boolean }) {
  return (
    <>
      <p>
        <Link to="/requests">← Requests</Link>
      </p>
      <PageHeader
        title={`${r.buyer} asks for evidence`}
        intro={
          <>
            <span className={`badge ${STATUS_CLASS[r.status]}`}>{r.statusLabel}</span>{" "}
            {r.overdue ? <span className="badge request-overdue">Overdue</span> : null} Asked {r.askedAt}; due{" "}
            {r.due} ({r.timeZone} time).
          </>
        }
      />
      {answered ? (
        <div className="alert alert-success" role="status">
          Answer sent to {r.buyer}.
        </div>
      ) : null}
    </>
  );
}

/** What the buyer asks: the criterion, its question and the buyer's message; then the answer sent, if any. */
export function RequestAsked({ request: r }: { request: PartnerRequestView }) {
  return (
    <>
      <section className="card request-detail" aria-labelledby="asked-title">
        <h2 id="asked-title" className="section-title">
          {r.criterion}
        </h2>
        <p className="template-question">{r.question}</p>
        <h3>Message from {r.buyer}</h3>
        <blockquote className="request-message">{r.message}</blockquote>
      </section>
      {r.answer ? (
        <section className="card request-detail" aria-labelledby="answer-title">
          <h2 id="answer-title" className="section-title">
            Your answer
          </h2>
          <p className="muted">
            Sent by {r.answer.by}, {r.answer.at} (UTC).
          </p>
          {r.answer.note ? <p className="request-note">{r.answer.note}</p> : null}
          {r.answer.evidence.length > 0 ? (
            <ul>
              {r.answer.evidence.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
