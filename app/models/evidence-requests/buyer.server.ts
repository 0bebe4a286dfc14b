// The buyer's writes on evidence requests: asking a candidate's partner, and closing a request.
import { and, desc, eq } from "drizzle-orm";
import { getDb, type Tx } from "../../../db/client";
import {
  conflictDeclarations,
  evaluationCandidates,
  evaluationCriteria,
  evaluations,
  evidenceRequests,
  organisations,
} from "../../../db/schema";
import { dayIn, isIsoDay } from "../../domain/calendar";
import { DECIDED_REFUSAL } from "../../domain/evaluation";
import { REQUEST_MESSAGE_LIMIT } from "../../domain/evidence-limits";
import { evidenceRequestNotice } from "../../mail/notice-messages";
import type { Viewer } from "../../utils/access.server";
import { Forbidden, InputError, NotFound, RuleRefused, StaleVersion } from "../../utils/errors.server";
import { recordAudit } from "../audit.server";
import type { EvaluationAccess } from "../evaluation.server";
import { portalUrl } from "../mail.server";
import { membersOf } from "../mail-preferences.server";
import { isUuid } from "../member.server";
import { notify } from "../notify.server";
import { mayAskPartners, REQUEST_STATUSES, type StoredRequest } from "./rules.server";

type AskInput = { candidateId: string; criterionId: string; message: string; dueOn: string };

/** The evaluation, read-locked so that its status cannot move while the request is written. */
async function lockEvaluation(tx: Tx, viewer: Viewer, evaluationId: string) {
  const [current] = await tx
    .select({ id: evaluations.id, status: evaluations.status })
    .from(evaluations)
    .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, viewer.organisationId)))
    .for("share");
  if (!current) throw new NotFound();
  return current;
}

/** The candidate and the criterion asked about, and the viewer's newest conflict declaration. */
async function askTargets(tx: Tx, viewer: Viewer, evaluationId: string, input: AskInput) {
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
          eq(evaluationCandidates.evaluationId, evaluationId),
          eq(evaluationCandidates.organisationId, viewer.organisationId),
        ),
      ),
    tx
      .select({ id: evaluationCriteria.id, name: evaluationCriteria.name })
      .from(evaluationCriteria)
      .where(
        and(
          eq(evaluationCriteria.id, input.criterionId),
          eq(evaluationCriteria.evaluationId, evaluationId),
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
          eq(conflictDeclarations.evaluationId, evaluationId),
          eq(conflictDeclarations.userId, viewer.userId),
        ),
      )
      .orderBy(desc(conflictDeclarations.declaredAt), desc(conflictDeclarations.id))
      .limit(1),
  ]);
  if (!candidate || !criterion) throw new NotFound();
  return { candidate, criterion, declaration };
}

/** The message and the due date (today or later in the buyer's time zone), with a message per field. */
function askInputErrors(message: string, dueOn: string, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (message === "") errors.message = "Say what you need: the partner reads this message.";
  else if (message.length > REQUEST_MESSAGE_LIMIT)
    errors.message = `Use at most ${REQUEST_MESSAGE_LIMIT} characters.`;
  if (!isIsoDay(dueOn)) errors.dueOn = "Enter the due date as a date like 2026-06-30.";
  else if (dueOn < today) errors.dueOn = "Choose today or a later day.";
  return errors;
}

/**
 * Asks the candidate's partner for evidence on one criterion, in the caller's transaction (the idempotency guard's).
 * Admins and the evaluation's assigned evaluators (not conflicted with the candidate) may ask, while it is
 * `scoring` or `review`, for a candidate not withdrawn; the due date is today or later in the buyer's time zone.
 */
