// The access matrix: every route of the Remix manifest x every kind of person, expected outcomes written by hand
// from DESIGN.md "Access rules" (never derived from the code). A route missing from the matrix fails the test.

import { randomUUID } from "node:crypto";
import path from "node:path";
import { readConfig } from "@remix-run/dev/dist/config.js";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import { toDraft } from "../app/domain/checklist-draft";
import { decideEvaluation, publishDebrief } from "../app/models/decision.server";
import {
  addCandidate,
  assignEvaluator,
  getEvaluationChecklist,
  moveStatus,
} from "../app/models/evaluation.server";
import { declare } from "../app/models/scores.server";
import { createTemplate, getTemplate } from "../app/models/template.server";
import { hashToken } from "../app/utils/crypto.server";
import { getDb } from "../db/client";
import {
  certifications,
  consensusScores,
  debriefs,
  evaluations,
  evidence,
  evidenceBlobs,
  evidenceRequests,
  evidenceVersions,
  invitations,
  memberships,
  networkMemberships,
  numericValues,
  organisations,
  partnerProfiles,
  passwordResets,
  referenceDeployments,
  scores,
  supportTerms,
} from "../db/schema";
import { changedRows, installChangeCounter } from "./change-counter";
import { checklistForm } from "./checklist-form";
import {
  createBuiltInEvaluation,
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
// A member of the buyer (or of the partner) named in the URL: admins of that organisation only; another
// organisation's admin gets 404, other roles 403 whatever the id.
const BUYER_MEMBER_OBJECT: Row = {
  anonymous: 302,
  buyerAdmin: 200,
  evaluator: 403,
  viewer: 403,
  partnerAdmin: 404,
  partnerMember: 403,
  outsider: 404,
};
const PARTNER_MEMBER_OBJECT: Row = {
  anonymous: 302,
  buyerAdmin: 404,
  evaluator: 403,
  viewer: 403,
  partnerAdmin: 200,
  partnerMember: 403,
  outsider: 404,
};

const SIGNED_IN: Who[] = ["buyerAdmin", "evaluator", "viewer", "partnerAdmin", "partnerMember", "outsider"];
const EVERYONE: Who[] = [
  "anonymous",
  "buyerAdmin",
  "evaluator",
  "viewer",
  "partnerAdmin",
  "partnerMember",
  "outsider",
];

/** 200 ok, 302 redirect (to sign-in for anonymous, elsewhere otherwise), 403, 404, 409 (not yet: the status). */
type Expect = 200 | 302 | 403 | 404 | 409;
type Row = Record<Who, Expect>;

type World = Awaited<ReturnType<typeof createWorld>> & {
  otherBuyerAdmin: TestUser;
  otherPartnerAdmin: TestUser;
  /** Signs in through the login action (kept apart so that password changes elsewhere do not matter). */
  signInUser: TestUser;
  buyerMemberId: string;
  partnerMemberId: string;
  /** A pending invitation of the buyer and a valid reset link for one of its members. */
  invitationToken: string;
  resetToken: string;
  /** The token a capability action case made just before its request. */
  nextToken: string;
  /** A reference deployment of the world's partner, and the id an action case made just before its request. */
  referenceId: string;
  nextId: string;
  /** A file evidence of the world's partner and its current version. */
  evidenceId: string;
  evidenceVersionId: string;
  /** A checklist template of the world's buyer. */
  templateId: string;
  /** Evaluations of the world's buyer: in draft, in scoring (the evaluator assigned and declared), in review (the
   * evaluator not assigned); the world's partner is a candidate of each. */
  draftEvaluationId: string;
  scoringEvaluationId: string;
  reviewEvaluationId: string;
  scoringCandidateId: string;
  scoringCriterionId: string;
  /** An open evidence request to the world's partner. */
  requestId: string;
  /** The numeric "Blended day rate" criterion of the scoring evaluation; the review evaluation's candidate and a
   * rated criterion of it. */
  scoringNumericId: string;
  reviewCandidateId: string;
  reviewCriterionId: string;
  /** A decided evaluation (the buyer admin assigned): another partner chosen, the world's partner debriefed. */
  decidedEvaluationId: string;
  decidedChosenId: string;
  debriefId: string;
  /** Cancelled evaluations: one during scoring (the evaluator assigned, nothing submitted), one after review (the
   * evaluator not assigned), with the world's partner a candidate of each. */
  cancelledScoringEvaluationId: string;
  cancelledScoringCandidateId: string;
  cancelledReviewEvaluationId: string;
};

async function makeInvitationId(w: Pick<World, "buyer" | "buyerAdmin">, email: string): Promise<string> {
  const [row] = await getDb()
    .insert(invitations)
    .values({
      organisationId: w.buyer.id,
      email,
      role: "viewer",
      tokenHash: hashToken(`token-for-${email}`),
      createdByUserId: w.buyerAdmin.userId,
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning({ id: invitations.id });
  return row.id;
}

async function makeInvitation(w: Pick<World, "buyer" | "buyerAdmin">, email: string): Promise<string> {
  await makeInvitationId(w, email);
  return `token-for-${email}`;
}

async function makeReset(w: Pick<World, "buyer" | "buyerAdmin" | "viewer">): Promise<string> {
  const token = `reset-${randomUUID()}`;
  await getDb()
    .insert(passwordResets)
    .values({
      organisationId: w.buyer.id,
      userId: w.viewer.userId,
      tokenHash: hashToken(token),
      createdByUserId: w.buyerAdmin.userId,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
  return token;
}

async function membership(id: string) {
  const [m] = await getDb().select().from(memberships).where(eq(memberships.id, id));
  return m;
}

const PDF_BYTES = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

const PARTNER_EDITORS: Who[] = ["partnerAdmin", "partnerMember", "outsider"];

const REFERENCE_FORM = {
  customer: "Acme",
  industry: "Retail",
  sizeBand: "1k-5k",
  useCase: "customer_service",
  status: "production",
  "outcomes.0.metric": "Handle time",
  "outcomes.0.baseline": "600",
  "outcomes.0.result": "480",
  "outcomes.0.unit": "seconds",
};

/** The partner organisation a person edits: the world's partner, or the outsider's own. */
function ownPartner(w: World, who: Who): string {
  return who === "outsider" ? w.otherPartnerAdmin.organisationId : w.partner.id;
}

async function versionOf(table: typeof partnerProfiles, organisationId: string): Promise<number> {
  const [row] = await getDb()
    .select({ v: table.version })
    .from(table)
    .where(eq(table.organisationId, organisationId));
  return row?.v ?? 1;
}

async function optionalVersion(
  table: typeof networkMemberships | typeof supportTerms,
  organisationId: string,
): Promise<string> {
  const [row] = await getDb()
    .select({ v: table.version })
    .from(table)
    .where(eq(table.organisationId, organisationId));
  return row ? String(row.v) : "";
}

async function makeCertification(w: World, organisationId = w.partner.id): Promise<string> {
  const [row] = await getDb()
    .insert(certifications)
    .values({
      organisationId,
      track: "Matrix track",
      certifiedStaff: 2,
      issuedOn: "2025-01-01",
    })
    .returning({ id: certifications.id });
  return row.id;
}

/** A file evidence of the world's partner, visible to all buyers, with one version and its bytes. */
async function makeEvidence(
  w: World,
  visibility: "all_buyers" | "restricted" = "all_buyers",
): Promise<{ evidenceId: string; versionId: string }> {
  const db = getDb();
  const [e] = await db
    .insert(evidence)
    .values({
      organisationId: w.partner.id,
      claimKind: "support",
      title: "Matrix evidence",
      kind: "file",
      visibility,
    })
    .returning({ id: evidence.id });
  const [v] = await db
    .insert(evidenceVersions)
    .values({
      evidenceId: e.id,
      organisationId: w.partner.id,
      number: 1,
      fileName: "matrix.pdf",
      mimeType: "application/pdf",
      sizeBytes: 9,
      sha256: "0".repeat(64),
    })
    .returning({ id: evidenceVersions.id });
  await db
    .insert(evidenceBlobs)
    .values({ versionId: v.id, organisationId: w.partner.id, data: new TextEncoder().encode("%PDF-1.4\n") });
  await db.update(evidence).set({ currentVersionId: v.id }).where(eq(evidence.id, e.id));
  return { evidenceId: e.id, versionId: v.id };
}

async function makeReference(w: World): Promise<string> {
  const [row] = await getDb()
    .insert(referenceDeployments)
    .values({
      organisationId: w.partner.id,
      customer: "Matrix customer",
      industry: "Retail",
      sizeBand: "1k-5k",
      useCase: "customer_service",
      status: "production",
    })
    .returning({ id: referenceDeployments.id });
  return row.id;
}

async function makeTemplate(w: Pick<World, "buyer" | "buyerAdmin">): Promise<string> {
  const row = await getDb().transaction((tx) =>
    createTemplate(
      tx,
      { userId: w.buyerAdmin.userId, organisationId: w.buyer.id },
      { ...BUILT_IN_CHECKLIST, name: `Template ${randomUUID().slice(0, 8)}` },
      BUILT_IN_CHECKLIST.name,
    ),
  );
  return row.id;
}

/** A buyer admin's template: its admins only; another buyer's admin gets 404, buyer roles 403, partners 404. */
const BUYER_ADMIN_OBJECT: Row = {
  anonymous: 302,
  buyerAdmin: 200,
  evaluator: 403,
  viewer: 403,
  partnerAdmin: 404,
  partnerMember: 404,
  outsider: 404,
};

async function evaluationVersion(id: string): Promise<number> {
  const [e] = await getDb()
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  return e.version;
}

async function makeEvaluation(
  w: Pick<World, "buyer" | "buyerAdmin" | "partner">,
  status: "draft" | "scoring" | "review",
  assigned: TestUser[],
): Promise<{ id: string; candidateId: string }> {
  const actor = { userId: w.buyerAdmin.userId, organisationId: w.buyer.id };
  const { id } = await createBuiltInEvaluation(actor, `Evaluation ${status} ${randomUUID().slice(0, 8)}`);
  const candidateId = await addCandidate(actor, id, w.partner.id);
  for (const u of assigned) {
    await assignEvaluator(actor, id, u.userId);
    await declare(
      { userId: u.userId, organisationId: w.buyer.id },
      { id },
      { conflictCandidateIds: [], note: "" },
    );
  }
  if (status !== "draft") await moveStatus(actor, id, await evaluationVersion(id), "scoring");
  if (status === "review") await moveStatus(actor, id, await evaluationVersion(id), "review");
  return { id, candidateId };
}

/** Decides a review evaluation of the world's buyer for `candidateId`, acknowledging the warnings. */
async function decide(w: Pick<World, "buyer" | "buyerAdmin">, id: string, candidateId: string) {
  await decideEvaluation(
    { userId: w.buyerAdmin.userId, organisationId: w.buyer.id, name: "Matrix admin" },
    { organisationId: w.buyer.id, name: "Matrix buyer", timeZone: "UTC" },
    id,
    {
      chosen: [candidateId],
      rationale: "Matrix decision.",
      overrides: { [candidateId]: "Chosen in the matrix." },
      acknowledged: true,
      version: await evaluationVersion(id),
    },
  );
}

/** A decided evaluation: a fresh partner chosen, the world's partner debriefed (unless told not to). */
async function makeDecided(w: Pick<World, "buyer" | "buyerAdmin" | "partner">, debrief = true) {
  const review = await makeEvaluation(w, "review", [w.buyerAdmin]);
  const actor = { userId: w.buyerAdmin.userId, organisationId: w.buyer.id };
  const chosenId = await addCandidate(actor, review.id, (await createOrganisation("partner")).id);
  await decide(w, review.id, chosenId);
  if (!debrief) return { id: review.id, chosenId, debriefId: "", notChosenId: review.candidateId };
  await getDb().transaction((tx) =>
    publishDebrief(tx, actor, review.id, {
      candidateId: review.candidateId,
      body: "Thank you for taking part.",
    }),
  );
  const [row] = await getDb()
    .select({ id: debriefs.id })
    .from(debriefs)
    .where(eq(debriefs.evaluationId, review.id));
  return { id: review.id, chosenId, debriefId: row.id };
}

/** One of the buyer's evaluations: admins; assigned evaluators; viewers from review. Everyone else 404. */
const EVALUATION_IN_SCORING: Row = {
  anonymous: 302,
  buyerAdmin: 200,
  evaluator: 200,
  viewer: 404,
  partnerAdmin: 404,
  partnerMember: 404,
  outsider: 404,
};
const EVALUATION_IN_REVIEW_UNASSIGNED: Row = { ...EVALUATION_IN_SCORING, evaluator: 404, viewer: 200 };
/** The comparison while scoring: the assigned evaluator has not submitted, so it is still blind (404). */
const COMPARISON_IN_SCORING: Row = { ...EVALUATION_IN_SCORING, evaluator: 404 };
/**
 * The record and its exports open from review: before, those who may see the comparison get 409; the assigned
 * evaluator, still blind, gets 404 as from the comparison (DESIGN.md: exports to evaluators under its rule).
 */
const EXPORT_IN_SCORING: Row = { ...COMPARISON_IN_SCORING, buyerAdmin: 409 };
/** Deciding: buyer admins, from review; a viewer who sees the evaluation gets 403. */
const DECIDE_IN_REVIEW: Row = { ...EVALUATION_IN_REVIEW_UNASSIGNED, viewer: 403 };

/** The record's routes (report, exports): in scoring, in review, and decided (the frozen record). */
function recordCases(suffix: string): LoaderCase[] {
  return [
    {
      owner: "buyer",
      path: (w) => `/evaluations/${w.scoringEvaluationId}/${suffix}`,
      params: (w) => ({ evaluationId: w.scoringEvaluationId }),
      expect: EXPORT_IN_SCORING,
    },
    {
      owner: "buyer",
      path: (w) => `/evaluations/${w.reviewEvaluationId}/${suffix}`,
      params: (w) => ({ evaluationId: w.reviewEvaluationId }),
      expect: EVALUATION_IN_REVIEW_UNASSIGNED,
    },
    {
      owner: "buyer",
      path: (w) => `/evaluations/${w.decidedEvaluationId}/${suffix}`,
      params: (w) => ({ evaluationId: w.decidedEvaluationId }),
      expect: EVALUATION_IN_REVIEW_UNASSIGNED,
    },
    {
      // Cancelled during scoring: it never reached review, so its record never opens.
      owner: "buyer",
      path: (w) => `/evaluations/${w.cancelledScoringEvaluationId}/${suffix}`,
      params: (w) => ({ evaluationId: w.cancelledScoringEvaluationId }),
      expect: EXPORT_IN_SCORING,
    },
    {
      owner: "buyer",
      path: (w) => `/evaluations/${w.cancelledReviewEvaluationId}/${suffix}`,
      params: (w) => ({ evaluationId: w.cancelledReviewEvaluationId }),
      expect: EVALUATION_IN_REVIEW_UNASSIGNED,
    },
  ];
}

/** An open evidence request from the world's buyer (its scoring evaluation) to the world's partner. */
async function makeRequest(w: World): Promise<string> {
  const [row] = await getDb()
    .insert(evidenceRequests)
    .values({
      organisationId: w.buyer.id,
      evaluationId: w.scoringEvaluationId,
      candidateId: w.scoringCandidateId,
      criterionId: w.scoringCriterionId,
      partnerId: w.partner.id,
      message: "Please share your SOC 2 report.",
      dueOn: "2099-01-01",
      createdByUserId: w.evaluator.userId,
    })
    .returning({ id: evidenceRequests.id });
  return row.id;
}

async function orgVersion(id: string): Promise<number> {
  const [o] = await getDb()
    .select({ version: organisations.version })
    .from(organisations)
    .where(eq(organisations.id, id));
  return o.version;
}

interface LoaderCase {
  /** Who changes something by reading (a buyer's evidence download is recorded); nobody by default. */
  changes?: readonly Who[];
  /** Text that must not appear in what the outsider receives. */
  mustNotShow?: (w: World) => string[];
  /** Which organisation owns the object named in the URL; decides who the outsider is. */
  owner?: "buyer" | "partner";
  path: (w: World) => string;
  params?: (w: World) => Record<string, string>;
  expect: Row;
}

interface ActionCase extends Omit<LoaderCase, "changes"> {
  /** Who may change something (the positive controls); every other cell must leave the database unchanged. */
  changes: readonly Who[];
  /** A body that would succeed for a permitted role (it may create what it needs, e.g. a fresh invitation). */
  body: (
    w: World,
    who: Who,
  ) => Record<string, string> | FormData | Promise<Record<string, string> | FormData>;
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
        body: (w) => ({ email: w.signInUser.email, password: TEST_PASSWORD, redirectTo: "/" }),
        changes: EVERYONE,
        expect: everyone(302),
      },
    ],
  },
  "routes/signup": {
    loader: [{ path: () => "/signup", expect: { ...everyone(302), anonymous: 200 } }],
    // Only an anonymous person creates an organisation; a signed-in one is sent home, nothing created.
    action: [
      {
        changes: ["anonymous"],
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
    action: [{ path: () => "/logout", body: () => ({}), expect: everyone(302), changes: SIGNED_IN }],
  },
  "routes/evaluations._index": { loader: [{ path: () => "/evaluations", expect: buyerPage() }] },
  "routes/evaluations.new": {
    loader: [{ path: () => "/evaluations/new", expect: buyerPage({ evaluator: 403, viewer: 403 }) }],
    // Any buyer admin creates evaluations of its own organisation.
    action: [
      {
        path: () => "/evaluations/new",
        changes: ["buyerAdmin", "outsider"],
        body: () => ({
          name: `New ${randomUUID().slice(0, 8)}`,
          template: "builtin",
          industry: "",
          sizeBand: "",
          otherSpecializations: "",
          deadlineOn: "",
          minimumTotal: "",
          _idempotency: randomUUID(),
        }),
        expect: buyerPage({ buyerAdmin: 302, outsider: 302, evaluator: 403, viewer: 403 }),
      },
    ],
  },
  "routes/evaluations.$evaluationId._index": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: EVALUATION_IN_SCORING,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
      {
        // Cancelled during scoring: viewers never see it; its assigned evaluator still does.
        owner: "buyer",
        path: (w) => `/evaluations/${w.cancelledScoringEvaluationId}`,
        params: (w) => ({ evaluationId: w.cancelledScoringEvaluationId }),
        expect: EVALUATION_IN_SCORING,
      },
      {
        // Cancelled after review: viewers keep seeing it.
        owner: "buyer",
        path: (w) => `/evaluations/${w.cancelledReviewEvaluationId}`,
        params: (w) => ({ evaluationId: w.cancelledReviewEvaluationId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
    ],
    // Shortlisting a new partner: admins only.
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        changes: ["buyerAdmin"],
        body: async () => ({ intent: "add-candidate", partnerId: (await createOrganisation("partner")).id }),
        expect: { ...EVALUATION_IN_SCORING, evaluator: 403 },
      },
      {
        // A delivery review of the chosen partner, after the decision: admins only (a viewer sees, 403).
        owner: "buyer",
        path: (w) => `/evaluations/${w.decidedEvaluationId}`,
        params: (w) => ({ evaluationId: w.decidedEvaluationId }),
        changes: ["buyerAdmin"],
        body: (w) => ({
          intent: "delivery-review",
          _idempotency: randomUUID(),
          candidateId: w.decidedChosenId,
          milestone: "Pilot live",
          quality: "4",
          schedule: "3",
          cost: "4",
          outcome: "Handle time down 12% against the baseline.",
          wouldEngageAgain: "yes",
          note: "",
        }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, viewer: 403 },
      },
      {
        // A debrief to a candidate not chosen, once per candidate: a fresh decided evaluation per cell; admins
        // only (a viewer sees, 403).
        owner: "buyer",
        path: (w) => `/evaluations/${w.nextId}`,
        params: (w) => ({ evaluationId: w.nextId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const made = await makeDecided(w, false);
          w.nextId = made.id;
          return {
            intent: "debrief",
            _idempotency: randomUUID(),
            candidateId: made.notChosenId ?? "",
            body: "Thank you for taking part.",
            includeScores: "on",
          };
        },
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, viewer: 403 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.decide": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/decide`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        expect: DECIDE_IN_REVIEW,
      },
      {
        // Before review the page sends its admins back to the evaluation.
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/decide`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 403 },
      },
    ],
    action: [
      {
        // A fresh evaluation in review per cell: a decision is made once.
        owner: "buyer",
        path: (w) => `/evaluations/${w.nextId}/decide`,
        params: (w) => ({ evaluationId: w.nextId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const made = await makeEvaluation(w, "review", [w.buyerAdmin]);
          w.nextId = made.id;
          return {
            chosen: made.candidateId,
            rationale: "Best evidence of delivery.",
            [`override.${made.candidateId}`]: "Chosen in the matrix.",
            acknowledge: "on",
            version: String(await evaluationVersion(made.id)),
          };
        },
        expect: { ...DECIDE_IN_REVIEW, buyerAdmin: 302 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.report": { loader: recordCases("report") },
  "routes/evaluations.$evaluationId.summary[.]csv": { loader: recordCases("summary.csv") },
  "routes/evaluations.$evaluationId.detail[.]csv": { loader: recordCases("detail.csv") },
  "routes/evaluations.$evaluationId.comparison[.]json": { loader: recordCases("comparison.json") },
  "routes/evaluations.$evaluationId.details": {
    // A draft's name and context: buyer admins (the evaluator is not assigned to the draft, viewers never see one);
    // once scoring, the page sends admins back and an assigned evaluator gets 403.
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.draftEvaluationId}/details`,
        params: (w) => ({ evaluationId: w.draftEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, evaluator: 404 },
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/details`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 403 },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.draftEvaluationId}/details`,
        params: (w) => ({ evaluationId: w.draftEvaluationId }),
        changes: ["buyerAdmin"],
        body: async (w) => ({
          name: `Draft ${randomUUID().slice(0, 8)}`,
          industry: "",
          sizeBand: "",
          otherSpecializations: "",
          deadlineOn: "",
          minimumTotal: "",
          version: String(await evaluationVersion(w.draftEvaluationId)),
        }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 404 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.checklist": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/checklist`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: EVALUATION_IN_SCORING,
      },
    ],
    // Editing the frozen checklist of a draft (the evaluator is not assigned to the draft).
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.draftEvaluationId}/checklist`,
        params: (w) => ({ evaluationId: w.draftEvaluationId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const [e] = await getDb().select().from(evaluations).where(eq(evaluations.id, w.draftEvaluationId));
          const draft = toDraft(await getEvaluationChecklist(e));
          draft.sections[0].name = `Standing ${randomUUID().slice(0, 8)}`;
          return checklistForm(draft, { version: String(e.version) });
        },
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 404 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.values": {
    // Numeric values: buyer admins only.
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/values`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, evaluator: 403 },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/values`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const [saved] = await getDb()
            .select()
            .from(numericValues)
            .where(
              and(
                eq(numericValues.candidateId, w.scoringCandidateId),
                eq(numericValues.criterionId, w.scoringNumericId),
              ),
            );
          return {
            intent: "set",
            candidateId: w.scoringCandidateId,
            criterionId: w.scoringNumericId,
            value: String(1000 + Math.floor(Math.random() * 900)),
            version: saved ? String(saved.version) : "",
            _idempotency: randomUUID(),
          };
        },
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 403 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.consensus": {
    // Consensus: buyer admins; set only in review (the evaluator is not assigned to the review evaluation).
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/consensus`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, viewer: 403 },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/consensus`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const [saved] = await getDb()
            .select()
            .from(consensusScores)
            .where(
              and(
                eq(consensusScores.candidateId, w.reviewCandidateId),
                eq(consensusScores.criterionId, w.reviewCriterionId),
              ),
            );
          return {
            intent: "set",
            candidateId: w.reviewCandidateId,
            criterionId: w.reviewCriterionId,
            value: saved ? String(saved.value === 3.5 ? 4 : 3.5) : "3.5",
            rationale: `Agreed in the review meeting ${randomUUID().slice(0, 8)}.`,
            version: saved ? String(saved.version) : "",
            _idempotency: randomUUID(),
          };
        },
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, buyerAdmin: 302, viewer: 403 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.triage": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/triage`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, evaluator: 403 },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/triage`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        changes: ["buyerAdmin"],
        body: async () => ({ intent: "add-candidate", partnerId: (await createOrganisation("partner")).id }),
        expect: { ...EVALUATION_IN_SCORING, evaluator: 403 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.declaration": {
    // Only the assigned evaluators declare (the admin is not assigned here).
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/declaration`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 404 },
      },
      {
        // In review: the admin is assigned there; the evaluator is not (404), nor are viewers.
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/declaration`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, viewer: 404 },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/declaration`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        changes: ["evaluator"],
        body: () => ({ choice: "none", note: "" }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 404, evaluator: 302 },
      },
      {
        // In review a declaration no longer changes: the assigned admin (who declared) gets 409, nothing changes.
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/declaration`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        changes: [],
        body: () => ({ choice: "none", note: "" }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, buyerAdmin: 409, viewer: 404 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.candidates.$candidateId": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/candidates/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, candidateId: w.scoringCandidateId }),
        expect: EVALUATION_IN_SCORING,
      },
      {
        // In review: viewers read it; an evaluator not assigned gets 404.
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/candidates/${w.reviewCandidateId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId, candidateId: w.reviewCandidateId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
      {
        // Cancelled during scoring: its evaluator reads its own page (blind still), viewers get 404.
        owner: "buyer",
        path: (w) =>
          `/evaluations/${w.cancelledScoringEvaluationId}/candidates/${w.cancelledScoringCandidateId}`,
        params: (w) => ({
          evaluationId: w.cancelledScoringEvaluationId,
          candidateId: w.cancelledScoringCandidateId,
        }),
        expect: EVALUATION_IN_SCORING,
      },
    ],
    // Saving a score: the assigned evaluator only; an admin who is not assigned reads but does not score.
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/candidates/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, candidateId: w.scoringCandidateId }),
        changes: ["evaluator"],
        body: async (w) => {
          const [saved] = await getDb()
            .select()
            .from(scores)
            .where(
              and(
                eq(scores.candidateId, w.scoringCandidateId),
                eq(scores.criterionId, w.scoringCriterionId),
                eq(scores.evaluatorUserId, w.evaluator.userId),
              ),
            );
          return {
            intent: "score",
            criterionId: w.scoringCriterionId,
            value: saved ? String((saved.value + 1) % 6) : "3",
            justification: `Checked the vendor directory ${randomUUID().slice(0, 8)}.`,
            version: saved ? String(saved.version) : "",
          };
        },
        // Without JavaScript a saved score redirects back to its criterion.
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 403, evaluator: 302 },
      },
      {
        // Asking the partner for evidence: admins and the assigned evaluator.
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/candidates/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, candidateId: w.scoringCandidateId }),
        changes: ["buyerAdmin", "evaluator"],
        body: (w) => ({
          intent: "request-evidence",
          criterionId: w.scoringCriterionId,
          message: "Please share the runbook.",
          dueOn: "2099-01-31",
          _idempotency: randomUUID(),
        }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 302 },
      },
      {
        // Closing a request (a fresh one each time, asked by the evaluator): the asker or an admin.
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/candidates/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, candidateId: w.scoringCandidateId }),
        changes: ["buyerAdmin", "evaluator"],
        body: async (w) => {
          w.nextId = await makeRequest(w);
          return {
            intent: "close-request",
            criterionId: w.scoringCriterionId,
            requestId: w.nextId,
            version: "1",
          };
        },
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 302 },
      },
    ],
  },
  // The comparison and its on-demand parts: admins; evaluators once they submitted every candidate they may score
  // (the world's evaluator has not); viewers from review. Everyone else 404.
  "routes/evaluations.$evaluationId.compare._index": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/compare`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: COMPARISON_IN_SCORING,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/compare`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
      {
        // Cancelled during scoring: as blind as it was (the evaluator submitted nothing), closed to viewers.
        owner: "buyer",
        path: (w) => `/evaluations/${w.cancelledScoringEvaluationId}/compare`,
        params: (w) => ({ evaluationId: w.cancelledScoringEvaluationId }),
        expect: COMPARISON_IN_SCORING,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.cancelledReviewEvaluationId}/compare`,
        params: (w) => ({ evaluationId: w.cancelledReviewEvaluationId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
    ],
  },
  "routes/evaluations.$evaluationId.compare.$candidateId": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/compare/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, candidateId: w.scoringCandidateId }),
        expect: COMPARISON_IN_SCORING,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/compare/${w.reviewCandidateId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId, candidateId: w.reviewCandidateId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
      {
        // A candidate of another evaluation of the same buyer, named under this one: missing, for everyone.
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/compare/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId, candidateId: w.scoringCandidateId }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, buyerAdmin: 404, viewer: 404 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.compare.criteria.$criterionId": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/compare/criteria/${w.scoringCriterionId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, criterionId: w.scoringCriterionId }),
        expect: COMPARISON_IN_SCORING,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/compare/criteria/${w.reviewCriterionId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId, criterionId: w.reviewCriterionId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/compare/criteria/${w.scoringCriterionId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId, criterionId: w.scoringCriterionId }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, buyerAdmin: 404, viewer: 404 },
      },
    ],
  },
  "routes/templates._index": {
    loader: [{ path: () => "/templates", expect: buyerPage({ evaluator: 403, viewer: 403 }) }],
    // Copying one of the buyer's own templates: another buyer's admin cannot name it.
    action: [
      {
        owner: "buyer",
        path: () => "/templates?index",
        changes: ["buyerAdmin"],
        body: (w) => ({ intent: "copy", source: w.templateId, _idempotency: randomUUID() }),
        expect: { ...BUYER_ADMIN_OBJECT, buyerAdmin: 302 },
      },
    ],
  },
  "routes/templates.new": {
    loader: [{ path: () => "/templates/new", expect: buyerPage({ evaluator: 403, viewer: 403 }) }],
    // Any buyer admin creates templates of its own organisation.
    action: [
      {
        path: () => "/templates/new",
        changes: ["buyerAdmin", "outsider"],
        body: () =>
          checklistForm(
            { ...toDraft(BUILT_IN_CHECKLIST), name: `New ${randomUUID().slice(0, 8)}` },
            { _idempotency: randomUUID() },
          ),
        expect: buyerPage({ buyerAdmin: 302, outsider: 302, evaluator: 403, viewer: 403 }),
      },
    ],
  },
  "routes/templates.$templateId._index": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/templates/${w.templateId}`,
        params: (w) => ({ templateId: w.templateId }),
        mustNotShow: (w) => [w.templateId],
        expect: BUYER_ADMIN_OBJECT,
      },
      // The built-in checklist: every buyer's admins read it.
      {
        path: () => "/templates/builtin",
        params: () => ({ templateId: "builtin" }),
        expect: buyerPage({ evaluator: 403, viewer: 403 }),
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/templates/${w.nextId}`,
        params: (w) => ({ templateId: w.nextId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          w.nextId = await makeTemplate(w);
          return { intent: "delete", version: "1" };
        },
        expect: { ...BUYER_ADMIN_OBJECT, buyerAdmin: 302 },
      },
    ],
  },
  "routes/templates.$templateId.edit": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/templates/${w.templateId}/edit`,
        params: (w) => ({ templateId: w.templateId }),
        expect: BUYER_ADMIN_OBJECT,
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/templates/${w.templateId}/edit`,
        params: (w) => ({ templateId: w.templateId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const t = await getTemplate(w.buyer.id, w.templateId);
          const draft = toDraft(t!.checklist);
          draft.name = `Renamed ${randomUUID().slice(0, 8)}`;
          return checklistForm(draft, { version: String(t!.version) });
        },
        expect: { ...BUYER_ADMIN_OBJECT, buyerAdmin: 302 },
      },
      // A stale save answers with the saved template merged in: only to its own admins; it saves nothing.
      {
        owner: "buyer",
        path: (w) => `/templates/${w.templateId}/edit`,
        params: (w) => ({ templateId: w.templateId }),
        changes: [],
        body: async (w) => {
          const draft = toDraft((await getTemplate(w.buyer.id, w.templateId))!.checklist);
          return checklistForm(draft, { version: "0", base: JSON.stringify(draft) });
        },
        expect: { ...BUYER_ADMIN_OBJECT, buyerAdmin: 409 },
      },
    ],
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
    action: [
      {
        // Inviting always targets one's own organisation, with a role of one's own kind.
        changes: ["buyerAdmin", "partnerAdmin", "outsider"],
        path: () => "/members",
        body: (_w, who) => ({
          intent: "invite",
          _idempotency: randomUUID(),
          email: `${randomUUID().slice(0, 8)}@new.example`,
          role: who.startsWith("partner") ? "member" : "viewer",
        }),
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
      },
      {
        // Revoking names an invitation of the buyer: another organisation's admin gets 404.
        changes: ["buyerAdmin"],
        owner: "buyer",
        path: () => "/members",
        body: async (w) => ({
          intent: "revoke",
          invitationId: await makeInvitationId(w, `${randomUUID().slice(0, 8)}@pending.example`),
        }),
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
    action: [
      {
        owner: "buyer",
        path: (w) => `/members/${w.buyerMemberId}`,
        params: (w) => ({ memberId: w.buyerMemberId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const m = await membership(w.buyerMemberId);
          return {
            intent: "role",
            role: m.role === "evaluator" ? "viewer" : "evaluator",
            version: String(m.version),
          };
        },
        expect: BUYER_MEMBER_OBJECT,
      },
      {
        owner: "partner",
        path: (w) => `/members/${w.partnerMemberId}`,
        params: (w) => ({ memberId: w.partnerMemberId }),
        changes: ["partnerAdmin"],
        body: async (w) => {
          const m = await membership(w.partnerMemberId);
          return {
            intent: "role",
            role: m.role === "member" ? "admin" : "member",
            version: String(m.version),
          };
        },
        expect: PARTNER_MEMBER_OBJECT,
      },
      {
        owner: "buyer",
        path: (w) => `/members/${w.buyerMemberId}`,
        params: (w) => ({ memberId: w.buyerMemberId }),
        changes: ["buyerAdmin"],
        body: () => ({ intent: "reset" }),
        expect: BUYER_MEMBER_OBJECT,
      },
    ],
  },
  "routes/account": {
    loader: [{ path: () => "/account", expect: signedInOnly(200) }],
    // Everyone signed in may change their own password: the positive control is their new hash.
    action: [
      {
        changes: SIGNED_IN,
        path: () => "/account",
        body: () => ({
          intent: "password",
          currentPassword: TEST_PASSWORD,
          newPassword: "matrix changed password 1",
        }),
        expect: signedInOnly(200),
      },
    ],
  },
  "routes/settings": {
    loader: [{ path: () => "/settings", expect: buyerPage({ evaluator: 403, viewer: 403 }) }],
    action: [
      {
        changes: ["buyerAdmin", "outsider"],
        path: () => "/settings",
        body: async (w, who) => ({
          name: "Matrix Renamed Buyer",
          timeZone: "Europe/Paris",
          version: String(
            await orgVersion(who === "outsider" ? w.otherBuyerAdmin.organisationId : w.buyer.id),
          ),
        }),
        expect: buyerPage({ evaluator: 403, viewer: 403 }),
      },
    ],
  },
  "routes/audit._index": {
    loader: [
      {
        path: () => "/audit",
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
      },
    ],
  },
  "routes/audit[.]csv": {
    loader: [
      {
        path: () => "/audit.csv",
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
        mustNotShow: (w) => [w.evaluator.email],
      },
    ],
  },
  // Invitation and reset links are capabilities: whoever holds the token may open them, signed in or not.
  "routes/invite.$token": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/invite/${w.invitationToken}`,
        params: (w) => ({ token: w.invitationToken }),
        expect: everyone(200),
      },
    ],
    action: [
      {
        changes: EVERYONE,
        owner: "buyer",
        path: (w) => `/invite/${w.nextToken}`,
        params: (w) => ({ token: w.nextToken }),
        body: async (w) => {
          const email = `${randomUUID().slice(0, 8)}@invited.example`;
          w.nextToken = await makeInvitation(w, email);
          return { email, name: "Invited Person", password: "violet tractor harbour 42" };
        },
        expect: everyone(302),
      },
    ],
  },
  "routes/reset.$token": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/reset/${w.resetToken}`,
        params: (w) => ({ token: w.resetToken }),
        expect: everyone(200),
      },
    ],
    action: [
      {
        changes: EVERYONE,
        owner: "buyer",
        path: (w) => `/reset/${w.nextToken}`,
        params: (w) => ({ token: w.nextToken }),
        body: async (w) => {
          w.nextToken = await makeReset(w);
          return { password: `reset password ${randomUUID().slice(0, 6)}` };
        },
        expect: everyone(302),
      },
    ],
  },
  "routes/profile._index": { loader: [{ owner: "partner", path: () => "/profile", expect: partnerPage() }] },
  "routes/profile.references._index": {
    loader: [{ owner: "partner", path: () => "/profile/references", expect: partnerPage() }],
  },
  // Profile editing: both partner roles edit their own organisation's profile; the outsider (another partner's
  // admin) edits its own profile through the same forms; buyers get 404.
  "routes/profile.facts": {
    loader: [{ owner: "partner", path: () => "/profile/facts", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/facts",
        changes: PARTNER_EDITORS,
        body: async (w, who) => ({
          intent: "save",
          version: String(await versionOf(partnerProfiles, ownPartner(w, who))),
          partnerType: "consultancy",
          hqCountry: "AU",
          regions: "europe",
          headcountBand: "50-249",
          website: "https://example.com",
          description: `Facts saved by ${who}`,
        }),
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
  },
  "routes/profile.membership": {
    loader: [{ owner: "partner", path: () => "/profile/membership", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/membership",
        changes: PARTNER_EDITORS,
        body: async (w, who) => ({
          intent: "save",
          version: await optionalVersion(networkMemberships, ownPartner(w, who)),
          tier: who === "partnerMember" ? "advanced" : "select",
          memberSince: "2024-01-01",
        }),
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
  },
  "routes/profile.support": {
    loader: [{ owner: "partner", path: () => "/profile/support", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/support",
        changes: PARTNER_EDITORS,
        body: async (w, who) => ({
          intent: "save",
          version: await optionalVersion(supportTerms, ownPartner(w, who)),
          supportHours: "24x7",
          p1ResponseMinutes: who === "partnerMember" ? "45" : "30",
          p1ResolutionHours: "8",
          warrantyDays: "90",
          maintenanceModel: "co_managed",
        }),
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
  },
  "routes/profile.certifications": {
    loader: [{ owner: "partner", path: () => "/profile/certifications", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/certifications",
        changes: PARTNER_EDITORS,
        body: () => ({
          intent: "create",
          _idempotency: randomUUID(),
          track: "Applied AI engineering",
          certifiedStaff: "3",
          issuedOn: "2025-01-15",
        }),
        expect: partnerPage(),
      },
      {
        // Editing names a certification of the world's partner: another partner's admin gets 404.
        owner: "partner",
        path: () => "/profile/certifications",
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w) => ({
          intent: "update",
          id: await makeCertification(w),
          version: "1",
          track: "Renamed track",
          certifiedStaff: "5",
          issuedOn: "2025-02-01",
        }),
        expect: partnerPage({ outsider: 404 }),
      },
    ],
  },
  "routes/profile.specializations": {
    loader: [{ owner: "partner", path: () => "/profile/specializations", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/specializations",
        changes: PARTNER_EDITORS,
        body: () => ({
          intent: "create",
          _idempotency: randomUUID(),
          name: "other",
          otherName: `Specialty ${randomUUID().slice(0, 8)}`,
          achievedOn: "2025-05-01",
        }),
        expect: partnerPage(),
      },
    ],
  },
  "routes/profile.providers": {
    loader: [{ owner: "partner", path: () => "/profile/providers", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/providers",
        changes: PARTNER_EDITORS,
        // One provider per partner: each person of a partner claims a different one.
        body: (_w, who) => ({
          intent: "create",
          _idempotency: randomUUID(),
          provider: who === "partnerMember" ? "mistral" : who === "outsider" ? "google" : "cohere",
          productionDeployments: "4",
        }),
        expect: partnerPage(),
      },
    ],
  },
  "routes/profile.documents": {
    loader: [{ owner: "partner", path: () => "/profile/documents", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/documents",
        changes: PARTNER_EDITORS,
        body: () => ({
          intent: "create",
          _idempotency: randomUUID(),
          title: "SOC 2 report",
          kind: "security_attestation",
        }),
        expect: partnerPage(),
      },
    ],
  },
  "routes/profile.references.new": {
    loader: [{ owner: "partner", path: () => "/profile/references/new", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/references/new",
        changes: PARTNER_EDITORS,
        body: () => ({ ...REFERENCE_FORM, intent: "create", _idempotency: randomUUID() }),
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
  },
  "routes/profile.references.$referenceId": {
    loader: [
      {
        owner: "partner",
        path: (w) => `/profile/references/${w.referenceId}`,
        params: (w) => ({ referenceId: w.referenceId }),
        expect: partnerPage({ outsider: 404 }),
      },
    ],
    action: [
      {
        owner: "partner",
        path: (w) => `/profile/references/${w.nextId}`,
        params: (w) => ({ referenceId: w.nextId }),
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w) => {
          w.nextId = await makeReference(w);
          return { ...REFERENCE_FORM, intent: "save", version: "1", customer: "Renamed customer" };
        },
        expect: partnerPage({ outsider: 404 }),
      },
    ],
  },
  // Every signed-in person reads partner profiles (claims only); the outsider too: profiles are public to users.
  "routes/partners.$partnerId": {
    loader: [
      {
        owner: "partner",
        path: (w) => `/partners/${w.partner.id}`,
        params: (w) => ({ partnerId: w.partner.id }),
        expect: signedInOnly(200),
      },
    ],
    action: [
      {
        // Each buyer records its own verdict on evidence visible to all buyers: the other buyer's admin too.
        owner: "buyer",
        path: (w) => `/partners/${w.partner.id}`,
        params: (w) => ({ partnerId: w.partner.id }),
        changes: ["buyerAdmin", "evaluator", "outsider"],
        body: async (w) => ({
          intent: "verify",
          versionId: (await makeEvidence(w)).versionId,
          status: "verified",
          note: "",
        }),
        expect: buyerPage({ viewer: 403 }),
      },
      {
        // Restricted evidence not shared with a buyer does not exist for it.
        owner: "buyer",
        path: (w) => `/partners/${w.partner.id}`,
        params: (w) => ({ partnerId: w.partner.id }),
        changes: [],
        body: async (w) => ({
          intent: "verify",
          versionId: (await makeEvidence(w, "restricted")).versionId,
          status: "verified",
          note: "",
        }),
        expect: buyerPage({ buyerAdmin: 404, evaluator: 404, viewer: 403, outsider: 404 }),
      },
    ],
  },
  "routes/partners.compare": {
    loader: [
      {
        path: (w) => `/partners/compare?id=${w.partner.id}&id=${w.otherPartnerAdmin.organisationId}`,
        expect: signedInOnly(200),
      },
    ],
  },
  "routes/evidence._index": {
    loader: [{ owner: "partner", path: () => "/evidence", expect: partnerPage() }],
    action: [
      {
        // A link needs no file; the claim is one of the editor's own organisation.
        owner: "partner",
        path: () => "/evidence?index",
        changes: PARTNER_EDITORS,
        body: async (w, who) => {
          const form = new FormData();
          form.set("_idempotency", randomUUID());
          form.set("claim", `certification:${await makeCertification(w, ownPartner(w, who))}`);
          form.set("title", "Audit report");
          form.set("source", "link");
          form.set("url", "https://example.com/report");
          form.set("visibility", "all_buyers");
          return form;
        },
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
  },
  // The same writes for the progress-bar client, answered in JSON (200 with the location to go to).
  "routes/evidence.upload": {
    // Opened in a browser: the Evidence page, whose form posts here.
    loader: [
      {
        owner: "partner",
        path: () => "/evidence/upload",
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
    action: [
      {
        owner: "partner",
        path: () => "/evidence/upload",
        changes: PARTNER_EDITORS,
        body: async (w, who) => {
          const form = new FormData();
          form.set("_idempotency", randomUUID());
          form.set("claim", `certification:${await makeCertification(w, ownPartner(w, who))}`);
          form.set("title", "Audit report");
          form.set("source", "link");
          form.set("url", "https://example.com/report");
          form.set("visibility", "all_buyers");
          return form;
        },
        expect: partnerPage(),
      },
    ],
  },
  "routes/evidence.$evidenceId.upload": {
    // Opened in a browser: the evidence's page (which answers 404 to anyone but its partner).
    loader: [
      {
        owner: "partner",
        path: (w) => `/evidence/${w.evidenceId}/upload`,
        params: (w) => ({ evidenceId: w.evidenceId }),
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
    action: [
      {
        owner: "partner",
        path: (w) => `/evidence/${w.nextId}/upload`,
        params: (w) => ({ evidenceId: w.nextId }),
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w) => {
          w.nextId = (await makeEvidence(w)).evidenceId;
          const form = new FormData();
          form.set("version", "1");
          form.set("source", "file");
          form.set("file", new Blob([PDF_BYTES], { type: "application/pdf" }), "report-v2.pdf");
          return form;
        },
        expect: partnerPage({ outsider: 404 }),
      },
    ],
  },
  "routes/evidence.$evidenceId": {
    loader: [
      {
        owner: "partner",
        path: (w) => `/evidence/${w.evidenceId}`,
        params: (w) => ({ evidenceId: w.evidenceId }),
        expect: partnerPage({ outsider: 404 }),
      },
    ],
    action: [
      {
        owner: "partner",
        path: (w) => `/evidence/${w.nextId}`,
        params: (w) => ({ evidenceId: w.nextId }),
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w) => {
          w.nextId = (await makeEvidence(w)).evidenceId;
          return { intent: "save", version: "1", title: "Renamed evidence", visibility: "restricted" };
        },
        expect: partnerPage({ outsider: 404 }),
      },
    ],
  },
  // Evidence files: the owner's people; buyers (the current version of evidence visible to all buyers; each
  // download recorded); never another partner.
  "routes/evidence-files.$versionId": {
    loader: [
      {
        owner: "partner",
        path: (w) => `/evidence-files/${w.evidenceVersionId}`,
        params: (w) => ({ versionId: w.evidenceVersionId }),
        changes: ["buyerAdmin", "evaluator", "viewer"],
        expect: signedInOnly(200, { outsider: 404 }),
      },
    ],
  },
  "routes/requests.$requestId": {
    // The partner a request is addressed to reads and answers it; anyone else: 404.
    loader: [
      {
        owner: "partner",
        path: (w) => `/requests/${w.requestId}`,
        params: (w) => ({ requestId: w.requestId }),
        mustNotShow: (w) => [w.scoringEvaluationId],
        expect: partnerPage({ outsider: 404 }),
      },
    ],
    action: [
      {
        owner: "partner",
        path: (w) => `/requests/${w.nextId}`,
        params: (w) => ({ requestId: w.nextId }),
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w) => {
          w.nextId = await makeRequest(w);
          return {
            intent: "answer",
            evidence: w.evidenceId,
            note: "Attached.",
            version: "1",
            _idempotency: randomUUID(),
          };
        },
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 404 }),
      },
      {
        // New evidence added from the request's page (the upload pipeline), back to the request with it ticked;
        // another partner naming this request: 404, nothing stored.
        owner: "partner",
        path: (w) => `/requests/${w.requestId}?add-evidence`,
        params: (w) => ({ requestId: w.requestId }),
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w, who) => {
          const form = new FormData();
          form.set("_idempotency", randomUUID());
          form.set("request", w.requestId);
          form.set("claim", `certification:${await makeCertification(w, ownPartner(w, who))}`);
          form.set("title", "Outcome report");
          form.set("source", "link");
          form.set("url", "https://example.com/outcomes");
          form.set("visibility", "restricted");
          return form;
        },
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 404 }),
      },
    ],
  },
  "routes/requests._index": {
    loader: [{ owner: "partner", path: () => "/requests", expect: partnerPage() }],
  },
  "routes/requests.debriefs.$debriefId": {
    // The partner a debrief is addressed to reads it; anyone else (its author's buyer too): 404.
    loader: [
      {
        owner: "partner",
        path: (w) => `/requests/debriefs/${w.debriefId}`,
        params: (w) => ({ debriefId: w.debriefId }),
        mustNotShow: (w) => [w.decidedEvaluationId, w.decidedChosenId],
        expect: partnerPage({ outsider: 404 }),
      },
    ],
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
    signInUser: await createMember(base.buyer, "viewer"),
    // Objects of their own, so that a role change in one cell does not change who the personas are.
    buyerMemberId: await member(base.evaluator2),
    partnerMemberId: await member(await createMember(base.partner, "member")),
    invitationToken: await makeInvitation(base, "pending.person@example.com"),
    resetToken: await makeReset(base),
    nextToken: "",
    referenceId: "",
    nextId: "",
    evidenceId: "",
    evidenceVersionId: "",
    templateId: "",
    draftEvaluationId: "",
    scoringEvaluationId: "",
    reviewEvaluationId: "",
    scoringCandidateId: "",
    scoringCriterionId: "",
    requestId: "",
    scoringNumericId: "",
    reviewCandidateId: "",
    reviewCriterionId: "",
    decidedEvaluationId: "",
    decidedChosenId: "",
    debriefId: "",
    cancelledScoringEvaluationId: "",
    cancelledScoringCandidateId: "",
    cancelledReviewEvaluationId: "",
  };
  world.templateId = await makeTemplate(world);
  world.draftEvaluationId = (await makeEvaluation(world, "draft", [])).id;
  const scoring = await makeEvaluation(world, "scoring", [world.evaluator]);
  world.scoringEvaluationId = scoring.id;
  world.scoringCandidateId = scoring.candidateId;
  const [e] = await getDb().select().from(evaluations).where(eq(evaluations.id, scoring.id));
  world.scoringCriterionId = (await getEvaluationChecklist(e)).sections[0].criteria[0].key;
  const review = await makeEvaluation(world, "review", [world.buyerAdmin]);
  world.reviewEvaluationId = review.id;
  world.reviewCandidateId = review.candidateId;
  const [r] = await getDb().select().from(evaluations).where(eq(evaluations.id, review.id));
  world.reviewCriterionId = (await getEvaluationChecklist(r)).sections[0].criteria[0].key;
  world.scoringNumericId = (await getEvaluationChecklist(e)).sections
    .flatMap((s) => s.criteria)
    .find((c) => c.kind === "numeric")!.key;
  world.requestId = await makeRequest(world);
  const made = await makeEvidence(world);
  world.evidenceId = made.evidenceId;
  world.evidenceVersionId = made.versionId;
  world.referenceId = await makeReference(world);
  const decided = await makeDecided(world);
  world.decidedEvaluationId = decided.id;
  world.decidedChosenId = decided.chosenId;
  world.debriefId = decided.debriefId;
  const admin = { userId: world.buyerAdmin.userId, organisationId: world.buyer.id };
  const cancelledScoring = await makeEvaluation(world, "scoring", [world.evaluator]);
  await moveStatus(admin, cancelledScoring.id, await evaluationVersion(cancelledScoring.id), "cancelled");
  world.cancelledScoringEvaluationId = cancelledScoring.id;
  world.cancelledScoringCandidateId = cancelledScoring.candidateId;
  const cancelledReview = await makeEvaluation(world, "review", [world.buyerAdmin]);
  await moveStatus(admin, cancelledReview.id, await evaluationVersion(cancelledReview.id), "cancelled");
  world.cancelledReviewEvaluationId = cancelledReview.id;
  // Every insert, update and delete from here on is counted: a refused request must change no row.
  await installChangeCounter();
});

function person(w: World, who: Who, owner: "buyer" | "partner" = "buyer"): TestUser | undefined {
  if (who === "anonymous") return undefined;
  if (who === "outsider") return owner === "buyer" ? w.otherBuyerAdmin : w.otherPartnerAdmin;
  return w[who];
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
