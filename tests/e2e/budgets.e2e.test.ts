// docs/product.md "Qualities: Speed": the JavaScript a page loads before it is interactive, gzip, from the built app that
// the journeys run: <= 120 KB on ordinary pages, <= 130 KB on the comparison, whose charts load afterwards. The
// sizes are deterministic (the same build gives the same bytes), so they are enforced here, not benchmarked.
//
// Every page of the build is measured: the routes with a default export, read from the server build's own route
// table, each opened as someone it answers 200 for, its parameters filled with real ids of the demo data (found on
// the pages and in their loader data). A new page without a way to open it here fails the test until it gets one.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, inject, test } from "vitest";
import { BuiltAssets } from "../../scripts/lib/bundle-size";
import { DEMO_PASSWORD, journeyServer } from "./support/journey";

const KB = 1024;
const ORDINARY = 120 * KB;
const COMPARISON = 130 * KB;
/** The one page whose charts load after first paint, within its own budget. */
const COMPARISON_ROUTE = "routes/evaluations.$evaluationId.compare._index";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

type Who = "anonymous" | "admin" | "evaluator" | "viewer" | "partner" | "newcomer";
const EMAILS: Record<Exclude<Who, "anonymous" | "newcomer">, string> = {
  admin: "dana@lakeshore.example",
  evaluator: "marcus@lakeshore.example",
  viewer: "ken@lakeshore.example",
  partner: "olivia@northwind.example",
};

interface BuiltRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  module: { default?: unknown };
}

/** The URL pattern of a route: its ancestors' paths and its own, joined ("/evaluations/:evaluationId/report"). */
function pattern(routes: Record<string, BuiltRoute>, route: BuiltRoute): string {
  const parts: string[] = [];
  for (let r: BuiltRoute | undefined = route; r; r = r.parentId ? routes[r.parentId] : undefined) {
    if (r.path) parts.unshift(r.path);
  }
  return `/${parts.join("/")}`;
}

