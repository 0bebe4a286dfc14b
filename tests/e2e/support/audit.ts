// The checks every page gets at each width: no horizontal overflow, no serious or critical axe-core
// violation, every visible control reachable with Tab, at most one primary button; plus a full-page screenshot.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "playwright-core";
import { expect, inject } from "vitest";
import type { Session } from "./browser";
import { noteAudit } from "./route-coverage";
import { ROOT } from "./server";

export const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

export const SCREENSHOT_DIR = path.join(ROOT, "screenshots");

/**
 * The screenshots are for people to look at (`npm run test:e2e`), never checked; E2E_SCREENSHOTS=0 leaves them out
 * (`.ci/run` does: encoding full-page PNGs is CPU the gate's other passes need).
 */
const TAKE_SCREENSHOTS = process.env.E2E_SCREENSHOTS !== "0";

/** Saves `screenshots/<name>.png` of the page (unless E2E_SCREENSHOTS=0). */
export async function picture(page: Page, name: string, { fullPage = false } = {}): Promise<void> {
  if (!TAKE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage, animations: "disabled" });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const INTERACTIVE = "a[href], button, input:not([type=hidden]), select, textarea, summary";

interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page. `page.evaluate` goes through the DevTools protocol, which the page's CSP does not
 * govern, so the CSP stays on for the app's own scripts (and a violation still fails the journey). */
async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected above, without types in the page.
    const axe = (window as any).axe;
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return (
      results.violations as {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[]
    )
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? "",
        help: v.help,
        targets: v.nodes.map((n) => n.target.map(String).join(" ")),
      }));
  });
}

/** document.scrollWidth against the viewport, and the elements that stick out. */
async function horizontalOverflow(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return undefined;
    const culprits: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const rect = el.getBoundingClientRect();
      if (rect.width > 0 && rect.right > root.clientWidth + 0.5) {
        const id = el.id ? `#${el.id}` : "";
        const cls =
          typeof el.className === "string" && el.className ? `.${el.className.split(/\s+/).join(".")}` : "";
        culprits.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(rect.right)}px)`);
        if (culprits.length >= 8) break;
      }
    }
    return `scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}; sticking out: ${culprits.join(", ")}`;
  });
}

/**
 * Presses Tab until every visible interactive element has had focus (a radio group counts once, as the browser
 * gives Tab one stop per group), or until twice the number of stops has passed. Returns what was never reached.
 *
 * The page notes the focused element at the end of each press (on the Tab key's keyup, which the browser sends to
 * the element the focus moved to), so the presses go in batches with one look at the notes after each: a batch is
 * as long as the number of stops still missing, since each press reaches at most one of them, so the walk never
 * presses more than looking after every press would.
 */
async function tabWalk(page: Page): Promise<{ missing: string[]; gone: string[] }> {
  const keys = await page.evaluate((selector) => {
    const found: string[] = [];
    let n = 0;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      el.removeAttribute("data-e2e-tab");
      const rect = el.getBoundingClientRect();
      const shown = el.checkVisibility({ visibilityProperty: true }) && rect.width > 0 && rect.height > 0;
      if (!shown || (el as HTMLInputElement).disabled) continue;
      const input = el as HTMLInputElement;
      const key =
        el.tagName === "INPUT" && input.type === "radio" ? `radio group "${input.name}"` : `#${n++}`;
      const text = (el.getAttribute("aria-label") ?? el.textContent ?? "")
        .trim()
        .replace(/\s+/g, " ")
        .slice(0, 40);
      const description = `${key} <${el.tagName.toLowerCase()}${el.getAttribute("href") ? ` href="${el.getAttribute("href")}"` : ""}${input.name ? ` name="${input.name}"` : ""}> "${text}"`;
      el.setAttribute("data-e2e-tab", description);
      found.push(description);
    }
    const notes = window as unknown as { __e2eTabReached?: string[] };
    if (!notes.__e2eTabReached) {
      document.addEventListener(
        "keyup",
        (event) => {
          if (event.key !== "Tab") return;
          const reached = document.activeElement?.getAttribute("data-e2e-tab");
          if (reached) notes.__e2eTabReached?.push(reached);
        },
        true,
      );
    }
    notes.__e2eTabReached = [];
    (document.activeElement as HTMLElement | null)?.blur();
    return found;
  }, INTERACTIVE);
  const missing = new Set(keys);
  const limit = keys.length * 2 + 10;
  for (let pressed = 0; pressed < limit && missing.size > 0; ) {
    const batch = Math.min(stops(missing), limit - pressed);
    for (let i = 0; i < batch; i++) await page.keyboard.press("Tab");
    pressed += batch;
    const reachedNow = await page.evaluate(() => {
      const notes = window as unknown as { __e2eTabReached: string[] };
      return notes.__e2eTabReached.splice(0);
    });
    for (const reached of reachedNow) {
      if (reached.startsWith("radio")) {
        // Any radio of the group stands for the group.
        const group = reached.split(" <")[0];
        for (const k of missing) if (k.startsWith(`${group} <`)) missing.delete(k);
      } else {
        missing.delete(reached);
      }
    }
  }
  // The controls never reached that the page no longer shows: the page changed under the walk.
  const gone = await page.evaluate(
    (keys) => {
      const left = new Set(
        Array.from(document.querySelectorAll<HTMLElement>("[data-e2e-tab]"))
          .filter((el) => el.isConnected && el.checkVisibility({ visibilityProperty: true }))
          .map((el) => el.getAttribute("data-e2e-tab")),
      );
      return keys.filter((k) => !left.has(k));
    },
    [...missing],
  );
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return { missing: [...missing], gone };
}

