// The comparison, end to end: an admin opens a seeded comparison (the chart boxes keep their size as the charts
// arrive), expands a section, opens two rows' scores by evaluator at once, opens a total's derivation, then, with
// every network request blocked, moves section weights until a rank changes (the browser's engine alone), checks the
// new totals against the server's for the same weights, and resets; a slider's run of changes writes the address once.
// A viewer reads the same page without JavaScript, the win probability drawn by the server.
import type { Page } from "playwright-core";
import { describe, expect, expect as expectValue, test } from "vitest";
import { auditPage, picture } from "./support/audit";
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

/**
 * A rest of the slider, as the comparison's address waits for it (300 ms in app/components/comparison/use-comparison.ts),
 * a little shorter for the coarseness of the page's clock.
 */
const ADDRESS_REST_MS = 280;

/** The comparison's matrix. */
const matrixOf = (page: Page) => page.getByRole("region", { name: /Candidates ranked from left to right/ });

/** Each candidate's rank and full-precision total as the page shows them (data attributes of the matrix). */
async function figures(session: Session) {
  return session.page.evaluate(() => {
    const read = (selector: string, attribute: string) =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>(selector)].map((cell) => [
          cell.dataset.candidate ?? "",
          cell.getAttribute(attribute) ?? "",
        ]),
      );
    return { ranks: read("td[data-rank]", "data-rank"), totals: read("td[data-total]", "data-total") };
  });
}

/** The same figures read from the server's HTML for an address, without running any script. */
function figuresInHtml(html: string) {
  const ranks: Record<string, string> = {};
  const totals: Record<string, string> = {};
  for (const m of html.matchAll(/<td[^>]*data-candidate="([^"]+)"[^>]*>/g)) {
    const rank = /data-rank="([^"]*)"/.exec(m[0]);
    const total = /data-total="([^"]*)"/.exec(m[0]);
    if (rank) ranks[m[1]] = rank[1];
    if (total) totals[m[1]] = total[1];
  }
  return { ranks, totals };
}

