// The partner directory, a partner's page and the side-by-side comparison: filters, search, sort, bad input,
// and the number of SQL statements each page issues whatever the number of partners.
import { inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orgNameKey } from "../app/models/auth.server";
import { getPartnerProfiles } from "../app/models/partner.server";
import { loader as directoryLoader } from "../app/routes/partners._index";
import { loader as partnerLoader } from "../app/routes/partners.$partnerId/route";
import { loader as compareLoader } from "../app/routes/partners.compare";
import { getDb, setQueryListener } from "../db/client";
import {
  modelProviderClaims,
  networkMemberships,
  organisations,
  partnerProfiles,
  referenceDeployments,
  referenceOutcomes,
  specializations,
  supportTerms,
} from "../db/schema";
import { createMember, createOrganisation, sessionCookie, type TestUser } from "./factories";
import { callLoader, type Outcome } from "./remix";

type Row = { id: string; name: string; tier: string | null; specializations: string[]; providers: string[] };
type DirectoryData = {
  partners: Row[];
  total: number;
  page: number;
  pages: number;
  errors: Record<string, string | undefined>;
  options: {
    industry: { value: string; label: string }[];
    specialization: { value: string; label: string }[];
  };
};

let buyer: TestUser;
let buyerCookie: string;
let partnerCookie: string;
let partnerOrgId: string;

beforeAll(async () => {
  const buyerOrg = await createOrganisation("buyer");
  buyer = await createMember(buyerOrg, "viewer");
  buyerCookie = await sessionCookie(buyer);
});

async function directory(query = "", cookie = buyerCookie): Promise<Outcome & { data: DirectoryData }> {
  return (await callLoader(directoryLoader, { path: `/partners${query}`, cookie })) as Outcome & {
    data: DirectoryData;
  };
}

const names = (o: { data: DirectoryData }) => o.data.partners.map((p) => p.name);

/** Runs `fn` and returns the SQL statements it issued, leaving out the session lookup and its touch. */
async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  setQueryListener((q) => seen.push(q));
  try {
    await fn();
  } finally {
    setQueryListener(undefined);
  }
  return seen.filter((q) => !/(from|update) "sessions"/.test(q));
}

/** `count` partners with a membership, two specializations, three references, two providers and support terms, in batch inserts. */
async function seedPartners(count: number, prefix: string): Promise<string[]> {
  const db = getDb();
  const orgs = await db
    .insert(organisations)
    .values(
      Array.from({ length: count }, (_, i) => {
        const name = `${prefix} ${String(i).padStart(4, "0")}`;
        return { kind: "partner" as const, name, nameKey: orgNameKey(name) };
      }),
    )
    .returning({ id: organisations.id });
  const ids = orgs.map((o) => o.id);
  await db.insert(partnerProfiles).values(ids.map((organisationId) => ({ organisationId })));
  await db.insert(networkMemberships).values(
    ids.map((organisationId, i) => ({
      organisationId,
      tier: (["elite", "advanced", "select"] as const)[i % 3],
    })),
  );
  await db.insert(specializations).values(
    ids.flatMap((organisationId) => [
      { organisationId, name: "codex", nameKey: "codex" },
      { organisationId, name: "ai_agents", nameKey: "aiagents", expiresOn: "2001-01-01" },
    ]),
  );
  await db.insert(referenceDeployments).values(
    ids.flatMap((organisationId) =>
      [0, 1, 2].map((j) => ({
        organisationId,
        customer: `Customer ${j}`,
        industry: j === 0 ? "Retail" : "Insurance",
        sizeBand: "1k-5k" as const,
        useCase: "customer_service" as const,
        status: j === 2 ? ("pilot" as const) : ("production" as const),
      })),
    ),
  );
  await db.insert(modelProviderClaims).values(
    ids.flatMap((organisationId) => [
      { organisationId, provider: "openai" as const, productionDeployments: 2 },
      { organisationId, provider: "mistral" as const, productionDeployments: 1 },
    ]),
  );
  await db.insert(supportTerms).values(
    ids.map((organisationId) => ({
      organisationId,
      supportHours: "24x7" as const,
      p1ResponseMinutes: 30,
      p1ResolutionHours: 8,
      warrantyDays: 90,
      maintenanceModel: "co_managed" as const,
    })),
  );
  return ids;
}

