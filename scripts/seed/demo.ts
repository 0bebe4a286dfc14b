import { and, count, eq, sql } from "drizzle-orm";
import { adminResetMail, invitationMail } from "../../app/mail/messages";
import { orgNameKey } from "../../app/models/auth.server";
import { portalUrl, type QueuedMail, queueMail } from "../../app/models/mail.server";
import { RESET_TTL_MS } from "../../app/models/password-resets.server";
import { hashPassword, hashToken, randomToken } from "../../app/utils/crypto.server";
import type { Db } from "../../db/client";
import {
  auditEvents,
  invitations,
  jobs,
  type MemberRole,
  mailMessages,
  memberships,
  type OrgKind,
  organisations,
  partnerProfiles,
  passwordResets,
  users,
} from "../../db/schema";
import { seedEvaluations } from "./evaluations";
import { seedEvidence } from "./evidence";
import { seedMailDemo } from "./mail-demo";
import { seedPartnerProfiles } from "./profiles";
import { seedRequests } from "./requests";

// NOTE: printed at start-up and in the README; only ever seeded into the embedded database or with SEED_DEMO=true.
export const DEMO_PASSWORD = "demo-partnerlens-2026";

export interface DemoSignIn {
  role: string;
  email: string;
  password: string;
}

interface DemoOrg {
  kind: OrgKind;
  name: string;
  timeZone: string;
  domain: string;
  people: { name: string; local: string; role: MemberRole }[];
}

const BUYERS: DemoOrg[] = [
  {
    kind: "buyer",
    name: "Southern Cross Mutual Insurance",
    timeZone: "Australia/Sydney",
    domain: "scmutual.example",
    people: [
      { name: "Priya Raman", local: "priya", role: "admin" },
      { name: "Tom Whitlock", local: "tom", role: "evaluator" },
      { name: "Mei Chen", local: "mei", role: "evaluator" },
      { name: "Graham Ellis", local: "graham", role: "viewer" },
    ],
  },
  {
    kind: "buyer",
    name: "Lakeshore Outfitters",
    timeZone: "America/Chicago",
    domain: "lakeshore.example",
    people: [
      { name: "Dana Brooks", local: "dana", role: "admin" },
      { name: "Marcus Hill", local: "marcus", role: "evaluator" },
      { name: "Sofia Alvarez", local: "sofia", role: "evaluator" },
      { name: "Ken Ito", local: "ken", role: "viewer" },
    ],
  },
];

const PARTNERS: [name: string, domain: string, admin: string, member: string][] = [
  ["Northwind Systems Integration", "northwind.example", "Olivia Grant", "Ravi Patel"],
  ["Meridian AI Consulting", "meridian.example", "Lena Fischer", "Jonas Berg"],
  ["Kestrel Data Partners", "kestrel.example", "Amara Okafor", "Ben Carter"],
  ["Bluegum Digital", "bluegum.example", "Hannah Lee", "Sam Nguyen"],
  ["Atlas Forward Engineering", "atlasfwd.example", "Carlos Mendes", "Ingrid Holm"],
  ["Copperleaf Technology", "copperleaf.example", "Yusuf Demir", "Nora Quinn"],
  ["Harbourline Analytics", "harbourline.example", "Chloe Martin", "Liam Walsh"],
  ["Tessellate Labs", "tessellate.example", "Aisha Rahman", "Pete Novak"],
  ["Granite Peak Advisory", "granitepeak.example", "Emily Stone", "Victor Lindqvist"],
];

const DEMO_ORGS: DemoOrg[] = [
  ...BUYERS,
  ...PARTNERS.map(([name, domain, admin, member]) => ({
    kind: "partner" as const,
    name,
    timeZone: "UTC",
    domain,
    people: [
      { name: admin, local: admin.split(" ")[0].toLowerCase(), role: "admin" as const },
      { name: member, local: member.split(" ")[0].toLowerCase(), role: "member" as const },
    ],
  })),
];

