// What every write to a partner's profile does besides its own row: an audit event in the same transaction, a
// touch of `partner_profiles.profile_updated_at`, and the words of a stale version's refusal.
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { partnerProfiles } from "../../../db/schema";
import { StaleVersion } from "../../utils/errors.server";
import { recordAudit } from "../audit.server";

/** Who is editing: the signed-in partner person, for tenant scoping and the audit event. */
export interface ProfileActor {
  userId: string;
  organisationId: string;
}

/** The editor of a route's viewer. */
export const profileActor = (viewer: ProfileActor): ProfileActor => ({
  userId: viewer.userId,
  organisationId: viewer.organisationId,
});

export const AGAIN = "Your changes are below; check and save again.";

/**
 * The claim changed since the form was drawn. Carries what is stored now, in words (the message quotes it too);
 * null when the claim is gone.
 */
export class ProfileConflict extends StaleVersion<string | null> {}

/** Any change to any claim moves the profile up in the directory. */
export async function touch(tx: Tx, organisationId: string) {
  await tx
    .update(partnerProfiles)
    .set({ profileUpdatedAt: sql`now()` })
    .where(eq(partnerProfiles.organisationId, organisationId));
}

export function audit(
  tx: Tx,
  actor: ProfileActor,
  section: string,
  verb: "created" | "updated" | "deleted",
  entityType: string,
  entityId: string,
  before?: unknown,
  after?: unknown,
) {
  return recordAudit(tx, {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: `profile.${section}.${verb}`,
    entityType,
    entityId,
    before,
    after,
  });
}

/** The keys of `after`, read from `before`: an audit event shows what changed from what. */
export function pick(before: Record<string, unknown>, after: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(after).map((k) => [k, before[k] ?? null]));
}

/** Whether a stored row already holds these values (a form sent twice changes nothing). */
export function sameValues(row: Record<string, unknown>, values: Record<string, unknown>) {
  return Object.entries(values).every(([k, v]) => (row[k] ?? null) === v);
}
