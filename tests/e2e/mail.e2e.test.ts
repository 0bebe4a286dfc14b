// Mail, end to end, through a real SMTP server the test starts: an invitation mailed and its link followed to an
// account; "forgot password" mailed and followed to a new password; a sign-up confirmed through its mailed link; the
// demo's Outbox showing what was sent. Every link in a message is absolute (APP_URL) and acts only on a button.
import { describe, expect, test } from "vitest";
import { linkIn } from "../mail-server";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_PASSWORD, journeySessions, sharedBrowser, signIn, submitSignIn } from "./support/journey";
import { mailJourney } from "./support/mail-journey";

const chromium = sharedBrowser();
const journey = mailJourney("mail");
const inbox = () => journey.inbox();

describe("mail", () => {
  const sessions = journeySessions();

  test("Priya invites Lena: the invitation arrives by mail, and its link leads to an account", async () => {
    const admin: Session = await openSession(chromium.browser, journey.server.url);
    sessions.push(admin);
    await signIn(admin, "priya@scmutual.example", DEMO_PASSWORD, "Priya");
    await admin.visit("/members");
    const a = admin.page;
    await a.getByLabel("E-mail", { exact: true }).fill("lena.audit@scmutual.example");
    await a.getByLabel("Role", { exact: true }).selectOption("viewer");
    await a.getByRole("button", { name: "Create invitation link" }).click();
    await a.getByLabel("Invitation link for lena.audit@scmutual.example").waitFor();

    const [message] = await inbox().waitFor((m) => m.to === "lena.audit@scmutual.example");
    expect(message.subject).toBe("Priya Raman invited you to Southern Cross Mutual Insurance on PartnerLens");
    expect(message.text).toContain("Sent by PartnerLens on behalf of Southern Cross Mutual Insurance.");
    expect(message.html).toContain("Accept the invitation");
    const link = linkIn(message, /https?:\/\/\S+\/invite\/[\w-]+/);
    expect(link.startsWith(`${journey.appUrl}/invite/`)).toBe(true);

    const lena: Session = await openSession(chromium.browser, journey.server.url);
    sessions.push(lena);
    await lena.visit(new URL(link).pathname);
    const l = lena.page;
    await l.getByRole("heading", { level: 1, name: "Join Southern Cross Mutual Insurance" }).waitFor();
    await l.getByLabel("Your e-mail", { exact: true }).fill("lena.audit@scmutual.example");
    await l.getByLabel("Your name", { exact: true }).fill("Lena Audit");
    await l.getByLabel("Choose a password", { exact: true }).fill("amber kettle meadow 73");
    await l.getByRole("button", { name: "Accept and join" }).click();
    await l.getByRole("heading", { level: 1, name: "Welcome, Lena" }).waitFor();

    // The demo's Outbox: the invitation, sent.
    await admin.visit("/outbox");
    await a.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
    const row = a.getByRole("row", { name: /lena\.audit@scmutual\.example/ });
    await row.getByText("Sent", { exact: true }).waitFor();
    await auditPage(admin, "buyer-admin", "outbox");
  });

  test("Tom forgot his password: the sign-in page mails him a link, and it sets a new one", async () => {
    const tom: Session = await openSession(chromium.browser, journey.server.url);
    sessions.push(tom);
    await tom.visit("/login");
    const t = tom.page;
    await t.getByRole("link", { name: "Forgot your password?" }).click();
    await t.getByRole("heading", { level: 1, name: "Set a new password" }).waitFor();
    await auditPage(tom, "anonymous", "forgot-password");
    await t.getByLabel("E-mail", { exact: true }).fill("tom@scmutual.example");
    await t.getByRole("button", { name: "Mail me a link" }).click();
    await t
      .getByText("If an account uses tom@scmutual.example, a message with a link is on its way")
      .waitFor();

    const [message] = await inbox().waitFor((m) => m.to === "tom@scmutual.example");
    expect(message.subject).toBe("Set a new PartnerLens password");
    const link = linkIn(message, /https?:\/\/\S+\/reset\/[\w-]+/);
    await tom.visit(new URL(link).pathname);
    await t.getByLabel("New password", { exact: true }).fill("copper lantern orchard 19");
    await t.getByRole("button", { name: "Set password" }).click();
    await t.getByText("Your password is changed").waitFor();
    await signIn(tom, "tom@scmutual.example", "copper lantern orchard 19", "Tom");
  });

  test("a new partner signs up, is asked to check its inbox, and confirms its address from the mailed link", async () => {
    const nora: Session = await openSession(chromium.browser, journey.server.url);
    sessions.push(nora);
    const email = `nora.${Date.now().toString(36)}@fernbrook.example`;
    await nora.visit("/signup");
    const n = nora.page;
    await n.getByRole("radio", { name: /Delivers AI projects/ }).check();
    await n
      .getByLabel("Organisation name", { exact: true })
      .fill(`Fernbrook Labs ${Date.now().toString(36)}`);
    await n.getByLabel("Your name", { exact: true }).fill("Nora Fern");
    await n.getByLabel("Work e-mail", { exact: true }).fill(email);
    await n.getByLabel("Password", { exact: true }).fill("willow harbour compass 64");
    await n.getByRole("button", { name: "Create account" }).click();
    await n.getByRole("heading", { level: 1, name: "Check your inbox" }).waitFor();
    await auditPage(nora, "anonymous", "signed-up");

    const [message] = await inbox().waitFor((m) => m.to === email);
    expect(message.subject).toBe("Confirm your e-mail address for PartnerLens");
    const link = linkIn(message, /https?:\/\/\S+\/confirm\/[\w-]+/);
    // Opening the link changes nothing (a mail scanner fetches it too): the button confirms.
    await nora.visit(new URL(link).pathname);
    await n.getByRole("button", { name: "Confirm my address" }).waitFor();
    await auditPage(nora, "anonymous", "confirm-address");
    await n.getByRole("button", { name: "Confirm my address" }).click();
    await n.getByText(`${email} is confirmed.`).waitFor();
    await n.getByRole("main").getByRole("link", { name: "Sign in" }).click();
    await n.getByRole("heading", { level: 1, name: "Sign in to PartnerLens" }).waitFor();
    await submitSignIn(nora, email, "willow harbour compass 64");
    await n.getByRole("heading", { level: 1, name: "Welcome, Nora" }).waitFor();
  });
});
