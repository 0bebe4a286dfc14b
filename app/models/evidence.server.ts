import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import {
  evidence,
  evidenceBlobs,
  evidenceDownloads,
  evidenceShares,
  evidenceVerifications,
  evidenceVersions,
} from "../../db/schema";
import { LABELS, specializationLabel } from "../domain/profile";
import { isIsoDay } from "../utils/time";
import { recordAudit } from "./audit.server";
import { FieldError } from "./auth.server";
import { claimStorage } from "./evidence-storage.server";
import { isUuid } from "./member.server";
import { getPartnerProfile, type PartnerProfile } from "./partner.server";
import { VersionConflict } from "./team.server";

export const CLAIM_KINDS = [
  "membership",
  "certification",
  "specialization",
  "reference",
  "provider",
  "support",
  "document",
] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const CLAIM_KIND_LABELS: Record<ClaimKind, string> = {
  membership: "Network membership",
  certification: "Certifications",
  specialization: "Specializations",
  reference: "Reference deployments",
  provider: "Model providers",
  support: "Support terms",
  document: "Practice documents",
};

export const MAX_EVIDENCE_TITLE_LENGTH = 160;
export const MAX_LINK_LENGTH = 2000;
/** DESIGN.md "Evidence": a period that ended more than 24 months ago is dated. */
export const DATED_AFTER_MONTHS = 24;

/** A claim evidence can attach to: `membership:` and `support:` have no id (one per partner). */
export interface ClaimOption {
  value: string;
  kind: ClaimKind;
  id: string | null;
  label: string;
}

/** The partner's claims, as the options of the "attach to" field. Reads the profile (a fixed number of queries). */
export async function listClaimOptions(organisationId: string): Promise<ClaimOption[]> {
  const p = await getPartnerProfile(organisationId);
  return p ? claimOptionsOf(p) : [];
}

/** The claims of a profile already read, as options ("membership:", "certification:<id>", …). */
export function claimOptionsOf(p: PartnerProfile): ClaimOption[] {
  const options: ClaimOption[] = [];
  if (p.membership) {
    options.push({
      value: "membership:",
      kind: "membership",
      id: null,
      label: `Network membership (${LABELS.tier[p.membership.tier]})`,
    });
  }
  for (const c of p.certifications)
    options.push({
      value: `certification:${c.id}`,
      kind: "certification",
      id: c.id,
      label: `Certification: ${c.track}`,
    });
  for (const s of p.specializations) {
    options.push({
      value: `specialization:${s.id}`,
      kind: "specialization",
      id: s.id,
      label: `Specialization: ${specializationLabel(s.name)}`,
    });
  }
  for (const r of p.references)
    options.push({
      value: `reference:${r.id}`,
      kind: "reference",
      id: r.id,
      label: `Reference: ${r.customer}`,
    });
  for (const m of p.providers) {
    options.push({
      value: `provider:${m.id}`,
      kind: "provider",
      id: m.id,
      label: `Model provider: ${LABELS.provider[m.provider]}`,
    });
  }
  if (p.support) options.push({ value: "support:", kind: "support", id: null, label: "Support terms" });
  for (const d of p.documents)
    options.push({
      value: `document:${d.id}`,
      kind: "document",
      id: d.id,
      label: `Practice document: ${d.title}`,
    });
  return options;
}

const optionalDay = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || isIsoDay(v), `Enter the ${label} as a date like 2025-06-30.`);

/** What evidence says about itself: shared by the add form and the details form. */
const evidenceFields = {
  title: z
    .string()
    .trim()
    .min(2, "Give the evidence a title (2 characters or more).")
    .max(MAX_EVIDENCE_TITLE_LENGTH, `Use at most ${MAX_EVIDENCE_TITLE_LENGTH} characters.`),
  effectiveFrom: optionalDay("start of the period"),
  effectiveTo: optionalDay("end of the period"),
  visibility: z.enum(["all_buyers", "restricted"], "Choose who may see it."),
};

