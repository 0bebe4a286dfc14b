// Certifications: a track, how many staff hold it, when it was issued and when it expires.
import { z } from "zod";
import { certifications } from "../../../db/schema";
import { todayUtc } from "../../domain/profile";
import { MAX_STAFF, MAX_TRACK_LENGTH } from "../../domain/profile-limits";
import { day, optionalDay, text, wholeNumber } from "./fields.server";
import type { ListSection } from "./versioned-list.server";

export const certificationSchema = z
  .object({
    track: text("the track", MAX_TRACK_LENGTH),
    certifiedStaff: wholeNumber("the number of certified staff", 0, MAX_STAFF),
    issuedOn: day("the date it was issued").refine(
      (v) => v <= todayUtc(),
      "The date cannot be in the future.",
    ),
    expiresOn: optionalDay(),
  })
  .superRefine((v, ctx) => {
    if (v.expiresOn && v.expiresOn <= v.issuedOn) {
      ctx.addIssue({
        code: "custom",
        path: ["expiresOn"],
        message: "The expiry must be after the issue date.",
      });
    }
  });

export type CertificationInput = z.infer<typeof certificationSchema>;
type Certification = typeof certifications.$inferSelect;

export const certificationList: ListSection<Certification, typeof certificationSchema> = {
  table: certifications,
  noun: "certification",
  entityType: "certification",
  schema: certificationSchema,
  scope: "profile.certification",
  listPath: "/profile/certifications",
  label: (c) => `Certification “${c.track}”`,
  columns: (input) => input,
  describe: (c) =>
    `track “${c.track}”, ${c.certifiedStaff} staff, issued ${c.issuedOn ?? "—"}, expires ${c.expiresOn ?? "never"}`,
  removed: ({ track, certifiedStaff, issuedOn, expiresOn }) => ({
    track,
    certifiedStaff,
    issuedOn,
    expiresOn,
  }),
};
