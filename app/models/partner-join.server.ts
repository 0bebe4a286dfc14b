// Following a partner invitation (docs/decisions/0010): the contact creates the partner organisation, becomes its
// first admin and, while the evaluation still takes candidates, makes it the candidate, in one transaction.
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { evaluations, memberships, partnerInvitations, users } from "../../db/schema";
import { canAddCandidates } from "../domain/evaluation";
import { hashPassword, hashToken, verifyPassword } from "../utils/crypto.server";
import { RuleRefused } from "../utils/errors.server";
import { isUniqueViolation } from "../utils/forms.server";
import { passwordProblem } from "../utils/password-policy.server";
import { createSession } from "../utils/session.server";
import { recordAudit } from "./audit.server";
import { checkPartnerNameFree, createOrganisationWithAdmin, FieldError, normaliseEmail } from "./auth.server";
import { addCandidatesIn } from "./evaluation-participants.server";
import type { InvitationStatus } from "./invitations.server";
import { findPartnerInvitation, type JoinInput, partnerInvitationStatus } from "./partner-invitations.server";
import { UnknownLink } from "./team.server";

// ---------------------------------------------------------------------------------------------------------------
// Accepting

/** Why a closed invitation's link no longer works, in the contact's words. */
export function closedInvitationMessage(status: InvitationStatus): string | undefined {
  if (status === "accepted") return "This invitation has already been used.";
  if (status === "revoked")
    return "This invitation was withdrawn. Ask the person who invited you if they still want to add your company.";
  if (status === "expired")
    return "This invitation has expired. Ask the person who invited you for a new link.";
  return undefined;
}

export const MEMBER_ELSEWHERE_MESSAGE =
  "You already have a PartnerLens account in another organisation, and a person can belong to only one. Ask for the invitation to be sent to another address.";

/** The contact's account: created (the address confirmed: the link was mailed to it), or one without organisation. */
async function contactAccount(
  tx: Tx,
  email: string,
  input: Pick<JoinInput, "name" | "password">,
  newPasswordHash: string | undefined,
): Promise<{ userId: string; name: string }> {
  const [existing] = await tx
    .select({
      id: users.id,
      name: users.name,
      passwordHash: users.passwordHash,
      organisationId: memberships.organisationId,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.email, email))
    .limit(1);
  if (existing?.organisationId) throw new RuleRefused(MEMBER_ELSEWHERE_MESSAGE);
  if (existing) {
    if (!(await verifyPassword(input.password, existing.passwordHash))) {
      throw new FieldError("password", "That is not the password of your existing account.");
    }
    await tx
      .update(users)
      .set({ emailConfirmedAt: new Date() })
      .where(and(eq(users.id, existing.id), isNull(users.emailConfirmedAt)));
    return { userId: existing.id, name: existing.name };
  }
  const name = input.name?.trim();
  if (!name) throw new FieldError("name", "Enter your name.");
  const problem = passwordProblem(input.password, { email, name });
  if (problem || !newPasswordHash) throw new FieldError("password", problem ?? "Choose a password.");
  const [user] = await tx
    .insert(users)
    .values({ email, name, passwordHash: newPasswordHash, emailConfirmedAt: new Date() })
    .returning({ id: users.id });
  return { userId: user.id, name };
}

export interface Joined {
  userId: string;
  partnerId: string;
  /** The candidate it became; null when the evaluation no longer took candidates. */
  candidateId: string | null;
}

/**
 * Accepts a partner invitation in the caller's transaction: locks it, checks it is pending and for this address,
 * creates (or, for an account without organisation, checks) the account, the partner organisation with its profile
 * and the contact as admin (`createOrganisationWithAdmin`, sign-up's path), and, while the evaluation still takes
 * candidates, the candidate through `addCandidatesIn`; otherwise the invitation records that it joined too late.
 * A partner name already registered is a FieldError on the company's name.
 */
export async function acceptPartnerInvitation(
  tx: Tx,
  token: string,
  input: JoinInput,
  newPasswordHash: string | undefined,
): Promise<Joined> {
  const [inv] = await tx
    .select()
    .from(partnerInvitations)
    .where(eq(partnerInvitations.tokenHash, hashToken(token)))
    .for("update")
    .limit(1);
  if (!inv) throw new UnknownLink("This invitation link is not valid.");
  const closed = closedInvitationMessage(partnerInvitationStatus(inv));
  if (closed) throw new RuleRefused(closed);
  const email = normaliseEmail(input.email);
  if (email !== inv.contactEmail) {
    throw new FieldError("email", "This invitation was made for another e-mail address.");
  }
  await checkPartnerNameFree(tx, input.companyName, "companyName");
  const { userId, name } = await contactAccount(tx, email, input, newPasswordHash);
  const { organisationId: partnerId } = await createOrganisationWithAdmin(tx, {
    kind: "partner",
    name: input.companyName,
    timeZone: input.timeZone,
    admin: { userId, email, name },
  });
  const [evaluation] = await tx
    .select({ status: evaluations.status })
    .from(evaluations)
    .where(and(eq(evaluations.id, inv.evaluationId), eq(evaluations.organisationId, inv.organisationId)))
    .for("update");
  let candidateId: string | null = null;
  if (evaluation && canAddCandidates(evaluation.status)) {
    // The candidate is the inviting admin's add, made when the contact joined.
    const buyer = { userId: inv.createdByUserId ?? userId, organisationId: inv.organisationId };
    const { added } = await addCandidatesIn(tx, buyer, inv.evaluationId, [partnerId]);
    candidateId = added[0]?.candidateId ?? null;
  }
  await tx
    .update(partnerInvitations)
    .set({
      acceptedAt: new Date(),
      acceptedUserId: userId,
      partnerId,
      candidateId,
      version: sql`${partnerInvitations.version} + 1`,
    })
    .where(eq(partnerInvitations.id, inv.id));
  await recordAudit(tx, {
    actorUserId: userId,
    organisationId: inv.organisationId,
    action: "partner_invitation.accepted",
    entityType: "partner_invitation",
    entityId: inv.id,
    before: { companyName: inv.companyName },
    after: {
      companyName: input.companyName,
      email,
      partnerId,
      candidateId,
      joinedTooLate: candidateId === null,
    },
  });
  return { userId, partnerId, candidateId };
}

/**
 * The join page's whole write: hashes a new account's password first (never inside a transaction), then accepts and
 * opens the first session in one transaction. Two different invitations racing to one new name or address meet the
 * unique index: the loser is answered again from the committed state (a taken name at its field). Returns the
 * Set-Cookie header and what was joined.
 */
export async function acceptPartnerInvitationAndSignIn(
  token: string,
  input: JoinInput,
  request: Request,
  clientIp: string,
): Promise<Joined & { cookie: string }> {
  const invitation = await findPartnerInvitation(token);
  if (!invitation) throw new UnknownLink("This invitation link is not valid.");
  const newPasswordHash = invitation.account === "none" ? await hashPassword(input.password) : undefined;
  const attempt = () =>
    getDb().transaction(async (tx) => {
      const joined = await acceptPartnerInvitation(tx, token, input, newPasswordHash);
      const cookie = await createSession(tx, request, {
        userId: joined.userId,
        organisationId: joined.partnerId,
        clientIp,
      });
      return { ...joined, cookie };
    });
  try {
    return await attempt();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return attempt();
  }
}
