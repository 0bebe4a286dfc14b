import { and, eq, isNotNull, lte, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { certifications, specializations } from "../../db/schema";
import {
  credentialState,
  daysBetween,
  EXPIRY_WARNING_DAYS,
  specializationLabel,
  todayUtc,
} from "../domain/profile";

export interface CredentialAlert {
  kind: "certification" | "specialization";
  name: string;
  expiresOn: string;
  state: "expiring" | "expired";
  /** Days until expiry (negative: days since). */
  days: number;
}

/**
 * The partner's certifications and specializations that expire within 60 days or expired in the last 90, soonest
 * first: what the partner's home page flags. One query.
 */
export async function listCredentialAlerts({ organisationId }: { organisationId: string }, now = new Date()) {
  const today = todayUtc(now);
  const horizon = new Date(now.getTime() + EXPIRY_WARNING_DAYS * 86_400_000).toISOString().slice(0, 10);
  const recent = new Date(now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  const rows = await getDb()
    .select({
      kind: sql<CredentialAlert["kind"]>`'certification'`,
      name: certifications.track,
      expiresOn: certifications.expiresOn,
    })
    .from(certifications)
    .where(
      and(
        eq(certifications.organisationId, organisationId),
        isNotNull(certifications.expiresOn),
        lte(certifications.expiresOn, horizon),
        sql`${certifications.expiresOn} >= ${recent}`,
      ),
    )
    .unionAll(
      getDb()
        .select({
          kind: sql<CredentialAlert["kind"]>`'specialization'`,
          name: specializations.name,
          expiresOn: specializations.expiresOn,
        })
        .from(specializations)
        .where(
          and(
            eq(specializations.organisationId, organisationId),
            isNotNull(specializations.expiresOn),
            lte(specializations.expiresOn, horizon),
            sql`${specializations.expiresOn} >= ${recent}`,
          ),
        ),
    );
  return rows
    .map((r): CredentialAlert => {
      const expiresOn = r.expiresOn as string;
      const state = credentialState(expiresOn, today);
      return {
        kind: r.kind,
        name: r.kind === "specialization" ? specializationLabel(r.name) : r.name,
        expiresOn,
        state: state === "expired" ? "expired" : "expiring",
        days: daysBetween(today, expiresOn),
      };
    })
    .sort((a, b) => a.days - b.days);
}
