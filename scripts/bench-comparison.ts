// Benchmarks the comparison page (/evaluations/:id/compare) through the production server on loopback (on PostgreSQL
// in a process of its own, `scripts/server.ts` as people run it; on PGlite, which allows one process per folder, in
// this one), in a database of its own (a temporary PGlite folder, or with DATABASE_URL a fresh database on that server, dropped
// at the end). Seeds in 1,000-row batches one buyer (an admin, 10 evaluators), 50 partners and an evaluation in
// review: 8 sections x 10 rated criteria, 50 candidates, 10 evaluators (two declared a conflict with one candidate),
// every other evaluator's score on every criterion of every candidate (~40,000), a few consensus scores; and the same
// with 5 candidates. Measures the page (sequential and 10 concurrent clients; and with every section open) against a
// floor of one hand-written aggregate over the same scores, what the browser fetches on demand (a candidate's
// derivations, a row's scores by evaluator) with their statements, counts the loader's statements at 5 and at 50
// candidates, weighs the JavaScript
// each main route loads before it is interactive (and the comparison's chart chunk), and writes it all as a table
// and as JSON (env BENCH_JSON, else tmp/bench-comparison.json). Called by bench.ts, after NODE_ENV=production and
// the build; alone:
//
//   npm run build && npx tsx scripts/bench-comparison.ts
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import {
  type BenchServer,
  createBenchSession,
  insertInBatches,
  openBenchDatabase,
  random,
  startBenchServer,
  startServerProcess,
  type Timing,
  timeConcurrent,
  timeSequential,
} from "./lib/bench-kit";
import { BuiltAssets } from "./lib/bundle-size";

const PARTNERS = 50;
const SMALL_CANDIDATES = 5;
const SECTIONS = 8;
const CRITERIA_PER_SECTION = 10;
const EVALUATORS = 10;
/** [evaluator index, candidate index]: the declared conflicts (each evaluator's candidate is in both evaluations). */
const CONFLICTS: [number, number][] = [
  [3, 2],
  [8, 31],
];
/** [section index, criterion index, threshold]: the knockouts. */
const KNOCKOUTS: [number, number, number][] = [
  [0, 0, 2],
  [4, 3, 1.5],
];
const CONSENSUS_CELLS = 8;
const WARM_UP = 20;
const MEASURED = 200;
const CLIENTS = 10;
const CONCURRENT_REQUESTS = 400;
const PAGE_TEXT = "Compare the shortlist";
const ROUTE_ID = "routes/evaluations.$evaluationId.compare._index";
/** The on-demand parts: a candidate's derivations (the dialog's data) and a row's scores by evaluator. */
const DERIVATION_ROUTE_ID = "routes/evaluations.$evaluationId.compare.$candidateId";
const ROW_ROUTE_ID = "routes/evaluations.$evaluationId.compare.criteria.$criterionId";
const ON_DEMAND_RUNS = 100;

const KB = 1024;
/** Targets: the page's p95 (sequential, on PostgreSQL), its ratio to the floor, statements, JavaScript gzip. */
const TARGET = {
  pageP95Ms: 60,
  floorRatio: 3,
  statements: 5,
  routeGzip: 120 * KB,
  comparisonGzip: 130 * KB,
};

type Schema = typeof import("../db/schema");

export interface Seeded {
  cookie: string;
  buyerId: string;
  partnerIds: string[];
  large: SeededEvaluation;
  small: SeededEvaluation;
}

export interface SeededEvaluation {
  id: string;
  candidates: number;
  criteria: number;
  evaluators: number;
  conflicts: number;
  submissions: number;
  scores: number;
  consensus: number;
}

const JUSTIFICATIONS = [
  "Two production deployments in our industry, with measured outcomes and a reference we called.",
  "The answer names the team and the runbook, but the evidence is a pilot rather than production.",
  "Claims are plausible; no evidence was attached for this criterion, so the score stays cautious.",
  "Strong written answer backed by a verified case study and a named delivery lead.",
  "Partial coverage: the approach is described, the operating model after go-live is not.",
];

