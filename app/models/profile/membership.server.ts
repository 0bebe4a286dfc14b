// The network membership claim: a tier ("Not a member" is a claim too), since when, and the Forward Deployed
// Experts track.
import { z } from "zod";
import { networkMemberships } from "../../../db/schema";
import { LABELS, TIERS, todayUtc } from "../../domain/profile";
import { checkbox, choice, optionalDay, optionalVersion } from "./fields.server";
import { removeClaim, type SingletonClaim, saveClaim } from "./singleton-claim.server";
import { AGAIN, type ProfileActor } from "./write.server";

export const membershipSchema = z.object({
  tier: choice(TIERS, "Choose a tier."),
  memberSince: optionalDay().refine(
    (v) => v === null || v <= todayUtc(),
    "The date cannot be in the future.",
  ),
  forwardDeployedExperts: checkbox(),
  version: optionalVersion(),
});

export type MembershipInput = z.infer<typeof membershipSchema>;
type Membership = typeof networkMemberships.$inferSelect;

const membershipClaim: SingletonClaim<Membership> = {
  table: networkMemberships,
  section: "membership",
  entityType: "network_membership",
  describe: (m) =>
    `tier ${LABELS.tier[m.tier]}, member since ${m.memberSince ?? "not given"}, Forward Deployed Experts ${m.forwardDeployedExperts ? "yes" : "no"}`,
  removed: ({ tier, memberSince, forwardDeployedExperts }) => ({ tier, memberSince, forwardDeployedExperts }),
  words: {
    removedWhileEditing: `Someone else removed the membership claim while you were editing. ${AGAIN.replace("save again", "save to add it back")}`,
    savedWhileEditing: (stored) =>
      `Someone else saved the membership while you were editing: it now says ${stored}. ${AGAIN}`,
    savedWhileLooking: (stored) =>
      `Someone else saved the membership while you were looking: it now says ${stored}. Check it and remove it again if you still want to.`,
    nothingToRemove: "There was no membership claim to remove: someone removed it already.",
  },
};

/** Creates the membership claim, or updates it at the version the form showed. */
export function saveMembership(actor: ProfileActor, input: MembershipInput) {
  const { tier, memberSince, forwardDeployedExperts } = input;
  return saveClaim(actor, membershipClaim, { tier, memberSince, forwardDeployedExperts }, input.version);
}

/** Removes the membership claim (no row = no claim) at the version the form showed. */
export function removeMembership(actor: ProfileActor, versionShown: number) {
  return removeClaim(actor, membershipClaim, versionShown);
}
