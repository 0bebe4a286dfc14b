import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as rootRoute from "../app/root";
import * as indexRoute from "../app/routes/_index";
import * as confirmRoute from "../app/routes/confirm.$token";
import * as loginRoute from "../app/routes/login";
import * as signupRoute from "../app/routes/signup";
import { hashToken, passwordHashCount } from "../app/utils/crypto.server";
import { THROTTLE_MAX_PER_ACCOUNT, THROTTLE_MAX_PER_ADDRESS } from "../app/utils/limits";
import { readSession } from "../app/utils/session.server";
import { getDb } from "../db/client";
import {
  auditEvents,
  jobs,
  mailMessages,
  memberships,
  organisations,
  sessions,
  throttleEvents,
  users,
} from "../db/schema";
import { createMember, createOrganisation, TEST_PASSWORD } from "./factories";
import { callAction, callLoader, setCookieOf } from "./remix";

const STRONG = "violet tractor harbour 42";

function signUpForm(overrides: Record<string, string> = {}) {
  return {
    _idempotency: randomUUID(),
    kind: "buyer",
    organisationName: "Acme Insurance",
    timeZone: "Australia/Perth",
    name: "Ada Lovelace",
    email: `${randomUUID().slice(0, 8)}@acme.example`,
    password: STRONG,
    ...overrides,
  };
}

async function signUp(form: Record<string, string>, clientIp?: string) {
  return callAction(signupRoute.action, {
    path: "/signup",
    form,
    ...(clientIp ? { context: { clientIp } } : {}),
  });
}

async function signIn(email: string, password: string, clientIp = "10.0.0.1") {
  return callAction(loginRoute.action, {
    path: "/login",
    form: { email, password, redirectTo: "/" },
    context: { clientIp },
  });
}