describe("the directory's statement count", () => {
  it("is at most 4 and the same at 5 and at 50 partners, session aside", async () => {
    const first = await seedPartners(5, "Bulk");
    const at5 = await statementsOf(() => directory("?sort=tier"));
    const filtered5 = await statementsOf(() =>
      directory("?specialization=codex&provider=openai&industry=retail&size=1k-5k&hours=24x7&q=bulk"),
    );
    const rest = await seedPartners(45, "Mass");
    const at50 = await statementsOf(() => directory("?sort=tier"));
    const filtered50 = await statementsOf(() =>
      directory("?specialization=codex&provider=openai&industry=retail&size=1k-5k&hours=24x7&q=mass"),
    );
    expect(at5.length).toBeLessThanOrEqual(4);
    // Filter options, the page of partners with their aggregates, the total.
    expect(at5.length).toBe(3);
    expect(at50.length).toBe(at5.length);
    expect(filtered50.length).toBe(filtered5.length);
    expect(filtered50.length).toBeLessThanOrEqual(4);

    const page1 = await directory("?sort=name");
    expect(page1.data.total).toBe(50);
    expect(page1.data.pages).toBe(2);
    expect(page1.data.partners).toHaveLength(25);
    const page2 = await directory("?sort=name&page=2");
    expect(page2.data.partners).toHaveLength(25);
    expect(new Set([...names(page1), ...names(page2)]).size).toBe(50);
    const row = page1.data.partners[0] as Row & Record<string, unknown>;
    expect(row).toMatchObject({
      name: "Bulk 0000",
      tier: "Elite",
      specializations: ["Codex"],
      productionReferences: 2,
      providers: ["OpenAI", "Mistral"],
      p1Response: "30 min",
    });
    const filtered = await directory("?specialization=aiagents");
    expect(filtered.data.total).toBe(0);

    // The comparison and a partner's page read in a fixed number of statements too.
    const compare4 = await statementsOf(() =>
      callLoader(compareLoader, {
        path: `/partners/compare?${rest
          .slice(0, 4)
          .map((id) => `id=${id}`)
          .join("&")}`,
        cookie: buyerCookie,
      }),
    );
    const compare2 = await statementsOf(() =>
      callLoader(compareLoader, {
        path: `/partners/compare?id=${first[0]}&id=${first[1]}`,
        cookie: buyerCookie,
      }),
    );
    expect(compare4.length).toBe(compare2.length);
    expect(compare4.length).toBe(7);
    const page = await statementsOf(() =>
      callLoader(partnerLoader, {
        path: `/partners/${first[0]}`,
        params: { partnerId: first[0] },
        cookie: buyerCookie,
      }),
    );
    // Seven for the profile, one for the evidence this buyer may see with its own verdicts, one for this buyer's
    // delivery reviews of the partner.
    expect(page.length).toBe(9);

    await getDb()
      .delete(organisations)
      .where(inArray(organisations.id, [...first, ...rest]));
  });
});

const PAST = "2001-01-01";
const FUTURE = "2999-12-31";
const today = new Date().toISOString().slice(0, 10);

