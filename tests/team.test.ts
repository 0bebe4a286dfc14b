import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as accountRoute from "../app/routes/account";
import * as auditRoute from "../app/routes/audit._index";
import * as auditCsvRoute from "../app/routes/audit[.]csv";
import * as inviteRoute from "../app/routes/invite.$token";
import * as membersRoute from "../app/routes/members._index";
import * as memberRoute from "../app/routes/members.$memberId";
import * as resetRoute from "../app/routes/reset.$token";
import * as settingsRoute from "../app/routes/settings";
import { readSession } from "../app/utils/session.server";
import { getDb } from "../db/client";
import {
  auditEvents,
  invitations,
  memberships,
  organisations,
  passwordResets,
  sessions,
  users,
} from "../db/schema";
import {
  createMember,
  createOrganisation,
  createWorld,
  sessionCookie,
  TEST_PASSWORD,
  type TestUser,
} from "./factories";
import { callAction, callLoader, type Outcome, setCookieOf } from "./remix";

const NEW_PASSWORD = "granite meadow lantern 7";

async function invite(admin: TestUser, email: string, role: string) {
  const cookie = await sessionCookie(admin);
  const res = await callAction(membersRoute.action, {
    path: "/members",
    cookie,
    form: { intent: "invite", _idempotency: randomUUID(), email, role },
  });
  const link = (res.data as { link?: string }).link;
  return { res, link, token: link?.split("/invite/")[1] };
}

function accept(token: string, form: Record<string, string>, cookie?: string) {
  return callAction(inviteRoute.action, { path: `/invite/${token}`, params: { token }, form, cookie });
}

async function membershipOf(user: TestUser) {
  const [m] = await getDb().select().from(memberships).where(eq(memberships.userId, user.userId));
  return m;
}

function cookieRequest(cookie: string) {
  return new Request("http://localhost/", { headers: { Cookie: cookie } });
}

function message(outcome: Outcome): string {
  const d = outcome.data as { formError?: string; message?: string };
  return d.formError ?? d.message ?? "";
}

