// Per-file plumbing: a server on a fresh copy of the seeded data folder, Chromium, and sign-in helpers.
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, inject } from "vitest";
import { launchBrowser, type Session } from "./browser";
import { copyDataDir, startServer, type TestServer } from "./server";

export const DEMO_PASSWORD = "demo-partnerlens-2026";

export interface DemoUser {
  /** Names the screenshots: screenshots/<slug>--<page>--<width>.png */
  slug: string;
  email: string;
  name: string;
  orgName: string;
  nav: string[];
  admin: boolean;
}

export const DEMO_USERS: DemoUser[] = [
  {
    slug: "buyer-admin",
    email: "priya@scmutual.example",
    name: "Priya Raman",
    orgName: "Southern Cross Mutual Insurance",
    nav: ["Evaluations", "Partners", "Templates", "Members"],
    admin: true,
  },
  {
    slug: "buyer-evaluator",
    email: "tom@scmutual.example",
    name: "Tom Whitlock",
    orgName: "Southern Cross Mutual Insurance",
    nav: ["Evaluations", "Partners"],
    admin: false,
  },
  {
    slug: "buyer-viewer",
    email: "graham@scmutual.example",
    name: "Graham Ellis",
    orgName: "Southern Cross Mutual Insurance",
    nav: ["Evaluations", "Partners"],
    admin: false,
  },
  {
    slug: "partner-admin",
    email: "olivia@northwind.example",
    name: "Olivia Grant",
    orgName: "Northwind Systems Integration",
    nav: ["Profile", "Evidence", "Requests", "Members"],
    admin: true,
  },
  {
    slug: "partner-member",
    email: "ravi@northwind.example",
    name: "Ravi Patel",
    orgName: "Northwind Systems Integration",
    nav: ["Profile", "Evidence", "Requests"],
    admin: false,
  },
];

/**
 * Registers beforeAll/afterAll hooks: copy the seeded data folder, start a server on it, stop it (and delete the copy)
 * afterwards. Read `.server` inside tests. One per test file, at its top: the file's journeys share it, each with
 * people or records of its own, so that none reads what another writes (a server start is a fresh process, a PGlite
 * opened on a copied folder and a cold app: seconds the journeys need not repeat).
 */
export function journeyServer(
  label: string,
  /** More environment for the server, made when it starts (after the file's own servers, such as SMTP). */
  env?: () => Promise<Record<string, string>>,
): { readonly server: TestServer } {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer(copyDataDir(inject("e2eSeedDir"), label), inject("e2eAppRoot"), {
      env: env ? await env() : {},
    });
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error("The journey's server did not start.");
      return server;
    },
  };
}

/** One Chromium per test file. */
export function sharedBrowser(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error("Chromium did not start.");
      return browser;
    },
  };
}

/** Fills and sends the sign-in form (the session must be on /login). */
export async function submitSignIn(session: Session, email: string, password: string): Promise<void> {
  const { page } = session;
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in from /login and waits for the role's home page. */
export async function signIn(session: Session, email: string, password: string, firstName: string) {
  await session.visit("/login");
  await submitSignIn(session, email, password);
  await session.page.getByRole("heading", { level: 1, name: `Welcome, ${firstName}` }).waitFor();
}

/**
 * The sessions a test opens (push them here): after each test, every one's guard is checked (a console error,
 * page error or 5xx fails the test) and every one is closed.
 */
export function trackedSessions(): Session[] {
  const sessions: Session[] = [];
  afterEach(async () => {
    const open = sessions.splice(0);
    try {
      for (const s of open) s.guard.check("at the end of the test");
    } finally {
      for (const s of open) await s.close();
    }
  });
  return sessions;
}

/**
 * The sessions of a journey told in steps: consecutive tests of one describe (call this inside it), each step going
 * on from where the previous one left the browsers. After each step every session's guard is checked (a console
 * error, page error or 5xx fails that step); the sessions stay open for the next step and are closed after the
 * describe's last one. Once a step fails, the steps after it are skipped, since they would start from a state the
 * journey never reached.
 */
export function journeySessions(): Session[] {
  const sessions: Session[] = [];
  let failed: string | undefined;
  beforeEach(({ task, skip, onTestFailed }) => {
    if (failed) skip(`an earlier step failed: "${failed}"`);
    onTestFailed(() => {
      failed ??= task.name;
    });
  });
  afterEach(({ task }) => {
    if (task.result?.state === "skip") return;
    const problems: string[] = [];
    for (const s of sessions) {
      try {
        s.guard.check(`at the end of the step "${task.name}"`);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    if (problems.length > 0) throw new Error(problems.join("\n"));
  });
  afterAll(async () => {
    for (const s of sessions.splice(0)) await s.close();
  });
  return sessions;
}
