// The homes (docs/features.md "Home"), per role and per state: a new buyer organisation, an assigned evaluator with
// work, an evaluator with none, the blind rule on the home, a viewer, a partner with an open request; the onboarding
// steps that disappear once done, and a fixed number of statements whatever the number of evaluations.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import { dayIn } from "../app/domain/calendar";
import { leaderOf } from "../app/domain/home";
import type { Actor } from "../app/models/audit.server";
import { comparisonFor } from "../app/models/comparison.server";
import { evaluationFor, getEvaluationChecklist } from "../app/models/evaluation.server";
import { addCandidate, assignEvaluator } from "../app/models/evaluation-participants.server";
import { createEvaluation, moveStatus } from "../app/models/evaluation-setup.server";
import { setVerification } from "../app/models/evidence/verification.server";
import { createEvidence } from "../app/models/evidence/write.server";
import { createRequest } from "../app/models/evidence-requests/buyer.server";
import { type Home, homeFor } from "../app/models/home.server";
import { saveScore } from "../app/models/scores.server";
import * as indexRoute from "../app/routes/_index";
import type { Viewer } from "../app/utils/access.server";
import { getDb, setQueryListener } from "../db/client";
import {
  certifications,
  checklistTemplates,
  evaluations,
  evidence,
  networkMemberships,
  scores,
} from "../db/schema";
import {
  createMember,
  createOrganisation,
  createWorld,
  declareConflicts as declare,
  submitCandidates as submit,
  type TestUser,
} from "./factories";
import { callLoader } from "./remix";
import { renderPage } from "./support-render";

type World = Awaited<ReturnType<typeof createWorld>>;
const TZ = "Australia/Sydney";

function viewerOf(user: TestUser, orgName = "Test organisation"): Viewer {
  return {
    sessionIdHash: "",
    userId: user.userId,
    email: user.email,
    name: user.name,
    organisationId: user.organisationId,
    orgKind: user.kind,
    orgName,
    orgTimeZone: user.kind === "buyer" ? TZ : "UTC",
    emailConfirmed: true,
    role: user.role,
  };
}

const actorOf = (user: TestUser): Actor => ({ userId: user.userId, organisationId: user.organisationId });

