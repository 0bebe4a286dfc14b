import { count, eq } from "drizzle-orm";
import { orgNameKey } from "../app/models/auth.server";
import { hashPassword } from "../app/utils/crypto.server";
import type { Db } from "./client";
import { auditEvents, type MemberRole, memberships, type OrgKind, organisations, users } from "./schema";

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
        })),
      )
      .returning({ id: organisations.id, name: organisations.name });
    const orgId = new Map(orgRows.map((r) => [r.name, r.id]));
    const people = DEMO_ORGS.flatMap((o) =>
      o.people.map((p) => ({ org: o, person: p, email: `${p.local}@${o.domain}` })),
    );
    const userRows = await tx
      .insert(users)
      .values(people.map((p) => ({ email: p.email, name: p.person.name, passwordHash })))
      .returning({ id: users.id, email: users.email });
    const userId = new Map(userRows.map((r) => [r.email, r.id]));
    const memberRows = await tx
      .insert(memberships)
      .values(
        people.map((p) => ({
          organisationId: orgId.get(p.org.name)!,
          userId: userId.get(p.email)!,
          role: p.person.role,
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
    await tx.insert(auditEvents).values([
      ...DEMO_ORGS.map((o) => ({
        actorUserId: firstAdmin.get(orgId.get(o.name)!) ?? null,
        organisationId: orgId.get(o.name)!,
        action: "organisation.created",
        entityType: "organisation",
        entityId: orgId.get(o.name)!,
        after: { kind: o.kind, name: o.name, timeZone: o.timeZone },
      })),
      ...memberRows.map((m) => ({
        actorUserId: firstAdmin.get(m.organisationId) ?? null,
        organisationId: m.organisationId,
        action: "membership.created",
        entityType: "membership",
        entityId: m.id,
        after: { userId: m.userId, role: m.role },
      })),
    ]);
  });
  return DEMO_SIGN_INS;
}
