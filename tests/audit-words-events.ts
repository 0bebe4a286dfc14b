// One audit event of every kind, shaped exactly as the models write them (app/models/*, see each action's
// `recordAudit`), and the routes the audit page's links lead to. Pure data: no state, no hooks.
import { randomUUID } from "node:crypto";
import type { auditEvents } from "../db/schema";

type Row = typeof auditEvents.$inferInsert;

export interface AuditWorld {
  buyer: { id: string };
  partner: { id: string };
  priya: { userId: string };
  tom: { userId: string };
  ava: { userId: string };
  evaluationId: string;
  candidateId: string;
  criterion: { id: string; name: string; max: number };
  templateId: string;
  evidenceId: string;
  versionId: string;
  requestId: string;
  invitationId: string;
  tomMembership: string;
}

type Event = [
  action: string,
  entityType: string,
  entityId: string,
  before: unknown,
  after: unknown,
  actor?: string,
];

function buyerEvents(w: AuditWorld): Event[] {
  const e = w.evaluationId;
  const cell = {
    candidate: "Bluegum Digital",
    candidateId: w.candidateId,
    criterion: w.criterion.name,
    criterionId: w.criterion.id,
  };
  const gone = randomUUID();
  return [
    [
      "organisation.created",
      "organisation",
      w.buyer.id,
      null,
      { kind: "buyer", name: "Southern Cross Mutual", timeZone: "UTC" },
    ],
    [
      "organisation.updated",
      "organisation",
      w.buyer.id,
      { name: "SCM", timeZone: "UTC" },
      { name: "Southern Cross Mutual", timeZone: "Australia/Sydney" },
    ],
    [
      "membership.created",
      "membership",
      w.tomMembership,
      null,
      { userId: w.tom.userId, email: "tom@scmutual.example", name: "Tom Okafor", role: "evaluator" },
    ],
    [
      "membership.role_changed",
      "membership",
      w.tomMembership,
      { name: "Tom Okafor", email: "tom@scmutual.example", role: "evaluator" },
      { role: "viewer" },
    ],
    [
      "membership.removed",
      "membership",
      gone,
      { name: "Sam Security", email: "sam@scmutual.example", role: "evaluator" },
      null,
    ],
    [
      "invitation.created",
      "invitation",
      w.invitationId,
      null,
      { email: "sam@scmutual.example", role: "evaluator", expiresAt: "2026-12-01T00:00:00.000Z" },
    ],
    ["invitation.revoked", "invitation", w.invitationId, { status: "pending" }, { status: "revoked" }],
    [
      "invitation.accepted",
      "membership",
      w.tomMembership,
      null,
      { email: "tom@scmutual.example", role: "evaluator", invitationId: w.invitationId },
      w.tom.userId,
    ],
    ["questionnaire.drafted", "evaluation", e, null, { questionnaireId: randomUUID() }],
    [
      "questionnaire.question_added",
      "evaluation",
      e,
      null,
      { questionId: randomUUID(), prompt: "Who leads delivery?", answerType: "text", required: true },
    ],
    [
      "questionnaire.question_edited",
      "evaluation",
      e,
      { questionId: randomUUID(), prompt: "Who leads delivery?", answerType: "text" },
      { questionId: randomUUID(), prompt: "Who leads delivery day to day?", answerType: "text" },
    ],
    [
      "questionnaire.question_removed",
      "evaluation",
      e,
      { questionId: randomUUID(), prompt: "Who leads delivery day to day?" },
      null,
    ],
    [
      "questionnaire.published",
      "evaluation",
      e,
      null,
      { questionnaireId: randomUUID(), deadlineOn: "2026-12-18", sealed: true, questions: 31, candidates: 5 },
    ],
    [
      "questionnaire.addendum_published",
      "evaluation",
      e,
      null,
      { addendum: 1, prompts: ["Which regions host the buyer's data?"] },
    ],
    [
      "questionnaire.extended",
      "evaluation",
      e,
      { candidateId: w.candidateId, name: "Bluegum Digital", deadlineOn: "2026-12-18" },
      { candidateId: w.candidateId, name: "Bluegum Digital", deadlineOn: "2026-12-22" },
    ],
    [
      "questionnaire.clarification_answered",
      "evaluation",
      e,
      null,
      {
        clarificationId: randomUUID(),
        candidateId: w.candidateId,
        published: true,
        answer: "Yes, a pilot is.",
      },
    ],
    [
      "partner_invitation.created",
      "partner_invitation",
      w.invitationId,
      null,
      {
        companyName: "Wattle Works AI",
        email: "zoe@wattleworks.example",
        evaluationId: e,
        evaluation: "Claims triage copilot",
        expiresAt: "2026-12-01T00:00:00.000Z",
      },
    ],
    [
      "partner_invitation.resent",
      "partner_invitation",
      w.invitationId,
      { expiresAt: "2026-12-01T00:00:00.000Z", status: "pending" },
      {
        companyName: "Wattle Works AI",
        email: "zoe@wattleworks.example",
        expiresAt: "2026-12-05T00:00:00.000Z",
      },
    ],
    [
      "partner_invitation.revoked",
      "partner_invitation",
      w.invitationId,
      { status: "pending" },
      { companyName: "Wattle Works AI", email: "zoe@wattleworks.example", status: "revoked", reason: null },
    ],
    [
      "partner_invitation.withdrawn",
      "partner_invitation",
      w.invitationId,
      { status: "pending" },
      {
        companyName: "Wattle Works AI",
        email: "zoe@wattleworks.example",
        status: "revoked",
        reason: "They declined to take part.",
      },
    ],
    [
      "partner_invitation.accepted",
      "partner_invitation",
      w.invitationId,
      { companyName: "Wattle Works AI" },
      {
        companyName: "Wattle Works",
        email: "zoe@wattleworks.example",
        partnerId: w.partner.id,
        candidateId: w.candidateId,
        joinedTooLate: false,
      },
    ],
    [
      "password_reset.issued",
      "membership",
      w.tomMembership,
      null,
      {
        name: "Tom Okafor",
        email: "tom@scmutual.example",
        resetId: randomUUID(),
        expiresAt: "2026-12-01T00:00:00.000Z",
      },
    ],
    [
      "password_reset.used",
      "user",
      w.tom.userId,
      null,
      { resetId: randomUUID(), sessionsEnded: "all" },
      w.tom.userId,
    ],
    ["user.email_confirmed", "user", w.tom.userId, null, { email: "tom@scmutual.example" }, w.tom.userId],
    ["user.password_changed", "user", w.tom.userId, null, { otherSessionsEnded: 2 }, w.tom.userId],
    ["session.ended", "session", randomUUID(), { device: "Firefox on macOS" }, null, w.tom.userId],
    ["session.ended_others", "user", w.tom.userId, null, { sessionsEnded: 1 }, w.tom.userId],
    [
      "template.created",
      "template",
      w.templateId,
      null,
      {
        name: "Insurer due diligence",
        sections: 6,
        criteria: 28,
        copiedFrom: "AI implementation partner due diligence",
        version: 1,
      },
    ],
    [
      "template.updated",
      "template",
      w.templateId,
      { name: "Insurer due diligence", sections: 6, criteria: 28, version: 1 },
      {
        name: "Insurer due diligence",
        sections: 6,
        criteria: 28,
        version: 2,
        changes: ["Section “Reference deployments”: weight 25 → 35."],
      },
    ],
    [
      "template.deleted",
      "template",
      gone,
      { name: "Old checklist", sections: 2, criteria: 4, version: 3 },
      null,
    ],
    [
      "evaluation.created",
      "evaluation",
      e,
      null,
      {
        name: "Store associate search",
        industry: null,
        useCases: [],
        templateName: "AI implementation partner due diligence",
        clonedFromId: null,
        status: "draft",
      },
    ],
    [
      "evaluation.cloned",
      "evaluation",
      e,
      null,
      {
        name: "Store associate search",
        clonedFromId: gone,
        clonedFrom: "Last year’s search",
        candidates: [{ name: "Bluegum Digital", partnerId: w.partner.id }],
        evaluators: [{ name: "Tom Okafor", userId: w.tom.userId }],
        status: "draft",
      },
    ],
    [
      "evaluation.updated",
      "evaluation",
      e,
      {
        name: "Store search",
        industry: null,
        sizeBand: null,
        useCases: [],
        requiredSpecializations: [],
        deadlineOn: null,
        minimumTotal: null,
      },
      {
        name: "Store associate search",
        industry: "Retail",
        sizeBand: "1k-5k",
        useCases: ["knowledge_search"],
        requiredSpecializations: [],
        deadlineOn: "2026-12-01",
        minimumTotal: 60,
      },
    ],
    [
      "evaluation.checklist_changed",
      "evaluation",
      e,
      { version: 1 },
      { version: 2, changes: ["Criterion “Day rate” added."] },
    ],
    [
      "evaluation.status_changed",
      "evaluation",
      e,
      { name: "Store associate search", status: "draft" },
      { name: "Store associate search", status: "scoring" },
    ],
    [
      "evaluation.candidate_added",
      "evaluation",
      e,
      null,
      { name: "Bluegum Digital", candidateId: w.candidateId, status: "draft" },
    ],
    ["evaluation.candidate_removed", "evaluation", e, { name: "Tessellate Labs", candidateId: gone }, null],
    [
      "evaluation.candidate_withdrawn",
      "evaluation",
      e,
      null,
      { name: "Bluegum Digital", candidateId: w.candidateId, reason: "Went into administration." },
    ],
    ["evaluation.evaluator_assigned", "evaluation", e, null, { name: "Tom Okafor", userId: w.tom.userId }],
    ["evaluation.evaluator_unassigned", "evaluation", e, { name: "Tom Okafor", userId: w.tom.userId }, null],
    [
      "evaluation.evaluator_unassigned",
      "evaluation",
      e,
      { userId: gone },
      { reason: "no longer an admin or evaluator" },
    ],
    [
      "evaluation.declared",
      "evaluation",
      e,
      { conflicts: [], note: "" },
      { conflicts: ["Bluegum Digital"], note: "My cousin works there.", covered: 1 },
      w.tom.userId,
    ],
    [
      "evaluation.decided",
      "evaluation",
      e,
      { name: "Store associate search", status: "review" },
      {
        name: "Store associate search",
        status: "decided",
        chosen: ["Bluegum Digital"],
        rationale: "Best references.",
        overrides: [{ partner: "Bluegum Digital", reason: "Local team." }],
        warnings: ["below minimum"],
      },
    ],
    [
      "evaluation.delivery_reviewed",
      "evaluation",
      e,
      null,
      {
        partner: "Bluegum Digital",
        milestone: "Pilot live",
        quality: 4,
        schedule: 3,
        cost: 5,
        wouldEngageAgain: true,
      },
    ],
    ["evaluation.debrief_published", "evaluation", e, null, { partner: "Bluegum Digital", withScores: true }],
    [
      "score.saved",
      "evaluation",
      e,
      {
        value: 3,
        justification: "One reference.",
        citedVersionIds: [w.versionId],
        acceptedSuggestion: false,
      },
      {
        scoreId: randomUUID(),
        ...cell,
        value: 4,
        max: 5,
        justification: "Two references report a measured baseline.",
        citedVersionIds: [w.versionId],
        suggestion: null,
        acceptedSuggestion: false,
        afterSubmission: false,
      },
      w.tom.userId,
    ],
    [
      "score.saved",
      "evaluation",
      gone,
      null,
      {
        scoreId: randomUUID(),
        ...cell,
        candidateId: gone,
        criterionId: gone,
        criterion: undefined,
        value: 2,
        max: 5,
        justification: "x",
      },
      w.tom.userId,
    ],
    [
      "score.submitted",
      "evaluation",
      e,
      null,
      { candidate: "Bluegum Digital", candidateId: w.candidateId, criteria: 28 },
      w.tom.userId,
    ],
    [
      "numeric_value.set",
      "evaluation",
      e,
      { value: 1300, profileField: null, copiedAt: null },
      { kind: "numeric", ...cell, unit: "AUD", value: 1400, profileField: null, copiedAt: null },
    ],
    [
      "numeric_value.copied",
      "evaluation",
      e,
      null,
      {
        kind: "numeric",
        ...cell,
        unit: "AUD",
        value: 1450,
        profileField: "dayRate",
        copiedAt: "2026-11-01T00:00:00.000Z",
      },
    ],
    [
      "numeric_value.cleared",
      "evaluation",
      e,
      { value: 1450, profileField: null, copiedAt: null },
      { kind: "numeric", ...cell, unit: "AUD", value: null },
    ],
    [
      "consensus.set",
      "evaluation",
      e,
      { value: 3, rationale: "Split panel." },
      { kind: "consensus", ...cell, value: 4, max: 5, rationale: "Agreed after the call." },
    ],
    [
      "consensus.cleared",
      "evaluation",
      e,
      { value: 4, rationale: "Agreed." },
      { kind: "consensus", ...cell, value: null, max: 5 },
    ],
    [
      "evidence_request.created",
      "evidence_request",
      w.requestId,
      null,
      {
        name: "Bluegum Digital",
        criterion: w.criterion.name,
        dueOn: "2026-12-01",
        message: "Please share the baseline report.",
      },
      w.tom.userId,
    ],
    [
      "evidence_request.closed",
      "evidence_request",
      w.requestId,
      { status: "answered" },
      { name: "Bluegum Digital", criterion: w.criterion.name, status: "closed" },
    ],
    [
      "evidence.verification_set",
      "evidence_version",
      w.versionId,
      { status: "unverified" },
      { title: "ISO 27001 certificate", status: "verified", note: "Checked with the issuer.", seenOn: null },
    ],
  ];
}

