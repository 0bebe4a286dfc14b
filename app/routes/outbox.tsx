import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ComingReminders } from "~/components/outbox/coming-reminders";
import { EmptyState, PageHeader } from "~/components/page";
import { Badge, type BadgeTone } from "~/components/ui/badge";
import { Inbox } from "~/components/ui/icons";
import { listWords } from "~/domain/words";
import { upcomingReminders } from "~/jobs/upcoming-reminders.server";
import { TOPICS } from "~/mail/topics";
import { listOutbox, OUTBOX_LIMIT } from "~/models/outbox.server";
import { authorize } from "~/utils/access.server";
import { getEnv } from "~/utils/config.server";
import { shouldSeedDemo } from "~/utils/env.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formatDateTime, plural } from "~/utils/format";
import { notFound } from "~/utils/http.server";

// The demo's Outbox: the mail PartnerLens wrote for this organisation, readable where the admin may read it
// (models/outbox.server.ts). Admins only, and only while demo data is on: a real deployment has no such page.
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { roles: ["admin"] });
  const env = getEnv();
  if (!shouldSeedDemo(env)) notFound();
  const [{ messages, deadJobs }, coming] = await Promise.all([
    listOutbox({ organisationId: viewer.organisationId, userId: viewer.userId }),
    upcomingReminders({ id: viewer.organisationId, kind: viewer.orgKind, timeZone: viewer.orgTimeZone }),
  ]);
  const tz = viewer.orgTimeZone;
  return {
    timeZone: tz,
    coming: coming.map((r, i) => ({
      key: `${r.day}-${i}`,
      at: r.at.toISOString(),
      when: formatDateTime(r.at, tz),
      topic: TOPICS[r.topic].label,
      about: r.about,
      recipients: listWords(
        r.recipients.map((p) => (p.delivery === "digest" ? `${p.name} (in the digest)` : p.name)),
      ),
    })),
    smtp: Boolean(env.SMTP_URL),
    count:
      messages.length === OUTBOX_LIMIT
        ? `The latest ${OUTBOX_LIMIT}`
        : plural(messages.length, "message", "messages"),
    messages: messages.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      kind: m.kindLabel,
      state: m.state,
      at: m.createdAt.toISOString(),
      when: formatDateTime(m.createdAt, tz),
      delivered: m.sentAt ? formatDateTime(m.sentAt, tz) : null,
      response: m.transportResponse,
      body: m.body,
    })),
    deadJobs: deadJobs.map((j) => ({
      id: j.id,
      kind: j.kindLabel,
      message: j.to ? { to: j.to, subject: j.subject } : null,
      attempts: j.attempts,
      lastError: j.lastError ?? "—",
      failed: j.finishedAt ? formatDateTime(j.finishedAt, tz) : "—",
    })),
  };
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Message = Loaded["messages"][number];

const STATES = {
  kept: { tone: "neutral", label: "Kept (not sent)" },
  sent: { tone: "success", label: "Sent" },
  pending: { tone: "info", label: "Sending" },
  failed: { tone: "danger", label: "Failed" },
} as const satisfies Record<Message["state"], { tone: BadgeTone; label: string }>;

export default function OutboxPage() {
  const { smtp, count, messages, deadJobs, coming, timeZone } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Outbox"
        intro={
          smtp
            ? "Mail PartnerLens sends to your organisation's members and the people you invited. Messages are sent through your mail server and listed here; a sent message's text is not kept."
            : "Mail PartnerLens would send to your organisation's members and the people you invited. This demo sends nothing: messages are kept here."
        }
      />
      {messages.length === 0 ? (
        <EmptyState
          icon={Inbox}
          title="No mail yet"
          action={
            <Link to="/members" className="btn btn-secondary">
              Invite someone
            </Link>
          }
        >
          <p>Invitations, password resets and account notices appear here as PartnerLens writes them.</p>
        </EmptyState>
      ) : (
        <MessagesTable messages={messages} count={count} />
      )}
      <ComingReminders reminders={coming} timeZone={timeZone} />
      {deadJobs.length > 0 ? <DeadJobsTable deadJobs={deadJobs} /> : null}
    </>
  );
}

function MessagesTable({ messages, count }: Pick<Loaded, "messages" | "count">) {
  return (
    <>
      <div className="section-title">
        <h2>Messages</h2>
        <span className="muted">{count}, newest first</span>
      </div>
      <div className="table-wrap">
        <table className="table-stack outbox-table">
          <caption className="visually-hidden">Messages, newest first</caption>
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td data-label="To" className="outbox-address">
                  {m.to}
                </td>
                <td data-label="Subject">
                  <MessageSubject message={m} />
                </td>
                <td data-label="Kind">{m.kind}</td>
                <td data-label="Status">
                  <span className="outbox-status">
                    <Badge tone={STATES[m.state].tone}>{STATES[m.state].label}</Badge>
                    {m.response ? <span className="muted outbox-response">{m.response}</span> : null}
                  </span>
                </td>
                <td data-label="When">
                  <span>
                    <time dateTime={m.at}>{m.when}</time>
                    {m.state === "sent" && m.delivered ? (
                      <span className="muted outbox-delivered">Delivered {m.delivered}</span>
                    ) : null}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The subject; opens onto the text when the viewer may read it, else says who may. */
function MessageSubject({ message: m }: { message: Message }) {
  if (m.body === null) {
    return (
      <span>
        {m.subject}
        <span className="muted outbox-private">
          {m.state === "sent" ? "Its text is not kept once sent." : `Only ${m.to} can read this message.`}
        </span>
      </span>
    );
  }
  return (
    <details className="outbox-message">
      <summary>{m.subject}</summary>
      <div className="outbox-body">
        <LinkedText text={m.body} />
      </div>
    </details>
  );
}

// Links in a message are absolute http(s) addresses (app/mail/compose.ts); punctuation closing a sentence is not
// part of one.
const URL_PATTERN = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;

/** The text cut into plain runs and addresses, each keyed by where it starts. */
function linkParts(text: string): { at: number; text: string; url: boolean }[] {
  const parts: { at: number; text: string; url: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    if (match.index > last) parts.push({ at: last, text: text.slice(last, match.index), url: false });
    parts.push({ at: match.index, text: match[0], url: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ at: last, text: text.slice(last), url: false });
  return parts;
}

/** Plain text with its addresses made links, so a demo's invitation or reset can be followed from here. */
function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkParts(text).map((part) =>
        part.url ? (
          <a key={part.at} href={part.text}>
            {part.text}
          </a>
        ) : (
          <Fragment key={part.at}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}

function DeadJobsTable({ deadJobs }: Pick<Loaded, "deadJobs">) {
  return (
    <>
      <div className="section-title">
        <h2>Failed jobs</h2>
        <span className="muted">Given up after their last attempt</span>
      </div>
      <div className="table-wrap">
        <table className="table-stack">
          <caption className="visually-hidden">Failed jobs</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Message</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Last error</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {deadJobs.map((j) => (
              <tr key={j.id}>
                <td data-label="Job">{j.kind}</td>
                <td data-label="Message">
                  {j.message ? (
                    <span>
                      {j.message.subject}
                      <span className="muted outbox-private">To {j.message.to}</span>
                    </span>
                  ) : (
                    "—"
                  )}
                </td>
                <td data-label="Attempts" className="num">
                  {j.attempts}
                </td>
                <td data-label="Last error" className="outbox-error">
                  {j.lastError}
                </td>
                <td data-label="Failed">{j.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Outbox · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