/** The sign-ins worth printing: every buyer role, and one partner's admin and member. */
export const DEMO_SIGN_INS: DemoSignIn[] = [
  ...BUYERS.flatMap((org) =>
    org.people.map((p) => ({
      role: `${org.name.split(" ").slice(0, 2).join(" ")} · buyer ${p.role}`,
      email: `${p.local}@${org.domain}`,
      password: DEMO_PASSWORD,
    })),
  ),
  { role: "Northwind Systems · partner admin", email: "olivia@northwind.example", password: DEMO_PASSWORD },
  { role: "Northwind Systems · partner member", email: "ravi@northwind.example", password: DEMO_PASSWORD },
];

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organisations);
  return row.n === 0;
}

/** Whether the demo accounts exist (so a later start can print them again). */
export async function hasDemoData(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.email, DEMO_SIGN_INS[0].email));
  return row.n > 0;
}

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

function joinedByInvitation(org: DemoOrg, person: DemoOrg["people"][number]): boolean {
  return org.kind === "buyer" && org.people.indexOf(person) === 2;
}

function joinedAt(org: DemoOrg, person: DemoOrg["people"][number]): Date {
  return daysAgo(joinedByInvitation(org, person) ? 17 : 30);
}

/** Fills an empty database with the demo organisations and people, in one transaction. */
export async function seedDemo(db: Db): Promise<DemoSignIn[]> {
  // One hash for every demo account: scrypt costs ~150 ms each.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const orgRows = await tx
      .insert(organisations)
      .values(
        DEMO_ORGS.map((o) => ({
          kind: o.kind,
          name: o.name,
          nameKey: orgNameKey(o.name),
          timeZone: o.timeZone,
          createdAt: daysAgo(30),
        })),
      )
      .returning({ id: organisations.id, name: organisations.name });
    const orgId = new Map(orgRows.map((r) => [r.name, r.id]));
    await tx
      .insert(partnerProfiles)
      .values(
        DEMO_ORGS.filter((o) => o.kind === "partner").map((o) => ({ organisationId: orgId.get(o.name)! })),
      );
    const people = DEMO_ORGS.flatMap((o) =>
      o.people.map((p) => ({ org: o, person: p, email: `${p.local}@${o.domain}` })),
    );
    const userRows = await tx
      .insert(users)
      .values(
        people.map((p) => ({
          email: p.email,
          name: p.person.name,
          passwordHash,
          createdAt: joinedAt(p.org, p.person),
          // The demo's people confirmed their addresses when they joined.
          emailConfirmedAt: joinedAt(p.org, p.person),
        })),
      )
      .returning({ id: users.id, email: users.email });
    const userId = new Map(userRows.map((r) => [r.email, r.id]));
    const memberRows = await tx
      .insert(memberships)
      .values(
        people.map((p) => ({
          organisationId: orgId.get(p.org.name)!,
          userId: userId.get(p.email)!,
          role: p.person.role,
          createdAt: joinedAt(p.org, p.person),
        })),
      )
      .returning({
        id: memberships.id,
        organisationId: memberships.organisationId,
        userId: memberships.userId,
        role: memberships.role,
      });
    const firstAdmin = new Map<string, string>();
    for (const m of memberRows) if (m.role === "admin") firstAdmin.set(m.organisationId, m.userId);
    const person = new Map(people.map((p) => [userId.get(p.email)!, p]));
    await tx.insert(auditEvents).values([
      ...DEMO_ORGS.map((o) => ({
        at: daysAgo(30),
        actorUserId: firstAdmin.get(orgId.get(o.name)!) ?? null,
        organisationId: orgId.get(o.name)!,
        action: "organisation.created",
        entityType: "organisation",
        entityId: orgId.get(o.name)!,
        after: { kind: o.kind, name: o.name, timeZone: o.timeZone },
      })),
      // The buyers' second evaluators joined later through an invitation (seedTeamHistory records that).
      ...memberRows
        .filter((m) => !joinedByInvitation(person.get(m.userId)!.org, person.get(m.userId)!.person))
        .map((m) => {
          const p = person.get(m.userId)!;
          return {
            at: daysAgo(30),
            actorUserId: firstAdmin.get(m.organisationId) ?? null,
            organisationId: m.organisationId,
            action: "membership.created",
            entityType: "membership",
            entityId: m.id,
            // The buyers' viewers started as evaluators (seedTeamHistory records the change).
            after: {
              name: p.person.name,
              email: p.email,
              role: p.person.role === "viewer" ? "evaluator" : m.role,
            },
          };
        }),
    ]);
    await seedPartnerProfiles(tx, orgId);
    await seedEvidence(tx, { orgId, userId });
    await seedEvaluations(tx, { orgId, userId });
    await seedRequests(tx, { orgId, userId });
    await seedTeamHistory(tx, {
      orgId,
      userId,
      membershipOf: new Map(memberRows.map((m) => [m.userId, m.id])),
    });
    await seedMailDemo(tx);
  });
  return DEMO_SIGN_INS;
}