/**
 * What Tab never reaches. A page that changes under the walk (a revalidation landing late on a busy machine) is
 * walked again once it has settled; one that keeps changing is a finding of its own.
 */
async function unreachableByTab(page: Page): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    await settled(page);
    const { missing, gone } = await tabWalk(page);
    if (gone.length === 0) return missing;
    if (attempt === 3)
      return [`(the page kept changing during the walk; gone: ${gone.join(", ")})`, ...missing];
    console.warn(
      `audit: the page changed during the Tab walk (${page.url()}), walking again; gone: ${gone.join(", ")}`,
    );
  }
}

/** Waits until Remix's router has no navigation, revalidation or fetcher under way (pages without it at once). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    // biome-ignore lint/suspicious/noExplicitAny: Remix's router, read as the page holds it.
    const router = (window as any).__remixRouter;
    if (!router) return true;
    const state = router.state as {
      navigation: { state: string };
      revalidation: string;
      fetchers: Map<string, { state: string }>;
    };
    return (
      state.navigation.state === "idle" &&
      state.revalidation === "idle" &&
      [...state.fetchers.values()].every((f) => f.state === "idle")
    );
  });
}

/** Tab stops among the keys: each radio group once, every other control once. */
function stops(keys: Set<string>): number {
  return new Set([...keys].map((k) => (k.startsWith("radio") ? k.split(" <")[0] : k))).size;
}

/** The visible primary buttons of the page's content (the header's are not the page's actions). */
async function primaryActions(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>("main .btn-primary"))
      .filter((el) => {
        const rect = el.getBoundingClientRect();
        return el.checkVisibility({ visibilityProperty: true }) && rect.width > 0 && rect.height > 0;
      })
      .map((el) => `"${(el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40)}"`),
  );
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * Audits the page the session is on at 390 and 1280 px and saves `screenshots/<role>--<page>--<width>.png` (unless
 * E2E_SCREENSHOTS=0).
 * Collects every finding of both widths and fails once, naming them all. A passed audit notes the Remix route that
 * drew the page (support/route-coverage.ts): route-coverage.check.ts fails the run if a page route was never audited.
 */
export async function auditPage(
  session: Session,
  role: string,
  pageName: string,
  { screenshot = true }: { screenshot?: boolean } = {},
): Promise<void> {
  const { page, guard } = session;
  const findings: string[] = [];
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await settled(page);
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          window.scrollTo(0, 0);
          requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
        }),
    );
    const at = `${viewport.width}px`;
    if (screenshot) {
      await picture(page, `${slug(role)}--${slug(pageName)}--${viewport.width}`, { fullPage: true });
    }
    const overflow = await horizontalOverflow(page);
    if (overflow) findings.push(`[${at}] horizontal overflow: ${overflow}`);
    for (const v of await axeViolations(page)) {
      findings.push(`[${at}] axe ${v.impact} "${v.id}" (${v.help}) at: ${v.targets.join(" | ")}`);
    }
    for (const missing of await unreachableByTab(page)) {
      findings.push(`[${at}] not reachable with Tab: ${missing}`);
    }
    const primaries = await primaryActions(page);
    if (primaries.length > 1) {
      findings.push(
        `[${at}] ${primaries.length} primary buttons (one primary action per page, docs/design-system.md): ${primaries.join(" | ")}`,
      );
    }
  }
  guard.check(`auditing ${pageName} as ${role}`);
  if (findings.length > 0) {
    throw new Error(`${role} ${pageName} (${page.url()}):\n  ${findings.join("\n  ")}`);
  }
  await noteAudit(page, inject("e2eRunDir"), {
    role,
    page: pageName,
    file: path.relative(ROOT, expect.getState().testPath ?? ""),
  });
}