function partnerEvents(w: AuditWorld): Event[] {
  const gone = randomUUID();
  const file = {
    fileName: "iso.pdf",
    sizeBytes: 20480,
    sha256: `9f2c4e1ab7d3${"0".repeat(52)}`,
    type: "application/pdf",
  };
  const profile: Event[] = [];
  const items: Record<string, [string, Record<string, unknown>, Record<string, unknown>]> = {
    certification: [
      "certification",
      { track: "Applied AI", certifiedStaff: 4, issuedOn: null, expiresOn: null },
      { certifiedStaff: 3 },
    ],
    document: [
      "practice_document",
      { title: "Incident runbook", kind: "runbook", summary: "How we roll back." },
      { kind: "policy" },
    ],
    specialization: [
      "specialization",
      { name: "ai_agents", nameKey: "aiagents", achievedOn: "2026-01-01", expiresOn: null },
      { achievedOn: null },
    ],
    provider: [
      "model_provider_claim",
      { provider: "anthropic", productionDeployments: 12 },
      { productionDeployments: 9 },
    ],
    reference: [
      "reference_deployment",
      {
        customer: "Harbour Bank",
        status: "production",
        goLiveOn: "2026-02-01",
        outcomes: [{ metric: "Handle time", baseline: 10, result: 7, unit: "min" }],
      },
      { status: "pilot", goLiveOn: null },
    ],
    membership: [
      "network_membership",
      { tier: "elite", memberSince: "2024-01-01", forwardDeployedExperts: true },
      { tier: "advanced" },
    ],
    support: [
      "support_terms",
      { supportHours: "24x7", p1ResponseMinutes: 30, warrantyDays: 90, rollbackRunbook: true },
      { supportHours: "extended" },
    ],
  };
  for (const [section, [type, after, before]] of Object.entries(items)) {
    const id = section === "membership" || section === "support" ? w.partner.id : randomUUID();
    profile.push([`profile.${section}.created`, type, id, null, after]);
    profile.push([`profile.${section}.updated`, type, id, before, after]);
    profile.push([`profile.${section}.deleted`, type, id, after, null]);
  }
  return [
    ...profile,
    [
      "questionnaire.submitted",
      "questionnaire_response",
      randomUUID(),
      { submitted: 0 },
      {
        name: "Southern Cross Mutual",
        evaluation: "Claims triage copilot",
        revision: 1,
        answers: 31,
        afterUnsealing: false,
      },
    ],
    [
      "questionnaire.reopened",
      "questionnaire_response",
      randomUUID(),
      { submitted: 1 },
      { name: "Southern Cross Mutual", evaluation: "Claims triage copilot", revision: 1 },
    ],
    [
      "questionnaire.clarification_asked",
      "questionnaire_clarification",
      randomUUID(),
      null,
      {
        name: "Southern Cross Mutual",
        evaluation: "Claims triage copilot",
        question: "Is a pilot in scope?",
      },
    ],
    [
      "profile.facts.updated",
      "partner_profile",
      w.partner.id,
      { headcountBand: "50-249", regions: ["europe"] },
      { headcountBand: "250-999", regions: ["europe", "oceania"] },
    ],
    [
      "evidence.created",
      "evidence",
      w.evidenceId,
      null,
      {
        title: "ISO 27001 certificate",
        claim: "certification",
        visibility: "all_buyers",
        version: 1,
        ...file,
      },
    ],
    [
      "evidence.version_added",
      "evidence",
      w.evidenceId,
      null,
      { title: "ISO 27001 certificate", version: 2, url: "https://trust.bluegum.example/iso" },
    ],
    [
      "evidence.updated",
      "evidence",
      w.evidenceId,
      { title: "ISO cert", effectiveFrom: null, effectiveTo: null, visibility: "restricted" },
      {
        title: "ISO 27001 certificate",
        effectiveFrom: "2025-01-01",
        effectiveTo: null,
        visibility: "all_buyers",
      },
    ],
    ["evidence.deleted", "evidence", gone, { title: "Old brochure" }, null],
    [
      "evidence_request.answered",
      "evidence_request",
      w.requestId,
      { status: "open" },
      {
        name: "Southern Cross Mutual",
        criterion: w.criterion.name,
        evidence: ["ISO 27001 certificate"],
        shared: [],
        note: "Attached.",
      },
    ],
  ];
}

