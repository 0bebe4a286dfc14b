// The claims of a partner's profile that evidence attaches to: their kinds, their labels and the options of the
// "Supports the claim" field.
import { LABELS, specializationLabel } from "../../domain/profile";
import { InputError } from "../../utils/errors.server";
import { getPartnerProfile, type PartnerProfile } from "../partner.server";

export const CLAIM_KINDS = [
  "membership",
  "certification",
  "specialization",
  "reference",
  "provider",
  "support",
  "document",
] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const CLAIM_KIND_LABELS: Record<ClaimKind, string> = {
  membership: "Network membership",
  certification: "Certifications",
  specialization: "Specializations",
  reference: "Reference deployments",
  provider: "Model providers",
  support: "Support terms",
  document: "Practice documents",
};

/** A claim evidence can attach to: `membership:` and `support:` have no id (one per partner). */
export interface ClaimOption {
  value: string;
  kind: ClaimKind;
  id: string | null;
  label: string;
}

/** The partner's claims, as the options of the "attach to" field. Reads the profile (a fixed number of queries). */
export async function listClaimOptions(organisationId: string): Promise<ClaimOption[]> {
  const p = await getPartnerProfile(organisationId);
  return p ? claimOptionsOf(p) : [];
}

const option = (kind: ClaimKind, id: string, label: string): ClaimOption => ({
  value: `${kind}:${id}`,
  kind,
  id,
  label,
});

/** The claims of a profile already read, as options ("membership:", "certification:<id>", …). */
export function claimOptionsOf(p: PartnerProfile): ClaimOption[] {
  const options: ClaimOption[] = [];
  if (p.membership) {
    options.push({
      value: "membership:",
      kind: "membership",
      id: null,
      label: `Network membership (${LABELS.tier[p.membership.tier]})`,
    });
  }
  for (const c of p.certifications) options.push(option("certification", c.id, `Certification: ${c.track}`));
  for (const s of p.specializations)
    options.push(option("specialization", s.id, `Specialization: ${specializationLabel(s.name)}`));
  for (const r of p.references) options.push(option("reference", r.id, `Reference: ${r.customer}`));
  for (const m of p.providers)
    options.push(option("provider", m.id, `Model provider: ${LABELS.provider[m.provider]}`));
  if (p.support) options.push({ value: "support:", kind: "support", id: null, label: "Support terms" });
  for (const d of p.documents) options.push(option("document", d.id, `Practice document: ${d.title}`));
  return options;
}

/** Checks the chosen claim belongs to the actor's organisation; returns its kind and id. */
export async function resolveClaim(
  organisationId: string,
  value: string,
): Promise<{ kind: ClaimKind; id: string | null }> {
  const options = await listClaimOptions(organisationId);
  const chosen = options.find((o) => o.value === value);
  if (!chosen) throw new InputError({ claim: "Choose one of your profile's claims." });
  return { kind: chosen.kind, id: chosen.id };
}
