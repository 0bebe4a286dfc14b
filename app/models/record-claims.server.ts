// The claims an evaluation's cited evidence belongs to, as they are now, for its record: one query per kind of claim
// present, then each claim named in the reader's words.
import { inArray } from "drizzle-orm";
import {
  certifications,
  modelProviderClaims,
  networkMemberships,
  practiceDocuments,
  referenceDeployments,
  specializations,
  supportTerms,
} from "../../db/schema";
import type { ExportInput } from "../domain/comparison-export";
import { LABELS, specializationLabel } from "../domain/profile";
import type { Reader } from "./record-rows.server";

type ClaimRef = { kind: string; id: string | null; partnerId: string };
type Claim = ExportInput["evidence"][number]["claim"];

/** The rows of every claim the references name, by kind: by id, or by partner for the one-per-partner kinds. */
async function loadClaims(db: Reader, refs: ClaimRef[]) {
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
  return found;
}

type Found = Awaited<ReturnType<typeof loadClaims>>;

/** One claim in words, with its row as it is now (null when it was removed since). */
function claimOf(r: ClaimRef, found: Found): Claim {
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
}

/** The claims the cited evidence belongs to, as they are now: one query per kind of claim present. */
export async function claimSnapshots(db: Reader, refs: ClaimRef[]): Promise<Claim[]> {
  const found = await loadClaims(db, refs);
  return refs.map((r) => claimOf(r, found));
}
