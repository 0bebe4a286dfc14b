// Evidence: a partner member uploads a PDF over a throttled connection and watches the progress bar; the same
// upload without JavaScript; a buyer evaluator downloads it and marks it verified; the partner sees the count; a new
// version is unverified again for the buyer.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_PASSWORD, journeyServer, journeySessions, sharedBrowser, signIn } from "./support/journey";

const chromium = sharedBrowser();
const dir = mkdtempSync(path.join(os.tmpdir(), "pl-e2e-files-"));

/** A PDF of about `kb` kilobytes (a valid header and trailer around a comment block). */
function pdfFile(name: string, kb: number): string {
  const file = path.join(dir, name);
  const filler = `% ${"x".repeat(78)}\n`.repeat(Math.ceil((kb * 1024) / 81));
  writeFileSync(file, `%PDF-1.4\n${filler}%%EOF\n`);
  return file;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("evidence of delivery", () => {
  const journey = journeyServer("evidence");
  const sessions = journeySessions();
  let partner: Session;
  let buyer: Session;
  /** The page of the evidence Ravi uploads. */
  let itemPath = "";

  test("Ravi is refused a file over 20 MB before anything is sent, then uploads a PDF over a throttled connection and watches the progress bar move", async () => {
    partner = await openSession(chromium.browser, journey.server.url);
    sessions.push(partner);
    await signIn(partner, "ravi@northwind.example", DEMO_PASSWORD, "Ravi");
    const p = partner.page;
    await partner.visit("/evidence");
    await auditPage(partner, "evidence-partner", "list");

    // A file over 20 MB is refused in the browser, before anything is sent.
    const huge = path.join(dir, "too-big.pdf");
    writeFileSync(huge, Buffer.alloc(20 * 1024 * 1024 + 1, 0x25));
    let posted = 0;
    p.on("request", (r) => {
      if (r.method() === "POST") posted += 1;
    });
    await p
      .getByLabel("Supports the claim", { exact: true })
      .selectOption({ label: "Reference: Regional bank" });
    await p.getByLabel("Title", { exact: true }).fill("Too big");
    await p.getByLabel("File", { exact: true }).setInputFiles(huge);
    await p.getByRole("button", { name: "Add evidence" }).click();
    await p.getByText("This file is 20.1 MB; the limit is 20 MB.").waitFor();
    expect(posted).toBe(0);
    expect(new URL(p.url()).pathname).toBe("/evidence");

    // Throttle the upload so that the progress bar has something to show.
    const cdp = await partner.context.newCDPSession(p);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 20,
      downloadThroughput: 5 * 1024 * 1024,
      uploadThroughput: 256 * 1024,
    });
    await p.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      new MutationObserver(() => {
        const bar = document.querySelector("progress");
        if (bar) seen.push(Number(bar.getAttribute("value")));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await p
      .getByLabel("Supports the claim", { exact: true })
      .selectOption({ label: "Reference: Regional bank" });
    await p.getByLabel("Title", { exact: true }).fill("Core banking delivery report");
    await p.getByLabel("File", { exact: true }).setInputFiles(pdfFile("delivery-report.pdf", 1200));
    await p.getByRole("button", { name: "Add evidence" }).click();
    // The throttled upload takes about 5 s (1.2 MB at 256 KB/s): more room than the default 15 s, within the test's.
    await p.waitForURL(/\/evidence\/[0-9a-f-]{36}\?added=1$/, { timeout: 30_000 });
    const progress = await p.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    const intermediate = new Set(progress.filter((v) => v > 0 && v < 100));
    expect(intermediate.size, `progress values seen: ${progress.join(", ")}`).toBeGreaterThanOrEqual(2);
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await p.getByText("Evidence added.").waitFor();
    await auditPage(partner, "evidence-partner", "item");
    itemPath = new URL(p.url()).pathname;
  });

  test("Olivia, without JavaScript, uploads a PDF with a plain form post", async () => {
    // The same upload without JavaScript: a plain form post.
    const plain = await openSession(chromium.browser, journey.server.url, { javaScriptEnabled: false });
    sessions.push(plain);
    await plain.visit("/login");
    await plain.page.getByLabel("E-mail").fill("olivia@northwind.example");
    await plain.page.getByLabel("Password").fill(DEMO_PASSWORD);
    await plain.page.getByRole("button", { name: "Sign in" }).click();
    await plain.page.getByRole("heading", { level: 1, name: "Welcome, Olivia" }).waitFor();
    await plain.visit("/evidence");
    await plain.page
      .getByLabel("Supports the claim", { exact: true })
      .selectOption({ label: "Support terms" });
    await plain.page.getByLabel("Title", { exact: true }).fill("Support runbook (no JavaScript)");
    await plain.page.getByLabel("File", { exact: true }).setInputFiles(pdfFile("runbook.pdf", 20));
    await plain.page.getByRole("button", { name: "Add evidence" }).click();
    await plain.page.getByText("Evidence added.").waitFor();
  });

  test("Tom, a buyer evaluator, downloads Ravi's PDF and marks it verified", async () => {
    // A buyer evaluator downloads the PDF and verifies it.
    buyer = await openSession(chromium.browser, journey.server.url);
    sessions.push(buyer);
    await signIn(buyer, "tom@scmutual.example", DEMO_PASSWORD, "Tom");
    await buyer.visit("/partners");
    await buyer.page.getByRole("link", { name: "Northwind Systems Integration" }).click();
    const b = buyer.page;
    const evidence = b.getByRole("region", { name: "Evidence" });
    await evidence.getByText("Core banking delivery report", { exact: true }).waitFor();
    const [download] = await Promise.all([
      b.waitForEvent("download"),
      evidence.getByRole("link", { name: /Download delivery-report\.pdf/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("delivery-report.pdf");
    await evidence.getByText("Record your verdict on “Core banking delivery report”").click();
    const form = evidence.locator("details").filter({ hasText: "Core banking delivery report" });
    await form.getByRole("radio", { name: "Verified" }).check();
    await form.getByRole("button", { name: "Save verdict" }).click();
    await b.getByText("Your verdict on “Core banking delivery report” is saved.").waitFor();
    await auditPage(buyer, "evidence-buyer", "partner-evidence");
  });

  test("Ravi sees how many buyers verified it, never which; a new version he uploads is unverified again for Tom", async () => {
    const p = partner.page;
    const b = buyer.page;
    // The partner sees the count, never the buyer.
    await partner.visit("/evidence");
    const row = p.getByRole("row").filter({ hasText: "Core banking delivery report" });
    await row.getByText("Verified by 1 buyer, rejected by 0").waitFor();
    expect(await row.textContent()).not.toContain("Southern Cross");

    // A new version starts unverified for the buyer.
    await partner.visit(itemPath);
    await p.getByLabel("File", { exact: true }).setInputFiles(pdfFile("delivery-report-v2.pdf", 30));
    await p.getByRole("button", { name: "Upload new version" }).click();
    await p.getByText(/Version 2 uploaded/).waitFor();
    await buyer.visit(new URL(b.url()).pathname);
    const item = b
      .getByRole("region", { name: "Evidence" })
      .getByRole("listitem")
      .filter({ hasText: "Core banking delivery report" })
      .first();
    await item.getByText("Not yet checked by your organisation", { exact: true }).waitFor();
    await item.getByText(/Download delivery-report-v2\.pdf/).waitFor();
  });
});
