// The homes of the demo people, each as its role and the seeded state make it: Priya (buyer admin) reads her open
// evaluations with every evaluator's progress and the leader of the one in review; Tom (evaluator) reads his own
// progress and one next action per evaluation, which takes him to the scoring page; Graham (viewer) reads the
// evaluations that reached review; Olivia (partner admin) reads her open requests, her profile's completeness and
// what buyers said of her evidence. Each home is audited at both widths.
import { describe, expect, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession } from "./support/browser";
import { DEMO_PASSWORD, journeyServer, sharedBrowser, signIn, trackedSessions } from "./support/journey";

const chromium = sharedBrowser();
const sessions = trackedSessions();

const CLAIMS = "Claims triage copilot: implementation partner";
const UNDERWRITING = "Underwriting document intake: partner selection";

describe("the homes, per role", () => {
  const journey = journeyServer("home");

  async function signedIn(email: string, firstName: string) {
    const session = await openSession(chromium.browser, journey.server.url);
    sessions.push(session);
    await signIn(session, email, DEMO_PASSWORD, firstName);
    return session;
  }

  test("Priya reads her open evaluations, each evaluator's progress and the leader of the one in review", async () => {
    const session = await signedIn("priya@scmutual.example", "Priya");
    const main = session.page.getByRole("main");
    await main.getByRole("heading", { level: 2, name: "Open evaluations" }).waitFor();
    // Her organisation did every first step: no onboarding.
    expect(await main.getByRole("heading", { name: "Next steps" }).count()).toBe(0);

    const claims = main.getByRole("article", { name: CLAIMS });
    await claims.getByText("Scoring", { exact: true }).waitFor();
    const evaluators = claims.getByRole("list", { name: `Evaluators of ${CLAIMS}` });
    const tom = evaluators.getByRole("progressbar", { name: /^Tom Whitlock: \d+ of \d+ criteria scored$/ });
    await tom.waitFor();
    expect(Number(await tom.getAttribute("value"))).toBeGreaterThan(0);
    await evaluators
      .getByText(/4 of 5 candidates submitted/)
      .first()
      .waitFor();

    const underwriting = main.getByRole("article", { name: UNDERWRITING });
    await underwriting.getByText(/^Leader:/).waitFor();
    expect(
      await underwriting.getByRole("link", { name: "Open the comparison" }).getAttribute("href"),
    ).toMatch(/^\/evaluations\/[\w-]+\/compare$/);
    expect(await main.locator("#waiting").count()).toBe(1);
    await auditPage(session, "buyer-admin", "home-admin");
  });

  test("Tom reads his own progress and next action, which leads to the candidate's scoring page; no leader", async () => {
    const session = await signedIn("tom@scmutual.example", "Tom");
    const page = session.page;
    const main = page.getByRole("main");
    await main.getByRole("heading", { level: 2, name: "Your evaluations" }).waitFor();
    expect(await main.getByText("No assignment yet").count()).toBe(0);
    expect(await main.getByText(/Leader/).count()).toBe(0);

    const claims = main.getByRole("article", { name: CLAIMS });
    await claims.getByRole("progressbar", { name: /^Your progress: \d+ of \d+ criteria scored$/ }).waitFor();
    const next = claims.getByRole("link", { name: /^Score \d+ criteria? of Bluegum Digital$/ });
    expect(await next.getAttribute("href")).toMatch(/^\/evaluations\/[\w-]+\/candidates\/[\w-]+$/);
    const underwriting = main.getByRole("article", { name: UNDERWRITING });
    await underwriting.getByRole("link", { name: "Read the comparison", exact: true }).waitFor();
    await auditPage(session, "buyer-evaluator", "home-evaluator");

    await next.click();
    await page.waitForURL(/\/evaluations\/[\w-]+\/candidates\/[\w-]+$/);
    await page.getByRole("heading", { level: 1, name: /Bluegum Digital/ }).waitFor();
  });

  test("Graham reads the evaluations that reached review, with the leader, and nothing still blind", async () => {
    const session = await signedIn("graham@scmutual.example", "Graham");
    const main = session.page.getByRole("main");
    await main.getByRole("heading", { level: 2, name: "Evaluations you can read" }).waitFor();
    const row = main.getByRole("row").filter({ hasText: UNDERWRITING });
    await row.getByRole("cell", { name: /, total \d+\.\d/ }).waitFor();
    expect(await main.getByText(CLAIMS).count()).toBe(0);
    expect(await main.locator("#waiting").count()).toBe(0);
    await auditPage(session, "buyer-viewer", "home-viewer");
  });

  test("Olivia reads her open requests, her profile's completeness and what buyers said of her evidence", async () => {
    const session = await signedIn("olivia@northwind.example", "Olivia");
    const main = session.page.getByRole("main");
    await main.getByRole("heading", { level: 2, name: "Open evidence requests" }).waitFor();
    await main.getByRole("heading", { level: 2, name: /^Your profile is \d+(\.\d)?% complete$/ }).waitFor();
    await main.getByRole("progressbar", { name: /^Profile: \d of 8 sections filled in$/ }).waitFor();
    const verdicts = main.getByRole("region", { name: "What buyers said of your evidence" });
    await verdicts
      .getByText(/Verified by \d+ buyers?/)
      .first()
      .waitFor();
    expect(await verdicts.getByText("Southern Cross Mutual Insurance").count()).toBe(0);
    await auditPage(session, "partner-admin", "home-partner");
  });
});
