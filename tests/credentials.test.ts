import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { credentialState, isCurrent, specializationKey } from "../app/domain/profile";
import * as indexRoute from "../app/routes/_index";
import { getDb } from "../db/client";
import { certifications, specializations } from "../db/schema";
import { createWorld, sessionCookie } from "./factories";
import { callLoader } from "./remix";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("credential expiry rules", () => {
  it("is current through its expiry date, expiring within 60 days, expired after", () => {
    expect(credentialState(null, "2026-11-22")).toBe("current");
    expect(credentialState("2026-11-22", "2026-11-22")).toBe("expiring");
    expect(credentialState("2026-11-21", "2026-11-22")).toBe("expired");
    expect(credentialState("2027-01-21", "2026-11-22")).toBe("expiring");
    expect(credentialState("2027-01-22", "2026-11-22")).toBe("current");
    expect(isCurrent("2026-11-21", "2026-11-22")).toBe(false);
  });

  it("never calls a credential expired before its date, nor current after it (property)", () => {
    const days = fc
      .integer({ min: 0, max: 20_000 })
      .map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(days, days, (expires, today) => {
        const state = credentialState(expires, today);
        return expires < today ? state === "expired" : state !== "expired";
      }),
    );
  });

  it("matches free-form specializations ignoring case, spaces, dashes and underscores", () => {
    expect(specializationKey("AI agents")).toBe(specializationKey("ai_agents"));
    expect(specializationKey(" Financial-Crime ")).toBe(specializationKey("financial crime"));
  });
});

describe("the partner's home page", () => {
  it("flags credentials expiring within 60 days and recently expired ones, soonest first", async () => {
    const w = await createWorld();
    await getDb()
      .insert(certifications)
      .values([
        {
          organisationId: w.partner.id,
          track: "Applied AI engineering",
          certifiedStaff: 4,
          expiresOn: day(30),
        },
        {
          organisationId: w.partner.id,
          track: "Solutions architecture",
          certifiedStaff: 2,
          expiresOn: day(200),
        },
        { organisationId: w.partner.id, track: "AI security", certifiedStaff: 1, expiresOn: day(-3) },
      ]);
    await getDb()
      .insert(specializations)
      .values({ organisationId: w.partner.id, name: "codex", nameKey: "codex", expiresOn: day(10) });
    const res = await callLoader(indexRoute.loader, {
      path: "/",
      cookie: await sessionCookie(w.partnerMember),
    });
    const alerts = (res.data as { home: { alerts: { text: string; state: string }[] } }).home.alerts;
    expect(alerts.map((a) => a.state)).toEqual(["expired", "expiring", "expiring"]);
    expect(alerts[0].text).toMatch(/“AI security” expired .* \(3 days ago\)/);
    expect(alerts[1].text).toMatch(/Specialization “Codex” expires .*, in 10 days\./);
    expect(alerts[2].text).toMatch(/“Applied AI engineering” expires .*, in 30 days\./);
    expect(JSON.stringify(alerts)).not.toContain("Solutions architecture");
  });

  it("shows a buyer no such flags, and never another partner's", async () => {
    const w = await createWorld();
    const other = await createWorld();
    await getDb()
      .insert(certifications)
      .values({ organisationId: other.partner.id, track: "Elsewhere", certifiedStaff: 1, expiresOn: day(5) });
    for (const [user, alerts] of [
      [w.buyerAdmin, undefined],
      [w.partnerAdmin, []],
    ] as const) {
      const res = await callLoader(indexRoute.loader, { path: "/", cookie: await sessionCookie(user) });
      expect((res.data as { home: { alerts?: unknown[] } }).home.alerts).toEqual(alerts);
    }
  });
});