function rows(organisationId: string, actor: string, events: Event[], start: number): Row[] {
  return events.map(([action, entityType, entityId, before, after, by], i) => ({
    at: new Date(start + i * 60_000),
    actorUserId: by ?? actor,
    organisationId,
    action,
    entityType,
    entityId,
    before: before ?? null,
    after: after ?? null,
  }));
}

/** The rows to insert: the buyer's events in its log, the partner's in its own. */
export function eventsFor(w: AuditWorld): Row[] {
  const start = Date.parse("2026-11-02T09:00:00Z");
  return [
    ...rows(w.buyer.id, w.priya.userId, buyerEvents(w), start),
    ...rows(w.partner.id, w.ava.userId, partnerEvents(w), start),
  ];
}

/** Every action the test writes an event of. */
export function listedActions(): string[] {
  const id = () => randomUUID();
  const w: AuditWorld = {
    buyer: { id: id() },
    partner: { id: id() },
    priya: { userId: id() },
    tom: { userId: id() },
    ava: { userId: id() },
    evaluationId: id(),
    candidateId: id(),
    criterion: { id: id(), name: "c", max: 5 },
    templateId: id(),
    evidenceId: id(),
    versionId: id(),
    requestId: id(),
    invitationId: id(),
    tomMembership: id(),
  };
  return [...new Set([...buyerEvents(w), ...partnerEvents(w)].map(([action]) => action))];
}

