// Pieces every home uses: the onboarding steps, a progress bar with its words, a deadline, what waits, and the
// organisation's facts.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

interface StepView {
  key: string;
  title: string;
  detail: string;
  to: string;
  cta: string;
}

/** The onboarding steps the organisation has not done yet; nothing once every one is done. */
export function NextSteps({ steps }: { steps: StepView[] }) {
  if (steps.length === 0) return null;
  return (
    <section className="card home-steps" aria-labelledby="next-title">
      <h2 id="next-title">Next steps</h2>
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.key}>
            <strong>{step.title}</strong>
            <span>{step.detail}</span> <Link to={step.to}>{step.cta}</Link>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A bar with the words it stands for beside it, and the same words as its accessible name. */
export function ProgressBar({
  value,
  max,
  label,
  children,
}: {
  value: number;
  max: number;
  /** Names the bar for a screen reader ("Tom Whitlock: 8 of 28 criteria scored"). */
  label: string;
  children: ReactNode;
}) {
  return (
    <div className="home-progress">
      <progress value={value} max={Math.max(max, 1)} aria-label={label} />
      <span className="home-progress-text">{children}</span>
    </div>
  );
}

export interface DeadlineProps {
  date: string;
  words: string | null;
  overdue: boolean;
  soon: boolean;
}

/** "Deadline 12 Mar 2026, due in 2 days", flagged when soon or past; `bare` leaves out the word (a table's column says it). */
export function Deadline({ deadline, bare = false }: { deadline: DeadlineProps | null; bare?: boolean }) {
  if (!deadline) return <span className="muted home-deadline">No deadline</span>;
  const flagged = deadline.words !== null && (deadline.overdue || deadline.soon);
  return (
    <span className="home-deadline">
      {bare ? deadline.date : `Deadline ${deadline.date}`}
      {deadline.words && !flagged ? <span className="muted">, {deadline.words}</span> : null}
      {flagged ? (
        <>
          {" "}
          <span className={`badge ${deadline.overdue ? "badge-danger" : "badge-warning"}`}>
            {deadline.words}
          </span>
        </>
      ) : null}
    </span>
  );
}

interface WaitingProps {
  items: { key: string; text: string; to: string; due: string | null; overdue: boolean }[];
  shownAbove: number;
}

/**
 * What waits for the person (the shell's counter links here: keep the id), without what the evaluation rows above
 * already show; `title` and `empty` let a partner's home call it its open evidence requests.
 */
export function Waiting({
  waiting,
  title = "Waiting for you",
  empty,
  more,
}: {
  waiting: WaitingProps;
  title?: string;
  empty: string;
  more?: { to: string; label: string };
}) {
  return (
    <section className="card home-waiting" id="waiting" aria-labelledby="waiting-title" tabIndex={-1}>
      <h2 id="waiting-title">{title}</h2>
      {waiting.items.length === 0 ? (
        <p className="muted">{waiting.shownAbove > 0 ? "Nothing else waits for you." : empty}</p>
      ) : (
        <ul className="home-list">
          {waiting.items.map((item) => (
            <li key={item.key}>
              <Link to={item.to}>{item.text}</Link>
              {item.due ? (
                <>
                  {" "}
                  <span className={`badge ${item.overdue ? "badge-danger" : "badge-info"}`}>
                    {item.overdue ? `overdue, due ${item.due}` : `due ${item.due}`}
                  </span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {waiting.shownAbove > 0 ? (
        <p className="muted">
          {waiting.shownAbove === 1
            ? "One more is in your evaluations above: its next step or its deadline."
            : `${waiting.shownAbove} more are in your evaluations above: their next steps and deadlines.`}
        </p>
      ) : null}
      {more ? (
        <p>
          <Link to={more.to}>{more.label}</Link>
        </p>
      ) : null}
    </section>
  );
}

interface OrganisationFacts {
  orgName: string;
  orgKind: "buyer" | "partner";
  roleLabel: string;
  timeZone: string;
}

export function OrganisationCard({ org }: { org: OrganisationFacts }) {
  return (
    <section className="card" aria-labelledby="org-title">
      <h2 id="org-title">Your organisation</h2>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{org.orgName}</dd>
        <dt>Kind</dt>
        <dd>{org.orgKind === "buyer" ? "Buyer" : "Implementation partner"}</dd>
        <dt>Your role</dt>
        <dd>{org.roleLabel}</dd>
        {org.orgKind === "buyer" ? (
          <>
            <dt>Time zone</dt>
            <dd>{org.timeZone.replaceAll("_", " ")}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
