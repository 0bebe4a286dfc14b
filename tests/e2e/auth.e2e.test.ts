// Sign-up, sign-out and sign-in journeys, with and without JavaScript.
import type { Page } from "playwright-core";
import { afterEach, describe, expect, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_PASSWORD, journeyServer, sharedBrowser, submitSignIn } from "./support/journey";

const WRONG_PASSWORD_MESSAGE = "That e-mail and password do not match an account.";
const STRONG_PASSWORD = "violet tractor harbour 42";

const chromium = sharedBrowser();
// One server for the file: the journeys below touch nothing the others read (their own new accounts; one failed
// sign-in each for two different demo people).
const journey = journeyServer("auth");
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

function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** The text of the elements an input's aria-describedby points to. */
function description(page: Page, label: string): Promise<string> {
  return page.getByLabel(label, { exact: true }).evaluate((input) =>
    (input.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? `(missing #${id})`)
      .join(" | "),
  );
}

describe("(a) a new buyer signs up, signs out and signs in again", () => {
  test("sign up, see the shell, sign out through the account menu, sign in", async () => {
    session = await openSession(chromium.browser, journey.server.url);
    const { page } = session;
    const id = unique();
    const orgName = `Violet Tractor Holdings ${id}`;
    const email = `vera.${id}@violet-tractor.example`;

    await session.visit("/signup");
    await page.getByRole("radio", { name: /Buys AI delivery/ }).check();
    await page.getByLabel("Organisation name", { exact: true }).fill(orgName);
    // The time zone starts at the browser's own (the session's is Europe/London); the server's default is UTC.
    const zone = page.getByLabel("Time zone", { exact: true });
    await expect.poll(() => zone.inputValue()).toBe("Europe/London");
    await zone.selectOption("Europe/Berlin");
    await page.getByLabel("Your name", { exact: true }).fill("Vera Okafor");
    await page.getByLabel("Work e-mail", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();

    // The answer says nothing of whether the address had an account: check your inbox, and sign in meanwhile.
    await page.getByRole("heading", { level: 1, name: "Check your inbox" }).waitFor();
    await page.getByRole("main").getByRole("link", { name: "sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in to PartnerLens" }).waitFor();
    await submitSignIn(session, email, STRONG_PASSWORD);
    await page.getByRole("heading", { level: 1, name: "Welcome, Vera" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    session.guard.check("after signing up");

    // The shell: the organisation's name, the buyer admin's navigation, the account menu.
    const header = page.getByRole("banner");
    await header.getByText(orgName, { exact: true }).waitFor();
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link").allTextContents()).toEqual([
      "Evaluations",
      "Partners",
      "Templates",
      "Members",
    ]);
    const home = page.getByRole("main");
    await home.getByText("Europe/Berlin", { exact: true }).waitFor();

    // Sign out through the account menu (a <details>), on a phone-sized screen: the open panel must stay inside
    // the viewport.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel("Account menu for Vera Okafor").click();
    const signOut = page.getByRole("button", { name: "Sign out" });
    await signOut.waitFor();
    const panel = await page.locator(".usermenu-panel").boundingBox();
    expect(panel).toBeTruthy();
    expect(panel!.x).toBeGreaterThanOrEqual(0);
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await signOut.click();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("heading", { level: 1, name: /evidence, not badges/ }).waitFor();
    expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);
    expect((await session.context.cookies()).filter((c) => c.value !== "")).toEqual([]);

    // And back in with the same credentials.
    await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in to PartnerLens" }).waitFor();
    await submitSignIn(session, email, STRONG_PASSWORD);
    await page.getByRole("heading", { level: 1, name: "Welcome, Vera" }).waitFor();
    await header.getByText(orgName, { exact: true }).waitFor();
  });
});

