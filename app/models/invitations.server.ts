// Invitations: a one-time link (7 days) an admin sends to a person themselves, and its acceptance, which creates
// the account (or joins an account without an organisation) and opens the first session.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import { invitations, memberships, users } from "../../db/schema";
import { invitationMail } from "../mail/messages";
import { hashPassword, hashToken, randomToken, verifyPassword } from "../utils/crypto.server";
import { RuleRefused } from "../utils/errors.server";
import { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH } from "../utils/limits";
import { passwordProblem } from "../utils/password-policy.server";
import type { OrgKind, Role } from "../utils/roles";
import { createSession } from "../utils/session.server";
import { recordAudit } from "./audit.server";
import { FieldError, normaliseEmail } from "./auth.server";
import { portalUrl, queueMail, senderNames } from "./mail.server";
import { isUuid } from "./member.server";
import { type Actor, emailField, ROLES_BY_KIND, UnknownLink } from "./team.server";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function inviteSchema(kind: OrgKind) {
  return z.object({
    email: emailField,
    role: z.enum(ROLES_BY_KIND[kind] as [Role, ...Role[]], "Choose a role."),
  });
}

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export function invitationStatus(
  inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now = new Date(),
): InvitationStatus {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "revoked";
  if (inv.expiresAt <= now) return "expired";
  return "pending";
}

/**
 * Creates an invitation, mails it, and returns its token (shown once as a link to copy; only its hash is stored).
 * Refuses an address that already belongs to a member of this organisation or has a pending invitation here.
 */
export async function createInvitation(
  tx: Tx,
  actor: Actor,
  input: { email: string; role: Role },
): Promise<{ id: string; token: string }> {
  const email = normaliseEmail(input.email);
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, actor.organisationId), eq(users.email, email)))
    .limit(1);
  if (member) throw new FieldError("email", "This person is already a member of your organisation.");
  const [pending] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.organisationId, actor.organisationId),
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        sql`${invitations.expiresAt} > now()`,
      ),
    )
    .limit(1);
  if (pending) {
    throw new FieldError(
      "email",
      "This address already has a pending invitation. Revoke it to issue a new link.",
    );
  }
  const token = randomToken();
  const [row] = await tx
    .insert(invitations)
    .values({
      organisationId: actor.organisationId,
      email,
      role: input.role,
      tokenHash: hashToken(token),
      createdByUserId: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    })
    .returning({ id: invitations.id, expiresAt: invitations.expiresAt });
  await recordAudit(tx, {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: "invitation.created",
    entityType: "invitation",
    entityId: row.id,
    after: { email, role: input.role, expiresAt: row.expiresAt.toISOString() },
  });
  const names = await senderNames(tx, actor);
  await queueMail(tx, {
    kind: "invitation",
    to: email,
    organisationId: actor.organisationId,
    occasion: row.id,
    content: invitationMail({
      organisationName: names.organisationName,
      inviterName: names.actorName,
      role: input.role,
      url: portalUrl(`/invite/${token}`),
      expiresAt: row.expiresAt,
    }),
  });
  return { id: row.id, token };
}

/** The organisation's invitations, newest first. One query. */
export async function listInvitations({ organisationId }: { organisationId: string }) {
  const rows = await getDb()
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      invitedBy: users.name,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.createdByUserId))
    .where(eq(invitations.organisationId, organisationId))
    .orderBy(desc(invitations.createdAt))
    .limit(200);
  const now = new Date();
  return rows.map((r) => ({ ...r, status: invitationStatus(r, now) }));
}

/**
 * Revokes a pending invitation of the actor's organisation; another tenant's id is not found, and one no longer
 * pending is refused.
 */
export async function revokeInvitation(actor: Actor, invitationId: string): Promise<"revoked" | "not-found"> {
  if (!isUuid(invitationId)) return "not-found";
  return getDb().transaction(async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.organisationId, actor.organisationId)))
      .for("update")
      .limit(1);
    if (!inv) return "not-found";
    if (invitationStatus(inv) !== "pending") throw new RuleRefused("That invitation is no longer pending.");
    await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, inv.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "invitation.revoked",
      entityType: "invitation",
      entityId: inv.id,
      before: { email: inv.email, role: inv.role, status: "pending" },
      after: { status: "revoked" },
    });
    return "revoked";
  });
}

