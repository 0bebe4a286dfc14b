// Evidence requests (DESIGN.md "Evidence request", "Access rules"): a buyer admin or an assigned evaluator asks a
// candidate's partner for evidence on one criterion; the partner answers with evidence and a note, and may share
// restricted evidence with that buyer only; the buyer reads the answer and closes the request. The partner learns
// which buyer asks and the criterion's question, never the evaluation, its weights or its scores.
import { data, redirect } from "@remix-run/node";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import {
  conflictDeclarations,
  evaluationCandidates,
  evaluationCriteria,
  evaluations,
  evidence,
  evidenceRequests,
  evidenceShares,
  organisations,
  users,
} from "../../db/schema";
import { DECIDED_REFUSAL, type EvaluationStatus } from "../domain/evaluation";
import type { Viewer } from "../utils/access.server";
import { DATABASE_FAULT_MESSAGE, isDatabaseFault, writeFailure } from "../utils/database-fault.server";
import { formatDate, formatDateTime } from "../utils/format";
import { forbidden, notFound } from "../utils/http.server";
import { once } from "../utils/idempotency.server";
import { dayIn, isIsoDay } from "../utils/time";
import { recordAudit } from "./audit.server";
import { type EvaluationAccess, EvaluationRuleError } from "./evaluation.server";
import { visibleToBuyer } from "./evidence.server";
import { isUuid } from "./member.server";

export const REQUEST_MESSAGE_LIMIT = 2000;
export const ANSWER_NOTE_LIMIT = 2000;
export const ANSWER_EVIDENCE_LIMIT = 20;
/** Evidence is asked for while candidates are being scored or reviewed. */
export const REQUEST_STATUSES: readonly EvaluationStatus[] = ["scoring", "review"];
/** Once the buyer's evaluation is over, its requests take no more answers (for the partner they read as closed). */
const FINISHED_STATUSES: readonly EvaluationStatus[] = ["decided", "cancelled"];

export type RequestStatus = "open" | "answered" | "closed";

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  open: "Open",
  answered: "Answered",
  closed: "Closed",
};

/** Bad input, by field: the form comes back with the messages beside the fields (400). */
export class RequestInputError extends Error {
  constructor(readonly errors: Record<string, string>) {
    super("Invalid evidence request input");
  }
}

/** The request changed since the form was rendered (409, with what it is now). */
export class RequestConflict extends Error {}

/** The request's state refuses the change (closed, evaluation finished): said as is, 409. */
export class RequestRuleError extends Error {}

/** The buyer's "Ask the partner for evidence" form. */
export const requestFormSchema = z.object({
  criterionId: z.string().min(1),
  message: z
    .string()
    .trim()
    .min(1, "Say what you need: the partner reads this message.")
    .max(REQUEST_MESSAGE_LIMIT, `Use at most ${REQUEST_MESSAGE_LIMIT} characters.`),
  dueOn: z
    .string()
    .trim()
    .refine((v) => isIsoDay(v), "Enter the due date as a date like 2026-06-30."),
});

/** The partner's answer form (the evidence comes as repeated `evidence` fields). */
export const answerFormSchema = z.object({
  note: z
    .string()
    .trim()
    .max(ANSWER_NOTE_LIMIT, `Use at most ${ANSWER_NOTE_LIMIT} characters.`)
    .optional()
    .transform((v) => v ?? ""),
  version: z.coerce.number().int().min(1),
  share: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "1" || v === "true"),
});

/** Not answered or closed, and its due day (in the buyer's time zone) is over. */
export function isOverdue(status: RequestStatus, dueOn: string, buyerToday: string): boolean {
  return status === "open" && dueOn < buyerToday;
}

// ---------------------------------------------------------------------------------------------------------------
// Buyer side

/**
 * Asks the candidate's partner for evidence on one criterion, in the caller's transaction (the idempotency guard's).
 * Admins and the evaluation's assigned evaluators (not conflicted with the candidate) may ask, while it is
 * `scoring` or `review`, for a candidate not withdrawn; the due date is today or later in the buyer's time zone.
 */
