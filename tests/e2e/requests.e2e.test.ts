// Review, end to end: an admin enters day rates for three candidates; an evaluator asks a candidate's partner for
// evidence from the scoring page; the partner, who sees no score or weight, uploads a new restricted PDF from the
// request's page and answers with it and the seeded case study, sharing them with that buyer only; the evaluator
// reads the answer and cites the new PDF in a score; the admin moves to review, sets a consensus score and sees the
// results change; the results of an evaluation with day rates show values, best values and ratio scores.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, describe, expect, test } from "vitest";
import { pdf } from "../fixtures/evidence-files";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_PASSWORD, journeyServer, journeySessions, sharedBrowser, signIn } from "./support/journey";

const chromium = sharedBrowser();

const EVALUATION = "Peak-season customer service agents";
const CRITERION = "Outcomes measured against a stated baseline";
const CASE_STUDY = "Claims triage case study (under NDA)";
const NEW_PDF = "Contact-centre pilot: outcome report";
const REVIEW_EVALUATION = "Store associate product knowledge search";

const dir = mkdtempSync(path.join(os.tmpdir(), "partnerlens-requests-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const escaped = (text: string) => text.replace(/[()]/g, "\\$&");

/** What a person reads of an element (its rendered text, hidden parts left out). */
const textOf = async (l: Locator) => (await l.allInnerTexts()).join("\n");

/** What a person reads in the page's main region. */
const visibleText = (page: Page) => textOf(page.getByRole("main"));

/** The criterion the request is about, on the scoring page. */
const criterionOn = (page: Page) =>
  page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { level: 3, name: CRITERION, exact: true }) });

/** Northwind's total in the evaluation page's Results table. */
async function northwindTotal(page: Page): Promise<string> {
  const row = page
    .getByRole("table")
    .filter({ has: page.getByRole("columnheader", { name: "Evidence confidence" }) })
    .getByRole("row")
    .filter({ hasText: "Northwind Systems Integration" });
  return (await textOf(row.getByRole("cell").nth(2))).trim();
}

