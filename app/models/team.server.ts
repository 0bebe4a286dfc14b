import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import { invitations, memberships, passwordResets, sessions, users } from "../../db/schema";
import { hashPassword, hashToken, randomToken, verifyPassword } from "../utils/crypto.server";
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH } from "../utils/limits";
import { passwordProblem } from "../utils/password-policy.server";
import type { OrgKind, Role } from "../utils/roles";
import { createSession } from "../utils/session.server";
import { recordAudit } from "./audit.server";
import { FieldError, normaliseEmail } from "./auth.server";
import { unassignEverywhere } from "./evaluation.server";
import { isUuid } from "./member.server";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 60 * 60 * 1000;

export const ROLES_BY_KIND: Record<OrgKind, readonly Role[]> = {
  buyer: ["admin", "evaluator", "viewer"],
  partner: ["admin", "member"],
};

/** Who is acting: the signed-in admin, for tenant scoping and the audit event. */
export interface Actor {
  userId: string;
  organisationId: string;
  orgKind: OrgKind;
}

export class TeamRuleError extends Error {}
/** An invitation or reset link that matches none: counted against the address that tried it (`failedLink`). */
export class UnknownLink extends TeamRuleError {}
export class VersionConflict extends Error {}

const emailField = z
  .string()
  .trim()
  .min(1, "Enter the person's e-mail address.")
  .max(MAX_EMAIL_LENGTH, "This e-mail address is too long.")
  .pipe(z.email("Enter an e-mail address like name@company.com."));

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
 * Creates an invitation and returns its token (shown once as a link; only its hash is stored). Refuses an
 * address that already belongs to a member of this organisation or has a pending invitation here.
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

/** Revokes a pending invitation of the actor's organisation; another tenant's id is not found. */
export async function revokeInvitation(
  actor: Actor,
  invitationId: string,
): Promise<"revoked" | "not-found" | "not-pending"> {
  if (!isUuid(invitationId)) return "not-found";
  return getDb().transaction(async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.organisationId, actor.organisationId)))
      .for("update")
      .limit(1);
    if (!inv) return "not-found";
    if (invitationStatus(inv) !== "pending") return "not-pending";
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
  if (!inv) throw new TeamRuleError("This invitation link is not valid.");
  const status = invitationStatus(inv);
  if (status === "accepted") throw new TeamRuleError("This invitation has already been used.");
  if (status === "revoked")
    throw new TeamRuleError("This invitation was revoked. Ask your admin for a new one.");
  if (status === "expired")
    throw new TeamRuleError("This invitation has expired. Ask your admin for a new one.");
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
    throw new TeamRuleError(
      "You already have a PartnerLens account in another organisation, and a person can belong to only one.",
    );
  }
  if (existing) {
    if (!(await verifyPassword(input.password, existing.passwordHash))) {
      throw new FieldError("password", "That is not the password of your existing account.");
    }
    userId = existing.id;
  } else {
    const name = input.name?.trim();
    if (!name) throw new FieldError("name", "Enter your name.");
    const problem = passwordProblem(input.password, { email });
    if (problem || !newPasswordHash) throw new FieldError("password", problem ?? "Choose a password.");
    const [user] = await tx
      .insert(users)
      .values({ email, name, passwordHash: newPasswordHash })
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

async function lockAdmins(tx: Tx, organisationId: string) {
  const admins = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "admin")))
    .orderBy(asc(memberships.id))
    .for("update");
  return admins.length;
}

async function lockMember(tx: Tx, actor: Actor, membershipId: string) {
  if (!isUuid(membershipId)) return undefined;
  const [m] = await tx
    .select({
      id: memberships.id,
      userId: memberships.userId,
      role: memberships.role,
      version: memberships.version,
      name: users.name,
      email: users.email,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.organisationId, actor.organisationId)))
    .for("update", { of: memberships })
    .limit(1);
  return m;
}

export const roleChangeSchema = (kind: OrgKind) =>
  z.object({
    role: z.enum(ROLES_BY_KIND[kind] as [Role, ...Role[]], "Choose a role."),
    version: z.coerce.number().int().min(1),
  });

/**
 * Changes a member's role, refusing to demote the last admin, and detecting a concurrent change (the form's
 * version no longer matches). Returns undefined when the member is not in the actor's organisation.
 */
export async function changeRole(
  actor: Actor,
  membershipId: string,
  input: { role: Role; version: number },
): Promise<{ from: Role; to: Role } | undefined> {
  return getDb().transaction(async (tx) => {
    const admins = await lockAdmins(tx, actor.organisationId);
    const m = await lockMember(tx, actor, membershipId);
    if (!m) return undefined;
    if (m.version !== input.version) {
      throw new VersionConflict(
        `Someone else changed ${m.name}'s membership while you were looking (the role is now ${m.role}). Check it and try again.`,
      );
    }
    if (m.role === input.role) return { from: m.role, to: m.role };
    if (m.role === "admin" && admins <= 1) {
      throw new TeamRuleError(`${m.name} is the last admin: make someone else admin first.`);
    }
    await tx
      .update(memberships)
      .set({ role: input.role, version: m.version + 1, updatedAt: new Date() })
      .where(eq(memberships.id, m.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "membership.role_changed",
      entityType: "membership",
      entityId: m.id,
      before: { name: m.name, email: m.email, role: m.role },
      after: { role: input.role },
    });
    // NOTE: DESIGN.md "Assigned evaluator": demotion to viewer unassigns the person everywhere.
    if (actor.orgKind === "buyer" && input.role === "viewer") await unassignEverywhere(tx, actor, m.userId);
    return { from: m.role, to: input.role };
  });
}

