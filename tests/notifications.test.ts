import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import type { Actor } from "../app/models/audit.server";
import type { EvaluationDetails } from "../app/models/evaluation.server";
import { addCandidate, assignEvaluator } from "../app/models/evaluation-participants.server";
import { createEvaluation, moveStatus } from "../app/models/evaluation-setup.server";
import { waitingCount, waitingFor } from "../app/models/notifications.server";
import { changeRole, removeMember } from "../app/models/team.server";
import * as rootRoute from "../app/root";
import * as indexRoute from "../app/routes/_index";
import type { Viewer } from "../app/utils/access.server";
import { getDb, setQueryListener } from "../db/client";
import {
  auditEvents,
  candidateSubmissions,
  evaluationCandidates,
  evaluationEvaluators,
  evaluations,
  memberships,
} from "../db/schema";
import { createOrganisation, createWorld, declareConflicts, sessionCookie, type TestUser } from "./factories";
import { callLoader } from "./remix";

// 2026-03-10 14:30 UTC is 2026-03-11 01:30 in Sydney (daylight saving time, UTC+11): the buyers of createWorld
// live there, so "today" differs from UTC's.
const NOW = new Date("2026-03-10T14:30:00Z");

type World = Awaited<ReturnType<typeof createWorld>>;

function viewerOf(user: TestUser, timeZone = "Australia/Sydney"): Viewer {
  return {
    sessionIdHash: "",
    userId: user.userId,
    email: user.email,
    name: user.name,
    organisationId: user.organisationId,
    orgKind: user.kind,
    orgName: "Test organisation",
    orgTimeZone: timeZone,
    emailConfirmed: true,
    role: user.role,
  };
}

const actorOf = (user: TestUser): Actor => ({ userId: user.userId, organisationId: user.organisationId });

function details(name: string, deadlineOn: string | null = null): EvaluationDetails {
  return {
    name,
    industry: "Insurance",
    sizeBand: "5k-20k",
    useCases: ["document_processing"],
    requiredSpecializations: [],
    deadlineOn,
    minimumTotal: null,
  };
}

async function newEvaluation(
  w: World,
  name: string,
  options: {
    deadlineOn?: string | null;
    partners?: string[];
    evaluators?: TestUser[];
    scoring?: boolean;
  } = {},
) {
  const admin = actorOf(w.buyerAdmin);
  const { id } = await getDb().transaction((tx) =>
    createEvaluation(tx, admin, details(name, options.deadlineOn ?? null), BUILT_IN_CHECKLIST, "Built-in"),
  );
  const candidateIds: string[] = [];
  for (const partner of options.partners ?? []) candidateIds.push(await addCandidate(admin, id, partner));
  for (const e of options.evaluators ?? []) await assignEvaluator(admin, id, e.userId);
  if (options.scoring) {
    const [row] = await getDb()
      .select({ version: evaluations.version })
      .from(evaluations)
      .where(eq(evaluations.id, id));
    await moveStatus(admin, id, row.version, "scoring");
  }
  return { id, candidateIds };
}

async function partners(...names: string[]) {
  const ids: string[] = [];
  for (const name of names)
    ids.push((await createOrganisation("partner", `${name} ${crypto.randomUUID().slice(0, 6)}`)).id);
  return ids;
}

async function submit(evaluationId: string, user: TestUser, candidateIds: string[]) {
  await getDb()
    .insert(candidateSubmissions)
    .values(
      candidateIds.map((candidateId) => ({
        organisationId: user.organisationId,
        evaluationId,
        candidateId,
        evaluatorUserId: user.userId,
      })),
    );
}

async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  setQueryListener((q) => seen.push(q));
  try {
    await fn();
  } finally {
    setQueryListener(undefined);
  }
  return seen;
}

