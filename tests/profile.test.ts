import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { credentialState, todayUtc } from "../app/domain/profile";
import * as overviewRoute from "../app/routes/profile._index";
import * as certificationsRoute from "../app/routes/profile.certifications";
import * as documentsRoute from "../app/routes/profile.documents";
import * as factsRoute from "../app/routes/profile.facts";
import * as membershipRoute from "../app/routes/profile.membership";
import * as providersRoute from "../app/routes/profile.providers";
import * as referencesRoute from "../app/routes/profile.references._index";
import * as referenceRoute from "../app/routes/profile.references.$referenceId/route";
import * as newReferenceRoute from "../app/routes/profile.references.new";
import * as specializationsRoute from "../app/routes/profile.specializations";
import * as supportRoute from "../app/routes/profile.support";
import { getDb } from "../db/client";
import {
  auditEvents,
  certifications,
  modelProviderClaims,
  networkMemberships,
  partnerProfiles,
  practiceDocuments,
  referenceDeployments,
  referenceOutcomes,
  specializations,
  supportTerms,
} from "../db/schema";
import { createMember, createOrganisation, createWorld, sessionCookie, type TestUser } from "./factories";
import { callAction, callLoader, type Outcome } from "./remix";

type Route = { action: Parameters<typeof callAction>[0]; loader: Parameters<typeof callLoader>[0] };

async function post(
  route: Route,
  user: TestUser,
  path: string,
  form: Record<string, string> | FormData,
  params: Record<string, string> = {},
) {
  return callAction(route.action, { path, params, cookie: await sessionCookie(user), form });
}

function failure(outcome: Outcome) {
  return outcome.data as {
    errors: Record<string, string>;
    values: Record<string, string>;
    checked: Record<string, string[]>;
    formError?: string;
  };
}

const daysFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function profileRow(orgId: string) {
  const [row] = await getDb().select().from(partnerProfiles).where(eq(partnerProfiles.organisationId, orgId));
  return row;
}

async function eventsOf(orgId: string) {
  return getDb().select().from(auditEvents).where(eq(auditEvents.organisationId, orgId));
}

const CERT = {
  track: "OpenAI Solutions Architect",
  certifiedStaff: "12",
  issuedOn: "2025-01-15",
  expiresOn: "",
};

async function addCertification(user: TestUser, fields: Record<string, string> = {}) {
  const res = await post(certificationsRoute, user, "/profile/certifications", {
    intent: "create",
    _idempotency: randomUUID(),
    ...CERT,
    ...fields,
  });
  expect(res.status).toBe(200);
  const [row] = await getDb()
    .select()
    .from(certifications)
    .where(
      and(
        eq(certifications.organisationId, user.organisationId),
        eq(certifications.track, fields.track ?? CERT.track),
      ),
    );
  return row;
}

