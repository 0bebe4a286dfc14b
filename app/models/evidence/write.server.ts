// The partner's writes on its own evidence: add it (first version), replace its file or link (a new version), edit
// its details, delete it. Each is one short transaction with its audit event; the slow work (receiving, hashing,
// checking an upload) happened before.
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../../db/client";
import { evidence, evidenceBlobs, evidenceVersions } from "../../../db/schema";
import { InputError, StaleVersion } from "../../utils/errors.server";
import { recordAudit } from "../audit.server";
import { isUuid } from "../member.server";
import type { ClaimKind } from "./claims.server";
import type { EvidenceDetails, EvidenceEdit } from "./schemas.server";
import { claimStorage } from "./storage.server";

export interface EvidenceActor {
  userId: string;
  organisationId: string;
}

/** A stored upload ready to be written: its bytes were read from the spooled temporary file. */
export interface StoredFile {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  bytes: Uint8Array;
}

export type EvidenceContent = { kind: "file"; file: StoredFile } | { kind: "link"; url: string };

/** What is stored now of evidence that changed since the form was drawn (a StaleVersion's `current`). */
export interface StoredDetails {
  title: string;
  effectiveFrom: string;
  effectiveTo: string;
  visibility: "all_buyers" | "restricted";
  version: number;
}

type EvidenceRow = typeof evidence.$inferSelect;

const storedDetails = (row: EvidenceRow): StoredDetails => ({
  title: row.title,
  effectiveFrom: row.effectiveFrom ?? "",
  effectiveTo: row.effectiveTo ?? "",
  visibility: row.visibility,
  version: row.version,
});

async function insertVersion(
  tx: Tx,
  actor: EvidenceActor,
  evidenceId: string,
  number: number,
  content: EvidenceContent,
): Promise<string> {
  if (content.kind === "file") await claimStorage(tx, actor.organisationId, content.file.sizeBytes);
  const [row] = await tx
    .insert(evidenceVersions)
    .values({
      evidenceId,
      organisationId: actor.organisationId,
      number,
      createdByUserId: actor.userId,
      ...(content.kind === "file"
        ? {
            fileName: content.file.fileName,
            mimeType: content.file.mimeType,
            sizeBytes: content.file.sizeBytes,
            sha256: content.file.sha256,
          }
        : { url: content.url }),
    })
    .returning({ id: evidenceVersions.id });
  if (content.kind === "file") {
    await tx
      .insert(evidenceBlobs)
      .values({ versionId: row.id, organisationId: actor.organisationId, data: content.file.bytes });
  }
  return row.id;
}

function describeContent(content: EvidenceContent) {
  return content.kind === "file"
    ? {
        fileName: content.file.fileName,
        sizeBytes: content.file.sizeBytes,
        sha256: content.file.sha256,
        type: content.file.mimeType,
      }
    : { url: content.url };
}

/** Creates evidence with its first version (and the file's bytes) and the audit event, in the caller's `tx`. */
export async function createEvidence(
  tx: Tx,
  actor: EvidenceActor,
  details: EvidenceDetails,
  claim: { kind: ClaimKind; id: string | null },
  content: EvidenceContent,
): Promise<string> {
  const [row] = await tx
    .insert(evidence)
    .values({
      organisationId: actor.organisationId,
      claimKind: claim.kind,
      claimId: claim.id,
      title: details.title,
      kind: content.kind,
      effectiveFrom: details.effectiveFrom ?? null,
      effectiveTo: details.effectiveTo ?? null,
      visibility: details.visibility,
      createdByUserId: actor.userId,
    })
    .returning({ id: evidence.id });
  const versionId = await insertVersion(tx, actor, row.id, 1, content);
  await tx.update(evidence).set({ currentVersionId: versionId }).where(eq(evidence.id, row.id));
  await recordAudit(tx, {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: "evidence.created",
    entityType: "evidence",
    entityId: row.id,
    after: {
      title: details.title,
      claim: claim.kind,
      visibility: details.visibility,
      version: 1,
      ...describeContent(content),
    },
  });
  return row.id;
}

const ownedBy = (organisationId: string, evidenceId: string) =>
  and(eq(evidence.id, evidenceId), eq(evidence.organisationId, organisationId), isNull(evidence.deletedAt));