describe("JavaScript budgets", () => {
  const journey = journeyServer("budgets");
  let assets: BuiltAssets;
  let pages: { id: string; pattern: string }[];
  const cookies: Partial<Record<Who, string>> = {};

  async function signIn(email: string, password = DEMO_PASSWORD): Promise<string> {
    const base = journey.server.url;
    const res = await fetch(`${base}/login`, {
      method: "POST",
      headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, redirectTo: "/" }),
      redirect: "manual",
    });
    const cookie = res.headers.get("set-cookie")?.split(";")[0];
    if (!cookie) throw new Error(`Signing in as ${email} failed: ${res.status}`);
    return cookie;
  }

  async function get(who: Who, pathname: string): Promise<Response> {
    return fetch(`${journey.server.url}${pathname}`, {
      headers: { Cookie: cookies[who] ?? "" },
      redirect: "manual",
    });
  }

  async function html(who: Who, pathname: string): Promise<string> {
    const res = await get(who, pathname);
    expect(res.status, `${pathname} as ${who}`).toBe(200);
    return res.text();
  }

  /** Posts a form to an action (same origin, as a browser without JavaScript would): its status, redirect and page. */
  async function post(
    who: Who,
    pathname: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; location: string | null; text: string }> {
    const base = journey.server.url;
    const res = await fetch(`${base}${pathname}`, {
      method: "POST",
      headers: {
        Origin: base,
        Cookie: cookies[who] ?? "",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(fields),
      redirect: "manual",
    });
    return { status: res.status, location: res.headers.get("location"), text: await res.text() };
  }

  /** The value of the first hidden form field `name` on a page's HTML. */
  function field(page: string, name: string): string {
    const value = page.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1];
    if (!value) throw new Error(`No field ${name}`);
    return value;
  }

  /** The first link on `pathname` whose address matches `re` (its first group if it has one). */
  async function link(who: Who, pathname: string, re: RegExp): Promise<string> {
    const found = [...(await html(who, pathname)).matchAll(/href="([^"]+)"/g)]
      .map((m) => m[1].replaceAll("&amp;", "&").match(re))
      .find(Boolean);
    if (!found) throw new Error(`No link like ${re} on ${pathname}`);
    return found[1] ?? found[0];
  }

  beforeAll(async () => {
    const appRoot = inject("e2eAppRoot");
    assets = new BuiltAssets(path.join(appRoot, "public"));
    const build = (await import(pathToFileURL(path.join(appRoot, "build", "index.js")).href)) as {
      routes: Record<string, BuiltRoute>;
    };
    pages = Object.values(build.routes)
      .filter((r) => r.id !== "root" && typeof r.module.default === "function")
      .map((r) => ({ id: r.id, pattern: pattern(build.routes, r) }))
      .sort((a, b) => a.id.localeCompare(b.id));
    for (const who of ["admin", "evaluator", "viewer", "partner"] as const) {
      cookies[who] = await signIn(EMAILS[who]);
    }
  });

  /**
   * Who opens each page, and at which address: the demo data's ids for its parameters. Lakeshore's evaluations:
   * one in scoring (Marcus assigned), one in review, one decided.
   */
  async function addresses(): Promise<Record<string, [Who, string]>> {
    /** A member's evaluations from the list: address and status. */
    const evaluationsOf = async (who: Who) =>
      [
        ...(await html(who, "/evaluations")).matchAll(
          new RegExp(`href="(/evaluations/${UUID})"[^]*?evaluation-status-(\\w+)`, "g"),
        ),
      ].map((m) => ({ address: m[1], status: m[2] }));
    const listed = await evaluationsOf("admin");
    const withStatus = (status: string) => {
      const found = listed.find((e) => e.status === status);
      if (!found) throw new Error(`The demo data has no evaluation in ${status}`);
      return found.address;
    };
    const review = withStatus("review");
    const decided = withStatus("decided");
    // The evaluator's scoring evaluation, declared, with a candidate to score (not sent to declare first).
    let scoring = "";
    let scoringPage = "";
    for (const e of (await evaluationsOf("evaluator")).filter((x) => x.status === "scoring")) {
      const candidate = await link(
        "evaluator",
        e.address,
        new RegExp(`^${e.address}/candidates/${UUID}$`),
      ).catch(() => "");
      if (candidate && (await get("evaluator", candidate)).status === 200) {
        scoring = e.address;
        scoringPage = candidate;
        break;
      }
    }
    if (!scoring) throw new Error("The demo evaluator has no scoring evaluation to score");
    const reviewCandidate = field(await html("admin", `${review}/values`), "candidateId");
    // A criterion's scores by evaluator: linked once its section is open (without JavaScript, by address).
    const section = `${review}/compare${await link("admin", `${review}/compare`, /^\?open=[^"&]+$/)}`;
    const criterion = await link("admin", section, new RegExp(`^${review}/compare/criteria/[^/?#"]+$`));
    const partners = [
      ...new Set(
        [...(await html("admin", "/partners")).matchAll(new RegExp(`href="(/partners/${UUID})"`, "g"))].map(
          (m) => m[1],
        ),
      ),
    ];
    // The buyer's own template: a copy of the built-in one, as an admin makes it.
    const templates = await html("admin", "/templates?copy=builtin");
    const copied = await post("admin", "/templates?index", {
      intent: "copy",
      source: field(templates, "source"),
      name: "Our copy",
      _idempotency: field(templates, "_idempotency"),
    });
    const ownTemplate = copied.location?.match(new RegExp(`^/templates/${UUID}`))?.[0];
    if (!ownTemplate) throw new Error(`Copying a template answered ${copied.status}`);
    // A draft, whose details page only a draft has: the review evaluation cloned, as an admin clones it.
    const cloned = await post("admin", `${review}?index`, {
      intent: "clone",
      _idempotency: field(await html("admin", review), "_idempotency"),
    });
    const draft = cloned.location?.match(new RegExp(`^/evaluations/${UUID}`))?.[0];
    if (!draft) throw new Error(`Cloning an evaluation answered ${cloned.status}`);
    // An invitation link and a reset link, as an admin issues them (the viewer's reset: it signs no one out).
    const membersPage = await html("admin", "/members");
    const invited = await post("admin", "/members?index", {
      intent: "invite",
      email: `budget-${Date.now()}@lakeshore.example`,
      role: "viewer",
      _idempotency: field(membersPage, "_idempotency"),
    });
    const invitation = invited.text.match(/\/invite\/[\w-]{20,}/)?.[0];
    const row = (email: string) =>
      membersPage
        .split("<tr")
        .find((r) => r.includes(email))
        ?.match(new RegExp(`/members/${UUID}`))?.[0];
    const viewerMember = row(EMAILS.viewer);
    const evaluatorMember = row(EMAILS.evaluator);
    if (!invitation || !viewerMember || !evaluatorMember) throw new Error("No invitation link or members");
    const reset = (await post("admin", viewerMember, { intent: "reset" })).text.match(
      /\/reset\/[\w-]{20,}/,
    )?.[0];
    if (!reset) throw new Error("No reset link");
    // A confirmation link: a new account's own mail, which its admin reads on the demo's Outbox.
    const newcomer = `budget-${Date.now()}@fernbrook.example`;
    const signedUp = await post("anonymous", "/signup", {
      _idempotency: crypto.randomUUID(),
      kind: "partner",
      organisationName: `Budget Partner ${Date.now()}`,
      name: "Budget Person",
      email: newcomer,
      password: "willow harbour compass 64",
    });
    if (signedUp.status !== 302) throw new Error(`Sign-up answered ${signedUp.status}`);
    cookies.newcomer = await signIn(newcomer, "willow harbour compass 64");
    const confirmation = (await html("newcomer", "/outbox")).match(/\/confirm\/[\w-]{20,}/)?.[0];
    if (!confirmation) throw new Error("No confirmation link");
    // An unsubscribe link: the notice of the debrief the demo's seed published for Northwind, mailed to its admin,
    // who reads it on the demo's Outbox.
    const unsubscribe = await link("partner", "/outbox", /^https?:\/\/[^/]+(\/unsubscribe\/[^/?#]+)$/);
    // A partner invitation's link: the admin invites a company nobody lists to the scoring evaluation, and reads the
    // invitation on the demo's Outbox.
    const invitedCompany = await post("admin", `${scoring}/invite`, {
      _idempotency: crypto.randomUUID(),
      intent: "send",
      companyName: `Budget Unlisted ${Date.now()}`,
      email: `budget-${Date.now()}@unlisted.example`,
    });
    if (invitedCompany.status !== 302) throw new Error(`The invite page answered ${invitedCompany.status}`);
    const join = await link("admin", "/outbox", /^https?:\/\/[^/]+(\/join\/[^/?#]+)$/);

    return {
      "routes/_index": ["admin", "/"],
      "routes/login": ["anonymous", "/login"],
      "routes/signup": ["anonymous", "/signup"],
      "routes/invite.$token": ["anonymous", invitation],
      "routes/reset.$token": ["anonymous", reset],
      "routes/forgot": ["anonymous", "/forgot"],
      "routes/confirm._index": ["anonymous", "/confirm"],
      "routes/confirm.$token": ["anonymous", confirmation],
      "routes/outbox": ["admin", "/outbox"],
      "routes/account": ["admin", "/account"],
      "routes/account_.mail": ["partner", "/account/mail"],
      "routes/unsubscribe.$token": ["anonymous", unsubscribe],
      "routes/settings": ["admin", "/settings"],
      "routes/audit._index": ["admin", "/audit"],
      "routes/styleguide": ["admin", "/styleguide"],
      "routes/members._index": ["admin", "/members"],
      "routes/members.$memberId": ["admin", evaluatorMember],
      "routes/templates._index": ["admin", "/templates"],
      "routes/templates.new": ["admin", "/templates/new"],
      "routes/templates.$templateId._index": ["admin", ownTemplate],
      "routes/templates.$templateId.edit": ["admin", `${ownTemplate}/edit`],
      "routes/partners._index": ["admin", "/partners"],
      "routes/partners.$partnerId": ["admin", partners[0]],
      "routes/partners.compare": [
        "admin",
        `/partners/compare?${partners
          .slice(0, 2)
          .map((p) => `id=${p.slice("/partners/".length)}`)
          .join("&")}`,
      ],
      "routes/evaluations._index": ["admin", "/evaluations"],
      "routes/evaluations.new": ["admin", "/evaluations/new"],
      "routes/evaluations.$evaluationId._index": ["admin", review],
      "routes/evaluations.$evaluationId.checklist": ["admin", `${review}/checklist`],
      "routes/evaluations.$evaluationId.details": ["admin", `${draft}/details`],
      "routes/evaluations.$evaluationId.triage": ["admin", `${review}/triage`],
      "routes/evaluations.$evaluationId.invite": ["admin", `${scoring}/invite`],
      "routes/join.$token": ["anonymous", join],
      "routes/evaluations.$evaluationId.declaration": ["evaluator", `${scoring}/declaration`],
      "routes/evaluations.$evaluationId.candidates.$candidateId": ["evaluator", scoringPage],
      "routes/evaluations.$evaluationId.consensus": ["admin", `${review}/consensus`],
      "routes/evaluations.$evaluationId.values": ["admin", `${review}/values`],
      [COMPARISON_ROUTE]: ["viewer", `${review}/compare`],
      "routes/evaluations.$evaluationId.compare.$candidateId": [
        "admin",
        `${review}/compare/${reviewCandidate}`,
      ],
      "routes/evaluations.$evaluationId.compare.criteria.$criterionId": ["admin", criterion],
      "routes/evaluations.$evaluationId.decide": ["admin", `${review}/decide`],
      "routes/evaluations.$evaluationId.report": ["viewer", `${decided}/report`],
      "routes/profile._index": ["partner", "/profile"],
      "routes/profile.facts": ["partner", "/profile/facts"],
      "routes/profile.membership": ["partner", "/profile/membership"],
      "routes/profile.certifications": ["partner", "/profile/certifications"],
      "routes/profile.specializations": ["partner", "/profile/specializations"],
      "routes/profile.references._index": ["partner", "/profile/references"],
      "routes/profile.references.new": ["partner", "/profile/references/new"],
      "routes/profile.references.$referenceId": [
        "partner",
        await link("partner", "/profile/references", new RegExp(`^/profile/references/${UUID}$`)),
      ],
      "routes/profile.providers": ["partner", "/profile/providers"],
      "routes/profile.support": ["partner", "/profile/support"],
      "routes/profile.documents": ["partner", "/profile/documents"],
      "routes/evidence._index": ["partner", "/evidence"],
      "routes/evidence.$evidenceId": [
        "partner",
        await link("partner", "/evidence", new RegExp(`^/evidence/${UUID}$`)),
      ],
      "routes/requests._index": ["partner", "/requests"],
      "routes/requests.$requestId": [
        "partner",
        await link("partner", "/requests", new RegExp(`^/requests/${UUID}$`)),
      ],
      "routes/requests.debriefs.$debriefId": [
        "partner",
        await link("partner", "/requests", new RegExp(`^/requests/debriefs/${UUID}$`)),
      ],
    };
  }

  test("every page of the build loads at most 120 KB gzip before it is interactive, the comparison 130 KB", async () => {
    const opened = await addresses();
    // Every page route has a way to open it, and nothing here names a page the build does not have.
    expect(pages.filter((p) => !opened[p.id]).map((p) => `${p.id} (${p.pattern})`)).toEqual([]);
    expect(Object.keys(opened).filter((id) => !pages.some((p) => p.id === id))).toEqual([]);
    expect(pages.length).toBeGreaterThanOrEqual(45);

    const sizes: string[] = [];
    for (const page of pages) {
      const [who, address] = opened[page.id];
      // The address fills the route's own pattern (":evaluationId" and the like), nothing else.
      const re = new RegExp(`^${page.pattern.replace(/:[A-Za-z]+/g, "[^/?]+")}(\\?.*)?$`);
      expect(address, page.id).toMatch(re);
      const { initial, deferred } = assets.page(await html(who, address));
      const budget = page.id === COMPARISON_ROUTE ? COMPARISON : ORDINARY;
      sizes.push(`${page.pattern}: ${(initial.gzip / KB).toFixed(1)} KB`);
      expect(initial.files.length, address).toBeGreaterThan(0);
      expect(
        initial.gzip,
        `${page.pattern} loads ${(initial.gzip / KB).toFixed(1)} KB gzip`,
      ).toBeLessThanOrEqual(budget);
      // Only the comparison loads code on demand (its charts); no other page carries recharts at all.
      if (page.id !== COMPARISON_ROUTE) expect(deferred.files, page.pattern).toEqual([]);
      const code = initial.files.map((f) => assets.read(f.url).toString("utf8")).join("\n");
      expect(code, page.pattern).not.toMatch(/recharts-wrapper|recharts-surface/);
    }
    console.log(`[budgets] ${pages.length} pages: ${sizes.join("; ")}`);
  });

  test("the comparison loads at most 130 KB gzip before it is interactive; the charts come after", async () => {
    const review = await link("admin", "/evaluations", new RegExp(`^(/evaluations/${UUID})$`));
    const page = await html("admin", `${review}/compare`);
    const { initial, deferred } = assets.page(page);
    expect(
      initial.gzip,
      `the comparison loads ${(initial.gzip / KB).toFixed(1)} KB gzip`,
    ).toBeLessThanOrEqual(COMPARISON);
    // The chart chunk is not among the first scripts, and it is recharts: a real chunk, loaded on demand.
    expect(deferred.files.length).toBeGreaterThan(0);
    const chart = deferred.files.map((f) => assets.read(f.url).toString("utf8")).join("\n");
    expect(chart).toMatch(/recharts/);
    const first = initial.files.map((f) => assets.read(f.url).toString("utf8")).join("\n");
    expect(first).not.toMatch(/recharts-bar-rectangle|recharts-wrapper/);
    console.log(
      `[budgets] comparison: ${(initial.gzip / KB).toFixed(1)} KB before interactive, charts ${(deferred.gzip / KB).toFixed(1)} KB after`,
    );
  });
});
