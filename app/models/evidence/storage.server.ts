import { eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../../db/client";
import { evidenceVersions, organisations } from "../../../db/schema";
import { formatBytes } from "../../domain/evidence-files";
import { getEnv } from "../../utils/config.server";
import { InputError } from "../../utils/errors.server";

// Evidence storage per partner organisation: every stored version of every file counts against EVIDENCE_QUOTA_MB.

/**
 * An upload would take the organisation's evidence storage past its quota (EVIDENCE_QUOTA_MB): a message beside the
 * file field. The upload path answers it 413, like a file over the size limit.
 */
export class StorageQuotaExceeded extends InputError {
  constructor(
    readonly usedBytes: number,
    readonly quotaBytes: number,
    readonly addedBytes: number,
  ) {
    super({
      file: `This file (${formatBytes(addedBytes)}) would take your organisation's evidence storage past its quota: ${formatBytes(usedBytes)} of ${formatBytes(quotaBytes)} used.`,
    });
    this.name = "StorageQuotaExceeded";
  }
}

export function storageQuotaBytes(): number {
  return getEnv().EVIDENCE_QUOTA_MB * 1024 * 1024;
}

/** The bytes of every stored version of the organisation's evidence: what counts against its quota. */
export async function storageUsed(organisationId: string, db: Tx | ReturnType<typeof getDb> = getDb()) {
  const [row] = await db
    .select({ used: sql<string>`coalesce(sum(${evidenceVersions.sizeBytes}), 0)` })
    .from(evidenceVersions)
    .where(eq(evidenceVersions.organisationId, organisationId));
  return Number(row.used);
}

/**
 * Refuses a file the quota has no room for. The organisation's row is locked first, so that two uploads at once
 * cannot both take the last room.
 */
export async function claimStorage(tx: Tx, organisationId: string, addedBytes: number): Promise<void> {
  await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .for("update");
  const used = await storageUsed(organisationId, tx);
  const quota = storageQuotaBytes();
  if (used + addedBytes > quota) throw new StorageQuotaExceeded(used, quota, addedBytes);
}

/** What the Evidence page shows: the bytes used and the quota. */
export async function storageUse(organisationId: string): Promise<{ usedBytes: number; quotaBytes: number }> {
  return { usedBytes: await storageUsed(organisationId), quotaBytes: storageQuotaBytes() };
}
