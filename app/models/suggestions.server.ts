import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { type Db, getDb } from "../../db/client";
import {
  evidence,
  evidenceVerifications,
  modelProviderClaims,
  networkMemberships,
  organisations,
  partnerProfiles,
  referenceDeployments,
  specializations,
  supportTerms,
} from "../../db/schema";
import { todayUtc } from "../domain/profile";
import type { EvaluationContext, SuggestionProfile } from "../domain/suggestions";
import type { EvaluationRow } from "./evaluation.server";
import { isDated, visibleToBuyer } from "./evidence/visibility.server";
import { isUuid } from "./member.server";

/** The buyer's context the suggestion rules compare a partner with: the evaluation's. */
export function suggestionContext(
  e: Pick<EvaluationRow, "industry" | "sizeBand" | "useCases" | "requiredSpecializations">,
): EvaluationContext {
  return {
    industry: e.industry,
    sizeBand: e.sizeBand,
    useCases: e.useCases,
    requiredSpecializations: e.requiredSpecializations,
  };
}

/**
 * The facts the auto-suggestion rules read, for several partners, as one buyer sees them: claims are read live,
 * and a reference's `hasVerifiedEvidence` counts only evidence attached to it that this buyer may see (not
 * deleted; for all buyers, or shared with this buyer), whose current version this buyer marked `verified`, and
 * whose period is not dated on `today` (UTC). Ids that are malformed or not partner organisations are left out.
 * Five queries whatever the number of partners (none for an empty list).
 */
export async function loadSuggestionProfiles(
  buyerOrganisationId: string,
  partnerIds: readonly string[],
  today: string = todayUtc(),
): Promise<Map<string, SuggestionProfile>> {
  const profiles = new Map<string, SuggestionProfile>();
  const ids = [...new Set(partnerIds.filter(isUuid).map((id) => id.toLowerCase()))];
  if (ids.length === 0) return profiles;
  const db = getDb();
  const heads = await loadHeads(db, ids);
  if (heads.length === 0) return profiles;
  const found = heads.map((h) => h.id);
  const [specs, refs, providers, verified] = await Promise.all([
    loadSpecializations(db, found),
    loadReferences(db, found),
    loadProviders(db, found),
    loadVerifiedReferences(db, buyerOrganisationId, found),
  ]);
  // Keyed by partner and reference together: evidence counts only for a reference of its own partner.
  const verifiedReferences = new Set(
    verified
      .filter((e) => e.referenceId !== null && !isDated(e.effectiveTo, today))
      .map((e) => `${e.organisationId}:${e.referenceId}`),
  );
  for (const h of heads) profiles.set(h.id, profileHead(h));
  for (const s of specs)
    profiles.get(s.organisationId)?.specializations.push({ name: s.name, expiresOn: s.expiresOn });
  for (const r of refs) {
    profiles.get(r.organisationId)?.references.push({
      status: r.status,
      sizeBand: r.sizeBand,
      useCase: r.useCase,
      referenceContactAvailable: r.referenceContact,
      hasVerifiedEvidence: verifiedReferences.has(`${r.organisationId}:${r.id}`),
    });
  }
  for (const p of providers) {
    profiles
      .get(p.organisationId)
      ?.providers.push({ provider: p.provider, productionDeployments: p.productionDeployments });
  }
  return profiles;
}

/** Each partner's membership tier and support terms: one statement. */
function loadHeads(db: Db, ids: string[]) {
  return db
    .select({
      id: organisations.id,
      tier: networkMemberships.tier,
      hours: supportTerms.supportHours,
      p1ResponseMinutes: supportTerms.p1ResponseMinutes,
      warrantyDays: supportTerms.warrantyDays,
      maintenanceModel: supportTerms.maintenanceModel,
      rollbackRunbook: supportTerms.rollbackRunbook,
    })
    .from(organisations)
    .innerJoin(partnerProfiles, eq(partnerProfiles.organisationId, organisations.id))
    .leftJoin(networkMemberships, eq(networkMemberships.organisationId, organisations.id))
    .leftJoin(supportTerms, eq(supportTerms.organisationId, organisations.id))
    .where(and(inArray(organisations.id, ids), eq(organisations.kind, "partner")));
}

type Head = Awaited<ReturnType<typeof loadHeads>>[number];

/** A profile with its membership and support terms (when complete), its lists still empty. */
function profileHead(h: Head): SuggestionProfile {
  return {
    membership: h.tier ? { tier: h.tier } : null,
    specializations: [],
    references: [],
    providers: [],
    support:
      h.hours !== null &&
      h.p1ResponseMinutes !== null &&
      h.warrantyDays !== null &&
      h.maintenanceModel !== null &&
      h.rollbackRunbook !== null
        ? {
            hours: h.hours,
            p1ResponseMinutes: h.p1ResponseMinutes,
            warrantyDays: h.warrantyDays,
            maintenanceModel: h.maintenanceModel,
            rollbackRunbook: h.rollbackRunbook,
          }
        : null,
  };
}

function loadSpecializations(db: Db, found: string[]) {
  return db
    .select({
      organisationId: specializations.organisationId,
      name: specializations.name,
      expiresOn: specializations.expiresOn,
    })
    .from(specializations)
    .where(inArray(specializations.organisationId, found))
    .orderBy(asc(specializations.nameKey));
}

function loadReferences(db: Db, found: string[]) {
  return db
    .select({
      id: referenceDeployments.id,
      organisationId: referenceDeployments.organisationId,
      status: referenceDeployments.status,
      sizeBand: referenceDeployments.sizeBand,
      useCase: referenceDeployments.useCase,
      referenceContact: referenceDeployments.referenceContact,
    })
    .from(referenceDeployments)
    .where(inArray(referenceDeployments.organisationId, found))
    .orderBy(desc(referenceDeployments.goLiveOn), asc(referenceDeployments.customer));
}

function loadProviders(db: Db, found: string[]) {
  return (
    db
      .select({
        organisationId: modelProviderClaims.organisationId,
        provider: modelProviderClaims.provider,
        productionDeployments: modelProviderClaims.productionDeployments,
      })
      .from(modelProviderClaims)
      .where(inArray(modelProviderClaims.organisationId, found))
      // The order the profile shows them in, so that a reason lists them the same way.
      .orderBy(desc(modelProviderClaims.productionDeployments), asc(modelProviderClaims.provider))
  );
}

/**
 * Reference evidence whose current version this buyer verified; a replaced file is unverified again because the
 * join is on the current version only.
 */
function loadVerifiedReferences(db: Db, buyerOrganisationId: string, found: string[]) {
  return db
    .select({
      organisationId: evidence.organisationId,
      referenceId: evidence.claimId,
      effectiveTo: evidence.effectiveTo,
    })
    .from(evidence)
    .innerJoin(
      evidenceVerifications,
      and(
        eq(evidenceVerifications.versionId, evidence.currentVersionId),
        eq(evidenceVerifications.buyerOrganisationId, buyerOrganisationId),
        eq(evidenceVerifications.status, "verified"),
      ),
    )
    .where(
      and(
        inArray(evidence.organisationId, found),
        eq(evidence.claimKind, "reference"),
        isNull(evidence.deletedAt),
        visibleToBuyer(buyerOrganisationId),
      ),
    );
}