describe("facts", () => {
  it("saves the facts with a version, touches profile_updated_at and audits the change", async () => {
    const w = await createWorld();
    const before = await profileRow(w.partner.id);
    const form = new FormData();
    for (const [k, v] of Object.entries({
      intent: "save",
      version: String(before.version),
      partnerType: "consultancy",
      hqCountry: "AU",
      headcountBand: "50-249",
      website: "https://example.com",
      description: "We build agents.",
    }))
      form.append(k, v);
    form.append("regions", "oceania");
    form.append("regions", "asia_pacific");
    const res = await post(factsRoute, w.partnerMember, "/profile/facts", form);
    expect(res.status).toBe(302);
    const after = await profileRow(w.partner.id);
    expect(after).toMatchObject({
      partnerType: "consultancy",
      hqCountry: "AU",
      regions: ["asia_pacific", "oceania"],
      website: "https://example.com",
      version: before.version + 1,
    });
    expect(after.profileUpdatedAt.getTime()).toBeGreaterThan(before.profileUpdatedAt.getTime());
    const events = await eventsOf(w.partner.id);
    expect(events.map((e) => e.action)).toContain("profile.facts.updated");
  });

  it("refuses bad input beside each field, keeps every value and writes nothing", async () => {
    const w = await createWorld();
    const before = await profileRow(w.partner.id);
    const form = new FormData();
    for (const [k, v] of Object.entries({
      intent: "save",
      version: String(before.version),
      partnerType: "wizard",
      hqCountry: "XX",
      website: "ftp://example.com",
      description: "x".repeat(601),
    }))
      form.append(k, v);
    form.append("regions", "europe");
    form.append("regions", "atlantis");
    const res = await post(factsRoute, w.partnerAdmin, "/profile/facts", form);
    expect(res.status).toBe(400);
    const f = failure(res);
    expect(Object.keys(f.errors).sort()).toEqual([
      "description",
      "hqCountry",
      "partnerType",
      "regions",
      "website",
    ]);
    expect(f.values).toMatchObject({ website: "ftp://example.com", hqCountry: "XX" });
    expect(f.checked.regions).toEqual(["europe", "atlantis"]);
    expect(await profileRow(w.partner.id)).toEqual(before);
  });

  it("offers countries by name with their ISO codes", async () => {
    const w = await createWorld();
    const page = await callLoader(factsRoute.loader, {
      path: "/profile/facts",
      cookie: await sessionCookie(w.partnerAdmin),
    });
    const countries = (page.data as { countries: { value: string; label: string }[] }).countries;
    expect(countries).toContainEqual({ value: "AU", label: "Australia" });
    expect(countries).toContainEqual({ value: "DE", label: "Germany" });
    expect(countries.every((c) => c.value === "" || /^[A-Z]{2}$/.test(c.value))).toBe(true);
  });

  it("answers a stale version with 409 naming the other change, unchanged", async () => {
    const w = await createWorld();
    const v = (await profileRow(w.partner.id)).version;
    const base = { intent: "save", version: String(v), headcountBand: "1-49" };
    expect(
      (await post(factsRoute, w.partnerAdmin, "/profile/facts", { ...base, website: "https://a.example" }))
        .status,
    ).toBe(302);
    const res = await post(factsRoute, w.partnerMember, "/profile/facts", {
      ...base,
      website: "https://b.example",
    });
    expect(res.status).toBe(409);
    expect(failure(res).formError).toMatch(/Someone else saved the facts.*website https:\/\/a\.example/);
    expect(failure(res).values.website).toBe("https://b.example");
    expect((await profileRow(w.partner.id)).website).toBe("https://a.example");
  });
});