export async function createRequest(
  tx: Tx,
  viewer: Viewer,
  access: EvaluationAccess,
  input: AskInput,
  now = new Date(),
): Promise<{ id: string }> {
  if (!mayAskPartners(viewer, access)) {
    throw new Forbidden("Only admins and the evaluation's evaluators ask partners for evidence.");
  }
  if (!isUuid(input.candidateId) || !isUuid(input.criterionId)) throw new NotFound();
  const current = await lockEvaluation(tx, viewer, access.evaluation.id);
  if (current.status === "decided") throw new RuleRefused(DECIDED_REFUSAL);
  const { candidate, criterion, declaration } = await askTargets(tx, viewer, current.id, input);
  // An evaluator conflicted with the candidate does not see it (the scoring page is a 404 for it).
  if (access.assigned && declaration?.conflicts.includes(candidate.id)) throw new NotFound();
  if (access.assigned && !declaration?.covered.includes(candidate.id) && !candidate.withdrawnAt) {
    throw new RuleRefused("Declare any conflict of interest with this candidate first.");
  }
  if (!REQUEST_STATUSES.includes(current.status)) {
    throw new RuleRefused("Evidence can be requested while the evaluation is being scored or reviewed.");
  }
  if (candidate.withdrawnAt) {
    throw new RuleRefused(`${candidate.name} was withdrawn: it is no longer asked for evidence.`);
  }
  const message = input.message.trim();
  const errors = askInputErrors(message, input.dueOn, dayIn(viewer.orgTimeZone, now));
  if (Object.keys(errors).length > 0) throw new InputError(errors);

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
  await tellPartner(tx, viewer, {
    id: row.id,
    partnerId: candidate.partnerId,
    partnerName: candidate.name,
    criterion: criterion.name,
    message,
    dueOn: input.dueOn,
  });
  return row;
}

/**
 * Mails the partner's admins and members about a new request (each as they chose), in the request's transaction. It
 * says what the partner's request page shows: the buyer, the criterion, the message and the due date.
 */
async function tellPartner(
  tx: Tx,
  viewer: Viewer,
  request: {
    id: string;
    partnerId: string;
    partnerName: string;
    criterion: string;
    message: string;
    dueOn: string;
  },
) {
  const [[buyer], recipients] = await Promise.all([
    tx
      .select({ name: organisations.name, timeZone: organisations.timeZone })
      .from(organisations)
      .where(eq(organisations.id, viewer.organisationId)),
    membersOf(tx, [request.partnerId], { roles: ["admin", "member"] }),
  ]);
  await notify(tx, recipients, {
    topic: "evidence-requests",
    kind: "evidence-request",
    organisationId: request.partnerId,
    occasion: request.id,
    content: (r) =>
      evidenceRequestNotice({
        name: r.name,
        buyerName: buyer.name,
        partnerName: request.partnerName,
        criterion: request.criterion,
        message: request.message,
        dueOn: request.dueOn,
        buyerTimeZone: buyer.timeZone,
        url: portalUrl(`/requests/${request.id}`),
      }),
  });
}

/** One of the buyer's requests of this evaluation, locked for the change; NotFound for anyone else's. */
async function lockRequestToClose(tx: Tx, viewer: Viewer, access: EvaluationAccess, requestId: string) {
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
  if (!row) throw new NotFound();
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
  if (!isUuid(requestId)) throw new NotFound();
  return getDb().transaction(async (tx) => {
    const row = await lockRequestToClose(tx, viewer, access, requestId);
    if (viewer.role !== "admin" && row.createdByUserId !== viewer.userId) {
      throw new Forbidden("Only the person who asked, or an admin, closes this request.");
    }
    if (row.version !== expectedVersion) {
      throw new StaleVersion<StoredRequest>(
        { status: row.status, version: row.version },
        row.status === "answered"
          ? `${row.partner} answered this request while you were looking. Read the answer, then close it.`
          : `This request changed while you were looking (it is now ${row.status}). Check it and try again.`,
      );
    }
    if (row.evaluationStatus === "decided") {
      throw new RuleRefused("This evaluation is decided: its record no longer changes.");
    }
    if (row.status === "closed") throw new RuleRefused("This request is already closed.");
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
