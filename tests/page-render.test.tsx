// Real pages rendered without a browser: each route's real loader runs on the demo seed for the person who uses the
// page, then its default export renders inside the real root layout (with the root loader's data) through
// createRemixStub and react-dom/server, and the test reads the HTML as that person would: headings, names, figures,
// badges, and the buttons their role gets or does not get. Expected values come from the seed plans and the seeded
// rows (the scoring engine run on them), never from the page.
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import type { Checklist } from "../app/domain/checklist";
import { LABELS, specializationLabel } from "../app/domain/profile";
import type { CandidateResult } from "../app/domain/scoring";
import { getEvaluationChecklist } from "../app/models/evaluation.server";
import { createTemplate } from "../app/models/template.server";
import * as evaluationRoute from "../app/routes/evaluations.$evaluationId._index/route";
import * as scoringRoute from "../app/routes/evaluations.$evaluationId.candidates.$candidateId/route";
import * as compareRoute from "../app/routes/evaluations.$evaluationId.compare._index/route";
import * as consensusRoute from "../app/routes/evaluations.$evaluationId.consensus/route";
import * as reportRoute from "../app/routes/evaluations.$evaluationId.report/route";
import * as valuesRoute from "../app/routes/evaluations.$evaluationId.values/route";
import * as partnerRoute from "../app/routes/partners.$partnerId/route";
import * as profileRoute from "../app/routes/profile._index";
import * as templateEditRoute from "../app/routes/templates.$templateId.edit";
import { formatFigure } from "../app/utils/format";
import { getDb } from "../db/client";
import {
  evaluationCandidates,
  evaluations,
  evidence,
  evidenceShares,
  evidenceVerifications,
  memberships,
  organisations,
  scores,
  users,
} from "../db/schema";
import { seedDemo } from "../scripts/seed/demo";
import { DEMO_DRAFT } from "../scripts/seed/draft-evaluation";
import { DEMO_EVALUATIONS } from "../scripts/seed/evaluations";
import { PARTNER_PROFILES } from "../scripts/seed/profiles";
import { sessionCookie, type TestUser } from "./factories";
import { callLoader } from "./remix";
import { seededEngine } from "./seeded-engine";
import {
  bodyRows,
  buttons,
  element,
  elements,
  headings,
  labelledBy,
  links,
  renderPage,
  rows,
  textOf,
  titleOf,
} from "./support-render";

beforeAll(async () => {
  await seedDemo(getDb());
});

// ---------------------------------------------------------------------------------------------------------------
// The seed: its plans, its people, its rows

type BuyerPlan = (typeof DEMO_EVALUATIONS)[number];
type EvaluationPlan = BuyerPlan["evaluations"][number];

const SCM = DEMO_EVALUATIONS.find((b) => b.buyer === "Southern Cross Mutual Insurance")!;
const LAKESHORE = DEMO_EVALUATIONS.find((b) => b.buyer === "Lakeshore Outfitters")!;
const inScoring = (b: BuyerPlan) => b.evaluations.find((e) => e.status === "scoring")!;
const inReview = (b: BuyerPlan) => b.evaluations.find((e) => e.status === "review" && !e.decision)!;
const decided = (b: BuyerPlan) => b.evaluations.find((e) => e.decision)!;
const emailOf = (b: BuyerPlan, local: string) => `${local}@${b.domain}`;

const NORTHWIND = "Northwind Systems Integration";
const GRANITE = "Granite Peak Advisory";

/** The rated criteria an evaluator scores before submitting: positively weighted, in sections that count. */
const RATED = BUILT_IN_CHECKLIST.sections.flatMap((s) =>
  s.weight > 0 ? s.criteria.filter((c) => c.kind === "rated" && c.weight > 0) : [],
);
const builtIn = (key: string) =>
  BUILT_IN_CHECKLIST.sections.flatMap((s) => s.criteria).find((c) => c.key === key)!;

async function person(email: string): Promise<TestUser> {
  const [row] = await getDb()
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      organisationId: memberships.organisationId,
      role: memberships.role,
      kind: organisations.kind,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(users.email, email));
  if (!row) throw new Error(`No seeded person ${email}`);
  return row;
}

async function orgId(name: string): Promise<string> {
  const [row] = await getDb()
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.name, name));
  return row.id;
}

async function evaluationNamed(plan: EvaluationPlan) {
  const [row] = await getDb().select().from(evaluations).where(eq(evaluations.name, plan.name));
  return row;
}

async function candidatesOf(evaluationId: string) {
  return getDb()
    .select({
      id: evaluationCandidates.id,
      partnerId: evaluationCandidates.partnerId,
      name: organisations.name,
    })
    .from(evaluationCandidates)
    .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
    .where(eq(evaluationCandidates.evaluationId, evaluationId));
}

/** The frozen checklist's key of a built-in criterion (the frozen copy keeps the names, with ids of its own). */
function frozenKey(checklist: Checklist, builtInKey: string): string {
  const name = builtIn(builtInKey).name;
  return checklist.sections.flatMap((s) => s.criteria).find((c) => c.name === name)!.key;
}

/** The scoring engine on the evaluation's seeded rows: what its figures must be (tests/seeded-engine.ts). */
async function engine(evaluationId: string) {
  const [evaluation] = await getDb().select().from(evaluations).where(eq(evaluations.id, evaluationId));
  return seededEngine(evaluation);
}

/** Candidates best first: ranked ones by rank, then the unranked (disqualified, unscored). */
const byRank = (cs: CandidateResult[]) =>
  [...cs].sort((a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY));

const byName = (names: readonly string[]) => [...names].sort((a, b) => a.localeCompare(b));

const totalText = (c: CandidateResult) => (c.total === undefined ? "—" : formatFigure(c.total));

/** How much of an evaluator's plan it scored and submitted, on the candidates it may score. */
function planned(plan: EvaluationPlan, who: string) {
  const conflict = plan.declarations.find((d) => d.who === who)?.conflict;
  const work = plan.work.filter((w) => w.who === who);
  return {
    scorable: plan.candidates.filter((c) => c !== conflict),
    scored: work.reduce((n, w) => n + (w.criteria === "all" ? RATED.length : w.criteria), 0),
    submitted: work.filter((w) => w.submit).map((w) => w.partner),
  };
}

const evaluationPath = (id: string, rest = "") => `/evaluations/${id}${rest}`;

