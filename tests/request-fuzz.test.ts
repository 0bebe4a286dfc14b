// Every action route of the Remix manifest, over real HTTP from the same origin and signed in with a role the route
// allows, receives what no browser form sends: text/plain, JSON, an empty body without a type, multipart without a
// boundary, a 2 MB field (urlencoded and multipart) and a NUL byte (urlencoded and multipart). Each answer is a 4xx,
// never a 5xx, and nothing is written: a trigger on every table counts the rows changed.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { readConfig } from "@remix-run/dev/dist/config.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import { getEvaluationChecklist } from "../app/models/evaluation.server";
import { addCandidate, assignEvaluator } from "../app/models/evaluation-participants.server";
import { createTemplate } from "../app/models/template.server";
import { getDb } from "../db/client";
import { evaluations, evidence, memberships, referenceDeployments } from "../db/schema";
import { changedRows, installChangeCounter } from "./change-counter";
import { createBuiltInEvaluation, createWorld, sessionCookie, type TestUser } from "./factories";
import { type InProcessServer, serveApp } from "./http-server";

type World = Awaited<ReturnType<typeof createWorld>>;

let server: InProcessServer;
let base: string;
let world: World;
let params: Record<string, string>;
let actions: { id: string; path: string; as: TestUser | undefined }[] = [];

/** The URL pattern of a route: its own path joined to its parents'. */
function fullPath(routes: Record<string, { path?: string; parentId?: string }>, id: string): string {
  const parts: string[] = [];
  for (
    let r: { path?: string; parentId?: string } | undefined = routes[id];
    r;
    r = r.parentId ? routes[r.parentId] : undefined
  ) {
    if (r.path) parts.unshift(r.path);
  }
  return `/${parts.join("/")}`;
}

/** Who may post to a route: its organisation's admin, or nobody signed in for the pages of people without one. */
function actorFor(pattern: string): TestUser | undefined {
  const first = pattern.split("/")[1];
  if (["login", "signup", "invite", "reset", "forgot", "confirm"].includes(first)) return undefined;
  if (["profile", "evidence", "requests"].includes(first)) return world.partnerAdmin;
  return world.buyerAdmin;
}

beforeAll(async () => {
  world = await createWorld();
  const actor = { userId: world.buyerAdmin.userId, organisationId: world.buyer.id };
  const template = await getDb().transaction((tx) =>
    createTemplate(tx, actor, { ...BUILT_IN_CHECKLIST, name: "Fuzz template" }, BUILT_IN_CHECKLIST.name),
  );
  const { id: evaluationId } = await createBuiltInEvaluation(actor, "Fuzz evaluation");
  const candidateId = await addCandidate(actor, evaluationId, world.partner.id);
  await assignEvaluator(actor, evaluationId, world.buyerAdmin.userId);
  const [e] = await getDb().select().from(evaluations).where(eq(evaluations.id, evaluationId));
  const criterionId = (await getEvaluationChecklist(e)).sections[0].criteria[0].key;
  const [item] = await getDb()
    .insert(evidence)
    .values({ organisationId: world.partner.id, claimKind: "support", title: "Fuzz", kind: "link" })
    .returning({ id: evidence.id });
  const [reference] = await getDb()
    .insert(referenceDeployments)
    .values({
      organisationId: world.partner.id,
      customer: "Fuzz customer",
      industry: "Retail",
      sizeBand: "1k-5k",
      useCase: "customer_service",
      status: "production",
    })
    .returning({ id: referenceDeployments.id });
  const [member] = await getDb()
    .select({ id: memberships.id })
    .from(memberships)
    .where(eq(memberships.userId, world.evaluator.userId));
  params = {
    evaluationId,
    candidateId,
    criterionId,
    evidenceId: item.id,
    referenceId: reference.id,
    memberId: member.id,
    partnerId: world.partner.id,
    templateId: template.id,
    token: `fuzz-${randomUUID()}`,
    requestId: randomUUID(),
    debriefId: randomUUID(),
    versionId: randomUUID(),
  };

  const root = path.resolve(import.meta.dirname, "..");
  const config = await readConfig(root);
  for (const route of Object.values(config.routes)) {
    const module = await import(path.join(root, "app", route.file));
    if (!module.action) continue;
    const pattern = fullPath(config.routes, route.id);
    const url = pattern.replace(/:(\w+)/g, (_, name: string) => {
      if (!params[name]) throw new Error(`no value for :${name} in ${pattern}`);
      return params[name];
    });
    actions.push({ id: route.id, path: route.index ? `${url}?index` : url, as: actorFor(pattern) });
  }
  actions = actions.sort((a, b) => a.id.localeCompare(b.id));

  server = await serveApp();
  base = server.base;
  expect(await installChangeCounter()).toBeGreaterThan(30);
});

afterAll(() => server.close());

const BOUNDARY = "----partnerlens-fuzz";
const multipart = (name: string, value: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n--${BOUNDARY}--\r\n`;
const TWO_MB = "a".repeat(2 * 1024 * 1024);
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const FORM = "application/x-www-form-urlencoded";

const BODIES: { name: string; type?: string; body: string }[] = [
  { name: "text/plain", type: "text/plain", body: "intent=save&title=plain" },
  { name: "JSON", type: "application/json", body: '{"intent":"save","title":"json"}' },
  { name: "an empty body without a type", body: "" },
  { name: "multipart without a boundary", type: "multipart/form-data", body: multipart("title", "x") },
  { name: "a 2 MB urlencoded field", type: FORM, body: `intent=save&title=${TWO_MB}` },
  { name: "a 2 MB multipart field", type: MULTIPART, body: multipart("title", TWO_MB) },
  { name: "a NUL byte, urlencoded", type: FORM, body: "intent=save&title=a%00b&name=x%00" },
  { name: "a NUL byte in a multipart field", type: MULTIPART, body: multipart("title", "a\0b") },
];

describe("malformed requests to every action", () => {
  it("answer 4xx, never 5xx, and write nothing", async () => {
    expect(actions.length).toBeGreaterThan(35);
    const cookies = new Map<TestUser, string>();
    for (const user of [world.buyerAdmin, world.partnerAdmin]) cookies.set(user, await sessionCookie(user));
    const failures: string[] = [];
    for (const action of actions) {
      for (const { name, type, body } of BODIES) {
        const before = await changedRows();
        const headers: Record<string, string> = { Origin: base };
        if (type) headers["Content-Type"] = type;
        if (action.as) headers.Cookie = cookies.get(action.as)!;
        let res: Response;
        let text: string;
        try {
          res = await fetch(base + action.path, { method: "POST", headers, body, redirect: "manual" });
          text = await res.text();
        } catch (error) {
          failures.push(`${action.id} ${action.path} with ${name}: ${(error as Error).cause ?? error}`);
          continue;
        }
        const written = (await changedRows()) - before;
        if (res.status < 400 || res.status >= 500 || written !== 0) {
          failures.push(
            `${action.id} ${action.path} with ${name}: ${res.status}, ${written} rows written; ${text.slice(0, 120)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