describe("the comparison", () => {
  const journey = journeyServer("compare");

  describe("Dana explores the comparison", () => {
    const sessions = journeySessions();
    let dana: Session;

    test("Dana opens the comparison: the charts arrive into boxes that keep the size the server gave them, and a chart's figures open as a table", async () => {
      dana = await openSession(chromium.browser, journey.server.url);
      sessions.push(dana);
      await signIn(dana, "dana@lakeshore.example", DEMO_PASSWORD, "Dana");
      const p = dana.page;
      await dana.visit("/evaluations");
      await p.getByRole("link", { name: EVALUATION }).click();
      await p.getByRole("heading", { level: 1, name: EVALUATION }).waitFor();
      await p.getByRole("link", { name: "Compare side by side" }).click();
      await p.getByRole("heading", { level: 1, name: `Compare the shortlist: ${EVALUATION}` }).waitFor();
      const matrix = matrixOf(p);
      await matrix.getByRole("row", { name: /^Total/ }).waitFor();
      // The charts arrive after the first paint, into their reserved boxes, which keep the size the server gave them.
      await p.locator(".chart-box .recharts-wrapper").first().waitFor();
      await p.getByText(/leads in \d+(\.\d)?% of 2,000 weightings/).waitFor();
      await p.locator("#chart-win-title ~ .chart-box .recharts-wrapper").waitFor();
      const served = await (await p.request.get(p.url())).text();
      const reserved = [...served.matchAll(/<div class="chart-box" style="height:(\d+)px"/g)].map(
        (m) => `${m[1]}px`,
      );
      expect(reserved).toHaveLength(3);
      const drawn = await p
        .locator(".chart-box")
        .evaluateAll((boxes) => boxes.map((box) => (box as HTMLElement).style.height));
      expect(drawn).toEqual(reserved);
      // A bar pointed at shows its tooltip, written in ink on its white whatever the series' colours (recharts' own
      // wrote each line in its series' colour, and the bright ones failed contrast when the pointer rested on a chart).
      const sectionsChart = p.locator("svg#chart-sections");
      await sectionsChart.scrollIntoViewIfNeeded();
      await sectionsChart.locator(".recharts-bar-rectangle").first().hover();
      const tooltip = p.locator(".chart-tooltip");
      // (The chart is hidden from assistive technology, its figures offered as a table: no role to find it by.)
      await tooltip.locator("li").nth(1).waitFor();
      const contrasts = await tooltip.evaluate((box) => {
        const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
        const luminance = (css: string) => {
          const [r, g, b] = rgb(css).map((v) => {
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const background = luminance(getComputedStyle(box).backgroundColor);
        return [box, ...box.querySelectorAll("p, li")].map((el) => {
          const [hi, lo] = [luminance(getComputedStyle(el).color), background].sort((x, y) => y - x);
          return (hi + 0.05) / (lo + 0.05);
        });
      });
      for (const ratio of contrasts) expect(ratio).toBeGreaterThanOrEqual(4.5);
      // Every section closed, the charts drawn: audited and pictured at both widths.
      await auditPage(dana, "buyer-admin", "comparison-closed");
      // A chart's figures as a table, drawn when opened.
      const sectionsFigure = p.getByRole("figure", { name: "Section scores per candidate" });
      await sectionsFigure.getByText("The figures as a table").click();
      const sectionsTable = sectionsFigure.getByRole("region", {
        name: "Section scores per candidate: the figures",
      });
      await sectionsTable.waitFor();
      const rankedCount = Object.values((await figures(dana)).ranks).filter((r) => r !== "").length;
      expect(await sectionsTable.getByRole("row").count()).toBe(1 + rankedCount);
    });

    test("Dana expands a section and opens two rows' scores by evaluator at once, the first answering last: both arrive", async () => {
      const p = dana.page;
      const matrix = matrixOf(p);
      // A section opens onto its criteria; a row's evaluators' scores load on demand.
      const section = matrix.getByRole("button", { name: /Reference deployments/ });
      await section.click();
      await expectValue.poll(() => section.getAttribute("aria-expanded")).toBe("true");
      // Two rows opened at once, the first answering last: each has its own request, and both arrive. The first
      // request is held until the second has been answered, so both are in flight together whatever the machine's
      // speed.
      let requests = 0;
      let delayed = false;
      let releaseFirst = () => {};
      const secondAnswered = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      await p.route("**/compare/criteria/**", async (route) => {
        requests += 1;
        if (requests === 1) {
          await secondAnswered;
          delayed = true;
          await route.continue();
          return;
        }
        await route.fulfill({ response: await route.fetch() });
        releaseFirst();
      });
      const rows = ["Outcomes measured against a stated baseline", "Reference calls held and confirmed"];
      for (const name of rows) {
        const row = matrix.getByRole("row", { name: new RegExp(`^${name}`) });
        await row.waitFor();
        await row.getByRole("button", { name: "Scores by evaluator" }).click();
      }
      for (const name of rows) {
        await matrix
          .getByRole("row", { name: new RegExp(`^${name}: by evaluator`) })
          .getByText(/of 5 —/)
          .first()
          .waitFor();
      }
      expect(await matrix.getByRole("button", { name: "Loading scores…" }).count()).toBe(0);
      expect(delayed).toBe(true);
      await p.unroute("**/compare/criteria/**");
    });

    test("Dana opens the derivations of a total, of a mean (each evaluator's score by name) and of a rank", async () => {
      const p = dana.page;
      const matrix = matrixOf(p);
      // Any figure opens its derivation.
      const leader = (await figures(dana)).ranks;
      const leaderId = Object.entries(leader).find(([, rank]) => rank === "1")?.[0];
      expect(leaderId).toBeDefined();
      await matrix
        .getByRole("link", { name: /how the total of .+ was made/ })
        .first()
        .click();
      const dialog = p.getByRole("dialog", { name: /^Total of / });
      // In words with its figures first; the engine's formula behind "Show the formula".
      await dialog.getByText(/total is \d+\.\d\d, the average of its \d+ section scores/).waitFor();
      const formula = dialog.locator("details.derivation-rule").first();
      expect(await formula.getAttribute("open")).toBeNull();
      await formula.getByText("Show the formula").click();
      await formula.locator("code").waitFor();
      await dialog.getByText(/one-decimal figures are these, rounded/).waitFor();
      // A modal dialog makes the page behind it inert, so the audit waits until it is closed; a picture now.
      await picture(p, "buyer-admin--comparison-derivation--1280");
      await dialog.getByRole("button", { name: "Close" }).click();
      await dialog.waitFor({ state: "hidden" });
      // A mean's derivation names each evaluator's score, the evaluators by name.
      const callsRow = matrix.getByRole("row", { name: /^Reference calls held and confirmed/ }).first();
      await callsRow.getByRole("cell").first().getByRole("button").click();
      const meanDialog = p.getByRole("dialog", { name: /^Reference calls held and confirmed: / });
      await meanDialog.getByText("Mean of the counted evaluators' scores").waitFor();
      await meanDialog.getByText(/^Marcus Hill \d \+ Sofia Alvarez \d = \d+\.00$/).waitFor();
      await picture(p, "buyer-admin--comparison-derivation-mean--1280");
      await meanDialog.getByRole("button", { name: "Close" }).click();
      await meanDialog.waitFor({ state: "hidden" });
      // The rank, too: the leader's rank opens the rule and the total it was ranked on.
      await matrix
        .getByRole("row", { name: /^Rank/ })
        .getByRole("cell")
        .first()
        .getByRole("button", { name: "1" })
        .click();
      const rankDialog = p.getByRole("dialog", { name: /^Rank of / });
      await rankDialog.getByText("(rounded to 9 decimals)", { exact: false }).waitFor();
      await picture(p, "buyer-admin--comparison-derivation-rank--1280");
      await rankDialog.getByRole("button", { name: "Close" }).click();
      await rankDialog.waitFor({ state: "hidden" });
      await auditPage(dana, "buyer-admin", "comparison");
    });

    test("on a phone, each chart keeps at least 60% of its width for bars, the matrix scrolls under its sticky first column, and rank stability and evidence confidence read as a table and a note", async () => {
      const p = dana.page;
      await p.setViewportSize({ width: 390, height: 844 });
      await p.reload();
      await p.locator("#chart-win-title ~ .chart-box .recharts-wrapper").waitFor();
      // Each chart's plot area (the x axis line spans it) against the chart's own width.
      const shares = await p.locator(".chart-box .recharts-wrapper").evaluateAll((charts) =>
        charts.map((chart) => {
          const svg = chart.querySelector("svg")!;
          const axis = chart.querySelector(".recharts-xAxis .recharts-cartesian-axis-line")!;
          const bars = [...chart.querySelectorAll(".recharts-bar-rectangle path")].map((bar) =>
            bar.getBoundingClientRect(),
          );
          return {
            id: svg.id,
            chart: svg.getBoundingClientRect().width,
            plot: axis.getBoundingClientRect().width,
            barsLeft: Math.min(...bars.map((r) => r.left)) - svg.getBoundingClientRect().left,
          };
        }),
      );
      console.log(
        `[compare-phone] plot/chart: ${shares.map((x) => `${x.id} ${x.plot.toFixed(0)}/${x.chart.toFixed(0)} px = ${((100 * x.plot) / x.chart).toFixed(1)}%`).join("; ")}`,
      );
      expect(shares.map((x) => x.id)).toEqual(["chart-sections", "chart-contributions", "chart-win"]);
      for (const x of shares) {
        expect(x.plot / x.chart, x.id).toBeGreaterThanOrEqual(0.6);
        // The bars start at the plot's left edge: no label column beside them.
        expect(x.barsLeft, x.id).toBeLessThan(0.1 * x.chart);
      }
      // The labels sit above the bars, whole.
      await p
        .getByRole("figure", { name: "Section scores per candidate" })
        .locator("text", { hasText: "Reference deployments" })
        .first()
        .waitFor();
      for (const id of ["sections", "contributions", "win"]) {
        const figure = p.locator(`figure[aria-labelledby="chart-${id}-title"]`);
        await figure.scrollIntoViewIfNeeded();
        await picture(p, `buyer-admin--comparison-chart-${id}--390`);
      }

      // The matrix scrolls sideways; its first column stays where it was.
      const matrix = matrixOf(p);
      await matrix.scrollIntoViewIfNeeded();
      const firstColumn = matrix.getByRole("rowheader", { name: /^Total/ });
      const before = (await firstColumn.boundingBox())!;
      const cell = matrix.locator("td[data-total]").nth(2);
      const cellBefore = (await cell.boundingBox())!;
      const scrolled = await matrix.evaluate((el) => {
        el.scrollLeft = 200;
        return el.scrollLeft;
      });
      expect(scrolled).toBeGreaterThan(0);
      await picture(p, "buyer-admin--comparison-matrix-scrolled--390");
      expect((await firstColumn.boundingBox())!.x).toBe(before.x);
      expect((await cell.boundingBox())!.x).toBeLessThan(cellBefore.x);
      await matrix.evaluate((el) => {
        el.scrollLeft = 0;
      });

      // Evidence confidence is said where it is shown, with a way to raise it.
      const evidenceRow = matrix.getByRole("row", { name: /^Evidence confidence/ });
      await evidenceRow.getByRole("link", { name: /why it is low|what it measures/ }).click();
      const note = p.getByRole("region", { name: "About evidence confidence" });
      await note.getByText("Verify the evidence cited in scores.", { exact: false }).waitFor();
      await picture(p, "buyer-admin--comparison-evidence-note--390");

      // Rank stability: one row per counted section, with the range the leader holds over and who takes over.
      const stability = p.locator("table.stability-table");
      await stability.scrollIntoViewIfNeeded();
      await picture(p, "buyer-admin--comparison-stability--390");
      const rows = stability.locator("tbody tr");
      expect(await rows.count()).toBeGreaterThanOrEqual(5);
      for (const row of await rows.allTextContents()) expect(row).toMatch(/now \d+(\.\d)?%/);
      await p.setViewportSize({ width: 1280, height: 800 });
      await stability.scrollIntoViewIfNeeded();
      await picture(p, "buyer-admin--comparison-stability--1280");
    });

    test("with every request blocked, Dana moves section weights until a rank changes; the server computes the same totals and ranks for those weights; she resets them", async () => {
      const p = dana.page;
      const matrix = matrixOf(p);
      // From here the browser is on its own: any request would be refused (and logged as a console error).
      const saved = await figures(dana);
      const attempted: string[] = [];
      await p.route("**/*", (route) => {
        const url = new URL(route.request().url());
        // NOTE: Chromium fetches the favicon again whenever the address changes (the what-if keeps its weights in
        // the address with history.replaceState): the browser's own request, answered here, not sent.
        if (url.pathname === "/favicon.svg" || url.pathname === "/favicon.ico")
          return route.fulfill({ status: 204 });
        attempted.push(url.href);
        return route.abort();
      });
      const sliders = p.getByRole("slider");
      const count = await sliders.count();
      expect(count).toBeGreaterThanOrEqual(7);
      let moved: { name: string; key: string } | undefined;
      for (let i = 0; i < count && !moved; i++) {
        const slider = sliders.nth(i);
        for (const key of ["End", "Home"]) {
          await slider.focus();
          await p.keyboard.press(key);
          const now = await figures(dana);
          if (JSON.stringify(now.ranks) !== JSON.stringify(saved.ranks)) {
            moved = { name: (await slider.getAttribute("id")) ?? "", key };
            break;
          }
        }
        if (!moved) await p.getByRole("button", { name: "Reset to the saved weights" }).click();
      }
      expect(moved, "some section weight changes a rank").toBeDefined();
      await matrix.locator("td.rank-changed").first().waitFor();
      await p.getByText(/\d+ ranks? changes?\./).waitFor();
      const offline = await figures(dana);
      expect(offline.totals).not.toEqual(saved.totals);
      expect(attempted).toEqual([]);
      await p.unroute("**/*");

      // The server computes the same totals and ranks for the same weights (they are in the address once the slider
      // rests).
      await expectValue.poll(() => p.url()).toMatch(/[?&]w\./);
      const address = p.url();
      const html = await (await p.request.get(address)).text();
      const server = figuresInHtml(html);
      expect(server.totals).toEqual(offline.totals);
      expect(server.ranks).toEqual(offline.ranks);
      await auditPage(dana, "buyer-admin", "comparison-what-if");

      await p.getByRole("button", { name: "Reset to the saved weights" }).click();
      await expectValue.poll(async () => (await figures(dana)).ranks).toEqual(saved.ranks);
      expect((await figures(dana)).totals).toEqual(saved.totals);
      expect(await matrix.locator("td.rank-changed").count()).toBe(0);
      expect(p.url()).not.toMatch(/[?&]w\./);
    });

    test("Dana moves a slider step by step: the address is written once, when it rests; a total's derivation leads to the page of every figure of that candidate", async () => {
      const p = dana.page;
      const matrix = matrixOf(p);
      const sliders = p.getByRole("slider");
      // A slider moved step by step writes the address once it rests, not at every step. The page notes when the
      // slider's value changed and when the address was written: every write must follow a rest (no change for the
      // address's wait, 300 ms in use-comparison.ts), and there are no more writes than rests. On a quick machine
      // the twelve steps are one burst and one write; on a busy one a pause between two steps is a rest too.
      await p.evaluate(() => {
        const noted = window as unknown as { steps: number[]; writes: number[] };
        noted.steps = [];
        noted.writes = [];
        document.addEventListener("input", () => noted.steps.push(performance.now()), true);
        const replace = window.history.replaceState.bind(window.history);
        window.history.replaceState = (...args: Parameters<History["replaceState"]>) => {
          noted.writes.push(performance.now());
          replace(...args);
        };
      });
      const slider = sliders.first();
      await slider.focus();
      for (let i = 0; i < 12; i++) await p.keyboard.press("ArrowRight");
      await expectValue.poll(() => p.url()).toMatch(/[?&]w\./);
      // Once the address holds the slider's last value, the write its last step scheduled has happened and no other
      // is pending: every write there was has been noted.
      const weight = { name: (await slider.getAttribute("name")) ?? "", value: await slider.inputValue() };
      await expectValue.poll(() => new URL(p.url()).searchParams.get(weight.name)).toBe(weight.value);
      const { steps, writes } = await p.evaluate(() => {
        const noted = window as unknown as { steps: number[]; writes: number[] };
        return { steps: noted.steps, writes: noted.writes };
      });
      expect(steps.length).toBeGreaterThan(1);
      for (const write of writes) {
        const lastStep = Math.max(...steps.filter((t) => t < write));
        expect(write - lastStep, "a write while the slider moved").toBeGreaterThanOrEqual(ADDRESS_REST_MS);
      }
      const rests = steps.filter(
        (t, i) => i === steps.length - 1 || steps[i + 1] - t >= ADDRESS_REST_MS,
      ).length;
      expect(writes.length).toBeGreaterThanOrEqual(1);
      expect(writes.length).toBeLessThanOrEqual(rests);
      await p.getByRole("button", { name: "Reset to the saved weights" }).click();

      // The page of one candidate's derivations, every figure at once.
      await matrix
        .getByRole("link", { name: /how the total of .+ was made/ })
        .first()
        .click();
      const dialog = p.getByRole("dialog", { name: /^Total of / });
      await dialog.getByRole("link", { name: /^Every figure of / }).click();
      await p.getByRole("heading", { level: 1, name: /How .+'s? figures were made/ }).waitFor();
      await auditPage(dana, "buyer-admin", "comparison-derivations-page");
    });
  });

  test("a viewer reads the comparison of an evaluation in review; without JavaScript the figures are links", async () => {
    const ken = await openSession(chromium.browser, journey.server.url, { javaScriptEnabled: false });
    sessions.push(ken);
    await ken.visit("/login");
    await ken.page.getByLabel("E-mail").fill("ken@lakeshore.example");
    await ken.page.getByLabel("Password").fill(DEMO_PASSWORD);
    await ken.page.getByRole("button", { name: "Sign in" }).click();
    await ken.page.getByRole("heading", { level: 1, name: "Welcome, Ken" }).waitFor();
    await ken.visit("/evaluations");
    await ken.page.getByRole("link", { name: EVALUATION }).click();
    await ken.page.getByRole("link", { name: "Compare side by side" }).click();
    const matrix = ken.page.getByRole("region", { name: /Candidates ranked from left to right/ });
    // The win probability is drawn in the browser; without JavaScript the server draws it when asked, and its table
    // lists the shares.
    await ken.page
      .getByText("The chart is drawn in the browser; its figures are in the table below.")
      .first()
      .waitFor();
    await ken.page.getByRole("link", { name: "Draw the 2,000 weightings" }).click();
    await ken.page
      .getByText(/leads in \d+(\.\d)?% of 2,000 weightings drawn around the saved ones/)
      .waitFor();
    const winFigure = ken.page.getByRole("figure", { name: "Win probability" });
    await winFigure.getByText("The figures as a table").click();
    await winFigure.getByRole("link", { name: "Show the figures" }).click();
    const winTable = ken.page.getByRole("region", { name: "Win probability: the figures" });
    await winTable.waitFor();
    const shares = await winTable.getByRole("cell").allTextContents();
    expect(shares.length).toBeGreaterThanOrEqual(2);
    const total = shares.reduce((sum, text) => sum + Number(text.replace("%", "")), 0);
    expect(Math.abs(total - 100)).toBeLessThan(0.1 * shares.length);
    await picture(ken.page, "buyer-viewer--comparison-no-js--1280", { fullPage: true });
    // A section opens by its link; a figure's link leads to the page of that candidate's derivations.
    await matrix.getByRole("link", { name: /^Reference deployments \(open its criteria\)/ }).click();
    await matrix.getByRole("row", { name: /Outcomes measured against a stated baseline/ }).waitFor();
    await matrix
      .getByRole("link", { name: /how the total of .+ was made/ })
      .first()
      .click();
    await ken.page.getByRole("heading", { level: 1, name: /How .+'s? figures were made/ }).waitFor();
    await ken.page.getByRole("heading", { level: 2, name: "Total" }).waitFor();
    // NOTE: the audit runs axe-core, which needs the page's timers: not without JavaScript. A picture instead; the
    // first journey audits this page with JavaScript.
    await picture(ken.page, "buyer-viewer--comparison-derivations-no-js--1280", { fullPage: true });
  });
});
