// Which page routes the browser journeys audited. auditPage notes the Remix route that rendered each page it passed
// (the deepest match of the page's own router, and the error status when an error boundary drew it) in a file per
// worker under the run's folder; route-coverage.check.ts, run after every journey, compares the notes with the page
// routes of the build (global-setup.ts) and fails naming each page route no journey audited.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";

/** A page route of the build: a route module with a default export (a component), `root` aside. */
export interface PageRoute {
  id: string;
  /** The route's address pattern, e.g. /evaluations/:evaluationId/report */
  pattern: string;
}

/** The error pages the journeys must audit too, by HTTP status. */
export const ERROR_STATUSES = [403, 404] as const;

/** One passed audit: the route that rendered the page, and the error status when its error boundary did. */
export interface AuditNote {
  route: string;
  status?: number;
  url: string;
  role: string;
  page: string;
  file: string;
}

/** Where a test file notes that it ran, in the run's folder. */
const FILES_PREFIX = "files-";
const AUDITS_PREFIX = "audits-";

/**
 * The page routes of the built app in `appRoot` (its server build, build/index.js, exports `routes`, each with its
 * module). Imported in a child process, so that the app's modules load nowhere near the test runner.
 */
export function pageRoutesOf(appRoot: string): PageRoute[] {
  const script = `
    const build = await import(${JSON.stringify(path.join(appRoot, "build/index.js"))});
    const pattern = (route) => {
      const parts = [];
      for (let r = route; r; r = r.parentId ? build.routes[r.parentId] : undefined) if (r.path) parts.unshift(r.path);
      return "/" + parts.join("/");
    };
    const pages = Object.values(build.routes)
      .filter((r) => r.id !== "root" && typeof r.module.default === "function")
      .map((r) => ({ id: r.id, pattern: pattern(r) }));
    process.stdout.write(JSON.stringify(pages));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "--eval", script], {
    cwd: appRoot,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (run.status !== 0) throw new Error(`Could not read the page routes of the build:\n${run.stderr}`);
  const pages = JSON.parse(run.stdout) as PageRoute[];
  if (pages.length === 0) throw new Error("The build has no page route: its routes were not read.");
  return pages.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Notes the route of the page the audit passed on, in `<runDir>/audits-<pid>.jsonl`. A page without Remix's router
 * (the audit's self-test, or JavaScript switched off) is not noted: every page route needs an audit with it.
 */
export async function noteAudit(
  page: Page,
  runDir: string | undefined,
  note: { role: string; page: string; file: string },
): Promise<void> {
  if (!runDir) return;
  const rendered = await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: Remix's router, read as the page holds it.
    const router = (window as any).__remixRouter;
    if (!router) return undefined;
    const matches = router.state.matches as { route: { id: string } }[];
    const errors = (router.state.errors ?? {}) as Record<string, { status?: number } | undefined>;
    const error = Object.values(errors)[0];
    return {
      route: matches[matches.length - 1]?.route.id ?? "root",
      status: error ? (error.status ?? 500) : undefined,
    };
  });
  if (!rendered) return;
  const line: AuditNote = { ...rendered, url: page.url(), ...note };
  appendFileSync(path.join(runDir, `${AUDITS_PREFIX}${process.pid}.jsonl`), `${JSON.stringify(line)}\n`);
}

/** Notes that a test file ran (tests/e2e/support/ran.ts, before its tests). */
export function noteFileRan(runDir: string, file: string): void {
  appendFileSync(path.join(runDir, `${FILES_PREFIX}${process.pid}.txt`), `${file}\n`);
}

function linesOf(runDir: string, prefix: string): string[] {
  if (!existsSync(runDir)) return [];
  return readdirSync(runDir)
    .filter((name) => name.startsWith(prefix))
    .flatMap((name) => readFileSync(path.join(runDir, name), "utf8").split("\n"))
    .filter((line) => line.trim() !== "");
}

export function auditNotes(runDir: string): AuditNote[] {
  return linesOf(runDir, AUDITS_PREFIX).map((line) => JSON.parse(line) as AuditNote);
}

export function filesThatRan(runDir: string): Set<string> {
  return new Set(linesOf(runDir, FILES_PREFIX).map((file) => path.resolve(file)));
}

/** What no passed audit covered: page routes (drawn by themselves, not as an error page) and error statuses. */
export function uncovered(
  pages: PageRoute[],
  notes: AuditNote[],
): { routes: PageRoute[]; statuses: number[] } {
  const audited = new Set(notes.filter((n) => n.status === undefined).map((n) => n.route));
  const statuses = new Set(notes.map((n) => n.status));
  return {
    routes: pages.filter((p) => !audited.has(p.id)),
    statuses: ERROR_STATUSES.filter((s) => !statuses.has(s)),
  };
}