describe("sign-up", () => {
  it("creates the user, a buyer organisation with its time zone and an admin membership; the account signs in unconfirmed", async () => {
    const form = signUpForm();
    const res = await signUp(form);
    expect(res.status).toBe(302);
    // The answer says nothing of the account: no session, the same page as for an address that has one.
    expect(res.location).toBe("/confirm?new=1");
    expect(res.headers.get("Set-Cookie")).toBeNull();
    const signedIn = await signIn(form.email, STRONG);
    expect(signedIn.status).toBe(302);
    const cookieHeader = signedIn.headers.get("Set-Cookie")!;
    expect(cookieHeader).toMatch(/HttpOnly/);
    expect(cookieHeader).toMatch(/SameSite=Lax/);

    const db = getDb();
    const [row] = await db
      .select({
        kind: organisations.kind,
        tz: organisations.timeZone,
        role: memberships.role,
        hash: users.passwordHash,
      })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(eq(users.email, form.email));
    expect(row).toMatchObject({ kind: "buyer", tz: "Australia/Perth", role: "admin" });
    expect(row.hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.hash).not.toContain(STRONG);

    const home = await callLoader(indexRoute.loader, { path: "/", cookie: setCookieOf(signedIn) });
    expect(home.data).toMatchObject({
      home: {
        kind: "buyer-admin",
        firstName: "Ada",
        org: { orgName: "Acme Insurance", roleLabel: "Buyer admin" },
      },
    });
  });

  it("writes audit events for the organisation and the membership, never the password or its hash", async () => {
    const form = signUpForm({
      kind: "partner",
      organisationName: `Audit Partner ${randomUUID().slice(0, 6)}`,
    });
    await signUp(form);
    const [user] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, form.email));
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.actorUserId, user.id));
    expect(events.map((e) => e.action).sort()).toEqual(["membership.created", "organisation.created"]);
    const text = JSON.stringify(events);
    expect(text).not.toContain(STRONG);
    expect(text).not.toContain("scrypt$");
  });

  it("refuses a partner name already taken, ignoring case and spaces, and keeps what was typed", async () => {
    await signUp(signUpForm({ kind: "partner", organisationName: "Blue Harbour Partners" }));
    const again = signUpForm({ kind: "partner", organisationName: "  blueharbour   PARTNERS " });
    const res = await signUp(again);
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({
      errors: { organisationName: "A partner with this name is already registered." },
      values: { organisationName: "  blueharbour   PARTNERS ", email: again.email, name: "Ada Lovelace" },
    });
    expect(JSON.stringify(res.data)).not.toContain(STRONG);
    const [n] = await getDb().select({ n: count() }).from(users).where(eq(users.email, again.email));
    expect(n.n).toBe(0);
  });

  it("lets two buyers share a name, so sign-up reveals nothing about which buyers exist", async () => {
    const a = await signUp(signUpForm({ organisationName: "Northern Bank" }));
    const b = await signUp(signUpForm({ organisationName: "northern bank" }));
    expect(a.status).toBe(302);
    expect(b.status).toBe(302);
  });

  it("answers an address that has an account (whatever its case) exactly as a new one, with the same work: a password hashed and one message queued", async () => {
    const first = signUpForm();
    await signUp(first);
    const jobsNow = async () => (await getDb().select({ n: count() }).from(jobs))[0].n;
    const attempt = async (email: string) => {
      const [hashes, queued] = [passwordHashCount(), await jobsNow()];
      const res = await signUp(signUpForm({ email }), "10.0.0.77");
      return {
        answer: {
          status: res.status,
          location: res.location,
          cookie: res.headers.get("Set-Cookie"),
          body: res.data,
        },
        hashed: passwordHashCount() - hashes,
        queued: (await jobsNow()) - queued,
      };
    };
    const taken = await attempt(first.email.toUpperCase());
    const fresh = await attempt(`${randomUUID().slice(0, 8)}@acme.example`);
    expect(taken).toEqual(fresh);
    expect(taken).toMatchObject({
      answer: { status: 302, location: "/confirm?new=1", cookie: null },
      hashed: 1,
      queued: 1,
    });
    // One account for the taken address; its owner is told, the new address is asked to confirm.
    const [n] = await getDb().select({ n: count() }).from(users).where(eq(users.email, first.email));
    expect(n.n).toBe(1);
    const sent = await getDb()
      .select({ kind: mailMessages.kind, to: mailMessages.toAddress })
      .from(mailMessages)
      .where(eq(mailMessages.toAddress, first.email));
    expect(sent.map((m) => m.kind).sort()).toEqual(["confirm-address", "sign-up-attempt"]);
  });

  it.each([
    ["short", "Use at least 12 characters."],
    ["password1234", "too common"],
    ["Password2026!!", "too common"],
    ["123456789012", "too common"],
    ["aaaaaaaaaaaaaaaa", "too common"],
  ])("refuses the password %j beside the password field", async (password, message) => {
    const form = signUpForm({ password });
    const res = await signUp(form);
    expect(res.status).toBe(400);
    expect((res.data as { errors: Record<string, string> }).errors.password).toContain(message);
    expect((res.data as { values: Record<string, string> }).values).not.toHaveProperty("password");
  });

  it("names every bad field at once and creates nothing", async () => {
    const before = await getDb().select({ n: count() }).from(organisations);
    const res = await signUp(
      signUpForm({ kind: "vendor", organisationName: "", email: "not-an-email", name: "" }),
    );
    expect(res.status).toBe(400);
    expect(Object.keys((res.data as { errors: object }).errors).sort()).toEqual(
      expect.arrayContaining(["email", "kind", "name", "organisationName"]),
    );
    const after = await getDb().select({ n: count() }).from(organisations);
    expect(after[0].n).toBe(before[0].n);
  });

  it("asks buyers for a real time zone", async () => {
    const res = await signUp(signUpForm({ timeZone: "Mars/Olympus_Mons" }));
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ errors: { timeZone: "Choose your organisation's time zone." } });
  });

  it("creates one organisation when the same form is sent twice (double click, retry)", async () => {
    const form = signUpForm({ organisationName: "Double Click Ltd" });
    const [a, b] = [await signUp(form), await signUp(form)];
    expect(a.status).toBe(302);
    expect(b.status).toBe(302);
    expect(b.location).toBe("/confirm?new=1");
    const rows = await getDb()
      .select({ n: count() })
      .from(organisations)
      .where(eq(organisations.name, "Double Click Ltd"));
    expect(rows[0].n).toBe(1);
  });
});

