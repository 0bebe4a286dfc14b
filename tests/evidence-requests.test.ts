// Evidence requests (docs/product.md "Evidence request", "Evidence" visibility, "Access rules"): the status flow, who may
// ask, answer and close, tenant isolation, restricted evidence shared with the asking buyer only, overdue in the
// buyer's time zone, idempotent creation, audit events, notifications on both sides and version conflicts.
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import { declare } from "../app/models/declarations.server";
import { EvaluationRuleError, evaluationFor, getEvaluationChecklist } from "../app/models/evaluation.server";
import {
  addCandidate,
  assignEvaluator,
  withdrawCandidate,
} from "../app/models/evaluation-participants.server";
import { createEvaluation, moveStatus } from "../app/models/evaluation-setup.server";
import { buyerSeesEvidence, listVisibleEvidence } from "../app/models/evidence/visibility.server";
import { createEvidence } from "../app/models/evidence/write.server";
import { answerRequest } from "../app/models/evidence-requests/answer.server";
import { closeRequest, createRequest } from "../app/models/evidence-requests/buyer.server";
import { listRequestsForBuyerCandidate } from "../app/models/evidence-requests/buyer-view.server";
import { getRequestForPartner, listRequestsForPartner } from "../app/models/evidence-requests/partner.server";
import { waitingFor } from "../app/models/notifications.server";
import * as scoringRoute from "../app/routes/evaluations.$evaluationId.candidates.$candidateId/route";
import * as uploadRoute from "../app/routes/evidence.upload";
import * as requestsRoute from "../app/routes/requests._index";
import * as requestRoute from "../app/routes/requests.$requestId/route";
import type { Viewer } from "../app/utils/access.server";
import {
  accessFailureAnswer,
  InputError,
  NotFound,
  RuleRefused,
  StaleVersion,
} from "../app/utils/errors.server";
import { getDb } from "../db/client";
import {
  auditEvents,
  certifications,
  evaluations,
  evidence,
  evidenceRequests,
  evidenceShares,
} from "../db/schema";
import {
  createBuiltInEvaluation,
  createOrganisation,
  createWorld,
  sessionCookie,
  type TestUser,
} from "./factories";
import { pdf } from "./fixtures/evidence-files";
import { callAction, callLoader } from "./remix";

type World = Awaited<ReturnType<typeof createWorld>>;
type Org = Awaited<ReturnType<typeof createOrganisation>>;

// 2026-03-10 14:30 UTC is 2026-03-11 01:30 in Sydney, where createWorld's buyers live.
const NOW = new Date("2026-03-10T14:30:00Z");

let w: World;
let other: World;
let partnerB: Org;
const EVALUATION_NAME = `Confidential sourcing ${randomUUID().slice(0, 8)}`;

/** A model's refusal as the server answers it (a Forbidden is the 403 page). */
const asAnswer = <T>(attempt: Promise<T>) =>
  attempt.catch((error: unknown) => {
    throw accessFailureAnswer(error);
  });
const actorOf = (u: TestUser) => ({ userId: u.userId, organisationId: u.organisationId });
const viewerOf = (u: TestUser, timeZone = u.kind === "buyer" ? "Australia/Sydney" : "UTC"): Viewer => ({
  sessionIdHash: "",
  userId: u.userId,
  email: u.email,
  name: u.name,
  organisationId: u.organisationId,
  orgKind: u.kind,
  orgName: "",
  orgTimeZone: timeZone,
  emailConfirmed: true,
  role: u.role,
});

beforeAll(async () => {
  w = await createWorld();
  other = await createWorld();
  partnerB = await createOrganisation("partner");
});

interface Setup {
  id: string;
  candidate: string;
  candidateB: string;
  criterion: string;
  criterionName: string;
  question: string;
}

async function move(id: string, to: "scoring" | "review" | "cancelled" | "decided") {
  const [row] = await getDb()
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  await moveStatus(actorOf(w.buyerAdmin), id, row.version, to);
}

