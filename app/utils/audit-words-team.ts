// Audit sentences about the organisation, its people, their sign-ins and the checklist templates.
import {
  type AuditContext,
  type AuditPart,
  type Describer,
  evaluation,
  fieldChanges,
  link,
  num,
  ofWhom,
  quote,
  quoted,
  text,
} from "./audit-words-kit";
import { plural } from "./format";
import { type OrgKind, type Role, roleLabel } from "./roles";

function role(c: AuditContext, value: unknown): string {
  if (typeof value !== "string") return "member";
  return roleLabel(c.names.kind as OrgKind, value as Role).toLowerCase();
}

/** The member a membership event is about: linked while still a member, else the name stored with the event. */
function memberOf(c: AuditContext): string | AuditPart {
  const found = c.names.memberships.get(c.event.entityId);
  const stored = text(c.before.name) ?? text(c.after.name);
  if (found) return link(stored ?? found.name, `/members/${c.event.entityId}`);
  return stored ?? "a former member";
}

function invitee(c: AuditContext): string {
  return (
    text(c.after.email) ??
    text(c.before.email) ??
    c.names.invitations.get(c.event.entityId)?.email ??
    "someone"
  );
}

function invitedRole(c: AuditContext): unknown {
  return c.after.role ?? c.before.role ?? c.names.invitations.get(c.event.entityId)?.role;
}

/** The company a partner invitation named, as the buyer typed it. */
function company(c: AuditContext): string {
  return quote(text(c.after.companyName) ?? text(c.before.companyName) ?? "a company");
}

function template(c: AuditContext): string | AuditPart {
  const name = text(c.after.name) ?? text(c.before.name) ?? c.names.templates.get(c.event.entityId)?.name;
  if (c.names.templates.has(c.event.entityId))
    return link(name ?? "a template", `/templates/${c.event.entityId}`);
  return name ? quote(name) : "a removed template";
}

const sessions = (n: unknown, what: string) => {
  const count = num(n);
  return count === undefined ? [] : [`${what}: ${plural(count, "session", "sessions")}`];
};

/** How many changes a template or checklist save lists in words, at most; the rest are counted. */
const MAX_CHANGES = 12;

export function listedChanges(changes: unknown): string[] {
  const all = Array.isArray(changes) ? changes.filter((x): x is string => typeof x === "string") : [];
  if (all.length <= MAX_CHANGES) return all;
  return [
    ...all.slice(0, MAX_CHANGES),
    `and ${plural(all.length - MAX_CHANGES, "more change", "more changes")}`,
  ];
}

export const TEAM_WORDS: Record<string, Describer> = {
  "organisation.created": (c) => ({
    parts: ["created the organisation ", link(text(c.after.name) ?? "the organisation", "/settings")],
    changes: fieldChanges({}, c.after, { timeZone: "Time zone" }),
  }),
  "organisation.updated": (c) => ({
    parts: ["changed the ", link("organisation settings", "/settings")],
    changes: fieldChanges(c.before, c.after, { name: "Name", timeZone: "Time zone" }),
  }),
  "membership.created": (c) =>
    c.event.actorUserId !== null && c.event.actorUserId === c.after.userId
      ? { parts: [`signed up and joined as ${role(c, c.after.role)}`] }
      : { parts: ["added ", memberOf(c), ` as ${role(c, c.after.role)}`] },
  "membership.role_changed": (c) => ({
    parts: [
      "changed ",
      ...ofWhom(memberOf(c)),
      ` role from ${role(c, c.before.role)} to ${role(c, c.after.role)}`,
    ],
    changes: [`Role: ${role(c, c.before.role)} → ${role(c, c.after.role)}`],
  }),
  "membership.removed": (c) => ({
    parts: ["removed ", memberOf(c), ` (${role(c, c.before.role)}) from the organisation`],
  }),
  "invitation.created": (c) => ({
    parts: ["invited ", link(invitee(c), "/members"), ` as ${role(c, invitedRole(c))}`],
  }),
  "invitation.revoked": (c) => ({
    parts: ["revoked the invitation of ", link(invitee(c), "/members")],
  }),
  "invitation.accepted": (c) => ({
    parts: [`accepted the invitation and joined as ${role(c, invitedRole(c))}`],
  }),
  "partner_invitation.created": (c) => ({
    parts: [
      `invited ${company(c)} (${text(c.after.email) ?? "its contact"}) to join the shortlist of `,
      evaluation(c.names, c.after.evaluationId, c.after.evaluation),
    ],
  }),
  "partner_invitation.resent": (c) => ({
    parts: [`sent ${company(c)} a new invitation link at ${text(c.after.email) ?? "its contact's address"}`],
    changes: ["The earlier link stopped working"],
  }),
  "partner_invitation.revoked": (c) => ({ parts: [`revoked the invitation of ${company(c)}`] }),
  "partner_invitation.withdrawn": (c) => ({
    parts: [`withdrew the invited candidate ${company(c)}`],
    changes: quoted("Reason", c.after.reason),
  }),
  "partner_invitation.accepted": (c) => ({
    parts: [
      `created the partner ${quote(text(c.after.companyName) ?? "")} from the invitation`,
      c.after.joinedTooLate === true ? ", after the shortlist had closed" : " and joined the shortlist",
    ],
  }),
  "password_reset.issued": (c) => ({ parts: ["issued a password reset link for ", memberOf(c)] }),
  "password_reset.used": () => ({
    parts: ["set a new password with a reset link"],
    changes: ["Every session of theirs ended"],
  }),
  "user.email_confirmed": () => ({ parts: ["confirmed their e-mail address"] }),
  "user.password_changed": (c) => ({
    parts: ["changed their password"],
    changes: sessions(c.after.otherSessionsEnded, "Other sessions ended"),
  }),
  "session.ended": (c) => ({
    parts: [`signed out a session on ${text(c.before.device) ?? "another device"}`],
  }),
  "session.ended_others": (c) => ({
    parts: ["signed out everywhere else"],
    changes: sessions(c.after.sessionsEnded, "Sessions ended"),
  }),
  "template.created": (c) => ({
    parts: [
      "created the template ",
      template(c),
      ...(text(c.after.copiedFrom) ? [` as a copy of ${quote(text(c.after.copiedFrom) as string)}`] : []),
    ],
    changes: fieldChanges({}, c.after, { sections: "Sections", criteria: "Criteria" }),
  }),
  "template.updated": (c) => ({
    parts: ["changed the template ", template(c)],
    changes: listedChanges(c.after.changes),
  }),
  "template.deleted": (c) => ({ parts: ["deleted the template ", template(c)] }),
};
