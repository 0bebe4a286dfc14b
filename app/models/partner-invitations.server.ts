// Inviting partners who are not listed (DESIGN.md; docs/decisions/0010): a buyer admin names a company and a contact,
// sees the listed partners the name may mean (with their members' e-mail domains), and either chooses one (the
// normal add, its admins told) or mails the contact a partner invitation: 14 days, single use, revocable, resendable.
// Following it creates the partner organisation with the contact as its admin and, while the evaluation still takes
// candidates, the candidate. Until then the invitation is all there is: no evaluation_candidates row, so no figure,
// rule or clone meets it. Member invitations (invitations.server.ts) are the model for the link's life.
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import { evaluations, memberships, organisations, partnerInvitations, users } from "../../db/schema";
import { canAddCandidates } from "../domain/evaluation";
import { partnerInvitationMail } from "../mail/partner-invitation-messages";
import { hashToken, randomToken } from "../utils/crypto.server";
import { NotFound, RuleRefused } from "../utils/errors.server";
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_ORG_NAME_LENGTH, MAX_PASSWORD_LENGTH } from "../utils/limits";
import { recordAttempts, retryAfterSeconds, type ThrottleKey, waitText } from "../utils/throttle.server";
import { type Actor, recordAudit } from "./audit.server";
import { FieldError, isTimeZone, normaliseEmail } from "./auth.server";
import { lockEvaluation } from "./evaluation-checks.server";
import { type InvitationStatus, invitationStatus } from "./invitations.server";
import { portalUrl, queueMail, senderNames } from "./mail.server";
import { isUuid } from "./member.server";
import { partnerOfAddress } from "./partner-matches.server";

export const PARTNER_INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** What the evaluation page refuses once the shortlist is closed (the words of `addCandidatesIn`). */
const SHORTLIST_CLOSED = "Partners can no longer be added to this evaluation.";

const companyNameField = (whose: string) =>
  z
    .string()
    .trim()
    .min(2, `Enter ${whose} name (2 characters or more).`)
    .max(MAX_ORG_NAME_LENGTH, `Use at most ${MAX_ORG_NAME_LENGTH} characters.`);

const contactEmailField = z
  .string()
  .trim()
  .min(1, "Enter the contact's e-mail address.")
  .max(MAX_EMAIL_LENGTH, "This e-mail address is too long.")
  .pipe(z.email("Enter an e-mail address like name@company.com."));

const invitedCompany = { companyName: companyNameField("the company's"), email: contactEmailField };

/**
 * The invite page's forms, by `intent`: `check` (the name and address typed: near matches first), `send` (a new
 * invitation), `choose` (a listed partner instead).
 */
export const inviteFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("check"), ...invitedCompany }),
  z.object({ intent: z.literal("send"), ...invitedCompany }),
  z.object({
    intent: z.literal("choose"),
    ...invitedCompany,
    partnerId: z.string().min(1, "Choose a partner."),
  }),
]);

export type InviteForm = z.infer<typeof inviteFormSchema>;

