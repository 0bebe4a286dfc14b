// What a partner reads of its own evidence, and who may download an evidence file.
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "../../../db/client";
import {
  evidence,
  evidenceBlobs,
  evidenceDownloads,
  evidenceShares,
  evidenceVerifications,
  evidenceVersions,
} from "../../../db/schema";
import { isUuid } from "../member.server";

type Verdicts = { verified: number; rejected: number; notes: string[] };
const noVerdicts = (): Verdicts => ({ verified: 0, rejected: 0, notes: [] });

function versionsOf(organisationId: string, evidenceIds: string[]) {
  return getDb()
    .select({
      id: evidenceVersions.id,
      evidenceId: evidenceVersions.evidenceId,
      number: evidenceVersions.number,
      fileName: evidenceVersions.fileName,
      mimeType: evidenceVersions.mimeType,
      sizeBytes: evidenceVersions.sizeBytes,
      sha256: evidenceVersions.sha256,
      url: evidenceVersions.url,
      createdAt: evidenceVersions.createdAt,
    })
    .from(evidenceVersions)
    .where(
      and(
        eq(evidenceVersions.organisationId, organisationId),
        inArray(evidenceVersions.evidenceId, evidenceIds),
      ),
    )
    .orderBy(asc(evidenceVersions.evidenceId), desc(evidenceVersions.number));
}

/** Per version, how many buyers verified or rejected it and the rejection notes: never which buyer. */
async function verdictsOf(organisationId: string, evidenceIds: string[]): Promise<Map<string, Verdicts>> {
  const rows = await getDb()
    .select({
      versionId: evidenceVerifications.versionId,
      status: evidenceVerifications.status,
      note: evidenceVerifications.note,
    })
    .from(evidenceVerifications)
    .innerJoin(evidenceVersions, eq(evidenceVersions.id, evidenceVerifications.versionId))
    .where(
      and(
        eq(evidenceVersions.organisationId, organisationId),
        inArray(evidenceVersions.evidenceId, evidenceIds),
      ),
    );
  const byVersion = new Map<string, Verdicts>();
  for (const v of rows) {
    const entry = byVersion.get(v.versionId) ?? noVerdicts();
    if (v.status === "verified") entry.verified += 1;
    else {
      entry.rejected += 1;
      if (v.note) entry.notes.push(v.note);
    }
    byVersion.set(v.versionId, entry);
  }
  return byVersion;
}

/**
 * The partner's own evidence (not deleted), newest first, with every version and, per version, how many buyers
 * verified or rejected it and the rejection notes: never which buyer. Three queries.
 */
export async function listOwnEvidence(organisationId: string, onlyId?: string) {
  if (onlyId !== undefined && !isUuid(onlyId)) return [];
  const items = await getDb()
    .select()
    .from(evidence)
    .where(
      and(
        eq(evidence.organisationId, organisationId),
        isNull(evidence.deletedAt),
        onlyId ? eq(evidence.id, onlyId) : undefined,
      ),
    )
    .orderBy(desc(evidence.updatedAt));
  const ids = items.map((i) => i.id);
  if (ids.length === 0) return [];
  const [versions, verdicts] = await Promise.all([
    versionsOf(organisationId, ids),
    verdictsOf(organisationId, ids),
  ]);
  return items.map((item) => ({
    ...item,
    versions: versions
      .filter((v) => v.evidenceId === item.id)
      .map((v) => ({ ...v, verdicts: verdicts.get(v.id) ?? noVerdicts() })),
  }));
}

type Viewer = { userId: string; organisationId: string; orgKind: "buyer" | "partner" };

/** The version's file and who may read it, in one statement. */
async function downloadRow(viewer: Viewer, versionId: string) {
  const [row] = await getDb()
    .select({
      versionId: evidenceVersions.id,
      fileName: evidenceVersions.fileName,
      mimeType: evidenceVersions.mimeType,
      sizeBytes: evidenceVersions.sizeBytes,
      sha256: evidenceVersions.sha256,
      ownerId: evidence.organisationId,
      currentVersionId: evidence.currentVersionId,
      deletedAt: evidence.deletedAt,
      visibility: evidence.visibility,
      sharedWithViewer: sql<boolean>`exists (select 1 from ${evidenceShares} where ${evidenceShares.evidenceId} = ${evidence.id} and ${evidenceShares.buyerOrganisationId} = ${viewer.organisationId})`,
    })
    .from(evidenceVersions)
    .innerJoin(evidence, eq(evidence.id, evidenceVersions.evidenceId))
    .where(eq(evidenceVersions.id, versionId))
    .limit(1);
  return row;
}

function mayDownload(viewer: Viewer, row: NonNullable<Awaited<ReturnType<typeof downloadRow>>>): boolean {
  if (viewer.orgKind === "partner") return row.ownerId === viewer.organisationId;
  const visible = row.visibility === "all_buyers" || row.sharedWithViewer;
  return !row.deletedAt && visible && row.currentVersionId === row.versionId;
}

/**
 * A file version a person may download, with its bytes; undefined (404) otherwise. Partners: their own evidence,
 * any version. Buyers: the current version of evidence not deleted and visible to them (all buyers, or shared with
 * their organisation); the download is recorded.
 */
export async function openDownload(viewer: Viewer, versionId: string) {
  if (!isUuid(versionId)) return undefined;
  const row = await downloadRow(viewer, versionId);
  if (!row?.fileName || !mayDownload(viewer, row)) return undefined;
  const db = getDb();
  const [blob] = await db
    .select({ data: evidenceBlobs.data })
    .from(evidenceBlobs)
    .where(eq(evidenceBlobs.versionId, versionId))
    .limit(1);
  if (!blob) return undefined;
  if (viewer.orgKind === "buyer") {
    await db
      .insert(evidenceDownloads)
      .values({ versionId, buyerOrganisationId: viewer.organisationId, userId: viewer.userId });
  }
  return {
    fileName: row.fileName,
    mimeType: row.mimeType ?? "application/octet-stream",
    sha256: row.sha256,
    data: blob.data,
  };
}
