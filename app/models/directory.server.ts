import { and, asc, count, desc, eq, type SQL, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
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
import {
  BUILT_IN_SPECIALIZATIONS,
  isCurrent,
  type Provider,
  specializationKey,
  specializationLabel,
  todayUtc,
} from "../domain/profile";
import type { DirectoryFilter, DirectoryOption } from "./directory-query.server";
import type { PartnerProfile } from "./partner.server";

export const DIRECTORY_PAGE_SIZE = 25;

/**
 * What the filters can offer that only the data knows: the industries of reference deployments (one per
 * case-insensitive spelling, labelled by the alphabetically first spelling) and the free-form specializations,
 * after the built-in ones. One query.
 */
export async function listDirectoryOptions(): Promise<{
  industries: DirectoryOption[];
  specializations: DirectoryOption[];
}> {
  const industryKey = sql<string>`lower(btrim(${referenceDeployments.industry}))`;
  const rows = await getDb()
    .select({
      kind: sql<string>`'industry'`.as("kind"),
      value: industryKey.as("value"),
      label: sql<string>`min(btrim(${referenceDeployments.industry}))`.as("label"),
    })
    .from(referenceDeployments)
    .groupBy(industryKey)
    .unionAll(
      getDb()
        .select({
          kind: sql<string>`'specialization'`.as("kind"),
          value: specializations.nameKey,
          label: sql<string>`min(${specializations.name})`.as("label"),
        })
        .from(specializations)
        .groupBy(specializations.nameKey),
    );
  const builtIn = BUILT_IN_SPECIALIZATIONS.map((name) => ({
    value: specializationKey(name),
    label: specializationLabel(name),
  }));
  const builtInKeys = new Set(builtIn.map((o) => o.value));
  const byLabel = (a: DirectoryOption, b: DirectoryOption) => a.label.localeCompare(b.label, "en");
  return {
    industries: rows
      .filter((r) => r.kind === "industry" && r.value)
      .map((r) => ({ value: r.value, label: r.label }))
      .sort(byLabel),
    specializations: [
      ...builtIn,
      ...rows
        .filter((r) => r.kind === "specialization" && !builtInKeys.has(r.value))
        .map((r) => ({ value: r.value, label: specializationLabel(r.label) }))
        .sort(byLabel),
    ],
  };
}

/** `%` and `_` typed by a person are letters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function currentSpec(today: string): SQL {
  return sql`(${specializations.expiresOn} is null or ${specializations.expiresOn} >= ${today}::date)`;
}

function directoryWhere(filter: DirectoryFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(organisations.kind, "partner")];
  if (filter.search) conditions.push(sql`${organisations.name} ilike ${likePattern(filter.search)}`);
  if (filter.tier) conditions.push(eq(networkMemberships.tier, filter.tier));
  if (filter.supportHours) conditions.push(eq(supportTerms.supportHours, filter.supportHours));
  if (filter.specialization) {
    conditions.push(sql`exists (select 1 from ${specializations}
      where ${specializations.organisationId} = ${organisations.id}
        and ${specializations.nameKey} = ${filter.specialization}
        and ${currentSpec(filter.today)})`);
  }
  if (filter.provider) {
    conditions.push(sql`exists (select 1 from ${modelProviderClaims}
      where ${modelProviderClaims.organisationId} = ${organisations.id}
        and ${modelProviderClaims.provider} = ${filter.provider}
        and ${modelProviderClaims.productionDeployments} >= 1)`);
  }
  // The reference filters describe one deployment together: "a 5k-20k insurer, customer service".
  const ref: SQL[] = [];
  if (filter.industry) ref.push(sql`lower(btrim(${referenceDeployments.industry})) = ${filter.industry}`);
  if (filter.sizeBand) ref.push(sql`${referenceDeployments.sizeBand} = ${filter.sizeBand}`);
  if (filter.useCase) ref.push(sql`${referenceDeployments.useCase} = ${filter.useCase}`);
  if (ref.length > 0) {
    conditions.push(sql`exists (select 1 from ${referenceDeployments}
      where ${referenceDeployments.organisationId} = ${organisations.id}
        and ${sql.join(ref, sql` and `)})`);
  }
  if (filter.verifiedClaim && filter.buyerOrganisationId) {
    conditions.push(sql`exists (select 1 from ${evidence}
      join ${evidenceVerifications} on ${evidenceVerifications.versionId} = ${evidence.currentVersionId}
      where ${evidence.organisationId} = ${organisations.id}
        and ${evidence.claimKind} = ${filter.verifiedClaim}
        and ${evidence.deletedAt} is null
        and ${evidenceVerifications.buyerOrganisationId} = ${filter.buyerOrganisationId}
        and ${evidenceVerifications.status} = 'verified')`);
  }
  return and(...conditions);
}

const TIER_ORDER = sql`case ${networkMemberships.tier} when 'elite' then 3 when 'advanced' then 2 when 'select' then 1 when 'none' then 0 else -1 end`;

/**
 * One page of the directory with each partner's headline claims, and the number of partners that match. Two
 * queries whatever the number of partners: the aggregates are correlated subqueries of the page's rows.
 */
export async function listDirectory(filter: DirectoryFilter, page: number) {
  const db = getDb();
  const where = directoryWhere(filter);
  const order =
    filter.sort === "tier"
      ? [desc(TIER_ORDER), asc(organisations.nameKey), asc(organisations.id)]
      : filter.sort === "updated"
        ? [desc(partnerProfiles.profileUpdatedAt), asc(organisations.nameKey), asc(organisations.id)]
        : [asc(organisations.nameKey), asc(organisations.id)];
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: organisations.id,
        name: organisations.name,
        tier: networkMemberships.tier,
        updatedAt: partnerProfiles.profileUpdatedAt,
        p1ResponseMinutes: supportTerms.p1ResponseMinutes,
        specializations: sql<
          string[]
        >`(select coalesce(array_agg(${specializations.name} order by ${specializations.nameKey}), '{}'::text[])
          from ${specializations}
          where ${specializations.organisationId} = ${organisations.id} and ${currentSpec(filter.today)})`,
        productionReferences: sql<number>`(select count(*)::int from ${referenceDeployments}
          where ${referenceDeployments.organisationId} = ${organisations.id}
            and ${referenceDeployments.status} = 'production')`,
        providers: sql<string[]>`(select coalesce(array_agg(${modelProviderClaims.provider}::text
            order by ${modelProviderClaims.productionDeployments} desc, ${modelProviderClaims.provider}), '{}'::text[])
          from ${modelProviderClaims}
          where ${modelProviderClaims.organisationId} = ${organisations.id}
            and ${modelProviderClaims.productionDeployments} >= 1)`,
      })
      .from(organisations)
      .innerJoin(partnerProfiles, eq(partnerProfiles.organisationId, organisations.id))
      .leftJoin(networkMemberships, eq(networkMemberships.organisationId, organisations.id))
      .leftJoin(supportTerms, eq(supportTerms.organisationId, organisations.id))
      .where(where)
      .orderBy(...order)
      .limit(DIRECTORY_PAGE_SIZE)
      .offset((page - 1) * DIRECTORY_PAGE_SIZE),
    db
      .select({ total: count() })
      .from(organisations)
      .innerJoin(partnerProfiles, eq(partnerProfiles.organisationId, organisations.id))
      .leftJoin(networkMemberships, eq(networkMemberships.organisationId, organisations.id))
      .leftJoin(supportTerms, eq(supportTerms.organisationId, organisations.id))
      .where(where),
  ]);
  return {
    rows: rows.map((r) => ({
      ...r,
      // postgres.js and PGlite agree on text[]; counts may arrive as strings from one and numbers from the other.
      specializations: r.specializations ?? [],
      providers: (r.providers ?? []) as Provider[],
      productionReferences: Number(r.productionReferences),
      updatedAt: new Date(r.updatedAt),
    })),
    total: Number(total),
  };
}

export type DirectoryRow = Awaited<ReturnType<typeof listDirectory>>["rows"][number];

/**
 * The facts a buyer checks first, from a profile read by `getPartnerProfile(s)`: the same rules as the directory
 * (a specialization is current through its expiry date; a provider counts with at least one production deployment).
 */
export function profileHeadline(profile: PartnerProfile, today = todayUtc()) {
  return {
    tier: profile.membership?.tier ?? null,
    currentSpecializations: profile.specializations
      .filter((s) => isCurrent(s.expiresOn, today))
      .map((s) => specializationLabel(s.name)),
    productionReferences: profile.references.filter((r) => r.status === "production").length,
    pilotReferences: profile.references.filter((r) => r.status === "pilot").length,
    providersInProduction: profile.providers
      .filter((p) => p.productionDeployments >= 1)
      .map((p) => p.provider),
    p1ResponseMinutes: profile.support?.p1ResponseMinutes ?? null,
  };
}