describe("address confirmation", () => {
  it("reminds a new account until it follows its mailed link; opening the link changes nothing, its button confirms once", async () => {
    const form = signUpForm({
      kind: "partner",
      organisationName: `Confirm Partner ${randomUUID().slice(0, 6)}`,
    });
    await signUp(form, "10.0.0.78");
    const cookie = setCookieOf(await signIn(form.email, STRONG));
    const shell = async () =>
      (
        (await callLoader(rootRoute.loader, { path: "/", cookie })).data as {
          viewer: { unconfirmed: boolean };
        }
      ).viewer;
    expect(await shell()).toMatchObject({ unconfirmed: true });

    // The link, as the message kept without SMTP holds it.
    const [message] = await getDb()
      .select({ text: mailMessages.textBody })
      .from(mailMessages)
      .where(and(eq(mailMessages.toAddress, form.email), eq(mailMessages.kind, "confirm-address")));
    const token = message.text!.match(/\/confirm\/([\w-]+)/)![1];
    const params = { token };
    const opened = await callLoader(confirmRoute.loader, { path: `/confirm/${token}`, params });
    expect(opened.data).toMatchObject({ status: "valid", email: form.email });
    expect(await shell()).toMatchObject({ unconfirmed: true });

    const confirmed = await callAction(confirmRoute.action, { path: `/confirm/${token}`, params, form: {} });
    expect(confirmed.data).toMatchObject({ confirmed: true });
    expect(await shell()).toMatchObject({ unconfirmed: false });
    const again = await callAction(confirmRoute.action, { path: `/confirm/${token}`, params, form: {} });
    expect(again.data).toMatchObject({ confirmed: false });
    const events = await getDb()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.action, "user.email_confirmed"));
    expect(events).toHaveLength(1);
  });
});

