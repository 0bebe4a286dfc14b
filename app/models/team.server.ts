// A buyer's or partner's team: roles, changing a member's role and removing a member. Invitations are in
// invitations.server.ts, password resets in password-resets.server.ts.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { possessive } from "~/utils/format";
import { getDb, type Tx } from "../../db/client";
import { memberships, passwordResets, sessions, users } from "../../db/schema";
import { RuleRefused, StaleVersion } from "../utils/errors.server";
import { MAX_EMAIL_LENGTH } from "../utils/limits";
import type { OrgKind, Role } from "../utils/roles";
import { recordAudit } from "./audit.server";
import { unassignEverywhere } from "./evaluation-participants.server";
import { isUuid } from "./member.server";

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

/** An invitation or reset link that matches none: counted against the address that tried it (`failedLink`). */
export class UnknownLink extends RuleRefused {}

export const emailField = z
  .string()
  .trim()
  .min(1, "Enter the person's e-mail address.")
  .max(MAX_EMAIL_LENGTH, "This e-mail address is too long.")
  .pipe(z.email("Enter an e-mail address like name@company.com."));

async function lockAdmins(tx: Tx, organisationId: string) {
  const admins = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "admin")))
    .orderBy(asc(memberships.id))
    .for("update");
  return admins.length;
}

export async function lockMember(tx: Tx, actor: Actor, membershipId: string) {
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
      throw new StaleVersion(
        { role: m.role, version: m.version },
        `Someone else changed ${possessive(m.name)} membership while you were looking (the role is now ${m.role}). Check it and try again.`,
      );
    }
    if (m.role === input.role) return { from: m.role, to: m.role };
    if (m.role === "admin" && admins <= 1) {
      throw new RuleRefused(`${m.name} is the last admin: make someone else admin first.`);
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
    // NOTE: docs/product.md "Assigned evaluator": demotion to viewer unassigns the person everywhere.
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
      throw new StaleVersion(
        { role: m.role, version: m.version },
        `Someone else changed ${possessive(m.name)} membership while you were looking. Check it and try again.`,
      );
    }
    if (m.role === "admin" && admins <= 1) {
      throw new RuleRefused(`${m.name} is the last admin and cannot be removed.`);
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
    // NOTE: docs/product.md "Assigned evaluator": removal from the organisation unassigns the person everywhere.
    if (actor.orgKind === "buyer") await unassignEverywhere(tx, actor, m.userId);
    return { name: m.name, self: m.userId === actor.userId };
  });
}