/** The join page's form: the invited address, the company as it should read, the new admin and its time zone. */
export const joinSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your e-mail address.")
    .max(MAX_EMAIL_LENGTH, "This e-mail address is too long.")
    .pipe(z.email("Enter an e-mail address like name@company.com.")),
  companyName: companyNameField("your company's"),
  name: z.string().trim().max(MAX_NAME_LENGTH, `Use at most ${MAX_NAME_LENGTH} characters.`).optional(),
  password: z
    .string()
    .min(1, "Enter a password.")
    .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`),
  timeZone: z.string().trim().refine(isTimeZone, "Choose your organisation's time zone."),
});

export type JoinInput = z.infer<typeof joinSchema>;

type InvitationRow = typeof partnerInvitations.$inferSelect;

export function partnerInvitationStatus(
  inv: Pick<InvitationRow, "acceptedAt" | "revokedAt" | "expiresAt">,
  now = new Date(),
): InvitationStatus {
  return invitationStatus(inv, now);
}

// ---------------------------------------------------------------------------------------------------------------
// The invitation's life: create, resend, withdraw

/** Mails the invitation's link, in the caller's transaction; each send (its `sentAt`) is a message of its own. */
async function mailInvitation(
  tx: Tx,
  actor: Actor,
  inv: Pick<InvitationRow, "id" | "companyName" | "contactEmail" | "expiresAt" | "sentAt">,
  evaluationName: string,
  token: string,
) {
  const names = await senderNames(tx, actor);
  await queueMail(tx, {
    kind: "partner-invitation",
    to: inv.contactEmail,
    organisationId: actor.organisationId,
    occasion: `${inv.id}:${inv.sentAt.toISOString()}`,
    content: partnerInvitationMail({
      buyerName: names.organisationName,
      inviterName: names.actorName,
      companyName: inv.companyName,
      evaluationName,
      url: portalUrl(`/join/${token}`),
      expiresAt: inv.expiresAt,
    }),
  });
}

/**
 * Creates a partner invitation for the evaluation and mails it, in the caller's transaction. Refused like adding a
 * candidate once the shortlist is closed; refused at the address when it belongs to a member of a listed partner
 * (choose that partner instead) or has a pending invitation for this evaluation. The token is mailed, never stored.
 */
export async function createPartnerInvitation(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  input: { companyName: string; email: string },
): Promise<{ id: string }> {
  const email = normaliseEmail(input.email);
  const evaluation = await lockEvaluation(tx, actor, evaluationId);
  if (!canAddCandidates(evaluation.status)) throw new RuleRefused(SHORTLIST_CLOSED);
  const member = await partnerOfAddress(tx, email);
  if (member) {
    throw new FieldError(
      "email",
      `This address belongs to a member of ${member.name}, which is listed: choose ${member.name} instead.`,
    );
  }
  const [pending] = await tx
    .select({ id: partnerInvitations.id })
    .from(partnerInvitations)
    .where(
      and(
        eq(partnerInvitations.organisationId, actor.organisationId),
        eq(partnerInvitations.evaluationId, evaluationId),
        eq(partnerInvitations.contactEmail, email),
        isNull(partnerInvitations.acceptedAt),
        isNull(partnerInvitations.revokedAt),
        sql`${partnerInvitations.expiresAt} > now()`,
      ),
    )
    .limit(1);
  if (pending) {
    throw new FieldError(
      "email",
      "This address has a pending invitation for this evaluation: resend it from the evaluation's page.",
    );
  }
  const token = randomToken();
  const now = new Date();
  const [row] = await tx
    .insert(partnerInvitations)
    .values({
      organisationId: actor.organisationId,
      evaluationId,
      companyName: input.companyName,
      contactEmail: email,
      tokenHash: hashToken(token),
      createdByUserId: actor.userId,
      sentAt: now,
      expiresAt: new Date(now.getTime() + PARTNER_INVITATION_TTL_MS),
    })
    .returning();
  await recordAudit(tx, {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: "partner_invitation.created",
    entityType: "partner_invitation",
    entityId: row.id,
    after: {
      companyName: row.companyName,
      email,
      evaluationId,
      evaluation: evaluation.name,
      expiresAt: row.expiresAt.toISOString(),
    },
  });
  await mailInvitation(tx, actor, row, evaluation.name, token);
  return { id: row.id };
}

/** The actor's invitation on this evaluation, locked; not found for another tenant's or another evaluation's. */
async function lockInvitation(tx: Tx, actor: Actor, evaluationId: string, invitationId: string) {
  if (!isUuid(invitationId)) throw new NotFound();
  const [inv] = await tx
    .select()
    .from(partnerInvitations)
    .where(
      and(
        eq(partnerInvitations.id, invitationId),
        eq(partnerInvitations.organisationId, actor.organisationId),
        eq(partnerInvitations.evaluationId, evaluationId),
      ),
    )
    .for("update")
    .limit(1);
  if (!inv) throw new NotFound();
  return inv;
}

/** Refuses a change to an invitation that was accepted or withdrawn. */
function refuseClosed(inv: InvitationRow) {
  if (inv.acceptedAt) throw new RuleRefused(`${inv.companyName} has joined: it is no longer an invitation.`);
  if (inv.revokedAt) throw new RuleRefused(`The invitation to ${inv.companyName} was withdrawn.`);
}

/**
 * Mails a pending (or expired) invitation again with a new link, good for 14 days from now: the old link stops
 * working. Throttled per address mailed, like every mail a person can make the portal send.
 */
export async function resendPartnerInvitation(
  actor: Actor,
  evaluationId: string,
  invitationId: string,
): Promise<{ companyName: string; email: string }> {
  if (!isUuid(invitationId)) throw new NotFound();
  const [target] = await getDb()
    .select({ email: partnerInvitations.contactEmail })
    .from(partnerInvitations)
    .where(
      and(
        eq(partnerInvitations.id, invitationId),
        eq(partnerInvitations.organisationId, actor.organisationId),
        eq(partnerInvitations.evaluationId, evaluationId),
      ),
    );
  if (!target) throw new NotFound();
  const throttle: ThrottleKey = { scope: "mail-target", key: `to:${target.email}` };
  const wait = await retryAfterSeconds([throttle]);
  if (wait > 0) {
    throw new RuleRefused(
      `${target.email} was mailed several times in the last hour. Wait ${waitText(wait)} and resend then.`,
    );
  }
  await recordAttempts([throttle]);
  return getDb().transaction(async (tx) => {
    const inv = await lockInvitation(tx, actor, evaluationId, invitationId);
    refuseClosed(inv);
    const [evaluation] = await tx
      .select({ name: evaluations.name, status: evaluations.status })
      .from(evaluations)
      .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, actor.organisationId)));
    if (!evaluation) throw new NotFound();
    if (!canAddCandidates(evaluation.status)) throw new RuleRefused(SHORTLIST_CLOSED);
    const token = randomToken();
    const now = new Date();
    const [row] = await tx
      .update(partnerInvitations)
      .set({
        tokenHash: hashToken(token),
        sentAt: now,
        expiresAt: new Date(now.getTime() + PARTNER_INVITATION_TTL_MS),
        version: sql`${partnerInvitations.version} + 1`,
      })
      .where(eq(partnerInvitations.id, inv.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "partner_invitation.resent",
      entityType: "partner_invitation",
      entityId: inv.id,
      before: { expiresAt: inv.expiresAt.toISOString(), status: partnerInvitationStatus(inv, now) },
      after: {
        companyName: inv.companyName,
        email: inv.contactEmail,
        expiresAt: row.expiresAt.toISOString(),
      },
    });
    await mailInvitation(tx, actor, row, evaluation.name, token);
    return { companyName: inv.companyName, email: inv.contactEmail };
  });
}

/**
 * Revokes an invitation's link, or withdraws the invited company with a reason (kept on the invitation, like a
 * withdrawn candidate's): either way the link stops working. Refused once the company joined.
 */
export async function withdrawPartnerInvitation(
  actor: Actor,
  evaluationId: string,
  invitationId: string,
  reason: string | null,
): Promise<{ companyName: string }> {
  return getDb().transaction(async (tx) => {
    const inv = await lockInvitation(tx, actor, evaluationId, invitationId);
    refuseClosed(inv);
    const now = new Date();
    await tx
      .update(partnerInvitations)
      .set({ revokedAt: now, withdrawnReason: reason, version: sql`${partnerInvitations.version} + 1` })
      .where(eq(partnerInvitations.id, inv.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: reason ? "partner_invitation.withdrawn" : "partner_invitation.revoked",
      entityType: "partner_invitation",
      entityId: inv.id,
      before: { status: partnerInvitationStatus(inv, now) },
      after: { companyName: inv.companyName, email: inv.contactEmail, status: "revoked", reason },
    });
    return { companyName: inv.companyName };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

const partnerOrg = alias(organisations, "partner_org");

/**
 * The evaluation's partner invitations, newest first, each with its status, who sent it, and once accepted the
 * partner it created. One statement.
 */
export async function listPartnerInvitations(input: { organisationId: string; evaluationId: string }) {
  const rows = await getDb()
    .select({
      id: partnerInvitations.id,
      companyName: partnerInvitations.companyName,
      contactEmail: partnerInvitations.contactEmail,
      sentAt: partnerInvitations.sentAt,
      expiresAt: partnerInvitations.expiresAt,
      acceptedAt: partnerInvitations.acceptedAt,
      revokedAt: partnerInvitations.revokedAt,
      withdrawnReason: partnerInvitations.withdrawnReason,
      partnerId: partnerInvitations.partnerId,
      partnerName: partnerOrg.name,
      candidateId: partnerInvitations.candidateId,
      invitedBy: users.name,
    })
    .from(partnerInvitations)
    .leftJoin(users, eq(users.id, partnerInvitations.createdByUserId))
    .leftJoin(partnerOrg, eq(partnerOrg.id, partnerInvitations.partnerId))
    .where(
      and(
        eq(partnerInvitations.organisationId, input.organisationId),
        eq(partnerInvitations.evaluationId, input.evaluationId),
      ),
    )
    .orderBy(desc(partnerInvitations.createdAt), asc(partnerInvitations.id));
  const now = new Date();
  return rows.map((r) => ({ ...r, status: partnerInvitationStatus(r, now) }));
}

/** Whether an address has an account already: in an organisation (cannot join), or in none (signs in to join). */
export type AccountState = "none" | "without-organisation" | "member-elsewhere";

/** An invitation by its token, with who sent it and for which evaluation; undefined for an unknown token. */
export async function findPartnerInvitation(token: string) {
  if (!token || token.length > 200) return undefined;
  const db = getDb();
  const [inv] = await db
    .select({
      id: partnerInvitations.id,
      companyName: partnerInvitations.companyName,
      contactEmail: partnerInvitations.contactEmail,
      expiresAt: partnerInvitations.expiresAt,
      acceptedAt: partnerInvitations.acceptedAt,
      revokedAt: partnerInvitations.revokedAt,
      buyerName: organisations.name,
      evaluationName: evaluations.name,
      inviterName: users.name,
    })
    .from(partnerInvitations)
    .innerJoin(organisations, eq(organisations.id, partnerInvitations.organisationId))
    .innerJoin(evaluations, eq(evaluations.id, partnerInvitations.evaluationId))
    .leftJoin(users, eq(users.id, partnerInvitations.createdByUserId))
    .where(eq(partnerInvitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!inv) return undefined;
  const [existing] = await db
    .select({ id: users.id, organisationId: memberships.organisationId })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.email, inv.contactEmail))
    .limit(1);
  const account: AccountState = existing
    ? existing.organisationId
      ? "member-elsewhere"
      : "without-organisation"
    : "none";
  return { ...inv, status: partnerInvitationStatus(inv), account };
}