export async function createRequest(
  tx: Tx,
  viewer: Viewer,
  access: EvaluationAccess,
  input: { candidateId: string; criterionId: string; message: string; dueOn: string },
  now = new Date(),
): Promise<{ id: string }> {
  if (viewer.role !== "admin" && !(viewer.role === "evaluator" && access.assigned)) {
    forbidden("Only admins and the evaluation's evaluators ask partners for evidence.");
  }
  if (!isUuid(input.candidateId) || !isUuid(input.criterionId)) notFound();
  const [current] = await tx
    .select({ id: evaluations.id, status: evaluations.status })
    .from(evaluations)
    .where(
      and(eq(evaluations.id, access.evaluation.id), eq(evaluations.organisationId, viewer.organisationId)),
    )
    .for("share");
  if (!current) notFound();
  if (current.status === "decided") throw new EvaluationRuleError(DECIDED_REFUSAL);
  const [[candidate], [criterion], [declaration]] = await Promise.all([
    tx
      .select({
        id: evaluationCandidates.id,
        partnerId: evaluationCandidates.partnerId,
        name: organisations.name,
        withdrawnAt: evaluationCandidates.withdrawnAt,
      })
      .from(evaluationCandidates)
      .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
      .where(
        and(
          eq(evaluationCandidates.id, input.candidateId),
          eq(evaluationCandidates.evaluationId, current.id),
          eq(evaluationCandidates.organisationId, viewer.organisationId),
        ),
      ),
    tx
      .select({ id: evaluationCriteria.id, name: evaluationCriteria.name })
      .from(evaluationCriteria)
      .where(
        and(
          eq(evaluationCriteria.id, input.criterionId),
          eq(evaluationCriteria.evaluationId, current.id),
          eq(evaluationCriteria.organisationId, viewer.organisationId),
        ),
      ),
    tx
      .select({
        covered: conflictDeclarations.coveredCandidateIds,
        conflicts: conflictDeclarations.conflictCandidateIds,
      })
      .from(conflictDeclarations)
      .where(
        and(
          eq(conflictDeclarations.evaluationId, current.id),
          eq(conflictDeclarations.userId, viewer.userId),
        ),
      )
      .orderBy(desc(conflictDeclarations.declaredAt), desc(conflictDeclarations.id))
      .limit(1),
  ]);
  if (!candidate || !criterion) notFound();
  // An evaluator conflicted with the candidate does not see it (the scoring page is a 404 for it).
  if (access.assigned && declaration?.conflicts.includes(candidate.id)) notFound();
  if (access.assigned && !declaration?.covered.includes(candidate.id) && !candidate.withdrawnAt) {
    throw new EvaluationRuleError("Declare any conflict of interest with this candidate first.");
  }
  if (!REQUEST_STATUSES.includes(current.status)) {
    throw new EvaluationRuleError(
      "Evidence can be requested while the evaluation is being scored or reviewed.",
    );
  }
  if (candidate.withdrawnAt) {
    throw new EvaluationRuleError(`${candidate.name} was withdrawn: it is no longer asked for evidence.`);
  }
  const message = input.message.trim();
  const errors: Record<string, string> = {};
  if (message === "") errors.message = "Say what you need: the partner reads this message.";
  else if (message.length > REQUEST_MESSAGE_LIMIT)
    errors.message = `Use at most ${REQUEST_MESSAGE_LIMIT} characters.`;
  const today = dayIn(viewer.orgTimeZone, now);
  if (!isIsoDay(input.dueOn)) errors.dueOn = "Enter the due date as a date like 2026-06-30.";
  else if (input.dueOn < today) errors.dueOn = "Choose today or a later day.";
  if (Object.keys(errors).length > 0) throw new RequestInputError(errors);

  const [row] = await tx
    .insert(evidenceRequests)
    .values({
      organisationId: viewer.organisationId,
      evaluationId: current.id,
      candidateId: candidate.id,
      criterionId: criterion.id,
      partnerId: candidate.partnerId,
      message,
      dueOn: input.dueOn,
      createdByUserId: viewer.userId,
    })
    .returning({ id: evidenceRequests.id });
  await recordAudit(tx, {
    actorUserId: viewer.userId,
    organisationId: viewer.organisationId,
    action: "evidence_request.created",
    entityType: "evidence_request",
    entityId: row.id,
    after: { name: candidate.name, criterion: criterion.name, dueOn: input.dueOn, message },
  });
  return row;
}