describe("invitations", () => {
  it("give a link shown once, stored only as a hash, and audited without the token", async () => {
    const w = await createWorld();
    const { res, link, token } = await invite(w.buyerAdmin, "New.Person@Example.com", "evaluator");
    expect(res.status).toBe(200);
    expect(link).toMatch(/^http:\/\/localhost\/invite\/[\w-]{43}$/);
    const [row] = await getDb().select().from(invitations).where(eq(invitations.organisationId, w.buyer.id));
    expect(row).toMatchObject({ email: "new.person@example.com", role: "evaluator" });
    expect(row.tokenHash).not.toBe(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeCloseTo(7 * 24 * 3600 * 1000, -4);
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.organisationId, w.buyer.id));
    expect(events.map((e) => e.action)).toContain("invitation.created");
    expect(JSON.stringify(events)).not.toContain(token!);
    expect(JSON.stringify(events)).not.toContain(row.tokenHash);
    // The members page never shows the link again.
    const page = await callLoader(membersRoute.loader, {
      path: "/members",
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(JSON.stringify(page.data)).not.toContain(token!);
  });

  it("let the invited person create an account and join with the role, signed in at once, the address confirmed", async () => {
    const w = await createWorld();
    const { token } = await invite(w.buyerAdmin, "cto@example.com", "evaluator");
    const res = await accept(token!, {
      email: "CTO@example.com",
      name: "Casey Tran",
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(302);
    const viewer = await readSession(cookieRequest(setCookieOf(res)!));
    // The invitation was mailed to this address: following it confirms the address (no reminder).
    expect(viewer).toMatchObject({
      email: "cto@example.com",
      organisationId: w.buyer.id,
      role: "evaluator",
      emailConfirmed: true,
    });
    const [inv] = await getDb().select().from(invitations).where(eq(invitations.organisationId, w.buyer.id));
    expect(inv.acceptedAt).not.toBeNull();
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organisationId, w.buyer.id), eq(auditEvents.action, "invitation.accepted")));
    expect(event.actorUserId).toBe(viewer!.userId);
  });

  it("work once: a second use is refused and nothing more is created", async () => {
    const w = await createWorld();
    const { token } = await invite(w.buyerAdmin, "once@example.com", "viewer");
    expect(
      (await accept(token!, { email: "once@example.com", name: "One", password: NEW_PASSWORD })).status,
    ).toBe(302);
    const again = await accept(token!, { email: "once@example.com", name: "Two", password: NEW_PASSWORD });
    expect(again.status).toBe(409);
    expect(message(again)).toBe("This invitation has already been used.");
    const page = await callLoader(inviteRoute.loader, {
      path: `/invite/${token}`,
      params: { token: token! },
    });
    expect(page.data).toMatchObject({ status: "accepted" });
  });

  it("accepted twice at the same moment creates one membership", async () => {
    const w = await createWorld();
    const { token } = await invite(w.buyerAdmin, "race@example.com", "viewer");
    const results = await Promise.allSettled([
      accept(token!, { email: "race@example.com", name: "Race A", password: NEW_PASSWORD }),
      accept(token!, { email: "race@example.com", name: "Race B", password: NEW_PASSWORD }),
    ]);
    const statuses = results.map((r) => (r.status === "fulfilled" ? r.value.status : 500));
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    const [n] = await getDb().select({ n: count() }).from(users).where(eq(users.email, "race@example.com"));
    expect(n.n).toBe(1);
  });

  it("work only for the e-mail they were made for", async () => {
    const w = await createWorld();
    const { token } = await invite(w.buyerAdmin, "intended@example.com", "viewer");
    const res = await accept(token!, {
      email: "someone.else@example.com",
      name: "Mallory",
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({
      errors: { email: "This invitation was made for another e-mail address." },
    });
    const [n] = await getDb()
      .select({ n: count() })
      .from(users)
      .where(eq(users.email, "someone.else@example.com"));
    expect(n.n).toBe(0);
  });

  it("stop working when revoked or expired", async () => {
    const w = await createWorld();
    const admin = await sessionCookie(w.buyerAdmin);
    const revoked = await invite(w.buyerAdmin, "revoked@example.com", "viewer");
    const [row] = await getDb()
      .select()
      .from(invitations)
      .where(eq(invitations.email, "revoked@example.com"));
    const rv = await callAction(membersRoute.action, {
      path: "/members",
      cookie: admin,
      form: { intent: "revoke", invitationId: row.id },
    });
    expect(rv.status).toBe(200);
    const r1 = await accept(revoked.token!, {
      email: "revoked@example.com",
      name: "R",
      password: NEW_PASSWORD,
    });
    expect(r1.status).toBe(409);
    expect(message(r1)).toMatch(/revoked/);

    const expired = await invite(w.buyerAdmin, "expired@example.com", "viewer");
    await getDb()
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.email, "expired@example.com"));
    const r2 = await accept(expired.token!, {
      email: "expired@example.com",
      name: "E",
      password: NEW_PASSWORD,
    });
    expect(r2.status).toBe(409);
    expect(message(r2)).toMatch(/expired/);
    const [n] = await getDb()
      .select({ n: count() })
      .from(memberships)
      .where(eq(memberships.organisationId, w.buyer.id));
    expect(n.n).toBe(6 - 2); // the four buyer people of the world, nobody else
  });

  it("tell a person with an account in another organisation that they cannot join a second one", async () => {
    const w = await createWorld();
    const { token } = await invite(w.buyerAdmin, w.partnerMember.email, "evaluator");
    const page = await callLoader(inviteRoute.loader, {
      path: `/invite/${token}`,
      params: { token: token! },
    });
    expect(page.data).toMatchObject({ account: "member-elsewhere" });
    const res = await accept(token!, { email: w.partnerMember.email, password: TEST_PASSWORD });
    expect(res.status).toBe(409);
    expect(message(res)).toMatch(/another organisation.*only one/);
    expect((await membershipOf(w.partnerMember)).organisationId).toBe(w.partner.id);
  });

  it("let a removed person rejoin with the password of their existing account", async () => {
    const w = await createWorld();
    const m = await membershipOf(w.viewer);
    const admin = await sessionCookie(w.buyerAdmin);
    await callAction(memberRoute.action, {
      path: `/members/${m.id}`,
      params: { memberId: m.id },
      cookie: admin,
      form: { intent: "remove", version: String(m.version) },
    });
    const { token } = await invite(w.buyerAdmin, w.viewer.email, "evaluator");
    const wrong = await accept(token!, { email: w.viewer.email, password: "not my password at all" });
    expect(wrong.status).toBe(400);
    expect(wrong.data).toMatchObject({
      errors: { password: "That is not the password of your existing account." },
    });
    const ok = await accept(token!, { email: w.viewer.email, password: TEST_PASSWORD });
    expect(ok.status).toBe(302);
    expect((await membershipOf(w.viewer)).role).toBe("evaluator");
  });

  it("carry only roles of the inviter's kind: a partner admin cannot invite a buyer role, nor into a buyer", async () => {
    const w = await createWorld();
    const bad = await invite(w.partnerAdmin, "sneaky@example.com", "evaluator");
    expect(bad.res.status).toBe(400);
    expect(bad.res.data).toMatchObject({ errors: { role: "Choose a role." } });
    const good = await invite(w.partnerAdmin, "delivery@example.com", "member");
    expect(good.res.status).toBe(200);
    const rows = await getDb()
      .select()
      .from(invitations)
      .where(eq(invitations.email, "delivery@example.com"));
    expect(rows.map((r) => r.organisationId)).toEqual([w.partner.id]);
    const none = await getDb().select().from(invitations).where(eq(invitations.organisationId, w.buyer.id));
    expect(none).toHaveLength(0);
  });

  it("refuse a duplicate pending invitation and an existing member, beside the e-mail field", async () => {
    const w = await createWorld();
    await invite(w.buyerAdmin, "dup@example.com", "viewer");
    const dup = await invite(w.buyerAdmin, "DUP@example.com", "viewer");
    expect(dup.res.status).toBe(400);
    expect(dup.res.data).toMatchObject({
      errors: { email: expect.stringContaining("pending invitation") },
      values: { email: "DUP@example.com" },
    });
    const member = await invite(w.buyerAdmin, w.evaluator.email, "viewer");
    expect(member.res.data).toMatchObject({
      errors: { email: "This person is already a member of your organisation." },
    });
  });

  it("cannot be revoked by another organisation's admin (404, unchanged)", async () => {
    const w = await createWorld();
    await invite(w.buyerAdmin, "target@example.com", "viewer");
    const [row] = await getDb().select().from(invitations).where(eq(invitations.email, "target@example.com"));
    const other = await createMember(await createOrganisation("buyer"), "admin");
    const res = await callAction(membersRoute.action, {
      path: "/members",
      cookie: await sessionCookie(other),
      form: { intent: "revoke", invitationId: row.id },
    });
    expect(res.status).toBe(404);
    const [after] = await getDb().select().from(invitations).where(eq(invitations.id, row.id));
    expect(after.revokedAt).toBeNull();
  });
});

