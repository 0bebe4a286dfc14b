import path from "node:path";
import { defineConfig } from "vitest/config";

// Browser tests: `npm run test:e2e` builds first, then runs these files two at a time (each journey has its own
// server on its own copy of the seeded data and its own Chromium; much of a journey is waiting on the other
// processes, so two at once took 280 s where one at a time took 460 s on the 2-core machine). Reporters are left to
// the command line, so `--reporter=json --outputFile=report.json` replaces the default one.
export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, "../.."),
    environment: "node",
    include: ["tests/e2e/**/*.e2e.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
    // Long journeys are told in steps (support/journey.ts journeySessions), each well under a minute on a busy
    // machine; no test or hook here sets a longer timeout.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // A failed journey is worth reading, not retrying.
    retry: 0,
  },
});