/**
 * Closes a request (open or answered): the asking buyer's admins or the person who asked. Version-checked and
 * audited. A decided evaluation is frozen; another buyer's request is a 404.
 */
export async function closeRequest(
  viewer: Viewer,
  access: EvaluationAccess,
  requestId: string,
  expectedVersion: number,
): Promise<{ partner: string }> {
  if (!isUuid(requestId)) notFound();
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: evidenceRequests.id,
        status: evidenceRequests.status,
        version: evidenceRequests.version,
        createdByUserId: evidenceRequests.createdByUserId,
        evaluationStatus: evaluations.status,
        partner: organisations.name,
        criterion: evaluationCriteria.name,
      })
      .from(evidenceRequests)
      .innerJoin(evaluations, eq(evaluations.id, evidenceRequests.evaluationId))
      .innerJoin(organisations, eq(organisations.id, evidenceRequests.partnerId))
      .innerJoin(evaluationCriteria, eq(evaluationCriteria.id, evidenceRequests.criterionId))
      .where(
        and(
          eq(evidenceRequests.id, requestId),
          eq(evidenceRequests.organisationId, viewer.organisationId),
          eq(evidenceRequests.evaluationId, access.evaluation.id),
        ),
      )
      .for("update", { of: evidenceRequests });
    if (!row) notFound();
    if (viewer.role !== "admin" && row.createdByUserId !== viewer.userId) {
      forbidden("Only the person who asked, or an admin, closes this request.");
    }
    if (row.version !== expectedVersion) {
      throw new RequestConflict(
        row.status === "answered"
          ? `${row.partner} answered this request while you were looking. Read the answer, then close it.`
          : `This request changed while you were looking (it is now ${row.status}). Check it and try again.`,
      );
    }
    if (row.evaluationStatus === "decided") {
      throw new EvaluationRuleError("This evaluation is decided: its record no longer changes.");
    }
    if (row.status === "closed") throw new RequestRuleError("This request is already closed.");
    await tx
      .update(evidenceRequests)
      .set({
        status: "closed",
        closedByUserId: viewer.userId,
        closedAt: new Date(),
        version: row.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(evidenceRequests.id, row.id));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      organisationId: viewer.organisationId,
      action: "evidence_request.closed",
      entityType: "evidence_request",
      entityId: row.id,
      before: { status: row.status },
      after: { name: row.partner, criterion: row.criterion, status: "closed" },
    });
    return { partner: row.partner };
  });
}

export interface AnswerEvidence {
  id: string;
  title: string;
  kind: "file" | "link";
  versionId: string | null;
  url: string | null;
  restricted: boolean;
}

const parseJson = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

/**
 * The requests a buyer made for one candidate of one evaluation, oldest first, with who asked and the partner's
 * answer: its note and the attached evidence this buyer may see (current version). One statement.
 */
export async function listRequestsForBuyerCandidate(
  buyerOrganisationId: string,
  evaluationId: string,
  candidateId: string,
) {
  if (!isUuid(evaluationId) || !isUuid(candidateId)) return [];
  const asker = sql`(select u.name from ${users} u where u.id = ${evidenceRequests.createdByUserId})`;
  const answerer = sql`(select u.name from ${users} u where u.id = ${evidenceRequests.answeredByUserId})`;
  const rows = await getDb()
    .select({
      id: evidenceRequests.id,
      criterionId: evidenceRequests.criterionId,
      message: evidenceRequests.message,
      dueOn: evidenceRequests.dueOn,
      status: evidenceRequests.status,
      version: evidenceRequests.version,
      createdByUserId: evidenceRequests.createdByUserId,
      createdAt: evidenceRequests.createdAt,
      askedBy: sql<string | null>`${asker}`,
      answerNote: evidenceRequests.answerNote,
      answeredAt: evidenceRequests.answeredAt,
      answeredBy: sql<string | null>`${answerer}`,
      closedAt: evidenceRequests.closedAt,
      // NOTE: the evidence subquery names its tables in plain SQL; see evaluation.server.ts.
      evidence: sql<unknown>`coalesce((select json_agg(json_build_object('id', e.id, 'title', e.title,
          'kind', e.kind, 'versionId', e.current_version_id, 'url', v.url,
          'restricted', e.visibility = 'restricted') order by e.title, e.id)
        from evidence e left join evidence_versions v on v.id = e.current_version_id
        where e.id = any("evidence_requests"."answer_evidence_ids") and e.organisation_id = "evidence_requests"."partner_id"
          and e.deleted_at is null
          and (e.visibility = 'all_buyers' or exists (select 1 from evidence_shares s
            where s.evidence_id = e.id and s.buyer_organisation_id = ${buyerOrganisationId}))), '[]'::json)`,
    })
    .from(evidenceRequests)
    .where(
      and(
        eq(evidenceRequests.organisationId, buyerOrganisationId),
        eq(evidenceRequests.evaluationId, evaluationId),
        eq(evidenceRequests.candidateId, candidateId),
      ),
    )
    .orderBy(asc(evidenceRequests.createdAt), asc(evidenceRequests.id));
  return rows.map((r) => ({ ...r, evidence: parseJson<AnswerEvidence[]>(r.evidence) }));
}