describe("roles and removal", () => {
  async function changeRole(admin: TestUser, target: TestUser, role: string, version?: number) {
    const m = await membershipOf(target);
    return callAction(memberRoute.action, {
      path: `/members/${m.id}`,
      params: { memberId: m.id },
      cookie: await sessionCookie(admin),
      form: { intent: "role", role, version: String(version ?? m.version) },
    });
  }

  it("changes a role, audited with before and after", async () => {
    const w = await createWorld();
    const res = await changeRole(w.buyerAdmin, w.evaluator, "viewer");
    expect(res.status).toBe(200);
    expect(message(res)).toBe("Role changed from Evaluator to Viewer.");
    const m = await membershipOf(w.evaluator);
    expect(m).toMatchObject({ role: "viewer", version: 2 });
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, m.id), eq(auditEvents.action, "membership.role_changed")));
    expect(event.before).toMatchObject({ role: "evaluator" });
    expect(event.after).toEqual({ role: "viewer" });
  });

  it("detects a concurrent change instead of overwriting it", async () => {
    const w = await createWorld();
    const stale = (await membershipOf(w.evaluator)).version;
    await changeRole(w.buyerAdmin, w.evaluator, "viewer");
    const res = await changeRole(w.buyerAdmin, w.evaluator, "admin", stale);
    expect(res.status).toBe(409);
    expect(message(res)).toMatch(/Someone else changed .* \(the role is now viewer\)/);
    expect((await membershipOf(w.evaluator)).role).toBe("viewer");
  });

  it("never demotes or removes the last admin", async () => {
    const w = await createWorld();
    const demote = await changeRole(w.buyerAdmin, w.buyerAdmin, "viewer");
    expect(demote.status).toBe(409);
    expect(message(demote)).toMatch(/last admin/);
    const m = await membershipOf(w.buyerAdmin);
    const remove = await callAction(memberRoute.action, {
      path: `/members/${m.id}`,
      params: { memberId: m.id },
      cookie: await sessionCookie(w.buyerAdmin),
      form: { intent: "remove", version: String(m.version) },
    });
    expect(remove.status).toBe(409);
    expect((await membershipOf(w.buyerAdmin)).role).toBe("admin");
    // With a second admin, the first may step down.
    await changeRole(w.buyerAdmin, w.evaluator, "admin");
    expect((await changeRole(w.buyerAdmin, w.buyerAdmin, "viewer")).status).toBe(200);
  });

  it("ends a removed member's sessions at once", async () => {
    const w = await createWorld();
    const theirCookie = await sessionCookie(w.evaluator);
    expect(await readSession(cookieRequest(theirCookie))).toBeDefined();
    const m = await membershipOf(w.evaluator);
    const res = await callAction(memberRoute.action, {
      path: `/members/${m.id}`,
      params: { memberId: m.id },
      cookie: await sessionCookie(w.buyerAdmin),
      form: { intent: "remove", version: String(m.version) },
    });
    expect(res.status).toBe(302);
    expect(await readSession(cookieRequest(theirCookie))).toBeUndefined();
    const [n] = await getDb()
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, w.evaluator.userId));
    expect(n.n).toBe(0);
  });

  it("answers another organisation's member with 404 and changes nothing", async () => {
    const w = await createWorld();
    const other = await createMember(await createOrganisation("buyer"), "admin");
    const res = await changeRole(other, w.evaluator, "admin");
    expect(res.status).toBe(404);
    expect((await membershipOf(w.evaluator)).role).toBe("evaluator");
  });
});