function periodInOrder(v: { effectiveFrom?: string; effectiveTo?: string }, ctx: z.RefinementCtx) {
  if (v.effectiveFrom && v.effectiveTo && v.effectiveTo < v.effectiveFrom) {
    ctx.addIssue({
      code: "custom",
      path: ["effectiveTo"],
      message: "The period cannot end before it starts.",
    });
  }
}

/** The details of new evidence (the file or link comes separately). */
export const evidenceDetailsSchema = z
  .object({ claim: z.string().min(1, "Choose the claim this evidence supports."), ...evidenceFields })
  .superRefine(periodInOrder);

export const linkSchema = z
  .string()
  .trim()
  .max(MAX_LINK_LENGTH, "This link is too long.")
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && !!u.hostname;
    } catch {
      return false;
    }
  }, "Enter a web address starting with https:// (or http://).");

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

/** Checks the chosen claim belongs to the actor's organisation; returns its kind and id. */
export async function resolveClaim(
  organisationId: string,
  value: string,
): Promise<{ kind: ClaimKind; id: string | null }> {
  const options = await listClaimOptions(organisationId);
  const option = options.find((o) => o.value === value);
  if (!option) throw new FieldError("claim", "Choose one of your profile's claims.");
  return { kind: option.kind, id: option.id };
}

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

/**
 * Creates evidence with its first version (and the file's bytes) and the audit event, in one short transaction:
 * the slow work (receiving, hashing, checking the upload) happened before.
 */
