// What a score cites (docs/product.md "Score", "Evidence"): the versions of the candidate's evidence this buyer may see,
// checked when a score is saved and listed on the scoring page, earlier versions a score still cites included.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { evidence, evidenceVersions } from "../../db/schema";
import { InputError } from "../utils/errors.server";
import type { Actor } from "./audit.server";
import type { CellTarget } from "./evaluation-checks.server";
import { isDated, type listVisibleEvidence, visibleToBuyer } from "./evidence/visibility.server";

/**
 * Cited versions are of evidence of this candidate's partner that this buyer may see (any version up to the current
 * one); the versions the score already cites stay citable even if the evidence has since gone.
 */
export async function checkCitations(
  tx: Tx,
  actor: Actor,
  candidate: CellTarget["candidate"],
  cited: readonly string[],
  alreadyCited: readonly string[],
) {
  const toCheck = cited.filter((id) => !alreadyCited.includes(id));
  if (toCheck.length === 0) return;
  const ok = await tx
    .select({ id: evidenceVersions.id })
    .from(evidenceVersions)
    .innerJoin(evidence, eq(evidence.id, evidenceVersions.evidenceId))
    .where(
      and(
        inArray(evidenceVersions.id, toCheck),
        eq(evidence.organisationId, candidate.partnerId),
        isNull(evidence.deletedAt),
        visibleToBuyer(actor.organisationId),
      ),
    );
  if (ok.length !== toCheck.length) {
    throw new InputError({ cited: `Cite only evidence of ${candidate.name} that you can see.` });
  }
}

type VisibleEvidence = Awaited<ReturnType<typeof listVisibleEvidence>>;

/** Earlier versions the viewer's own scores still cite (the visible list holds current versions only). */
export async function olderCitedVersions(
  ownScores: readonly { citedVersionIds: readonly string[] }[],
  visibleEvidence: VisibleEvidence,
  partnerId: string,
) {
  const currentIds = new Set(visibleEvidence.map((e) => e.versionId));
  const olderIds = [...new Set(ownScores.flatMap((s) => s.citedVersionIds))].filter(
    (id) => !currentIds.has(id),
  );
  if (olderIds.length === 0) return [];
  return getDb()
    .select({ versionId: evidenceVersions.id, number: evidenceVersions.number, title: evidence.title })
    .from(evidenceVersions)
    .innerJoin(evidence, eq(evidence.id, evidenceVersions.evidenceId))
    .where(and(inArray(evidenceVersions.id, olderIds), eq(evidence.organisationId, partnerId)));
}

/** The evidence a score may cite: the current versions this buyer sees, then the earlier ones still cited. */
export function citableEvidence(
  visibleEvidence: VisibleEvidence,
  older: Awaited<ReturnType<typeof olderCitedVersions>>,
  today: string,
) {
  return [
    ...visibleEvidence.map((e) => ({
      versionId: e.versionId,
      title: e.title,
      claimKind: e.claimKind,
      versionNumber: e.versionNumber,
      current: true,
      dated: isDated(e.effectiveTo, today),
      status: e.status,
    })),
    ...older.map((o) => ({
      versionId: o.versionId,
      title: o.title,
      claimKind: null,
      versionNumber: o.number,
      current: false,
      dated: false,
      status: null,
    })),
  ];
}