type SeedTx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * A lived-in team history for each buyer: invitations pending, expired, revoked and accepted, a role change and
 * settings changes, each with its audit event, and the mail they sent (seedKeptMail). Invitation tokens are random
 * and discarded once the pending one's message holds its link: only hashes are stored.
 */
async function seedTeamHistory(
  tx: SeedTx,
  ids: { orgId: Map<string, string>; userId: Map<string, string>; membershipOf: Map<string, string> },
) {
  for (const buyer of BUYERS) {
    const org = ids.orgId.get(buyer.name)!;
    const admin = ids.userId.get(`${buyer.people[0].local}@${buyer.domain}`)!;
    const evaluator2 = buyer.people[2];
    const evaluator2Id = ids.userId.get(`${evaluator2.local}@${buyer.domain}`)!;
    const viewer = buyer.people[3];
    const viewerId = ids.userId.get(`${viewer.local}@${buyer.domain}`)!;
    const invites = [
      { email: `cfo@${buyer.domain}`, role: "viewer" as const, created: 2, expires: -5, state: "pending" },
      {
        email: `contractor@${buyer.domain}`,
        role: "evaluator" as const,
        created: 11,
        expires: 4,
        state: "expired",
      },
      {
        email: `old.address@${buyer.domain}`,
        role: "evaluator" as const,
        created: 16,
        expires: -1,
        state: "revoked",
      },
      {
        email: `${evaluator2.local}@${buyer.domain}`,
        role: "evaluator" as const,
        created: 18,
        expires: 11,
        state: "accepted",
      },
    ];
    const tokens = invites.map(() => randomToken());
    const expiresAt = (i: (typeof invites)[number]) => daysAgo(i.expires < 0 ? i.expires : i.created - 7);
    const rows = await tx
      .insert(invitations)
      .values(
        invites.map((i, n) => ({
          organisationId: org,
          email: i.email,
          role: i.role,
          tokenHash: hashToken(tokens[n]),
          createdByUserId: admin,
          createdAt: daysAgo(i.created),
          expiresAt: expiresAt(i),
          revokedAt: i.state === "revoked" ? daysAgo(4) : null,
          acceptedAt: i.state === "accepted" ? daysAgo(17) : null,
          acceptedUserId: i.state === "accepted" ? evaluator2Id : null,
        })),
      )
      .returning({ id: invitations.id, email: invitations.email });
    const inviteId = new Map(rows.map((r) => [r.email, r.id]));
    const event = (
      at: Date,
      actor: string,
      action: string,
      entityType: string,
      entityId: string,
      before: unknown,
      after: unknown,
    ) => ({
      at,
      actorUserId: actor,
      organisationId: org,
      action,
      entityType,
      entityId,
      before,
      after,
    });
    await tx.insert(auditEvents).values([
      ...invites.map((i) =>
        event(daysAgo(i.created), admin, "invitation.created", "invitation", inviteId.get(i.email)!, null, {
          email: i.email,
          role: i.role,
        }),
      ),
      event(
        daysAgo(15),
        admin,
        "invitation.revoked",
        "invitation",
        inviteId.get(`old.address@${buyer.domain}`)!,
        { status: "pending" },
        { status: "revoked" },
      ),
      event(
        daysAgo(17),
        evaluator2Id,
        "invitation.accepted",
        "membership",
        ids.membershipOf.get(evaluator2Id)!,
        null,
        {
          email: `${evaluator2.local}@${buyer.domain}`,
          role: "evaluator",
        },
      ),
      event(
        daysAgo(9),
        admin,
        "membership.role_changed",
        "membership",
        ids.membershipOf.get(viewerId)!,
        { name: viewer.name, role: "evaluator" },
        { role: "viewer" },
      ),
      event(
        daysAgo(8),
        admin,
        "organisation.updated",
        "organisation",
        org,
        { name: buyer.name, timeZone: "UTC" },
        { name: buyer.name, timeZone: buyer.timeZone },
      ),
      event(daysAgo(6), evaluator2Id, "user.password_changed", "user", evaluator2Id, null, {
        otherSessionsEnded: 1,
      }),
      event(daysAgo(3), admin, "password_reset.issued", "membership", ids.membershipOf.get(viewerId)!, null, {
        name: viewer.name,
      }),
      event(daysAgo(3), viewerId, "password_reset.used", "user", viewerId, null, { sessionsEnded: "all" }),
    ]);
    const pending = invites[0];
    await seedKeptMail(tx, {
      organisationId: org,
      organisationName: buyer.name,
      admin: { id: admin, name: buyer.people[0].name },
      invitation: {
        id: inviteId.get(pending.email)!,
        email: pending.email,
        role: pending.role,
        token: tokens[0],
        at: daysAgo(pending.created),
        expiresAt: expiresAt(pending),
      },
      reset: {
        userId: viewerId,
        name: viewer.name,
        email: `${viewer.local}@${buyer.domain}`,
        at: daysAgo(3),
      },
    });
  }
}

