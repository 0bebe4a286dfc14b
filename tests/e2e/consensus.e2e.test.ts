// Consensus and triage, in a browser: Priya opens the consensus of an evaluation in review and finds the
// disagreements only, grouped by candidate and section, the filter's counts in its labels; "All criteria" lists
// every criterion as a compact row. Without JavaScript she unfolds a row and sets a consensus score, and the page
// comes back at that row, saved. In the triage she ticks two partners and adds them with one "Add selected".
import type { Locator, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { auditPage, picture } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_PASSWORD, journeyServer, journeySessions, sharedBrowser, signIn } from "./support/journey";

const chromium = sharedBrowser();

const EVALUATION = "Underwriting document intake: partner selection";
const RATIONALE = "The panel agreed after the reference call: solid, with one gap in the rollback runbook.";

/** The count a filter link carries in its label ("Disagreements only 7"). */
const countIn = (label: string | null) => Number(/(\d+)\s*$/.exec(label?.trim() ?? "")?.[1] ?? Number.NaN);

describe("consensus by candidate and section, and the triage's Add selected", () => {
  const journey = journeyServer("consensus");
  const steps = journeySessions();
  let priya: Session;
  let path = "";

  test("Priya finds the disagreements only by default, grouped by candidate, the filter's counts matching the rows", async () => {
    priya = await openSession(chromium.browser, journey.server.url);
    steps.push(priya);
    await signIn(priya, "priya@scmutual.example", DEMO_PASSWORD, "Priya");
    const p = priya.page;
    await priya.visit("/evaluations");
    path = (await p.getByRole("link", { name: EVALUATION, exact: true }).getAttribute("href")) ?? "";
    expect(path).toMatch(/^\/evaluations\/[0-9a-f-]{36}$/);
    await priya.visit(`${path}/consensus`);
    await p.getByRole("heading", { level: 1, name: "Consensus scores" }).waitFor();

    const filter = p.getByRole("navigation", { name: "Criteria listed" });
    const only = filter.getByRole("link", { name: /^Disagreements only/ });
    const all = filter.getByRole("link", { name: /^All criteria/ });
    expect(await only.getAttribute("aria-current")).toBe("page");
    const disagreements = countIn(await only.textContent());
    const criteria = countIn(await all.textContent());
    expect(disagreements).toBeGreaterThan(0);
    expect(criteria).toBeGreaterThan(disagreements);
    const rows = p.locator('li[id^="consensus-"]');
    expect(await rows.count()).toBe(disagreements);
    // A group per candidate with a disagreement, each saying its own count; the others share one card.
    const groups = p.locator("section.cx-candidate:not(.cx-agreed-candidates)");
    const perCandidate = await groups.evaluateAll((sections) =>
      sections.map((s) => ({
        rows: s.querySelectorAll('li[id^="consensus-"]').length,
        line: s.querySelector(".cx-candidate-head p")?.textContent ?? "",
      })),
    );
    expect(perCandidate.length).toBeGreaterThan(0);
    for (const g of perCandidate) expect(g.line).toContain(`${g.rows} disagreement`);
    const quiet = await p.locator(".cx-agreed-candidates li").count();
    expect(perCandidate.length + quiet).toBe(
      await p.getByRole("navigation", { name: "Candidates" }).getByRole("link").count(),
    );
    // Folded: a row's form shows only once it is unfolded.
    expect(await p.getByRole("form").count()).toBe(0);
    await auditPage(priya, "buyer-admin", "consensus-disagreements");
  });

  test("'All criteria' lists every criterion of every candidate as a compact row", async () => {
    const p = priya.page;
    const filter = p.getByRole("navigation", { name: "Criteria listed" });
    const all = filter.getByRole("link", { name: /^All criteria/ });
    const criteria = countIn(await all.textContent());
    await all.click();
    await expect.poll(() => all.getAttribute("aria-current")).toBe("page");
    expect(await p.locator('li[id^="consensus-"]').count()).toBe(criteria);
    expect(await p.locator("section.cx-candidate").count()).toBe(
      await p.getByRole("navigation", { name: "Candidates" }).getByRole("link").count(),
    );
    await auditPage(priya, "buyer-admin", "consensus-all");
    // A closer look at the first rows on a phone, one of them unfolded.
    await p.setViewportSize({ width: 390, height: 844 });
    const first = p.locator('li[id^="consensus-"]').first();
    await first.locator("summary").click();
    await first.scrollIntoViewIfNeeded();
    await picture(p, "buyer-admin--consensus-row-open--390");
    await p.setViewportSize({ width: 1280, height: 800 });
    await picture(p, "buyer-admin--consensus-row-open--1280");
  }, 120_000);

  test("Without JavaScript she unfolds a row, sets a consensus, and the page comes back at that row, saved", async () => {
    const noJs = await openSession(chromium.browser, journey.server.url, { javaScriptEnabled: false });
    steps.push(noJs);
    await signIn(noJs, "priya@scmutual.example", DEMO_PASSWORD, "Priya");
    const p = noJs.page;
    await noJs.visit(`${path}/consensus?show=all`);
    const agreedBefore = await agreedOn(p);
    // The first row of the list without a consensus yet.
    const row = p.locator('li[id^="consensus-"]').filter({ hasText: "not set" }).first();
    const criterion = (await row.locator(".cx-criterion").textContent())?.trim() ?? "";
    const rowId = (await row.getAttribute("id")) ?? "";
    await row.locator("summary").click();
    const form = row.getByRole("form", { name: new RegExp(`^Consensus for ${escaped(criterion)}, `) });
    await form.getByLabel(/Consensus score/).fill("3.5");
    await form.getByLabel("Rationale (required)").fill(RATIONALE);
    await form.getByRole("button", { name: "Set consensus" }).click();
    await p.waitForURL(/\/consensus\?saved=.*show=all/);
    // Drawn again at that row, unfolded, saying so.
    expect(new URL(p.url()).hash).toBe(`#${rowId}`);
    const saved = p.locator(`li[id="${rowId}"]`);
    expect(await saved.locator("details").getAttribute("open")).not.toBeNull();
    await saved.getByRole("status").getByText("Saved.").waitFor();
    await saved.getByRole("button", { name: "Change consensus" }).waitFor();
    expect(await saved.locator(".cx-agreed").textContent()).toContain("3.5");
    expect(await saved.textContent()).toContain(RATIONALE);
    expect(await agreedOn(p)).toBe(agreedBefore + 1);
  });

  test("In the triage, partial totals carry their share of the checklist; she ticks two partners and adds them at once", async () => {
    const p = priya.page;
    await priya.visit(`${path}/triage`);
    await p.getByRole("heading", { level: 1, name: "Triage the directory" }).waitFor();
    const totals = await p.locator("td.triage-total").allTextContents();
    expect(totals.length).toBeGreaterThan(2);
    for (const t of totals)
      expect(t.trim()).toMatch(/^(Nothing to suggest|\d+\.\d on \d+(\.\d)?% of the checklist)$/);
    const boxes = p.getByRole("checkbox", { name: /^Select / });
    const open = await boxes.count();
    expect(open).toBeGreaterThanOrEqual(2);
    const names: string[] = [];
    for (const n of [0, 1]) {
      const box = boxes.nth(n);
      names.push(((await box.getAttribute("aria-label")) ?? (await labelOf(box))).replace(/^Select /, ""));
      await box.check();
    }
    await p.getByText(`2 of ${open} selected`).waitFor();
    await p.getByRole("button", { name: "Add selected to the shortlist" }).click();
    await p.getByText(`Added 2 partners to the shortlist: ${names.join(", ")}.`).waitFor();
    for (const name of names) {
      await p.getByRole("row").filter({ hasText: name }).getByText("On the shortlist").waitFor();
    }
    expect(await boxes.count()).toBe(open - 2);
    // The boxes start clear again, and so does their count.
    await p.getByText(`0 of ${open - 2} selected`).waitFor();
    await auditPage(priya, "buyer-admin", "triage-added");
  });
});

/** "… · 2 consensus scores set" in the page's header. */
async function agreedOn(page: Page): Promise<number> {
  const text = (await page.locator("main").textContent()) ?? "";
  return Number(/(\d+) consensus scores? set/.exec(text)?.[1] ?? Number.NaN);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A checkbox's label text, read from the page. */
async function labelOf(box: Locator): Promise<string> {
  return box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? "");
}
