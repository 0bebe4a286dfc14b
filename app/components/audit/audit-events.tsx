import { Link } from "@remix-run/react";
import type { AuditPart } from "~/utils/audit-words";

export interface AuditEventRow {
  /** The event's id (a serial number): the row's key, never shown. */
  id: number;
  when: string;
  /** The ISO instant, for the `<time>` element. */
  at: string;
  who: string;
  /** The action's name, as the Action filter offers it. */
  label: string;
  parts: AuditPart[];
  /** Before and after, in words. */
  changes: string[];
}

/** The sentence of one event, its links to what it names. */
export function AuditSentence({ parts }: { parts: AuditPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.href ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence never move
          <Link key={i} to={p.href}>
            {p.text}
          </Link>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence never move
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

/** The log as a table: when, what happened (the sentence and what changed), who. */
export function AuditEventsTable({ events }: { events: AuditEventRow[] }) {
  return (
    <div className="table-wrap">
      <table className="table-stack">
        <caption className="visually-hidden">Audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What happened</th>
            <th scope="col">Who</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td data-label="When">
                <time dateTime={e.at}>{e.when}</time>
              </td>
              <td data-label="What happened">
                <p className="audit-sentence">
                  <AuditSentence parts={e.parts} />
                </p>
                <span className="badge badge-neutral">{e.label}</span>
                {e.changes.length > 0 ? (
                  <ul className="audit-changes muted" aria-label="What changed">
                    {e.changes.map((c, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the changes of one event never move
                      <li key={j}>{c}</li>
                    ))}
                  </ul>
                ) : null}
              </td>
              <td data-label="Who">{e.who}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
