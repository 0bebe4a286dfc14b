// The scoring page of one candidate, as Tom (evaluator) finds it part-scored in the seed: he opens it from the
// evaluation page's link with the keyboard and lands at the first unscored criterion, in the first viewport at 390 and
// at 1280 px (scored criteria folded to one line, a compact header, a sticky status with each section's progress);
// with JavaScript a save happens in place, the criterion folds, the progress moves on and the focus goes to the next
// unscored one; without JavaScript the form posts, and the page comes back with the score folded. The page is audited
// at both widths; its height and the Tab presses to the work are measured and printed.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { auditPage, picture } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_PASSWORD, journeyServer, journeySessions, sharedBrowser, signIn } from "./support/journey";

const chromium = sharedBrowser();

const CLAIMS = "Claims triage copilot: implementation partner";
const CANDIDATE = /Bluegum Digital/;
const UNSCORED = "li.score-item[data-unscored]";

/** The number in "N of M scored". */
async function scored(page: Page): Promise<number> {
  const text = (await page.getByRole("heading", { name: /^\d+ of \d+ scored$/ }).textContent()) ?? "";
  return Number(/^(\d+)/.exec(text)?.[1]);
}

/** Opens the candidate from the evaluation page's "Your scoring" link, from the keyboard. */
async function openFromEvaluationPage(session: Session) {
  const p = session.page;
  await session.visit("/evaluations");
  await p.getByRole("link", { name: CLAIMS }).click();
  const link = p.getByRole("region", { name: "Your scoring" }).getByRole("link", { name: CANDIDATE });
  await link.focus();
  await p.keyboard.press("Enter");
  await p.getByRole("heading", { level: 1, name: CANDIDATE }).waitFor();
}

/** Where the first unscored criterion sits against the viewport and the sticky status, after the page settled. */
async function landing(page: Page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate((selector) => {
    const item = document.querySelector<HTMLElement>(selector);
    const summary = item?.querySelector("summary");
    const radio = item?.querySelector<HTMLElement>('input[name="value"]')?.parentElement;
    const bar = document.querySelector(".scoring-bar")?.getBoundingClientRect();
    // The bar covers the page only while it sits over the criteria (the phone's sticky bar).
    const covers = bar && bar.width > window.innerWidth / 2 ? bar.bottom : 0;
    return {
      id: item?.id ?? "",
      top: summary?.getBoundingClientRect().top ?? -1,
      scaleBottom: radio?.getBoundingClientRect().bottom ?? Number.POSITIVE_INFINITY,
      barBottom: covers,
      viewport: window.innerHeight,
      height: document.documentElement.scrollHeight,
      focusInItem: !!item?.contains(document.activeElement),
    };
  }, UNSCORED);
}