// ---------------------------------------------------------------------------------------------------------------

describe("the evaluation page", () => {
  const render = (id: string, user: TestUser) =>
    renderPage(evaluationRoute, {
      id: "routes/evaluations.$evaluationId._index",
      pattern: "evaluations/:evaluationId",
      path: evaluationPath(id),
      params: { evaluationId: id },
      user,
    });

  it("shows an admin the evaluation in review: its results, candidates, evaluators and every admin action", async () => {
    const plan = inReview(SCM);
    const admin = await person(emailOf(SCM, SCM.admin));
    const ev = await evaluationNamed(plan);
    const { results } = await engine(ev.id);
    const { html, text } = await render(ev.id, admin);

    expect(titleOf(html)).toBe(`${plan.name} · PartnerLens`);
    expect(headings(html, 1)).toEqual([plan.name]);
    expect(textOf(element(html, /<span[^>]*class="badge badge-\w+ evaluation-status-review"/))).toBe(
      "Review",
    );
    // The shell: the admin's organisation and navigation.
    expect(textOf(element(html, /<nav[^>]*aria-label="Main"/))).toBe(
      "Evaluations Partners Templates Members",
    );
    expect(text).toContain(SCM.buyer);

    // Candidates: every seeded candidate, each with its withdraw form (review), and the form to add a partner.
    const candidates = labelledBy(html, "candidates-heading");
    expect(textOf(element(candidates, /<h2\b/))).toBe(`Candidates (${plan.candidates.length})`);
    expect(bodyRows(candidates).map((r) => r[0])).toEqual(expect.arrayContaining(plan.candidates));
    expect(bodyRows(candidates)).toHaveLength(plan.candidates.length);
    expect(buttons(candidates).filter((b) => b === "Withdraw")).toHaveLength(plan.candidates.length);
    expect(buttons(candidates)).toContain("Add to shortlist");
    expect(buttons(candidates)).not.toContain("Remove");

    // Evaluators: each with all its criteria scored and its candidates submitted, declared without conflict.
    const evaluators = labelledBy(html, "evaluators-heading");
    expect(textOf(element(evaluators, /<h2\b/))).toBe(`Evaluators (${plan.evaluators.length})`);
    for (const who of plan.evaluators) {
      const p = await person(emailOf(SCM, who));
      const mine = planned(plan, who);
      const row = bodyRows(evaluators).find((r) => r[0] === p.name);
      expect(row, p.name).toBeDefined();
      expect(row?.slice(1, 3)).toEqual([
        `${mine.scored} of ${mine.scorable.length * RATED.length}`,
        `${mine.submitted.length} of ${mine.scorable.length}`,
      ]);
      expect(row?.[3]).toMatch(/^Declared no conflict /);
      expect(row?.[4]).toBe("Unassign");
    }

    // Results: final (no provisional badge), in the engine's order with its totals; the knockout failure said.
    const resultsSection = labelledBy(html, "results-heading");
    expect(textOf(element(resultsSection, /<h2\b/))).toBe("Results");
    expect(results.final).toBe(true);
    const table = element(resultsSection, /<table[^>]*class="table-stack evaluation-results"/);
    const expected = byRank(results.candidates);
    // A disqualified candidate's reason sits under its name, beside its rank; no column of its own.
    const knockout = plan.scores.filter((s) => s.criterion === "security.review_terms");
    const failed = knockout[0].partner;
    const mean = knockout.reduce((sum, s) => sum + s.value, 0) / knockout.length;
    const why = `Disqualified ${builtIn("security.review_terms").name} scored ${mean.toFixed(1)}, below its knockout of ${builtIn("security.review_terms").knockout}`;
    expect(bodyRows(table).map((r) => [r[0], r[1], r[2], r[3]])).toEqual(
      expected.map((c) => [
        c.rank === undefined ? "Not scored" : String(c.rank),
        c.name === failed ? `${c.name} ${why}` : c.name,
        totalText(c),
        "100%",
      ]),
    );
    expect(bodyRows(table).every((r) => r.length === 6)).toBe(true);
    expect(links(resultsSection)).toContain("Compare side by side");

    // The day rates under the results: the lowest is the best.
    const rates = Object.entries(plan.dayRates ?? {});
    const [cheapest, best] = rates.reduce((a, b) => (b[1] < a[1] ? b : a));
    expect(text).toContain(
      `Blended day rate: best value ${best.toLocaleString("en")} USD per day (lower is better)`,
    );
    const numeric = element(resultsSection, /<div class="evaluation-numeric"/);
    expect(bodyRows(numeric).find((r) => r[0] === cheapest)?.[1]).toBe(`${best.toLocaleString("en")} Best`);

    // The admin's actions: triage, numeric values, consensus, the decision and the exports, the status moves.
    expect(links(html)).toEqual(
      expect.arrayContaining([
        "Triage the directory",
        "Numeric values",
        "Consensus",
        "Decide",
        "Printable report",
      ]),
    );
    const status = labelledBy(html, "status-heading");
    expect(buttons(status)).toEqual([
      "Back to scoring",
      "Clone into a new draft",
      "Yes, cancel the evaluation",
    ]);
    // The context is fixed once scoring started.
    expect(links(html)).not.toContain("Edit the name, context, deadline and minimum total");
    expect(links(html)).toContain("Read the checklist");
  });

  it("shows an admin a decided evaluation: the decision, its delivery review, its debriefs, and no moves", async () => {
    const plan = decided(SCM);
    const d = plan.decision!;
    const admin = await person(emailOf(SCM, SCM.admin));
    const ev = await evaluationNamed(plan);
    const { results } = await engine(ev.id);
    const { html, text } = await render(ev.id, admin);

    expect(headings(html, 1)).toEqual([plan.name]);
    expect(textOf(element(html, /<span[^>]*class="badge badge-\w+ evaluation-status-decided"/))).toBe(
      "Decided",
    );
    const decision = labelledBy(html, "decision-heading");
    expect(textOf(decision)).toContain(`Decision ${d.chosen}, chosen by ${admin.name} on `);
    expect(textOf(element(decision, /<blockquote\b/))).toBe(d.rationale);

    const reviews = labelledBy(html, "reviews-heading");
    const r = d.deliveryReview;
    expect(textOf(reviews)).toContain(`${d.chosen} · ${r.milestone}`);
    expect(textOf(reviews)).toContain(
      `Quality ${r.quality}/5 · schedule ${r.schedule}/5 · cost ${r.cost}/5 · ${r.wouldEngageAgain ? "would engage again" : "would not engage again"}`,
    );
    expect(textOf(reviews)).toContain(`Outcome against the baseline: ${r.outcome}`);
    expect(textOf(reviews)).toContain(`Note: ${r.note}`);
    // An admin records further reviews of the chosen partner.
    expect(buttons(reviews)).toContain("Record the review");

    // One debrief per candidate not chosen: published ones say when, the others offer the form.
    const debriefs = labelledBy(html, "debriefs-heading");
    const notChosen = plan.candidates.filter((c) => c !== d.chosen);
    expect(headings(debriefs, 3).sort()).toEqual([...notChosen].sort());
    const published = new Set(d.debriefs.map((x) => x.partner));
    for (const item of elements(debriefs, /<li\b/)) {
      const name = textOf(element(item, /<h3\b/));
      if (published.has(name)) expect(textOf(item)).toMatch(new RegExp(`^${name} Published .+\\.$`));
      else expect(buttons(item)).toEqual(["Publish the debrief"]);
    }

    // The frozen results: the engine's on the rows, as the record froze them.
    const table = element(labelledBy(html, "results-heading"), /<table\b/);
    expect(bodyRows(table).map((row) => [row[1], row[2]])).toEqual(
      byRank(results.candidates).map((c) => [c.name, totalText(c)]),
    );
    // Decided: no decision to take, no status move, no withdrawing; the record and a clone remain.
    expect(links(html)).not.toContain("Decide");
    expect(links(html)).toContain("Printable report");
    expect(buttons(labelledBy(html, "status-heading"))).toEqual(["Clone into a new draft"]);
    expect(buttons(labelledBy(html, "candidates-heading"))).not.toContain("Withdraw");
    expect(text).not.toContain("Add a partner to the shortlist");
    expect(text).not.toContain("Assign an evaluator");
  });

  it("shows an evaluator in scoring its own work, blind results and no admin action", async () => {
    const plan = inScoring(SCM);
    // The evaluator who declared a conflict: it scores every candidate but that one.
    const declared = plan.declarations.find((x) => x.conflict)!;
    const evaluator = await person(emailOf(SCM, declared.who));
    expect(evaluator.role).toBe("evaluator");
    const ev = await evaluationNamed(plan);
    const { html, text } = await render(ev.id, evaluator);
    const mine = planned(plan, declared.who);

    expect(headings(html, 1)).toEqual([plan.name]);
    expect(textOf(element(html, /<span[^>]*class="badge badge-\w+ evaluation-status-scoring"/))).toBe(
      "Scoring",
    );
    expect(textOf(element(html, /<nav[^>]*aria-label="Main"/))).toBe("Evaluations Partners");

    const work = labelledBy(html, "cta-heading");
    expect(textOf(element(work, /<h2\b/))).toBe("Your scoring");
    expect(textOf(work)).toContain(
      `${mine.scored} of ${mine.scorable.length * RATED.length} criteria scored · ${mine.submitted.length} of ${mine.scorable.length} candidates submitted`,
    );
    // Its candidates by name, those it submitted marked.
    const listed = elements(work, /<li\b/).map(textOf);
    expect(listed).toEqual(
      byName(mine.scorable).map((c) => (mine.submitted.includes(c) ? `${c} Submitted` : c)),
    );
    expect(listed.join(" ")).not.toContain(declared.conflict);

    // Not every candidate submitted: the results stay closed.
    expect(textOf(labelledBy(html, "results-heading"))).toBe(
      "Results Scoring is blind: the results open once you have submitted every candidate you may score.",
    );
    // The shortlist and the evaluators, without anything to change or anyone's declaration.
    const candidates = labelledBy(html, "candidates-heading");
    expect(
      bodyRows(candidates)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...plan.candidates].sort());
    expect(rows(labelledBy(html, "evaluators-heading"))[0]).toEqual([
      "Evaluator",
      "Criteria scored",
      "Candidates submitted",
    ]);
    expect(buttons(html).filter((b) => b !== "Sign out")).toEqual([]);
    for (const adminOnly of [
      "Triage the directory",
      "Numeric values",
      "Consensus",
      "Decide",
      "Printable report",
    ]) {
      expect(links(html)).not.toContain(adminOnly);
    }
    expect(text).not.toContain("Add a partner to the shortlist");
    expect(text).not.toContain("Assign an evaluator");
    expect(html).not.toContain('aria-labelledby="status-heading"');
    expect(links(html)).toContain("Read the checklist");
  });
});

