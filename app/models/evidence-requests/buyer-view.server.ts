// What the buyer reads of its evidence requests: the scoring page's request panel, by criterion.
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { evidenceRequests, users } from "../../../db/schema";
import { dayIn } from "../../domain/calendar";
import type { Viewer } from "../../utils/access.server";
import { formatDate, formatDateTime } from "../../utils/format";
import type { EvaluationAccess } from "../evaluation.server";
import { isUuid } from "../member.server";
import {
  isOverdue,
  mayAskPartners,
  REQUEST_STATUS_LABELS,
  REQUEST_STATUSES,
  type RequestStatus,
} from "./rules.server";

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

/** The partner's answer as the panel shows it: each piece of evidence a download or an outside link. */
function answerView(r: BuyerRequest, tz: string): RequestView["answer"] {
  if (!r.answeredAt) return null;
  return {
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
  };
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
      answer: answerView(r, tz),
      closedAt: r.closedAt ? formatDateTime(r.closedAt, tz) : null,
      version: r.version,
      mayClose:
        r.status !== "closed" &&
        evaluation.status !== "decided" &&
        (viewer.role === "admin" || r.createdByUserId === viewer.userId),
    };
    byCriterion[r.criterionId] = [...(byCriterion[r.criterionId] ?? []), view];
  }
  return {
    mayAsk:
      mayAskPartners(viewer, access) && REQUEST_STATUSES.includes(evaluation.status) && !candidate.withdrawn,
    idempotencyKey,
    today,
    timeZone: tz,
    byCriterion,
  };
}
