// Turns a slice of the matrix into its cells: one it() per case and kind of person, each checking the status, what
// must not show, where an anonymous person is sent, and that the database changed exactly where the case says.
// Each test file runs its slices in a world of its own; one test checks that the slices together cover the manifest.

import path from "node:path";
import { readConfig } from "@remix-run/dev/dist/config.js";
import { beforeAll, describe, expect, it } from "vitest";
import { changedRows } from "../change-counter";
import { sessionCookie } from "../factories";
import { callAction, callLoader, type Outcome } from "../remix";
import { EVERYONE } from "./rows";
import type { Matrix, World } from "./types";
import { buildWorld, person } from "./world";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

interface RouteFile {
  id: string;
  file: string;
}

/** Every route of the Remix manifest: its id and its module, relative to app/. */
async function manifestRoutes(): Promise<RouteFile[]> {
  const config = await readConfig(ROOT);
  return Object.values(config.routes).map((r) => ({ id: r.id, file: r.file }));
}

function statusOf(outcome: Outcome): number {
  return outcome.status;
}

/**
 * The slices merged into one matrix; a route in two slices would run twice and is refused. Hand it every slice, and
 * run every slice in exactly one test file.
 */
export function mergeSlices(...slices: Matrix[]): Matrix {
  const merged: Matrix = {};
  for (const slice of slices) {
    for (const [id, entry] of Object.entries(slice)) {
      if (id in merged) throw new Error(`${id} is in two slices of the access matrix`);
      merged[id] = entry;
    }
  }
  return merged;
}

/** The check that `matrix` (every slice merged) has one entry per route of the manifest, loader and action alike. */
export function describeManifestCoverage(matrix: Matrix): void {
  let routes: RouteFile[] = [];
  beforeAll(async () => {
    routes = await manifestRoutes();
  });

  describe("access matrix", () => {
    it("covers every route of the manifest, loader and action alike", async () => {
      const ids = routes.map((r) => r.id).sort();
      expect(Object.keys(matrix).sort()).toEqual(ids);
      for (const r of routes) {
        const mod = await import(path.join(APP, r.file));
        expect(Boolean(mod.loader), `${r.id} loader in matrix`).toBe(Boolean(matrix[r.id].loader));
        expect(Boolean(mod.action), `${r.id} action in matrix`).toBe(Boolean(matrix[r.id].action));
      }
    });
  });
}

/** The cells of `slice`, run as every kind of person in a world built for this test file. */
export function describeMatrix(slice: Matrix): void {
  let routes: RouteFile[] = [];
  let world: World;
  beforeAll(async () => {
    routes = await manifestRoutes();
    world = await buildWorld();
  });

  describe("access matrix", () => {
    for (const [id, entry] of Object.entries(slice)) {
      for (const [i, c] of (entry.loader ?? []).entries()) {
        for (const who of EVERYONE) {
          it(`${id} loader #${i} as ${who} -> ${c.expect[who]}`, async () => {
            const mod = await import(path.join(APP, routes.find((r) => r.id === id)!.file));
            const user = person(world, who, c.owner);
            const cookie = user ? await sessionCookie(user) : undefined;
            const before = await changedRows();
            const outcome = await callLoader(mod.loader, {
              path: c.path(world),
              params: c.params?.(world),
              cookie,
            });
            expect(statusOf(outcome)).toBe(c.expect[who]);
            if (who === "outsider" || who.startsWith("partner")) {
              for (const secret of c.mustNotShow?.(world) ?? [])
                expect(JSON.stringify(outcome.data)).not.toContain(secret);
            }
            if (
              c.expect[who] === 302 &&
              who === "anonymous" &&
              !["/login", "/signup", "/logout"].includes(c.path(world))
            ) {
              expect(outcome.location).toMatch(/^\/login\?redirectTo=/);
            }
            // Reading changes nothing (the session's last-seen time aside, which a fresh session does not touch),
            // except what a case names (a buyer's download is recorded).
            expect((await changedRows()) !== before, "the database changes only where the case says").toBe(
              (c.changes ?? []).includes(who),
            );
          });
        }
      }
      for (const [i, c] of (entry.action ?? []).entries()) {
        for (const who of EVERYONE) {
          it(`${id} action #${i} as ${who} -> ${c.expect[who]}`, async () => {
            const mod = await import(path.join(APP, routes.find((r) => r.id === id)!.file));
            const user = person(world, who, c.owner);
            const cookie = user ? await sessionCookie(user) : undefined;
            const form = await c.body(world, who);
            const before = await changedRows();
            const outcome = await callAction(mod.action, {
              path: c.path(world),
              params: c.params?.(world),
              cookie,
              form,
            });
            expect(statusOf(outcome)).toBe(c.expect[who]);
            const changed = (await changedRows()) !== before;
            expect(changed, "the database changes exactly when the action is permitted").toBe(
              c.changes.includes(who),
            );
          });
        }
      }
    }
  });
}