/** Tab presses until the focus is on a score radio of the criterion `id` (from where the focus is now). */
async function tabsToScale(page: Page, id: string, limit = 200): Promise<number> {
  for (let presses = 0; presses <= limit; presses++) {
    const there = await page.evaluate(
      (itemId) =>
        (document.activeElement as HTMLInputElement | null)?.name === "value" &&
        !!document.getElementById(itemId)?.contains(document.activeElement),
      id,
    );
    if (there) return presses;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached the score of ${id}`);
}

describe("the scoring page", () => {
  const journey = journeyServer("scoring");
  const sessions = journeySessions();
  let tom: Session;
  let signedIn = false;
  let address = "";

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    test(`at ${viewport.width}×${viewport.height}, Tom opens Bluegum from the evaluation page with the keyboard and lands at the first unscored criterion, in the first viewport`, async () => {
      if (!signedIn) {
        tom = await openSession(chromium.browser, journey.server.url);
        sessions.push(tom);
        await signIn(tom, "tom@scmutual.example", DEMO_PASSWORD, "Tom");
        signedIn = true;
      }
      const p = tom.page;
      await p.setViewportSize(viewport);
      await openFromEvaluationPage(tom);
      address = new URL(p.url()).pathname;
      const at = await landing(p);
      expect(at.id).toMatch(/^criterion-/);
      // Its line below the sticky bar, its score scale inside the viewport, and the focus on it.
      expect(at.top).toBeGreaterThanOrEqual(at.barBottom);
      expect(at.scaleBottom).toBeLessThanOrEqual(at.viewport);
      expect(at.focusInItem).toBe(true);
      await picture(p, `buyer-evaluator--scoring-landing--${viewport.width}`);
      // Tab presses to its score as the page opens, and from the very top of the page through "Next unscored".
      const asOpened = await tabsToScale(p, at.id);
      await p.evaluate(() => {
        window.scrollTo(0, 0);
        document.querySelector<HTMLElement>(".skip-link")?.focus();
      });
      let toNext = 1;
      while (!(await p.evaluate(() => document.activeElement?.classList.contains("next-unscored")))) {
        await p.keyboard.press("Tab");
        toNext++;
        if (toNext > 60) throw new Error("Tab never reached “Next unscored”");
      }
      await p.keyboard.press("Enter");
      const afterSkip = await tabsToScale(p, at.id);
      console.log(
        `[scoring] ${viewport.width}px: page ${at.height}px high; first unscored line at ${Math.round(at.top)}px (bar ${Math.round(at.barBottom)}px); Tab presses to its score: ${asOpened} as opened, ${toNext} + Enter + ${afterSkip} from the top through “Next unscored”`,
      );
      // For people to look at: the top of the page and its end, as a viewport each.
      await p.evaluate(() => window.scrollTo(0, 0));
      await picture(p, `buyer-evaluator--scoring-top--${viewport.width}`);
      await p.evaluate(() => document.getElementById("submit")?.scrollIntoView({ block: "end" }));
      await picture(p, `buyer-evaluator--scoring-end--${viewport.width}`);
    });
  }

  test("the part-scored page passes the audit at both widths", async () => {
    await auditPage(tom, "buyer-evaluator", "scoring-page-part-scored");
  });

  test("with JavaScript, Tom saves a criterion in place: it folds to one line, the progress moves on and the focus goes to the next unscored criterion", async () => {
    const p = tom.page;
    await p.setViewportSize({ width: 1280, height: 800 });
    await tom.visit(address);
    const before = await scored(p);
    const item = p.locator(UNSCORED).first();
    const id = (await item.getAttribute("id")) ?? "";
    const section = p.locator(`section.scoring-section:has(#${id})`);
    const sectionBefore = (await section.locator(".template-section-head .share").textContent()) ?? "";
    await item.getByRole("radio").first().focus();
    await p.keyboard.press("3");
    await item
      .getByLabel("Justification (required)")
      .fill("Runbooks seen; the on-call rota is thin at night.");
    await item.getByRole("button", { name: "Save score" }).focus();
    await p.keyboard.press("Enter");

    const saved = p.locator(`#${id}`);
    await saved.getByText("Saved.").waitFor();
    await saved.getByText("Scored 3 of 5").waitFor();
    expect(await saved.locator(".score-gist").textContent()).toBe(
      "Runbooks seen; the on-call rota is thin at night.",
    );
    // Folded: its form is out of sight; the count, the section's share and "Next unscored" moved on.
    await expect
      .poll(() => saved.locator(":scope > details").evaluate((d) => (d as HTMLDetailsElement).open))
      .toBe(false);
    expect(await saved.getByLabel("Justification (required)").isVisible()).toBe(false);
    await p.getByRole("heading", { name: `${before + 1} of 28 scored` }).waitFor();
    expect(await section.locator(".template-section-head .share").textContent()).not.toBe(sectionBefore);
    const next = p.locator(UNSCORED).first();
    const nextId = (await next.getAttribute("id")) ?? "";
    expect(nextId).not.toBe(id);
    expect(await p.locator("a.next-unscored").getAttribute("href")).toBe(`#${nextId}`);
    await expect
      .poll(() => p.evaluate((n) => !!document.getElementById(n)?.contains(document.activeElement), nextId))
      .toBe(true);

    // Unfolded on demand from the keyboard: the saved justification is there to edit.
    await saved.locator(":scope > details > summary").focus();
    await p.keyboard.press("Enter");
    expect(await saved.getByLabel("Justification (required)").inputValue()).toBe(
      "Runbooks seen; the on-call rota is thin at night.",
    );
    await auditPage(tom, "buyer-evaluator", "scoring-page-saved-in-place", { screenshot: false });
  });

  test("without JavaScript, Tom's form posts and the page comes back at the criterion, its score folded", async () => {
    const plain = await openSession(chromium.browser, journey.server.url, { javaScriptEnabled: false });
    sessions.push(plain);
    await signIn(plain, "tom@scmutual.example", DEMO_PASSWORD, "Tom");
    const p = plain.page;
    await plain.visit(address);
    const before = await scored(p);
    const item = p.locator(UNSCORED).first();
    const id = (await item.getAttribute("id")) ?? "";
    await item.getByRole("radio", { name: "2", exact: true }).check();
    await item.getByLabel("Justification (required)").fill("No incident reports shared yet.");
    await Promise.all([p.waitForEvent("load"), item.getByRole("button", { name: "Save score" }).click()]);
    expect(p.url()).toMatch(/saved=1/);
    expect(new URL(p.url()).hash).toBe(`#${id}`);
    const saved = p.locator(`#${id}`);
    await saved.getByText("Saved.").waitFor();
    await saved.getByText("Scored 2 of 5").waitFor();
    expect(await saved.locator(":scope > details").getAttribute("open")).toBeNull();
    expect(await saved.getByLabel("Justification (required)").isVisible()).toBe(false);
    await p.getByRole("heading", { name: `${before + 1} of 28 scored` }).waitFor();
    // The page opened at the criterion: its folded line is in sight, the next one below it.
    const box = await saved.boundingBox();
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(box?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(800);
    await picture(p, "buyer-evaluator--scoring-saved-no-js--1280");
    await p.setViewportSize({ width: 390, height: 844 });
    await saved.scrollIntoViewIfNeeded();
    await picture(p, "buyer-evaluator--scoring-saved-no-js--390");
  });
});