describe("sign-in", () => {
  it("opens a session stored by the hash of the cookie's id", async () => {
    const org = await createOrganisation("buyer");
    const user = await createMember(org, "evaluator");
    const res = await signIn(user.email, TEST_PASSWORD);
    expect(res.status).toBe(302);
    const cookie = setCookieOf(res)!;
    const token = cookie.split("=")[1];
    const rows = await getDb().select().from(sessions).where(eq(sessions.userId, user.userId));
    expect(rows).toHaveLength(1);
    expect(rows[0].idHash).toBe(hashToken(token));
    expect(rows[0].idHash).not.toContain(token);
    expect(rows[0].expiresAt.getTime() - rows[0].createdAt.getTime()).toBe(7 * 24 * 3600 * 1000);
  });

  it("returns to the page asked for, never to another site", async () => {
    const org = await createOrganisation("buyer");
    const user = await createMember(org, "viewer");
    const ok = await callAction(loginRoute.action, {
      path: "/login",
      form: { email: user.email, password: TEST_PASSWORD, redirectTo: "/partners?q=x" },
    });
    expect(ok.location).toBe("/partners?q=x");
    const evil = await callAction(loginRoute.action, {
      path: "/login",
      form: { email: user.email, password: TEST_PASSWORD, redirectTo: "//evil.example/x" },
    });
    expect(evil.location).toBe("/");
  });

  it("answers a wrong password and an unknown e-mail with the same message", async () => {
    const org = await createOrganisation("buyer");
    const user = await createMember(org, "viewer");
    const wrong = await signIn(user.email, "not the right password");
    const unknown = await signIn("nobody@nowhere.example", "not the right password");
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect((wrong.data as { formError: string }).formError).toBe(
      "That e-mail and password do not match an account.",
    );
    expect((unknown.data as { formError: string }).formError).toBe(
      (wrong.data as { formError: string }).formError,
    );
    expect(wrong.data).toMatchObject({ values: { email: user.email } });
  });

  it("throttles an account strictly: after 5 failures even the right password waits, and the message says how long", async () => {
    const org = await createOrganisation("partner");
    const user = await createMember(org, "member");
    for (let i = 0; i < THROTTLE_MAX_PER_ACCOUNT; i++) {
      // Different addresses: the per-account limit does not depend on where the attempts come from.
      expect((await signIn(user.email, "wrong password here", `10.1.0.${i}`)).status).toBe(400);
    }
    const blocked = await signIn(user.email, TEST_PASSWORD, "10.9.9.9");
    expect(blocked.status).toBe(429);
    expect((blocked.data as { formError: string }).formError).toMatch(
      /Too many failed attempts\. Wait 15 minutes/,
    );
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(800);
    expect(setCookieOf(blocked)).toBeUndefined();

    // Another account from the same address is unaffected.
    const other = await createMember(org, "member");
    expect((await signIn(other.email, TEST_PASSWORD, "10.1.0.1")).status).toBe(302);
  });

  it("never locks for good: once the failures leave the 15-minute window, sign-in opens again", async () => {
    const org = await createOrganisation("buyer");
    const user = await createMember(org, "admin");
    for (let i = 0; i < THROTTLE_MAX_PER_ACCOUNT; i++) await signIn(user.email, "wrong password here");
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(429);
    await getDb()
      .update(throttleEvents)
      .set({ createdAt: new Date(Date.now() - 16 * 60 * 1000) })
      .where(and(eq(throttleEvents.scope, "account"), eq(throttleEvents.key, user.email)));
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(302);
  });

  it("throttles an address generously: 100 failures across accounts", async () => {
    const ip = "192.0.2.77";
    await getDb()
      .insert(throttleEvents)
      .values(
        Array.from({ length: THROTTLE_MAX_PER_ADDRESS - 1 }, (_, i) => ({
          scope: "address",
          key: ip,
          createdAt: new Date(Date.now() - i * 1000),
        })),
      );
    const org = await createOrganisation("buyer");
    const user = await createMember(org, "viewer");
    // 99 failures: still open.
    expect((await signIn(user.email, TEST_PASSWORD, ip)).status).toBe(302);
    await signIn("someone@else.example", "wrong password here", ip);
    expect((await signIn(user.email, TEST_PASSWORD, ip)).status).toBe(429);
    expect((await signIn(user.email, TEST_PASSWORD, "192.0.2.78")).status).toBe(302);
  });
});

describe("sessions", () => {
  async function sessionFor() {
    const org = await createOrganisation("buyer");
    const user = await createMember(org, "admin");
    const res = await signIn(user.email, TEST_PASSWORD);
    const cookie = setCookieOf(res)!;
    const idHash = hashToken(cookie.split("=")[1]);
    const request = () => new Request("http://localhost/", { headers: { Cookie: cookie } });
    return { user, cookie, idHash, request };
  }

  it("expire after 12 idle hours", async () => {
    const s = await sessionFor();
    expect(await readSession(s.request())).toMatchObject({ userId: s.user.userId, role: "admin" });
    await getDb()
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 12 * 3600 * 1000 - 1000) })
      .where(eq(sessions.idHash, s.idHash));
    expect(await readSession(s.request())).toBeUndefined();
  });

  it("stay alive while used, and refresh their last-seen time", async () => {
    const s = await sessionFor();
    const elevenHoursAgo = new Date(Date.now() - 11 * 3600 * 1000);
    await getDb().update(sessions).set({ lastSeenAt: elevenHoursAgo }).where(eq(sessions.idHash, s.idHash));
    expect(await readSession(s.request())).toBeDefined();
    const [row] = await getDb().select().from(sessions).where(eq(sessions.idHash, s.idHash));
    expect(row.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("expire 7 days after sign-in however active", async () => {
    const s = await sessionFor();
    await getDb()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000), lastSeenAt: new Date() })
      .where(eq(sessions.idHash, s.idHash));
    expect(await readSession(s.request())).toBeUndefined();
  });

  it("end when their row is deleted (revocation), and when the membership goes", async () => {
    const s = await sessionFor();
    await getDb().delete(sessions).where(eq(sessions.idHash, s.idHash));
    expect(await readSession(s.request())).toBeUndefined();

    const t = await sessionFor();
    await getDb().delete(memberships).where(eq(memberships.userId, t.user.userId));
    expect(await readSession(t.request())).toBeUndefined();
  });

  it("ignore forged or garbage cookies", async () => {
    for (const cookie of ["pl_session=forged", "pl_session=", `pl_session=${"x".repeat(5000)}`, "other=1"]) {
      expect(
        await readSession(new Request("http://localhost/", { headers: { Cookie: cookie } })),
      ).toBeUndefined();
    }
  });
});

