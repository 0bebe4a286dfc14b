// The rows of an evaluation's record, read with the handle given (a decision reads inside its own transaction): the
// people, the scoring rows, the cited evidence versions and the audit summary. `record.server.ts` assembles them.
import { and, asc, count, desc, eq, inArray, isNull, max, min, or, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import {
  auditEvents,
  conflictDeclarations,
  consensusScores,
  evaluationCandidates,
  evaluationEvaluators,
  evidence,
  evidenceRequests,
  evidenceShares,
  evidenceVerifications,
  evidenceVersions,
  memberships,
  numericValues,
  organisations,
  scores,
  users,
} from "../../db/schema";
import type { ExportInput } from "../domain/comparison-export";
import { type EvaluationRow, getEvaluationChecklist } from "./evaluation.server";

export type Reader = Pick<Tx, "select" | "selectDistinct" | "selectDistinctOn">;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The checklist, the candidates, the active evaluators (names as they are) and their newest declarations. */
export function loadPeople(db: Reader, org: string, evaluation: EvaluationRow) {
  return Promise.all([
    getEvaluationChecklist(evaluation, db),
    db
      .select({
        id: evaluationCandidates.id,
        partnerId: evaluationCandidates.partnerId,
        name: organisations.name,
        withdrawnAt: evaluationCandidates.withdrawnAt,
        withdrawnReason: evaluationCandidates.withdrawnReason,
      })
      .from(evaluationCandidates)
      .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
      .where(eq(evaluationCandidates.evaluationId, evaluation.id))
      .orderBy(asc(organisations.name), asc(evaluationCandidates.id)),
    db
      .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
      .from(evaluationEvaluators)
      .innerJoin(users, eq(users.id, evaluationEvaluators.userId))
      .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organisationId, org)))
      .where(and(eq(evaluationEvaluators.evaluationId, evaluation.id), eq(evaluationEvaluators.active, true)))
      .orderBy(asc(users.name), asc(users.email)),
    db
      .selectDistinctOn([conflictDeclarations.userId], {
        evaluatorId: conflictDeclarations.userId,
        conflicts: conflictDeclarations.conflictCandidateIds,
        note: conflictDeclarations.note,
        declaredAt: conflictDeclarations.declaredAt,
      })
      .from(conflictDeclarations)
      .where(eq(conflictDeclarations.evaluationId, evaluation.id))
      .orderBy(
        conflictDeclarations.userId,
        desc(conflictDeclarations.declaredAt),
        desc(conflictDeclarations.id),
      ),
  ]);
}

/**
 * The active evaluators' scores, consensus scores, numeric values, the partners whose support terms carry current
 * evidence this buyer verified, and the audit summary.
 */
export function loadScoring(
  db: Reader,
  org: string,
  evaluationId: string,
  people: { active: string[]; partnerIds: string[]; cutoff: string },
) {
  const { active, partnerIds, cutoff } = people;
  return Promise.all([
    active.length === 0
      ? Promise.resolve([])
      : db
          .select({
            evaluatorId: scores.evaluatorUserId,
            candidateId: scores.candidateId,
            criterionId: scores.criterionId,
            value: scores.value,
            justification: scores.justification,
            citedVersionIds: scores.citedVersionIds,
          })
          .from(scores)
          .where(and(eq(scores.evaluationId, evaluationId), inArray(scores.evaluatorUserId, active)))
          .orderBy(asc(scores.candidateId), asc(scores.criterionId), asc(scores.evaluatorUserId)),
    db
      .select({
        candidateId: consensusScores.candidateId,
        criterionId: consensusScores.criterionId,
        value: consensusScores.value,
        rationale: consensusScores.rationale,
        setBy: users.name,
      })
      .from(consensusScores)
      .leftJoin(users, eq(users.id, consensusScores.setByUserId))
      .where(eq(consensusScores.evaluationId, evaluationId))
      .orderBy(asc(consensusScores.candidateId), asc(consensusScores.criterionId)),
    db
      .select({
        candidateId: numericValues.candidateId,
        criterionId: numericValues.criterionId,
        value: numericValues.value,
        profileField: numericValues.profileField,
        copiedAt: numericValues.copiedAt,
      })
      .from(numericValues)
      .where(eq(numericValues.evaluationId, evaluationId))
      .orderBy(asc(numericValues.candidateId), asc(numericValues.criterionId)),
    partnerIds.length === 0
      ? Promise.resolve([])
      : db
          .selectDistinct({ partnerId: evidence.organisationId })
          .from(evidence)
          .innerJoin(
            evidenceVerifications,
            and(
              eq(evidenceVerifications.versionId, evidence.currentVersionId),
              eq(evidenceVerifications.buyerOrganisationId, org),
              eq(evidenceVerifications.status, "verified"),
            ),
          )
          .where(
            and(
              inArray(evidence.organisationId, partnerIds),
              eq(evidence.claimKind, "support"),
              isNull(evidence.deletedAt),
              or(isNull(evidence.effectiveTo), sql`${evidence.effectiveTo} >= ${cutoff}`),
              sql`(${evidence.visibility} = 'all_buyers' or exists (select 1 from ${evidenceShares} where ${evidenceShares.evidenceId} = ${evidence.id} and ${evidenceShares.buyerOrganisationId} = ${org}))`,
            ),
          ),
    loadAuditSummary(db, org, evaluationId),
  ]);
}

