// What a partner reads of the evidence requests addressed to it.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "../../../db/client";
import {
  evaluationCriteria,
  evaluations,
  evidence,
  evidenceRequests,
  organisations,
  users,
} from "../../../db/schema";
import { dayIn } from "../../domain/calendar";
import { isUuid } from "../member.server";
import { FINISHED_STATUSES, isOverdue, type RequestStatus } from "./rules.server";

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

/** The requests with what the partner may read of them (filter them with `where`). */
function partnerRequests() {
  return getDb()
    .select(partnerSelect())
    .from(evidenceRequests)
    .innerJoin(organisations, eq(organisations.id, evidenceRequests.organisationId))
    .innerJoin(evaluationCriteria, eq(evaluationCriteria.id, evidenceRequests.criterionId))
    .innerJoin(evaluations, eq(evaluations.id, evidenceRequests.evaluationId));
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
  const rows = await partnerRequests()
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
  const rows = await partnerRequests()
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