describe("password reset by link", () => {
  async function issue(admin: TestUser, target: TestUser) {
    const m = await membershipOf(target);
    const res = await callAction(memberRoute.action, {
      path: `/members/${m.id}`,
      params: { memberId: m.id },
      cookie: await sessionCookie(admin),
      form: { intent: "reset" },
    });
    const link = (res.data as { link?: string }).link;
    return { res, token: link?.split("/reset/")[1] };
  }

  function use(token: string, password = NEW_PASSWORD) {
    return callAction(resetRoute.action, { path: `/reset/${token}`, params: { token }, form: { password } });
  }

  it("sets a new password once and ends all of that person's sessions", async () => {
    const w = await createWorld();
    const theirCookie = await sessionCookie(w.evaluator);
    const { res, token } = await issue(w.buyerAdmin, w.evaluator);
    expect(res.status).toBe(200);
    const [row] = await getDb()
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.userId, w.evaluator.userId));
    expect(row.tokenHash).not.toBe(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeCloseTo(3600 * 1000, -4);

    const used = await use(token!);
    expect(used.status).toBe(302);
    expect(used.location).toBe("/login?reset=1");
    expect(await readSession(cookieRequest(theirCookie))).toBeUndefined();
    const again = await use(token!, "another fine password 9");
    expect(again.status).toBe(409);
    expect(message(again)).toMatch(/already been used/);
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.organisationId, w.buyer.id));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["password_reset.issued", "password_reset.used"]),
    );
    expect(JSON.stringify(events)).not.toContain(token!);
  });

  it("expires after an hour", async () => {
    const w = await createWorld();
    const { token } = await issue(w.buyerAdmin, w.viewer);
    await getDb()
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResets.userId, w.viewer.userId));
    const res = await use(token!);
    expect(res.status).toBe(409);
    expect(message(res)).toMatch(/expired/);
    const page = await callLoader(resetRoute.loader, { path: `/reset/${token}`, params: { token: token! } });
    expect(page.data).toMatchObject({ status: "expired" });
  });

  it("cannot be issued for an admin (a silent takeover)", async () => {
    const w = await createWorld();
    const second = await createMember(w.buyer, "admin");
    const { res } = await issue(w.buyerAdmin, second);
    expect(res.status).toBe(409);
    expect(message(res)).toMatch(/cannot reset another admin/);
    const [n] = await getDb()
      .select({ n: count() })
      .from(passwordResets)
      .where(eq(passwordResets.userId, second.userId));
    expect(n.n).toBe(0);
  });

  it("cannot be issued for another organisation's member", async () => {
    const w = await createWorld();
    const other = await createMember(await createOrganisation("buyer"), "admin");
    const { res } = await issue(other, w.viewer);
    expect(res.status).toBe(404);
  });

  it("refuses a weak new password beside the field and keeps the link usable", async () => {
    const w = await createWorld();
    const { token } = await issue(w.buyerAdmin, w.viewer);
    const weak = await use(token!, "password1234");
    expect(weak.status).toBe(400);
    expect(weak.data).toMatchObject({ errors: { password: expect.stringContaining("too common") } });
    expect((await use(token!)).status).toBe(302);
  });

  it("a newer link replaces an older unused one", async () => {
    const w = await createWorld();
    const first = await issue(w.buyerAdmin, w.viewer);
    await issue(w.buyerAdmin, w.viewer);
    expect((await use(first.token!)).status).toBe(409);
  });
});

