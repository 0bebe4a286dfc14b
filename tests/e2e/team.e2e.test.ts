// A buyer admin invites an evaluator by link; the invitee accepts in a second browser, lands on the evaluator's
// home; the admin makes them a viewer and finds the change in the audit log. The new pages are audited too.
import { describe, expect, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
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

describe("team administration", () => {
  const journey = journeyServer("team");

  describe("invite, accept in a second browser, change the role, see it in the audit log", () => {
    const steps = journeySessions();
    let admin: Session;
    let invitee: Session;

    test("Priya creates an invitation link; Sam accepts it in a browser of his own, lands on the evaluator's home, signs out and in again, and finds the link used", async () => {
      admin = await openSession(chromium.browser, journey.server.url);
      steps.push(admin);
      await signIn(admin, "priya@scmutual.example", DEMO_PASSWORD, "Priya");

      await admin.visit("/members");
      const a = admin.page;
      await a.getByRole("heading", { name: "Invite someone" }).waitFor();
      await a.getByLabel("E-mail", { exact: true }).fill("sam.security@scmutual.example");
      await a.getByLabel("Role", { exact: true }).selectOption("evaluator");
      await a.getByRole("button", { name: "Create invitation link" }).click();
      const linkField = a.getByLabel("Invitation link for sam.security@scmutual.example");
      await linkField.waitFor();
      const link = await linkField.inputValue();
      expect(link).toMatch(/\/invite\/[\w-]{43}$/);
      await a.getByRole("cell", { name: "sam.security@scmutual.example", exact: true }).waitFor();
      await auditPage(admin, "team-admin", "members-with-link");

      // The invitee, in a browser of their own.
      invitee = await openSession(chromium.browser, journey.server.url);
      steps.push(invitee);
      await invitee.visit(new URL(link).pathname);
      const i = invitee.page;
      await i.getByRole("heading", { level: 1, name: "Join Southern Cross Mutual Insurance" }).waitFor();
      await auditPage(invitee, "invitee", "invitation");
      await i.getByLabel("Your e-mail", { exact: true }).fill("sam.security@scmutual.example");
      await i.getByLabel("Your name", { exact: true }).fill("Sam Security");
      await i.getByLabel("Choose a password", { exact: true }).fill("quiet harbour lantern 58");
      await i.getByRole("button", { name: "Accept and join" }).click();
      await i.getByRole("heading", { level: 1, name: "Welcome, Sam" }).waitFor();
      await i.getByText("Evaluator at Southern Cross Mutual Insurance. Here is what to do next.").waitFor();
      const nav = i.getByRole("navigation", { name: "Main" });
      expect(await nav.getByRole("link").allTextContents()).toEqual(["Evaluations", "Partners"]);

      // Signing out and in again works with the chosen password.
      await i.getByLabel("Account menu for Sam Security").click();
      await i.getByRole("button", { name: "Sign out" }).click();
      await i.getByRole("link", { name: "Sign in" }).first().waitFor();
      await signIn(invitee, "sam.security@scmutual.example", "quiet harbour lantern 58", "Sam");

      // The link works once.
      await invitee.visit(new URL(link).pathname);
      await i.getByText("This invitation has already been used.").waitFor();
    });

    test("Priya makes Sam a viewer: his next page is the viewer's home, and the audit log, filtered by action, shows the change", async () => {
      const a = admin.page;
      const i = invitee.page;
      // The admin makes Sam a viewer.
      await admin.visit("/members");
      await a.getByRole("link", { name: "Sam Security" }).click();
      await a.getByRole("heading", { level: 1, name: "Sam Security" }).waitFor();
      await a.getByLabel("Role", { exact: true }).selectOption("viewer");
      await a.getByRole("button", { name: "Save role" }).click();
      await a.getByText("Role changed from Evaluator to Viewer.").waitFor();
      await auditPage(admin, "team-admin", "member-detail");

      // Sam's next page shows the viewer's home.
      await invitee.visit("/");
      await i.getByText("Viewer at Southern Cross Mutual Insurance. Here is what to do next.").waitFor();

      // The audit log shows it, filtered by action.
      await admin.visit("/audit");
      await a.getByLabel("Action", { exact: true }).selectOption("membership.role_changed");
      await a.getByRole("button", { name: "Filter" }).click();
      await a.waitForURL(/action=membership.role_changed/);
      const row = a.getByRole("row").filter({ hasText: "Sam Security" });
      await row.getByText("evaluator → viewer").waitFor();
      await auditPage(admin, "team-admin", "audit-log");
    });
  });

  test("account, settings and password reset pages pass the audit", async () => {
    const admin = await openSession(chromium.browser, journey.server.url);
    sessions.push(admin);
    await signIn(admin, "priya@scmutual.example", DEMO_PASSWORD, "Priya");
    await admin.visit("/account");
    await admin.page.getByRole("heading", { name: "Where you are signed in" }).waitFor();
    await auditPage(admin, "team-admin", "account");
    await admin.visit("/settings");
    await admin.page.getByLabel("Time zone", { exact: true }).selectOption("Australia/Melbourne");
    await admin.page.getByRole("button", { name: "Save settings" }).click();
    await admin.page.getByText("Settings saved.").waitFor();
    await auditPage(admin, "team-admin", "settings");

    // A reset link for the viewer, used in another browser.
    await admin.visit("/members");
    await admin.page.getByRole("link", { name: "Graham Ellis" }).click();
    await admin.page.getByRole("button", { name: "Issue a reset link" }).click();
    const field = admin.page.getByLabel("Password reset link for Graham Ellis");
    await field.waitFor();
    const link = await field.inputValue();
    const graham = await openSession(chromium.browser, journey.server.url);
    sessions.push(graham);
    await graham.visit(new URL(link).pathname);
    await graham.page.getByRole("heading", { level: 1, name: "Set a new password" }).waitFor();
    await auditPage(graham, "reset", "reset-page");
    await graham.page.getByLabel("New password", { exact: true }).fill("amber orchard violin 31");
    await graham.page.getByRole("button", { name: "Set password" }).click();
    await graham.page.getByText("Your password is changed").waitFor();
    await signIn(graham, "graham@scmutual.example", "amber orchard violin 31", "Graham");
  });
});