/** A calendar day `days` from today in the buyers' time zone. */
function day(days: number): string {
  const [y, m, d] = dayIn(TZ).split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

async function home<K extends Home["kind"]>(user: TestUser, kind: K): Promise<Extract<Home, { kind: K }>> {
  const h = await homeFor(viewerOf(user));
  expect(h.kind).toBe(kind);
  return h as Extract<Home, { kind: K }>;
}

async function partnersNamed(...names: string[]) {
  const suffix = crypto.randomUUID().slice(0, 6);
  const out: { id: string; name: string }[] = [];
  for (const n of names) out.push(await createOrganisation("partner", `${n} ${suffix}`));
  return out.map((p) => ({ id: p.id, name: p.name }));
}

async function newEvaluation(
  w: Pick<World, "buyerAdmin">,
  name: string,
  options: {
    partners?: string[];
    evaluators?: TestUser[];
    deadlineOn?: string | null;
    scoring?: boolean;
  } = {},
) {
  const admin = actorOf(w.buyerAdmin);
  const { id } = await getDb().transaction((tx) =>
    createEvaluation(
      tx,
      admin,
      {
        name,
        industry: "Insurance",
        sizeBand: "5k-20k",
        useCases: ["document_processing"],
        requiredSpecializations: [],
        deadlineOn: options.deadlineOn ?? null,
        minimumTotal: null,
      },
      BUILT_IN_CHECKLIST,
      "Built-in",
    ),
  );
  const candidates: string[] = [];
  for (const p of options.partners ?? []) candidates.push(await addCandidate(admin, id, p));
  for (const e of options.evaluators ?? []) await assignEvaluator(admin, id, e.userId);
  if (options.scoring) await move(w, id, "scoring");
  const checklist = await getEvaluationChecklist({ id, name });
  const counted = checklist.sections.flatMap((s) =>
    s.weight > 0 ? s.criteria.filter((c) => c.kind === "rated" && c.weight > 0).map((c) => c.key) : [],
  );
  return { id, candidates, counted };
}

async function move(w: Pick<World, "buyerAdmin">, id: string, to: "scoring" | "review" | "cancelled") {
  const [row] = await getDb()
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  await moveStatus(actorOf(w.buyerAdmin), id, row.version, to);
}

/** Saved scores written straight to the table (the model's own path is tested in scores.test.ts). */
async function scoreMany(
  evaluationId: string,
  user: TestUser,
  candidateId: string,
  criterionIds: string[],
  value = 3,
) {
  if (criterionIds.length === 0) return;
  await getDb()
    .insert(scores)
    .values(
      criterionIds.map((criterionId) => ({
        organisationId: user.organisationId,
        evaluationId,
        candidateId,
        criterionId,
        evaluatorUserId: user.userId,
        value,
        justification: `Scored ${value}.`,
      })),
    );
}

async function statementsOf(fn: () => Promise<unknown>): Promise<number> {
  let seen = 0;
  setQueryListener(() => {
    seen += 1;
  });
  try {
    await fn();
  } finally {
    setQueryListener(undefined);
  }
  return seen;
}

const renderHome = (user: TestUser) =>
  renderPage(indexRoute, { id: "routes/_index", pattern: "/", path: "/", user });

describe("the landing page", () => {
  it("stays the landing page for an anonymous visitor: no home is read", async () => {
    expect((await callLoader(indexRoute.loader, { path: "/" })).data).toEqual({ home: null });
  });
});

describe("a buyer admin's home", () => {
  it("shows a new organisation its first steps and no evaluation; each step goes once done", async () => {
    const buyer = await createOrganisation("buyer");
    const admin = await createMember(buyer, "admin", "Ada Lovelace");
    const fresh = await home(admin, "buyer-admin");
    expect(fresh.steps.map((s) => s.key)).toEqual(["team", "checklist", "evaluation"]);
    expect(fresh.evaluations).toEqual([]);
    expect(fresh.waiting).toEqual({ items: [], shownAbove: 0 });
    const page = await renderHome(admin);
    expect(page.text).toContain("Next steps");
    expect(page.text).toContain("No open evaluation");

    await createMember(buyer, "evaluator");
    expect((await home(admin, "buyer-admin")).steps.map((s) => s.key)).toEqual(["checklist", "evaluation"]);
    await getDb()
      .insert(checklistTemplates)
      .values({ organisationId: buyer.id, name: "Our checklist", copiedFrom: "Built-in" });
    expect((await home(admin, "buyer-admin")).steps.map((s) => s.key)).toEqual(["evaluation"]);
    await newEvaluation({ buyerAdmin: admin }, "First evaluation");
    const done = await home(admin, "buyer-admin");
    expect(done.steps).toEqual([]);
    expect(done.evaluations.map((e) => e.name)).toEqual(["First evaluation"]);
    expect((await renderHome(admin)).text).not.toContain("Next steps");
  });

  it("shows each evaluator's progress, the deadline in words, and the leader from review as the comparison has it", async () => {
    const w = await createWorld();
    const [atlas, bluegum] = await partnersNamed("Atlas Data", "Bluegum Digital");
    const e = await newEvaluation(w, "Claims triage", {
      partners: [atlas.id, bluegum.id],
      evaluators: [w.evaluator, w.evaluator2],
      deadlineOn: day(2),
      scoring: true,
    });
    await declare(e.id, w.evaluator, e.candidates);
    await scoreMany(e.id, w.evaluator, e.candidates[0], e.counted, 4);
    await scoreMany(e.id, w.evaluator, e.candidates[1], e.counted.slice(0, 5), 2);
    await submit(e.id, w.evaluator, [e.candidates[0]]);
    const n = e.counted.length;

    const scoring = await home(w.buyerAdmin, "buyer-admin");
    const row = scoring.evaluations.find((x) => x.id === e.id);
    expect(row).toMatchObject({
      status: "scoring",
      candidates: 2,
      reachedReview: false,
      leader: null,
      mine: null,
      deadline: { words: "due in 2 days", soon: true, overdue: false },
    });
    const byName = new Map(row?.evaluators.map((x) => [x.name, x.progress]));
    expect(byName.get(w.evaluator.name)).toMatchObject({
      declared: true,
      scored: n + 5,
      ofCriteria: 2 * n,
      criteria: `${n + 5} of ${2 * n} criteria scored`,
      candidates: "1 of 2 candidates submitted",
    });
    expect(byName.get(w.evaluator2.name)).toMatchObject({ declared: false, scored: 0 });
    // The deadline line of what waits is the row's deadline: not said twice.
    expect(scoring.waiting).toEqual({ items: [], shownAbove: 1 });

    await move(w, e.id, "review");
    const review = (await home(w.buyerAdmin, "buyer-admin")).evaluations.find((x) => x.id === e.id);
    const comparison = await comparisonFor(viewerOf(w.buyerAdmin), e.id);
    const expected = leaderOf(comparison.results);
    expect(expected?.names).toEqual([atlas.name]);
    expect(review?.leader).toEqual({
      names: atlas.name,
      total: expected?.total.toFixed(1),
      provisional: true,
    });
    const page = await renderHome(w.buyerAdmin);
    expect(page.text).toContain(`Leader: ${atlas.name}, total ${expected?.total.toFixed(1)}`);
    expect(page.html).toMatch(/<progress[^>]*aria-label="[^"]*criteria scored"/);
  });
});

describe("an evaluator's home", () => {
  it("names the next action with the right count, which falls as it scores, then submit, then the comparison", async () => {
    const w = await createWorld();
    const [atlas, bluegum] = await partnersNamed("Atlas Data", "Bluegum Digital");
    const e = await newEvaluation(w, "Claims triage", {
      partners: [atlas.id, bluegum.id],
      evaluators: [w.evaluator],
      scoring: true,
      deadlineOn: day(9),
    });
    const [a, b] = e.candidates;
    const n = e.counted.length;
    const base = `/evaluations/${e.id}`;

    let mine = (await home(w.evaluator, "evaluator")).evaluations;
    expect(mine.map((x) => x.next)).toEqual([
      { kind: "declare", text: "Declare conflicts of interest for Claims triage", to: `${base}/declaration` },
    ]);

    await declare(e.id, w.evaluator, [a, b]);
    await scoreMany(e.id, w.evaluator, a, e.counted);
    await scoreMany(e.id, w.evaluator, b, e.counted.slice(0, 12));
    const before = (await home(w.evaluator, "evaluator")).evaluations[0];
    expect(before.next).toEqual({
      kind: "score",
      text: `Score ${n - 12} criteria of ${bluegum.name}`,
      to: `${base}/candidates/${b}`,
    });
    expect(before.progress).toMatchObject({
      scored: n + 12,
      ofCriteria: 2 * n,
      submitted: 0,
      ofCandidates: 2,
    });
    expect(before.deadline).toMatchObject({ words: "due in 9 days", soon: false });

    // One more score through the model: the count falls by one.
    const [row] = await getDb().select().from(evaluations).where(eq(evaluations.id, e.id));
    await saveScore(
      actorOf(w.evaluator),
      row,
      {
        candidateId: b,
        criterionId: e.counted[12],
        value: 3,
        justification: "Good enough.",
        citedVersionIds: [],
        acceptedSuggestion: null,
      },
      null,
    );
    const after = (await home(w.evaluator, "evaluator")).evaluations[0];
    expect(after.next?.text).toBe(`Score ${n - 13} criteria of ${bluegum.name}`);
    expect(after.progress.scored).toBe(n + 13);

    await scoreMany(e.id, w.evaluator, b, e.counted.slice(13));
    mine = (await home(w.evaluator, "evaluator")).evaluations;
    expect(mine[0].next).toEqual({
      kind: "submit",
      text: `Submit ${atlas.name}`,
      to: `${base}/candidates/${a}`,
    });
    await submit(e.id, w.evaluator, [a, b]);
    mine = (await home(w.evaluator, "evaluator")).evaluations;
    expect(mine[0].next).toEqual({
      kind: "compare",
      text: "Read the comparison",
      to: `${base}/compare`,
    });

    const page = await renderHome(w.evaluator);
    expect(page.text).toContain("Your evaluations");
    expect(page.text).not.toMatch(/assign/i);
  });

  it("shows an evaluator without an assignment the empty state, and no action", async () => {
    const w = await createWorld();
    await newEvaluation(w, "Not mine", { evaluators: [w.evaluator2] });
    const h = await home(w.evaluator, "evaluator");
    expect(h.evaluations).toEqual([]);
    expect(h.waiting).toEqual({ items: [], shownAbove: 0 });
    const page = await renderHome(w.evaluator);
    expect(page.text).toContain("No assignment yet");
    expect(page.text).toContain("When a procurement lead assigns you to an evaluation, it appears here");
    expect(page.text).not.toContain("Score ");
    expect(page.text).not.toContain("Not mine");
  });

  it("never shows an evaluator the leader or another evaluator's progress, before or after the comparison opens", async () => {
    const w = await createWorld();
    const [atlas, bluegum] = await partnersNamed("Atlas Data", "Bluegum Digital");
    const e = await newEvaluation(w, "Blind", {
      partners: [atlas.id, bluegum.id],
      evaluators: [w.evaluator, w.evaluator2, w.buyerAdmin],
      scoring: true,
    });
    for (const u of [w.evaluator2, w.buyerAdmin]) {
      await declare(e.id, u, e.candidates);
      for (const c of e.candidates) await scoreMany(e.id, u, c, e.counted, c === e.candidates[0] ? 5 : 1);
      await submit(e.id, u, e.candidates);
    }
    await declare(e.id, w.evaluator, e.candidates);
    await scoreMany(e.id, w.evaluator, e.candidates[0], e.counted.slice(0, 3));

    const blind = await home(w.evaluator, "evaluator");
    const text = JSON.stringify(blind);
    expect(blind.evaluations[0].progress).toMatchObject({ scored: 3, submitted: 0 });
    expect(text).not.toContain(w.evaluator2.name);
    expect(text).not.toContain(w.buyerAdmin.name);
    expect(text).not.toMatch(/leader|total/i);
    expect((await renderHome(w.evaluator)).text).not.toContain("Leader");

    // The admin, assigned too, reads every evaluator's progress, and its own next step: it scored and submitted all.
    const admin = (await home(w.buyerAdmin, "buyer-admin")).evaluations[0];
    expect(admin.evaluators.map((x) => x.name).sort()).toEqual(
      [w.buyerAdmin.name, w.evaluator.name, w.evaluator2.name].sort(),
    );
    expect(admin.mine?.next?.kind).toBe("compare");

    await move(w, e.id, "review");
    const open = await home(w.evaluator, "evaluator");
    expect(open.evaluations[0].next?.kind).toBe("compare");
    expect(JSON.stringify(open)).not.toContain(w.evaluator2.name);
    expect(JSON.stringify(open)).not.toMatch(/leader/i);
  });
});

describe("a viewer's home", () => {
  it("lists only the evaluations that reached review, with the leader of the open ones", async () => {
    const w = await createWorld();
    const [atlas, bluegum] = await partnersNamed("Atlas Data", "Bluegum Digital");
    const scoringOnly = await newEvaluation(w, "Still scoring", {
      partners: [atlas.id],
      evaluators: [w.evaluator],
      scoring: true,
    });
    await newEvaluation(w, "A draft");
    const inReview = await newEvaluation(w, "In review", {
      partners: [atlas.id, bluegum.id],
      evaluators: [w.evaluator],
      scoring: true,
    });
    await declare(inReview.id, w.evaluator, inReview.candidates);
    await scoreMany(inReview.id, w.evaluator, inReview.candidates[1], inReview.counted, 5);
    await scoreMany(inReview.id, w.evaluator, inReview.candidates[0], inReview.counted, 2);
    await move(w, inReview.id, "review");
    const backInScoring = await newEvaluation(w, "Back in scoring", {
      partners: [atlas.id],
      evaluators: [w.evaluator],
      scoring: true,
    });
    await move(w, backInScoring.id, "review");
    await move(w, backInScoring.id, "scoring");
    await scoreMany(scoringOnly.id, w.evaluator, scoringOnly.candidates[0], scoringOnly.counted, 5);

    const h = await home(w.viewer, "viewer");
    expect(h.evaluations.map((e) => e.name).sort()).toEqual(["Back in scoring", "In review"]);
    const review = h.evaluations.find((e) => e.name === "In review");
    expect(review).toMatchObject({ status: "review", leader: { names: bluegum.name, total: "100.0" } });
    expect(h.evaluations.find((e) => e.name === "Back in scoring")?.leader).toBeNull();
    expect(h.more).toBe(0);
    const page = await renderHome(w.viewer);
    expect(page.text).toContain("Evaluations you can read");
    expect(page.text).not.toContain("Still scoring");
    expect(page.html).not.toContain('id="waiting"');
  });

  it("shows a viewer with nothing to read an empty state", async () => {
    const w = await createWorld();
    await newEvaluation(w, "Hidden", { partners: [w.partner.id], evaluators: [w.evaluator], scoring: true });
    expect((await home(w.viewer, "viewer")).evaluations).toEqual([]);
    expect((await renderHome(w.viewer)).text).toContain("Nothing to read yet");
  });
});

describe("a partner's home", () => {
  it("lists the open request, the profile's completeness, the expiring credential and the verdicts, never the buyer of a verdict", async () => {
    const w = await createWorld();
    const e = await newEvaluation(w, "Secret evaluation name", {
      partners: [w.partner.id],
      evaluators: [w.evaluator],
      scoring: true,
    });
    const [criterion] = e.counted;
    const [criterionName] = BUILT_IN_CHECKLIST.sections.flatMap((s) =>
      s.criteria.filter((c) => c.kind === "rated" && c.weight > 0).map((c) => c.name),
    );
    const access = await evaluationFor(viewerOf(w.buyerAdmin), e.id);
    await getDb().transaction((tx) =>
      createRequest(tx, viewerOf(w.buyerAdmin, "Buyer Co"), access, {
        candidateId: e.candidates[0],
        criterionId: criterion,
        message: "Please share the case study.",
        dueOn: day(5),
      }),
    );
    await getDb().insert(networkMemberships).values({ organisationId: w.partner.id, tier: "select" });
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await getDb()
      .insert(certifications)
      .values({ organisationId: w.partner.id, track: "Applied AI", certifiedStaff: 3, expiresOn: expires });
    const evidenceId = await getDb().transaction((tx) =>
      createEvidence(
        tx,
        actorOf(w.partnerAdmin),
        {
          claim: "document:",
          title: "Claims case study",
          visibility: "all_buyers",
          effectiveFrom: undefined,
          effectiveTo: undefined,
        },
        { kind: "document", id: null },
        { kind: "link", url: "https://example.com/case" },
      ),
    );
    const [ev] = await getDb()
      .select({ versionId: evidence.currentVersionId })
      .from(evidence)
      .where(eq(evidence.id, evidenceId));
    await setVerification(
      actorOf(w.buyerAdmin),
      w.partner.id,
      {
        versionId: ev.versionId as string,
        status: "rejected",
        note: "The baseline is missing.",
        seenOn: undefined,
      },
      day(0),
    );

    const h = await home(w.partnerAdmin, "partner");
    expect(h.waiting.items).toHaveLength(1);
    expect(h.waiting.items[0]).toMatchObject({ due: "in 5 days", overdue: false });
    expect(h.waiting.items[0].text).toContain(`asks for evidence on “${criterionName}”`);
    expect(h.profile).toMatchObject({ percent: "25%", done: 2, total: 8 });
    expect(h.profile.missing.map((s) => s.key)).toEqual([
      "facts",
      "specializations",
      "references",
      "providers",
      "support",
      "documents",
    ]);
    expect(h.profile.missing[0]).toMatchObject({ href: "/profile/facts" });
    expect(h.alerts).toEqual([
      {
        key: "certification-Applied AI",
        state: "expiring",
        text: expect.stringMatching(/Certification “Applied AI” expires .*, in 30 days\./),
      },
    ]);
    expect(h.verdicts).toEqual([
      {
        id: evidenceId,
        title: "Claims case study",
        to: `/evidence/${evidenceId}`,
        text: "Rejected by 1 buyer",
        notes: ["The baseline is missing."],
      },
    ]);
    // The evidence was uploaded and the partner has two members: only the profile step is left.
    expect(h.steps.map((s) => s.key)).toEqual(["profile"]);
    const text = JSON.stringify(h);
    expect(text).not.toContain("Secret evaluation name");
    expect(text).not.toContain(w.buyerAdmin.name);

    const page = await renderHome(w.partnerMember);
    expect(page.text).toContain("Open evidence requests");
    expect(page.text).toContain("Your profile is 25% complete");
    expect(page.html).toContain('id="waiting"');
  });

  it("shows a new partner every first step, and an admin the team step until someone is invited", async () => {
    const partner = await createOrganisation("partner");
    const admin = await createMember(partner, "admin");
    const h = await home(admin, "partner");
    expect(h.steps.map((s) => s.key)).toEqual(["profile", "evidence", "team"]);
    expect(h.profile).toMatchObject({ percent: "0%", done: 0 });
    expect(h.waiting.items).toEqual([]);
    expect(h.verdicts).toEqual([]);
    const member = await createMember(partner, "member");
    expect((await home(member, "partner")).steps.map((s) => s.key)).toEqual(["profile", "evidence"]);
    expect((await home(admin, "partner")).steps.map((s) => s.key)).toEqual(["profile", "evidence"]);
  });
});

describe("the homes' statements", () => {
  it("are as many with one evaluation as with six, for every role", async () => {
    const w = await createWorld();
    const ps = await partnersNamed("P1", "P2", "P3");
    const one = await newEvaluation(w, "Only", {
      partners: ps.map((p) => p.id),
      evaluators: [w.evaluator, w.buyerAdmin],
      scoring: true,
    });
    await declare(one.id, w.evaluator, one.candidates);
    await scoreMany(one.id, w.evaluator, one.candidates[0], one.counted);
    await move(w, one.id, "review");
    const counts = async () => ({
      admin: await statementsOf(() => homeFor(viewerOf(w.buyerAdmin))),
      evaluator: await statementsOf(() => homeFor(viewerOf(w.evaluator))),
      viewer: await statementsOf(() => homeFor(viewerOf(w.viewer))),
      partner: await statementsOf(() => homeFor(viewerOf(w.partnerAdmin))),
    });
    const few = await counts();
    for (let i = 0; i < 5; i++) {
      const e = await newEvaluation(w, `More ${i}`, {
        partners: ps.map((p) => p.id),
        evaluators: [w.evaluator, w.evaluator2],
        scoring: true,
        deadlineOn: day(i),
      });
      await declare(e.id, w.evaluator, e.candidates);
      await scoreMany(e.id, w.evaluator, e.candidates[i % 3], e.counted.slice(0, 3 + i));
      if (i % 2 === 0) await move(w, e.id, "review");
    }
    const many = await counts();
    expect(many).toEqual(few);
    expect(few).toEqual({ admin: 5, evaluator: 2, viewer: 3, partner: 4 });
    expect((await home(w.viewer, "viewer")).evaluations).toHaveLength(4);
  });
});