export type BuyerRequest = Awaited<ReturnType<typeof listRequestsForBuyerCandidate>>[number];

// ---------------------------------------------------------------------------------------------------------------
// Partner side

/**
 * What the partner may read of a request: the buyer's name and time zone, the criterion's name and question, the
 * message, the due date, the status (closed once the buyer's evaluation is over) and its own answer. Never the
 * evaluation, weights, scores or other candidates.
 */
function partnerSelect() {
  return {
    id: evidenceRequests.id,
    buyerId: evidenceRequests.organisationId,
    buyer: organisations.name,
    buyerTimeZone: organisations.timeZone,
    criterion: evaluationCriteria.name,
    question: evaluationCriteria.question,
    message: evidenceRequests.message,
    dueOn: evidenceRequests.dueOn,
    status: sql<RequestStatus>`case when ${inArray(evaluations.status, [...FINISHED_STATUSES])} then 'closed' else ${evidenceRequests.status}::text end`,
    version: evidenceRequests.version,
    askedAt: evidenceRequests.createdAt,
    answerNote: evidenceRequests.answerNote,
    answerEvidenceIds: evidenceRequests.answerEvidenceIds,
    answeredAt: evidenceRequests.answeredAt,
    answeredBy: sql<
      string | null
    >`(select u.name from ${users} u where u.id = ${evidenceRequests.answeredByUserId})`,
    closedAt: evidenceRequests.closedAt,
  };
}

const STATUS_ORDER: Record<RequestStatus, number> = { open: 0, answered: 1, closed: 2 };

function withOverdue<T extends { status: RequestStatus; dueOn: string; buyerTimeZone: string }>(
  rows: T[],
  now: Date,
) {
  return rows.map((r) => ({ ...r, overdue: isOverdue(r.status, r.dueOn, dayIn(r.buyerTimeZone, now)) }));
}

/**
 * The requests addressed to a partner: open ones first (overdue before the others, soonest due first), then
 * answered, then closed. One statement.
 */
export async function listRequestsForPartner(partnerId: string, now = new Date()) {
  const rows = await getDb()
    .select(partnerSelect())
    .from(evidenceRequests)
    .innerJoin(organisations, eq(organisations.id, evidenceRequests.organisationId))
    .innerJoin(evaluationCriteria, eq(evaluationCriteria.id, evidenceRequests.criterionId))
    .innerJoin(evaluations, eq(evaluations.id, evidenceRequests.evaluationId))
    .where(eq(evidenceRequests.partnerId, partnerId))
    .orderBy(asc(evidenceRequests.dueOn), asc(evidenceRequests.createdAt), asc(evidenceRequests.id));
  return withOverdue(rows, now).sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || Number(b.overdue) - Number(a.overdue),
  );
}

export type PartnerRequest = Awaited<ReturnType<typeof listRequestsForPartner>>[number];