describe("evidence requests", () => {
  const journey = journeyServer("requests");
  const sessions = journeySessions();
  let dana: Session;
  let marcus: Session;
  let olivia: Session;
  /** The evaluation's page, as Dana opened it. */
  let overview = "";

  test("Dana enters the three candidates' day rates, and the lowest is marked best", async () => {
    dana = await openSession(chromium.browser, journey.server.url);
    sessions.push(dana);
    await signIn(dana, "dana@lakeshore.example", DEMO_PASSWORD, "Dana");
    const d = dana.page;
    await dana.visit("/evaluations");
    await d.getByRole("link", { name: EVALUATION }).click();
    await d.getByRole("heading", { level: 1, name: EVALUATION }).waitFor();
    overview = d.url();
    await d.getByRole("link", { name: "Numeric values" }).click();
    await d.getByRole("heading", { level: 1, name: /Numeric values/ }).waitFor();
    const rates: [string, string][] = [
      ["Northwind Systems Integration", "1450"],
      ["Atlas Forward Engineering", "1200"],
      ["Kestrel Data Partners", "980"],
    ];
    for (const [partner, rate] of rates) {
      const field = d.getByLabel(`Blended day rate of ${partner} (USD per day)`);
      await field.fill(rate);
      const form = d.locator("form").filter({ has: field });
      await form.getByRole("button", { name: "Save" }).click();
      await d.getByRole("row").filter({ has: field }).getByText("Saved.").waitFor();
    }
    // The lowest rate is the best: 5 of 5 by the ratio rule.
    await d.getByRole("row").filter({ hasText: "Kestrel Data Partners" }).getByText("Best").first().waitFor();
    await auditPage(dana, "buyer-admin", "numeric-values");
  });

  test("Marcus asks Northwind for evidence on a criterion from his scoring page", async () => {
    marcus = await openSession(chromium.browser, journey.server.url);
    sessions.push(marcus);
    await signIn(marcus, "marcus@lakeshore.example", DEMO_PASSWORD, "Marcus");
    const m = marcus.page;
    await marcus.visit("/evaluations");
    await m.getByRole("link", { name: EVALUATION }).click();
    await m
      .getByRole("region", { name: "Your scoring" })
      .getByRole("link", { name: /Northwind/ })
      .click();
    const criterion = criterionOn(m);
    // Marcus scored it already: folded to one line, it unfolds on demand.
    await criterion.waitFor();
    const folded = criterion.locator(":scope > details:not([open]) > summary");
    if ((await folded.count()) > 0) await folded.click();
    await criterion.getByText("Ask Northwind Systems Integration for evidence").click();
    await criterion
      .getByLabel("Message")
      .fill(
        "Could you share a case study with the baseline and the measured result of a comparable deployment?",
      );
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await criterion.getByLabel("Due on").fill(due);
    await criterion.getByRole("button", { name: "Send request" }).click();
    await criterion.getByText(/Could you share a case study/).waitFor();
    await auditPage(marcus, "buyer-evaluator", "scoring-with-request");
  });

  test("Olivia finds the request under Requests, with no score, weight or evaluation in sight, and uploads a new restricted PDF from it, which comes back ticked", async () => {
    // The partner, under Requests: the buyer and the question, never a score or a weight.
    olivia = await openSession(chromium.browser, journey.server.url);
    sessions.push(olivia);
    await signIn(olivia, "olivia@northwind.example", DEMO_PASSWORD, "Olivia");
    const o = olivia.page;
    await olivia.visit("/requests");
    const requestsTable = o.getByRole("table", { name: "Evidence requests" });
    expect(await textOf(requestsTable)).not.toMatch(/score|weight|evaluation/i);
    await auditPage(olivia, "partner-admin", "requests");
    await requestsTable
      .getByRole("row")
      .filter({ hasText: CRITERION })
      .filter({ hasText: "Lakeshore Outfitters" })
      .getByRole("link", { name: "Lakeshore Outfitters" })
      .click();
    await o.getByRole("heading", { level: 1, name: "Lakeshore Outfitters asks for evidence" }).waitFor();
    expect(await visibleText(o)).not.toMatch(/score|weight|evaluation/i);

    // A new restricted PDF, uploaded from the request itself: back here with it ticked.
    await o.getByText("Add new evidence for this answer (a file or a link)").click();
    await o.getByLabel("Supports the claim").selectOption({ label: "Support terms" });
    await o.getByLabel("Title").fill(NEW_PDF);
    const file = path.join(dir, "outcome-report.pdf");
    writeFileSync(file, pdf());
    await o.getByLabel("File", { exact: true }).setInputFiles(file);
    expect(await o.getByLabel("Who may see it").inputValue()).toBe("restricted");
    await auditPage(olivia, "partner-admin", "request");
    await o.getByRole("button", { name: "Add evidence" }).click();
    await o.getByText(`“${NEW_PDF}” added to your evidence and ticked below`).waitFor();
    expect(await o.getByLabel(new RegExp(`^${escaped(NEW_PDF)}`)).isChecked()).toBe(true);
    const share = o.getByLabel(
      "Share the restricted items I attach with Lakeshore Outfitters (only with them)",
    );
    expect(await share.isChecked()).toBe(true);
  });

  test("Olivia answers with the new PDF and the seeded case study, shared with that buyer only", async () => {
    const o = olivia.page;
    await o.getByLabel(new RegExp(`^${escaped(CASE_STUDY)}`)).check();
    await o
      .getByLabel("Note to Lakeshore Outfitters")
      .fill(
        "Shared with you under NDA: the pilot's outcome report, and the case study (baseline on page 2).",
      );
    await o.getByRole("button", { name: "Send answer" }).click();
    await o.getByText("Answer sent to Lakeshore Outfitters.").waitFor();
    expect(await visibleText(o)).not.toMatch(/score|weight|evaluation/i);
    await auditPage(olivia, "partner-admin", "request-answered");
  });

  test("Marcus reads the answer on his scoring page and cites the new PDF in a score", async () => {
    const m = marcus.page;
    const criterion = criterionOn(m);
    // Back on the scoring page: the answer, and the new file among the evidence to cite.
    await marcus.visit(new URL(m.url()).pathname);
    await criterion.getByText(/Shared with you under NDA: the pilot's outcome report/).waitFor();
    await criterion.getByRole("link", { name: NEW_PDF }).first().waitFor();
    await criterion.getByRole("radio", { name: "4", exact: true }).check();
    await criterion
      .getByLabel("Justification (required)")
      .fill("The pilot's outcome report shows a baseline and a measured result after go-live.");
    // The evidence to cite is folded under one line that counts what is cited.
    const cited = async () =>
      Number(/(\d+) of \d+ cited/.exec(await textOf(criterion.locator(".cite-fold > summary")))?.[1]);
    const before = await cited();
    await criterion.getByText("Evidence this score rests on (optional)").click();
    await criterion.getByLabel(new RegExp(escaped(NEW_PDF))).check();
    await expect.poll(cited).toBe(before + 1);
    await criterion.getByRole("button", { name: "Save score" }).click();
    await criterion.getByText("Saved.").waitFor();
  });

  test("Dana moves the evaluation to review and agrees a consensus score beside the evaluators' own, and the results follow at once", async () => {
    const d = dana.page;
    // In review, the admin agrees a consensus beside the evaluators' own scores, and the results follow at once.
    await dana.visit(new URL(overview).pathname);
    await d.getByRole("button", { name: "Move to review" }).click();
    // Work is still missing: the page names it, and moves only once Dana confirms (a second post).
    const missing = d.getByRole("region", { name: "Move to review with work missing?" });
    await missing.waitFor();
    expect(await missing.getByRole("listitem").count()).toBeGreaterThan(0);
    await missing
      .getByText(/has not submitted/)
      .first()
      .waitFor();
    await auditPage(dana, "buyer-admin", "evaluation-review-confirm");
    await missing.getByRole("button", { name: "Move to review anyway" }).click();
    await d.getByText("Status: Review.").waitFor();
    const totalBefore = await northwindTotal(d);
    await d.getByRole("link", { name: "Consensus" }).click();
    // The page lists the disagreements by default (this criterion is not one): every criterion is one click away.
    await d
      .getByRole("navigation", { name: "Criteria listed" })
      .getByRole("link", { name: /^All criteria/ })
      .click();
    const group = d.getByRole("region", { name: "Northwind Systems Integration" });
    const item = group.getByRole("listitem").filter({ has: d.getByText(CRITERION, { exact: true }) });
    const disclosure = item.getByText(CRITERION, { exact: true });
    const agree = d.getByRole("form", { name: `Consensus for ${CRITERION}, Northwind Systems Integration` });
    // Each candidate × criterion is one folded row: open it by clicking.
    expect(await agree.isVisible()).toBe(false);
    await disclosure.click();
    await agree.waitFor();
    const mean = ((await item.locator(".cx-mean").textContent()) ?? "").match(/Mean ([\d.]+)/)?.[1];
    const consensus = mean === "1.5" ? "2.5" : "1.5";
    await agree.getByLabel(/Consensus score/).fill(consensus);
    await agree
      .getByLabel("Rationale (required)")
      .fill("The outcome report shows the result; the baseline is thin and only one site was measured.");
    await agree.getByRole("button", { name: "Set consensus" }).click();
    await agree.getByRole("button", { name: "Change consensus" }).waitFor();
    // The consensus page is audited in consensus.e2e.test.ts (both views): this step stays under a minute.
    await dana.visit(new URL(overview).pathname);
    await d.getByRole("heading", { level: 2, name: /^Results/ }).waitFor();
    expect(await northwindTotal(d)).not.toBe(totalBefore);
  });

  test("Dana reads the results of an evaluation weighing its day rates: each value, the best one and the ratio score", async () => {
    const d = dana.page;
    // An evaluation weighing its day rates: the results give each value, the best one and the ratio score.
    await dana.visit("/evaluations");
    await d.getByRole("link", { name: REVIEW_EVALUATION }).click();
    const dayRates = d.getByRole("table", { name: /^Blended day rate: best value 1,400 USD per day/ });
    await dayRates.getByRole("row").filter({ hasText: "Granite Peak Advisory" }).getByText("Best").waitFor();
    const northwindRate = dayRates.getByRole("row").filter({ hasText: "Northwind Systems Integration" });
    expect(await textOf(northwindRate)).toMatch(/1,700\s+4\.1/);
    await auditPage(dana, "buyer-admin", "evaluation-results-numeric");
  });
});
