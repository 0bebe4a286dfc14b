import path from "node:path";
import { defineConfig } from "vitest/config";

// Browser tests: `npm run test:e2e` builds first, then runs these files one at a time (2 cores; each journey
// has its own server and Chromium page). Reporters are left to the command line, so
// `--reporter=json --outputFile=report.json` replaces the default one.
export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, "../.."),
    environment: "node",
    include: ["tests/e2e/**/*.e2e.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    pool: "forks",
    fileParallelism: false,
    maxWorkers: 1,
    // Long journeys are told in steps (support/journey.ts journeySessions), each well under a minute on a busy
    // machine; no test or hook here sets a longer timeout.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // A failed journey is worth reading, not retrying.
    retry: 0,
  },
});
