// The access matrix: every route of the Remix manifest x every kind of person, expected outcomes written by hand
// from DESIGN.md "Access rules" (never derived from the code). A route missing from the matrix fails the test.

import { randomUUID } from "node:crypto";
import path from "node:path";
import { readConfig } from "@remix-run/dev/dist/config.js";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../db/client";
import { memberships } from "../db/schema";
import {
  createMember,
  createOrganisation,
  createWorld,
  sessionCookie,
  TEST_PASSWORD,
  type TestUser,
} from "./factories";
import { callAction, callLoader, type Outcome } from "./remix";

type Who =
  | "anonymous"
  | "buyerAdmin"
  | "evaluator"
  | "viewer"
  | "partnerAdmin"
  | "partnerMember"
  | "outsider";
const EVERYONE: Who[] = [
  "anonymous",
  "buyerAdmin",
  "evaluator",
  "viewer",
  "partnerAdmin",
  "partnerMember",
  "outsider",
];

/** 200 ok, 302 redirect (to sign-in for anonymous, elsewhere otherwise), 403, 404. */
type Expect = 200 | 302 | 403 | 404;
type Row = Record<Who, Expect>;

type World = Awaited<ReturnType<typeof createWorld>> & {
  otherBuyerAdmin: TestUser;
  otherPartnerAdmin: TestUser;
  buyerMemberId: string;
  partnerMemberId: string;
};

interface LoaderCase {
  /** Text that must not appear in what the outsider receives. */
  mustNotShow?: (w: World) => string[];
  /** Which organisation owns the object named in the URL; decides who the outsider is. */
  owner?: "buyer" | "partner";
  path: (w: World) => string;
  params?: (w: World) => Record<string, string>;
  expect: Row;
}

interface ActionCase extends LoaderCase {
  body: (w: World) => Record<string, string>;
}

interface MatrixEntry {
  loader?: LoaderCase[];
  action?: ActionCase[];
}

const signedInOnly = (ok: Expect, overrides: Partial<Row> = {}): Row => ({
  anonymous: 302,
  buyerAdmin: ok,
  evaluator: ok,
  viewer: ok,
  partnerAdmin: ok,
  partnerMember: ok,
  outsider: ok,
  ...overrides,
});

const buyerPage = (overrides: Partial<Row> = {}): Row =>
  signedInOnly(200, { partnerAdmin: 404, partnerMember: 404, ...overrides });
const partnerPage = (overrides: Partial<Row> = {}): Row =>
  signedInOnly(200, { buyerAdmin: 404, evaluator: 404, viewer: 404, ...overrides });
const everyone = (status: Expect): Row => Object.fromEntries(EVERYONE.map((w) => [w, status])) as Row;