describe("membership and support terms", () => {
  it("creates the membership on first save, versions it after, refuses a future date and removes it", async () => {
    const w = await createWorld();
    const bad = await post(membershipRoute, w.partnerAdmin, "/profile/membership", {
      intent: "save",
      version: "",
      tier: "platinum",
      memberSince: daysFromToday(3),
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(failure(bad).errors).sort()).toEqual(["memberSince", "tier"]);
    expect(
      await getDb()
        .select()
        .from(networkMemberships)
        .where(eq(networkMemberships.organisationId, w.partner.id)),
    ).toHaveLength(0);

    const ok = await post(membershipRoute, w.partnerAdmin, "/profile/membership", {
      intent: "save",
      version: "",
      tier: "advanced",
      memberSince: "2024-03-01",
      forwardDeployedExperts: "on",
    });
    expect(ok.status).toBe(302);
    const [row] = await getDb()
      .select()
      .from(networkMemberships)
      .where(eq(networkMemberships.organisationId, w.partner.id));
    expect(row).toMatchObject({ tier: "advanced", forwardDeployedExperts: true, version: 1 });

    await post(membershipRoute, w.partnerMember, "/profile/membership", {
      intent: "save",
      version: "1",
      tier: "elite",
      memberSince: "2024-03-01",
    });
    const stale = await post(membershipRoute, w.partnerAdmin, "/profile/membership", {
      intent: "save",
      version: "1",
      tier: "select",
    });
    expect(stale.status).toBe(409);
    expect(failure(stale).formError).toMatch(/it now says tier Elite/);
    expect(
      (
        await getDb()
          .select()
          .from(networkMemberships)
          .where(eq(networkMemberships.organisationId, w.partner.id))
      )[0].tier,
    ).toBe("elite");

    const removed = await post(membershipRoute, w.partnerAdmin, "/profile/membership", {
      intent: "remove",
      version: "2",
    });
    expect(removed.status).toBe(302);
    expect(
      await getDb()
        .select()
        .from(networkMemberships)
        .where(eq(networkMemberships.organisationId, w.partner.id)),
    ).toHaveLength(0);
    const actions = (await eventsOf(w.partner.id)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "profile.membership.created",
        "profile.membership.updated",
        "profile.membership.deleted",
      ]),
    );
  });

  it("validates support terms (ranges, whole numbers, choices) and keeps the values", async () => {
    const w = await createWorld();
    const res = await post(supportRoute, w.partnerMember, "/profile/support", {
      intent: "save",
      version: "",
      supportHours: "always",
      p1ResponseMinutes: "0",
      p1ResolutionHours: "abc",
      warrantyDays: "3651",
      maintenanceModel: "",
      rollbackRunbook: "on",
    });
    expect(res.status).toBe(400);
    const f = failure(res);
    expect(Object.keys(f.errors).sort()).toEqual([
      "maintenanceModel",
      "p1ResolutionHours",
      "p1ResponseMinutes",
      "supportHours",
      "warrantyDays",
    ]);
    expect(f.values).toMatchObject({ p1ResolutionHours: "abc", rollbackRunbook: "on" });
    expect(
      await getDb().select().from(supportTerms).where(eq(supportTerms.organisationId, w.partner.id)),
    ).toHaveLength(0);

    const good = {
      intent: "save",
      version: "",
      supportHours: "24x7",
      p1ResponseMinutes: "30",
      p1ResolutionHours: "8",
      warrantyDays: "90",
      maintenanceModel: "co_managed",
      monitoringIncluded: "on",
    };
    expect((await post(supportRoute, w.partnerMember, "/profile/support", good)).status).toBe(302);
    // The same form sent twice (a double click) changes nothing and is no conflict.
    expect((await post(supportRoute, w.partnerMember, "/profile/support", good)).status).toBe(302);
    const [row] = await getDb()
      .select()
      .from(supportTerms)
      .where(eq(supportTerms.organisationId, w.partner.id));
    expect(row).toMatchObject({
      p1ResponseMinutes: 30,
      monitoringIncluded: true,
      rollbackRunbook: false,
      version: 1,
    });
    const stale = await post(supportRoute, w.partnerAdmin, "/profile/support", {
      ...good,
      p1ResponseMinutes: "15",
    });
    expect(stale.status).toBe(409);
    expect(failure(stale).formError).toMatch(/P1 response 30 min/);
    const removed = await post(supportRoute, w.partnerAdmin, "/profile/support", {
      intent: "remove",
      version: "1",
    });
    expect(removed.status).toBe(302);
    expect(
      await getDb().select().from(supportTerms).where(eq(supportTerms.organisationId, w.partner.id)),
    ).toHaveLength(0);
  });
});