async function setUp(status: "draft" | "scoring" = "scoring"): Promise<Setup> {
  const admin = actorOf(w.buyerAdmin);
  const { id } = await getDb().transaction((tx) =>
    createEvaluation(
      tx,
      admin,
      {
        name: EVALUATION_NAME,
        industry: "Insurance",
        sizeBand: "1k-5k",
        useCases: ["customer_service"],
        requiredSpecializations: [],
        deadlineOn: null,
        minimumTotal: null,
      },
      BUILT_IN_CHECKLIST,
      BUILT_IN_CHECKLIST.name,
    ),
  );
  const candidate = await addCandidate(admin, id, w.partner.id);
  const candidateB = await addCandidate(admin, id, partnerB.id);
  await assignEvaluator(admin, id, w.evaluator.userId);
  await assignEvaluator(admin, id, w.evaluator2.userId);
  if (status === "scoring") {
    await move(id, "scoring");
    for (const e of [w.evaluator, w.evaluator2]) {
      await declare(actorOf(e), { id }, { conflictCandidateIds: [], note: "" });
    }
  }
  const checklist = await getEvaluationChecklist({ id, name: "" });
  const c = checklist.sections[2].criteria[1];
  return { id, candidate, candidateB, criterion: c.key, criterionName: c.name, question: c.question };
}

async function access(u: TestUser, evaluationId: string) {
  return evaluationFor(viewerOf(u), evaluationId);
}

async function ask(
  u: TestUser,
  s: Setup,
  input: Partial<{ candidateId: string; dueOn: string; message: string }> = {},
  now = NOW,
) {
  const a = await access(u, s.id);
  return getDb().transaction((tx) =>
    createRequest(
      tx,
      viewerOf(u),
      a,
      {
        candidateId: input.candidateId ?? s.candidate,
        criterionId: s.criterion,
        message: input.message ?? "Please share the case study with its baseline.",
        dueOn: input.dueOn ?? "2026-03-20",
      },
      now,
    ),
  );
}

async function requestRow(id: string) {
  const [row] = await getDb().select().from(evidenceRequests).where(eq(evidenceRequests.id, id));
  return row;
}

async function addEvidence(org: { id: string }, visibility: "all_buyers" | "restricted", title: string) {
  const evidenceId = await getDb().transaction((tx) =>
    createEvidence(
      tx,
      { userId: w.partnerAdmin.userId, organisationId: org.id },
      { claim: "document:", title, visibility, effectiveFrom: undefined, effectiveTo: undefined },
      { kind: "document", id: null },
      { kind: "link", url: `https://example.com/${encodeURIComponent(title)}` },
    ),
  );
  const [row] = await getDb()
    .select({ versionId: evidence.currentVersionId })
    .from(evidence)
    .where(eq(evidence.id, evidenceId));
  return { id: evidenceId, versionId: row.versionId as string };
}

async function auditOf(entityId: string) {
  return (
    getDb()
      .select({
        action: auditEvents.action,
        organisationId: auditEvents.organisationId,
        after: auditEvents.after,
      })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, entityId))
      // In the order they were written: without it PostgreSQL may return them in any order.
      .orderBy(asc(auditEvents.id))
  );
}

const scoringPath = (s: Setup, candidateId = s.candidate) => ({
  path: `/evaluations/${s.id}/candidates/${candidateId}`,
  params: { evaluationId: s.id, candidateId },
});

