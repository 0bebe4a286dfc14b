// Deciding, end to end: an admin decides a seeded evaluation in review (the form refuses an empty decision at its
// fields first), publishes a debrief, opens the printable report and saves it with Chromium's page.pdf(), downloads
// the three exports and checks them against what the pages show, records a delivery review of the chosen partner
// and finds it beside that partner in another of the buyer's comparisons. The demo partner reads the debrief
// addressed to it, and nothing else of that evaluation.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { Locator, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { auditPage, SCREENSHOT_DIR } from "./support/audit";
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

const EVALUATION = "Store associate product knowledge search";
const OTHER_EVALUATION = "Peak-season customer service agents";
const CHOSEN = "Northwind Systems Integration";
const RATIONALE =
  "Northwind leads on references at our scale and on support terms; its day rate sits inside the budget.";

/** Clicks a link that downloads, and answers the file's bytes and suggested name. */
async function download(page: Page, link: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const where = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(where) };
}

/**
 * Saves the page as an A4 PDF in `screenshots/` and answers each printed page's text (poppler's pdftotext, the
 * layout kept). Unless E2E_SCREENSHOTS=0, each page is also drawn as `screenshots/<name>-N.png` to look at.
 */
async function printed(page: Page, name: string): Promise<string[]> {
  await page.emulateMedia({ media: "print" });
  const pdfPath = path.join(SCREENSHOT_DIR, `${name}.pdf`);
  const pdf = await page.pdf({ path: pdfPath, format: "A4", printBackground: true });
  await page.emulateMedia({ media: "screen" });
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  if (process.env.E2E_SCREENSHOTS !== "0") {
    execFileSync("pdftoppm", ["-r", "70", "-png", pdfPath, path.join(SCREENSHOT_DIR, name)]);
  }
  const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", pdfPath, "-"], { encoding: "utf8" });
  return text.split("\f").filter((sheet) => sheet.trim() !== "");
}

/** Every printed page carries the running header (organisation, evaluation, status) and "Page N of M". */
function expectRunningHeader(sheets: string[], header: RegExp) {
  sheets.forEach((sheet, i) => {
    expect(sheet, `page ${i + 1}`).toMatch(header);
    expect(sheet, `page ${i + 1}`).toContain(`Page ${i + 1} of ${sheets.length}`);
  });
}

