import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Test files that never touch a database (the scoring domain, checklists, the environment, password rules): they run
 * without the global setup's build and migration and without a database per file. A file listed here that calls the
 * database fails at once ("The database is not open"); a pure file left out of the list only costs a database it
 * does not use.
 */
const PURE = [
  "app/**/*.test.ts",
  "tests/builtin-checklist.test.ts",
  "tests/builtin-checklist-v2.test.ts",
  "tests/checklist-merge.test.ts",
  "tests/checklist.test.ts",
  "tests/compare-view.test.tsx",
  "tests/derivations-view.test.tsx",
  "tests/env.test.ts",
  "tests/password-policy.test.ts",
  "tests/scoring-sensitivity.test.ts",
  "tests/scoring.test.ts",
  "tests/suggestions.test.ts",
];

export default defineConfig({
  resolve: {
    alias: { "~": path.resolve(import.meta.dirname, "app") },
  },
  test: {
    environment: "node",
    pool: "forks",
    // Files share their worker's modules (no fresh module graph per file): importing the app and compiling it again
    // for every file cost a third of each pass (PGlite: 251 CPU-s isolated, 169 shared; docs/testing.md). What a file
    // needs fresh is made fresh per file by the setup files, which run again before every file: the environment
    // (tests/setup/env.ts) and its own database (tests/setup/database.ts). Nothing else in app/ or tests/ keeps state
    // between files: helpers register no hooks at their top level, and every spy is restored where it is made.
    isolate: false,
    // NOTE: 2 cores here; each database file owns a whole database (PGlite in memory, or a PostgreSQL database).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      // `npm run test:coverage`: lines and branches of the app and the database code, the files no test loads
      // counted as uncovered.
      provider: "v8",
      include: ["app/**/*.{ts,tsx}", "db/**/*.ts", "scripts/seed/**/*.ts"],
      exclude: ["**/*.test.ts"],
      reporter: ["text-summary", "json-summary"],
      reportOnFailure: true,
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: PURE,
          setupFiles: ["tests/setup/env.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "database",
          include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
          // `*.postgres.test.ts`: facts about the PostgreSQL server (its pool, pg_dump), run in the PostgreSQL pass
          // only; `*.pglite.test.ts`: facts about the embedded database (its data folder), in the PGlite pass only.
          exclude: [
            ...PURE,
            "tests/e2e/**",
            "node_modules/**",
            process.env.DATABASE_URL ? "tests/**/*.pglite.test.ts" : "tests/**/*.postgres.test.ts",
          ],
          globalSetup: ["tests/setup/global.ts"],
          setupFiles: ["tests/setup/env.ts", "tests/setup/database.ts"],
        },
      },
    ],
  },
});