describe("asking for evidence on the scoring page", () => {
  it("creates one request per rendered form (idempotent), audited in the buyer's log, shown under its criterion", async () => {
    const s = await setUp();
    const cookie = await sessionCookie(w.evaluator);
    const page = await callLoader(scoringRoute.loader, { ...scoringPath(s), cookie });
    expect(page.status).toBe(200);
    const panel = (page.data as { requests: { mayAsk: boolean; idempotencyKey: string } }).requests;
    expect(panel.mayAsk).toBe(true);
    const form = {
      intent: "request-evidence",
      criterionId: s.criterion,
      message: "Please share measured outcomes against a baseline.",
      dueOn: "2099-01-31",
      _idempotency: panel.idempotencyKey,
    };
    const first = await callAction(scoringRoute.action, { ...scoringPath(s), cookie, form });
    expect(first.status).toBe(302);
    expect(first.location).toContain(`#requests-${s.criterion}`);
    const again = await callAction(scoringRoute.action, { ...scoringPath(s), cookie, form });
    expect(again.status).toBe(302);
    const rows = await listRequestsForBuyerCandidate(w.buyer.id, s.id, s.candidate);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "open", dueOn: "2099-01-31", criterionId: s.criterion });
    const events = await auditOf(rows[0].id);
    expect(events).toEqual([
      expect.objectContaining({ action: "evidence_request.created", organisationId: w.buyer.id }),
    ]);

    // With JavaScript (a fetcher) the same post answers data instead of redirecting.
    const js = await callAction(scoringRoute.action, {
      ...scoringPath(s),
      cookie,
      form: { ...form, _idempotency: randomUUID(), _js: "1" },
    });
    expect(js.status).toBe(200);
    expect(js.data).toMatchObject({ requestForm: { ok: true } });

    const after = await callLoader(scoringRoute.loader, { ...scoringPath(s), cookie });
    const byCriterion = (after.data as { requests: { byCriterion: Record<string, { status: string }[]> } })
      .requests.byCriterion;
    expect(byCriterion[s.criterion].map((r) => r.status)).toEqual(["open", "open"]);
  });

  it("refuses bad input beside its field, past due dates in the buyer's time zone, and the wrong status", async () => {
    const s = await setUp();
    const cookie = await sessionCookie(w.evaluator);
    const post = (form: Record<string, string>) =>
      callAction(scoringRoute.action, {
        ...scoringPath(s),
        cookie,
        form: { intent: "request-evidence", criterionId: s.criterion, _idempotency: randomUUID(), ...form },
      });
    const empty = await post({ message: "  ", dueOn: "2099-01-01" });
    expect(empty.status).toBe(400);
    expect(empty.data).toMatchObject({ requestForm: { errors: { message: expect.any(String) } } });
    const badDay = await post({ message: "Please.", dueOn: "2026-02-30" });
    expect(badDay.data).toMatchObject({ requestForm: { errors: { dueOn: expect.any(String) } } });

    // In Sydney it is already 11 March: the 11th is today (allowed), the 10th is past, although UTC says the 10th.
    await expect(ask(w.evaluator, s, { dueOn: "2026-03-10" })).rejects.toBeInstanceOf(InputError);
    const today = await ask(w.evaluator, s, { dueOn: "2026-03-11" });
    expect((await requestRow(today.id)).dueOn).toBe("2026-03-11");

    // A withdrawn candidate is not asked; a draft evaluation takes no requests; viewers may not ask.
    await withdrawCandidate(actorOf(w.buyerAdmin), s.id, s.candidateB, "Out of budget.");
    await expect(ask(w.evaluator, s, { candidateId: s.candidateB })).rejects.toBeInstanceOf(
      EvaluationRuleError,
    );
    const draft = await setUp("draft");
    await expect(ask(w.buyerAdmin, draft)).rejects.toBeInstanceOf(EvaluationRuleError);
    await move(s.id, "review");
    const viewerAttempt = asAnswer(ask(w.viewer, s));
    await expect(viewerAttempt).rejects.toMatchObject({ init: { status: 403 } });
  });

  it("is a 404 for another buyer, for a conflicted evaluator and for a candidate of another evaluation", async () => {
    const s = await setUp();
    const cookie = await sessionCookie(other.buyerAdmin);
    const form = {
      intent: "request-evidence",
      criterionId: s.criterion,
      message: "Probe.",
      dueOn: "2099-01-01",
      _idempotency: randomUUID(),
    };
    expect((await callAction(scoringRoute.action, { ...scoringPath(s), cookie, form })).status).toBe(404);
    const mine = await ask(w.buyerAdmin, s);
    expect(await listRequestsForBuyerCandidate(other.buyer.id, s.id, s.candidate)).toEqual([]);
    const closeByOther = await callAction(scoringRoute.action, {
      ...scoringPath(s),
      cookie,
      form: { intent: "close-request", criterionId: s.criterion, requestId: mine.id, version: "1" },
    });
    expect(closeByOther.status).toBe(404);

    // An evaluator conflicted with the candidate does not see it.
    const t = await setUp("draft");
    await declare(
      actorOf(w.evaluator),
      { id: t.id },
      { conflictCandidateIds: [t.candidate], note: "Ex-employer." },
    );
    await move(t.id, "scoring");
    await expect(ask(w.evaluator, t)).rejects.toBeInstanceOf(NotFound);
    // A candidate of another evaluation is unknown here.
    await expect(ask(w.evaluator, s, { candidateId: t.candidate })).rejects.toBeInstanceOf(NotFound);
  });
});