describe("certifications", () => {
  it("are added once per form, edited with a version and deleted, each audited", async () => {
    const w = await createWorld();
    const before = await profileRow(w.partner.id);
    const form = { intent: "create", _idempotency: randomUUID(), ...CERT };
    const first = await post(certificationsRoute, w.partnerMember, "/profile/certifications", form);
    const again = await post(certificationsRoute, w.partnerMember, "/profile/certifications", form);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect((again.data as { message: string }).message).toMatch(/already added/);
    const all = await getDb()
      .select()
      .from(certifications)
      .where(eq(certifications.organisationId, w.partner.id));
    expect(all).toHaveLength(1);
    expect((await profileRow(w.partner.id)).profileUpdatedAt.getTime()).toBeGreaterThan(
      before.profileUpdatedAt.getTime(),
    );
    const cert = all[0];
    const edit = await post(certificationsRoute, w.partnerAdmin, "/profile/certifications", {
      intent: "update",
      id: cert.id,
      version: "1",
      ...CERT,
      certifiedStaff: "20",
      expiresOn: "2027-03-01",
    });
    expect(edit.status).toBe(200);
    const del = await post(certificationsRoute, w.partnerAdmin, "/profile/certifications", {
      intent: "delete",
      id: cert.id,
      version: "2",
    });
    expect(del.status).toBe(200);
    expect(
      await getDb().select().from(certifications).where(eq(certifications.organisationId, w.partner.id)),
    ).toHaveLength(0);
    const events = await eventsOf(w.partner.id);
    expect(events.map((e) => e.action).sort()).toEqual([
      "profile.certification.created",
      "profile.certification.deleted",
      "profile.certification.updated",
    ]);
    const updated = events.find((e) => e.action === "profile.certification.updated")!;
    expect(updated.before).toMatchObject({ certifiedStaff: 12, expiresOn: null });
    expect(updated.after).toMatchObject({ certifiedStaff: 20, expiresOn: "2027-03-01" });
    expect(JSON.stringify(events)).not.toMatch(/_idempotency|password|token/i);
  });

  it("refuse bad input (impossible date, expiry before issue, staff 'abc', missing track) with values kept", async () => {
    const w = await createWorld();
    const res = await post(certificationsRoute, w.partnerAdmin, "/profile/certifications", {
      intent: "create",
      _idempotency: randomUUID(),
      track: "  ",
      certifiedStaff: "abc",
      issuedOn: "2026-02-30",
      expiresOn: "2020-01-01",
    });
    expect(res.status).toBe(400);
    const f = failure(res);
    expect(f.errors).toMatchObject({
      track: "Enter the track.",
      certifiedStaff: expect.stringContaining("whole number"),
      issuedOn: "Enter a real date (YYYY-MM-DD).",
    });
    expect(f.values).toMatchObject({ certifiedStaff: "abc", issuedOn: "2026-02-30" });
    const order = await post(certificationsRoute, w.partnerAdmin, "/profile/certifications", {
      intent: "create",
      _idempotency: randomUUID(),
      ...CERT,
      certifiedStaff: "-1",
      expiresOn: "2025-01-01",
    });
    expect(order.status).toBe(400);
    expect(Object.keys(failure(order).errors).sort()).toEqual(["certifiedStaff", "expiresOn"]);
    const missing = await post(certificationsRoute, w.partnerAdmin, "/profile/certifications", {
      intent: "create",
      _idempotency: randomUUID(),
    });
    expect(missing.status).toBe(400);
    expect(
      await getDb().select().from(certifications).where(eq(certifications.organisationId, w.partner.id)),
    ).toHaveLength(0);
  });

  it("answer a stale edit with 409 showing the other change, and keep the row", async () => {
    const w = await createWorld();
    const cert = await addCertification(w.partnerAdmin);
    await post(certificationsRoute, w.partnerAdmin, "/profile/certifications", {
      intent: "update",
      id: cert.id,
      version: "1",
      ...CERT,
      track: "X",
      expiresOn: "2027-03-01",
    });
    const stale = await post(certificationsRoute, w.partnerMember, "/profile/certifications", {
      intent: "update",
      id: cert.id,
      version: "1",
      ...CERT,
      certifiedStaff: "99",
    });
    expect(stale.status).toBe(409);
    expect(failure(stale).formError).toBe(
      "Someone else saved this certification while you were editing: it now says track “X”, 12 staff, issued 2025-01-15, expires 2027-03-01. Your changes are below; check and save again.",
    );
    expect(failure(stale).values.certifiedStaff).toBe("99");
    const staleDelete = await post(certificationsRoute, w.partnerMember, "/profile/certifications", {
      intent: "delete",
      id: cert.id,
      version: "1",
    });
    expect(staleDelete.status).toBe(409);
    const [row] = await getDb().select().from(certifications).where(eq(certifications.id, cert.id));
    expect(row).toMatchObject({ track: "X", certifiedStaff: 12, version: 2 });
  });

  it("show each one's state: current, expiring in N days, expired", async () => {
    const w = await createWorld();
    await addCertification(w.partnerAdmin, { track: "Current", expiresOn: daysFromToday(400) });
    await addCertification(w.partnerAdmin, { track: "Soon", expiresOn: daysFromToday(30) });
    await getDb().insert(certifications).values({
      organisationId: w.partner.id,
      track: "Old",
      certifiedStaff: 1,
      issuedOn: "2020-01-01",
      expiresOn: "2021-01-01",
    });
    const page = await callLoader(certificationsRoute.loader, {
      path: "/profile/certifications",
      cookie: await sessionCookie(w.partnerMember),
    });
    const items = (page.data as { items: { track: string; state: string; stateLabel: string }[] }).items;
    expect(items.map((i) => [i.track, i.state, i.stateLabel])).toEqual([
      ["Current", "current", "Current"],
      ["Old", "expired", "Expired"],
      ["Soon", "expiring", "Expiring in 30 days"],
    ]);
    expect(credentialState(daysFromToday(60), todayUtc())).toBe("expiring");
    expect(credentialState(daysFromToday(61), todayUtc())).toBe("current");
    expect(credentialState(daysFromToday(-1), todayUtc())).toBe("expired");
    const overview = await callLoader(overviewRoute.loader, {
      path: "/profile",
      cookie: await sessionCookie(w.partnerMember),
    });
    const flagged = (overview.data as { flagged: { name: string; state: string }[] }).flagged;
    expect(flagged.map((f) => [f.name, f.state]).sort()).toEqual([
      ["Old", "expired"],
      ["Soon", "expiring"],
    ]);
  });
});

