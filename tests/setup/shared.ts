import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";

/** Two checkouts (git worktrees) on one machine run their suites at once without sharing a template. */
const checkout = createHash("sha256")
  .update(path.resolve(import.meta.dirname, "../.."))
  .digest("hex")
  .slice(0, 8);

/**
 * Where the global setup leaves the migrated PGlite dump for the test files: the machine's temporary folder, not the
 * per-worker one tests/setup/env.ts gives each test process.
 */
export const TEMPLATE_DUMP = path.join(
  process.env.PARTNERLENS_BASE_TMPDIR ?? os.tmpdir(),
  `partnerlens-test-template-${process.getuid?.() ?? 0}-${checkout}.tar`,
);

/** The migrated template database on PostgreSQL, from which each test file's database is created. */
export const PG_TEMPLATE = `partnerlens_test_template_${checkout}`;

/** A URL to the same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