describe("the partner's side", () => {
  it("lists its requests with the buyer and the question, never the evaluation, weights or scores", async () => {
    const s = await setUp();
    const req = await ask(w.evaluator, s);
    const cookie = await sessionCookie(w.partnerMember);
    const list = await callLoader(requestsRoute.loader, { path: "/requests", cookie });
    expect(list.status).toBe(200);
    const rows = (
      list.data as { requests: { id: string; buyer: string; question: string; status: string }[] }
    ).requests;
    const row = rows.find((r) => r.id === req.id);
    expect(row).toMatchObject({ buyer: w.buyer.name, question: s.question, status: "open" });
    const detail = await callLoader(requestRoute.loader, {
      path: `/requests/${req.id}`,
      params: { requestId: req.id },
      cookie,
    });
    expect(detail.status).toBe(200);
    for (const body of [list.data, detail.data]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain(EVALUATION_NAME);
      expect(text).not.toContain(s.id);
      expect(text).not.toContain(s.candidate);
      expect(text).not.toMatch(/weight|score|evaluation/i);
      expect(text).not.toContain(w.evaluator.name);
    }
  });

  it("is a 404 for another partner and for buyers", async () => {
    const s = await setUp();
    const req = await ask(w.evaluator, s);
    const params = { requestId: req.id };
    const path = `/requests/${req.id}`;
    for (const user of [other.partnerAdmin, w.buyerAdmin, w.evaluator]) {
      const cookie = await sessionCookie(user);
      expect((await callLoader(requestRoute.loader, { path, params, cookie })).status).toBe(404);
      const answer = await callAction(requestRoute.action, {
        path,
        params,
        cookie,
        form: { intent: "answer", version: "1", note: "Probe.", _idempotency: randomUUID() },
      });
      expect(answer.status).toBe(404);
    }
    expect(
      (
        await callLoader(requestsRoute.loader, {
          path: "/requests",
          cookie: await sessionCookie(w.buyerAdmin),
        })
      ).status,
    ).toBe(404);
    expect(await getRequestForPartner(other.partner.id, req.id)).toBeUndefined();
    expect((await listRequestsForPartner(other.partner.id)).map((r) => r.id)).not.toContain(req.id);
    expect(
      await answerRequest(actorOf(other.partnerAdmin), req.id, {
        evidenceIds: [],
        note: "x",
        share: false,
        version: 1,
      }),
    ).toBeUndefined();
  });
});