describe("what waits for an evaluator in scoring", () => {
  it("asks for a declaration first, then lists the candidates left to score, then nothing", async () => {
    const w = await createWorld();
    const [atlas, northwind, copperleaf] = await partners("Atlas", "Northwind", "Copperleaf");
    const e = await newEvaluation(w, "Claims triage", {
      partners: [atlas, northwind, copperleaf],
      evaluators: [w.evaluator],
      scoring: true,
    });

    const first = await waitingFor(viewerOf(w.evaluator), NOW);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      evaluationId: e.id,
      kind: "declaration",
      to: `/evaluations/${e.id}/declaration`,
      due: null,
    });
    expect(first[0].text).toContain("Claims triage");

    // Declared, with a conflict with Copperleaf: only the two others are to be scored.
    await declareConflicts(e.id, w.evaluator, e.candidateIds, [e.candidateIds[2]]);
    const second = await waitingFor(viewerOf(w.evaluator), NOW);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ kind: "scoring", to: `/evaluations/${e.id}` });
    expect(second[0].text).toMatch(/^Score Atlas \w+ and Northwind \w+ in Claims triage$/);

    await submit(e.id, w.evaluator, [e.candidateIds[0]]);
    expect((await waitingFor(viewerOf(w.evaluator), NOW))[0].text).toMatch(/^Score Northwind \w+ in Claims/);

    await submit(e.id, w.evaluator, [e.candidateIds[1]]);
    expect(await waitingFor(viewerOf(w.evaluator), NOW)).toEqual([]);
    expect(await waitingCount(viewerOf(w.evaluator), NOW)).toBe(0);

    // A candidate added later asks for a new declaration.
    const [bluegum] = await partners("Bluegum");
    await addCandidate(actorOf(w.buyerAdmin), e.id, bluegum);
    expect(await waitingFor(viewerOf(w.evaluator), NOW)).toMatchObject([{ kind: "declaration" }]);
    expect(await waitingCount(viewerOf(w.evaluator), NOW)).toBe(1);
  });

  it("shows nothing for evaluations the person is not (or no longer) assigned to, nor to viewers and partners", async () => {
    const w = await createWorld();
    const [atlas] = await partners("Atlas");
    const e = await newEvaluation(w, "Assigned elsewhere", {
      partners: [atlas],
      evaluators: [w.evaluator],
      scoring: true,
      deadlineOn: "2026-03-12",
    });
    expect(await waitingFor(viewerOf(w.evaluator2), NOW)).toEqual([]);
    expect(await waitingFor(viewerOf(w.viewer), NOW)).toEqual([]);
    expect(await waitingFor(viewerOf(w.partnerAdmin, "UTC"), NOW)).toEqual([]);
    expect(await waitingCount(viewerOf(w.partnerMember, "UTC"), NOW)).toBe(0);
    // The admin is not assigned: only the deadline concerns it.
    expect(await waitingFor(viewerOf(w.buyerAdmin), NOW)).toMatchObject([
      { evaluationId: e.id, kind: "deadline", due: { days: 1, label: "tomorrow" } },
    ]);

    await getDb()
      .update(evaluationEvaluators)
      .set({ active: false })
      .where(eq(evaluationEvaluators.evaluationId, e.id));
    expect(await waitingFor(viewerOf(w.evaluator), NOW)).toEqual([]);

    // Another buyer's admin and evaluators never see it.
    const other = await createWorld();
    expect(await waitingFor(viewerOf(other.buyerAdmin), NOW)).toEqual([]);
    expect(await waitingFor(viewerOf(other.evaluator), NOW)).toEqual([]);
  });
});

describe("deadlines", () => {
  it("warns about deadlines from today to three days ahead, in the organisation's time zone", async () => {
    const w = await createWorld();
    // In Sydney it is already 2026-03-11.
    const yesterday = await newEvaluation(w, "A: due yesterday in Sydney, today in UTC", {
      deadlineOn: "2026-03-10",
    });
    const today = await newEvaluation(w, "B: due today", { deadlineOn: "2026-03-11" });
    const inThree = await newEvaluation(w, "C: due in three days (four in UTC)", {
      deadlineOn: "2026-03-14",
    });
    await newEvaluation(w, "D: due in four days", { deadlineOn: "2026-03-15" });
    await newEvaluation(w, "E: no deadline");
    const cancelled = await newEvaluation(w, "F: cancelled", { deadlineOn: "2026-03-12" });
    await getDb().update(evaluations).set({ status: "cancelled" }).where(eq(evaluations.id, cancelled.id));
    const decided = await newEvaluation(w, "G: decided", { deadlineOn: "2026-03-12" });
    await getDb().update(evaluations).set({ status: "decided" }).where(eq(evaluations.id, decided.id));

    const items = await waitingFor(viewerOf(w.buyerAdmin), NOW);
    expect(items.map((i) => [i.evaluationId, i.kind, i.due?.label])).toEqual([
      [today.id, "deadline", "today"],
      [inThree.id, "deadline", "in 3 days"],
    ]);
    expect(items[0].text).toBe("B: due today is due today");
    expect(await waitingCount(viewerOf(w.buyerAdmin), NOW)).toBe(2);
    expect(yesterday.id).not.toBe(today.id);

    // The same instant in UTC counts days differently: that is why the organisation's time zone matters.
    const inUtc = await waitingFor(viewerOf(w.buyerAdmin, "UTC"), NOW);
    expect(inUtc.map((i) => i.due?.label)).toEqual(["today", "tomorrow"]);

    // An evaluator hears about the deadlines of the evaluations it is assigned to only.
    expect(await waitingFor(viewerOf(w.evaluator), NOW)).toEqual([]);
    await assignEvaluator(actorOf(w.buyerAdmin), inThree.id, w.evaluator.userId);
    expect(await waitingFor(viewerOf(w.evaluator), NOW)).toMatchObject([
      { evaluationId: inThree.id, kind: "deadline", to: `/evaluations/${inThree.id}` },
    ]);
  });

  it("puts the deadline on the scoring line when both apply", async () => {
    const w = await createWorld();
    const [atlas] = await partners("Atlas");
    const e = await newEvaluation(w, "Due soon", {
      partners: [atlas],
      evaluators: [w.evaluator],
      scoring: true,
      deadlineOn: "2026-03-13",
    });
    await declareConflicts(e.id, w.evaluator, e.candidateIds);
    expect(await waitingFor(viewerOf(w.evaluator), NOW)).toMatchObject([
      { kind: "scoring", due: { days: 2, label: "in 2 days" } },
    ]);
    await submit(e.id, w.evaluator, e.candidateIds);
    expect(await waitingFor(viewerOf(w.evaluator), NOW)).toMatchObject([{ kind: "deadline" }]);
  });
});

