// An evaluation's record (DESIGN.md "Exports", "Decision"): its rows gathered as the `ExportInput` that
// `app/domain/comparison-export.ts` turns into `comparison.json` and the CSVs. Every query takes the database handle
// to read with, so that a decision reads inside its own transaction, after it locked the evaluation.
import { and, asc, count, desc, eq, inArray, isNull, max, min, or, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import {
  auditEvents,
  certifications,
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
  modelProviderClaims,
  networkMemberships,
  numericValues,
  organisations,
  practiceDocuments,
  referenceDeployments,
  scores,
  specializations,
  supportTerms,
  users,
} from "../../db/schema";
import type { ExportInput } from "../domain/comparison-export";
import { LABELS, specializationLabel, todayUtc } from "../domain/profile";
import { type EvaluationRow, getEvaluationChecklist } from "./evaluation.server";
import { datedCutoff } from "./evidence.server";

type Reader = Pick<Tx, "select" | "selectDistinct" | "selectDistinctOn">;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * Everything of an evaluation its record holds, as it is now: checklist, candidates, active evaluators (names as
 * they are), their newest declarations, their scores with justifications and citations (each marked when it cites
 * an undated version this buyer verified), consensus scores, numeric values (marked when copied from support terms
 * whose current evidence this buyer verified), the cited evidence versions with their claims and this buyer's
 * verification, and the evaluation's audit events counted by action.
 */
export async function loadExportInput(
  db: Reader,
  buyer: { organisationId: string; name: string; timeZone: string },
  evaluation: EvaluationRow,
  decision: ExportInput["decision"],
  options: { today?: string; now?: Date } = {},
): Promise<ExportInput> {
  const org = buyer.organisationId;
  const cutoff = datedCutoff(options.today ?? todayUtc());
  const [checklist, candidates, evaluators, declarations] = await Promise.all([
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
  const active = evaluators.map((e) => e.id);
  const partnerIds = [...new Set(candidates.map((c) => c.partnerId))];
  const [scoreRows, consensusRows, valueRows, supportVerified, audit] = await Promise.all([
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
          .where(and(eq(scores.evaluationId, evaluation.id), inArray(scores.evaluatorUserId, active)))
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
      .where(eq(consensusScores.evaluationId, evaluation.id))
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
      .where(eq(numericValues.evaluationId, evaluation.id))
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
    loadAuditSummary(db, org, evaluation.id),
  ]);

  // The cited versions, their evidence and claims, and this buyer's verifications of them.
  const cited = [...new Set(scoreRows.flatMap((s) => s.citedVersionIds))].sort();
  const versions =
    cited.length === 0
      ? []
      : await db
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
  const verified = new Set(
    versions
      .filter((v) => v.status === "verified" && (v.effectiveTo === null || v.effectiveTo >= cutoff))
      .map((v) => v.versionId),
  );
  const claims = await claimSnapshots(
    db,
    versions.map((v) => ({ kind: v.claimKind, id: v.claimId, partnerId: v.partnerId })),
  );
  const partnerOf = new Map(candidates.map((c) => [c.id, c.partnerId]));
  const supported = new Set(supportVerified.map((r) => r.partnerId));

  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    buyer: { name: buyer.name, timeZone: buyer.timeZone },
    evaluation: {
      id: evaluation.id,
      name: evaluation.name,
      status: evaluation.status,
      industry: evaluation.industry,
      sizeBand: evaluation.sizeBand ? LABELS.sizeBand[evaluation.sizeBand] : null,
      useCases: evaluation.useCases.map((u) => LABELS.useCase[u]),
      requiredSpecializations: evaluation.requiredSpecializations.map(specializationLabel),
      deadlineOn: evaluation.deadlineOn,
      minimumTotal: evaluation.minimumTotal,
      templateName: evaluation.templateName,
    },
    checklist,
    candidates: candidates.map((c) => ({ ...c, withdrawnAt: iso(c.withdrawnAt) })),
    evaluators,
    declarations: declarations
      .filter((d) => active.includes(d.evaluatorId))
      .map((d) => ({ ...d, declaredAt: iso(d.declaredAt) ?? "" })),
    scores: scoreRows.map((s) => ({
      ...s,
      citesVerifiedEvidence: s.citedVersionIds.some((id) => verified.has(id)),
    })),
    consensus: consensusRows.map((c) => ({ ...c, value: Number(c.value) })),
    values: valueRows.map((v) => ({
      candidateId: v.candidateId,
      criterionId: v.criterionId,
      value: Number(v.value),
      profileField: v.profileField,
      copiedAt: iso(v.copiedAt),
      verified: v.profileField !== null && supported.has(partnerOf.get(v.candidateId) ?? ""),
    })),
    evidence: versions.map((v, i) => ({
      versionId: v.versionId,
      evidenceId: v.evidenceId,
      partnerId: v.partnerId,
      title: v.title,
      number: v.number,
      fileName: v.fileName,
      url: v.url,
      sha256: v.sha256,
      claim: claims[i],
      verification: v.status
        ? { status: v.status, note: v.note ?? "", by: v.verifiedBy, at: iso(v.verifiedAt) ?? "" }
        : null,
    })),
    decision,
    audit,
  };
}

/**
 * The audit summary of an evaluation, by action with the first and last: the buyer's own events on the evaluation
 * (the decision among them, once written) and on its evidence requests. A partner's answers belong to the partner
 * (DESIGN.md "Audit event"), so they are not the buyer's to count.
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

/** `loadExportInput` for a signed-in buyer, as things are now, outside any transaction. */
export function liveExportInput(
  viewer: { organisationId: string; orgName: string; orgTimeZone: string },
  evaluation: EvaluationRow,
): Promise<ExportInput> {
  return loadExportInput(
    getDb(),
    { organisationId: viewer.organisationId, name: viewer.orgName, timeZone: viewer.orgTimeZone },
    evaluation,
    null,
  );
}

type ClaimRef = { kind: string; id: string | null; partnerId: string };

/** The claims the cited evidence belongs to, as they are now: one query per kind of claim present. */
async function claimSnapshots(
  db: Reader,
  refs: ClaimRef[],
): Promise<ExportInput["evidence"][number]["claim"][]> {
  const idsOf = (kind: string) => [...new Set(refs.filter((r) => r.kind === kind && r.id).map((r) => r.id!))];
  const partnersOf = (kind: string) => [
    ...new Set(refs.filter((r) => r.kind === kind).map((r) => r.partnerId)),
  ];
  const none = Promise.resolve([]);
  const [certs, specs, refsRows, providers, documents, members, support] = await Promise.all([
    idsOf("certification").length
      ? db
          .select()
          .from(certifications)
          .where(inArray(certifications.id, idsOf("certification")))
      : none,
    idsOf("specialization").length
      ? db
          .select()
          .from(specializations)
          .where(inArray(specializations.id, idsOf("specialization")))
      : none,
    idsOf("reference").length
      ? db
          .select()
          .from(referenceDeployments)
          .where(inArray(referenceDeployments.id, idsOf("reference")))
      : none,
    idsOf("provider").length
      ? db
          .select()
          .from(modelProviderClaims)
          .where(inArray(modelProviderClaims.id, idsOf("provider")))
      : none,
    idsOf("document").length
      ? db
          .select()
          .from(practiceDocuments)
          .where(inArray(practiceDocuments.id, idsOf("document")))
      : none,
    partnersOf("membership").length
      ? db
          .select()
          .from(networkMemberships)
          .where(inArray(networkMemberships.organisationId, partnersOf("membership")))
      : none,
    partnersOf("support").length
      ? db
          .select()
          .from(supportTerms)
          .where(inArray(supportTerms.organisationId, partnersOf("support")))
      : none,
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const byOrg = <T extends { organisationId: string }>(rows: T[]) =>
    new Map(rows.map((r) => [r.organisationId, r]));
  const found = {
    certification: byId(certs as (typeof certifications.$inferSelect)[]),
    specialization: byId(specs as (typeof specializations.$inferSelect)[]),
    reference: byId(refsRows as (typeof referenceDeployments.$inferSelect)[]),
    provider: byId(providers as (typeof modelProviderClaims.$inferSelect)[]),
    document: byId(documents as (typeof practiceDocuments.$inferSelect)[]),
    membership: byOrg(members as (typeof networkMemberships.$inferSelect)[]),
    support: byOrg(support as (typeof supportTerms.$inferSelect)[]),
  };
  return refs.map((r) => {
    switch (r.kind) {
      case "certification": {
        const c = found.certification.get(r.id ?? "");
        return {
          kind: r.kind,
          label: c ? `Certification: ${c.track}` : "A certification since removed",
          data: c ?? null,
        };
      }
      case "specialization": {
        const c = found.specialization.get(r.id ?? "");
        return {
          kind: r.kind,
          label: c ? `Specialization: ${specializationLabel(c.name)}` : "A specialization since removed",
          data: c ?? null,
        };
      }
      case "reference": {
        const c = found.reference.get(r.id ?? "");
        return {
          kind: r.kind,
          label: c ? `Reference: ${c.customer}` : "A reference since removed",
          data: c ?? null,
        };
      }
      case "provider": {
        const c = found.provider.get(r.id ?? "");
        return {
          kind: r.kind,
          label: c ? `Model provider: ${LABELS.provider[c.provider]}` : "A provider claim since removed",
          data: c ?? null,
        };
      }
      case "document": {
        const c = found.document.get(r.id ?? "");
        return {
          kind: r.kind,
          label: c ? `Practice document: ${c.title}` : "A document since removed",
          data: c ?? null,
        };
      }
      case "membership": {
        const c = found.membership.get(r.partnerId);
        return {
          kind: r.kind,
          label: c ? `Network membership (${LABELS.tier[c.tier]})` : "Network membership (none now)",
          data: c ?? null,
        };
      }
      default: {
        const c = found.support.get(r.partnerId);
        return { kind: r.kind, label: "Support terms", data: c ?? null };
      }
    }
  });
}