describe("answering and closing", () => {
  it("open → answered → closed; restricted evidence shared with the asking buyer only, then citable there", async () => {
    const s = await setUp();
    const req = await ask(w.evaluator, s);
    const publicOne = await addEvidence(w.partner, "all_buyers", `Policy ${randomUUID().slice(0, 4)}`);
    const secret = await addEvidence(w.partner, "restricted", `NDA case study ${randomUUID().slice(0, 4)}`);
    const foreign = await addEvidence(partnerB, "all_buyers", "Another partner's policy");
    const cookie = await sessionCookie(w.partnerMember);
    const path = `/requests/${req.id}`;
    const params = { requestId: req.id };
    const post = (form: FormData) => callAction(requestRoute.action, { path, params, cookie, form });
    const formOf = (ids: string[], extra: Record<string, string> = {}) => {
      const f = new FormData();
      f.set("intent", "answer");
      f.set("version", "1");
      f.set("_idempotency", randomUUID());
      f.set("note", "Attached, with the baseline.");
      for (const id of ids) f.append("evidence", id);
      for (const [k, v] of Object.entries(extra)) f.set(k, v);
      return f;
    };

    // Another partner's evidence is refused; restricted evidence without the share box too.
    expect((await post(formOf([foreign.id]))).status).toBe(400);
    const unshared = await post(formOf([publicOne.id, secret.id]));
    expect(unshared.status).toBe(400);
    expect(unshared.data).toMatchObject({ errors: { share: expect.stringContaining(w.buyer.name) } });
    expect(
      await getDb().select().from(evidenceShares).where(eq(evidenceShares.evidenceId, secret.id)),
    ).toEqual([]);

    const ok = await post(formOf([publicOne.id, secret.id], { share: "on" }));
    expect(ok.status).toBe(302);
    expect(ok.location).toBe(`/requests/${req.id}?answered=1`);
    const answered = await requestRow(req.id);
    expect(answered).toMatchObject({
      status: "answered",
      version: 2,
      answeredByUserId: w.partnerMember.userId,
    });
    expect(new Set(answered.answerEvidenceIds)).toEqual(new Set([publicOne.id, secret.id]));
    const shares = await getDb()
      .select()
      .from(evidenceShares)
      .where(eq(evidenceShares.evidenceId, secret.id));
    expect(shares.map((x) => x.buyerOrganisationId)).toEqual([w.buyer.id]);

    // The asking buyer now sees (and may cite) it; another buyer still does not.
    expect((await listVisibleEvidence(w.buyer.id, w.partner.id)).map((e) => e.id)).toContain(secret.id);
    expect((await listVisibleEvidence(other.buyer.id, w.partner.id)).map((e) => e.id)).not.toContain(
      secret.id,
    );
    const page = await callLoader(scoringRoute.loader, {
      ...scoringPath(s),
      cookie: await sessionCookie(w.evaluator),
    });
    const data = page.data as {
      evidence: { versionId: string }[];
      requests: {
        byCriterion: Record<string, { status: string; answer: { evidence: { href: string }[] } | null }[]>;
      };
    };
    expect(data.evidence.map((e) => e.versionId)).toContain(secret.versionId);
    const shown = data.requests.byCriterion[s.criterion][0];
    expect(shown.status).toBe("answered");
    expect(shown.answer?.evidence.map((e) => e.href).sort()).toEqual(
      [
        `https://example.com/${encodeURIComponent((await titleOf(publicOne.id)) ?? "")}`,
        `https://example.com/${encodeURIComponent((await titleOf(secret.id)) ?? "")}`,
      ].sort(),
    );

    // Audit: the answer belongs to the partner's log alone.
    const events = await auditOf(req.id);
    expect(events.find((e) => e.action === "evidence_request.answered")).toMatchObject({
      organisationId: w.partner.id,
      after: { name: w.buyer.name, shared: [await titleOf(secret.id)] },
    });

    // A stale answer is a conflict; answering again replaces the answer.
    const stale = await post(formOf([publicOne.id]));
    expect(stale.status).toBe(409);
    await answerRequest(actorOf(w.partnerAdmin), req.id, {
      evidenceIds: [publicOne.id],
      note: "Only the policy, after all.",
      share: false,
      version: 2,
    });
    expect((await requestRow(req.id)).answerEvidenceIds).toEqual([publicOne.id]);

    // Closing: not another evaluator (403), version-checked, then the asker's admin.
    const a = await access(w.buyerAdmin, s.id);
    await expect(
      asAnswer(closeRequest(viewerOf(w.evaluator2), await access(w.evaluator2, s.id), req.id, 3)),
    ).rejects.toMatchObject({ init: { status: 403 } });
    await expect(closeRequest(viewerOf(w.buyerAdmin), a, req.id, 2)).rejects.toBeInstanceOf(StaleVersion);
    const closeForm = { intent: "close-request", criterionId: s.criterion, requestId: req.id, version: "3" };
    const closed = await callAction(scoringRoute.action, {
      ...scoringPath(s),
      cookie: await sessionCookie(w.buyerAdmin),
      form: closeForm,
    });
    expect(closed.status).toBe(302);
    expect(await requestRow(req.id)).toMatchObject({ status: "closed", closedByUserId: w.buyerAdmin.userId });
    expect(
      (await auditOf(req.id)).filter((e) => e.organisationId === w.buyer.id).map((e) => e.action),
    ).toEqual(["evidence_request.created", "evidence_request.closed"]);
    await expect(
      answerRequest(actorOf(w.partnerAdmin), req.id, {
        evidenceIds: [],
        note: "Late.",
        share: false,
        version: 4,
      }),
    ).rejects.toBeInstanceOf(RuleRefused);
  });

  it("the asker closes its own request, even unanswered", async () => {
    const s = await setUp();
    const req = await ask(w.evaluator, s);
    await closeRequest(viewerOf(w.evaluator), await access(w.evaluator, s.id), req.id, 1);
    expect((await requestRow(req.id)).status).toBe("closed");
  });
});

async function titleOf(id: string) {
  const [row] = await getDb().select({ title: evidence.title }).from(evidence).where(eq(evidence.id, id));
  return row?.title;
}

