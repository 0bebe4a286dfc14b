// A partner's home: its profile's completeness, credentials to renew and what buyers said of its evidence (the open
// requests are the Waiting card, home-parts.tsx).
import { Link } from "@remix-run/react";
import { Badge } from "../ui/badge";
import { ProgressBar } from "./home-parts";

interface ProfileCompletenessProps {
  percent: string;
  done: number;
  total: number;
  missing: { key: string; title: string; href: string; missing?: string }[];
}

/** How complete the profile is, and the sections still to fill in, each with its link. */
export function ProfileCompleteness({ profile }: { profile: ProfileCompletenessProps }) {
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Your profile is {profile.percent} complete</h2>
      <ProgressBar
        value={profile.done}
        max={profile.total}
        label={`Profile: ${profile.done} of ${profile.total} sections filled in`}
      >
        {profile.done} of {profile.total} sections filled in
      </ProgressBar>
      {profile.missing.length === 0 ? (
        <p className="muted">
          Every section is filled in. Keep it current: <Link to="/profile">open your profile</Link>.
        </p>
      ) : (
        <ul className="home-list" aria-label="Sections to fill in">
          {profile.missing.map((s) => (
            <li key={s.key}>
              <Link to={s.href}>{s.title}</Link>
              {s.missing ? <span className="muted"> — {s.missing}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface CredentialAlertProps {
  key: string;
  text: string;
  state: "expiring" | "expired";
}

/** Certifications and specializations expiring within 60 days or expired lately. */
export function CredentialAlerts({ alerts }: { alerts: CredentialAlertProps[] }) {
  if (alerts.length === 0) return null;
  return (
    <section className="card credential-alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Credentials to renew</h2>
      <ul className="home-list">
        {alerts.map((a) => (
          <li key={a.key}>
            {a.state === "expired" ? (
              <Badge tone="danger">Expired</Badge>
            ) : (
              <Badge tone="warning">Expiring</Badge>
            )}{" "}
            {a.text}
          </li>
        ))}
      </ul>
      <p>
        <Link to="/profile">Update your profile</Link>
      </p>
    </section>
  );
}

interface VerdictProps {
  id: string;
  title: string;
  to: string;
  text: string;
  notes: string[];
}

/** The evidence buyers judged most recently: how many verified or rejected it, and the rejection notes. */
export function EvidenceVerdicts({ verdicts }: { verdicts: VerdictProps[] }) {
  return (
    <section className="card" aria-labelledby="verdicts-title">
      <h2 id="verdicts-title">What buyers said of your evidence</h2>
      {verdicts.length === 0 ? (
        <p className="muted">
          No buyer has verified or rejected your current evidence yet.{" "}
          <Link to="/evidence">Your evidence</Link>
        </p>
      ) : (
        <>
          <ul className="home-list">
            {verdicts.map((v) => (
              <li key={v.id}>
                <Link to={v.to}>{v.title}</Link>: {v.text}
                {v.notes.length > 0 ? (
                  <ul className="home-notes">
                    {v.notes.map((note, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: two buyers may write the same note.
                      <li key={i}>“{note}”</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
          <p className="muted">Buyers are never named: each keeps its own verdict.</p>
        </>
      )}
    </section>
  );
}