/** Removes a member (never the last admin) and ends all of their sessions at once. */
export async function removeMember(
  actor: Actor,
  membershipId: string,
  version: number,
): Promise<{ name: string; self: boolean } | undefined> {
  return getDb().transaction(async (tx) => {
    const admins = await lockAdmins(tx, actor.organisationId);
    const m = await lockMember(tx, actor, membershipId);
    if (!m) return undefined;
    if (m.version !== version) {
      throw new VersionConflict(
        `Someone else changed ${m.name}'s membership while you were looking. Check it and try again.`,
      );
    }
    if (m.role === "admin" && admins <= 1) {
      throw new TeamRuleError(`${m.name} is the last admin and cannot be removed.`);
    }
    await tx.delete(sessions).where(eq(sessions.userId, m.userId));
    await tx.delete(passwordResets).where(eq(passwordResets.userId, m.userId));
    await tx.delete(memberships).where(eq(memberships.id, m.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "membership.removed",
      entityType: "membership",
      entityId: m.id,
      before: { name: m.name, email: m.email, role: m.role },
    });
    // NOTE: DESIGN.md "Assigned evaluator": removal from the organisation unassigns the person everywhere.
    if (actor.orgKind === "buyer") await unassignEverywhere(tx, actor, m.userId);
    return { name: m.name, self: m.userId === actor.userId };
  });
}

/**
 * Issues a one-time reset link (1 hour) for a non-admin member of the actor's organisation; earlier unused
 * links for that person stop working. An admin cannot reset another admin: that would be a silent takeover.
 */
export async function issuePasswordReset(
  actor: Actor,
  membershipId: string,
): Promise<{ token: string; name: string; expiresAt: Date } | undefined> {
  return getDb().transaction(async (tx) => {
    const m = await lockMember(tx, actor, membershipId);
    if (!m) return undefined;
    if (m.role === "admin") {
      throw new TeamRuleError(
        "An admin cannot reset another admin's password. They can change it on their account page.",
      );
    }
    const now = new Date();
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, m.userId), isNull(passwordResets.usedAt)));
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
    const [row] = await tx
      .insert(passwordResets)
      .values({
        organisationId: actor.organisationId,
        userId: m.userId,
        tokenHash: hashToken(token),
        createdByUserId: actor.userId,
        expiresAt,
      })
      .returning({ id: passwordResets.id });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "password_reset.issued",
      entityType: "membership",
      entityId: m.id,
      after: { name: m.name, email: m.email, resetId: row.id, expiresAt: expiresAt.toISOString() },
    });
    return { token, name: m.name, expiresAt };
  });
}

export const resetSchema = z.object({ password: z.string().max(MAX_PASSWORD_LENGTH + 1) });

/** A reset link's state; undefined for an unknown token. */
export async function findPasswordReset(token: string) {
  if (!token || token.length > 200) return undefined;
  const [row] = await getDb()
    .select({
      usedAt: passwordResets.usedAt,
      expiresAt: passwordResets.expiresAt,
      email: users.email,
      name: users.name,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return undefined;
  const status = row.usedAt ? "used" : row.expiresAt <= new Date() ? "expired" : "valid";
  return { status, email: row.email, name: row.name } as const;
}

/**
 * Sets a new password through a reset link, once, within its hour; ends every session of that person.
 * The password is hashed before the transaction opens.
 */
export async function redeemPasswordReset(token: string, newPassword: string): Promise<void> {
  const found = await findPasswordReset(token);
  if (!found) throw new UnknownLink("This reset link is not valid.");
  const problem = passwordProblem(newPassword, { email: found.email });
  if (problem) throw new FieldError("password", problem);
  const passwordHash = await hashPassword(newPassword);
  await getDb().transaction(async (tx) => {
    const [reset] = await tx
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, hashToken(token)))
      .for("update")
      .limit(1);
    if (!reset) throw new TeamRuleError("This reset link is not valid.");
    if (reset.usedAt)
      throw new TeamRuleError("This reset link has already been used. Ask your admin for a new one.");
    if (reset.expiresAt <= new Date())
      throw new TeamRuleError("This reset link has expired. Ask your admin for a new one.");
    await tx.update(passwordResets).set({ usedAt: new Date() }).where(eq(passwordResets.id, reset.id));
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, reset.userId));
    await tx.delete(sessions).where(eq(sessions.userId, reset.userId));
    await recordAudit(tx, {
      actorUserId: reset.userId,
      organisationId: reset.organisationId,
      action: "password_reset.used",
      entityType: "user",
      entityId: reset.userId,
      after: { resetId: reset.id, sessionsEnded: "all" },
    });
  });
}
