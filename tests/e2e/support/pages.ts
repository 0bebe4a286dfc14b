// The audit of every page a signed-in person reaches, for tests/e2e/pages*.e2e.test.ts: the home page and every
// page of the navigation, then the account menu's (and, for admins, a member's page), at 390 and 1280 px.
import type { Browser } from "playwright-core";
import { describe, expect, test } from "vitest";
import { auditPage } from "./audit";
import { openSession, type Session, settle } from "./browser";
import { DEMO_PASSWORD, type DemoUser, journeySessions, signIn } from "./journey";
import type { TestServer } from "./server";

/** Registers the two steps of one person's page audit, on the file's server (the audits only read). */
export function describeSignedInPages(
  chromium: { readonly browser: Browser },
  journey: { readonly server: TestServer },
  user: DemoUser,
): void {
  describe(`signed in as ${user.slug} (${user.email})`, () => {
    // Open across both steps (a test file's own session is closed after each test).
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
