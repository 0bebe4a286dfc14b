// The pages no other journey audits, each audited once at 390 and 1280 px (support/audit.ts) and reached the way its
// person reaches it: an evaluation's checklist and an empty template (a buyer admin), the list of a partner's
// references, a criterion's scores by evaluator (a page of its own only without JavaScript: found that way, audited
// with it), and two error pages: another organisation's object (404) and a page the person's role does not allow
// (403). route-coverage.check.ts fails the run when a page route of the build passed no audit in any journey.
import { describe, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_PASSWORD, journeyServer, journeySessions, sharedBrowser, signIn } from "./support/journey";

const chromium = sharedBrowser();
// One server for the file: nothing here changes what another page shows.
const journey = journeyServer("every-route");

/** Southern Cross's evaluation in review: its comparison is open to the viewer. */
const REVIEW = "Underwriting document intake: partner selection";

describe("the pages no other journey audits", () => {
  const steps = journeySessions();
  let priya: Session;
  /** A reference of Northwind's, as its partner admin opens it. */
  let referencePath = "";
  /** A criterion's scores by evaluator, as a viewer without JavaScript opens them. */
  let criterionPath = "";

  test("Priya reads the checklist of an evaluation in review and starts an empty template", async () => {
    priya = await openSession(chromium.browser, journey.server.url);
    steps.push(priya);
    await signIn(priya, "priya@scmutual.example", DEMO_PASSWORD, "Priya");
    const p = priya.page;
    await priya.visit("/evaluations");
    await p.getByRole("link", { name: REVIEW }).click();
    await p.getByRole("heading", { level: 1, name: REVIEW }).waitFor();
    await p.getByRole("link", { name: /^Read (or edit )?the checklist$/ }).click();
    await p.waitForURL(/\/evaluations\/[0-9a-f-]{36}\/checklist$/);
    await p.getByRole("heading", { level: 1 }).waitFor();
    await auditPage(priya, "buyer-admin", "evaluation-checklist");

    await p.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
    await p.getByRole("heading", { level: 1, name: "Checklist templates" }).waitFor();
    await p.getByRole("link", { name: "Start an empty template" }).click();
    await p.waitForURL((url) => url.pathname === "/templates/new");
    await p.getByRole("heading", { level: 1 }).waitFor();
    await auditPage(priya, "buyer-admin", "template-new");
  });

  test("Olivia opens the list of Northwind's references, then one of them", async () => {
    const olivia = await openSession(chromium.browser, journey.server.url);
    steps.push(olivia);
    await signIn(olivia, "olivia@northwind.example", DEMO_PASSWORD, "Olivia");
    const o = olivia.page;
    await olivia.visit("/profile/references");
    const table = o.getByRole("table");
    await table.waitFor();
    await auditPage(olivia, "partner-admin", "references");
    await table.getByRole("link").first().click();
    await o.waitForURL(/\/profile\/references\/[0-9a-f-]{36}$/);
    referencePath = new URL(o.url()).pathname;
  });

  test("Graham, without JavaScript, opens a criterion's scores by evaluator from the comparison; with JavaScript the same page passes the audit", async () => {
    const plain = await openSession(chromium.browser, journey.server.url, { javaScriptEnabled: false });
    steps.push(plain);
    await signIn(plain, "graham@scmutual.example", DEMO_PASSWORD, "Graham");
    const q = plain.page;
    await plain.visit("/evaluations");
    await q.getByRole("link", { name: REVIEW }).click();
    await q.getByRole("link", { name: "Compare side by side" }).click();
    const matrix = q.getByRole("region", { name: /Candidates ranked from left to right/ });
    // Without JavaScript a section opens by its link, and a criterion's scores are a page of their own.
    await matrix
      .getByRole("link", { name: /\(open its criteria\)/ })
      .first()
      .click();
    await matrix.getByRole("link", { name: "Scores by evaluator" }).first().click();
    await q.waitForURL(/\/compare\/criteria\/[^/?]+$/);
    criterionPath = new URL(q.url()).pathname;

    const graham = await openSession(chromium.browser, journey.server.url);
    steps.push(graham);
    await signIn(graham, "graham@scmutual.example", DEMO_PASSWORD, "Graham");
    await graham.visit(criterionPath);
    await graham.page.getByRole("link", { name: /^← Comparison of / }).waitFor();
    await auditPage(graham, "buyer-viewer", "comparison-criterion");

    // A page the viewer's role does not allow (the address of a new evaluation, sent by an admin).
    graham.guard.expectRefusal(403, "/evaluations/new");
    await graham.visit("/evaluations/new");
    await graham.page.getByRole("heading", { level: 1, name: "Your role does not allow this" }).waitFor();
    await auditPage(graham, "buyer-viewer", "error-403-role");
  });

  test("Priya opens the address of Northwind's reference: another organisation's object is a page not found", async () => {
    priya.guard.expectRefusal(404, referencePath);
    await priya.visit(referencePath);
    await priya.page.getByRole("heading", { level: 1, name: "We could not find that page" }).waitFor();
    await auditPage(priya, "buyer-admin", "error-404-other-organisation");
  });
});
