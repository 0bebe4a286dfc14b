// Every page an anonymous visitor and each buyer can reach, audited at 390 and 1280 px (overflow, axe-core, Tab) and
// photographed into screenshots/; the partners' pages are in pages-partners.e2e.test.ts (two files run at once).
import { afterEach, describe, expect, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_USERS, journeyServer, sharedBrowser } from "./support/journey";
import { describeSignedInPages } from "./support/pages";

const chromium = sharedBrowser();
// One server for the file: the audits only read (each person signs in with a context of their own).
const journey = journeyServer("pages");
let session: Session | undefined;

afterEach(async () => {
  const open = session;
  session = undefined;
  try {
    open?.guard.check("at the end of the test");
  } finally {
    await open?.close();
  }
});

describe("anonymous visitor", () => {
  test("landing, sign-in and sign-up pages pass the audit", async () => {
    session = await openSession(chromium.browser, journey.server.url);
    const { page } = session;

    await session.visit("/");
    await page.getByRole("heading", { level: 1, name: /evidence, not badges/ }).waitFor();
    await auditPage(session, "anonymous", "home");

    await session.visit("/login");
    await page.getByRole("heading", { level: 1, name: "Sign in to PartnerLens" }).waitFor();
    await auditPage(session, "anonymous", "login");

    await session.visit("/signup");
    await page.getByRole("heading", { level: 1, name: "Create your organisation" }).waitFor();
    await auditPage(session, "anonymous", "signup");
  });

  test("the guard catches a CSP violation (so the journeys would too)", async () => {
    session = await openSession(chromium.browser, journey.server.url);
    await session.visit("/");
    // An inline script without the nonce: the page's CSP must refuse it, and Chromium reports it as a console error.
    await session.page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__e2eInline = true";
      document.body.append(script);
    });
    await expect.poll(() => session!.guard.problems.length).toBeGreaterThan(0);
    expect(session.guard.problems.join("\n")).toMatch(/Content Security Policy/);
    expect(await session.page.evaluate(() => "__e2eInline" in window)).toBe(false);
    session.guard.problems.length = 0;
  });
});

for (const user of DEMO_USERS.filter((u) => u.slug.startsWith("buyer-")))
  describeSignedInPages(chromium, journey, user);