describe("deciding and keeping the record", () => {
  const journey = journeyServer("decisions");

  describe("decide with a rationale, debrief, print the report to PDF, download the exports, review the delivery", () => {
    const steps = journeySessions();
    let dana: Session;
    /** The chosen partner's total as the decision form shows it. */
    let shown: string | undefined;

    test("Dana finds Decide the page's one primary action in review, and a disqualification's reason beside its rank", async () => {
      dana = await openSession(chromium.browser, journey.server.url, { acceptDownloads: true });
      steps.push(dana);
      await signIn(dana, "dana@lakeshore.example", DEMO_PASSWORD, "Dana");
      const p = dana.page;
      await dana.visit("/evaluations");
      await p.getByRole("link", { name: EVALUATION }).click();
      await p.getByRole("heading", { level: 1, name: EVALUATION }).waitFor();
      // In review the one primary action is "Decide"; the status moves are secondary.
      expect(await p.locator(".btn-primary").allTextContents()).toEqual(["Decide"]);
      // A disqualified candidate's reason sits in its row beside its rank, under its name.
      const results = p.getByRole("region", { name: /^Results/ });
      const disqualified = results.getByRole("row").filter({ hasText: "Disqualified" });
      expect(await disqualified.count()).toBeGreaterThan(0);
      expect(
        await disqualified
          .first()
          .getByText(/below its knockout of/)
          .count(),
      ).toBe(1);
      await auditPage(dana, "buyer-admin", "evaluation-review");
    });

    test("Dana prints the report of the evaluation in review: every page carries the running header, its number and DRAFT", async () => {
      const p = dana.page;
      await p.getByRole("link", { name: "Printable report" }).click();
      await p.getByRole("heading", { level: 1, name: EVALUATION }).waitFor();
      await p.getByText("Draft: not decided yet").waitFor();
      await auditPage(dana, "buyer-admin", "report-draft");
      const sheets = await printed(p, "buyer-admin--report-draft");
      expect(sheets.length).toBeGreaterThanOrEqual(3);
      expectRunningHeader(sheets, new RegExp(`Lakeshore Outfitters · ${EVALUATION} · Review`));
      for (const [i, sheet] of sheets.entries())
        expect(sheet, `page ${i + 1}`).toContain("DRAFT: not decided");
    });

    test("Dana sends the decision form empty and is told at both fields, ticks a candidate that is not the leader and must accept the warning, then decides for the leader with a rationale", async () => {
      const p = dana.page;
      await p.getByRole("link", { name: `← ${EVALUATION}` }).click();
      await p.getByRole("heading", { level: 1, name: EVALUATION }).waitFor();
      await p.getByRole("link", { name: "Decide", exact: true }).click();
      await p.getByRole("heading", { level: 1, name: `Decide: ${EVALUATION}` }).waitFor();
      const decidePath = new URL(p.url()).pathname;
      // Before the button: what the decision freezes, counted.
      const freezes = p.getByRole("region", { name: "Recording the decision freezes" });
      await freezes.getByText("Every evaluator's scores and justifications").waitFor();
      expect(await freezes.getByText(/^\d+ scores by \d+ evaluators$/).count()).toBe(1);
      // Controls of a normal size: a 20 px box, a row at least 44 px high.
      const box = await p.getByRole("checkbox").first().boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(20);
      const row = await p.locator("label.decide-choice").first().boundingBox();
      expect(row?.height).toBeGreaterThanOrEqual(44);
      const evaluationPath = decidePath.replace(/\/decide$/, "");

      // Nothing chosen, no rationale: both fields say so, and nothing is decided.
      dana.guard.expectRefusal(400, decidePath);
      await p.getByRole("button", { name: "Record the decision" }).click();
      await p.getByText("Write the rationale.").waitFor();
      await p.getByText("Choose at least one partner.").waitFor();
      expect(await p.getByLabel("Rationale").getAttribute("aria-invalid")).toBe("true");
      await auditPage(dana, "buyer-admin", "decide-errors");

      // Not the leader: the warning shows as the box is ticked, above the box that accepts it; sent without
      // accepting it, the form says so and keeps the warning above.
      const warning = p.getByText("The choice is not the leader of the ranking.", { exact: false });
      expect(await warning.count()).toBe(0);
      const other = p.getByRole("checkbox", { name: /^Kestrel Data Partners/ });
      await other.check();
      await warning.waitFor();
      await p.getByText(`The leader is ${CHOSEN}.`, { exact: false }).waitFor();
      await p.getByLabel("Rationale").fill(RATIONALE);
      dana.guard.expectRefusal(400, decidePath);
      await p.getByRole("button", { name: "Record the decision" }).click();
      await p.getByText("Tick the box to decide despite the warnings above.").waitFor();
      await warning.waitFor();
      const accept = p.getByRole("checkbox", { name: "I decide despite the warnings above" });
      expect(await accept.getAttribute("aria-invalid")).toBe("true");
      await auditPage(dana, "buyer-admin", "decide-warnings");
      // The leader instead: no warning applies, and nothing asks to accept one.
      await other.uncheck();
      await expect.poll(() => warning.count()).toBe(0);
      expect(await accept.count()).toBe(0);

      // The leader, with a rationale: decided, and the page now shows the decision.
      const chosen = p.getByRole("checkbox", { name: new RegExp(`^${CHOSEN}`) });
      shown = ((await chosen.locator("xpath=..").textContent()) ?? "").match(/total (\d+\.\d)/)?.[1];
      expect(shown).toBeDefined();
      await chosen.check();
      expect(await p.getByLabel("Rationale").inputValue()).toBe(RATIONALE);
      await p.getByRole("button", { name: "Record the decision" }).click();
      await p.getByRole("heading", { level: 2, name: "Decision", exact: true }).waitFor();
      expect(new URL(p.url()).pathname).toBe(evaluationPath);
      const decision = p.getByRole("region", { name: "Decision" });
      await decision.getByText(`${CHOSEN}`, { exact: true }).waitFor();
      await decision.getByText(RATIONALE).waitFor();
      await p.getByText("Decided", { exact: true }).first().waitFor();
      expect(await p.getByRole("link", { name: "Decide", exact: true }).count()).toBe(0);
    });

    test("Dana publishes a debrief to a candidate not chosen, opens the printable report and saves it as a PDF", async () => {
      const p = dana.page;
      // A debrief to a candidate not chosen, with its own section scores.
      const debriefs = p.getByRole("region", { name: "Debriefs to the candidates not chosen" });
      await debriefs
        .getByLabel("Debrief to Kestrel Data Partners")
        .fill("Thank you. Your references were close to ours; our choice ran support in our hours.");
      await debriefs.getByLabel("Include Kestrel Data Partners' own section scores").check();
      const kestrel = debriefs.getByRole("listitem").filter({ hasText: "Kestrel Data Partners" });
      await kestrel.getByRole("button", { name: "Publish the debrief" }).click();
      await kestrel.getByText(/^Published /).waitFor();
      await auditPage(dana, "buyer-admin", "evaluation-decided");

      // The printable report: the frozen record, with its charts drawn on the server; saved as a PDF.
      await p.getByRole("link", { name: "Printable report" }).click();
      await p.getByRole("heading", { level: 1, name: EVALUATION }).waitFor();
      await p.getByText(/The frozen record of the decision, taken /).waitFor();
      for (const heading of [
        "Decision",
        "Context",
        "Comparison",
        "Charts",
        "How robust the ranking is",
        "Checklist and weights",
        "Who scored, and their declarations",
        "Evidence cited",
        "Audit summary",
      ]) {
        await p.getByRole("heading", { level: 2, name: heading, exact: true }).waitFor();
      }
      await p.getByText(RATIONALE).waitFor();
      expect(await p.locator(".report-chart svg.recharts-surface").count()).toBeGreaterThanOrEqual(3);
      await auditPage(dana, "buyer-admin", "decision-report");
      await p.emulateMedia({ media: "print" });
      // On paper the application's shell and the report's buttons are gone.
      expect(await p.getByRole("navigation", { name: "Main" }).isVisible()).toBe(false);
      expect(await p.getByRole("link", { name: "summary.csv" }).isVisible()).toBe(false);
      await p.emulateMedia({ media: "screen" });
      const sheets = await printed(p, "buyer-admin--decision-report");
      // Context to audit summary on A4: more than a page, and no run of near-empty ones.
      expect(sheets.length).toBeGreaterThanOrEqual(3);
      expect(sheets.length).toBeLessThanOrEqual(8);
      // Decided: the running header says so on every page, and no page is marked a draft.
      expectRunningHeader(sheets, new RegExp(`Lakeshore Outfitters · ${EVALUATION} · Decided`));
      for (const sheet of sheets) expect(sheet).not.toMatch(/DRAFT/);
    });

    test("Dana downloads the three exports and checks them against the pages, records a delivery review of the chosen partner and finds it beside that partner in another comparison", async () => {
      const p = dana.page;
      // The exports: byte-order mark, CRLF, the figures the pages show; the JSON is the frozen record.
      const summary = await download(p, p.getByRole("link", { name: "summary.csv" }));
      expect(summary.name).toMatch(/^store-associate-product-knowledge-search-summary\.csv$/);
      expect([...summary.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const summaryText = summary.bytes.toString("utf8").slice(1);
      expect(summaryText.endsWith("\r\n")).toBe(true);
      expect(summaryText.replace(/\r\n/g, "").includes("\n")).toBe(false);
      const rows = parse(summaryText) as string[][];
      const northwind = rows.find((r) => r[1] === CHOSEN);
      expect(northwind?.[0]).toBe("1");
      expect(northwind?.[2]).toBe(shown);
      const detail = await download(p, p.getByRole("link", { name: "detail.csv" }));
      expect([...detail.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const detailRows = parse(detail.bytes.toString("utf8").slice(1)) as string[][];
      expect(detailRows.length).toBeGreaterThan(10);
      const json = await download(p, p.getByRole("link", { name: "comparison.json" }));
      const record = JSON.parse(json.bytes.toString("utf8"));
      expect(record.frozen).toBe(true);
      expect(record.decision.rationale).toBe(RATIONALE);
      expect(record.summary.find((r: { partner: string }) => r.partner === CHOSEN).rank).toBe(1);

      // A delivery review of the chosen partner, at a milestone.
      await p.getByRole("link", { name: `← ${EVALUATION}` }).click();
      await p.getByRole("heading", { level: 1, name: EVALUATION }).waitFor();
      const reviews = p.getByRole("region", { name: "Delivery reviews" });
      await reviews.getByLabel("Milestone").fill("Pilot in 12 stores");
      for (const [group, rating] of [
        ["Quality", "4"],
        ["Schedule", "3"],
        ["Cost", "5"],
      ]) {
        await reviews
          .getByRole("group", { name: new RegExp(`^${group}`) })
          .getByLabel(rating, { exact: true })
          .check();
      }
      await reviews
        .getByLabel("Outcome against the baseline")
        .fill("Associates found the answer in 40 s on average against 3 min 10 s before.");
      await reviews
        .getByRole("group", { name: /engage this partner again/ })
        .getByLabel("Yes")
        .check();
      await reviews.getByRole("button", { name: "Record the review" }).click();
      await p.getByText("Delivery review recorded.").waitFor();
      await reviews.getByRole("listitem").filter({ hasText: "Pilot in 12 stores" }).waitFor();
      // The form is empty again, ready for the next milestone.
      await expect.poll(() => reviews.getByLabel("Milestone").inputValue()).toBe("");

      // Beside the partner in the buyer's other comparison, and on the partner's page for this buyer.
      await dana.visit("/evaluations");
      await p.getByRole("link", { name: OTHER_EVALUATION }).click();
      await p.getByRole("link", { name: "Compare side by side" }).click();
      await p
        .getByRole("heading", { level: 1, name: `Compare the shortlist: ${OTHER_EVALUATION}` })
        .waitFor();
      const badge = p.getByRole("link", {
        name: /^Delivered for you: 1 review, quality 4\.0\/5, 1 of 1 would engage again/,
      });
      await badge.waitFor();
      await badge.click();
      await p.getByRole("heading", { level: 1, name: CHOSEN }).waitFor();
      const onProfile = p.getByRole("region", { name: `How ${CHOSEN} delivered for you` });
      await onProfile.getByText("Pilot in 12 stores").waitFor();
      await onProfile.getByText(/40 s on average/).waitFor();
    });
  });

  test("the demo partner reads the debrief addressed to it, and nothing else of the evaluation", async () => {
    const olivia = await openSession(chromium.browser, journey.server.url);
    sessions.push(olivia);
    await signIn(olivia, "olivia@northwind.example", DEMO_PASSWORD, "Olivia");
    const p = olivia.page;
    await olivia.visit("/requests");
    await p
      .getByRole("link", { name: /Lakeshore Outfitters/ })
      .first()
      .click();
    await p.getByRole("heading", { level: 1, name: "Debrief from Lakeshore Outfitters" }).waitFor();
    await p.getByText(/your references and support terms scored among the best/).waitFor();
    const scores = p.getByRole("table", { name: "Your section scores" });
    expect(await scores.getByRole("row").count()).toBeGreaterThan(3);
    const text = await p.locator("main").textContent();
    expect(text).not.toContain("Order-status chatbot");
    expect(text).not.toContain("Atlas Forward Engineering");
    await auditPage(olivia, "partner-admin", "debrief");
  });
});
