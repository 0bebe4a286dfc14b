// The partner's answer to an evidence request: its own evidence and a note.
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type Tx } from "../../../db/client";
import {
  conflictDeclarations,
  evaluationCriteria,
  evaluationEvaluators,
  evaluations,
  evidence,
  evidenceRequests,
  evidenceShares,
  memberships,
  organisations,
  users,
} from "../../../db/schema";
import { ANSWER_EVIDENCE_LIMIT, ANSWER_NOTE_LIMIT } from "../../domain/evidence-limits";
import { evidenceAnswerNotice } from "../../mail/notice-messages";
import { InputError, RuleRefused, StaleVersion } from "../../utils/errors.server";
import { recordAudit } from "../audit.server";
import { portalUrl } from "../mail.server";
import { isUuid } from "../member.server";
import { notify } from "../notify.server";
import { FINISHED_STATUSES, type StoredRequest } from "./rules.server";

type Actor = { userId: string; organisationId: string };
type AnswerInput = { evidenceIds: readonly string[]; note: string; share: boolean; version: number };

const NOT_YOURS = "Choose among your own evidence listed here.";

/** What is wrong with the answer before anything is read, by field. */
function answerInputErrors(ids: string[], note: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (ids.some((id) => !isUuid(id))) errors.evidence = NOT_YOURS;
  else if (ids.length > ANSWER_EVIDENCE_LIMIT) {
    errors.evidence = `Attach at most ${ANSWER_EVIDENCE_LIMIT} pieces of evidence.`;
  }
  if (note.length > ANSWER_NOTE_LIMIT) errors.note = `Use at most ${ANSWER_NOTE_LIMIT} characters.`;
  if (ids.length === 0 && note === "" && !errors.evidence) {
    errors.evidence = "Attach evidence, or write a note (for example, why you cannot share it).";
  }
  return errors;
}

/** The request addressed to the actor's organisation, locked for the answer; undefined for anyone else's. */
async function lockRequestToAnswer(tx: Tx, actor: Actor, requestId: string) {
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
      evaluationId: evidenceRequests.evaluationId,
      evaluationName: evaluations.name,
      evaluationStatus: evaluations.status,
      candidateId: evidenceRequests.candidateId,
      createdByUserId: evidenceRequests.createdByUserId,
    })
    .from(evidenceRequests)
    .innerJoin(organisations, eq(organisations.id, evidenceRequests.organisationId))
    .innerJoin(evaluationCriteria, eq(evaluationCriteria.id, evidenceRequests.criterionId))
    .innerJoin(evaluations, eq(evaluations.id, evidenceRequests.evaluationId))
    .where(and(eq(evidenceRequests.id, requestId), eq(evidenceRequests.partnerId, actor.organisationId)))
    .for("update", { of: evidenceRequests });
  return row;
}

/** The actor's own evidence (not deleted) among `ids`; refused unless every one of them is. */
async function chosenEvidence(tx: Tx, actor: Actor, ids: string[]) {
  if (ids.length === 0) return [];
  const chosen = await tx
    .select({ id: evidence.id, title: evidence.title, visibility: evidence.visibility })
    .from(evidence)
    .where(
      and(
        inArray(evidence.id, ids),
        eq(evidence.organisationId, actor.organisationId),
        isNull(evidence.deletedAt),
      ),
    );
  if (chosen.length !== ids.length) throw new InputError({ evidence: NOT_YOURS });
  return chosen;
}

function unsharedMessage(restricted: { title: string }[], buyer: string): string {
  const one = restricted.length === 1;
  return `${restricted.map((e) => `“${e.title}”`).join(", ")} ${one ? "is" : "are"} restricted: tick the box to share ${one ? "it" : "them"} with ${buyer}, or leave ${one ? "it" : "them"} out.`;
}