describe("the scoring page", () => {
  it("shows an assigned evaluator its part-scored candidate: progress, its own scores, the form, blind scoring", async () => {
    const plan = inScoring(SCM);
    // The candidate an evaluator scored only in part, and has not submitted.
    const partial = plan.work.find((w) => w.criteria !== "all" && !w.submit)!;
    const n = partial.criteria as number;
    const evaluator = await person(emailOf(SCM, partial.who));
    const ev = await evaluationNamed(plan);
    const candidate = (await candidatesOf(ev.id)).find((c) => c.name === partial.partner)!;
    const own = await getDb()
      .select()
      .from(scores)
      .where(and(eq(scores.candidateId, candidate.id), eq(scores.evaluatorUserId, evaluator.userId)));
    const { html, text } = await renderPage(scoringRoute, {
      id: "routes/evaluations.$evaluationId.candidates.$candidateId",
      pattern: "evaluations/:evaluationId/candidates/:candidateId",
      path: evaluationPath(ev.id, `/candidates/${candidate.id}`),
      params: { evaluationId: ev.id, candidateId: candidate.id },
      user: evaluator,
    });

    expect(titleOf(html)).toBe(`${partial.partner} · ${plan.name} · PartnerLens`);
    expect(headings(html, 1)).toEqual([partial.partner]);
    expect(text).toContain("Score each criterion with a justification; each one saves on its own.");
    expect(links(html)).toContain(`← ${plan.name}`);

    // Progress (the sticky status): n of the rated criteria, each section's share, the way to the first unscored.
    const progress = labelledBy(html, "progress-heading");
    expect(textOf(element(progress, /<h2\b/))).toBe(`${n} of ${RATED.length} scored`);
    const unscoredItems = elements(html, /<li[^>]*data-unscored=""/);
    expect(unscoredItems).toHaveLength(RATED.length - n);
    const firstUnscoredId = /id="(criterion-[^"]+)"/.exec(unscoredItems[0])?.[1];
    expect(element(progress, /<a[^>]*class="next-unscored"/)).toContain(`href="#${firstUnscoredId}"`);
    expect(textOf(elements(progress, /<nav[^>]*aria-label="Sections"/)[0])).toContain(
      `1. ${BUILT_IN_CHECKLIST.sections[0].name}`,
    );
    // The key hint once for the page.
    expect(text.match(/set the score while a criterion has the focus/g)).toHaveLength(1);
    // Submission, at the end: the submit button off until every one is scored.
    const submit = labelledBy(html, "submit-heading");
    expect(element(submit, /<button[^>]*value="submit"/)).toContain('disabled=""');
    expect(textOf(submit)).toContain(`${RATED.length - n} still to score.`);
    expect(textOf(submit)).toContain("Other evaluators’ scores are hidden until you submit (blind scoring).");
    // The other candidates it scores, those submitted ticked.
    const mine = planned(plan, partial.who);
    expect(textOf(element(submit, /<nav\b/))).toBe(
      `Other candidates: ${byName(mine.scorable)
        .filter((c) => c !== partial.partner)
        .map((c) => (mine.submitted.includes(c) ? `${c} ✓` : c))
        .join(" · ")}`,
    );

    // Its n scores, each folded to one line (score, start of the justification) over its form; the others open.
    expect(own).toHaveLength(n);
    for (const s of own) {
      const item = element(html, new RegExp(`<li[^>]*id="criterion-${s.criterionId}"`));
      expect(element(item, /<details\b/)).not.toMatch(/^<details[^>]* open=""/);
      const summary = element(item, /<summary\b/);
      expect(textOf(element(summary, /<span class="badge status-current"/))).toBe(`Scored ${s.value} of 5`);
      expect(textOf(element(summary, /<span class="score-gist"/))).toBe(s.justification.slice(0, 160));
      expect(textOf(element(item, /<textarea\b/))).toBe(s.justification);
    }
    for (const item of unscoredItems) {
      expect(element(item, /<details\b/)).toMatch(/^<details[^>]* open=""/);
      expect(textOf(element(item, /<summary\b/))).toContain("Not scored");
    }
    const forms = elements(html, /<form[^>]*class="score-form"/);
    expect(forms).toHaveLength(RATED.length);
    expect(buttons(html).filter((b) => b === "Save score")).toHaveLength(RATED.length);
    // The knockout criteria say so; this partner has no evidence to cite (the seed gives it none).
    const checklist = await getEvaluationChecklist(ev);
    const knockouts = RATED.filter((c) => c.knockout !== null);
    expect(knockouts.length).toBeGreaterThan(0);
    for (const c of knockouts) {
      const form = element(html, new RegExp(`<li[^>]*id="criterion-${frozenKey(checklist, c.key)}"`));
      expect(textOf(form), c.name).toContain(`${c.name} `);
      expect(textOf(form), c.name).toContain(`Knockout: an agreed score below ${c.knockout} disqualifies`);
    }
    expect(text.match(/Knockout: an agreed score below/g)).toHaveLength(knockouts.length);
    expect(text).toContain("This partner has no evidence you can see to cite.");
    // Each section of the checklist, numbered.
    expect(headings(html, 2)).toEqual(
      expect.arrayContaining(BUILT_IN_CHECKLIST.sections.map((s, i) => `${i + 1}. ${s.name}`)),
    );
  });
});

