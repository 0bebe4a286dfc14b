// An evaluation's record (docs/product.md "Exports", "Decision"): its rows gathered as the `ExportInput` that
// `app/domain/comparison-export.ts` turns into `comparison.json` and the CSVs. Every query takes the database handle
// to read with, so that a decision reads inside its own transaction, after it locked the evaluation.
import { getDb } from "../../db/client";
import type { ExportInput } from "../domain/comparison-export";
import { LABELS, specializationLabel, todayUtc } from "../domain/profile";
import type { EvaluationRow } from "./evaluation.server";
import { datedCutoff } from "./evidence/visibility.server";
import { claimSnapshots } from "./record-claims.server";
import { loadCitedVersions, loadPeople, loadScoring, type Reader } from "./record-rows.server";

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
  const [checklist, candidates, evaluators, declarations] = await loadPeople(db, org, evaluation);
  const active = evaluators.map((e) => e.id);
  const partnerIds = [...new Set(candidates.map((c) => c.partnerId))];
  const [scoreRows, consensusRows, valueRows, supportVerified, audit] = await loadScoring(
    db,
    org,
    evaluation.id,
    { active, partnerIds, cutoff },
  );
  const cited = [...new Set(scoreRows.flatMap((s) => s.citedVersionIds))].sort();
  const versions = await loadCitedVersions(db, org, cited, partnerIds);
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
    evaluation: evaluationFacts(evaluation),
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

/** What the record says of the evaluation itself, labels in words. */
function evaluationFacts(evaluation: EvaluationRow): ExportInput["evaluation"] {
  return {
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
  };
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