describe("statements", () => {
  it("reads what waits in one statement, however many evaluations and candidates", async () => {
    const w = await createWorld();
    const few = await statementsOf(() => waitingFor(viewerOf(w.evaluator), NOW));
    const ps = await partners("P1", "P2", "P3", "P4", "P5");
    for (let i = 0; i < 4; i++) {
      const e = await newEvaluation(w, `Evaluation ${i}`, {
        partners: ps,
        evaluators: [w.evaluator, w.buyerAdmin],
        scoring: true,
        deadlineOn: "2026-03-12",
      });
      if (i % 2 === 0) await declareConflicts(e.id, w.evaluator, e.candidateIds, [e.candidateIds[0]]);
      if (i === 0) await submit(e.id, w.evaluator, e.candidateIds.slice(1, 3));
    }
    const many = await statementsOf(() => waitingFor(viewerOf(w.evaluator), NOW));
    expect(few).toHaveLength(1);
    expect(many).toHaveLength(1);
    expect(await statementsOf(() => waitingCount(viewerOf(w.buyerAdmin), NOW))).toHaveLength(1);
    // Partners: the evidence requests addressed to them, in one statement too.
    expect(await statementsOf(() => waitingFor(viewerOf(w.partnerAdmin, "UTC"), NOW))).toHaveLength(1);
    expect(await statementsOf(() => waitingFor(viewerOf(w.viewer), NOW))).toHaveLength(0);
    expect(await waitingCount(viewerOf(w.evaluator), NOW)).toBe(4);
  });
});