/** One request addressed to the partner; undefined (404) for anyone else's. One statement. */
export async function getRequestForPartner(partnerId: string, requestId: string, now = new Date()) {
  if (!isUuid(requestId)) return undefined;
  const rows = await getDb()
    .select(partnerSelect())
    .from(evidenceRequests)
    .innerJoin(organisations, eq(organisations.id, evidenceRequests.organisationId))
    .innerJoin(evaluationCriteria, eq(evaluationCriteria.id, evidenceRequests.criterionId))
    .innerJoin(evaluations, eq(evaluations.id, evidenceRequests.evaluationId))
    .where(and(eq(evidenceRequests.id, requestId), eq(evidenceRequests.partnerId, partnerId)))
    .limit(1);
  return withOverdue(rows, now)[0];
}

/** The partner's own evidence that can be attached to an answer (not deleted), by title. One statement. */
export async function listAnswerableEvidence(partnerId: string) {
  return getDb()
    .select({
      id: evidence.id,
      title: evidence.title,
      kind: evidence.kind,
      claimKind: evidence.claimKind,
      restricted: sql<boolean>`${evidence.visibility} = 'restricted'`,
      currentVersionId: evidence.currentVersionId,
    })
    .from(evidence)
    .where(and(eq(evidence.organisationId, partnerId), isNull(evidence.deletedAt)))
    .orderBy(asc(evidence.title), asc(evidence.id));
}

/**
 * The partner's answer: its own evidence (not deleted) and a note, at least one of them. Answering again replaces
 * the earlier answer (evidence shared before stays shared). Restricted evidence is shared with the asking buyer
 * (and no other) only when `share` is set; attaching it without sharing is refused, since the buyer could not see
 * it. Version-checked; audited once, in the partner's organisation (the event belongs to the actor's), in `tx` when
 * given (the idempotency guard's). Undefined (404) when the request is not addressed to the actor's organisation.
 */
export async function answerRequest(
  actor: { userId: string; organisationId: string },
  requestId: string,
  input: { evidenceIds: readonly string[]; note: string; share: boolean; version: number },
  tx?: Tx,
): Promise<{ buyer: string } | undefined> {
  if (!isUuid(requestId)) return undefined;
  const ids = [...new Set(input.evidenceIds)];
  const note = input.note.trim();
  const errors: Record<string, string> = {};
  if (ids.some((id) => !isUuid(id))) errors.evidence = "Choose among your own evidence listed here.";
  else if (ids.length > ANSWER_EVIDENCE_LIMIT) {
    errors.evidence = `Attach at most ${ANSWER_EVIDENCE_LIMIT} pieces of evidence.`;
  }
  if (note.length > ANSWER_NOTE_LIMIT) errors.note = `Use at most ${ANSWER_NOTE_LIMIT} characters.`;
  if (ids.length === 0 && note === "" && !errors.evidence) {
    errors.evidence = "Attach evidence, or write a note (for example, why you cannot share it).";
  }
  if (Object.keys(errors).length > 0) throw new RequestInputError(errors);

  const work = async (tx: Tx) => {
    const [row] = await tx
      .select({
        id: evidenceRequests.id,
        buyerId: evidenceRequests.organisationId,
        buyer: organisations.name,
        criterion: evaluationCriteria.name,
        status: evidenceRequests.status,
        version: evidenceRequests.version,
        answerEvidenceIds: evidenceRequests.answerEvidenceIds,
        answerNote: evidenceRequests.answerNote,
        evaluationStatus: evaluations.status,
      })
      .from(evidenceRequests)
      .innerJoin(organisations, eq(organisations.id, evidenceRequests.organisationId))
      .innerJoin(evaluationCriteria, eq(evaluationCriteria.id, evidenceRequests.criterionId))
      .innerJoin(evaluations, eq(evaluations.id, evidenceRequests.evaluationId))
      .where(and(eq(evidenceRequests.id, requestId), eq(evidenceRequests.partnerId, actor.organisationId)))
      .for("update", { of: evidenceRequests });
    if (!row) return undefined;
    if (row.status === "closed" || FINISHED_STATUSES.includes(row.evaluationStatus)) {
      throw new RequestRuleError(`${row.buyer} closed this request: it takes no more answers.`);
    }
    if (row.version !== input.version) {
      throw new RequestConflict(
        `Someone in your organisation answered this request while you were looking. Check the answer below and send yours again if it should replace it.`,
      );
    }
    const chosen =
      ids.length > 0
        ? await tx
            .select({ id: evidence.id, title: evidence.title, visibility: evidence.visibility })
            .from(evidence)
            .where(
              and(
                inArray(evidence.id, ids),
                eq(evidence.organisationId, actor.organisationId),
                isNull(evidence.deletedAt),
              ),
            )
        : [];
    if (chosen.length !== ids.length) {
      throw new RequestInputError({ evidence: "Choose among your own evidence listed here." });
    }
    const restricted = chosen.filter((e) => e.visibility === "restricted");
    if (restricted.length > 0 && !input.share) {
      throw new RequestInputError({
        share: `${restricted.map((e) => `“${e.title}”`).join(", ")} ${restricted.length === 1 ? "is" : "are"} restricted: tick the box to share ${restricted.length === 1 ? "it" : "them"} with ${row.buyer}, or leave ${restricted.length === 1 ? "it" : "them"} out.`,
      });
    }
    if (restricted.length > 0) {
      await tx
        .insert(evidenceShares)
        .values(restricted.map((e) => ({ evidenceId: e.id, buyerOrganisationId: row.buyerId })))
        .onConflictDoNothing();
    }
    const at = new Date();
    await tx
      .update(evidenceRequests)
      .set({
        status: "answered",
        answerNote: note,
        answerEvidenceIds: chosen.map((e) => e.id),
        answeredByUserId: actor.userId,
        answeredAt: at,
        version: row.version + 1,
        updatedAt: at,
      })
      .where(eq(evidenceRequests.id, row.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evidence_request.answered",
      entityType: "evidence_request",
      entityId: row.id,
      before:
        row.status === "answered"
          ? { status: row.status, evidenceIds: row.answerEvidenceIds, note: row.answerNote }
          : { status: row.status },
      after: {
        name: row.buyer,
        criterion: row.criterion,
        evidence: chosen.map((e) => e.title),
        shared: restricted.map((e) => e.title),
        note,
      },
    });
    return { buyer: row.buyer };
  };
  return tx ? work(tx) : getDb().transaction(work);
}

