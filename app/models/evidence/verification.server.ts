// A buyer's verdict on the current version of a partner's evidence.
import { and, eq, isNull } from "drizzle-orm";
import { getDb, type Tx } from "../../../db/client";
import { evidence, evidenceVerifications, evidenceVersions } from "../../../db/schema";
import { recordAudit } from "../audit.server";
import { isUuid } from "../member.server";
import type { Verification } from "./schemas.server";
import { visibleToBuyer } from "./visibility.server";

type Actor = { userId: string; organisationId: string };

/** The current version the buyer may see, of this partner's evidence; undefined otherwise. */
async function verifiableVersion(tx: Tx, actor: Actor, partnerOrganisationId: string, versionId: string) {
  const [target] = await tx
    .select({
      versionId: evidenceVersions.id,
      evidenceId: evidence.id,
      title: evidence.title,
      kind: evidence.kind,
    })
    .from(evidenceVersions)
    .innerJoin(evidence, eq(evidence.currentVersionId, evidenceVersions.id))
    .where(
      and(
        eq(evidenceVersions.id, versionId),
        eq(evidence.organisationId, partnerOrganisationId),
        isNull(evidence.deletedAt),
        visibleToBuyer(actor.organisationId),
      ),
    )
    .limit(1);
  return target;
}

/** Writes the verdict over the earlier one (or removes it, back to unverified). */
async function writeVerdict(
  tx: Tx,
  actor: Actor,
  versionId: string,
  before: typeof evidenceVerifications.$inferSelect | undefined,
  input: Verification,
  seenOn: string | null,
) {
  if (input.status === "unverified") {
    if (before) await tx.delete(evidenceVerifications).where(eq(evidenceVerifications.id, before.id));
    return;
  }
  const verdict = { status: input.status, note: input.note, seenOn, userId: actor.userId };
  if (before) {
    await tx
      .update(evidenceVerifications)
      .set({ ...verdict, version: before.version + 1, updatedAt: new Date() })
      .where(eq(evidenceVerifications.id, before.id));
  } else {
    await tx
      .insert(evidenceVerifications)
      .values({ versionId, buyerOrganisationId: actor.organisationId, ...verdict });
  }
}

/**
 * A buyer's judgement on the current version of evidence it may see: verified or rejected with a note (shown to
 * the partner without the buyer's name), or back to unverified. For a link, the day it was seen is kept. Audited
 * in the buyer's log. Undefined (404) when the version is not one the buyer may see.
 */
export async function setVerification(
  actor: Actor,
  partnerOrganisationId: string,
  input: Verification,
  today: string,
) {
  if (!isUuid(partnerOrganisationId)) return undefined;
  if (!isUuid(input.versionId)) return undefined;
  return getDb().transaction(async (tx) => {
    const target = await verifiableVersion(tx, actor, partnerOrganisationId, input.versionId);
    if (!target) return undefined;
    const [before] = await tx
      .select()
      .from(evidenceVerifications)
      .where(
        and(
          eq(evidenceVerifications.versionId, target.versionId),
          eq(evidenceVerifications.buyerOrganisationId, actor.organisationId),
        ),
      )
      .for("update")
      .limit(1);
    const seenOn = target.kind === "link" && input.status !== "unverified" ? (input.seenOn ?? today) : null;
    await writeVerdict(tx, actor, target.versionId, before, input, seenOn);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evidence.verification_set",
      entityType: "evidence_version",
      entityId: target.versionId,
      before: before ? { status: before.status, note: before.note } : { status: "unverified" },
      after: { title: target.title, status: input.status, note: input.note, seenOn },
    });
    return { title: target.title, status: input.status };
  });
}