describe("demotion and removal unassign (docs/product.md 'Assigned evaluator')", () => {
  async function membershipOf(user: TestUser) {
    const [m] = await getDb()
      .select({ id: memberships.id, version: memberships.version })
      .from(memberships)
      .where(eq(memberships.userId, user.userId));
    return m;
  }

  async function assignment(evaluationId: string, user: TestUser) {
    const [row] = await getDb()
      .select({ active: evaluationEvaluators.active })
      .from(evaluationEvaluators)
      .where(
        and(
          eq(evaluationEvaluators.evaluationId, evaluationId),
          eq(evaluationEvaluators.userId, user.userId),
        ),
      );
    return row?.active;
  }

  async function unassignEvents(evaluationId: string) {
    return getDb()
      .select({ actorUserId: auditEvents.actorUserId, before: auditEvents.before })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityId, evaluationId),
          eq(auditEvents.action, "evaluation.evaluator_unassigned"),
        ),
      );
  }

  it("demoting an assigned evaluator to viewer unassigns it everywhere, with an audit event", async () => {
    const w = await createWorld();
    const [atlas] = await partners("Atlas");
    const a = await newEvaluation(w, "One", { partners: [atlas], evaluators: [w.evaluator, w.evaluator2] });
    const b = await newEvaluation(w, "Two", { partners: [atlas], evaluators: [w.evaluator], scoring: true });
    const m = await membershipOf(w.evaluator);
    const actor = { ...actorOf(w.buyerAdmin), orgKind: "buyer" as const };

    await changeRole(actor, m.id, { role: "viewer", version: m.version });
    expect(await assignment(a.id, w.evaluator)).toBe(false);
    expect(await assignment(b.id, w.evaluator)).toBe(false);
    expect(await assignment(a.id, w.evaluator2)).toBe(true);
    for (const id of [a.id, b.id]) {
      expect(await unassignEvents(id)).toEqual([
        { actorUserId: w.buyerAdmin.userId, before: { userId: w.evaluator.userId } },
      ]);
    }
  });

  it("promoting or demoting an evaluator to admin keeps the assignments", async () => {
    const w = await createWorld();
    const [atlas] = await partners("Atlas");
    const a = await newEvaluation(w, "One", { partners: [atlas], evaluators: [w.evaluator] });
    const m = await membershipOf(w.evaluator);
    const actor = { ...actorOf(w.buyerAdmin), orgKind: "buyer" as const };
    await changeRole(actor, m.id, { role: "admin", version: m.version });
    expect(await assignment(a.id, w.evaluator)).toBe(true);
    expect(await unassignEvents(a.id)).toEqual([]);
  });

  it("removing a member unassigns it, but not from decided evaluations", async () => {
    const w = await createWorld();
    const [atlas] = await partners("Atlas");
    const open = await newEvaluation(w, "Open", { partners: [atlas], evaluators: [w.evaluator2] });
    const done = await newEvaluation(w, "Done", { partners: [atlas], evaluators: [w.evaluator2] });
    await getDb().update(evaluations).set({ status: "decided" }).where(eq(evaluations.id, done.id));
    const m = await membershipOf(w.evaluator2);
    const actor = { ...actorOf(w.buyerAdmin), orgKind: "buyer" as const };

    await removeMember(actor, m.id, m.version);
    expect(await assignment(open.id, w.evaluator2)).toBe(false);
    expect(await unassignEvents(open.id)).toHaveLength(1);
    expect(await assignment(done.id, w.evaluator2)).toBe(true);
    // Its candidates and the evaluation itself are untouched.
    const candidates = await getDb()
      .select({ id: evaluationCandidates.id })
      .from(evaluationCandidates)
      .where(eq(evaluationCandidates.evaluationId, open.id));
    expect(candidates).toHaveLength(1);
  });
});

describe("the shell's counter and the home page's list", () => {
  type RootData = { viewer: { waiting: number } | null };
  type Waiting = {
    items: { key: string; text: string; to: string; due: string | null }[];
    shownAbove: number;
  };
  type HomeData = {
    home: { waiting?: Waiting; evaluations?: { id: string; next: { text: string; to: string } | null }[] };
  };

  it("count what waits for buyer admins and evaluators, and the home says each once; nothing for viewers and partners", async () => {
    const w = await createWorld();
    const [atlas, northwind] = await partners("Atlas", "Northwind");
    const e = await newEvaluation(w, "Home page", {
      partners: [atlas, northwind],
      evaluators: [w.evaluator],
      scoring: true,
    });
    const evaluatorCookie = await sessionCookie(w.evaluator);
    const root = await callLoader(rootRoute.loader, { path: "/", cookie: evaluatorCookie });
    expect((root.data as RootData).viewer?.waiting).toBe(1);
    // The declaration line is the evaluation's next action on the home: the Waiting card says it is above.
    const home = (await callLoader(indexRoute.loader, { path: "/", cookie: evaluatorCookie }))
      .data as HomeData;
    expect(home.home.waiting).toEqual({ items: [], shownAbove: 1 });
    expect(home.home.evaluations?.map((x) => x.next)).toEqual([
      {
        kind: "declare",
        text: "Declare conflicts of interest for Home page",
        to: `/evaluations/${e.id}/declaration`,
      },
    ]);

    // The admin is not assigned and nothing is due: a calm empty list.
    const adminCookie = await sessionCookie(w.buyerAdmin);
    expect(
      ((await callLoader(rootRoute.loader, { path: "/", cookie: adminCookie })).data as RootData).viewer
        ?.waiting,
    ).toBe(0);
    expect(
      ((await callLoader(indexRoute.loader, { path: "/", cookie: adminCookie })).data as HomeData).home
        .waiting,
    ).toEqual({ items: [], shownAbove: 0 });

    // A viewer has nothing waiting and no list; a partner without requests has an empty one.
    for (const [user, list] of [
      [w.viewer, undefined],
      [w.partnerAdmin, { items: [], shownAbove: 0 }],
    ] as const) {
      const cookie = await sessionCookie(user);
      const r = await callLoader(rootRoute.loader, { path: "/", cookie });
      expect((r.data as RootData).viewer?.waiting).toBe(0);
      const h = await callLoader(indexRoute.loader, { path: "/", cookie });
      expect((h.data as HomeData).home.waiting).toEqual(list);
    }
  });
});