describe("the numeric values page", () => {
  it("shows an admin each candidate's day rate, the best one and the ratio-rule scores, editable in review", async () => {
    const plan = inReview(SCM);
    const admin = await person(emailOf(SCM, SCM.admin));
    const ev = await evaluationNamed(plan);
    const { html, text } = await renderPage(valuesRoute, {
      id: "routes/evaluations.$evaluationId.values",
      pattern: "evaluations/:evaluationId/values",
      path: evaluationPath(ev.id, "/values"),
      params: { evaluationId: ev.id },
      user: admin,
    });
    const rates = plan.dayRates!;
    const best = Math.min(...Object.values(rates));
    const dayRate = builtIn("commercials.day_rate");

    expect(titleOf(html)).toBe(`Numeric values · ${plan.name} · PartnerLens`);
    expect(headings(html, 1)).toEqual(["Numeric values"]);
    expect(text).not.toContain("its values are read-only");
    expect(headings(html, 2)).toEqual([dayRate.name]);
    const card = element(html, /<section[^>]*class="card review-values"/);
    // The Commercials section was switched on at 10: the day rate's share of the total.
    const weights = BUILT_IN_CHECKLIST.sections.map((s) =>
      s.criteria.some((c) => c.key === dayRate.key) ? 10 : s.weight,
    );
    const share = (100 * 10) / weights.reduce((a, b) => a + b, 0);
    expect(textOf(element(card, /<span class="share"/))).toBe(`${share.toFixed(1)}%`);
    expect(textOf(card)).toContain(`Best value: ${best.toLocaleString("en")} ${dayRate.unit}`);
    expect(textOf(card)).not.toContain("without a value");

    const table = bodyRows(card);
    expect(table.map((r) => r[0].replace(/ Best$/, "")).sort()).toEqual(Object.keys(rates).sort());
    for (const [partner, rate] of Object.entries(rates)) {
      const row = elements(card, /<tr\b/).find((tr) =>
        textOf(elements(tr, /<th\b/)[0] ?? "").startsWith(partner),
      )!;
      // Editable: the stored value in its input, with Save and Clear.
      expect(element(row, /<input[^>]*name="value"/)).toContain(`value="${rate}"`);
      expect(buttons(row)).toEqual(["Save", `Clear the value of ${partner}`]);
      expect(textOf(elements(row, /<th\b/)[0])).toBe(rate === best ? `${partner} Best` : partner);
      // Lower is better: the best scores the full 5, the others 5 × best / theirs.
      expect(textOf(elements(row, /<td\b/).at(-1)!)).toBe(formatFigure((dayRate.max * best) / rate));
    }
  });
});

