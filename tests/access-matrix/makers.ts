// The helpers that make the objects the matrix's cases name: invitations, resets, evidence, references,
// templates, evaluations in each status, decisions, requests; and the versions a form must carry.

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { BUILT_IN_CHECKLIST } from "../../app/domain/builtin-checklist";
import { decideEvaluation, publishDebrief } from "../../app/models/decision.server";
import { declare } from "../../app/models/declarations.server";
import { addCandidate, assignEvaluator } from "../../app/models/evaluation-participants.server";
import { moveStatus } from "../../app/models/evaluation-setup.server";
import { createTemplate } from "../../app/models/template.server";
import { hashToken } from "../../app/utils/crypto.server";
import { getDb } from "../../db/client";
import {
  certifications,
  debriefs,
  emailConfirmations,
  evaluations,
  evidence,
  evidenceBlobs,
  evidenceRequests,
  evidenceVersions,
  invitations,
  memberships,
  type networkMemberships,
  organisations,
  partnerInvitations,
  type partnerProfiles,
  passwordResets,
  referenceDeployments,
  type supportTerms,
} from "../../db/schema";
import { createBuiltInEvaluation, createOrganisation, type TestUser } from "../factories";
import type { Who, World } from "./types";

export async function makeInvitationId(
  w: Pick<World, "buyer" | "buyerAdmin">,
  email: string,
): Promise<string> {
  const [row] = await getDb()
    .insert(invitations)
    .values({
      organisationId: w.buyer.id,
      email,
      role: "viewer",
      tokenHash: hashToken(`token-for-${email}`),
      createdByUserId: w.buyerAdmin.userId,
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning({ id: invitations.id });
  return row.id;
}

export async function makeInvitation(w: Pick<World, "buyer" | "buyerAdmin">, email: string): Promise<string> {
  await makeInvitationId(w, email);
  return `token-for-${email}`;
}

/** A pending partner invitation of the buyer on an evaluation; its token is returned (only its hash is stored). */
export async function makePartnerInvitation(
  w: Pick<World, "buyer" | "buyerAdmin">,
  evaluationId: string,
): Promise<string> {
  const token = `partner-${randomUUID()}`;
  await getDb()
    .insert(partnerInvitations)
    .values({
      organisationId: w.buyer.id,
      evaluationId,
      companyName: `Unlisted ${token.slice(8, 16)} Pty Ltd`,
      contactEmail: `${token.slice(8, 16)}@unlisted.example`,
      tokenHash: hashToken(token),
      createdByUserId: w.buyerAdmin.userId,
      expiresAt: new Date(Date.now() + 14 * 86_400_000),
    });
  return token;
}

export async function makeReset(w: Pick<World, "buyer" | "buyerAdmin" | "viewer">): Promise<string> {
  const token = `reset-${randomUUID()}`;
  await getDb()
    .insert(passwordResets)
    .values({
      organisationId: w.buyer.id,
      userId: w.viewer.userId,
      tokenHash: hashToken(token),
      createdByUserId: w.buyerAdmin.userId,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
  return token;
}

/** A confirmation link for a person's address (valid 3 days). */
export async function makeConfirmation(user: { userId: string }): Promise<string> {
  const token = `confirm-${randomUUID()}`;
  await getDb()
    .insert(emailConfirmations)
    .values({
      userId: user.userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + 3 * 86_400_000),
    });
  return token;
}

export async function membership(id: string) {
  const [m] = await getDb().select().from(memberships).where(eq(memberships.id, id));
  return m;
}

/** The partner organisation a person edits: the world's partner, or the outsider's own. */
export function ownPartner(w: World, who: Who): string {
  return who === "outsider" ? w.otherPartnerAdmin.organisationId : w.partner.id;
}

export async function versionOf(table: typeof partnerProfiles, organisationId: string): Promise<number> {
  const [row] = await getDb()
    .select({ v: table.version })
    .from(table)
    .where(eq(table.organisationId, organisationId));
  return row?.v ?? 1;
}

export async function optionalVersion(
  table: typeof networkMemberships | typeof supportTerms,
  organisationId: string,
): Promise<string> {
  const [row] = await getDb()
    .select({ v: table.version })
    .from(table)
    .where(eq(table.organisationId, organisationId));
  return row ? String(row.v) : "";
}

export async function makeCertification(w: World, organisationId = w.partner.id): Promise<string> {
  const [row] = await getDb()
    .insert(certifications)
    .values({
      organisationId,
      track: "Matrix track",
      certifiedStaff: 2,
      issuedOn: "2025-01-01",
    })
    .returning({ id: certifications.id });
  return row.id;
}

/** A file evidence of the world's partner, visible to all buyers, with one version and its bytes. */
export async function makeEvidence(
  w: World,
  visibility: "all_buyers" | "restricted" = "all_buyers",
): Promise<{ evidenceId: string; versionId: string }> {
  const db = getDb();
  const [e] = await db
    .insert(evidence)
    .values({
      organisationId: w.partner.id,
      claimKind: "support",
      title: "Matrix evidence",
      kind: "file",
      visibility,
    })
    .returning({ id: evidence.id });
  const [v] = await db
    .insert(evidenceVersions)
    .values({
      evidenceId: e.id,
      organisationId: w.partner.id,
      number: 1,
      fileName: "matrix.pdf",
      mimeType: "application/pdf",
      sizeBytes: 9,
      sha256: "0".repeat(64),
    })
    .returning({ id: evidenceVersions.id });
  await db
    .insert(evidenceBlobs)
    .values({ versionId: v.id, organisationId: w.partner.id, data: new TextEncoder().encode("%PDF-1.4\n") });
  await db.update(evidence).set({ currentVersionId: v.id }).where(eq(evidence.id, e.id));
  return { evidenceId: e.id, versionId: v.id };
}

export async function makeReference(w: World): Promise<string> {
  const [row] = await getDb()
    .insert(referenceDeployments)
    .values({
      organisationId: w.partner.id,
      customer: "Matrix customer",
      industry: "Retail",
      sizeBand: "1k-5k",
      useCase: "customer_service",
      status: "production",
    })
    .returning({ id: referenceDeployments.id });
  return row.id;
}

export async function makeTemplate(w: Pick<World, "buyer" | "buyerAdmin">): Promise<string> {
  const row = await getDb().transaction((tx) =>
    createTemplate(
      tx,
      { userId: w.buyerAdmin.userId, organisationId: w.buyer.id },
      { ...BUILT_IN_CHECKLIST, name: `Template ${randomUUID().slice(0, 8)}` },
      BUILT_IN_CHECKLIST.name,
    ),
  );
  return row.id;
}

export async function evaluationVersion(id: string): Promise<number> {
  const [e] = await getDb()
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  return e.version;
}

export async function makeEvaluation(
  w: Pick<World, "buyer" | "buyerAdmin" | "partner">,
  status: "draft" | "scoring" | "review",
  assigned: TestUser[],
): Promise<{ id: string; candidateId: string }> {
  const actor = { userId: w.buyerAdmin.userId, organisationId: w.buyer.id };
  const { id } = await createBuiltInEvaluation(actor, `Evaluation ${status} ${randomUUID().slice(0, 8)}`);
  const candidateId = await addCandidate(actor, id, w.partner.id);
  for (const u of assigned) {
    await assignEvaluator(actor, id, u.userId);
    await declare(
      { userId: u.userId, organisationId: w.buyer.id },
      { id },
      { conflictCandidateIds: [], note: "" },
    );
  }
  if (status !== "draft") await moveStatus(actor, id, await evaluationVersion(id), "scoring");
  if (status === "review") await moveStatus(actor, id, await evaluationVersion(id), "review");
  return { id, candidateId };
}

/** Decides a review evaluation of the world's buyer for `candidateId`, acknowledging the warnings. */
export async function decide(w: Pick<World, "buyer" | "buyerAdmin">, id: string, candidateId: string) {
  await decideEvaluation(
    { userId: w.buyerAdmin.userId, organisationId: w.buyer.id, name: "Matrix admin" },
    { organisationId: w.buyer.id, name: "Matrix buyer", timeZone: "UTC" },
    id,
    {
      chosen: [candidateId],
      rationale: "Matrix decision.",
      overrides: { [candidateId]: "Chosen in the matrix." },
      acknowledged: true,
      version: await evaluationVersion(id),
    },
  );
}

/** A decided evaluation: a fresh partner chosen, the world's partner debriefed (unless told not to). */
export async function makeDecided(w: Pick<World, "buyer" | "buyerAdmin" | "partner">, debrief = true) {
  const review = await makeEvaluation(w, "review", [w.buyerAdmin]);
  const actor = { userId: w.buyerAdmin.userId, organisationId: w.buyer.id };
  const chosenId = await addCandidate(actor, review.id, (await createOrganisation("partner")).id);
  await decide(w, review.id, chosenId);
  if (!debrief) return { id: review.id, chosenId, debriefId: "", notChosenId: review.candidateId };
  await getDb().transaction((tx) =>
    publishDebrief(tx, actor, review.id, {
      candidateId: review.candidateId,
      body: "Thank you for taking part.",
    }),
  );
  const [row] = await getDb()
    .select({ id: debriefs.id })
    .from(debriefs)
    .where(eq(debriefs.evaluationId, review.id));
  return { id: review.id, chosenId, debriefId: row.id };
}

/** An open evidence request from the world's buyer (its scoring evaluation) to the world's partner. */
export async function makeRequest(w: World): Promise<string> {
  const [row] = await getDb()
    .insert(evidenceRequests)
    .values({
      organisationId: w.buyer.id,
      evaluationId: w.scoringEvaluationId,
      candidateId: w.scoringCandidateId,
      criterionId: w.scoringCriterionId,
      partnerId: w.partner.id,
      message: "Please share your SOC 2 report.",
      dueOn: "2099-01-01",
      createdByUserId: w.evaluator.userId,
    })
    .returning({ id: evidenceRequests.id });
  return row.id;
}

export async function orgVersion(id: string): Promise<number> {
  const [o] = await getDb()
    .select({ version: organisations.version })
    .from(organisations)
    .where(eq(organisations.id, id));
  return o.version;
}
