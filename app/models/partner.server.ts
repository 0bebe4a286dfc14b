import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import {
  certifications,
  modelProviderClaims,
  networkMemberships,
  organisations,
  partnerProfiles,
  practiceDocuments,
  referenceDeployments,
  referenceOutcomes,
  specializations,
  supportTerms,
} from "../../db/schema";
import { isUuid } from "./member.server";

/** Every partner organisation, by name. One query. */
export async function listPartners() {
  return getDb()
    .select({ id: organisations.id, name: organisations.name, joinedAt: organisations.createdAt })
    .from(organisations)
    .where(eq(organisations.kind, "partner"))
    .orderBy(asc(organisations.nameKey));
}

/**
 * A partner's whole profile: facts, membership, support terms, and every list of claims (references with their
 * outcomes in order). Claims only: never evidence. Undefined when the id is not a partner organisation.
 * A fixed number of queries (seven) whatever the profile's size.
 */
export async function getPartnerProfile(organisationId: string) {
  if (!isUuid(organisationId)) return undefined;
  const [profile] = await getPartnerProfiles([organisationId]);
  return profile;
}

/**
 * Several partners' whole profiles (as `getPartnerProfile`), in the order asked for; ids that are malformed or not
 * partner organisations are left out. Seven queries whatever the number of partners (none for an empty list).
 */
export async function getPartnerProfiles(organisationIds: readonly string[]) {
  const ids = [...new Set(organisationIds.filter(isUuid).map((id) => id.toLowerCase()))];
  if (ids.length === 0) return [];
  const db = getDb();
  const heads = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      facts: partnerProfiles,
      membership: networkMemberships,
      support: supportTerms,
    })
    .from(organisations)
    .innerJoin(partnerProfiles, eq(partnerProfiles.organisationId, organisations.id))
    .leftJoin(networkMemberships, eq(networkMemberships.organisationId, organisations.id))
    .leftJoin(supportTerms, eq(supportTerms.organisationId, organisations.id))
    .where(and(inArray(organisations.id, ids), eq(organisations.kind, "partner")));
  if (heads.length === 0) return [];
  const found = heads.map((h) => h.id);
  const byOrg = <T extends { organisationId: unknown }>(t: T) => inArray(t.organisationId as never, found);
  const [certs, specs, refs, outcomes, providers, documents] = await Promise.all([
    db.select().from(certifications).where(byOrg(certifications)).orderBy(asc(certifications.track)),
    db.select().from(specializations).where(byOrg(specializations)).orderBy(asc(specializations.nameKey)),
    db
      .select()
      .from(referenceDeployments)
      .where(byOrg(referenceDeployments))
      .orderBy(desc(referenceDeployments.goLiveOn), asc(referenceDeployments.customer)),
    db
      .select()
      .from(referenceOutcomes)
      .where(byOrg(referenceOutcomes))
      .orderBy(asc(referenceOutcomes.referenceId), asc(referenceOutcomes.position)),
    db
      .select()
      .from(modelProviderClaims)
      .where(byOrg(modelProviderClaims))
      .orderBy(desc(modelProviderClaims.productionDeployments), asc(modelProviderClaims.provider)),
    db.select().from(practiceDocuments).where(byOrg(practiceDocuments)).orderBy(asc(practiceDocuments.title)),
  ]);
  const group = <T>(rows: T[], key: (row: T) => string) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(key(row)) ?? [];
      list.push(row);
      map.set(key(row), list);
    }
    return map;
  };
  const outcomesByRef = group(outcomes, (o) => o.referenceId);
  const certsByOrg = group(certs, (c) => c.organisationId);
  const specsByOrg = group(specs, (c) => c.organisationId);
  const refsByOrg = group(refs, (c) => c.organisationId);
  const providersByOrg = group(providers, (c) => c.organisationId);
  const documentsByOrg = group(documents, (c) => c.organisationId);
  const byId = new Map(heads.map((h) => [h.id, h]));
  return ids.flatMap((id) => {
    const head = byId.get(id);
    if (!head) return [];
    return [
      {
        id: head.id,
        name: head.name,
        facts: head.facts,
        membership: head.membership,
        support: head.support,
        certifications: certsByOrg.get(id) ?? [],
        specializations: specsByOrg.get(id) ?? [],
        references: (refsByOrg.get(id) ?? []).map((r) => ({ ...r, outcomes: outcomesByRef.get(r.id) ?? [] })),
        providers: providersByOrg.get(id) ?? [],
        documents: documentsByOrg.get(id) ?? [],
      },
    ];
  });
}

export type PartnerProfile = NonNullable<Awaited<ReturnType<typeof getPartnerProfile>>>;
