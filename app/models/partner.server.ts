import { and, asc, desc, eq } from "drizzle-orm";
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
  const db = getDb();
  const [head] = await db
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
    .where(and(eq(organisations.id, organisationId), eq(organisations.kind, "partner")))
    .limit(1);
  if (!head) return undefined;
  const byOrg = <T extends { organisationId: unknown }>(t: T) =>
    eq(t.organisationId as never, organisationId);
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
  const outcomesByRef = new Map<string, typeof outcomes>();
  for (const o of outcomes) {
    const list = outcomesByRef.get(o.referenceId) ?? [];
    list.push(o);
    outcomesByRef.set(o.referenceId, list);
  }
  return {
    id: head.id,
    name: head.name,
    facts: head.facts,
    membership: head.membership,
    support: head.support,
    certifications: certs,
    specializations: specs,
    references: refs.map((r) => ({ ...r, outcomes: outcomesByRef.get(r.id) ?? [] })),
    providers,
    documents,
  };
}

export type PartnerProfile = NonNullable<Awaited<ReturnType<typeof getPartnerProfile>>>;