describe("specializations and providers", () => {
  it("refuse a duplicate specialization (built-in or free-form spelt differently) beside its field", async () => {
    const w = await createWorld();
    const add = (fields: Record<string, string>) =>
      post(specializationsRoute, w.partnerAdmin, "/profile/specializations", {
        intent: "create",
        _idempotency: randomUUID(),
        achievedOn: "2025-05-01",
        ...fields,
      });
    expect((await add({ name: "codex" })).status).toBe(200);
    expect((await add({ name: "other", otherName: "Retail Analytics" })).status).toBe(200);
    const dupBuiltIn = await add({ name: "other", otherName: "Co dex" });
    expect(dupBuiltIn.status).toBe(400);
    expect(failure(dupBuiltIn).errors.otherName).toMatch(/already has the Codex specialization/);
    const dupFree = await add({ name: "other", otherName: "retail-analytics" });
    expect(dupFree.status).toBe(400);
    expect(failure(dupFree).errors.otherName).toMatch(/already has/);
    const noName = await add({ name: "other", otherName: "" });
    expect(failure(noName).errors.otherName).toBe("Enter the specialization's name.");
    const badExpiry = await add({ name: "cybersecurity", expiresOn: "2025-04-01" });
    expect(failure(badExpiry).errors.expiresOn).toMatch(/after/);
    const all = await getDb()
      .select()
      .from(specializations)
      .where(eq(specializations.organisationId, w.partner.id));
    expect(all.map((s) => s.nameKey).sort()).toEqual(["codex", "retailanalytics"]);
    // Renaming one onto the other is a duplicate too.
    const free = all.find((s) => s.nameKey === "retailanalytics")!;
    const rename = await post(specializationsRoute, w.partnerAdmin, "/profile/specializations", {
      intent: "update",
      id: free.id,
      version: "1",
      name: "codex",
      achievedOn: "2025-05-01",
    });
    expect(rename.status).toBe(400);
    expect(failure(rename).errors.name).toMatch(/already has the Codex/);
  });

  it("refuse a duplicate provider and count 'abc', and edit and delete one", async () => {
    const w = await createWorld();
    const add = (fields: Record<string, string>) =>
      post(providersRoute, w.partnerMember, "/profile/providers", {
        intent: "create",
        _idempotency: randomUUID(),
        ...fields,
      });
    expect((await add({ provider: "openai", productionDeployments: "14" })).status).toBe(200);
    const dup = await add({ provider: "openai", productionDeployments: "2" });
    expect(dup.status).toBe(400);
    expect(failure(dup).errors.provider).toMatch(/already on your profile/);
    const bad = await add({ provider: "skynet", productionDeployments: "abc" });
    expect(Object.keys(failure(bad).errors).sort()).toEqual(["productionDeployments", "provider"]);
    const [row] = await getDb()
      .select()
      .from(modelProviderClaims)
      .where(eq(modelProviderClaims.organisationId, w.partner.id));
    const edit = await post(providersRoute, w.partnerAdmin, "/profile/providers", {
      intent: "update",
      id: row.id,
      version: "1",
      provider: "openai",
      productionDeployments: "15",
    });
    expect(edit.status).toBe(200);
    const del = await post(providersRoute, w.partnerAdmin, "/profile/providers", {
      intent: "delete",
      id: row.id,
      version: "2",
    });
    expect(del.status).toBe(200);
    expect(
      await getDb()
        .select()
        .from(modelProviderClaims)
        .where(eq(modelProviderClaims.organisationId, w.partner.id)),
    ).toHaveLength(0);
  });
});