describe("your account: sessions and password", () => {
  it("lists your sessions with device and marks this one; ends one, or all others", async () => {
    const w = await createWorld();
    const here = await sessionCookie(w.viewer);
    await sessionCookie(w.viewer);
    await sessionCookie(w.viewer);
    const page = await callLoader(accountRoute.loader, { path: "/account", cookie: here });
    const list = (page.data as { sessions: { id: string; current: boolean; device: string }[] }).sessions;
    expect(list).toHaveLength(3);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const other = list.find((s) => !s.current)!;
    const end = await callAction(accountRoute.action, {
      path: "/account",
      cookie: here,
      form: { intent: "end-session", sessionId: other.id },
    });
    expect(end.status).toBe(200);
    const rest = await callAction(accountRoute.action, {
      path: "/account",
      cookie: here,
      form: { intent: "end-others" },
    });
    expect(message(rest)).toBe("Signed out 1 other device.");
    expect(await readSession(cookieRequest(here))).toBeDefined();
    const [n] = await getDb()
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, w.viewer.userId));
    expect(n.n).toBe(1);
  });

  it("cannot end someone else's session", async () => {
    const w = await createWorld();
    const theirs = await sessionCookie(w.evaluator);
    const [row] = await getDb().select().from(sessions).where(eq(sessions.userId, w.evaluator.userId));
    const res = await callAction(accountRoute.action, {
      path: "/account",
      cookie: await sessionCookie(w.buyerAdmin),
      form: { intent: "end-session", sessionId: row.publicId },
    });
    expect(res.status).toBe(404);
    expect(await readSession(cookieRequest(theirs))).toBeDefined();
  });

  it("changes the password after checking the current one, ending the other sessions only", async () => {
    const w = await createWorld();
    const here = await sessionCookie(w.evaluator);
    const elsewhere = await sessionCookie(w.evaluator);
    const wrong = await callAction(accountRoute.action, {
      path: "/account",
      cookie: here,
      form: { intent: "password", currentPassword: "not it at all", newPassword: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.data).toMatchObject({ errors: { currentPassword: "That is not your current password." } });
    const ok = await callAction(accountRoute.action, {
      path: "/account",
      cookie: here,
      form: { intent: "password", currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(ok.status).toBe(200);
    expect(message(ok)).toMatch(/1 other device was signed out/);
    expect(await readSession(cookieRequest(here))).toBeDefined();
    expect(await readSession(cookieRequest(elsewhere))).toBeUndefined();
    const [user] = await getDb().select().from(users).where(eq(users.id, w.evaluator.userId));
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.actorUserId, w.evaluator.userId), eq(auditEvents.action, "user.password_changed")),
      );
    expect(JSON.stringify(event)).not.toContain("scrypt");
  });
});

