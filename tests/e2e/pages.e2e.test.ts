// Every page each kind of visitor can reach, audited at 390 and 1280 px (overflow, axe-core, Tab) and
// photographed into screenshots/.
import { afterEach, describe, expect, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession, type Session, settle } from "./support/browser";
import {
  DEMO_PASSWORD,
  DEMO_USERS,
  journeyServer,
  journeySessions,
  sharedBrowser,
  signIn,
} from "./support/journey";

const chromium = sharedBrowser();
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
  const journey = journeyServer("anonymous");

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

for (const user of DEMO_USERS) {
  describe(`signed in as ${user.slug} (${user.email})`, () => {
    const journey = journeyServer(user.slug);
    // Open across both steps (not the file's `session`, which its afterEach closes after every test).
    const steps = journeySessions();
    let signedIn: Session;

    test("the home page and every page the navigation offers pass the audit", async () => {
      signedIn = await openSession(chromium.browser, journey.server.url);
      steps.push(signedIn);
      const session = signedIn;
      const { page } = session;
      const firstName = user.name.split(" ")[0];
      await signIn(session, user.email, DEMO_PASSWORD, firstName);

      const header = page.getByRole("banner");
      await expect.poll(() => header.locator(".org-name").textContent()).toBe(user.orgName);
      const nav = page.getByRole("navigation", { name: "Main" });
      const links = await nav
        .getByRole("link")
        .evaluateAll((as) =>
          as.map((a) => ({ label: (a.textContent ?? "").trim(), href: a.getAttribute("href") ?? "" })),
        );
      expect(links.map((l) => l.label)).toEqual(user.nav);
      await auditPage(session, user.slug, "home");

      for (const link of links) {
        // Client-side navigation through the menu, then a full load of the same address (server rendering and
        // hydration), then the audit.
        await nav.getByRole("link", { name: link.label, exact: true }).click();
        await page.waitForURL((url) => url.pathname === link.href);
        await expect
          .poll(() => nav.getByRole("link", { name: link.label }).getAttribute("aria-current"))
          .toBe("page");
        await settle(page);
        session.guard.check(`navigating to ${link.href}`);
        await session.visit(link.href);
        await page.getByRole("heading", { level: 1 }).waitFor();
        await auditPage(session, user.slug, link.label);
      }
    });

    test(`every page of the account menu passes the audit${user.admin ? ", and so does a member's page" : ""}`, async () => {
      const session = signedIn;
      const { page } = session;
      // The account menu's own links (account, settings, … whatever the role is offered there).
      const accountLinks = await page
        .locator("details.usermenu a[href]")
        .evaluateAll((as) =>
          as.map((a) => ({ label: (a.textContent ?? "").trim(), href: a.getAttribute("href") ?? "" })),
        );
      for (const link of accountLinks) {
        await page.getByLabel(`Account menu for ${user.name}`).click();
        await page.locator("details.usermenu").getByRole("link", { name: link.label, exact: true }).click();
        await page.waitForURL((url) => url.pathname === link.href);
        await settle(page);
        session.guard.check(`navigating to ${link.href}`);
        await session.visit(link.href);
        await page.getByRole("heading", { level: 1 }).waitFor();
        await auditPage(session, user.slug, `menu-${link.label}`);
      }

      if (user.admin) {
        // A member's own page, opened from the member list (someone other than the admin).
        await session.visit("/members");
        const table = page.getByRole("table", { name: /Members of/ });
        const other = table.getByRole("link").filter({ hasNotText: user.name }).first();
        const otherName = (await other.textContent())?.trim() ?? "";
        await other.click();
        await page.waitForURL(/\/members\/[^/]+$/);
        await page.getByRole("heading", { level: 1, name: otherName }).waitFor();
        await settle(page);
        await session.visit(new URL(page.url()).pathname);
        await auditPage(session, user.slug, "members-id");
      }
    });
  });
}