/** The cited versions, their evidence and claims, and this buyer's verifications of them. */
export async function loadCitedVersions(db: Reader, org: string, cited: string[], partnerIds: string[]) {
  if (cited.length === 0) return [];
  return db
    .select({
      versionId: evidenceVersions.id,
      evidenceId: evidence.id,
      partnerId: evidence.organisationId,
      title: evidence.title,
      number: evidenceVersions.number,
      fileName: evidenceVersions.fileName,
      url: evidenceVersions.url,
      sha256: evidenceVersions.sha256,
      claimKind: evidence.claimKind,
      claimId: evidence.claimId,
      effectiveTo: evidence.effectiveTo,
      status: evidenceVerifications.status,
      note: evidenceVerifications.note,
      verifiedBy: users.name,
      verifiedAt: evidenceVerifications.updatedAt,
    })
    .from(evidenceVersions)
    .innerJoin(evidence, eq(evidence.id, evidenceVersions.evidenceId))
    .leftJoin(
      evidenceVerifications,
      and(
        eq(evidenceVerifications.versionId, evidenceVersions.id),
        eq(evidenceVerifications.buyerOrganisationId, org),
      ),
    )
    .leftJoin(users, eq(users.id, evidenceVerifications.userId))
    .where(and(inArray(evidenceVersions.id, cited), inArray(evidence.organisationId, partnerIds)))
    .orderBy(asc(evidence.title), asc(evidenceVersions.number));
}

/**
 * The audit summary of an evaluation, by action with the first and last: the buyer's own events on the evaluation
 * (the decision among them, once written) and on its evidence requests. A partner's answers belong to the partner
 * (docs/product.md "Audit event"), so they are not the buyer's to count.
 */
export async function loadAuditSummary(
  db: Reader,
  organisationId: string,
  evaluationId: string,
): Promise<ExportInput["audit"]> {
  const rows = await db
    .select({
      action: auditEvents.action,
      count: count(),
      first: min(auditEvents.at),
      last: max(auditEvents.at),
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.organisationId, organisationId),
        or(
          and(eq(auditEvents.entityType, "evaluation"), eq(auditEvents.entityId, evaluationId)),
          and(
            eq(auditEvents.entityType, "evidence_request"),
            inArray(
              auditEvents.entityId,
              db
                .select({ id: sql<string>`${evidenceRequests.id}::text` })
                .from(evidenceRequests)
                .where(
                  and(
                    eq(evidenceRequests.evaluationId, evaluationId),
                    eq(evidenceRequests.organisationId, organisationId),
                  ),
                ),
            ),
          ),
        ),
      ),
    )
    .groupBy(auditEvents.action)
    .orderBy(asc(auditEvents.action));
  return rows.map((a) => ({
    action: a.action,
    count: Number(a.count),
    first: iso(a.first) ?? "",
    last: iso(a.last) ?? "",
  }));
}
