// What a buyer may see of a partner's evidence, and when evidence is dated (it then counts in neither confidence nor
// suggestions).
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { evidence, evidenceShares, evidenceVerifications, evidenceVersions } from "../../../db/schema";
import { isUuid } from "../member.server";

/** docs/product.md "Evidence": a period that ended more than 24 months ago is dated. */
export const DATED_AFTER_MONTHS = 24;

/** The first day (YYYY-MM-DD) a period may end on without being dated, seen from `today`: 24 months earlier. */
export function datedCutoff(today: string): string {
  const [y, m, d] = today.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1 - DATED_AFTER_MONTHS, d)).toISOString().slice(0, 10);
}

/** Whether a period ended more than 24 months ago (then it counts in neither confidence nor suggestions). */
export function isDated(effectiveTo: string | null, today: string): boolean {
  if (!effectiveTo) return false;
  return effectiveTo < datedCutoff(today);
}

/** Evidence a buyer may see: for all buyers, or shared with it through an evidence request. */
export const visibleToBuyer = (buyerOrganisationId: string) =>
  sql`(${evidence.visibility} = 'all_buyers' or exists (select 1 from ${evidenceShares} where ${evidenceShares.evidenceId} = ${evidence.id} and ${evidenceShares.buyerOrganisationId} = ${buyerOrganisationId}))`;

/**
 * The partner's evidence a buyer may see (not deleted; for all buyers, or shared with this buyer), each with its
 * current version and this buyer's own verification of that version (none = unverified). One query.
 */
export async function listVisibleEvidence(buyerOrganisationId: string, partnerOrganisationId: string) {
  if (!isUuid(partnerOrganisationId)) return [];
  return getDb()
    .select({
      id: evidence.id,
      title: evidence.title,
      kind: evidence.kind,
      claimKind: evidence.claimKind,
      claimId: evidence.claimId,
      effectiveFrom: evidence.effectiveFrom,
      effectiveTo: evidence.effectiveTo,
      restricted: sql<boolean>`${evidence.visibility} = 'restricted'`,
      versionId: evidenceVersions.id,
      versionNumber: evidenceVersions.number,
      fileName: evidenceVersions.fileName,
      sizeBytes: evidenceVersions.sizeBytes,
      url: evidenceVersions.url,
      addedAt: evidenceVersions.createdAt,
      status: evidenceVerifications.status,
      note: evidenceVerifications.note,
      seenOn: evidenceVerifications.seenOn,
      verifiedAt: evidenceVerifications.updatedAt,
    })
    .from(evidence)
    .innerJoin(evidenceVersions, eq(evidenceVersions.id, evidence.currentVersionId))
    .leftJoin(
      evidenceVerifications,
      and(
        eq(evidenceVerifications.versionId, evidenceVersions.id),
        eq(evidenceVerifications.buyerOrganisationId, buyerOrganisationId),
      ),
    )
    .where(
      and(
        eq(evidence.organisationId, partnerOrganisationId),
        isNull(evidence.deletedAt),
        visibleToBuyer(buyerOrganisationId),
      ),
    )
    .orderBy(asc(evidence.claimKind), asc(evidence.title));
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