describe("organisation settings", () => {
  async function save(admin: TestUser, form: Record<string, string>) {
    return callAction(settingsRoute.action, { path: "/settings", cookie: await sessionCookie(admin), form });
  }

  it("lets a buyer admin set the name and time zone, audited", async () => {
    const w = await createWorld();
    const res = await save(w.buyerAdmin, {
      name: "Renamed Insurer",
      timeZone: "Europe/London",
      version: "1",
    });
    expect(res.status).toBe(200);
    const [org] = await getDb().select().from(organisations).where(eq(organisations.id, w.buyer.id));
    expect(org).toMatchObject({ name: "Renamed Insurer", timeZone: "Europe/London", version: 2 });
  });

  it("keeps what was typed and names the field for a bad value; refuses a stale version", async () => {
    const w = await createWorld();
    const bad = await save(w.buyerAdmin, { name: "X", timeZone: "Europe/Atlantis", version: "1" });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      errors: { name: expect.any(String), timeZone: "Choose a time zone from the list." },
      values: { name: "X", timeZone: "Europe/Atlantis" },
    });
    await save(w.buyerAdmin, { name: "First Save", timeZone: "UTC", version: "1" });
    const stale = await save(w.buyerAdmin, { name: "Second Save", timeZone: "UTC", version: "1" });
    expect(stale.status).toBe(409);
    expect(message(stale)).toMatch(/Someone else saved/);
    const [org] = await getDb().select().from(organisations).where(eq(organisations.id, w.buyer.id));
    expect(org.name).toBe("First Save");
  });
});