export async function seedComparison(
  db: Db,
  schema: Schema,
  orgNameKey: (name: string) => string,
): Promise<Seeded> {
  const rnd = random(909);
  const [buyer] = await db
    .insert(schema.organisations)
    .values({
      kind: "buyer",
      name: "Bench Comparison Buyer",
      nameKey: orgNameKey("Bench Comparison Buyer"),
      timeZone: "Australia/Sydney",
    })
    .returning({ id: schema.organisations.id });
  // Nobody signs in with a password: the admin's session row is created directly.
  const people = await db
    .insert(schema.users)
    .values([
      { email: "admin@compare.example", name: "Bench Admin", passwordHash: "unusable" },
      ...Array.from({ length: EVALUATORS }, (_, i) => ({
        email: `evaluator${i}@compare.example`,
        name: `Evaluator ${String(i).padStart(2, "0")}`,
        passwordHash: "unusable",
      })),
    ])
    .returning({ id: schema.users.id, email: schema.users.email });
  const admin = people.find((p) => p.email.startsWith("admin"))!;
  const evaluatorIds = people.filter((p) => p !== admin).map((p) => p.id);
  await db
    .insert(schema.memberships)
    .values([
      { organisationId: buyer.id, userId: admin.id, role: "admin" as const },
      ...evaluatorIds.map((userId) => ({ organisationId: buyer.id, userId, role: "evaluator" as const })),
    ]);

  const partners = await db
    .insert(schema.organisations)
    .values(
      Array.from({ length: PARTNERS }, (_, i) => {
        const name = `Candidate ${String(i).padStart(2, "0")} ${["Consulting", "Labs", "Systems", "Group"][i % 4]}`;
        return { kind: "partner" as const, name, nameKey: orgNameKey(name) };
      }),
    )
    .returning({ id: schema.organisations.id });
  const partnerIds = partners.map((p) => p.id);
  await db.insert(schema.partnerProfiles).values(
    partnerIds.map((organisationId) => ({
      organisationId,
      hqCountry: ["Australia", "United States", "United Kingdom", "Germany"][Math.floor(rnd() * 4)],
    })),
  );

  const context = { db, schema, rnd, buyerId: buyer.id, adminId: admin.id, evaluatorIds };
  const large = await seedEvaluation(context, "Contact centre agents (50 candidates)", partnerIds);
  const small = await seedEvaluation(
    context,
    "Contact centre agents (5 candidates)",
    partnerIds.slice(0, SMALL_CANDIDATES),
  );
  const cookie = await createBenchSession(db, admin.id, buyer.id);
  return { cookie, buyerId: buyer.id, partnerIds, large, small };
}