/** Whether a buyer may see a piece of evidence now (for tests and checks): for all buyers or shared with it. */
export async function buyerSeesEvidence(buyerOrganisationId: string, evidenceId: string): Promise<boolean> {
  if (!isUuid(evidenceId)) return false;
  const [row] = await getDb()
    .select({ id: evidence.id })
    .from(evidence)
    .where(and(eq(evidence.id, evidenceId), isNull(evidence.deletedAt), visibleToBuyer(buyerOrganisationId)))
    .limit(1);
  return !!row;
}

// ---------------------------------------------------------------------------------------------------------------
// The scoring page's request panel (loader data and the two intents of its action)

export interface RequestView {
  id: string;
  message: string;
  due: string;
  overdue: boolean;
  status: RequestStatus;
  statusLabel: string;
  askedBy: string;
  askedAt: string;
  answer: {
    by: string;
    at: string;
    note: string;
    evidence: { id: string; title: string; href: string; external: boolean; restricted: boolean }[];
  } | null;
  closedAt: string | null;
  version: number;
  mayClose: boolean;
}

export interface RequestPanelData {
  mayAsk: boolean;
  idempotencyKey: string;
  /** The buyer's today (YYYY-MM-DD), the earliest due date. */
  today: string;
  timeZone: string;
  byCriterion: Record<string, RequestView[]>;
}