describe("the session cookie", () => {
  async function cookieFor(url: string, nodeEnv: "production" | "test") {
    const { setEnv } = await import("../app/utils/config.server");
    const { parseEnv } = await import("../app/utils/env.server");
    setEnv(parseEnv({ NODE_ENV: nodeEnv }));
    try {
      const org = await createOrganisation("buyer");
      const user = await createMember(org, "viewer");
      const res = await callAction(loginRoute.action, {
        path: "/login",
        form: { email: user.email, password: TEST_PASSWORD },
        base: url,
      });
      return res.headers.get("Set-Cookie")!;
    } finally {
      setEnv(parseEnv({ NODE_ENV: "test" }));
    }
  }

  it("is HttpOnly, SameSite=Lax, site-wide, 7 days long, and Secure in production", async () => {
    const cookie = await cookieFor("http://partnerlens.example.com", "production");
    expect(cookie).toMatch(/^pl_session=[\w-]{43}; /);
    for (const attribute of ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=604800", "Secure"]) {
      expect(cookie).toContain(attribute);
    }
  });

  it("is Secure on HTTPS whatever the mode, and not on a local http demo", async () => {
    expect(await cookieFor("https://localhost", "test")).toContain("Secure");
    expect(await cookieFor("http://localhost", "production")).not.toContain("Secure");
  });
});

describe("housekeeping at start-up", () => {
  it("removes expired sessions, failures out of the window and day-old idempotency keys, and nothing live", async () => {
    const { purgeExpired } = await import("../app/utils/session.server");
    const { idempotencyKeys } = await import("../db/schema");
    const org = await createOrganisation("buyer");
    const user = await createMember(org, "viewer");
    const live = await signIn(user.email, TEST_PASSWORD);
    const stale = await signIn(user.email, TEST_PASSWORD);
    const staleHash = hashToken(setCookieOf(stale)!.split("=")[1]);
    await getDb()
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 13 * 3600 * 1000) })
      .where(eq(sessions.idHash, staleHash));
    const key = `housekeeping-${randomUUID()}`;
    await getDb()
      .insert(throttleEvents)
      .values([
        { scope: "account", key, createdAt: new Date(Date.now() - 20 * 60 * 1000) },
        { scope: "account", key, createdAt: new Date() },
      ]);
    await getDb()
      .insert(idempotencyKeys)
      .values([
        { key: `${key}-old`, scope: "test", result: "/", createdAt: new Date(Date.now() - 25 * 3600 * 1000) },
        { key: `${key}-new`, scope: "test", result: "/" },
      ]);
    await purgeExpired();
    const left = await getDb().select().from(sessions).where(eq(sessions.userId, user.userId));
    expect(left.map((s) => s.idHash)).toEqual([hashToken(setCookieOf(live)!.split("=")[1])]);
    expect(await getDb().select().from(throttleEvents).where(eq(throttleEvents.key, key))).toHaveLength(1);
    const keys = await getDb().select({ key: idempotencyKeys.key }).from(idempotencyKeys);
    expect(keys.map((k) => k.key)).toContain(`${key}-new`);
    expect(keys.map((k) => k.key)).not.toContain(`${key}-old`);
  });
});
