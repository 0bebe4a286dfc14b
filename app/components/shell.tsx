import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";
import { plural } from "~/utils/format";
import { Bell, ScanSearch } from "./ui/icons";

export interface ShellViewer {
  name: string;
  email: string;
  orgName: string;
  orgKind: "buyer" | "partner";
  role: string;
  roleLabel: string;
  nav: { to: string; label: string }[];
  accountLinks: { to: string; label: string }[];
  /** Things waiting for a buyer admin or evaluator (notifications.server.ts); 0 for everyone else. */
  waiting: number;
  /** The person has not confirmed their address yet: a reminder, with a button to mail a new link. */
  unconfirmed: boolean;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts[parts.length - 1][0] ?? "") : "")).toUpperCase();
}

/** The frame every page sits in: brand, organisation, navigation by role, user menu. */
export function AppShell({ viewer, children }: { viewer?: ShellViewer; children: ReactNode }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  // Client-side navigation keeps the page: close the account menu when the location changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation on purpose
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.key]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              <ScanSearch focusable="false" />
            </span>
            PartnerLens
          </Link>
          {viewer ? (
            <>
              <span className="org-name" title={viewer.orgName}>
                {viewer.orgName}
              </span>
              <nav className="mainnav" aria-label="Main">
                {viewer.nav.map((item) => (
                  <NavLink key={item.to} to={item.to} prefetch="intent">
                    {item.label}
                  </NavLink>
                ))}
              </nav>
              <div className="topbar-actions">
                {viewer.waiting > 0 ? (
                  <Link
                    to="/#waiting"
                    className="waiting-count"
                    aria-label={`${plural(viewer.waiting, "thing", "things")} waiting for you`}
                    title="Waiting for you"
                  >
                    <Bell aria-hidden="true" focusable="false" />
                    {viewer.waiting}
                  </Link>
                ) : null}
                <details className="usermenu" ref={menu}>
                  <summary aria-label={`Account menu for ${viewer.name}`}>
                    <span className="avatar" aria-hidden="true">
                      {initials(viewer.name)}
                    </span>
                  </summary>
                  <div className="usermenu-panel">
                    <div className="who">
                      <strong>{viewer.name}</strong>
                      <small>{viewer.email}</small>
                      <small>
                        {viewer.roleLabel} · {viewer.orgName}
                      </small>
                    </div>
                    <ul className="usermenu-links">
                      {viewer.accountLinks.map((item) => (
                        <li key={item.to}>
                          <Link to={item.to}>{item.label}</Link>
                        </li>
                      ))}
                    </ul>
                    <Form method="post" action="/logout">
                      <button type="submit" className="btn btn-secondary btn-block">
                        Sign out
                      </button>
                    </Form>
                  </div>
                </details>
              </div>
            </>
          ) : (
            // The page's own primary action is in the page: the header's buttons stay light, and neither offers
            // the page it is on.
            <div className="topbar-actions">
              {location.pathname === "/login" ? null : (
                <Link to="/login" className="btn btn-on-dark btn-small">
                  Sign in
                </Link>
              )}
              {location.pathname === "/signup" ? null : (
                <Link to="/signup" className="btn btn-light btn-small">
                  Create an account
                </Link>
              )}
            </div>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {viewer?.unconfirmed && !location.pathname.startsWith("/confirm") ? (
          <ConfirmReminder email={viewer.email} />
        ) : null}
        {children}
      </main>
      <footer className="footer">PartnerLens · evidence over badges</footer>
    </>
  );
}

/** Until a new account confirms its address: what to do, and a button that mails a new link (docs/product.md "Mail"). */
function ConfirmReminder({ email }: { email: string }) {
  return (
    <div className="confirm-reminder" role="status">
      <p>
        Confirm your e-mail address: follow the link we sent to <strong>{email}</strong>.
      </p>
      <Form method="post" action="/confirm">
        <input type="hidden" name="email" value={email} />
        <button type="submit" className="btn btn-secondary btn-small">
          Send a new link
        </button>
      </Form>
    </div>
  );
}