describe("audit log page and export", () => {
  async function seedEvents(w: Awaited<ReturnType<typeof createWorld>>) {
    const db = getDb();
    const base = Date.parse("2026-03-10T12:00:00Z");
    await db.insert(auditEvents).values(
      Array.from({ length: 60 }, (_, i) => ({
        at: new Date(base + i * 3600 * 1000),
        actorUserId: i % 2 ? w.buyerAdmin.userId : w.evaluator.userId,
        organisationId: w.buyer.id,
        action: i % 3 ? "membership.role_changed" : "invitation.created",
        entityType: "membership",
        entityId: `e${i}`,
        after: { name: i === 0 ? '=HYPERLINK("http://evil")' : `n${i}` },
      })),
    );
  }

  it("filters by person, action and date, and pages by 50", async () => {
    const w = await createWorld();
    await seedEvents(w);
    const cookie = await sessionCookie(w.buyerAdmin);
    const all = await callLoader(auditRoute.loader, { path: "/audit", cookie });
    const d = all.data as { total: number; events: unknown[]; pages: number; next: string | null };
    expect(d.total).toBe(60);
    expect(d.events).toHaveLength(50);
    expect(d.pages).toBe(2);
    const page2 = await callLoader(auditRoute.loader, { path: `/audit${d.next}`, cookie });
    expect((page2.data as { events: unknown[] }).events).toHaveLength(10);

    const byPerson = await callLoader(auditRoute.loader, {
      path: `/audit?person=${w.evaluator.userId}`,
      cookie,
    });
    expect((byPerson.data as { total: number }).total).toBe(30);
    const byAction = await callLoader(auditRoute.loader, {
      path: "/audit?action=invitation.created",
      cookie,
    });
    expect((byAction.data as { total: number }).total).toBe(20);
    // Days in the buyer's zone (Australia/Sydney, +11 in March): 10 March 23:00 Sydney = 12:00 UTC.
    const oneDay = await callLoader(auditRoute.loader, {
      path: "/audit?from=2026-03-11&to=2026-03-11",
      cookie,
    });
    expect((oneDay.data as { total: number }).total).toBe(24);
  });

  it("names a bad filter at its field", async () => {
    const w = await createWorld();
    const cookie = await sessionCookie(w.buyerAdmin);
    const res = await callLoader(auditRoute.loader, {
      path: `/audit?from=2026-02-30&to=2026-01-01&person=${randomUUID()}`,
      cookie,
    });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      errors: { from: "Enter a date like 2026-11-01.", person: "Choose a person from the list." },
    });
    const reversed = await callLoader(auditRoute.loader, {
      path: "/audit?from=2026-03-02&to=2026-03-01",
      cookie,
    });
    expect(reversed.data).toMatchObject({ errors: { to: "The end date is before the start date." } });
  });

  it("shows only the organisation's own events", async () => {
    const w = await createWorld();
    await seedEvents(w);
    const other = await createMember(await createOrganisation("buyer"), "admin");
    const res = await callLoader(auditRoute.loader, { path: "/audit", cookie: await sessionCookie(other) });
    expect((res.data as { total: number }).total).toBe(0);
    const csv = await callLoader(auditCsvRoute.loader, {
      path: "/audit.csv",
      cookie: await sessionCookie(other),
    });
    expect((csv.data as string).trim().split("\r\n")).toHaveLength(1);
  });

  it("exports CSV with a BOM, CRLF, RFC 4180 quoting and the formula guard", async () => {
    const w = await createWorld();
    await seedEvents(w);
    const trickster = await createMember(w.buyer, "evaluator", "=cmd|' /C calc'!A0");
    await getDb()
      .insert(auditEvents)
      .values({
        actorUserId: trickster.userId,
        organisationId: w.buyer.id,
        action: "invitation.created",
        entityType: "invitation",
        entityId: "-1+1",
        after: { note: 'a "quoted", line\nbreak' },
      });
    const cookie = await sessionCookie(w.buyerAdmin);
    const response = (await auditCsvRoute.loader({
      request: new Request("http://localhost/audit.csv?action=invitation.created", {
        headers: { Cookie: cookie },
      }),
      params: {},
      context: { cspNonce: "", clientIp: "127.0.0.1" },
    })) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("at (UTC),person,e-mail,action,description,entity type,entity id,before,after");
    expect(lines.at(-1)).toBe("");
    const last = lines.at(-2)!;
    expect(last).toContain(",'=cmd|' /C calc'!A0,");
    expect(last).toContain(",'-1+1,");
    expect(last).toContain('"{""note"":""a \\""quoted\\"", line\\nbreak""}"');
    expect(lines).toHaveLength(1 + 21 + 1);
  });
});