describe("overdue and notifications", () => {
  it("flags overdue requests in the buyer's time zone, and tells each side what waits", async () => {
    const w2 = await createWorld();
    const admin = actorOf(w2.buyerAdmin);
    const { id } = await createBuiltInEvaluation(admin, "Notified");
    const candidate = await addCandidate(admin, id, w2.partner.id);
    await assignEvaluator(admin, id, w2.evaluator.userId);
    await assignEvaluator(admin, id, w2.evaluator2.userId);
    const [row] = await getDb()
      .select({ version: evaluations.version })
      .from(evaluations)
      .where(eq(evaluations.id, id));
    await moveStatus(admin, id, row.version, "scoring");
    for (const e of [w2.evaluator, w2.evaluator2]) {
      await declare(actorOf(e), { id }, { conflictCandidateIds: [], note: "" });
    }
    const checklist = await getEvaluationChecklist({ id, name: "" });
    const criterionId = checklist.sections[0].criteria[0].key;
    const a = await evaluationFor(viewerOf(w2.evaluator), id);
    // Due on 11 March, the buyer's today at NOW (Sydney); still due a day later in UTC.
    const req = await getDb().transaction((tx) =>
      createRequest(
        tx,
        viewerOf(w2.evaluator),
        a,
        { candidateId: candidate, criterionId, message: "Please.", dueOn: "2026-03-11" },
        NOW,
      ),
    );

    // 2026-03-11 14:30 UTC: still the 11th in UTC, already the 12th in Sydney: overdue for both sides.
    const later = new Date("2026-03-11T14:30:00Z");
    expect((await getRequestForPartner(w2.partner.id, req.id, NOW))?.overdue).toBe(false);
    expect((await getRequestForPartner(w2.partner.id, req.id, later))?.overdue).toBe(true);
    expect((await listRequestsForPartner(w2.partner.id, later))[0]).toMatchObject({
      id: req.id,
      overdue: true,
    });
    expect(
      (await getRequestForPartner(w2.partner.id, req.id, new Date("2026-03-11T12:00:00Z")))?.overdue,
    ).toBe(false);

    const partnerNow = await waitingFor(viewerOf(w2.partnerMember), NOW);
    expect(partnerNow).toEqual([
      expect.objectContaining({
        kind: "request",
        to: `/requests/${req.id}`,
        overdue: false,
        evaluationName: null,
        due: { days: 0, label: "today" },
      }),
    ]);
    expect(JSON.stringify(partnerNow)).not.toContain("Notified");
    expect(await waitingFor(viewerOf(w2.partnerAdmin), later)).toMatchObject([
      { kind: "request", overdue: true, due: { days: -1, label: "yesterday" } },
    ]);
    // Another partner hears nothing of it.
    expect(await waitingFor(viewerOf(other.partnerAdmin), later)).toEqual([]);

    // The buyer: the overdue request waits for its asker and the admins, not for the other evaluator.
    const kinds = async (u: TestUser, at: Date) => (await waitingFor(viewerOf(u), at)).map((i) => i.kind);
    expect(await kinds(w2.evaluator, NOW)).not.toContain("requests_overdue");
    expect(await kinds(w2.evaluator, later)).toContain("requests_overdue");
    expect(await kinds(w2.buyerAdmin, later)).toContain("requests_overdue");
    expect(await kinds(w2.evaluator2, later)).not.toContain("requests_overdue");
    expect(await kinds(w2.viewer, later)).toEqual([]);
    expect(await kinds(other.buyerAdmin, later)).toEqual([]);

    // Answered: the partner's line goes, the buyer's "read and close" comes.
    await answerRequest(actorOf(w2.partnerAdmin), req.id, {
      evidenceIds: [],
      note: "We cannot share it.",
      share: false,
      version: 1,
    });
    expect(await waitingFor(viewerOf(w2.partnerAdmin), later)).toEqual([]);
    const asker = await waitingFor(viewerOf(w2.evaluator), later);
    expect(asker.filter((i) => i.kind.startsWith("request"))).toEqual([
      expect.objectContaining({
        kind: "requests_answered",
        evaluationId: id,
        to: `/evaluations/${id}/candidates/${candidate}#request-${req.id}`,
      }),
    ]);
    expect(await kinds(w2.buyerAdmin, later)).toContain("requests_answered");
    expect(await kinds(w2.evaluator2, later)).not.toContain("requests_answered");

    // Closed: nothing waits any more.
    await closeRequest(viewerOf(w2.buyerAdmin), await evaluationFor(viewerOf(w2.buyerAdmin), id), req.id, 2);
    expect(
      (await waitingFor(viewerOf(w2.evaluator), later)).filter((i) => i.kind.startsWith("request")),
    ).toEqual([]);
    expect(
      await getDb()
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, req.id), eq(auditEvents.organisationId, w2.buyer.id))),
    ).toHaveLength(2);
  });
});