// Written by hand from DESIGN.md "Access rules". Keep one entry per route id of the manifest.
const MATRIX: Record<string, MatrixEntry> = {
  root: { loader: [{ path: () => "/", expect: everyone(200) }] },
  "routes/_index": { loader: [{ path: () => "/", expect: everyone(200) }] },
  "routes/login": {
    loader: [{ path: () => "/login", expect: { ...everyone(302), anonymous: 200 } }],
    // Anyone may sign in; the positive control is the new session row.
    action: [
      {
        path: () => "/login",
        body: (w) => ({ email: w.viewer.email, password: TEST_PASSWORD, redirectTo: "/" }),
        expect: everyone(302),
      },
    ],
  },
  "routes/signup": {
    loader: [{ path: () => "/signup", expect: { ...everyone(302), anonymous: 200 } }],
    // Only an anonymous person creates an organisation; a signed-in one is sent home, nothing created.
    action: [
      {
        path: () => "/signup",
        body: () => ({
          _idempotency: randomUUID(),
          kind: "partner",
          organisationName: `Matrix Partner ${randomUUID().slice(0, 8)}`,
          name: "Matrix Person",
          email: `${randomUUID().slice(0, 8)}@matrix.example`,
          password: "violet tractor harbour 42",
        }),
        expect: { ...everyone(302) },
      },
    ],
  },
  "routes/logout": {
    loader: [{ path: () => "/logout", expect: everyone(302) }],
    action: [{ path: () => "/logout", body: () => ({}), expect: everyone(302) }],
  },
  "routes/evaluations._index": { loader: [{ path: () => "/evaluations", expect: buyerPage() }] },
  "routes/templates._index": {
    loader: [{ path: () => "/templates", expect: buyerPage({ evaluator: 403, viewer: 403 }) }],
  },
  "routes/partners._index": { loader: [{ path: () => "/partners", expect: signedInOnly(200) }] },
  "routes/members._index": {
    loader: [
      {
        path: () => "/members",
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
        // The outsider sees its own members, never this organisation's.
        mustNotShow: (w) => [w.evaluator.email, w.viewer.email],
      },
    ],
  },
  "routes/members.$memberId": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/members/${w.buyerMemberId}`,
        params: (w) => ({ memberId: w.buyerMemberId }),
        expect: {
          anonymous: 302,
          buyerAdmin: 200,
          evaluator: 403,
          viewer: 403,
          partnerAdmin: 404,
          partnerMember: 403,
          outsider: 404,
        },
      },
      {
        owner: "partner",
        path: (w) => `/members/${w.partnerMemberId}`,
        params: (w) => ({ memberId: w.partnerMemberId }),
        expect: {
          anonymous: 302,
          buyerAdmin: 404,
          evaluator: 403,
          viewer: 403,
          partnerAdmin: 200,
          partnerMember: 403,
          outsider: 404,
        },
      },
    ],
  },
  "routes/profile": { loader: [{ owner: "partner", path: () => "/profile", expect: partnerPage() }] },
  "routes/evidence._index": {
    loader: [{ owner: "partner", path: () => "/evidence", expect: partnerPage() }],
  },
  "routes/requests._index": {
    loader: [{ owner: "partner", path: () => "/requests", expect: partnerPage() }],
  },
};

const APP = path.resolve(import.meta.dirname, "../app");
let routes: { id: string; file: string }[] = [];
let world: World;

beforeAll(async () => {
  const config = await readConfig(path.resolve(import.meta.dirname, ".."));
  routes = Object.values(config.routes).map((r) => ({ id: r.id, file: r.file }));
  const base = await createWorld();
  const otherBuyer = await createOrganisation("buyer");
  const otherPartner = await createOrganisation("partner");
  const otherBuyerAdmin = await createMember(otherBuyer, "admin");
  const otherPartnerAdmin = await createMember(otherPartner, "admin");
  const member = async (u: TestUser) =>
    (
      await getDb().select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, u.userId))
    )[0].id;
  world = {
    ...base,
    otherBuyerAdmin,
    otherPartnerAdmin,
    buyerMemberId: await member(base.evaluator),
    partnerMemberId: await member(base.partnerMember),
  };
});

function person(w: World, who: Who, owner: "buyer" | "partner" = "buyer"): TestUser | undefined {
  if (who === "anonymous") return undefined;
  if (who === "outsider") return owner === "buyer" ? w.otherBuyerAdmin : w.otherPartnerAdmin;
  return w[who];
}

/** Every row of every table: a refused request must leave it identical. */
async function snapshot(): Promise<string> {
  const tables = rowsOf<{ table_name: string }>(
    await getDb().execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const data = rowsOf(await getDb().execute(sql.raw(`select * from "${table_name}" order by 1`)));
    parts.push(table_name, JSON.stringify(data));
  }
  return parts.join("\n");
}

/** PGlite answers `{ rows }`, postgres.js an array of rows. */
function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

function statusOf(outcome: Outcome): number {
  return outcome.status;
}

describe("access matrix", () => {
  it("covers every route of the manifest, loader and action alike", async () => {
    const ids = routes.map((r) => r.id).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(ids);
    for (const r of routes) {
      const mod = await import(path.join(APP, r.file));
      expect(Boolean(mod.loader), `${r.id} loader in matrix`).toBe(Boolean(MATRIX[r.id].loader));
      expect(Boolean(mod.action), `${r.id} action in matrix`).toBe(Boolean(MATRIX[r.id].action));
    }
  });

  for (const [id, entry] of Object.entries(MATRIX)) {
    for (const [i, c] of (entry.loader ?? []).entries()) {
      for (const who of EVERYONE) {
        it(`${id} loader #${i} as ${who} -> ${c.expect[who]}`, async () => {
          const mod = await import(path.join(APP, routes.find((r) => r.id === id)!.file));
          const user = person(world, who, c.owner);
          const cookie = user ? await sessionCookie(user) : undefined;
          const before = await snapshot();
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
          // Reading changes nothing (the session's last-seen time aside, which a fresh session does not touch).
          expect(await snapshot()).toBe(before);
        });
      }
    }
    for (const [i, c] of (entry.action ?? []).entries()) {
      for (const who of EVERYONE) {
        it(`${id} action #${i} as ${who} -> ${c.expect[who]}`, async () => {
          const mod = await import(path.join(APP, routes.find((r) => r.id === id)!.file));
          const user = person(world, who, c.owner);
          const cookie = user ? await sessionCookie(user) : undefined;
          const before = await snapshot();
          const outcome = await callAction(mod.action, {
            path: c.path(world),
            params: c.params?.(world),
            cookie,
            form: c.body(world),
          });
          expect(statusOf(outcome)).toBe(c.expect[who]);
          const changed = (await snapshot()) !== before;
          expect(changed, "the database changes exactly when the action is permitted").toBe(
            permitted(id, who),
          );
        });
      }
    }
  }
});

/** Which cells of an action are allowed to change something (hand-written, like the matrix). */
function permitted(id: string, who: Who): boolean {
  switch (id) {
    case "routes/login":
      return true; // a new session for the person named in the form
    case "routes/signup":
      return who === "anonymous";
    case "routes/logout":
      return who !== "anonymous"; // the person's own session row goes
    default:
      throw new Error(`no hand-written permission for ${id}`);
  }
}
