import { useActionData, useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { REQUEST_MESSAGE_LIMIT } from "~/domain/evidence-limits";
import { FieldError } from "./forms";

/** One request as the scoring page shows it (display-ready, from the loader). */
export interface RequestPanelItem {
  id: string;
  message: string;
  due: string;
  overdue: boolean;
  status: "open" | "answered" | "closed";
  statusLabel: string;
  askedBy: string;
  askedAt: string;
  answer: {
    by: string;
    at: string;
    note: string;
    evidence: { id: string; title: string; href: string; external: boolean; restricted: boolean }[];
  } | null;
  closedAt: string | null;
  version: number;
  mayClose: boolean;
}

export interface RequestPanelProps {
  mayAsk: boolean;
  idempotencyKey: string;
  today: string;
  timeZone: string;
  byCriterion: Record<string, RequestPanelItem[]>;
}

interface RequestFormAnswer {
  requestForm?: {
    criterionId: string;
    requestId?: string;
    ok?: boolean;
    errors?: Record<string, string | undefined>;
    values?: Record<string, string>;
    formError?: string;
  };
}

const STATUS_CLASS: Record<RequestPanelItem["status"], string> = {
  open: "status-pending",
  answered: "status-current",
  closed: "badge-neutral",
};

/**
 * A criterion's evidence requests on the scoring page: those made for this candidate, with the partner's answer and
 * a "Close request" button, and an "Ask the partner for evidence" disclosure. Its forms are forms of their own
 * (never nested in the score form); without JavaScript they post and the page comes back.
 */
export function EvidenceRequestPanel({
  criterionId,
  criterionName,
  partner,
  panel,
}: {
  criterionId: string;
  criterionName: string;
  partner: string;
  panel: RequestPanelProps;
}) {
  const requests = panel.byCriterion[criterionId] ?? [];
  if (!panel.mayAsk && requests.length === 0) return null;
  return (
    <div className="request-panel" id={`requests-${criterionId}`}>
      {requests.length > 0 ? (
        <>
          <h4>Evidence requests to {partner}</h4>
          <ul className="request-list">
            {requests.map((r) => (
              <RequestItem key={r.id} request={r} criterionId={criterionId} timeZone={panel.timeZone} />
            ))}
          </ul>
        </>
      ) : null}
      {panel.mayAsk ? (
        <AskForm criterionId={criterionId} criterionName={criterionName} partner={partner} panel={panel} />
      ) : null}
    </div>
  );
}

function RequestItem({
  request: r,
  criterionId,
  timeZone,
}: {
  request: RequestPanelItem;
  criterionId: string;
  timeZone: string;
}) {
  const fetcher = useFetcher<RequestFormAnswer>();
  const actionData = useActionData() as RequestFormAnswer | undefined;
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const posted =
    fetcher.data?.requestForm ??
    (actionData?.requestForm?.requestId === r.id ? actionData.requestForm : undefined);
  const error = posted?.formError;
  return (
    <li className={`request-item${r.overdue ? " is-overdue" : ""}`} id={`request-${r.id}`}>
      <div className="request-head">
        <span className={`badge ${STATUS_CLASS[r.status]}`}>{r.statusLabel}</span>
        {r.overdue ? <span className="badge request-overdue">Overdue</span> : null}
        <span className="muted">
          {r.askedBy} asked {r.askedAt} · due {r.due} ({timeZone.replaceAll("_", " ")})
        </span>
      </div>
      <blockquote className="request-message">{r.message}</blockquote>
      {r.answer ? (
        <div className="request-answer">
          <p>
            <strong>Answer</strong>{" "}
            <span className="muted">
              from {r.answer.by}, {r.answer.at}
            </span>
          </p>
          {r.answer.note ? <p className="request-note">{r.answer.note}</p> : null}
          {r.answer.evidence.length > 0 ? (
            <ul className="request-evidence">
              {r.answer.evidence.map((e) => (
                <li key={e.id}>
                  {e.external ? (
                    <a href={e.href} rel="noopener noreferrer nofollow" target="_blank">
                      {e.title}
                    </a>
                  ) : (
                    <a href={e.href}>{e.title}</a>
                  )}
                  {e.restricted ? <span className="muted"> · shared with you only</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          {r.answer.evidence.length > 0 && r.status !== "closed" ? (
            <p className="hint">This evidence is now in the list you can cite in the score above.</p>
          ) : null}
        </div>
      ) : null}
      {r.closedAt ? <p className="muted">Closed {r.closedAt}.</p> : null}
      {r.mayClose ? (
        <fetcher.Form method="post" className="request-close">
          <input type="hidden" name="criterionId" value={criterionId} />
          <input type="hidden" name="requestId" value={r.id} />
          <input type="hidden" name="version" value={r.version} />
          {hydrated ? <input type="hidden" name="_js" value="1" /> : null}
          <button
            type="submit"
            name="intent"
            value="close-request"
            className="btn btn-secondary btn-small"
            aria-disabled={fetcher.state !== "idle" || undefined}
          >
            {fetcher.state !== "idle" ? "Closing…" : "Close request"}
          </button>
        </fetcher.Form>
      ) : null}
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
    </li>
  );
}

function AskForm({
  criterionId,
  criterionName,
  partner,
  panel,
}: {
  criterionId: string;
  criterionName: string;
  partner: string;
  panel: RequestPanelProps;
}) {
  const fetcher = useFetcher<RequestFormAnswer>();
  const actionData = useActionData() as RequestFormAnswer | undefined;
  const id = useId();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const posted =
    fetcher.data?.requestForm ??
    (actionData?.requestForm?.criterionId === criterionId && !actionData.requestForm.requestId
      ? actionData.requestForm
      : undefined);
  const failed = posted && !posted.ok ? posted : undefined;
  const errors = failed?.errors ?? {};
  const values = failed?.values ?? {};
  const sent = fetcher.state === "idle" && fetcher.data?.requestForm?.ok;
  const form = useRef<HTMLFormElement>(null);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (sent) {
      form.current?.reset();
      if (details.current) details.current.open = false;
    }
  }, [sent]);
  return (
    <>
      <details className="request-ask" ref={details} open={failed ? true : undefined}>
        <summary>Ask {partner} for evidence</summary>
        <fetcher.Form method="post" ref={form} aria-label={`Ask ${partner} for evidence on ${criterionName}`}>
          <input type="hidden" name="_idempotency" value={panel.idempotencyKey} />
          <input type="hidden" name="criterionId" value={criterionId} />
          {hydrated ? <input type="hidden" name="_js" value="1" /> : null}
          <p className="hint">
            {partner} sees your organisation’s name, this criterion’s question and your message; never scores
            or weights.
          </p>
          <div className="field">
            <label htmlFor={`${id}-message`}>Message</label>
            <textarea
              id={`${id}-message`}
              name="message"
              rows={3}
              required
              maxLength={REQUEST_MESSAGE_LIMIT}
              defaultValue={values.message}
              aria-invalid={errors.message ? true : undefined}
              aria-describedby={errors.message ? `${id}-message-error` : undefined}
            />
            <FieldError id={`${id}-message-error`} error={errors.message} />
          </div>
          <div className="field field-narrow">
            <label htmlFor={`${id}-due`}>Due on</label>
            <input
              id={`${id}-due`}
              name="dueOn"
              type="date"
              required
              min={panel.today}
              defaultValue={values.dueOn}
              aria-invalid={errors.dueOn ? true : undefined}
              aria-describedby={`${id}-due-hint${errors.dueOn ? ` ${id}-due-error` : ""}`}
            />
            <p className="hint" id={`${id}-due-hint`}>
              The last day, in your organisation’s time zone ({panel.timeZone.replaceAll("_", " ")}).
            </p>
            <FieldError id={`${id}-due-error`} error={errors.dueOn} />
          </div>
          {failed?.formError ? (
            <div className="alert alert-error" role="alert">
              {failed.formError}
            </div>
          ) : null}
          <button
            type="submit"
            name="intent"
            value="request-evidence"
            className="btn btn-primary btn-small"
            aria-disabled={fetcher.state !== "idle" || undefined}
          >
            {fetcher.state !== "idle" ? "Sending…" : "Send request"}
          </button>
        </fetcher.Form>
      </details>
      <p className="muted request-sent" role="status">
        {sent ? "Request sent." : ""}
      </p>
    </>
  );
}
