import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

// Browser tests: `npm run test:e2e` builds first, then runs these files two at a time (each journey has its own
// server on its own copy of the seeded data and its own Chromium; much of a journey is waiting on the other
// processes, so two at once took 280 s where one at a time took 460 s on the 2-core machine). Reporters are left to
// the command line, so `--reporter=json --outputFile=report.json` replaces the default one.
const common = {
  root,
  environment: "node",
  pool: "forks",
  // Long journeys are told in steps (support/journey.ts journeySessions), each well under a minute on a busy
  // machine; no test or hook here sets a longer timeout.
  testTimeout: 60_000,
  hookTimeout: 60_000,
  teardownTimeout: 30_000,
  // A failed journey is worth reading, not retrying.
  retry: 0,
} as const;

export default defineConfig({
  test: {
    ...common,
    // Once for the run, whichever projects run (the projects below do not repeat it): their tests read what it
    // provides.
    globalSetup: ["tests/e2e/global-setup.ts"],
    projects: [
      {
        test: {
          ...common,
          name: "journeys",
          include: ["tests/e2e/**/*.e2e.test.ts"],
          setupFiles: ["tests/e2e/support/ran.ts"],
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        // After every journey has ended (a later group order starts when the earlier group is done): fails the run
        // when a page route was never audited (support/route-coverage.ts). Runs only when its file is in the run.
        test: {
          ...common,
          name: "route coverage",
          include: ["tests/e2e/route-coverage.check.ts"],
          sequence: { groupOrder: 1 },
          maxWorkers: 1,
        },
      },
    ],
  },
});