/**
 * The partner's answer: its own evidence (not deleted) and a note, at least one of them. Answering again replaces
 * the earlier answer (evidence shared before stays shared). Restricted evidence is shared with the asking buyer
 * (and no other) only when `share` is set; attaching it without sharing is refused, since the buyer could not see
 * it. Version-checked; audited once, in the partner's organisation (the event belongs to the actor's), in `tx` when
 * given (the idempotency guard's). Undefined (404) when the request is not addressed to the actor's organisation.
 */
export async function answerRequest(
  actor: Actor,
  requestId: string,
  input: AnswerInput,
  tx?: Tx,
): Promise<{ buyer: string } | undefined> {
  if (!isUuid(requestId)) return undefined;
  const ids = [...new Set(input.evidenceIds)];
  const note = input.note.trim();
  const errors = answerInputErrors(ids, note);
  if (Object.keys(errors).length > 0) throw new InputError(errors);

  const work = async (tx: Tx) => {
    const row = await lockRequestToAnswer(tx, actor, requestId);
    if (!row) return undefined;
    if (row.status === "closed" || FINISHED_STATUSES.includes(row.evaluationStatus)) {
      throw new RuleRefused(`${row.buyer} closed this request: it takes no more answers.`);
    }
    if (row.version !== input.version) {
      throw new StaleVersion<StoredRequest>(
        { status: row.status, version: row.version },
        "Someone in your organisation answered this request while you were looking. Check the answer below and send yours again if it should replace it.",
      );
    }
    const chosen = await chosenEvidence(tx, actor, ids);
    const restricted = chosen.filter((e) => e.visibility === "restricted");
    if (restricted.length > 0 && !input.share)
      throw new InputError({ share: unsharedMessage(restricted, row.buyer) });
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
    await tellAsker(tx, actor, row);
    return { buyer: row.buyer };
  };
  return tx ? work(tx) : getDb().transaction(work);
}

type Answered = NonNullable<Awaited<ReturnType<typeof lockRequestToAnswer>>>;

/**
 * The person who asked, while they may still read the answer where it shows (the candidate's scoring page): a member
 * of the buyer that is its admin, or an evaluator still assigned and not conflicted with the candidate. One statement.
 */
async function askerToTell(tx: Tx, row: Answered) {
  if (!row.createdByUserId) return [];
  const [asker] = await tx
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      assigned: evaluationEvaluators.active,
      conflicts: conflictDeclarations.conflictCandidateIds,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      evaluationEvaluators,
      and(
        eq(evaluationEvaluators.evaluationId, row.evaluationId),
        eq(evaluationEvaluators.userId, memberships.userId),
      ),
    )
    .leftJoin(
      conflictDeclarations,
      and(
        eq(conflictDeclarations.evaluationId, row.evaluationId),
        eq(conflictDeclarations.userId, memberships.userId),
      ),
    )
    .where(and(eq(memberships.userId, row.createdByUserId), eq(memberships.organisationId, row.buyerId)))
    .orderBy(desc(conflictDeclarations.declaredAt), desc(conflictDeclarations.id))
    .limit(1);
  if (!asker) return [];
  const mayRead =
    asker.role === "admin" ||
    (asker.role === "evaluator" && asker.assigned === true && !asker.conflicts?.includes(row.candidateId));
  return mayRead ? [asker] : [];
}

/** Mails the person who asked (as they chose) that the request is answered, in the answer's transaction. */
async function tellAsker(tx: Tx, actor: Actor, row: Answered) {
  const [recipients, [partner]] = await Promise.all([
    askerToTell(tx, row),
    tx
      .select({ name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, actor.organisationId)),
  ]);
  await notify(tx, recipients, {
    topic: "evidence-answers",
    kind: "evidence-answer",
    organisationId: row.buyerId,
    occasion: `${row.id}:answered`,
    content: (r) =>
      evidenceAnswerNotice({
        name: r.name,
        partnerName: partner.name,
        criterion: row.criterion,
        evaluationName: row.evaluationName,
        url: portalUrl(`/evaluations/${row.evaluationId}/candidates/${row.candidateId}#request-${row.id}`),
      }),
  });
}
