import os from "node:os";
import path from "node:path";

/** Where the global setup leaves the migrated PGlite dump for the test files. */
export const TEMPLATE_DUMP = path.join(
  os.tmpdir(),
  `partnerlens-test-template-${process.getuid?.() ?? 0}.tar`,
);

/** The migrated template database on PostgreSQL, from which each test file's database is created. */
export const PG_TEMPLATE = "partnerlens_test_template";

/** A URL to the same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