async function seedEvaluation(
  ctx: {
    db: Db;
    schema: Schema;
    rnd: () => number;
    buyerId: string;
    adminId: string;
    evaluatorIds: string[];
  },
  name: string,
  partnerIds: string[],
): Promise<SeededEvaluation> {
  const { db, schema, rnd, buyerId: organisationId, adminId, evaluatorIds } = ctx;
  const [evaluation] = await db
    .insert(schema.evaluations)
    .values({
      organisationId,
      name,
      industry: "Insurance",
      sizeBand: "5k-20k",
      useCases: ["customer_service"],
      deadlineOn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
      minimumTotal: 40,
      status: "review",
      templateName: "AI implementation partner due diligence",
      createdByUserId: adminId,
    })
    .returning({ id: schema.evaluations.id });
  const evaluationId = evaluation.id;
  const owner = { organisationId, evaluationId };

  const sections = await db
    .insert(schema.evaluationSections)
    .values(
      Array.from({ length: SECTIONS }, (_, s) => ({
        ...owner,
        position: s,
        name: `Section ${s + 1}`,
        description: `What section ${s + 1} checks.`,
        weight: 5 + Math.floor(rnd() * 20),
      })),
    )
    .returning({ id: schema.evaluationSections.id, position: schema.evaluationSections.position });
  sections.sort((a, b) => a.position - b.position);
  const criteria = await db
    .insert(schema.evaluationCriteria)
    .values(
      sections.flatMap((section, s) =>
        Array.from({ length: CRITERIA_PER_SECTION }, (_, c) => ({
          ...owner,
          sectionId: section.id,
          position: c,
          name: `Criterion ${s + 1}.${c + 1}`,
          question: `How does the partner meet requirement ${s + 1}.${c + 1}?`,
          kind: "rated" as const,
          weight: 1 + Math.floor(rnd() * 4),
          max: 5,
          rubricLow: "No evidence of it.",
          rubricMiddle: "Done once, in a pilot.",
          rubricHigh: "Done repeatedly in production, with evidence.",
          knockout: KNOCKOUTS.find(([ks, kc]) => ks === s && kc === c)?.[2] ?? null,
        })),
      ),
    )
    .returning({ id: schema.evaluationCriteria.id });

  const candidates = await db
    .insert(schema.evaluationCandidates)
    .values(partnerIds.map((partnerId) => ({ ...owner, partnerId, addedByUserId: adminId })))
    .returning({ id: schema.evaluationCandidates.id, partnerId: schema.evaluationCandidates.partnerId });
  // In the partners' order, so that candidate i is partner i in both evaluations.
  candidates.sort((a, b) => partnerIds.indexOf(a.partnerId) - partnerIds.indexOf(b.partnerId));
  const candidateIds = candidates.map((c) => c.id);

  await db
    .insert(schema.evaluationEvaluators)
    .values(evaluatorIds.map((userId) => ({ ...owner, userId, active: true })));
  const conflictOf = new Map<string, string>();
  for (const [e, c] of CONFLICTS)
    if (c < candidateIds.length) conflictOf.set(evaluatorIds[e], candidateIds[c]);
  await db.insert(schema.conflictDeclarations).values(
    evaluatorIds.map((userId) => {
      const conflict = conflictOf.get(userId);
      return {
        ...owner,
        userId,
        coveredCandidateIds: candidateIds,
        conflictCandidateIds: conflict ? [conflict] : [],
        note: conflict ? "I worked for this partner until last year." : "",
      };
    }),
  );
  const pairs = evaluatorIds.flatMap((evaluatorUserId) =>
    candidateIds
      .filter((candidateId) => conflictOf.get(evaluatorUserId) !== candidateId)
      .map((candidateId) => ({ evaluatorUserId, candidateId })),
  );
  await insertInBatches(
    pairs.map((p) => ({ ...owner, ...p })),
    (b) => db.insert(schema.candidateSubmissions).values(b),
  );

  // Each candidate has a level, each evaluator a leaning: disagreements and knockout failures arise from the noise.
  const level = new Map(candidateIds.map((id) => [id, 1.2 + rnd() * 3.4]));
  const leaning = new Map(evaluatorIds.map((id) => [id, rnd() - 0.5]));
  const scoreRows = pairs.flatMap((p) =>
    criteria.map((c) => {
      const raw =
        (level.get(p.candidateId) ?? 3) + (leaning.get(p.evaluatorUserId) ?? 0) + (rnd() - 0.5) * 2.4;
      return {
        ...owner,
        ...p,
        criterionId: c.id,
        value: Math.max(0, Math.min(5, Math.round(raw))),
        justification: JUSTIFICATIONS[Math.floor(rnd() * JUSTIFICATIONS.length)],
      };
    }),
  );
  await insertInBatches(scoreRows, (b) => db.insert(schema.scores).values(b));

  const consensus = Array.from({ length: Math.min(CONSENSUS_CELLS, candidateIds.length * 2) }, (_, i) => ({
    ...owner,
    candidateId: candidateIds[i % candidateIds.length],
    criterionId: criteria[(i * 7) % criteria.length].id,
    value: Math.round(rnd() * 50) / 10,
    rationale: "Agreed in the review meeting after reading both justifications.",
    setByUserId: adminId,
  }));
  await db.insert(schema.consensusScores).values(consensus);

  return {
    id: evaluationId,
    candidates: candidateIds.length,
    criteria: criteria.length,
    evaluators: evaluatorIds.length,
    conflicts: conflictOf.size,
    submissions: pairs.length,
    scores: scoreRows.length,
    consensus: consensus.length,
  };
}

/** The large evaluation's section, candidate and criterion ids, in their order. */
async function idsOf(db: Db, evaluationId: string) {
  const column = async (query: ReturnType<typeof sql>) => {
    const result = await db.execute(query);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: string }[];
    return rows.map((r) => r.id);
  };
  return {
    sections: await column(
      sql`select id from evaluation_sections where evaluation_id = ${evaluationId} order by position`,
    ),
    candidates: await column(
      sql`select id from evaluation_candidates where evaluation_id = ${evaluationId} order by id`,
    ),
    criteria: await column(
      sql`select c.id from evaluation_criteria c join evaluation_sections s on s.id = c.section_id
        where c.evaluation_id = ${evaluationId} order by s.position, c.position`,
    ),
  };
}

