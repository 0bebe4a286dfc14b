// Once per run: snapshot and build the app (support/server.ts `snapshotApp`), then seed ONE PGlite data folder
// by starting the server on it (its first start migrates and seeds the demo data) and stopping it. Each journey
// copies this folder and starts its own server from the same snapshot. Also lists the page routes of the build and
// makes the run's folder where the audits note the routes they covered (support/route-coverage.ts).
import { rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { type PageRoute, pageRoutesOf } from "./support/route-coverage";
import { snapshotApp, startServer, tempDir } from "./support/server";

declare module "vitest" {
  export interface ProvidedContext {
    /** The built copy of the app the servers run from. */
    e2eAppRoot: string;
    /** The seeded PGlite data folder; copy it, never open it. */
    e2eSeedDir: string;
    /** The page routes of the build (route-coverage.check.ts wants each audited). */
    e2ePageRoutes: PageRoute[];
    /** The run's folder: which test files ran and which routes their audits covered. */
    e2eRunDir: string;
  }
}

export default async function setup(project: TestProject) {
  let started = Date.now();
  const appRoot = snapshotApp();
  console.log(`[e2e] built a snapshot of the app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const seedDir = path.join(tempDir("seed"), "data");
  const runDir = tempDir("run");
  let pageRoutes: PageRoute[];
  try {
    pageRoutes = pageRoutesOf(appRoot);
    started = Date.now();
    // The first start migrates and seeds, outside any hook's timeout: more time than a journey's server gets.
    const server = await startServer(seedDir, appRoot, { startTimeoutMs: 90_000 });
    await server.stop({ removeDataDir: false });
  } catch (error) {
    rmSync(appRoot, { recursive: true, force: true });
    rmSync(path.dirname(seedDir), { recursive: true, force: true });
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
  console.log(`[e2e] seeded the demo data in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide("e2eAppRoot", appRoot);
  project.provide("e2eSeedDir", seedDir);
  project.provide("e2ePageRoutes", pageRoutes);
  project.provide("e2eRunDir", runDir);
  return () => {
    rmSync(runDir, { recursive: true, force: true });
    rmSync(path.dirname(seedDir), { recursive: true, force: true });
    rmSync(appRoot, { recursive: true, force: true });
  };
}
