import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": path.resolve(import.meta.dirname, "app") },
  },
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx", "app/**/*.test.ts"],
    // `*.postgres.test.ts`: facts about the PostgreSQL server (its pool, pg_dump), run in the PostgreSQL pass only;
    // `*.pglite.test.ts`: facts about the embedded database (its data folder), in the PGlite pass only.
    exclude: [
      "tests/e2e/**",
      "node_modules/**",
      process.env.DATABASE_URL ? "tests/**/*.pglite.test.ts" : "tests/**/*.postgres.test.ts",
    ],
    globalSetup: ["tests/setup/global.ts"],
    setupFiles: ["tests/setup/database.ts"],
    pool: "forks",
    // NOTE: 2 cores here; each file owns a whole database (PGlite in memory, or a PostgreSQL database).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