describe("the comparison", () => {
  it("shows an admin the matrix: candidates in ranking order, their totals and ranks, the leader", async () => {
    const plan = inReview(SCM);
    const admin = await person(emailOf(SCM, SCM.admin));
    const ev = await evaluationNamed(plan);
    const { results } = await engine(ev.id);
    const { html, text } = await renderPage(compareRoute, {
      id: "routes/evaluations.$evaluationId.compare._index",
      pattern: "evaluations/:evaluationId/compare",
      path: evaluationPath(ev.id, "/compare"),
      params: { evaluationId: ev.id },
      user: admin,
    });
    const ranked = byRank(results.candidates);

    expect(titleOf(html)).toBe(`Compare: ${plan.name} · PartnerLens`);
    expect(headings(html, 1)).toEqual([`Compare the shortlist: ${plan.name}`]);
    expect(text).toContain(
      `Review ${plan.candidates.length} candidates · ${plan.evaluators.length} evaluators`,
    );
    expect(text).not.toContain("provisional");
    expect(textOf(element(html, /<p class="compare-lead"/))).toBe(
      `${ranked[0].name} leads at the saved weights.`,
    );

    // Columns in ranking order; the partner this buyer chose before carries its delivery review.
    const delivered = decided(SCM).decision!;
    const review = delivered.deliveryReview;
    const matrix = element(html, /<table class="matrix"/);
    expect(elements(element(matrix, /<thead\b/), /<th\b/).map(textOf)).toEqual([
      "Candidate",
      ...ranked.map((c) =>
        c.name === delivered.chosen
          ? `${c.name} Delivered for you: 1 review, quality ${review.quality.toFixed(1)}/5, ${review.wouldEngageAgain ? 1 : 0} of 1 would engage again`
          : c.name,
      ),
    ]);
    const summary = rows(element(matrix, /<tbody class="matrix-summary"/));
    const named = (label: string) => summary.find((r) => r[0] === label)?.slice(1);
    expect(named("Total (0–100)")).toEqual(
      ranked.map((c) => `${totalText(c)} — how the total of ${c.name} was made`),
    );
    expect(named("Rank")?.map((r) => r.split(" ")[0])).toEqual(
      ranked.map((c) => (c.rank === undefined ? "—" : String(c.rank))),
    );
    expect(named("Completeness")).toEqual(ranked.map(() => "100%"));
    expect(named("Disqualified")?.map((r) => r.split(" ")[0])).toEqual(
      ranked.map((c) => (c.disqualified ? "Yes" : "No")),
    );
    // Each counted section, a row group of the matrix.
    const counted = BUILT_IN_CHECKLIST.sections.filter(
      (s) => s.weight > 0 || s.criteria.some((c) => c.key === "commercials.day_rate"),
    );
    for (const s of counted) expect(textOf(matrix)).toContain(s.name);
    // Without JavaScript: the win probability is a link that asks the server to draw it.
    expect(links(labelledBy(html, "robust-title"))).toEqual(["Draw the 2,000 weightings"]);
  });
});

describe("the report", () => {
  it("shows the decided evaluation's frozen record: the choice, the ranking, the charts, who scored", async () => {
    const plan = decided(SCM);
    const d = plan.decision!;
    const admin = await person(emailOf(SCM, SCM.admin));
    const ev = await evaluationNamed(plan);
    const { results, scoreRows } = await engine(ev.id);
    const { html, text } = await renderPage(reportRoute, {
      id: "routes/evaluations.$evaluationId.report",
      pattern: "evaluations/:evaluationId/report",
      path: evaluationPath(ev.id, "/report"),
      params: { evaluationId: ev.id },
      user: admin,
    });

    expect(titleOf(html)).toBe(`Decision report: ${plan.name} · PartnerLens`);
    expect(textOf(element(html, /<p class="report-kicker"/))).toBe(`${SCM.buyer} · decision report`);
    // Printed, decided: the running header without any DRAFT mark.
    expect(/<html[^>]*style="([^"]*)"/.exec(html)?.[1]).toMatch(/^--report-running:/);
    expect(html).not.toContain("--report-draft");
    expect(html).not.toContain("report-draft-mark");
    expect(headings(html, 1)).toEqual([plan.name]);
    expect(text).toContain("Status: Decided. The frozen record of the decision, taken ");
    const decision = labelledBy(html, "decision-title");
    expect(textOf(decision)).toContain(`Chosen: ${d.chosen}, decided by ${admin.name} on `);
    expect(textOf(element(decision, /<blockquote\b/))).toBe(d.rationale);

    const ranking = element(labelledBy(html, "ranking-title"), /<table\b/);
    expect(bodyRows(ranking).map((r) => [r[0], r[1], r[2], r[6]])).toEqual(
      byRank(results.candidates).map((c) => [
        c.rank === undefined ? "—" : String(c.rank),
        c.name,
        totalText(c),
        c.disqualified ? expect.any(String) : "No",
      ]),
    );
    // Charts drawn on the server: SVG, with their figures in words.
    const charts = elements(labelledBy(html, "charts-title"), /<figure\b/);
    expect(charts.length).toBeGreaterThanOrEqual(2);
    for (const chart of charts) expect(element(chart, /<div[^>]*class="report-chart-box"/)).toContain("<svg");
    // Who scored, with how many scores each.
    const people = labelledBy(html, "people-title");
    for (const who of plan.evaluators) {
      const p = await person(emailOf(SCM, who));
      const count = scoreRows.filter((s) => s.evaluatorUserId === p.userId).length;
      expect(textOf(people)).toContain(`${p.name}: ${count} scores`);
    }
    // Exports, and the print hint without JavaScript.
    expect(links(html)).toEqual(expect.arrayContaining(["summary.csv", "detail.csv", "comparison.json"]));
    expect(text).toContain("Print this page (Ctrl+P or ⌘P) to save it as a PDF.");
  });

  it("marks the report of an evaluation in review a draft, not decided yet", async () => {
    const plan = inReview(LAKESHORE);
    const admin = await person(emailOf(LAKESHORE, LAKESHORE.admin));
    const ev = await evaluationNamed(plan);
    const { results } = await engine(ev.id);
    const { html } = await renderPage(reportRoute, {
      id: "routes/evaluations.$evaluationId.report",
      pattern: "evaluations/:evaluationId/report",
      path: evaluationPath(ev.id, "/report"),
      params: { evaluationId: ev.id },
      user: admin,
    });
    expect(textOf(element(html, /<p class="report-kicker"/))).toBe(
      `${LAKESHORE.buyer} · decision report Draft: not decided yet`,
    );
    // The printed pages' running header and DRAFT mark (report.css reads them in @page margin boxes).
    const rootStyle = textOf(/<html[^>]*style="([^"]*)"/.exec(html)?.[1] ?? "");
    expect(rootStyle).toContain(`--report-running:"${LAKESHORE.buyer} · ${plan.name} · Review"`);
    expect(rootStyle).toContain(`--report-draft:"DRAFT: not decided"`);
    expect(html).toContain('<div class="report-draft-mark" aria-hidden="true">Draft</div>');
    expect(textOf(labelledBy(html, "decision-title"))).toBe("Decision Not decided yet.");
    const ranking = element(labelledBy(html, "ranking-title"), /<table\b/);
    expect(bodyRows(ranking).map((r) => [r[1], r[2]])).toEqual(
      byRank(results.candidates).map((c) => [c.name, totalText(c)]),
    );
    // The knockout failure the seed wrote (the mean of its two scores, under the criterion's threshold).
    const failing = plan.scores.filter((s) => s.criterion === "references.in_production");
    const mean = failing.reduce((sum, s) => sum + s.value, 0) / failing.length;
    const criterion = builtIn("references.in_production");
    expect(mean).toBeLessThan(criterion.knockout!);
    expect(bodyRows(ranking).find((r) => r[1] === failing[0].partner)?.[6]).toBe(
      `${criterion.name} scored ${formatFigure(mean)}, below its knockout of ${criterion.knockout}`,
    );
    // The declared conflict, with its note.
    const conflict = plan.declarations.find((x) => x.conflict)!;
    const p = await person(emailOf(LAKESHORE, conflict.who));
    const declarations = element(labelledBy(html, "people-title"), /<table\b/);
    const row = bodyRows(declarations).find((r) => r[0] === p.name);
    expect([row?.[2], row?.[3]]).toEqual([conflict.conflict, conflict.note]);
  });
});