describe("directory filters, search and sort", () => {
  const id: Record<string, string> = {};
  beforeAll(async () => {
    const db = getDb();
    const specs = ["Acme AI", "Bravo Labs", "Charlie & Co", "delta_partners", "Echo 100% Labs"];
    const orgs = await db
      .insert(organisations)
      .values(specs.map((name) => ({ kind: "partner" as const, name, nameKey: orgNameKey(name) })))
      .returning({ id: organisations.id, name: organisations.name });
    for (const o of orgs) id[o.name.split(" ")[0].split("_")[0].toLowerCase()] = o.id;
    const { acme, bravo, charlie, delta, echo } = id;
    await db.insert(partnerProfiles).values([
      { organisationId: acme, profileUpdatedAt: new Date("2026-01-03T00:00:00Z") },
      { organisationId: bravo, profileUpdatedAt: new Date("2026-01-05T00:00:00Z") },
      { organisationId: charlie, profileUpdatedAt: new Date("2026-01-01T00:00:00Z") },
      { organisationId: delta, profileUpdatedAt: new Date("2026-01-04T00:00:00Z") },
      { organisationId: echo, profileUpdatedAt: new Date("2026-01-02T00:00:00Z") },
    ]);
    await db.insert(networkMemberships).values([
      { organisationId: acme, tier: "elite" },
      { organisationId: bravo, tier: "advanced" },
      { organisationId: charlie, tier: "select" },
      { organisationId: echo, tier: "none" },
    ]);
    await db.insert(specializations).values([
      { organisationId: acme, name: "codex", nameKey: "codex" },
      { organisationId: acme, name: "Retail Analytics", nameKey: "retailanalytics", expiresOn: FUTURE },
      { organisationId: bravo, name: "cybersecurity", nameKey: "cybersecurity", expiresOn: PAST },
      { organisationId: bravo, name: "ai_agents", nameKey: "aiagents", expiresOn: today },
      {
        organisationId: charlie,
        name: "Retail-Analytics (old)",
        nameKey: "retailanalyticsold",
        expiresOn: PAST,
      },
    ]);
    const refs = await db
      .insert(referenceDeployments)
      .values([
        {
          organisationId: acme,
          customer: "Big bank",
          industry: "Banking",
          sizeBand: "20k+",
          useCase: "customer_service",
          status: "production",
        },
        {
          organisationId: bravo,
          customer: "Small bank",
          industry: "banking ",
          sizeBand: "<200",
          useCase: "document_processing",
          status: "pilot",
        },
        {
          organisationId: charlie,
          customer: "Hospital",
          industry: "Healthcare",
          sizeBand: "1k-5k",
          useCase: "customer_service",
          status: "production",
        },
        {
          organisationId: charlie,
          customer: "Credit union",
          industry: "BANKING",
          sizeBand: "<200",
          useCase: "knowledge_search",
          status: "production",
        },
      ])
      .returning({ id: referenceDeployments.id, organisationId: referenceDeployments.organisationId });
    await db.insert(referenceOutcomes).values({
      referenceId: refs[0].id,
      organisationId: acme,
      position: 0,
      metric: "Average handling time",
      baseline: 10,
      result: 7.5,
      unit: "minutes",
    });
    await db.insert(modelProviderClaims).values([
      { organisationId: acme, provider: "openai", productionDeployments: 3 },
      { organisationId: acme, provider: "anthropic", productionDeployments: 0 },
      { organisationId: bravo, provider: "anthropic", productionDeployments: 2 },
      { organisationId: charlie, provider: "google", productionDeployments: 1 },
    ]);
    await db.insert(supportTerms).values([
      {
        organisationId: acme,
        supportHours: "24x7",
        p1ResponseMinutes: 30,
        p1ResolutionHours: 4,
        warrantyDays: 90,
        maintenanceModel: "partner_run",
        rollbackRunbook: true,
      },
      {
        organisationId: bravo,
        supportHours: "business_hours",
        p1ResponseMinutes: 240,
        p1ResolutionHours: 48,
        warrantyDays: 30,
        maintenanceModel: "handover",
      },
      {
        organisationId: charlie,
        supportHours: "extended",
        p1ResponseMinutes: 60,
        p1ResolutionHours: 24,
        warrantyDays: 60,
        maintenanceModel: "co_managed",
      },
    ]);
    const partnerOrg = await createOrganisation("partner", "Foxtrot Partners");
    partnerOrgId = partnerOrg.id;
    partnerCookie = await sessionCookie(await createMember(partnerOrg, "member"));
  });

  it("lists every partner by name for buyers and partners alike; anonymous people sign in first", async () => {
    const all = await directory();
    expect(all.status).toBe(200);
    expect(names(all)).toEqual([
      "Acme AI",
      "Bravo Labs",
      "Charlie & Co",
      "delta_partners",
      "Echo 100% Labs",
      "Foxtrot Partners",
    ]);
    const asPartner = await directory("", partnerCookie);
    expect(asPartner.status).toBe(200);
    expect(asPartner.data.total).toBe(6);
    const anonymous = await callLoader(directoryLoader, { path: "/partners" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login/);
  });

  it("shows each row's headline claims, display-ready", async () => {
    const acme = (await directory("?q=acme")).data.partners[0] as unknown as Record<string, unknown>;
    expect(acme).toMatchObject({
      tier: "Elite",
      specializations: ["Codex", "Retail Analytics"],
      productionReferences: 1,
      providers: ["OpenAI"],
      p1Response: "30 min",
      updated: "3 Jan 2026",
    });
    const delta = (await directory("?q=delta")).data.partners[0] as unknown as Record<string, unknown>;
    expect(delta).toMatchObject({ tier: null, specializations: [], providers: [], p1Response: null });
  });

  it("searches names case-insensitively, treating % and _ as letters", async () => {
    expect(names(await directory("?q=ACM"))).toEqual(["Acme AI"]);
    expect(names(await directory("?q=labs"))).toEqual(["Bravo Labs", "Echo 100% Labs"]);
    expect(names(await directory("?q=%25"))).toEqual(["Echo 100% Labs"]);
    expect(names(await directory("?q=_"))).toEqual(["delta_partners"]);
    expect(names(await directory("?q=nobody"))).toEqual([]);
  });

  it("filters by tier", async () => {
    expect(names(await directory("?tier=elite"))).toEqual(["Acme AI"]);
    expect(names(await directory("?tier=none"))).toEqual(["Echo 100% Labs"]);
  });

  it("filters by current specialization, built-in or free-form; an expired one does not match", async () => {
    expect(names(await directory("?specialization=codex"))).toEqual(["Acme AI"]);
    expect(names(await directory("?specialization=cybersecurity"))).toEqual([]);
    expect(names(await directory("?specialization=aiagents"))).toEqual(["Bravo Labs"]); // expires today: current
    expect(names(await directory("?specialization=ai_agents"))).toEqual(["Bravo Labs"]);
    expect(names(await directory("?specialization=retailanalytics"))).toEqual(["Acme AI"]);
    expect(names(await directory("?specialization=retailanalyticsold"))).toEqual([]);
    const bravo = (await directory("?q=bravo")).data.partners[0];
    expect(bravo.specializations).toEqual(["AI agents"]);
    const options = (await directory()).data.options.specialization.map((o) => o.label);
    expect(options).toEqual(
      expect.arrayContaining(["Codex", "Cybersecurity", "AI agents", "Retail Analytics"]),
    );
  });

  it("filters by model provider with at least one production deployment", async () => {
    expect(names(await directory("?provider=openai"))).toEqual(["Acme AI"]);
    expect(names(await directory("?provider=anthropic"))).toEqual(["Bravo Labs"]);
    expect(names(await directory("?provider=cohere"))).toEqual([]);
  });

  it("filters by reference industry, ignoring case, offering each industry once", async () => {
    const all = await directory();
    expect(all.data.options.industry.filter((o) => o.value === "banking")).toHaveLength(1);
    expect(all.data.options.industry.map((o) => o.value)).toEqual(
      expect.arrayContaining(["banking", "healthcare"]),
    );
    expect(names(await directory("?industry=banking"))).toEqual(["Acme AI", "Bravo Labs", "Charlie & Co"]);
    expect(names(await directory("?industry=Banking"))).toEqual(["Acme AI", "Bravo Labs", "Charlie & Co"]);
    expect(names(await directory("?industry=healthcare"))).toEqual(["Charlie & Co"]);
  });

  it("filters by reference size band, use case and support hours", async () => {
    expect(names(await directory("?size=20k%2B"))).toEqual(["Acme AI"]);
    expect(names(await directory("?size=%3C200"))).toEqual(["Bravo Labs", "Charlie & Co"]);
    expect(names(await directory("?useCase=customer_service"))).toEqual(["Acme AI", "Charlie & Co"]);
    expect(names(await directory("?hours=24x7"))).toEqual(["Acme AI"]);
    expect(names(await directory("?hours=extended"))).toEqual(["Charlie & Co"]);
  });

  it("combines filters; the reference filters describe one deployment together", async () => {
    expect(names(await directory("?industry=banking&useCase=customer_service"))).toEqual(["Acme AI"]);
    // Charlie has a banking reference and a 1k-5k reference, but not one that is both.
    expect(names(await directory("?industry=banking&size=1k-5k"))).toEqual([]);
    expect(names(await directory("?industry=banking&size=%3C200&q=charlie"))).toEqual(["Charlie & Co"]);
    expect(names(await directory("?tier=elite&provider=anthropic"))).toEqual([]);
    expect(
      names(
        await directory("?tier=advanced&provider=anthropic&specialization=aiagents&hours=business_hours"),
      ),
    ).toEqual(["Bravo Labs"]);
  });

  it("sorts by name, tier (elite first) and last updated", async () => {
    expect(names(await directory("?sort=tier&q=a"))).toEqual([
      "Acme AI",
      "Bravo Labs",
      "Charlie & Co",
      "Echo 100% Labs",
      "delta_partners",
      "Foxtrot Partners",
    ]);
    const updated = names(await directory("?sort=updated"));
    // Foxtrot was created just now, so it is the most recently updated.
    expect(updated).toEqual([
      "Foxtrot Partners",
      "Bravo Labs",
      "delta_partners",
      "Acme AI",
      "Echo 100% Labs",
      "Charlie & Co",
    ]);
    expect(names(await directory("?sort=name&tier=select"))).toEqual(["Charlie & Co"]);
  });

  it("ignores bad values with a message at their field, never a 500", async () => {
    const bad = await directory(
      `?tier=gold&specialization=knitting&provider=skynet&industry=mining&size=huge&useCase=x&hours=never&sort=random&page=-3&q=${"x".repeat(101)}`,
    );
    expect(bad.status).toBe(200);
    expect(Object.keys(bad.data.errors).sort()).toEqual(
      [
        "hours",
        "industry",
        "page",
        "provider",
        "q",
        "size",
        "sort",
        "specialization",
        "tier",
        "useCase",
      ].sort(),
    );
    expect(bad.data.total).toBe(6);
    expect(names(bad)[0]).toBe("Acme AI");
    const oneBad = await directory("?tier=gold&provider=openai");
    expect(oneBad.data.errors.tier).toBeTruthy();
    expect(names(oneBad)).toEqual(["Acme AI"]);
    const pastEnd = await directory("?page=99");
    expect(pastEnd.status).toBe(200);
    expect(pastEnd.data.partners).toEqual([]);
    expect(pastEnd.data.total).toBe(6);
  });

  it("shows a partner's page with its claims, flags and outcomes", async () => {
    const page = await callLoader(partnerLoader, {
      path: `/partners/${id.acme}`,
      params: { partnerId: id.acme },
      cookie: buyerCookie,
    });
    expect(page.status).toBe(200);
    const data = page.data as Record<string, unknown>;
    expect(data).toMatchObject({ name: "Acme AI", isOwn: false });
    const json = JSON.stringify(data);
    expect(json).toContain("Average handling time");
    expect(json).toContain("−25%");
    const bravo = await callLoader(partnerLoader, {
      path: `/partners/${id.bravo}`,
      params: { partnerId: id.bravo },
      cookie: buyerCookie,
    });
    const b = bravo.data as {
      headline: { specializations: string[] };
      specializations: { state: string; name: string }[];
    };
    expect(b.headline.specializations).toEqual(["AI agents"]);
    expect(b.specializations.find((s) => s.name === "Cybersecurity")?.state).toBe("expired");
    expect(b.specializations.find((s) => s.name === "AI agents")?.state).toBe("expiring");
  });

  it("tells the partner that its own page is what buyers see", async () => {
    const own = await callLoader(partnerLoader, {
      path: `/partners/${partnerOrgId}`,
      params: { partnerId: partnerOrgId },
      cookie: partnerCookie,
    });
    expect(own.status).toBe(200);
    expect((own.data as { isOwn: boolean }).isOwn).toBe(true);
    const other = await callLoader(partnerLoader, {
      path: `/partners/${id.acme}`,
      params: { partnerId: id.acme },
      cookie: partnerCookie,
    });
    expect((other.data as { isOwn: boolean }).isOwn).toBe(false);
  });

  it("answers 404 for a buyer organisation, an unknown or a malformed id", async () => {
    for (const partnerId of [
      buyer.organisationId,
      "00000000-0000-4000-8000-000000000000",
      "not-an-id",
      "1'; drop",
    ]) {
      const res = await callLoader(partnerLoader, {
        path: `/partners/${encodeURIComponent(partnerId)}`,
        params: { partnerId },
        cookie: buyerCookie,
      });
      expect(res.status, partnerId).toBe(404);
    }
  });

  it("compares 2 to 4 partners as columns, in the order chosen", async () => {
    const res = await callLoader(compareLoader, {
      path: `/partners/compare?id=${id.charlie}&id=${id.acme}&id=${id.bravo}`,
      cookie: buyerCookie,
    });
    expect(res.status).toBe(200);
    const data = res.data as { partners: { name: string }[]; rows: { label: string; cells: string[] }[] };
    expect(data.partners.map((p) => p.name)).toEqual(["Charlie & Co", "Acme AI", "Bravo Labs"]);
    const row = (label: string) => data.rows.find((r) => r.label === label)?.cells;
    expect(row("Tier")).toEqual(["Select", "Elite", "Advanced"]);
    expect(row("Current specializations")).toEqual(["None", "Codex, Retail Analytics", "AI agents"]);
    expect(row("Production references")).toEqual(["2", "1", "0"]);
    expect(row("Pilot references")).toEqual(["0", "0", "1"]);
    expect(row("P1 response")).toEqual(["1 h", "30 min", "4 h"]);
    expect(row("Industries")).toEqual(["BANKING, Healthcare", "Banking", "banking"]);
    const batch = await getPartnerProfiles([id.acme, id.bravo, "nope", id.acme]);
    expect(batch.map((p) => p.name)).toEqual(["Acme AI", "Bravo Labs"]);
  });

  it("explains a bad comparison instead of failing", async () => {
    const cases: [string, number][] = [
      ["", 400],
      [`?id=${id.acme}`, 400],
      [`?id=${id.acme}&id=${id.acme}`, 400],
      [`?id=${id.acme}&id=${id.bravo}&id=${id.charlie}&id=${id.delta}&id=${id.echo}`, 400],
      [`?id=${id.acme}&id=garbage`, 400],
      [`?id=${id.acme}&id=00000000-0000-4000-8000-000000000000`, 404],
      [`?id=${id.acme}&id=${buyer.organisationId}`, 404],
    ];
    for (const [query, status] of cases) {
      const res = await callLoader(compareLoader, { path: `/partners/compare${query}`, cookie: buyerCookie });
      expect(res.status, query).toBe(status);
      expect((res.data as { problem?: string }).problem, query).toBeTruthy();
    }
  });
});
