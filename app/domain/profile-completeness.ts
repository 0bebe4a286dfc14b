// How complete a partner's profile is (docs/product.md "Partner profile"): its eight sections, each filled in or not,
// with what is missing. Pure: the profile page and the partner's home read the same rule.

import { credentialState } from "./profile";

/** What the rule reads of a profile: the facts, and whether (or how many of) each claim exists. */
export interface ProfileCompletenessInput {
  facts: {
    partnerType: string | null;
    hqCountry: string | null;
    regions: readonly string[];
    headcountBand: string | null;
    website: string | null;
    description: string | null;
  };
  membership: boolean;
  /** Each certification's expiry day (null: none); an expired one counts as absent. */
  certificationExpiries: readonly (string | null)[];
  specializationExpiries: readonly (string | null)[];
  references: number;
  providers: number;
  support: boolean;
  documents: number;
}

export type ProfileSectionKey =
  | "facts"
  | "membership"
  | "certifications"
  | "specializations"
  | "references"
  | "providers"
  | "support"
  | "documents";

export interface ProfileSectionState {
  key: ProfileSectionKey;
  title: string;
  /** The page where the section is edited. */
  href: string;
  complete: boolean;
  /** What is missing, in a sentence; undefined when complete. */
  missing: string | undefined;
}

function factsMissing(facts: ProfileCompletenessInput["facts"]): string | undefined {
  const missing = [
    facts.partnerType ? null : "partner type",
    facts.hqCountry ? null : "HQ country",
    facts.regions.length ? null : "regions served",
    facts.headcountBand ? null : "headcount",
    facts.website ? null : "website",
    facts.description ? null : "description",
  ].filter((m): m is string => m !== null);
  return missing.length ? `Missing: ${missing.join(", ")}.` : undefined;
}

/** A list of credentials is complete with one current credential; otherwise it says why not. */
function credentialsMissing(
  expiries: readonly (string | null)[],
  today: string,
  none: string,
  expired: string,
) {
  if (expiries.some((e) => credentialState(e, today) !== "expired")) return undefined;
  return expiries.length ? expired : none;
}

const section = (
  key: ProfileSectionKey,
  title: string,
  missing: string | undefined,
): ProfileSectionState => ({
  key,
  title,
  href: `/profile/${key}`,
  complete: missing === undefined,
  missing,
});

/** The profile's eight sections in the profile page's order, each complete or not, with what is missing. */
export function profileSections(input: ProfileCompletenessInput, today: string): ProfileSectionState[] {
  return [
    section("facts", "Facts", factsMissing(input.facts)),
    section(
      "membership",
      "Network membership",
      input.membership ? undefined : "No membership claim yet: add your tier (or “Not a member”).",
    ),
    section(
      "certifications",
      "Certifications",
      credentialsMissing(
        input.certificationExpiries,
        today,
        "No certifications yet.",
        "Every certification has expired: an expired credential counts as absent.",
      ),
    ),
    section(
      "specializations",
      "Specializations",
      credentialsMissing(
        input.specializationExpiries,
        today,
        "No specializations yet.",
        "Every specialization has expired.",
      ),
    ),
    section(
      "references",
      "Reference deployments",
      input.references ? undefined : "No reference deployments yet.",
    ),
    section("providers", "Model providers", input.providers ? undefined : "No model providers yet."),
    section("support", "Support terms", input.support ? undefined : "No support terms yet."),
    section(
      "documents",
      "Practice documents",
      input.documents ? undefined : "No practice documents yet (policies, runbooks, attestations).",
    ),
  ];
}

/** How many sections are complete, of how many, and that share (0-1). */
export function completenessOf(sections: readonly ProfileSectionState[]) {
  const done = sections.filter((s) => s.complete).length;
  return { done, total: sections.length, share: sections.length ? done / sections.length : 0 };
}
