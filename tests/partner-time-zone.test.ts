// Partner organisations have a time zone too (DESIGN.md "Mail and jobs": reminders at 08:00 in each organisation's
// time zone): chosen at sign-up like a buyer's, and edited by the partner's admins on the settings page (its time zone
// only), version-checked and audited like a buyer's settings.
import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as settingsRoute from "../app/routes/settings";
import * as signupRoute from "../app/routes/signup";
import { accountLinksFor } from "../app/utils/roles";
import { getDb } from "../db/client";
import { auditEvents, organisations } from "../db/schema";
import { createWorld, sessionCookie, type TestUser } from "./factories";
import { callAction, callLoader } from "./remix";

function signUpForm(overrides: Record<string, string | undefined> = {}) {
  const form: Record<string, string | undefined> = {
    _idempotency: randomUUID(),
    kind: "partner",
    organisationName: `Harbour Partners ${randomUUID().slice(0, 8)}`,
    timeZone: "Europe/Berlin",
    name: "Ada Lovelace",
    email: `${randomUUID().slice(0, 8)}@harbour.example`,
    password: "violet tractor harbour 42",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}

async function signUp(form: Record<string, string>) {
  // Each sign-up from its own client address: the per-address throttle is not what this file tests.
  return callAction(signupRoute.action, {
    path: "/signup",
    form,
    context: { clientIp: `10.9.${randomIp()}` },
  });
}
const randomIp = () => `${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function organisationNamed(name: string) {
  const [org] = await getDb().select().from(organisations).where(eq(organisations.name, name));
  return org;
}

describe("sign-up", () => {
  it("gives a partner the time zone it chose, audited with the organisation", async () => {
    const form = signUpForm();
    const res = await signUp(form);
    expect(res.status).toBe(302);
    const org = await organisationNamed(form.organisationName);
    expect(org).toMatchObject({ kind: "partner", timeZone: "Europe/Berlin" });
    const [created] = await getDb()
      .select({ after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, org.id), eq(auditEvents.action, "organisation.created")));
    expect(created.after).toMatchObject({ kind: "partner", timeZone: "Europe/Berlin" });
  });

  it("refuses a time zone not on the list beside its field, keeping what was typed; a form without one keeps UTC", async () => {
    const bad = signUpForm({ timeZone: "Europe/Atlantis" });
    const res = await signUp(bad);
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({
      errors: { timeZone: "Choose your organisation's time zone." },
      values: { timeZone: "Europe/Atlantis", organisationName: bad.organisationName },
    });
    expect(await organisationNamed(bad.organisationName)).toBeUndefined();

    // A client that sends no time zone (the form always does): a partner keeps UTC, a buyer must choose.
    const partner = signUpForm({ timeZone: undefined });
    expect((await signUp(partner)).status).toBe(302);
    expect(await organisationNamed(partner.organisationName)).toMatchObject({ timeZone: "UTC" });
    const buyer = signUpForm({ kind: "buyer", timeZone: undefined });
    expect((await signUp(buyer)).data).toMatchObject({
      errors: { timeZone: "Choose your organisation's time zone." },
    });
  });
});

describe("organisation settings for a partner", () => {
  const open = async (u: TestUser) =>
    callLoader(settingsRoute.loader, { path: "/settings", cookie: await sessionCookie(u) });
  const save = async (u: TestUser, form: Record<string, string>) =>
    callAction(settingsRoute.action, { path: "/settings", cookie: await sessionCookie(u), form });
  const stored = async (id: string) => {
    const [org] = await getDb().select().from(organisations).where(eq(organisations.id, id));
    return org;
  };

  it("lets its admins change the time zone only, with a version check and an audit event", async () => {
    const w = await createWorld();
    const page = await open(w.partnerAdmin);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({
      kind: "partner",
      org: { name: w.partner.name, timeZone: "UTC", version: 1 },
    });

    // A name sent along is not a partner's to change here.
    const saved = await save(w.partnerAdmin, { name: "Renamed", timeZone: "Asia/Tokyo", version: "1" });
    expect(saved.status).toBe(200);
    expect(saved.data).toEqual({ ok: true, message: "Settings saved." });
    expect(await stored(w.partner.id)).toMatchObject({
      name: w.partner.name,
      timeZone: "Asia/Tokyo",
      version: 2,
    });
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, w.partner.id), eq(auditEvents.action, "organisation.updated")))
      .orderBy(desc(auditEvents.at));
    expect(event).toMatchObject({
      organisationId: w.partner.id,
      actorUserId: w.partnerAdmin.userId,
      before: { timeZone: "UTC" },
      after: { timeZone: "Asia/Tokyo" },
    });

    // The form drawn before that save: refused, naming what is stored, keeping what was chosen.
    const stale = await save(w.partnerAdmin, { timeZone: "Europe/Lisbon", version: "1" });
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({
      formError:
        "Someone else saved these settings while you were editing (now: Asia/Tokyo). Check them and save again.",
      values: { timeZone: "Europe/Lisbon" },
    });
    expect(await stored(w.partner.id)).toMatchObject({ timeZone: "Asia/Tokyo", version: 2 });

    const bad = await save(w.partnerAdmin, { timeZone: "Mars/Olympus", version: "2" });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { timeZone: "Choose a time zone from the list." } });
    expect(await stored(w.partner.id)).toMatchObject({ timeZone: "Asia/Tokyo", version: 2 });
  });

  it("is closed to partner members (403), and offered in the account menu to admins of both kinds only", async () => {
    const w = await createWorld();
    expect((await open(w.partnerMember)).status).toBe(403);
    expect((await save(w.partnerMember, { timeZone: "Asia/Tokyo", version: "1" })).status).toBe(403);
    expect(await stored(w.partner.id)).toMatchObject({ timeZone: "UTC", version: 1 });

    const has = (kind: "buyer" | "partner", role: "admin" | "member" | "evaluator" | "viewer") =>
      accountLinksFor(kind, role).some((l) => l.to === "/settings" && l.label === "Organisation settings");
    expect(has("partner", "admin")).toBe(true);
    expect(has("buyer", "admin")).toBe(true);
    expect(has("partner", "member")).toBe(false);
    expect(has("buyer", "evaluator")).toBe(false);
    expect(has("buyer", "viewer")).toBe(false);
  });

  it("keeps a buyer admin's form as it was: name and time zone", async () => {
    const w = await createWorld();
    expect((await open(w.buyerAdmin)).data).toMatchObject({ kind: "buyer" });
    const saved = await save(w.buyerAdmin, {
      name: "Renamed Insurer",
      timeZone: "Europe/London",
      version: "1",
    });
    expect(saved.status).toBe(200);
    expect(await stored(w.buyer.id)).toMatchObject({ name: "Renamed Insurer", timeZone: "Europe/London" });
  });
});