export async function createEvidence(
  tx: Tx,
  actor: EvidenceActor,
  details: z.infer<typeof evidenceDetailsSchema>,
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

/** Whether the evidence is the organisation's own (and not deleted): checked before an upload is read. */
export async function ownsEvidence(organisationId: string, evidenceId: string): Promise<boolean> {
  if (!isUuid(evidenceId)) return false;
  const [row] = await getDb()
    .select({ id: evidence.id })
    .from(evidence)
    .where(
      and(
        eq(evidence.id, evidenceId),
        eq(evidence.organisationId, organisationId),
        isNull(evidence.deletedAt),
      ),
    )
    .limit(1);
  return Boolean(row);
}

async function lockOwnEvidence(tx: Tx, actor: EvidenceActor, evidenceId: string) {
  if (!isUuid(evidenceId)) return undefined;
  const [row] = await tx
    .select()
    .from(evidence)
    .where(
      and(
        eq(evidence.id, evidenceId),
        eq(evidence.organisationId, actor.organisationId),
        isNull(evidence.deletedAt),
      ),
    )
    .for("update")
    .limit(1);
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
    const row = await lockOwnEvidence(tx, actor, evidenceId);
    if (!row) return undefined;
    if (row.version !== versionShown) {
      throw new VersionConflict(
        `Someone else changed “${row.title}” while you were looking. Check it and upload again.`,
      );
    }
    if (row.kind !== content.kind) {
      throw new FieldError(
        content.kind === "file" ? "file" : "url",
        row.kind === "file" ? "Choose a file." : "Enter a link.",
      );
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

export const evidenceEditSchema = z
  .object({ ...evidenceFields, version: z.coerce.number().int().min(1) })
  .superRefine(periodInOrder);

/** Title, period and visibility, version-checked, audited. */
export async function updateEvidenceDetails(
  actor: EvidenceActor,
  evidenceId: string,
  input: z.infer<typeof evidenceEditSchema>,
) {
  return getDb().transaction(async (tx) => {
    const row = await lockOwnEvidence(tx, actor, evidenceId);
    if (!row) return undefined;
    if (row.version !== input.version) {
      throw new VersionConflict(
        `Someone else saved this evidence while you were editing: it is now titled “${row.title}”, ${row.visibility === "restricted" ? "restricted" : "visible to all buyers"}. Check and save again.`,
      );
    }
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
    const row = await lockOwnEvidence(tx, actor, evidenceId);
    if (!row) return undefined;
    if (row.version !== versionShown) {
      throw new VersionConflict(
        `Someone else changed “${row.title}” while you were looking. Check it and try again.`,
      );
    }
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

/**
 * The partner's own evidence (not deleted), newest first, with every version and, per version, how many buyers
 * verified or rejected it and the rejection notes: never which buyer. Three queries.
 */
export async function listOwnEvidence(organisationId: string, onlyId?: string) {
  if (onlyId !== undefined && !isUuid(onlyId)) return [];
  const db = getDb();
  const items = await db
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
    db
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
        and(eq(evidenceVersions.organisationId, organisationId), inArray(evidenceVersions.evidenceId, ids)),
      )
      .orderBy(asc(evidenceVersions.evidenceId), desc(evidenceVersions.number)),
    db
      .select({
        versionId: evidenceVerifications.versionId,
        status: evidenceVerifications.status,
        note: evidenceVerifications.note,
      })
      .from(evidenceVerifications)
      .innerJoin(evidenceVersions, eq(evidenceVersions.id, evidenceVerifications.versionId))
      .where(
        and(eq(evidenceVersions.organisationId, organisationId), inArray(evidenceVersions.evidenceId, ids)),
      ),
  ]);
  const verdictsByVersion = new Map<string, { verified: number; rejected: number; notes: string[] }>();
  for (const v of verdicts) {
    const entry = verdictsByVersion.get(v.versionId) ?? { verified: 0, rejected: 0, notes: [] };
    if (v.status === "verified") entry.verified += 1;
    else {
      entry.rejected += 1;
      if (v.note) entry.notes.push(v.note);
    }
    verdictsByVersion.set(v.versionId, entry);
  }
  return items.map((item) => ({
    ...item,
    versions: versions
      .filter((v) => v.evidenceId === item.id)
      .map((v) => ({
        ...v,
        verdicts: verdictsByVersion.get(v.id) ?? { verified: 0, rejected: 0, notes: [] },
      })),
  }));
}

/** The first day (YYYY-MM-DD) a period may end on without being dated, seen from `today`: 24 months earlier. */
export function datedCutoff(today: string): string {
  const [y, m, d] = today.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1 - DATED_AFTER_MONTHS, d)).toISOString().slice(0, 10);
}

/** Whether a period ended more than 24 months ago (then it counts in neither confidence nor suggestions). */
export function isDated(effectiveTo: string | null, today: string): boolean {
  if (!effectiveTo) return false;
  return effectiveTo < datedCutoff(today);
}

/**
 * A file version a person may download, with its bytes; undefined (404) otherwise. Partners: their own evidence,
 * any version. Buyers: the current version of evidence not deleted and visible to them (all buyers, or shared with
 * their organisation); the download is recorded.
 */
export async function openDownload(
  viewer: { userId: string; organisationId: string; orgKind: "buyer" | "partner" },
  versionId: string,
) {
  if (!isUuid(versionId)) return undefined;
  const db = getDb();
  const [row] = await db
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
  if (!row?.fileName) return undefined;
  if (viewer.orgKind === "partner") {
    if (row.ownerId !== viewer.organisationId) return undefined;
  } else {
    const visible = row.visibility === "all_buyers" || row.sharedWithViewer;
    if (row.deletedAt || !visible || row.currentVersionId !== row.versionId) return undefined;
  }
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

/** Evidence a buyer may see: for all buyers, or shared with it through an evidence request. */
export const visibleToBuyer = (buyerOrganisationId: string) =>
  sql`(${evidence.visibility} = 'all_buyers' or exists (select 1 from ${evidenceShares} where ${evidenceShares.evidenceId} = ${evidence.id} and ${evidenceShares.buyerOrganisationId} = ${buyerOrganisationId}))`;

/**
 * The partner's evidence a buyer may see (not deleted; for all buyers, or shared with this buyer), each with its
 * current version and this buyer's own verification of that version (none = unverified). One query.
 */
export async function listVisibleEvidence(buyerOrganisationId: string, partnerOrganisationId: string) {
  if (!isUuid(partnerOrganisationId)) return [];
  return getDb()
    .select({
      id: evidence.id,
      title: evidence.title,
      kind: evidence.kind,
      claimKind: evidence.claimKind,
      claimId: evidence.claimId,
      effectiveFrom: evidence.effectiveFrom,
      effectiveTo: evidence.effectiveTo,
      restricted: sql<boolean>`${evidence.visibility} = 'restricted'`,
      versionId: evidenceVersions.id,
      versionNumber: evidenceVersions.number,
      fileName: evidenceVersions.fileName,
      sizeBytes: evidenceVersions.sizeBytes,
      url: evidenceVersions.url,
      addedAt: evidenceVersions.createdAt,
      status: evidenceVerifications.status,
      note: evidenceVerifications.note,
      seenOn: evidenceVerifications.seenOn,
      verifiedAt: evidenceVerifications.updatedAt,
    })
    .from(evidence)
    .innerJoin(evidenceVersions, eq(evidenceVersions.id, evidence.currentVersionId))
    .leftJoin(
      evidenceVerifications,
      and(
        eq(evidenceVerifications.versionId, evidenceVersions.id),
        eq(evidenceVerifications.buyerOrganisationId, buyerOrganisationId),
      ),
    )
    .where(
      and(
        eq(evidence.organisationId, partnerOrganisationId),
        isNull(evidence.deletedAt),
        visibleToBuyer(buyerOrganisationId),
      ),
    )
    .orderBy(asc(evidence.claimKind), asc(evidence.title));
}

export const MAX_VERIFICATION_NOTE_LENGTH = 1000;

export const verificationSchema = z
  .object({
    versionId: z.string(),
    status: z.enum(["verified", "rejected", "unverified"], "Choose verified, rejected or not yet checked."),
    note: z
      .string()
      .trim()
      .max(MAX_VERIFICATION_NOTE_LENGTH, `Use at most ${MAX_VERIFICATION_NOTE_LENGTH} characters.`),
    seenOn: optionalDay("day you looked at the link"),
  })
  .superRefine((v, ctx) => {
    if (v.status === "rejected" && !v.note) {
      ctx.addIssue({
        code: "custom",
        path: ["note"],
        message: "Say why it is rejected: the partner reads the note.",
      });
    }
  });

/**
 * A buyer's judgement on the current version of evidence it may see: verified or rejected with a note (shown to
 * the partner without the buyer's name), or back to unverified. For a link, the day it was seen is kept. Audited
 * in the buyer's log. Undefined (404) when the version is not one the buyer may see.
 */
export async function setVerification(
  actor: { userId: string; organisationId: string },
  partnerOrganisationId: string,
  input: z.infer<typeof verificationSchema>,
  today: string,
) {
  if (!isUuid(partnerOrganisationId)) return undefined;
  if (!isUuid(input.versionId)) return undefined;
  return getDb().transaction(async (tx) => {
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
          eq(evidenceVersions.id, input.versionId),
          eq(evidence.organisationId, partnerOrganisationId),
          isNull(evidence.deletedAt),
          visibleToBuyer(actor.organisationId),
        ),
      )
      .limit(1);
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
    if (input.status === "unverified") {
      if (before) await tx.delete(evidenceVerifications).where(eq(evidenceVerifications.id, before.id));
    } else if (before) {
      await tx
        .update(evidenceVerifications)
        .set({
          status: input.status,
          note: input.note,
          seenOn,
          userId: actor.userId,
          version: before.version + 1,
          updatedAt: new Date(),
        })
        .where(eq(evidenceVerifications.id, before.id));
    } else {
      await tx.insert(evidenceVerifications).values({
        versionId: target.versionId,
        buyerOrganisationId: actor.organisationId,
        status: input.status,
        note: input.note,
        seenOn,
        userId: actor.userId,
      });
    }
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
