// A partner member adds a reference deployment with two measured outcomes; a buyer evaluator finds the partner in
// the directory with two filters, opens its page, sees the new reference, and compares it with another partner.
import { describe, expect, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession } from "./support/browser";
import {
  DEMO_PASSWORD,
  journeyServer,
  journeySessions,
  sharedBrowser,
  signIn,
  trackedSessions,
} from "./support/journey";

const chromium = sharedBrowser();
const sessions = trackedSessions();

describe("partner profiles and the directory", () => {
  const journey = journeyServer("profiles");

  describe("a partner adds a reference; a buyer finds it, reads it and compares partners", () => {
    const steps = journeySessions();

    test("Ravi adds a reference deployment with two measured outcomes", async () => {
      const partner = await openSession(chromium.browser, journey.server.url);
      steps.push(partner);
      await signIn(partner, "ravi@northwind.example", DEMO_PASSWORD, "Ravi");
      const p = partner.page;

      await partner.visit("/profile");
      await auditPage(partner, "profiles-partner", "profile-overview");
      await partner.visit("/profile/references");
      await p.getByRole("link", { name: "Add a reference" }).click();
      await p.getByLabel("Customer", { exact: true }).waitFor();
      await auditPage(partner, "profiles-partner", "reference-new");
      await p.getByLabel("Customer", { exact: true }).fill("Pacific Freight Lines");
      await p.getByLabel("Industry", { exact: true }).fill("Shipping");
      await p.getByLabel("Customer size", { exact: true }).selectOption("5k-20k");
      await p.getByLabel("Use case", { exact: true }).selectOption("workflow_agents");
      await p.getByLabel("Status", { exact: true }).selectOption("production");
      await p.getByLabel("Go-live date", { exact: true }).fill("2026-06-30");
      await p.getByRole("checkbox", { name: "OpenAI", exact: true }).check();
      await p.getByRole("checkbox", { name: "Anthropic", exact: true }).check();
      await p.getByLabel("Metric 1", { exact: true }).fill("Booking exceptions handled without a person");
      await p.getByLabel("Baseline 1", { exact: true }).fill("22");
      await p.getByLabel("Result 1", { exact: true }).fill("64");
      await p.getByLabel("Unit 1", { exact: true }).fill("%");
      await p.getByLabel("Metric 2", { exact: true }).fill("Cost per exception");
      await p.getByLabel("Baseline 2", { exact: true }).fill("14.5");
      await p.getByLabel("Result 2", { exact: true }).fill("5.2");
      await p.getByLabel("Unit 2", { exact: true }).fill("USD");
      await p.getByRole("button", { name: "Add reference" }).click();
      await p.waitForURL(/\/profile\/references\/[0-9a-f-]{36}$/);
      await p.getByLabel("Customer", { exact: true }).waitFor();
      expect(await p.getByLabel("Customer", { exact: true }).inputValue()).toBe("Pacific Freight Lines");
      await auditPage(partner, "profiles-partner", "reference-edit");
    });

    test("Tom finds Northwind in the directory with two filters kept in the address, reads the new reference on its page and compares it with Meridian", async () => {
      // A buyer evaluator finds Northwind with two filters.
      const buyer = await openSession(chromium.browser, journey.server.url);
      steps.push(buyer);
      await signIn(buyer, "tom@scmutual.example", DEMO_PASSWORD, "Tom");
      await buyer.visit("/partners");
      const b = buyer.page;
      await b.getByLabel("Reference industry", { exact: true }).selectOption({ label: "Shipping" });
      await b.getByLabel("Reference use case", { exact: true }).selectOption("workflow_agents");
      await b.getByRole("button", { name: "Search" }).click();
      await b.waitForURL(/useCase=workflow_agents/);
      const rows = b.getByRole("table").getByRole("row");
      await expect.poll(() => rows.count()).toBe(2); // the header and Northwind
      await b.getByRole("link", { name: "Northwind Systems Integration" }).waitFor();
      await auditPage(buyer, "profiles-buyer", "directory-filtered");
      // The filters live in the URL: the same link shows the same list.
      const shared = new URL(b.url());
      await buyer.visit(shared.pathname + shared.search);
      await expect.poll(() => rows.count()).toBe(2);

      await b.getByRole("link", { name: "Northwind Systems Integration" }).click();
      await b.getByRole("heading", { level: 1, name: "Northwind Systems Integration" }).waitFor();
      const reference = b.getByRole("article").filter({ hasText: "Pacific Freight Lines" });
      await reference.getByText("Booking exceptions handled without a person").waitFor();
      await reference.getByText("Cost per exception").waitFor();
      await auditPage(buyer, "profiles-buyer", "partner-page");

      // Side by side with Meridian.
      await buyer.visit("/partners");
      await b.getByRole("checkbox", { name: "Compare Northwind Systems Integration" }).check();
      await b.getByRole("checkbox", { name: "Compare Meridian AI Consulting" }).check();
      await b.getByRole("button", { name: "Compare selected" }).click();
      await b.waitForURL(/\/partners\/compare\?/);
      const header = b.getByRole("table").getByRole("row").first();
      await header.getByText("Northwind Systems Integration").waitFor();
      await header.getByText("Meridian AI Consulting").waitFor();
      await auditPage(buyer, "profiles-buyer", "compare");
    });
  });

  /** Signs Olivia in and audits each of `pages` (under /profile/), which must load without a console error. */
  async function auditProfilePages(pages: string[]) {
    const partner = await openSession(chromium.browser, journey.server.url);
    sessions.push(partner);
    await signIn(partner, "olivia@northwind.example", DEMO_PASSWORD, "Olivia");
    for (const name of pages) {
      // visit() fails on any console error: a component reading a server-only value breaks hydration.
      await partner.visit(`/profile/${name}`);
      await auditPage(partner, "profiles-partner", name);
    }
    return partner;
  }

  test("the facts, membership, certifications and specializations pages load cleanly and pass the audit", async () => {
    await auditProfilePages(["facts", "membership", "certifications", "specializations"]);
  });

  test("the providers, support and documents pages and a seeded reference load cleanly and pass the audit", async () => {
    const partner = await auditProfilePages(["providers", "support", "documents"]);
    await partner.visit("/profile/references");
    await partner.page
      .getByRole("link", { name: /Top-5 Australian insurer/ })
      .first()
      .click();
    await partner.page.getByLabel("Customer", { exact: true }).waitFor();
    await auditPage(partner, "profiles-partner", "reference-seeded");
  });
});
