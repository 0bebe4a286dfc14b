import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../../db/client";
import { organisations } from "../../db/schema";
import { NotFound, StaleVersion } from "../utils/errors.server";
import { MAX_ORG_NAME_LENGTH } from "../utils/limits";
import { recordAudit } from "./audit.server";
import { isTimeZone, orgNameKey } from "./auth.server";

const timeZone = z.string().trim().refine(isTimeZone, "Choose a time zone from the list.");
const version = z.coerce.number().int().min(1);

/** A buyer's settings form: its name and time zone. */
export const organisationSettingsSchema = z.object({
  name: z
    .string()
    .trim()
    .min(2, "Enter the organisation's name (2 characters or more).")
    .max(MAX_ORG_NAME_LENGTH, `Use at most ${MAX_ORG_NAME_LENGTH} characters.`),
  timeZone,
  version,
});

/** A partner's settings form: its time zone only (its name is the profile's, edited there). */
export const partnerSettingsSchema = z.object({ timeZone, version });

export async function getOrganisation({ organisationId }: { organisationId: string }) {
  const [org] = await getDb()
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      timeZone: organisations.timeZone,
      version: organisations.version,
    })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .limit(1);
  return org;
}

/**
 * A buyer organisation's name and time zone, with a version check and its audit event. A stale form is a
 * StaleVersion carrying the stored name and time zone.
 */
export async function updateBuyerSettings(
  actor: { userId: string; organisationId: string },
  input: z.infer<typeof organisationSettingsSchema>,
): Promise<void> {
  await updateSettings(actor, "buyer", input);
}

/**
 * A partner organisation's time zone (its reminders' day and hour), with a version check and its audit event. A
 * stale form is a StaleVersion carrying the stored name and time zone.
 */
export async function updatePartnerSettings(
  actor: { userId: string; organisationId: string },
  input: z.infer<typeof partnerSettingsSchema>,
): Promise<void> {
  await updateSettings(actor, "partner", input);
}

/** The actor's own organisation of `kind`, locked, compared with the form's version, updated and audited. */
async function updateSettings(
  actor: { userId: string; organisationId: string },
  kind: "buyer" | "partner",
  input: { name?: string; timeZone: string; version: number },
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [org] = await tx
      .select()
      .from(organisations)
      .where(and(eq(organisations.id, actor.organisationId), eq(organisations.kind, kind)))
      .for("update")
      .limit(1);
    if (!org) throw new NotFound();
    if (org.version !== input.version) {
      const now = kind === "buyer" ? `“${org.name}”, ${org.timeZone}` : org.timeZone;
      throw new StaleVersion(
        { name: org.name, timeZone: org.timeZone },
        `Someone else saved these settings while you were editing (now: ${now}). Check them and save again.`,
      );
    }
    const name = input.name ?? org.name;
    await tx
      .update(organisations)
      .set({
        ...(input.name === undefined ? {} : { name, nameKey: orgNameKey(name) }),
        timeZone: input.timeZone,
        version: org.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(organisations.id, org.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "organisation.updated",
      entityType: "organisation",
      entityId: org.id,
      before: kind === "buyer" ? { name: org.name, timeZone: org.timeZone } : { timeZone: org.timeZone },
      after: kind === "buyer" ? { name, timeZone: input.timeZone } : { timeZone: input.timeZone },
    });
  });
}
