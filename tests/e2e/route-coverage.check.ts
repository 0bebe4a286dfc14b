// Runs after every journey (vitest.config.ts, the project "route coverage"): fails when a page route of the build,
// or an error page (403, 404), never passed an audit in a journey (support/route-coverage.ts).
import { readdirSync } from "node:fs";
import path from "node:path";
import { inject, test } from "vitest";
import { auditNotes, ERROR_STATUSES, filesThatRan, uncovered } from "./support/route-coverage";

test("every page route and error page passed an audit in a journey", (context) => {
  const runDir = inject("e2eRunDir");
  const pages = inject("e2ePageRoutes");
  const notes = auditNotes(runDir);
  const missing = uncovered(pages, notes);
  const lines = [
    ...missing.routes.map((r) => `${r.id} (${r.pattern})`),
    ...missing.statuses.map((status) => `the ${status} error page`),
  ];
  const journeys = readdirSync(import.meta.dirname, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".e2e.test.ts"))
    .map((name) => path.join(import.meta.dirname, name));
  const ran = filesThatRan(runDir);
  const left = journeys.filter((file) => !ran.has(file)).map((file) => path.basename(file));
  if (left.length > 0) {
    // A partial run (a filter, or a journey added since the run began) is not judged; what it missed is told.
    console.log(`[e2e] not audited in this partial run: ${lines.join(", ") || "nothing"}`);
    context.skip(`the run left out ${left.join(", ")}: the coverage is judged on a full run`);
  }
  if (lines.length > 0) {
    throw new Error(
      `No journey audited these pages (a passed auditPage, with JavaScript on):\n  ${lines.join("\n  ")}\n` +
        "Audit each in a journey (tests/e2e/pages-every-route.e2e.test.ts has the pages no other journey " +
        "audits); a journey that failed before its audit leaves its page out too.",
    );
  }
  console.log(
    `[e2e] all ${pages.length} page routes and the ${ERROR_STATUSES.join(" and ")} error pages passed an ` +
      `audit (${notes.length} audits)`,
  );
});