describe("(b) a wrong password", () => {
  test("shows the message, keeps the e-mail and signs nobody in", async () => {
    session = await openSession(chromium.browser, journey.server.url);
    const { page } = session;
    await session.visit("/login");
    session.guard.expectRefusal(400, "/login");
    await submitSignIn(session, "priya@scmutual.example", "not the right password");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toBe(WRONG_PASSWORD_MESSAGE);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.getByLabel("E-mail", { exact: true }).inputValue()).toBe("priya@scmutual.example");
    expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);
    await auditPage(session, "anonymous", "login-wrong-password");

    // The right password still works afterwards.
    await submitSignIn(session, "priya@scmutual.example", DEMO_PASSWORD);
    await page.getByRole("heading", { level: 1, name: "Welcome, Priya" }).waitFor();
  });
});

describe("(c) signing in without JavaScript", () => {
  test("a wrong password shows the message, the right one signs in, the menu signs out", async () => {
    session = await openSession(chromium.browser, journey.server.url, { javaScriptEnabled: false });
    const { page } = session;
    await session.visit("/login");
    session.guard.expectRefusal(400, "/login");
    await submitSignIn(session, "tom@scmutual.example", "not the right password");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toBe(WRONG_PASSWORD_MESSAGE);
    expect(await page.getByLabel("E-mail", { exact: true }).inputValue()).toBe("tom@scmutual.example");

    await submitSignIn(session, "tom@scmutual.example", DEMO_PASSWORD);
    await page.getByRole("heading", { level: 1, name: "Welcome, Tom" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");

    // The account menu is a <details>: it opens and signs out without JavaScript too.
    await page.getByLabel("Account menu for Tom Whitlock").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { level: 1, name: /evidence, not badges/ }).waitFor();
    expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);
  });
});

describe("(d) sign-up validation", () => {
  test("a short password gets its message beside the field; the other answers stay", async () => {
    session = await openSession(chromium.browser, journey.server.url);
    const { page } = session;
    const id = unique();
    const orgName = `Harbour Lights Co-operative ${id}`;
    const email = `sam.${id}@harbour-lights.example`;

    await session.visit("/signup");
    await page.getByLabel("Organisation name", { exact: true }).fill(orgName);
    await page.getByLabel("Your name", { exact: true }).fill("Sam Oduya");
    await page.getByLabel("Work e-mail", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill("short pw 1");
    // The browser's own minlength check would stop the form first: switch it off to reach the server's.
    await page.locator("form:has(input[name=password])").evaluate((form) => {
      (form as HTMLFormElement).noValidate = true;
    });
    session.guard.expectRefusal(400, "/signup");
    await page.getByRole("button", { name: "Create account" }).click();

    const password = page.getByLabel("Password", { exact: true });
    await expect.poll(() => password.getAttribute("aria-invalid")).toBe("true");
    expect(new URL(page.url()).pathname).toBe("/signup");
    expect(await description(page, "Password")).toMatch(/Use at least 12 characters\./);

    // Beside the field: in the same .field block, right under the input.
    const fieldError = page.locator(".field:has(input[name=password]) .field-error");
    expect((await fieldError.textContent())?.trim()).toBe("Use at least 12 characters.");
    const inputBox = await password.boundingBox();
    const errorBox = await fieldError.boundingBox();
    expect(inputBox && errorBox).toBeTruthy();
    expect(errorBox!.y).toBeGreaterThanOrEqual(inputBox!.y + inputBox!.height - 1);
    expect(errorBox!.y - (inputBox!.y + inputBox!.height)).toBeLessThan(24);

    // What was typed stays.
    expect(await page.getByLabel("Organisation name", { exact: true }).inputValue()).toBe(orgName);
    expect(await page.getByLabel("Work e-mail", { exact: true }).inputValue()).toBe(email);
    expect(await page.getByLabel("Your name", { exact: true }).inputValue()).toBe("Sam Oduya");
    expect(await page.getByRole("radio", { name: /Buys AI delivery/ }).isChecked()).toBe(true);
    await auditPage(session, "anonymous", "signup-short-password");
  });
});