interface RouteWeight {
  route: string;
  path: string;
  files: number;
  bytes: number;
  gzip: number;
  target: number;
  verdict: string;
}

export interface ComparisonReport {
  /** Where the measured server ran. */
  server: string;
  engine: string;
  engineName: string;
  seeded: {
    ms: number;
    /** ANALYZE after seeding, as autovacuum would soon do on a live PostgreSQL. */
    analyzeMs: number;
    large: SeededEvaluation;
    small: SeededEvaluation;
    partners: number;
  };
  page: {
    sequential: Timing & { verdict: string };
    concurrent: Timing & { clients: number };
    /** The page with every section open (all 80 criterion rows), sequential. */
    allOpen: Timing & { htmlBytes: number };
    htmlBytes: number;
    htmlGzip: number;
    loaderDataBytes: number;
  };
  floor: Timing & { rows: number; sql: string };
  ratio: { value: number; target: number; verdict: string };
  /** What the browser fetches on demand (single-fetch data requests), sequential; and their loaders' statements. */
  onDemand: {
    derivation: Timing & { statements: number };
    row: Timing & { statements: number };
  };
  statements: {
    small: number;
    large: number;
    /** The route's whole loader, minus what its session check makes alone (the access check is in statement 1). */
    viaLoader: { small: number; large: number; checks: number };
    verdict: string;
  };
  breakdown: { loadComparison: Timing; loader: Timing; withoutGzip: Timing };
  javascript: { routes: RouteWeight[]; chartChunk: { files: string[]; bytes: number; gzip: number } };
  targets: { name: string; target: string; actual: string; verdict: string }[];
  totalMs: number;
}

/**
 * `fetch`, tried once more when the connection was reset: after a long pause without requests (the loader timed
 * alone), the client's pool can hand out a keep-alive socket the server is closing at that moment (ECONNRESET).
 */
async function fetchOnceMore(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== "ECONNRESET") throw new Error(`GET ${url} failed`, { cause: error });
    return fetch(url, init);
  }
}

const missedBy = (actual: number, target: number, unit: (n: number) => string) =>
  actual <= target ? "met" : `missed by ${unit(actual - target)}`;
const ms = (n: number) => n.toFixed(1);
const kb = (n: number) => (n / KB).toFixed(1);