describe("answering with new evidence, replays and faults", () => {
  async function certificationOf(org: { id: string }) {
    const [c] = await getDb()
      .insert(certifications)
      .values({
        organisationId: org.id,
        track: `Applied AI engineering ${randomUUID().slice(0, 4)}`,
        certifiedStaff: 4,
        issuedOn: "2025-01-01",
      })
      .returning({ id: certifications.id });
    return `certification:${c.id}`;
  }

  function uploadForm(fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    if (file) f.set("file", new Blob([new Uint8Array(file.bytes)], { type: "application/pdf" }), file.name);
    return f;
  }

  it("a new restricted PDF uploaded from the request comes back ticked, and is shared with the asker only on answering", async () => {
    const s = await setUp();
    const req = await ask(w.evaluator, s);
    const claim = await certificationOf(w.partner);
    const cookie = await sessionCookie(w.partnerMember);
    const path = `/requests/${req.id}`;
    const params = { requestId: req.id };
    const title = `Outcome report ${randomUUID().slice(0, 6)}`;

    // Without JavaScript: a multipart post to the page itself.
    const added = await callAction(requestRoute.action, {
      path: `${path}?add-evidence`,
      params,
      cookie,
      form: uploadForm(
        {
          _idempotency: randomUUID(),
          request: req.id,
          claim,
          title,
          source: "file",
          visibility: "restricted",
          effectiveFrom: "2026-01-01",
          effectiveTo: "2026-06-30",
        },
        { name: "outcome-report.pdf", bytes: pdf() },
      ),
    });
    expect(added.status).toBe(302);
    const [row] = await getDb()
      .select({
        id: evidence.id,
        visibility: evidence.visibility,
        from: evidence.effectiveFrom,
        to: evidence.effectiveTo,
      })
      .from(evidence)
      .where(eq(evidence.title, title));
    expect(row).toMatchObject({ visibility: "restricted", from: "2026-01-01", to: "2026-06-30" });
    expect(added.location).toBe(`${path}?added=${row.id}#answer-form-title`);
    // Uploaded, not yet shared: the asking buyer cannot see it.
    expect(await buyerSeesEvidence(w.buyer.id, row.id)).toBe(false);

    // Back on the request: ticked for the answer, and the share box ticked with it (it is restricted).
    const page = await callLoader(requestRoute.loader, {
      path: `${path}?added=${row.id}`,
      params,
      cookie,
    });
    const data = page.data as {
      added: { id: string; restricted: boolean } | null;
      evidence: { id: string; attached: boolean }[];
      idempotencyKey: string;
    };
    expect(data.added).toMatchObject({ id: row.id, restricted: true });
    expect(data.evidence.find((e) => e.id === row.id)?.attached).toBe(true);
    expect(data.evidence.filter((e) => e.attached)).toHaveLength(1);

    const answer = new FormData();
    answer.set("intent", "answer");
    answer.set("version", "1");
    answer.set("_idempotency", data.idempotencyKey);
    answer.set("evidence", row.id);
    answer.set("share", "on");
    answer.set("note", "The outcome report, under NDA.");
    expect((await callAction(requestRoute.action, { path, params, cookie, form: answer })).status).toBe(302);
    expect(await buyerSeesEvidence(w.buyer.id, row.id)).toBe(true);
    expect(await buyerSeesEvidence(other.buyer.id, row.id)).toBe(false);
    expect(
      (await getDb().select().from(evidenceShares).where(eq(evidenceShares.evidenceId, row.id))).map(
        (x) => x.buyerOrganisationId,
      ),
    ).toEqual([w.buyer.id]);

    // With JavaScript: the upload route answers where to go, back to the request, with a link this time.
    const link = await callAction(uploadRoute.action, {
      path: "/evidence/upload",
      cookie,
      form: uploadForm({
        _idempotency: randomUUID(),
        request: req.id,
        claim,
        title: "Public outcome summary",
        source: "link",
        url: "https://example.com/outcomes",
        visibility: "all_buyers",
      }),
    });
    expect(link.status).toBe(200);
    expect((link.data as { location: string }).location).toMatch(
      new RegExp(`^/requests/${req.id}\\?added=[0-9a-f-]{36}#answer-form-title$`),
    );
  });

  it("a bad upload stays on the request with its messages; another partner's request is a 404, nothing stored", async () => {
    const s = await setUp();
    const req = await ask(w.evaluator, s);
    const claim = await certificationOf(w.partner);
    const path = `/requests/${req.id}`;
    const params = { requestId: req.id };
    const cookie = await sessionCookie(w.partnerMember);
    const count = async () => (await getDb().select({ id: evidence.id }).from(evidence)).length;
    const before = await count();
    const noFile = await callAction(requestRoute.action, {
      path: `${path}?add-evidence`,
      params,
      cookie,
      form: uploadForm({
        _idempotency: randomUUID(),
        request: req.id,
        claim,
        title: "Forgot the file",
        source: "file",
        visibility: "restricted",
      }),
    });
    expect(noFile.status).toBe(400);
    expect(noFile.data).toMatchObject({
      errors: { file: expect.any(String) },
      values: { title: "Forgot the file", visibility: "restricted" },
    });
    expect(noFile.data).not.toHaveProperty("chosen");

    // Another partner naming this request, on its own page or through the upload route: 404 before storing.
    const foreign = await sessionCookie(other.partnerAdmin);
    const otherClaim = await certificationOf(other.partner);
    const fields = {
      _idempotency: randomUUID(),
      request: req.id,
      claim: otherClaim,
      title: "Probe",
      source: "link",
      url: "https://example.com/probe",
      visibility: "all_buyers",
    };
    expect(
      (
        await callAction(requestRoute.action, {
          path: `${path}?add-evidence`,
          params,
          cookie: foreign,
          form: uploadForm(fields),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callAction(uploadRoute.action, {
          path: "/evidence/upload",
          cookie: foreign,
          form: uploadForm({ ...fields, _idempotency: randomUUID() }),
        })
      ).status,
    ).toBe(404);
    expect(await count()).toBe(before);
  });

  it("a replayed answer writes once and answers like the first time, not a conflict", async () => {
    const s = await setUp();
    const req = await ask(w.evaluator, s);
    const cookie = await sessionCookie(w.partnerAdmin);
    const path = `/requests/${req.id}`;
    const params = { requestId: req.id };
    const form = {
      intent: "answer",
      version: "1",
      note: "We cannot share it: see our policy.",
      _idempotency: randomUUID(),
    };
    const first = await callAction(requestRoute.action, { path, params, cookie, form });
    expect(first).toMatchObject({ status: 302, location: `${path}?answered=1` });
    const again = await callAction(requestRoute.action, { path, params, cookie, form });
    expect(again).toMatchObject({ status: 302, location: `${path}?answered=1` });
    expect(await requestRow(req.id)).toMatchObject({ status: "answered", version: 2 });
    expect((await auditOf(req.id)).filter((e) => e.action === "evidence_request.answered")).toHaveLength(1);
    // A new answer drawn from the answered page (its own key, version 2) still goes through.
    const next = await callAction(requestRoute.action, {
      path,
      params,
      cookie,
      form: { ...form, version: "2", note: "Policy attached after all.", _idempotency: randomUUID() },
    });
    expect(next.status).toBe(302);
    expect(await requestRow(req.id)).toMatchObject({ version: 3, answerNote: "Policy attached after all." });
  });

  it("a database fault on answering, asking or closing answers 503 with a message, keeps what was typed, changes nothing", async () => {
    const s = await setUp();
    const req = await ask(w.evaluator, s);
    const db = getDb();
    await db.execute(
      sql.raw(`create or replace function test_refuse_request_audit() returns trigger language plpgsql as $$
        begin
          if new.action like 'evidence_request.%' then raise exception 'injected fault'; end if;
          return new;
        end $$`),
    );
    await db.execute(
      sql.raw(
        "create trigger test_refuse_request_audit before insert on audit_events for each row execute function test_refuse_request_audit()",
      ),
    );
    try {
      const answered = await callAction(requestRoute.action, {
        path: `/requests/${req.id}`,
        params: { requestId: req.id },
        cookie: await sessionCookie(w.partnerAdmin),
        form: { intent: "answer", version: "1", note: "Here it is.", _idempotency: randomUUID() },
      });
      expect(answered.status).toBe(503);
      expect(answered.data).toMatchObject({
        formError: "Could not save: nothing was changed. Try again.",
        values: { note: "Here it is." },
      });

      const evaluatorCookie = await sessionCookie(w.evaluator);
      const asked = await callAction(scoringRoute.action, {
        ...scoringPath(s),
        cookie: evaluatorCookie,
        form: {
          intent: "request-evidence",
          criterionId: s.criterion,
          message: "And the runbook, please.",
          dueOn: "2099-01-31",
          _idempotency: randomUUID(),
          _js: "1",
        },
      });
      expect(asked.status).toBe(503);
      expect(asked.data).toMatchObject({
        requestForm: {
          formError: "Could not save: nothing was changed. Try again.",
          values: { message: "And the runbook, please.", dueOn: "2099-01-31" },
        },
      });

      const closed = await callAction(scoringRoute.action, {
        ...scoringPath(s),
        cookie: evaluatorCookie,
        form: { intent: "close-request", criterionId: s.criterion, requestId: req.id, version: "1" },
      });
      expect(closed.status).toBe(503);
      expect(closed.data).toMatchObject({
        requestForm: { requestId: req.id, formError: "Could not save: nothing was changed. Try again." },
      });
    } finally {
      await db.execute(sql.raw("drop trigger if exists test_refuse_request_audit on audit_events"));
      await db.execute(sql.raw("drop function if exists test_refuse_request_audit()"));
    }
    expect(await requestRow(req.id)).toMatchObject({ status: "open", version: 1, answerNote: null });
    expect(await listRequestsForBuyerCandidate(w.buyer.id, s.id, s.candidate)).toHaveLength(1);
    expect((await auditOf(req.id)).map((e) => e.action)).toEqual(["evidence_request.created"]);
  });
});