/** An invitation by its token, with its organisation; undefined for an unknown token. */
export async function findInvitation(token: string) {
  if (!token || token.length > 200) return undefined;
  const inv = await getDb().query.invitations.findFirst({
    where: eq(invitations.tokenHash, hashToken(token)),
    with: { organisation: { columns: { id: true, name: true, kind: true } } },
  });
  if (!inv) return undefined;
  const [existing] = await getDb()
    .select({ id: users.id, organisationId: memberships.organisationId })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.email, inv.email))
    .limit(1);
  return {
    id: inv.id,
    email: inv.email,
    role: inv.role,
    organisation: inv.organisation,
    status: invitationStatus(inv),
    expiresAt: inv.expiresAt,
    /** The address has an account already: in another organisation (cannot join), or in none (signs in to join). */
    account: existing
      ? existing.organisationId
        ? ("member-elsewhere" as const)
        : ("without-organisation" as const)
      : ("none" as const),
  };
}

export const acceptSchema = z.object({
  email: emailField,
  name: z.string().trim().max(MAX_NAME_LENGTH, `Use at most ${MAX_NAME_LENGTH} characters.`).optional(),
  password: z
    .string()
    .min(1, "Enter a password.")
    .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`),
});

/**
 * Accepts an invitation: checks it is pending and for this e-mail, creates the account (or, for an account that
 * left its organisation, checks its password), the membership and the audit event, and marks it used, all in one
 * transaction; the invitation row is locked, so it works once even when sent twice at the same moment.
 */
export async function acceptInvitation(
  tx: Tx,
  token: string,
  input: { email: string; name?: string; password: string },
  newPasswordHash: string | undefined,
): Promise<{ userId: string; organisationId: string }> {
  const [inv] = await tx
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)))
    .for("update")
    .limit(1);
  if (!inv) throw new RuleRefused("This invitation link is not valid.");
  const status = invitationStatus(inv);
  if (status === "accepted") throw new RuleRefused("This invitation has already been used.");
  if (status === "revoked")
    throw new RuleRefused("This invitation was revoked. Ask your admin for a new one.");
  if (status === "expired")
    throw new RuleRefused("This invitation has expired. Ask your admin for a new one.");
  const email = normaliseEmail(input.email);
  if (email !== inv.email)
    throw new FieldError("email", "This invitation was made for another e-mail address.");

  const [existing] = await tx
    .select({ id: users.id, passwordHash: users.passwordHash, organisationId: memberships.organisationId })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.email, email))
    .limit(1);
  let userId: string;
  if (existing?.organisationId) {
    throw new RuleRefused(
      "You already have a PartnerLens account in another organisation, and a person can belong to only one.",
    );
  }
  if (existing) {
    if (!(await verifyPassword(input.password, existing.passwordHash))) {
      throw new FieldError("password", "That is not the password of your existing account.");
    }
    userId = existing.id;
    // The invitation was mailed to this address: following it confirms the address.
    await tx
      .update(users)
      .set({ emailConfirmedAt: new Date() })
      .where(and(eq(users.id, userId), isNull(users.emailConfirmedAt)));
  } else {
    const name = input.name?.trim();
    if (!name) throw new FieldError("name", "Enter your name.");
    const problem = passwordProblem(input.password, { email });
    if (problem || !newPasswordHash) throw new FieldError("password", problem ?? "Choose a password.");
    const [user] = await tx
      .insert(users)
      .values({ email, name, passwordHash: newPasswordHash, emailConfirmedAt: new Date() })
      .returning({ id: users.id });
    userId = user.id;
  }
  const [membership] = await tx
    .insert(memberships)
    .values({ organisationId: inv.organisationId, userId, role: inv.role })
    .returning({ id: memberships.id });
  await tx
    .update(invitations)
    .set({ acceptedAt: new Date(), acceptedUserId: userId })
    .where(eq(invitations.id, inv.id));
  await recordAudit(tx, {
    actorUserId: userId,
    organisationId: inv.organisationId,
    action: "invitation.accepted",
    entityType: "membership",
    entityId: membership.id,
    after: { email, role: inv.role, invitationId: inv.id },
  });
  return { userId, organisationId: inv.organisationId };
}

/**
 * The invitation page's whole write: hashes a new account's password first (never inside a transaction), then
 * accepts and opens the first session in one transaction. Returns the Set-Cookie header.
 */
export async function acceptInvitationAndSignIn(
  token: string,
  input: z.infer<typeof acceptSchema>,
  request: Request,
  clientIp: string,
): Promise<string> {
  const invitation = await findInvitation(token);
  if (!invitation) throw new UnknownLink("This invitation link is not valid.");
  const newPasswordHash = invitation.account === "none" ? await hashPassword(input.password) : undefined;
  return getDb().transaction(async (tx) => {
    const joined = await acceptInvitation(tx, token, input, newPasswordHash);
    return createSession(tx, request, { ...joined, clientIp });
  });
}