describe("the consensus page", () => {
  it("shows an admin in review the disagreements by default, every criterion on 'All criteria', grouped by candidate, with the consensus set and the forms", async () => {
    const plan = inReview(SCM);
    const admin = await person(emailOf(SCM, SCM.admin));
    const ev = await evaluationNamed(plan);
    const { results, checklist, candidates } = await engine(ev.id);
    const render = (query: string) =>
      renderPage(consensusRoute, {
        id: "routes/evaluations.$evaluationId.consensus",
        pattern: "evaluations/:evaluationId/consensus",
        path: evaluationPath(ev.id, `/consensus${query}`),
        params: { evaluationId: ev.id },
        user: admin,
      });
    const agreed = plan.consensus!;
    const flagged = results.candidates.flatMap((c) =>
      c.criteria.filter((x) => x.kind === "rated" && x.disagreement),
    );
    const all = plan.candidates.length * RATED.length;

    // By default: the disagreements only, the filter's two counts in its labels.
    const first = await render("");
    expect(headings(first.html, 1)).toEqual(["Consensus scores"]);
    expect(first.text).toContain(
      `${flagged.length} disagreement${flagged.length === 1 ? "" : "s"} flagged (a spread of 30% of the scale or more) · ${agreed.length} consensus score${agreed.length === 1 ? "" : "s"} set`,
    );
    expect(first.text).not.toContain("this page is read-only");
    const filter = textOf(element(first.html, /<nav[^>]*aria-label="Criteria listed"/));
    expect(filter).toBe(`Disagreements only ${flagged.length} All criteria ${all}`);
    expect(elements(first.html, /<li[^>]*id="consensus-/)).toHaveLength(flagged.length);
    // A group per candidate with a disagreement, in the ranking's order, each heading its counts; the others share
    // one card.
    const quiet = results.candidates.filter(
      (c) => !c.criteria.some((x) => x.kind === "rated" && x.disagreement),
    );
    expect(headings(first.html, 2)).toEqual([
      ...results.candidates.filter((c) => !quiet.includes(c)).map((c) => c.name),
      ...(quiet.length > 0
        ? [`No disagreement on ${quiet.length} candidate${quiet.length === 1 ? "" : "s"}`]
        : []),
    ]);
    for (const c of results.candidates) {
      const mine = c.criteria.filter((x) => x.kind === "rated" && x.disagreement).length;
      // A candidate without a disagreement is a line in the shared card, the others a section of their own.
      const group = textOf(
        element(first.html, new RegExp(`<(section|li)[^>]*id="candidate-${c.candidateId}"`)),
      );
      expect(group).toContain(`${mine} disagreement${mine === 1 ? "" : "s"} of ${RATED.length} criteria`);
    }

    // All criteria: one row per counted rated criterion of each candidate, each with its form.
    const { html } = await render("?show=all");
    const items = elements(html, /<li[^>]*id="consensus-/);
    expect(items).toHaveLength(all);
    expect(items.filter((i) => buttons(i).includes("Set consensus"))).toHaveLength(all - agreed.length);

    for (const c of agreed) {
      const candidateId = candidates.find((x) => x.name === c.partner)!.id;
      const criterionId = frozenKey(checklist, c.criterion);
      const group = element(html, new RegExp(`<section[^>]*id="candidate-${candidateId}"`));
      const item = element(group, new RegExp(`<li[^>]*id="consensus-${candidateId}-${criterionId}"`));
      const said = textOf(item);
      expect(said.startsWith(builtIn(c.criterion).name)).toBe(true);
      expect(said).toContain(
        `Consensus: ${formatFigure(c.value)} of 5 ${c.rationale} Set by ${admin.name}, `,
      );
      // The evaluators' own scores beside it, with their justifications.
      for (const s of plan.scores.filter((x) => x.partner === c.partner && x.criterion === c.criterion)) {
        const p = await person(emailOf(SCM, s.who));
        expect(said).toContain(`${p.name}: ${s.value} of 5 ${s.justification}`);
      }
      expect(buttons(item)).toEqual(["Change consensus", "Clear consensus"]);
      expect(element(item, /<textarea\b/)).toContain(c.rationale);
    }
  });
});

describe("the partner pages", () => {
  const renderPartner = async (partner: string, user: TestUser) => {
    const id = await orgId(partner);
    return renderPage(partnerRoute, {
      id: "routes/partners.$partnerId",
      pattern: "partners/:partnerId",
      path: `/partners/${id}`,
      params: { partnerId: id },
      user,
    });
  };
  const profile = PARTNER_PROFILES[NORTHWIND];

  /** The evidence of `partner` a buyer sees (for all buyers, or shared with it), with its own verdict on each. */
  async function evidenceSeenBy(buyerId: string, partnerId: string) {
    const items = await getDb().select().from(evidence).where(eq(evidence.organisationId, partnerId));
    const shared = await getDb()
      .select({ id: evidenceShares.evidenceId })
      .from(evidenceShares)
      .where(eq(evidenceShares.buyerOrganisationId, buyerId));
    const verdicts = await getDb()
      .select()
      .from(evidenceVerifications)
      .where(
        and(
          eq(evidenceVerifications.buyerOrganisationId, buyerId),
          inArray(
            evidenceVerifications.versionId,
            items.map((i) => i.currentVersionId!),
          ),
        ),
      );
    return items
      .filter((i) => i.visibility === "all_buyers" || shared.some((s) => s.id === i.id))
      .map((i) => ({
        title: i.title,
        restricted: i.visibility === "restricted",
        verdict: verdicts.find((v) => v.versionId === i.currentVersionId),
      }));
  }

  it("shows a buyer admin a partner's claims, the evidence it may see with its verdicts, and its delivery review", async () => {
    const admin = await person(emailOf(SCM, SCM.admin));
    const northwind = await orgId(NORTHWIND);
    const { html, text } = await renderPartner(NORTHWIND, admin);

    expect(titleOf(html)).toBe(`${NORTHWIND} · Partners · PartnerLens`);
    expect(headings(html, 1)).toEqual([NORTHWIND]);
    expect(text).not.toContain("This is what buyers see.");
    // At a glance, from the seeded profile.
    const glance = textOf(labelledBy(html, "glance-title"));
    expect(glance).toContain(`Network tier ${LABELS.tier[profile.membership!.tier]}`);
    expect(glance).toContain(
      `References in production ${profile.refs.filter((r) => r.status === "production").length}`,
    );
    expect(glance).toContain(`P1 response ${profile.support!.p1Response} min`);
    for (const r of profile.refs) expect(text).toContain(r.customer);
    for (const [title] of profile.documents) expect(text).toContain(title);

    // Northwind is on every open shortlist of this buyer: nothing to add it to.
    const open = SCM.evaluations.filter((e) => !e.decision && !e.candidates.includes(NORTHWIND));
    expect(open).toEqual([]);
    expect(text).not.toContain("Add to an evaluation");

    // Its delivery for this buyer, after the decision that chose it.
    const chose = SCM.evaluations.find((e) => e.decision?.chosen === NORTHWIND)!;
    const r = chose.decision!.deliveryReview;
    const delivery = labelledBy(html, "delivery-title");
    expect(textOf(element(delivery, /<h2\b/))).toBe(`How ${NORTHWIND} delivered for you`);
    expect(textOf(delivery)).toContain(`${r.milestone} · ${chose.name}`);
    expect(textOf(delivery)).toContain(
      `Quality ${r.quality}/5 · schedule ${r.schedule}/5 · cost ${r.cost}/5`,
    );

    // The evidence this buyer may see (the restricted case study was shared with it), with its own verdicts.
    const seen = await evidenceSeenBy(admin.organisationId, northwind);
    expect(seen.some((e) => e.restricted)).toBe(true);
    const items = elements(labelledBy(html, "evidence-title"), /<li class="evidence-item"/);
    expect(items.map((i) => textOf(element(i, /<strong\b/))).sort()).toEqual(seen.map((e) => e.title).sort());
    for (const e of seen) {
      const item = items.find((i) => textOf(element(i, /<strong\b/)) === e.title)!;
      const label =
        e.verdict?.status === "verified"
          ? "Verified by your organisation"
          : e.verdict?.status === "rejected"
            ? "Rejected by your organisation"
            : "Not yet checked by your organisation";
      expect(textOf(item), e.title).toContain(`${e.title} ${label}`);
      expect(textOf(item).includes("shared with you"), e.title).toBe(e.restricted);
      if (e.verdict?.note) expect(textOf(item)).toContain(`Your note: “${e.verdict.note}”`);
      // An admin may give or change its verdict.
      expect(item).toContain("<form");
    }
  });

  it("offers a buyer admin the open evaluations a partner is not on yet", async () => {
    const admin = await person(emailOf(SCM, SCM.admin));
    const { html } = await renderPartner(GRANITE, admin);
    const form = element(html, /<form[^>]*class="card inline-form partner-add-evaluation"/);
    // The scored evaluations not decided, and the draft on version 2 of the built-in checklist.
    const open = [...SCM.evaluations, ...(DEMO_DRAFT.buyer === SCM.buyer ? [DEMO_DRAFT] : [])]
      .filter((e) => !("decision" in e && e.decision) && !e.candidates.includes(GRANITE))
      .map((e) => e.name);
    expect(open.length).toBeGreaterThan(0);
    expect(
      elements(form, /<option\b/)
        .map(textOf)
        .sort(),
    ).toEqual([...open].sort());
    expect(buttons(form)).toEqual(["Add to shortlist"]);
  });

  it("shows another buyer's viewer no restricted evidence, no delivery review and nothing to change", async () => {
    const viewer = await person(emailOf(LAKESHORE, "ken"));
    expect(viewer.role).toBe("viewer");
    const northwind = await orgId(NORTHWIND);
    const { html, text } = await renderPartner(NORTHWIND, viewer);
    const seen = await evidenceSeenBy(viewer.organisationId, northwind);
    expect(seen.some((e) => e.restricted)).toBe(false);
    const items = elements(labelledBy(html, "evidence-title"), /<li class="evidence-item"/);
    expect(items.map((i) => textOf(element(i, /<strong\b/))).sort()).toEqual(seen.map((e) => e.title).sort());
    for (const item of items) expect(item).not.toContain("<form");
    // Lakeshore chose another partner: no delivery of Northwind's to show.
    expect(LAKESHORE.evaluations.some((e) => e.decision?.chosen === NORTHWIND)).toBe(false);
    expect(html).not.toContain('aria-labelledby="delivery-title"');
    expect(text).not.toContain("Add to an evaluation");
    expect(textOf(element(html, /<nav[^>]*aria-label="Main"/))).toBe("Evaluations Partners");
  });

  it("shows the partner its own page as buyers see it, without any buyer's evidence or reviews", async () => {
    const olivia = await person("olivia@northwind.example");
    const { html, text } = await renderPartner(NORTHWIND, olivia);
    expect(headings(html, 1)).toEqual([NORTHWIND]);
    expect(text).toContain("This is what buyers see. Edit your profile");
    expect(html).not.toContain('aria-labelledby="evidence-title"');
    expect(html).not.toContain('aria-labelledby="delivery-title"');
    expect(textOf(element(html, /<nav[^>]*aria-label="Main"/))).toBe("Profile Evidence Requests Members");
  });

  it("shows a partner admin its profile: how complete it is, the credentials to renew, each section", async () => {
    const olivia = await person("olivia@northwind.example");
    const { html, text } = await renderPage(profileRoute, {
      id: "routes/profile._index",
      pattern: "profile",
      path: "/profile",
      user: olivia,
    });
    expect(titleOf(html)).toBe("Profile · PartnerLens");
    expect(headings(html, 1)).toEqual([NORTHWIND]);
    // Every section of the seeded profile is filled in, with a current credential of each kind.
    expect(profile.certs.some(([, , , expires]) => expires === null || expires > 0)).toBe(true);
    expect(profile.specs.some(([, , expires]) => expires === null || expires > 0)).toBe(true);
    expect(textOf(element(labelledBy(html, "completeness-title"), /<h2\b/))).toBe("Profile 100% complete");
    expect(text).toContain("8 of 8 sections filled in.");

    // Credentials expired or expiring within 60 days, from the seed's offsets.
    const renew = textOf(labelledBy(html, "expiry-title"));
    const credentials = [
      ...profile.certs.map(([track, , , expires]) => ({ kind: "Certification", name: track, expires })),
      ...profile.specs.map(([name, , expires]) => ({
        kind: "Specialization",
        name: specializationLabel(name),
        expires,
      })),
    ];
    for (const c of credentials) {
      const line = `${c.kind}: ${c.name} — `;
      if (c.expires !== null && c.expires < 0) expect(renew).toContain(`Expired ${line}Expired on `);
      else if (c.expires !== null && c.expires <= 60) expect(renew).toContain(`Expiring ${line}Expires in `);
      else expect(renew).not.toContain(line);
    }
    // The sections' summaries.
    for (const [track, staff] of profile.certs) expect(text).toContain(`${track}: ${staff} certified staff`);
    for (const r of profile.refs) {
      const outcomes = `${r.outcomes.length} measured ${r.outcomes.length === 1 ? "outcome" : "outcomes"}`;
      expect(text).toContain(`${r.customer} (${LABELS.referenceStatus[r.status]}, ${outcomes})`);
    }
    // One reference of the seed has a single measured outcome: said in the singular.
    const single = profile.refs.find((r) => r.outcomes.length === 1);
    expect(text).toContain(
      `${single!.customer} (${LABELS.referenceStatus[single!.status]}, 1 measured outcome)`,
    );
    expect(text).not.toContain("1 measured outcomes");
    expect(links(html)).toContain("See what buyers see");
    expect(links(html).filter((l) => l === "Edit")).toHaveLength(8);
  });
});

describe("the checklist editor", () => {
  it("shows a buyer admin its template: every section and criterion, with the shares the weights give", async () => {
    const admin = await person(emailOf(LAKESHORE, LAKESHORE.admin));
    // A template of this buyer's own: the built-in checklist with Commercials switched on at 10.
    const checklist: Checklist = {
      ...BUILT_IN_CHECKLIST,
      name: "Retail partner due diligence",
      sections: BUILT_IN_CHECKLIST.sections.map((s) =>
        s.criteria.some((c) => c.key === "commercials.day_rate") ? { ...s, weight: 10 } : s,
      ),
    };
    const { id } = await getDb().transaction((tx) =>
      createTemplate(tx, { userId: admin.userId, organisationId: admin.organisationId }, checklist, null),
    );
    const { html, text } = await renderPage(templateEditRoute, {
      id: "routes/templates.$templateId.edit",
      pattern: "templates/:templateId/edit",
      path: `/templates/${id}/edit`,
      params: { templateId: id },
      user: admin,
    });

    expect(titleOf(html)).toBe(`Edit ${checklist.name} · PartnerLens`);
    expect(headings(html, 1)).toEqual([`Edit “${checklist.name}”`]);
    expect(element(html, /<input[^>]*name="name"/)).toContain(`value="${checklist.name}"`);
    expect(element(html, /<input[^>]*name="version"/)).toContain('value="1"');
    const total = checklist.sections.reduce((sum, s) => sum + s.weight, 0);
    expect(text).toContain(`sum of all section weights (now ${total})`);

    const sections = elements(html, /<fieldset class="card section-editor"/);
    expect(sections).toHaveLength(checklist.sections.length);
    checklist.sections.forEach((s, i) => {
      const fieldset = sections[i];
      expect(textOf(element(fieldset, /<legend\b/))).toBe(`Section ${i + 1}: ${s.name}`);
      expect(element(fieldset, new RegExp(`<input[^>]*name="sections\\.${i}\\.weight"`))).toContain(
        `value="${s.weight}"`,
      );
      const share = textOf(element(fieldset, /<output\b/));
      expect(share).toBe(
        s.weight > 0
          ? `= ${Number(((100 * s.weight) / total).toFixed(1))}% of the checklist`
          : "Not counted (0%)",
      );
      // Each criterion's name in its field.
      for (const c of s.criteria) expect(fieldset).toContain(`value="${c.name.replace(/'/g, "&#x27;")}"`);
    });
    expect(buttons(html)).toEqual(expect.arrayContaining(["Add section", "Save template"]));
    expect(links(html)).toContain("Cancel");
  });

  it("has no editor for an evaluator", async () => {
    const evaluator = await person(emailOf(LAKESHORE, "marcus"));
    const templateId = randomUUID();
    const outcome = await callLoader(templateEditRoute.loader, {
      path: `/templates/${templateId}/edit`,
      params: { templateId },
      cookie: await sessionCookie(evaluator),
    });
    expect(outcome.status).toBe(403);
  });
});