/** Runs the comparison benchmark, prints its tables, writes its JSON; returns the report. */
export async function benchComparison(options: {
  root: string;
  jsonPath?: string;
}): Promise<ComparisonReport> {
  const { root } = options;
  const started = performance.now();
  const schema = await import("../db/schema");
  const { setQueryListener } = await import("../db/client");
  const { orgNameKey } = await import("../app/models/auth.server");
  const { readSession } = await import("../app/utils/session.server");
  const { comparisonFor } = await import("../app/models/comparison.server");
  const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
  const loaderOf = (id: string) => {
    const loader = build.routes[id]?.module.loader;
    if (!loader) throw new Error(`The build has no loader for ${id}.`);
    return loader;
  };
  const routeLoader = loaderOf(ROUTE_ID);
  const derivationLoader = loaderOf(DERIVATION_ROUTE_ID);
  const rowLoader = loaderOf(ROW_ROUTE_ID);

  const { handle, engine, engineName, databaseUrl, cleanup } =
    await openBenchDatabase("partnerlens_bench_compare");
  let server: BenchServer | undefined;
  let serverProcess: BenchServer | undefined;
  try {
    // Sets the app's environment and database, which the session cookie needs.
    server = await startBenchServer(handle, root);
    let origin = server.origin;
    const db = handle.db;
    const seeding = performance.now();
    const seeded = await seedComparison(db, schema, orgNameKey);
    const seedMs = performance.now() - seeding;
    // Fresh bulk-loaded tables have no statistics yet: the planner would then guess a few hundred scores and pick
    // a nested loop and an on-disk sort (about 2.5x slower on PostgreSQL). A live server's autovacuum analyzes them
    // within a minute or so of such inserts, possibly in the middle of the run, so analyze them now.
    const analyzing = performance.now();
    await db.execute(sql`analyze`);
    const analyzeMs = performance.now() - analyzing;
    const { cookie, large, small } = seeded;
    console.log(
      `Comparison: seeded ${PARTNERS} partners, 1 buyer (1 admin, ${EVALUATORS} evaluators), an evaluation in review ` +
        `(${SECTIONS} sections x ${CRITERIA_PER_SECTION} rated criteria, ${KNOCKOUTS.length} knockouts, ` +
        `${large.candidates} candidates, ${large.evaluators} evaluators of whom ${large.conflicts} declared a ` +
        `conflict, ${large.submissions} submissions, ${large.scores} scores, ${large.consensus} consensus) and ` +
        `one with ${small.candidates} candidates (${small.scores} scores) in ${Math.round(seedMs)} ms ` +
        `(then analyzed in ${Math.round(analyzeMs)} ms) on ${engine}.`,
    );

    // On PostgreSQL the pages are requested from the production server in a process of its own, as people run it.
    if (databaseUrl) {
      serverProcess = await startServerProcess(root, databaseUrl);
      origin = serverProcess.origin;
    }
    const pageUrl = (id: string) => `${origin}/evaluations/${id}/compare`;
    const get = async (url: string, headers: Record<string, string> = {}) => {
      const res = await fetchOnceMore(url, { headers: { Cookie: cookie, ...headers } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      return body;
    };
    const requestPage = async () => {
      const body = await get(pageUrl(large.id));
      if (!body.includes(PAGE_TEXT)) throw new Error(`The comparison page does not say "${PAGE_TEXT}".`);
      return body;
    };

    // Progress on stderr, since a phase takes a while on PGlite.
    let phaseStarted = performance.now();
    const progress = (done: string) => {
      const now = performance.now();
      console.error(`  (comparison: ${done} in ${((now - phaseStarted) / 1000).toFixed(1)} s)`);
      phaseStarted = now;
    };

    // The page: sequential, then concurrent.
    const sequential = await timeSequential(WARM_UP, MEASURED, requestPage);
    progress(`${WARM_UP} + ${MEASURED} sequential requests`);
    const concurrent = await timeConcurrent(CLIENTS, CONCURRENT_REQUESTS, requestPage);
    progress(`${CONCURRENT_REQUESTS} requests from ${CLIENTS} concurrent clients`);
    const html = await requestPage();

    // JavaScript before interactive, per main route, from the HTML the server writes for the admin.
    const assets = new BuiltAssets(path.join(root, "public"));
    const partnerId = seeded.partnerIds[0];
    const routes: { route: string; path: string }[] = [
      { route: "/", path: "/" },
      { route: "/evaluations", path: "/evaluations" },
      { route: "/evaluations/:id", path: `/evaluations/${large.id}` },
      { route: "/evaluations/:id/compare", path: `/evaluations/${large.id}/compare` },
      { route: "/partners", path: "/partners" },
      { route: "/partners/:id", path: `/partners/${partnerId}` },
      { route: "/templates", path: "/templates" },
      { route: "/members", path: "/members" },
    ];
    let chartChunk = { files: [] as string[], bytes: 0, gzip: 0 };
    const weights: RouteWeight[] = [];
    for (const r of routes) {
      const { initial, deferred } = assets.page(await get(origin + r.path));
      const isComparison = r.route === "/evaluations/:id/compare";
      const target = isComparison ? TARGET.comparisonGzip : TARGET.routeGzip;
      if (isComparison) {
        chartChunk = { files: deferred.files.map((f) => f.url), bytes: deferred.bytes, gzip: deferred.gzip };
      }
      weights.push({
        ...r,
        files: initial.files.length,
        bytes: initial.bytes,
        gzip: initial.gzip,
        target,
        verdict: missedBy(initial.gzip, target, (n) => `${kb(n)} KB`),
      });
    }
    progress("JavaScript weights");

    // The floor: one aggregate over the same scores, through the same handle, timed the same way.
    const floorSql =
      "select candidate_id, criterion_id, count(*), sum(value), min(value), max(value) from scores " +
      "where evaluation_id = $1 group by candidate_id, criterion_id";
    let floorRows = 0;
    const floor = await timeSequential(WARM_UP, MEASURED, async () => {
      const result = await db.execute(sql`select candidate_id, criterion_id, count(*), sum(value), min(value),
        max(value) from scores where evaluation_id = ${large.id} group by candidate_id, criterion_id`);
      floorRows = Array.isArray(result) ? result.length : (result as { rows: unknown[] }).rows.length;
    });
    progress(`${WARM_UP} + ${MEASURED} runs of the floor`);

    const ids = await idsOf(db, large.id);
    // Statements: comparisonFor (what the page calls), for the viewer the session makes.
    const sessionRequest = (id: string) =>
      new Request(pageUrl(id), { headers: { Cookie: cookie, "User-Agent": "bench" } });
    const count = async (run: () => Promise<unknown>) => {
      let n = 0;
      setQueryListener(() => {
        n += 1;
      });
      try {
        await run();
      } finally {
        setQueryListener(undefined);
      }
      return n;
    };
    const viewer = await readSession(sessionRequest(large.id));
    if (!viewer) throw new Error("The bench session was not found.");
    // What the page calls: the access check is part of its first statement.
    const statementsOf = async (id: string) => {
      await comparisonFor(viewer, id); // warm
      return count(() => comparisonFor(viewer, id));
    };
    const runLoader = async (id: string): Promise<unknown> =>
      routeLoader({
        request: sessionRequest(id),
        params: { evaluationId: id },
        context: { cspNonce: "bench", clientIp: "127.0.0.1" },
      });
    const checks = async (id: string) => {
      await readSession(sessionRequest(id));
    };
    const statements = {
      small: await statementsOf(small.id),
      large: await statementsOf(large.id),
      viaLoader: {
        checks: await count(() => checks(large.id)),
        small: (await count(() => runLoader(small.id))) - (await count(() => checks(small.id))),
        large: (await count(() => runLoader(large.id))) - (await count(() => checks(large.id))),
      },
      verdict: "",
    };
    const onDemandStatements = {
      derivation:
        (await count(async () =>
          derivationLoader({
            request: sessionRequest(large.id),
            params: { evaluationId: large.id, candidateId: ids.candidates[0] },
            context: { cspNonce: "bench", clientIp: "127.0.0.1" },
          }),
        )) - (await count(() => checks(large.id))),
      row:
        (await count(async () =>
          rowLoader({
            request: sessionRequest(large.id),
            params: { evaluationId: large.id, criterionId: ids.criteria[0] },
            context: { cspNonce: "bench", clientIp: "127.0.0.1" },
          }),
        )) - (await count(() => checks(large.id))),
    };
    statements.verdict =
      statements.small !== statements.large
        ? `missed: ${statements.small} at ${small.candidates} candidates, ${statements.large} at ${large.candidates}`
        : missedBy(statements.large, TARGET.statements, (n) => `${n} statement${n === 1 ? "" : "s"}`);

    // Where the time goes: the model alone, the route's loader (no rendering), against the whole request.
    const modelTime = await timeSequential(WARM_UP, MEASURED, () =>
      comparisonFor(viewer, large.id, { derivations: false }),
    );
    progress("statement counts and comparisonFor alone");
    const loaderTime = await timeSequential(WARM_UP, MEASURED, () => runLoader(large.id));
    progress("the route loader alone");
    const withoutGzip = await timeSequential(WARM_UP, MEASURED, async () => {
      const body = await get(pageUrl(large.id), { "Accept-Encoding": "identity" });
      if (!body.includes(PAGE_TEXT)) throw new Error(`The comparison page does not say "${PAGE_TEXT}".`);
    });
    progress("requests without gzip");
    // After the measurements above, in the order they always ran (NOTE: so that adding these did not move them):
    // Every section open: all criterion rows drawn (the heaviest way to read the page).
    const allOpenUrl = `${pageUrl(large.id)}?${ids.sections.map((id) => `open=${id}`).join("&")}`;
    let allOpenHtml = "";
    const allOpen = await timeSequential(WARM_UP, MEASURED, async () => {
      allOpenHtml = await get(allOpenUrl);
      if ((allOpenHtml.match(/class="criterion-row"/g) ?? []).length !== large.criteria) {
        throw new Error("The comparison with every section open does not show every criterion.");
      }
    });
    progress(`${WARM_UP} + ${MEASURED} requests with every section open`);

    // On demand, as the browser fetches them (single-fetch data requests): a candidate's derivations, a row's
    // scores by evaluator.
    const dataUrl = (pathname: string, routeId: string) =>
      `${origin}${pathname}.data?_routes=${encodeURIComponent(routeId)}`;
    const derivationUrl = dataUrl(
      `/evaluations/${large.id}/compare/${ids.candidates[0]}`,
      DERIVATION_ROUTE_ID,
    );
    const rowUrl = dataUrl(`/evaluations/${large.id}/compare/criteria/${ids.criteria[0]}`, ROW_ROUTE_ID);
    const derivationTime = await timeSequential(WARM_UP, ON_DEMAND_RUNS, () => get(derivationUrl));
    const rowTime = await timeSequential(WARM_UP, ON_DEMAND_RUNS, () => get(rowUrl));
    progress(`${WARM_UP} + ${ON_DEMAND_RUNS} requests of each on-demand part`);
    const loaderData = await runLoader(large.id);
    const loaderDataBytes = Buffer.byteLength(
      loaderData instanceof Response ? await loaderData.text() : JSON.stringify(loaderData),
    );

    const ratio = sequential.p95 / floor.p95;
    const report: ComparisonReport = {
      engine,
      server: databaseUrl ? "scripts/server.ts in its own process" : "in the benchmark's process (PGlite)",
      engineName,
      seeded: { ms: seedMs, analyzeMs, large, small, partners: PARTNERS },
      page: {
        sequential: {
          ...sequential,
          verdict: missedBy(sequential.p95, TARGET.pageP95Ms, (n) => `${ms(n)} ms`),
        },
        concurrent: { ...concurrent, clients: CLIENTS },
        allOpen: { ...allOpen, htmlBytes: Buffer.byteLength(allOpenHtml) },
        htmlBytes: Buffer.byteLength(html),
        htmlGzip: gzipSync(html).length,
        loaderDataBytes,
      },
      floor: { ...floor, rows: floorRows, sql: floorSql },
      onDemand: {
        derivation: { ...derivationTime, statements: onDemandStatements.derivation },
        row: { ...rowTime, statements: onDemandStatements.row },
      },
      ratio: {
        value: ratio,
        target: TARGET.floorRatio,
        verdict: missedBy(ratio, TARGET.floorRatio, (n) => `${n.toFixed(2)}x`),
      },
      statements,
      breakdown: { loadComparison: modelTime, loader: loaderTime, withoutGzip },
      javascript: { routes: weights, chartChunk },
      targets: [],
      totalMs: 0,
    };
    report.targets = [
      {
        name: `page p95, sequential (target set for PostgreSQL)`,
        target: `<= ${TARGET.pageP95Ms} ms`,
        actual: `${ms(sequential.p95)} ms`,
        verdict: report.page.sequential.verdict,
      },
      {
        name: "page p95 / floor p95",
        target: `<= ${TARGET.floorRatio}x`,
        actual: `${ratio.toFixed(2)}x`,
        verdict: report.ratio.verdict,
      },
      {
        name: `comparison statements (access check included) at ${small.candidates} and ${large.candidates} candidates`,
        target: `<= ${TARGET.statements}, equal`,
        actual: `${statements.small} and ${statements.large}`,
        verdict: statements.verdict,
      },
      ...weights.map((w) => ({
        name: `JS before interactive, ${w.route}`,
        target: `<= ${kb(w.target)} KB gzip`,
        actual: `${kb(w.gzip)} KB`,
        verdict: w.verdict,
      })),
    ];
    report.totalMs = performance.now() - started;
    print(report);
    const jsonPath =
      options.jsonPath ?? process.env.BENCH_JSON ?? path.join(root, "tmp", "bench-comparison.json");
    mkdirSync(path.dirname(jsonPath), { recursive: true });
    writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nWritten to ${jsonPath}.`);
    return report;
  } finally {
    setQueryListener(undefined);
    await serverProcess?.close();
    await server?.close();
    await cleanup();
  }
}

function print(r: ComparisonReport) {
  const { large, small } = r.seeded;
  const { sequential: seq, concurrent: con } = r.page;
  const row = (cells: (string | number)[]) => console.log(`| ${cells.join(" | ")} |`);
  console.log(
    `\nServer: ${r.server}.\n` +
      `\n| comparison page (${r.engineName}, ${large.candidates} candidates x ${large.criteria} criteria, ` +
      `${large.evaluators} evaluators, ${large.scores} scores) | median ms | p95 ms | per second | target | verdict |`,
  );
  console.log("| --- | ---: | ---: | ---: | --- | --- |");
  row([
    `page, ${seq.runs} sequential requests after ${WARM_UP} warm-up`,
    ms(seq.median),
    ms(seq.p95),
    `${seq.perSecond.toFixed(1)} pages`,
    `p95 <= ${TARGET.pageP95Ms} ms`,
    seq.verdict,
  ]);
  row([
    `page with every section open (${large.criteria} criterion rows), ${r.page.allOpen.runs} sequential requests`,
    ms(r.page.allOpen.median),
    ms(r.page.allOpen.p95),
    `${r.page.allOpen.perSecond.toFixed(1)} pages`,
    "",
    "",
  ]);
  row([
    `page, ${con.clients} concurrent clients, ${con.runs} requests`,
    ms(con.median),
    ms(con.p95),
    `${con.perSecond.toFixed(1)} pages`,
    "",
    "",
  ]);
  row([
    `SQL floor (one aggregate, ${r.floor.rows} rows), ${r.floor.runs} sequential runs`,
    ms(r.floor.median),
    ms(r.floor.p95),
    `${r.floor.perSecond.toFixed(1)} runs`,
    "",
    "",
  ]);
  row([
    "page p95 / floor p95",
    "",
    `${r.ratio.value.toFixed(2)}x`,
    "",
    `<= ${r.ratio.target}x`,
    r.ratio.verdict,
  ]);
  row([
    `comparison statements (access check included), ${small.candidates} / ${large.candidates} candidates`,
    "",
    `${r.statements.small} / ${r.statements.large}`,
    "",
    `<= ${TARGET.statements}, equal`,
    r.statements.verdict,
  ]);
  row([
    "route loader statements minus the session check " +
      `(${r.statements.viaLoader.checks}), ${small.candidates} / ${large.candidates} candidates`,
    "",
    `${r.statements.viaLoader.small} / ${r.statements.viaLoader.large}`,
    "",
    "",
    "",
  ]);

  const od = r.onDemand;
  console.log(
    "\n| on demand (single-fetch data request, sequential) | median ms | p95 ms | the loader's statements |",
  );
  console.log("| --- | ---: | ---: | ---: |");
  row([
    `one candidate's derivations (its individual scores), ${od.derivation.runs} requests`,
    ms(od.derivation.median),
    ms(od.derivation.p95),
    od.derivation.statements,
  ]);
  row([
    `one row's scores by evaluator, ${od.row.runs} requests`,
    ms(od.row.median),
    ms(od.row.p95),
    od.row.statements,
  ]);

  console.log("\n| JavaScript before interactive | files | bytes | gzip KB | target | verdict |");
  console.log("| --- | ---: | ---: | ---: | --- | --- |");
  for (const w of r.javascript.routes)
    row([`\`${w.route}\``, w.files, w.bytes, kb(w.gzip), `<= ${kb(w.target)} KB`, w.verdict]);
  const chart = r.javascript.chartChunk;
  row([
    "chart chunk (loaded after first paint on the comparison)",
    chart.files.length,
    chart.bytes,
    kb(chart.gzip),
    "",
    "",
  ]);

  const b = r.breakdown;
  console.log(`\n| where the comparison's time goes (${r.engineName}, sequential) | median ms | p95 ms |`);
  console.log("| --- | ---: | ---: |");
  row(["SQL floor (one aggregate over the scores)", ms(r.floor.median), ms(r.floor.p95)]);
  row([
    "comparisonFor as the page calls it (access and its statements, in parallel, and the engine, figures only)",
    ms(b.loadComparison.median),
    ms(b.loadComparison.p95),
  ]);
  row(["route loader (session, comparisonFor, view; no rendering)", ms(b.loader.median), ms(b.loader.p95)]);
  row([
    "whole request without gzip (Accept-Encoding: identity)",
    ms(b.withoutGzip.median),
    ms(b.withoutGzip.p95),
  ]);
  row(["whole request (loader, React render, gzip, HTTP on loopback)", ms(seq.median), ms(seq.p95)]);
  console.log(
    `\nHTML ${kb(r.page.htmlBytes)} KB (${kb(r.page.htmlGzip)} KB gzip), of which the loader's data is about ` +
      `${kb(r.page.loaderDataBytes)} KB of JSON. Seeded in ${Math.round(r.seeded.ms)} ms; the comparison ` +
      `benchmark took ${(r.totalMs / 1000).toFixed(1)} s in all.`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.env.NODE_ENV = "production";
  await benchComparison({ root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..") });
}
