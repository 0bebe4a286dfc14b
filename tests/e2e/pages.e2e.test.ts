// Every page an anonymous visitor and each buyer can reach, audited at 390 and 1280 px (overflow, axe-core, Tab) and
// photographed into screenshots/; the partners' pages are in pages-partners.e2e.test.ts (two files run at once).
import { afterEach, describe, expect, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_PASSWORD, DEMO_USERS, journeyServer, sharedBrowser, signIn } from "./support/journey";
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

describe("error pages", () => {
  test("a missing page and a comparison not open yet each have a title, a heading, the shell and a way back, and pass the audit", async () => {
    session = await openSession(chromium.browser, journey.server.url);
    const { page, guard } = session;
    // A page that does not exist, signed out: the router's own words ("No route matches URL") are never shown.
    guard.expectRefusal(404, "/no-such-page");
    await session.visit("/no-such-page");
    await page.getByRole("heading", { level: 1, name: "We could not find that page" }).waitFor();
    expect(await page.title()).toBe("We could not find that page · PartnerLens");
    await page.getByRole("banner").getByRole("link", { name: "Sign in" }).waitFor();
    expect(await page.getByRole("main").textContent()).not.toMatch(/No route matches/);
    await auditPage(session, "anonymous", "error-404");

    // Tom is assigned to an evaluation in scoring and has not submitted: the comparison says when it opens.
    await signIn(session, "tom@scmutual.example", DEMO_PASSWORD, "Tom");
    await session.visit("/evaluations");
    await page.getByRole("link", { name: "Claims triage copilot: implementation partner" }).click();
    await page.waitForURL(/\/evaluations\/[0-9a-f-]+$/);
    const evaluationPath = new URL(page.url()).pathname;
    guard.expectRefusal(403, `${evaluationPath}/compare`);
    await session.visit(`${evaluationPath}/compare`);
    await page.getByRole("heading", { level: 1, name: "The comparison is not open to you yet" }).waitFor();
    expect(await page.title()).toBe("The comparison is not open to you yet · PartnerLens");
    await page
      .getByText(/open for you once you have submitted every candidate you score \(\d+ of \d+ so far/)
      .waitFor();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await auditPage(session, "buyer-evaluator", "error-403-comparison");
    await page.getByRole("link", { name: "Back to the evaluation" }).click();
    await page.waitForURL((url) => url.pathname === evaluationPath);
    await page.getByRole("heading", { level: 1, name: /Claims triage copilot/ }).waitFor();
  });
});

for (const user of DEMO_USERS.filter((u) => u.slug.startsWith("buyer-")))
  describeSignedInPages(chromium, journey, user);