const param = (name: string, at: number) => (href: string) => ({ [name]: href.split("/")[at] });

/** The page routes an audit link may lead to, with the params of each. */
export const ROUTES: {
  pattern: RegExp;
  module: () => Promise<{ loader: never }>;
  params: (href: string) => Record<string, string>;
}[] = [
  {
    pattern: /^\/members$/,
    module: () => import("../app/routes/members._index") as never,
    params: () => ({}),
  },
  {
    pattern: /^\/members\/[^/]+$/,
    module: () => import("../app/routes/members.$memberId") as never,
    params: param("memberId", 2),
  },
  { pattern: /^\/settings$/, module: () => import("../app/routes/settings") as never, params: () => ({}) },
  {
    pattern: /^\/templates\/[^/]+$/,
    module: () => import("../app/routes/templates.$templateId._index") as never,
    params: param("templateId", 2),
  },
  {
    pattern: /^\/evaluations\/[^/]+$/,
    module: () => import("../app/routes/evaluations.$evaluationId._index/route") as never,
    params: param("evaluationId", 2),
  },
  {
    pattern: /^\/evaluations\/[^/]+\/compare\/[^/]+$/,
    module: () => import("../app/routes/evaluations.$evaluationId.compare.$candidateId/route") as never,
    params: (href) => ({ evaluationId: href.split("/")[2], candidateId: href.split("/")[4] }),
  },
  {
    pattern: /^\/partners\/[^/]+$/,
    module: () => import("../app/routes/partners.$partnerId/route") as never,
    params: param("partnerId", 2),
  },
  {
    pattern: /^\/evidence\/[^/]+$/,
    module: () => import("../app/routes/evidence.$evidenceId") as never,
    params: param("evidenceId", 2),
  },
  {
    pattern: /^\/requests\/[^/]+$/,
    module: () => import("../app/routes/requests.$requestId/route") as never,
    params: param("requestId", 2),
  },
  {
    pattern: /^\/profile\/certifications$/,
    module: () => import("../app/routes/profile.certifications") as never,
    params: () => ({}),
  },
  {
    pattern: /^\/profile\/documents$/,
    module: () => import("../app/routes/profile.documents") as never,
    params: () => ({}),
  },
  {
    pattern: /^\/profile\/specializations$/,
    module: () => import("../app/routes/profile.specializations") as never,
    params: () => ({}),
  },
  {
    pattern: /^\/profile\/providers$/,
    module: () => import("../app/routes/profile.providers") as never,
    params: () => ({}),
  },
  {
    pattern: /^\/profile\/references$/,
    module: () => import("../app/routes/profile.references._index") as never,
    params: () => ({}),
  },
  {
    pattern: /^\/profile\/membership$/,
    module: () => import("../app/routes/profile.membership") as never,
    params: () => ({}),
  },
  {
    pattern: /^\/profile\/support$/,
    module: () => import("../app/routes/profile.support") as never,
    params: () => ({}),
  },
  {
    pattern: /^\/profile\/facts$/,
    module: () => import("../app/routes/profile.facts") as never,
    params: () => ({}),
  },
];