describe("practice documents", () => {
  it("validate title, kind and summary length, then add, edit and delete", async () => {
    const w = await createWorld();
    const bad = await post(documentsRoute, w.partnerAdmin, "/profile/documents", {
      intent: "create",
      _idempotency: randomUUID(),
      title: "",
      kind: "poem",
      summary: "y".repeat(1001),
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(failure(bad).errors).sort()).toEqual(["kind", "summary", "title"]);
    expect(
      await getDb()
        .select()
        .from(practiceDocuments)
        .where(eq(practiceDocuments.organisationId, w.partner.id)),
    ).toHaveLength(0);
    const ok = await post(documentsRoute, w.partnerAdmin, "/profile/documents", {
      intent: "create",
      _idempotency: randomUUID(),
      title: "SOC 2 Type II",
      kind: "security_attestation",
      summary: "2025 report.",
    });
    expect(ok.status).toBe(200);
    const [doc] = await getDb()
      .select()
      .from(practiceDocuments)
      .where(eq(practiceDocuments.organisationId, w.partner.id));
    const stale = await post(documentsRoute, w.partnerAdmin, "/profile/documents", {
      intent: "update",
      id: doc.id,
      version: "7",
      title: "Other",
      kind: "policy",
    });
    expect(stale.status).toBe(409);
    expect(failure(stale).formError).toMatch(/title “SOC 2 Type II”/);
    const del = await post(documentsRoute, w.partnerAdmin, "/profile/documents", {
      intent: "delete",
      id: doc.id,
      version: "1",
    });
    expect(del.status).toBe(200);
  });
});

describe("reference deployments", () => {
  function referenceForm(extra: Record<string, string> = {}) {
    const form = new FormData();
    const fields: Record<string, string> = {
      intent: "create",
      _idempotency: randomUUID(),
      customer: "Top-10 Australian bank",
      industry: "Banking",
      sizeBand: "20k+",
      useCase: "customer_service",
      status: "production",
      goLiveOn: "2025-06-01",
      referenceContact: "on",
      summary: "Contact-centre assistant.",
      "outcomes.0.metric": "Average handling time",
      "outcomes.0.baseline": "9.5",
      "outcomes.0.result": "6.1",
      "outcomes.0.unit": "minutes",
      "outcomes.2.metric": "First-contact resolution",
      "outcomes.2.baseline": "61",
      "outcomes.2.result": "74",
      "outcomes.2.unit": "%",
      ...extra,
    };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("providers", "openai");
    form.append("providers", "azure_openai");
    return form;
  }

  it("saves a reference with two outcomes in one go (blank rows ignored), once per form", async () => {
    const w = await createWorld();
    const form = referenceForm();
    const res = await post(newReferenceRoute, w.partnerMember, "/profile/references/new", form);
    expect(res.status).toBe(302);
    const again = await post(newReferenceRoute, w.partnerMember, "/profile/references/new", form);
    expect(again.location).toBe(res.location);
    const refs = await getDb()
      .select()
      .from(referenceDeployments)
      .where(eq(referenceDeployments.organisationId, w.partner.id));
    expect(refs).toHaveLength(1);
    expect(res.location).toBe(`/profile/references/${refs[0].id}`);
    expect(refs[0]).toMatchObject({ providers: ["openai", "azure_openai"], referenceContact: true });
    const outcomes = await getDb()
      .select()
      .from(referenceOutcomes)
      .where(eq(referenceOutcomes.organisationId, w.partner.id))
      .orderBy(referenceOutcomes.position);
    expect(outcomes.map((o) => [o.position, o.metric, o.baseline, o.result, o.unit])).toEqual([
      [0, "Average handling time", 9.5, 6.1, "minutes"],
      [1, "First-contact resolution", 61, 74, "%"],
    ]);
    const [created] = await getDb()
      .select({ n: count() })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.organisationId, w.partner.id),
          eq(auditEvents.action, "profile.reference.created"),
        ),
      );
    expect(created.n).toBe(1);
    const list = await callLoader(referencesRoute.loader, {
      path: "/profile/references",
      cookie: await sessionCookie(w.partnerAdmin),
    });
    expect((list.data as { references: { outcomes: number }[] }).references[0].outcomes).toBe(2);
  });

  it("refuses a partly filled outcome row beside its fields, keeps every value and writes nothing", async () => {
    const w = await createWorld();
    const res = await post(
      newReferenceRoute,
      w.partnerMember,
      "/profile/references/new",
      referenceForm({ "outcomes.1.metric": "Cost per ticket", "outcomes.1.baseline": "abc", industry: "" }),
    );
    expect(res.status).toBe(400);
    const f = failure(res);
    expect(f.errors).toMatchObject({
      industry: "Enter the industry.",
      "outcomes.1.baseline": "Enter a number, like 42 or 3.5.",
      "outcomes.1.result": "Enter the result as a number.",
      "outcomes.1.unit": expect.stringContaining("unit"),
    });
    expect(f.errors["outcomes.0.metric"]).toBeUndefined();
    expect(f.values["outcomes.1.metric"]).toBe("Cost per ticket");
    expect(f.checked.providers).toEqual(["openai", "azure_openai"]);
    expect(
      await getDb()
        .select()
        .from(referenceDeployments)
        .where(eq(referenceDeployments.organisationId, w.partner.id)),
    ).toHaveLength(0);
    expect(
      await getDb()
        .select()
        .from(referenceOutcomes)
        .where(eq(referenceOutcomes.organisationId, w.partner.id)),
    ).toHaveLength(0);
  });

  it("replaces the outcomes as a set with a version check, and deletes", async () => {
    const w = await createWorld();
    await post(newReferenceRoute, w.partnerMember, "/profile/references/new", referenceForm());
    const [ref] = await getDb()
      .select()
      .from(referenceDeployments)
      .where(eq(referenceDeployments.organisationId, w.partner.id));
    const path = `/profile/references/${ref.id}`;
    const params = { referenceId: ref.id };
    const edit = referenceForm({
      intent: "save",
      version: "1",
      "outcomes.0.metric": "",
      "outcomes.0.baseline": "",
      "outcomes.0.result": "",
      "outcomes.0.unit": "",
    });
    expect((await post(referenceRoute, w.partnerAdmin, path, edit, params)).status).toBe(200);
    const outcomes = await getDb()
      .select()
      .from(referenceOutcomes)
      .where(eq(referenceOutcomes.organisationId, w.partner.id));
    expect(outcomes.map((o) => o.metric)).toEqual(["First-contact resolution"]);
    const stale = await post(
      referenceRoute,
      w.partnerMember,
      path,
      referenceForm({ intent: "save", version: "1" }),
      params,
    );
    expect(stale.status).toBe(409);
    expect(failure(stale).formError).toMatch(
      /Someone else saved this reference .*customer “Top-10 Australian bank”.*First-contact resolution 61 → 74 %/,
    );
    expect(
      await getDb()
        .select()
        .from(referenceOutcomes)
        .where(eq(referenceOutcomes.organisationId, w.partner.id)),
    ).toHaveLength(1);
    const del = await post(referenceRoute, w.partnerAdmin, path, { intent: "delete", version: "2" }, params);
    expect(del.status).toBe(302);
    expect(
      await getDb()
        .select()
        .from(referenceDeployments)
        .where(eq(referenceDeployments.organisationId, w.partner.id)),
    ).toHaveLength(0);
    expect(
      await getDb()
        .select()
        .from(referenceOutcomes)
        .where(eq(referenceOutcomes.organisationId, w.partner.id)),
    ).toHaveLength(0);
  });
});

