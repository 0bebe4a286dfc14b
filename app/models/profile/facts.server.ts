// The organisation's facts: what buyers filter and read first. The row always exists (made at sign-up), so it is
// only ever updated, at the version the form showed.
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../../../db/client";
import { partnerProfiles } from "../../../db/schema";
import { HEADCOUNT_BANDS, LABELS, PARTNER_TYPES, REGIONS } from "../../domain/profile";
import { MAX_DESCRIPTION_LENGTH, MAX_WEBSITE_LENGTH } from "../../domain/profile-limits";
import { NotFound } from "../../utils/errors.server";
import {
  COUNTRY_CODES,
  choices,
  countryName,
  isWebUrl,
  optionalChoice,
  optionalText,
  version,
} from "./fields.server";
import { AGAIN, audit, type ProfileActor, ProfileConflict, pick } from "./write.server";

export const factsSchema = z.object({
  partnerType: optionalChoice(PARTNER_TYPES, "Choose a partner type from the list."),
  hqCountry: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || COUNTRY_CODES.has(v), "Choose a country from the list."),
  regions: choices(REGIONS, "Choose regions from the list."),
  headcountBand: optionalChoice(HEADCOUNT_BANDS, "Choose a headcount band from the list."),
  website: z
    .string()
    .trim()
    .max(MAX_WEBSITE_LENGTH, `Use at most ${MAX_WEBSITE_LENGTH} characters.`)
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isWebUrl(v), "Enter a web address starting with https:// or http://."),
  description: optionalText(MAX_DESCRIPTION_LENGTH),
  version: version(),
});

export type FactsInput = z.infer<typeof factsSchema>;

const orNone = (v: string | null | undefined, none = "none") => v || none;

function describeFacts(f: typeof partnerProfiles.$inferSelect) {
  return [
    `type ${f.partnerType ? LABELS.partnerType[f.partnerType] : "not set"}`,
    `HQ ${countryName(f.hqCountry) ?? "not set"}`,
    `regions ${f.regions.length ? f.regions.map((r) => LABELS.region[r as keyof typeof LABELS.region] ?? r).join(", ") : "none"}`,
    `headcount ${f.headcountBand ? LABELS.headcount[f.headcountBand] : "not set"}`,
    `website ${orNone(f.website)}`,
  ].join(", ");
}

/** Saves the organisation's facts; refuses a stale form with what the other person saved. */
export async function updateFacts(actor: ProfileActor, input: FactsInput) {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(partnerProfiles)
      .where(eq(partnerProfiles.organisationId, actor.organisationId))
      .for("update")
      .limit(1);
    if (!row) throw new NotFound();
    if (row.version !== input.version) {
      const stored = describeFacts(row);
      throw new ProfileConflict(
        stored,
        `Someone else saved the facts while you were editing: they now say ${stored}. ${AGAIN}`,
      );
    }
    const { version: _shown, ...after } = input;
    await tx
      .update(partnerProfiles)
      .set({ ...after, version: row.version + 1, updatedAt: new Date(), profileUpdatedAt: sql`now()` })
      .where(
        and(
          eq(partnerProfiles.organisationId, actor.organisationId),
          eq(partnerProfiles.version, row.version),
        ),
      );
    const entityId = actor.organisationId;
    await audit(tx, actor, "facts", "updated", "partner_profile", entityId, pick(row, after), after);
    return { version: row.version + 1 };
  });
}
