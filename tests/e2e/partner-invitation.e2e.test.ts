// Inviting a partner that is not listed, end to end through a real SMTP server: Priya names a company, first sees the
// listed partner the name may mean (with a warning about the contact's domain), then invites a new one; the contact
// follows the mailed link, creates the partner, and Priya finds it on the shortlist. Then mail preferences: Priya stops
// her deadline reminders from the link in one of them (opening the link changes nothing), and finds the topic off.
import { describe, expect, test } from "vitest";
import { linkIn } from "../mail-server";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_PASSWORD, journeySessions, sharedBrowser, signIn } from "./support/journey";
import { mailJourney } from "./support/mail-journey";

const chromium = sharedBrowser();
const journey = mailJourney("partner-invitation");

/** Southern Cross Mutual's evaluation in scoring (the demo's), where the demo has invited Saltbush already. */
const EVALUATION = "Claims triage copilot: implementation partner";

describe("inviting a partner that is not listed", () => {
  const sessions = journeySessions();
  let admin: Session;

  test("Priya names a company: the listed partner it may be comes first, with a warning about the contact's domain; then she invites one that is not listed", async () => {
    admin = await openSession(chromium.browser, journey.server.url);
    sessions.push(admin);
    await signIn(admin, "priya@scmutual.example", DEMO_PASSWORD, "Priya");
    const a = admin.page;
    await admin.visit("/evaluations");
    await a.getByRole("link", { name: EVALUATION }).click();
    await a.getByRole("heading", { level: 1, name: EVALUATION }).waitFor();
    await a.getByRole("heading", { name: "Invited, not joined (1)" }).waitFor();
    await a.getByRole("link", { name: "Invite a partner that is not listed" }).first().click();
    await a.getByRole("heading", { level: 1, name: "Invite a partner that is not listed" }).waitFor();
    await auditPage(admin, "buyer-admin", "invite-partner");

    // A name that is a listed partner's but for punctuation and legal form, with an address elsewhere.
    await a.getByLabel("Company name").fill("Tessellate Labs, Inc.");
    await a.getByLabel("Contact's e-mail").fill("sam@freemail.example");
    await a.getByRole("button", { name: "Continue" }).click();
    const matches = a.getByRole("region", { name: "Is it one of these listed partners?" });
    const tessellate = matches.getByRole("row", { name: /Tessellate Labs/ });
    await tessellate.getByText("tessellate.example").waitFor();
    await tessellate.getByText(/freemail\.example is not one of Tessellate Labs' domains/).waitFor();
    await tessellate.getByRole("button", { name: "Choose Tessellate Labs" }).waitFor();
    await auditPage(admin, "buyer-admin", "invite-partner-matches");

    // Not that one: a company nobody lists.
    await a.getByLabel("Company name").fill("Wattle Works AI");
    await a.getByLabel("Contact's e-mail").fill("zoe@wattleworks.example");
    await a.getByRole("button", { name: "Check again" }).click();
    await a.getByText(/^Invitation sent\./).waitFor();
    const invited = a.getByRole("region", { name: "Invited, not joined (2)" });
    await invited.getByText("Wattle Works AI", { exact: true }).waitFor();
    await invited.getByText("zoe@wattleworks.example").waitFor();
    // Outside the ranking: not a candidate yet.
    expect(await a.getByRole("link", { name: "Wattle Works AI" }).count()).toBe(0);
  });

  test("the contact follows the mailed link, corrects the company's name and creates the partner; Priya finds it on the shortlist", async () => {
    const [message] = await journey.inbox().waitFor((m) => m.to === "zoe@wattleworks.example");
    expect(message.subject).toBe(
      "Southern Cross Mutual Insurance invited Wattle Works AI to an evaluation on PartnerLens",
    );
    expect(message.text).toContain("Sent by PartnerLens on behalf of Southern Cross Mutual Insurance.");
    // Essential mail: no unsubscribe link.
    expect(message.kind).toBe("partner-invitation");
    expect(message.text).not.toContain("/unsubscribe/");
    const link = linkIn(message, /https?:\/\/\S+\/join\/[\w-]+/);
    expect(link.startsWith(`${journey.appUrl}/join/`)).toBe(true);

    const zoe: Session = await openSession(chromium.browser, journey.server.url);
    sessions.push(zoe);
    await zoe.visit(new URL(link).pathname);
    const z = zoe.page;
    await z.getByRole("heading", { level: 1, name: "Create Wattle Works AI's partner profile" }).waitFor();
    await auditPage(zoe, "anonymous", "join-partner");
    await z.getByLabel("Company name").fill("Wattle Works");
    await z.getByLabel("Time zone").selectOption("Australia/Perth");
    await z.getByLabel("Your e-mail").fill("zoe@wattleworks.example");
    await z.getByLabel("Your name").fill("Zoe Marsh");
    await z.getByLabel("Choose a password").fill("saltbush lantern harbour 27");
    await z.getByRole("button", { name: "Create the partner profile" }).click();
    await z.waitForURL(/\/profile$/);
    await z.getByRole("banner").getByText("Wattle Works").first().waitFor();

    const a = admin.page;
    await a.reload();
    await a.getByRole("heading", { name: "Invited, not joined (1)" }).waitFor();
    await a.getByRole("heading", { name: "Candidates (6)" }).waitFor();
    await a.getByRole("table").getByRole("link", { name: "Wattle Works", exact: true }).first().waitFor();
  });

  test("Priya stops her deadline reminders from the link in one of them: opening it changes nothing, the button does, and her preferences say so", async () => {
    const a = admin.page;
    await admin.visit("/outbox");
    await a.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
    await a.getByRole("heading", { name: "Coming reminders" }).waitFor();
    const reminder = a
      .getByRole("row")
      .filter({ hasText: "priya@scmutual.example" })
      .filter({ hasText: "Deadline reminder" })
      .first();
    await reminder.locator("summary").click();
    const stop = reminder.getByRole("link", { name: /\/unsubscribe\// });
    const path = new URL((await stop.getAttribute("href")) ?? "").pathname;

    await admin.visit(path);
    await a.getByText("Stop mail about scoring deadline reminders to priya@scmutual.example?").waitFor();
    await auditPage(admin, "buyer-admin", "unsubscribe");
    await admin.visit("/account/mail");
    const reminders = a.getByRole("group", { name: "Scoring deadline reminders" });
    expect(await reminders.getByLabel("At once").isChecked()).toBe(true);

    await admin.visit(path);
    await a.getByRole("button", { name: "Stop this mail" }).click();
    await a.getByText(/^Done: PartnerLens sends no more mail about scoring deadline reminders/).waitFor();
    await a.getByRole("link", { name: "Choose which mail you receive" }).click();
    await a.getByRole("heading", { level: 1, name: "Mail preferences" }).waitFor();
    expect(await reminders.getByLabel("Off").isChecked()).toBe(true);
    // The other topic is untouched.
    const answers = a.getByRole("group", { name: "Answers to your evidence requests" });
    expect(await answers.getByLabel("At once").isChecked()).toBe(true);
    await auditPage(admin, "buyer-admin", "mail-preferences");
  });
});