describe("tenancy and access", () => {
  it("answers another partner's items with 404 and changes nothing", async () => {
    const w = await createWorld();
    const cert = await addCertification(w.partnerAdmin);
    await post(
      newReferenceRoute,
      w.partnerAdmin,
      "/profile/references/new",
      (() => {
        const f = new FormData();
        for (const [k, v] of Object.entries({
          intent: "create",
          _idempotency: randomUUID(),
          customer: "Acme",
          industry: "Retail",
          sizeBand: "<200",
          useCase: "other",
          status: "pilot",
        }))
          f.append(k, v);
        return f;
      })(),
    );
    const [ref] = await getDb()
      .select()
      .from(referenceDeployments)
      .where(eq(referenceDeployments.organisationId, w.partner.id));
    const other = await createMember(await createOrganisation("partner"), "admin");
    const upd = await post(certificationsRoute, other, "/profile/certifications", {
      intent: "update",
      id: cert.id,
      version: "1",
      ...CERT,
      track: "Stolen",
    });
    expect(upd.status).toBe(404);
    const del = await post(certificationsRoute, other, "/profile/certifications", {
      intent: "delete",
      id: cert.id,
      version: "1",
    });
    expect(del.status).toBe(404);
    const malformed = await post(certificationsRoute, other, "/profile/certifications", {
      intent: "delete",
      id: "not-a-uuid",
      version: "x",
    });
    expect(malformed.status).toBe(404);
    const page = await callLoader(referenceRoute.loader, {
      path: `/profile/references/${ref.id}`,
      params: { referenceId: ref.id },
      cookie: await sessionCookie(other),
    });
    expect(page.status).toBe(404);
    const refDel = await post(
      referenceRoute,
      other,
      `/profile/references/${ref.id}`,
      { intent: "delete", version: "1" },
      { referenceId: ref.id },
    );
    expect(refDel.status).toBe(404);
    expect(
      await getDb().select().from(certifications).where(eq(certifications.organisationId, w.partner.id)),
    ).toEqual([cert]);
    expect(
      await getDb()
        .select()
        .from(referenceDeployments)
        .where(eq(referenceDeployments.organisationId, w.partner.id)),
    ).toHaveLength(1);
    expect(await eventsOf(other.organisationId)).toHaveLength(0);
  });

  it("answers a buyer with 404 on every profile route, reading or posting", async () => {
    const w = await createWorld();
    const before = await profileRow(w.partner.id);
    const cases: [Route, string, Record<string, string>][] = [
      [overviewRoute as unknown as Route, "/profile", {}],
      [factsRoute, "/profile/facts", {}],
      [membershipRoute, "/profile/membership", {}],
      [supportRoute, "/profile/support", {}],
      [certificationsRoute, "/profile/certifications", {}],
      [specializationsRoute, "/profile/specializations", {}],
      [providersRoute, "/profile/providers", {}],
      [documentsRoute, "/profile/documents", {}],
      [referencesRoute as unknown as Route, "/profile/references", {}],
      [newReferenceRoute, "/profile/references/new", {}],
      [referenceRoute, `/profile/references/${randomUUID()}`, { referenceId: randomUUID() }],
    ];
    for (const user of [w.buyerAdmin, w.evaluator, w.viewer]) {
      const cookie = await sessionCookie(user);
      for (const [route, path, params] of cases) {
        expect((await callLoader(route.loader, { path, params, cookie })).status).toBe(404);
        if ("action" in route && route.action) {
          const res = await callAction(route.action, {
            path,
            params,
            cookie,
            form: { intent: "create", _idempotency: randomUUID(), track: "x", version: "1" },
          });
          expect(res.status).toBe(404);
        }
      }
    }
    expect(await profileRow(w.partner.id)).toEqual(before);
    expect(await eventsOf(w.buyer.id)).toHaveLength(0);
  });

  it("gives the overview a completeness checklist and the buyers' view link", async () => {
    const w = await createWorld();
    await addCertification(w.partnerAdmin);
    const page = await callLoader(overviewRoute.loader, {
      path: "/profile",
      cookie: await sessionCookie(w.partnerMember),
    });
    const d = page.data as {
      percent: string;
      organisationId: string;
      sections: { key: string; complete: boolean; missing?: string }[];
    };
    expect(d.organisationId).toBe(w.partner.id);
    // One of eight sections: a share shown with one decimal where it has one (docs/product.md "Figures as shown").
    expect(d.percent).toBe("12.5%");
    expect(d.sections.map((s) => s.key)).toEqual([
      "facts",
      "membership",
      "certifications",
      "specializations",
      "references",
      "providers",
      "support",
      "documents",
    ]);
    expect(d.sections.find((s) => s.key === "facts")!.missing).toMatch(/partner type/);
  });
});
