// Chromium (Debian's, never downloaded) and a guard that turns console errors, page errors and 5xx responses
// into test failures.
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  429: "Too Many Requests",
};

/**
 * Everything that went wrong in a context's pages: console errors (a CSP violation is one), uncaught page
 * errors, responses with status >= 500. `allow` lets one journey expect a specific console message.
 */
export class Guard {
  readonly problems: string[] = [];
  private expectedFailures: { status: number; path: string }[] = [];

  constructor(context: BrowserContext) {
    context.on("console", (message) => {
      if (message.type() !== "error") return;
      const text = message.text();
      const where = message.location();
      if (this.isExpectedFailure(text, where.url)) return;
      const at = where.url ? ` (${where.url}:${where.lineNumber})` : "";
      this.problems.push(`console error on ${message.page()?.url() ?? "?"}: ${text}${at}`);
    });
    context.on("weberror", (error) => {
      this.problems.push(
        `page error on ${error.page()?.url() ?? "?"}: ${error.error().stack ?? error.error()}`,
      );
    });
    context.on("response", (response) => {
      if (response.status() >= 500) {
        this.problems.push(`HTTP ${response.status()} for ${response.request().method()} ${response.url()}`);
      }
    });
  }

  /**
   * Chromium logs every 4xx response as a console error ("Failed to load resource: the server responded with a
   * status of 400"). A journey that expects the server to refuse a form declares exactly that response: the
   * status and the form's path (the document with JavaScript off, Remix's `<path>.data` request with it on).
   */
  expectRefusal(status: number, path: string): void {
    this.expectedFailures.push({ status, path });
  }

  private isExpectedFailure(text: string, url: string): boolean {
    if (!url) return false;
    const { pathname } = new URL(url);
    return this.expectedFailures.some(
      (f) =>
        text ===
          `Failed to load resource: the server responded with a status of ${f.status} (${STATUS_TEXT[f.status] ?? ""})` &&
        (pathname === f.path || pathname === `${f.path}.data`),
    );
  }

  /** Throws (failing the test) when anything went wrong since the last check, naming every problem. */
  check(when: string): void {
    if (this.problems.length === 0) return;
    const list = this.problems.splice(0).join("\n  ");
    throw new Error(`Browser problems ${when}:\n  ${list}`);
  }
}

export interface Session {
  context: BrowserContext;
  page: Page;
  guard: Guard;
  baseURL: string;
  /** Navigates, waits for the page to settle (hydration included) and fails on any guarded problem. */
  visit(path: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh context (no cookies) with one page and its guard. */
export async function openSession(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
): Promise<Session> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: "en-GB",
    timezoneId: "Europe/London",
    ...options,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const guard = new Guard(context);
  const page = await context.newPage();
  const javaScript = options.javaScriptEnabled !== false;
  return {
    context,
    page,
    guard,
    baseURL,
    async visit(path: string) {
      const response = await page.goto(path, { waitUntil: "load" });
      if (!response) throw new Error(`No response for ${path}`);
      await settle(page, javaScript);
      guard.check(`loading ${path}`);
    },
    async close() {
      await context.close();
    },
  };
}

/** Waits until React has hydrated the page (when JavaScript runs) and the network is quiet. */
export async function settle(page: Page, javaScript = true): Promise<void> {
  if (javaScript) {
    // React marks the DOM nodes it hydrated with __reactFiber$… / __reactProps$… keys.
    await page.waitForFunction(() => {
      const main = document.querySelector("main");
      return main !== null && Object.keys(main).some((key) => key.startsWith("__reactProps"));
    });
  }
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
}