/** What the scoring page shows of one candidate's evidence requests, by criterion, ready to render. */
export async function requestPanel(
  viewer: Viewer,
  access: EvaluationAccess,
  candidate: { id: string; withdrawn: boolean },
  idempotencyKey: string,
  now = new Date(),
): Promise<RequestPanelData> {
  const { evaluation } = access;
  const tz = viewer.orgTimeZone;
  const today = dayIn(tz, now);
  const rows = await listRequestsForBuyerCandidate(viewer.organisationId, evaluation.id, candidate.id);
  const byCriterion: Record<string, RequestView[]> = {};
  for (const r of rows) {
    const view: RequestView = {
      id: r.id,
      message: r.message,
      due: formatDate(`${r.dueOn}T12:00:00Z`),
      overdue: isOverdue(r.status, r.dueOn, today),
      status: r.status,
      statusLabel: REQUEST_STATUS_LABELS[r.status],
      askedBy: r.askedBy ?? "A former member",
      askedAt: formatDateTime(r.createdAt, tz),
      answer: r.answeredAt
        ? {
            by: r.answeredBy ?? "the partner",
            at: formatDateTime(r.answeredAt, tz),
            note: r.answerNote ?? "",
            evidence: r.evidence.map((e) => ({
              id: e.id,
              title: e.title,
              href: e.kind === "link" ? (e.url ?? "#") : `/evidence-files/${e.versionId}`,
              external: e.kind === "link",
              restricted: e.restricted,
            })),
          }
        : null,
      closedAt: r.closedAt ? formatDateTime(r.closedAt, tz) : null,
      version: r.version,
      mayClose:
        r.status !== "closed" &&
        evaluation.status !== "decided" &&
        (viewer.role === "admin" || r.createdByUserId === viewer.userId),
    };
    const list = byCriterion[r.criterionId] ?? [];
    list.push(view);
    byCriterion[r.criterionId] = list;
  }
  return {
    mayAsk:
      (viewer.role === "admin" || (viewer.role === "evaluator" && access.assigned)) &&
      REQUEST_STATUSES.includes(evaluation.status) &&
      !candidate.withdrawn,
    idempotencyKey,
    today,
    timeZone: tz,
    byCriterion,
  };
}

/** What the request forms' posts answer (without JavaScript, the page re-renders with it). */
export interface RequestAnswer {
  requestForm: {
    criterionId: string;
    requestId?: string;
    ok?: boolean;
    errors?: Record<string, string | undefined>;
    values?: Record<string, string>;
    formError?: string;
  };
}

export const REQUEST_INTENTS = ["request-evidence", "close-request"] as const;

/**
 * The scoring page's action for `intent=request-evidence` (idempotent, through `once`) and `intent=close-request`.
 * With JavaScript (`_js=1`, a fetcher) it answers data; without, it redirects back to the criterion.
 */
export async function requestIntent(
  form: FormData,
  viewer: Viewer,
  access: EvaluationAccess,
  candidateId: string,
  here: string,
) {
  const criterionId = String(form.get("criterionId") ?? "");
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "_idempotency") values[k] ??= v;
  const answer = (body: Omit<RequestAnswer["requestForm"], "criterionId">, status: number) =>
    data({ requestForm: { criterionId, values, ...body } } satisfies RequestAnswer, { status });
  const js = form.get("_js") === "1";

  if (form.get("intent") === "close-request") {
    const requestId = String(form.get("requestId") ?? "");
    try {
      await closeRequest(viewer, access, requestId, Number(form.get("version")));
    } catch (error) {
      if (error instanceof RequestConflict || error instanceof RequestRuleError) {
        return answer({ requestId, formError: error.message }, 409);
      }
      if (error instanceof EvaluationRuleError) return answer({ requestId, formError: error.message }, 409);
      if (isDatabaseFault(error)) return answer({ requestId, formError: DATABASE_FAULT_MESSAGE }, 503);
      throw error;
    }
    if (js) return answer({ requestId, ok: true }, 200);
    throw redirect(`${here}?closed=1#requests-${criterionId}`);
  }

  const parsed = requestFormSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return answer({ errors }, 400);
  }
  try {
    await once(form, `evidence_request:${candidateId}:${parsed.data.criterionId}`, async (tx) => {
      const row = await createRequest(tx, viewer, access, { candidateId, ...parsed.data });
      return `${here}?requested=1#request-${row.id}`;
    });
  } catch (error) {
    if (error instanceof RequestInputError) return answer({ errors: error.errors }, 400);
    const failed = writeFailure(error, [EvaluationRuleError]);
    if (failed) return answer({ formError: failed.formError }, failed.status);
    throw error;
  }
  if (js) return answer({ ok: true }, 200);
  throw redirect(`${here}?requested=1#requests-${parsed.data.criterionId}`);
}