/** Whether the evidence is the organisation's own (and not deleted): checked before an upload is read. */
export async function ownsEvidence(organisationId: string, evidenceId: string): Promise<boolean> {
  if (!isUuid(evidenceId)) return false;
  const [row] = await getDb()
    .select({ id: evidence.id })
    .from(evidence)
    .where(ownedBy(organisationId, evidenceId))
    .limit(1);
  return Boolean(row);
}

async function lockOwnEvidence(tx: Tx, actor: EvidenceActor, evidenceId: string) {
  if (!isUuid(evidenceId)) return undefined;
  const [row] = await tx
    .select()
    .from(evidence)
    .where(ownedBy(actor.organisationId, evidenceId))
    .for("update")
    .limit(1);
  return row;
}

/** Loads the actor's own evidence for a change, locked; refuses it when it changed since `versionShown`. */
async function lockForChange(
  tx: Tx,
  actor: EvidenceActor,
  evidenceId: string,
  versionShown: number,
  staleMessage: (row: EvidenceRow) => string,
) {
  const row = await lockOwnEvidence(tx, actor, evidenceId);
  if (row && row.version !== versionShown) throw new StaleVersion(storedDetails(row), staleMessage(row));
  return row;
}

/**
 * Replaces the file or link with a new version; earlier versions stay. The new version starts unverified for
 * every buyer (verifications belong to versions). Undefined when the evidence is not the actor's.
 */
export async function addEvidenceVersion(
  actor: EvidenceActor,
  evidenceId: string,
  versionShown: number,
  content: EvidenceContent,
): Promise<{ number: number } | undefined> {
  return getDb().transaction(async (tx) => {
    const row = await lockForChange(
      tx,
      actor,
      evidenceId,
      versionShown,
      (r) => `Someone else changed “${r.title}” while you were looking. Check it and upload again.`,
    );
    if (!row) return undefined;
    if (row.kind !== content.kind) {
      throw new InputError({
        [content.kind === "file" ? "file" : "url"]: row.kind === "file" ? "Choose a file." : "Enter a link.",
      });
    }
    const [{ max }] = await tx
      .select({ max: sql<number>`coalesce(max(${evidenceVersions.number}), 0)::int` })
      .from(evidenceVersions)
      .where(eq(evidenceVersions.evidenceId, row.id));
    const number = max + 1;
    const versionId = await insertVersion(tx, actor, row.id, number, content);
    await tx
      .update(evidence)
      .set({ currentVersionId: versionId, version: row.version + 1, updatedAt: new Date() })
      .where(eq(evidence.id, row.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evidence.version_added",
      entityType: "evidence",
      entityId: row.id,
      after: { title: row.title, version: number, ...describeContent(content) },
    });
    return { number };
  });
}

/** Title, period and visibility, version-checked, audited. */
export async function updateEvidenceDetails(actor: EvidenceActor, evidenceId: string, input: EvidenceEdit) {
  return getDb().transaction(async (tx) => {
    const row = await lockForChange(
      tx,
      actor,
      evidenceId,
      input.version,
      (r) =>
        `Someone else saved this evidence while you were editing: it is now titled “${r.title}”, ${r.visibility === "restricted" ? "restricted" : "visible to all buyers"}. Check and save again.`,
    );
    if (!row) return undefined;
    const after = {
      title: input.title,
      effectiveFrom: input.effectiveFrom ?? null,
      effectiveTo: input.effectiveTo ?? null,
      visibility: input.visibility,
    };
    await tx
      .update(evidence)
      .set({ ...after, version: row.version + 1, updatedAt: new Date() })
      .where(eq(evidence.id, row.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evidence.updated",
      entityType: "evidence",
      entityId: row.id,
      before: {
        title: row.title,
        effectiveFrom: row.effectiveFrom,
        effectiveTo: row.effectiveTo,
        visibility: row.visibility,
      },
      after,
    });
    return { title: input.title };
  });
}

/** Hides evidence from buyers and the directory; decision records that cited it keep it. */
export async function deleteEvidence(actor: EvidenceActor, evidenceId: string, versionShown: number) {
  return getDb().transaction(async (tx) => {
    const row = await lockForChange(
      tx,
      actor,
      evidenceId,
      versionShown,
      (r) => `Someone else changed “${r.title}” while you were looking. Check it and try again.`,
    );
    if (!row) return undefined;
    await tx
      .update(evidence)
      .set({ deletedAt: new Date(), version: row.version + 1 })
      .where(eq(evidence.id, row.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evidence.deleted",
      entityType: "evidence",
      entityId: row.id,
      before: { title: row.title },
    });
    return { title: row.title };
  });
}
