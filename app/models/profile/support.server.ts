// The support terms: what the partner commits to after go-live, compared side by side by buyers.
import { z } from "zod";
import { formatDuration, plural } from "~/utils/format";
import { supportTerms } from "../../../db/schema";
import { LABELS, MAINTENANCE_MODELS, SUPPORT_HOURS } from "../../domain/profile";
import { P1_RESOLUTION_HOURS, P1_RESPONSE_MINUTES, WARRANTY_DAYS } from "../../domain/profile-limits";
import { checkbox, choice, optionalVersion, wholeNumber } from "./fields.server";
import { removeClaim, type SingletonClaim, saveClaim } from "./singleton-claim.server";
import { AGAIN, type ProfileActor } from "./write.server";

export const supportSchema = z.object({
  supportHours: choice(SUPPORT_HOURS, "Choose the support hours."),
  p1ResponseMinutes: wholeNumber("the P1 response time", P1_RESPONSE_MINUTES.min, P1_RESPONSE_MINUTES.max),
  p1ResolutionHours: wholeNumber("the P1 resolution time", P1_RESOLUTION_HOURS.min, P1_RESOLUTION_HOURS.max),
  warrantyDays: wholeNumber("the warranty", WARRANTY_DAYS.min, WARRANTY_DAYS.max),
  maintenanceModel: choice(MAINTENANCE_MODELS, "Choose a maintenance model."),
  rollbackRunbook: checkbox(),
  monitoringIncluded: checkbox(),
  knowledgeTransfer: checkbox(),
  version: optionalVersion(),
});

export type SupportInput = z.infer<typeof supportSchema>;
type Support = typeof supportTerms.$inferSelect;

function describeSupport(s: Support) {
  const yn = (b: boolean) => (b ? "yes" : "no");
  return `${LABELS.supportHours[s.supportHours]}, P1 response ${formatDuration(s.p1ResponseMinutes)}, P1 resolution ${formatDuration(s.p1ResolutionHours * 60)}, warranty ${plural(s.warrantyDays, "day", "days")}, ${LABELS.maintenance[s.maintenanceModel]}, rollback runbook ${yn(s.rollbackRunbook)}, monitoring ${yn(s.monitoringIncluded)}, knowledge transfer ${yn(s.knowledgeTransfer)}`;
}

const supportClaim: SingletonClaim<Support> = {
  table: supportTerms,
  section: "support",
  entityType: "support_terms",
  describe: describeSupport,
  removed: ({ version: _v, updatedAt: _u, organisationId: _o, ...before }) => before,
  words: {
    removedWhileEditing:
      "Someone else removed the support terms while you were editing. Your changes are below; check and save to add them back.",
    savedWhileEditing: (stored) =>
      `Someone else saved the support terms while you were editing: they now say ${stored}. ${AGAIN}`,
    savedWhileLooking: (stored) =>
      `Someone else saved the support terms while you were looking: they now say ${stored}. Check them and remove them again if you still want to.`,
    nothingToRemove: "There were no support terms to remove: someone removed them already.",
  },
};

/** Creates the support terms, or updates them at the version the form showed. */
export function saveSupport(actor: ProfileActor, input: SupportInput) {
  const { version, ...values } = input;
  return saveClaim(actor, supportClaim, values, version);
}

/** Removes the support terms at the version the form showed. */
export function removeSupport(actor: ProfileActor, versionShown: number) {
  return removeClaim(actor, supportClaim, versionShown);
}