/**
 * The mail of a buyer's history, so the demo's Outbox is not empty: the pending invitation (its link works) and the
 * admin's reset for the viewer (used since). Written by the app's queueMail, then settled as the job runner would
 * without SMTP_URL: each message kept and its job done, so a freshly seeded database has no work queued.
 */
async function seedKeptMail(
  tx: SeedTx,
  m: {
    organisationId: string;
    organisationName: string;
    admin: { id: string; name: string };
    invitation: { id: string; email: string; role: string; token: string; at: Date; expiresAt: Date };
    reset: { userId: string; name: string; email: string; at: Date };
  },
) {
  await keptMail(tx, m.invitation.at, {
    kind: "invitation",
    to: m.invitation.email,
    organisationId: m.organisationId,
    occasion: m.invitation.id,
    content: invitationMail({
      organisationName: m.organisationName,
      inviterName: m.admin.name,
      role: m.invitation.role,
      url: portalUrl(`/invite/${m.invitation.token}`),
      expiresAt: m.invitation.expiresAt,
    }),
  });
  const resetToken = randomToken();
  const resetExpires = new Date(m.reset.at.getTime() + RESET_TTL_MS);
  const [reset] = await tx
    .insert(passwordResets)
    .values({
      organisationId: m.organisationId,
      userId: m.reset.userId,
      tokenHash: hashToken(resetToken),
      createdByUserId: m.admin.id,
      createdAt: m.reset.at,
      expiresAt: resetExpires,
      usedAt: m.reset.at,
    })
    .returning({ id: passwordResets.id });
  await keptMail(tx, m.reset.at, {
    kind: "password-reset",
    to: m.reset.email,
    recipientUserId: m.reset.userId,
    organisationId: m.organisationId,
    occasion: reset.id,
    content: adminResetMail({
      name: m.reset.name,
      organisationName: m.organisationName,
      adminName: m.admin.name,
      url: portalUrl(`/reset/${resetToken}`),
      expiresAt: resetExpires,
    }),
  });
}

/** Queues one message dated `at`, then settles it: kept a few seconds later, its job done. */
async function keptMail(tx: SeedTx, at: Date, mail: QueuedMail & { organisationId: string }) {
  await queueMail(tx, mail);
  const keptAt = new Date(at.getTime() + 3000);
  const [message] = await tx
    .update(mailMessages)
    .set({ state: "kept", createdAt: at, sentAt: keptAt })
    .where(
      and(
        eq(mailMessages.organisationId, mail.organisationId),
        eq(mailMessages.kind, mail.kind),
        eq(mailMessages.toAddress, mail.to),
        eq(mailMessages.state, "pending"),
      ),
    )
    .returning({ id: mailMessages.id });
  await tx
    .update(jobs)
    .set({ state: "done", attempts: 1, createdAt: at, runAt: at, finishedAt: keptAt })
    .where(sql`${jobs.payload}->>'messageId' = ${message.id}`);
}
