// Reading the suggestion rules' facts from the database: the claims as stored, a reference's verified evidence as
// one buyer sees it (its own verdicts only, on the current version only, visible to it, not dated, not deleted),
// and a fixed number of statements whatever the number of partners.
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { SuggestionProfile } from "../app/domain/suggestions";
import { orgNameKey } from "../app/models/auth.server";
import { loadSuggestionProfiles } from "../app/models/suggestions.server";
import { getDb, setQueryListener } from "../db/client";
import {
  evidence,
  evidenceShares,
  evidenceVerifications,
  evidenceVersions,
  modelProviderClaims,
  networkMemberships,
  organisations,
  partnerProfiles,
  referenceDeployments,
  specializations,
  supportTerms,
} from "../db/schema";
import { createOrganisation } from "./factories";

const TODAY = "2026-03-15";

type Org = Awaited<ReturnType<typeof createOrganisation>>;
let buyer: Org;
let otherBuyer: Org;

beforeAll(async () => {
  buyer = await createOrganisation("buyer");
  otherBuyer = await createOrganisation("buyer");
});

async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  setQueryListener((q) => seen.push(q));
  try {
    await fn();
  } finally {
    setQueryListener(undefined);
  }
  return seen;
}

async function addReference(
  partnerId: string,
  customer: string,
  over: Partial<typeof referenceDeployments.$inferInsert> = {},
) {
  const [row] = await getDb()
    .insert(referenceDeployments)
    .values({
      organisationId: partnerId,
      customer,
      industry: "Insurance",
      sizeBand: "1k-5k",
      useCase: "customer_service",
      status: "production",
      referenceContact: true,
      ...over,
    })
    .returning({ id: referenceDeployments.id });
  return row.id;
}

/** Link evidence on a reference with `versions` versions, the last one current. */
async function addEvidence(
  partnerId: string,
  referenceId: string,
  over: Partial<typeof evidence.$inferInsert> = {},
  versions = 1,
) {
  const db = getDb();
  const [item] = await db
    .insert(evidence)
    .values({
      organisationId: partnerId,
      claimKind: "reference",
      claimId: referenceId,
      title: "Go-live report",
      kind: "link",
      ...over,
    })
    .returning({ id: evidence.id });
  const rows = await db
    .insert(evidenceVersions)
    .values(
      Array.from({ length: versions }, (_, i) => ({
        evidenceId: item.id,
        organisationId: partnerId,
        number: i + 1,
        url: `https://example.com/report-${i + 1}`,
      })),
    )
    .returning({ id: evidenceVersions.id, number: evidenceVersions.number });
  const ordered = rows.sort((a, b) => a.number - b.number).map((r) => r.id);
  await db
    .update(evidence)
    .set({ currentVersionId: ordered[ordered.length - 1] })
    .where(eq(evidence.id, item.id));
  return { id: item.id, versions: ordered, current: ordered[ordered.length - 1] };
}

async function verify(versionId: string, buyerId: string, status: "verified" | "rejected" = "verified") {
  await getDb()
    .insert(evidenceVerifications)
    .values({ versionId, buyerOrganisationId: buyerId, status, note: status === "rejected" ? "No." : "" });
}

describe("loadSuggestionProfiles", () => {
  it("reads the claims the rules need; no row is no claim", async () => {
    const db = getDb();
    const full = await createOrganisation("partner");
    const bare = await createOrganisation("partner");
    await db.insert(networkMemberships).values({ organisationId: full.id, tier: "advanced" });
    await db.insert(specializations).values([
      { organisationId: full.id, name: "codex", nameKey: "codex", expiresOn: "2027-01-01" },
      { organisationId: full.id, name: "Claims Automation", nameKey: "claimsautomation" },
    ]);
    await addReference(full.id, "Pilot bank", { status: "pilot", sizeBand: "20k+", referenceContact: false });
    await db.insert(modelProviderClaims).values([
      { organisationId: full.id, provider: "openai", productionDeployments: 3 },
      { organisationId: full.id, provider: "other", productionDeployments: 0 },
    ]);
    await db.insert(supportTerms).values({
      organisationId: full.id,
      supportHours: "24x7",
      p1ResponseMinutes: 30,
      p1ResolutionHours: 8,
      warrantyDays: 90,
      maintenanceModel: "co_managed",
      rollbackRunbook: true,
    });

    const profiles = await loadSuggestionProfiles(buyer.id, [full.id, bare.id.toUpperCase()], TODAY);
    expect(profiles.get(full.id)).toEqual({
      membership: { tier: "advanced" },
      specializations: [
        { name: "Claims Automation", expiresOn: null },
        { name: "codex", expiresOn: "2027-01-01" },
      ],
      references: [
        {
          status: "pilot",
          sizeBand: "20k+",
          useCase: "customer_service",
          referenceContactAvailable: false,
          hasVerifiedEvidence: false,
        },
      ],
      providers: [
        { provider: "openai", productionDeployments: 3 },
        { provider: "other", productionDeployments: 0 },
      ],
      support: {
        hours: "24x7",
        p1ResponseMinutes: 30,
        warrantyDays: 90,
        maintenanceModel: "co_managed",
        rollbackRunbook: true,
      },
    });
    expect(profiles.get(bare.id)).toEqual({
      membership: null,
      specializations: [],
      references: [],
      providers: [],
      support: null,
    });
    // A tier of none is a claim.
    await db.insert(networkMemberships).values({ organisationId: bare.id, tier: "none" });
    expect((await loadSuggestionProfiles(buyer.id, [bare.id], TODAY)).get(bare.id)?.membership).toEqual({
      tier: "none",
    });
  });

  it("leaves out malformed ids, buyers and unknown ids; an empty list reads nothing", async () => {
    const partner = await createOrganisation("partner");
    const profiles = await loadSuggestionProfiles(
      buyer.id,
      ["nope", otherBuyer.id, "00000000-0000-4000-8000-000000000000", partner.id, partner.id],
      TODAY,
    );
    expect([...profiles.keys()]).toEqual([partner.id]);
    const none = await statementsOf(() => loadSuggestionProfiles(buyer.id, ["nope"], TODAY));
    expect(none).toHaveLength(0);
  });

  it("counts evidence verified by the asking buyer on the current version only", async () => {
    const partner = await createOrganisation("partner");
    const ids = {
      mine: await addReference(partner.id, "A: verified by this buyer"),
      theirs: await addReference(partner.id, "B: verified by another buyer"),
      oldVersion: await addReference(partner.id, "C: verified, then replaced"),
      rejected: await addReference(partner.id, "D: rejected"),
      dated: await addReference(partner.id, "E: dated"),
      restricted: await addReference(partner.id, "F: restricted, not shared"),
      shared: await addReference(partner.id, "G: restricted, shared with this buyer"),
      deleted: await addReference(partner.id, "H: deleted"),
      recent: await addReference(partner.id, "I: period ended exactly 24 months ago"),
      unverified: await addReference(partner.id, "J: not verified"),
    };
    const mine = await addEvidence(partner.id, ids.mine);
    await verify(mine.current, buyer.id);
    await verify(mine.current, otherBuyer.id, "rejected");
    await verify((await addEvidence(partner.id, ids.theirs)).current, otherBuyer.id);
    const replaced = await addEvidence(partner.id, ids.oldVersion, {}, 2);
    await verify(replaced.versions[0], buyer.id);
    await verify((await addEvidence(partner.id, ids.rejected)).current, buyer.id, "rejected");
    await verify(
      (await addEvidence(partner.id, ids.dated, { effectiveFrom: "2023-01-01", effectiveTo: "2024-03-14" }))
        .current,
      buyer.id,
    );
    await verify(
      (await addEvidence(partner.id, ids.restricted, { visibility: "restricted" })).current,
      buyer.id,
    );
    const shared = await addEvidence(partner.id, ids.shared, { visibility: "restricted" });
    await getDb().insert(evidenceShares).values({ evidenceId: shared.id, buyerOrganisationId: buyer.id });
    await verify(shared.current, buyer.id);
    await verify(
      (await addEvidence(partner.id, ids.deleted, { deletedAt: new Date("2026-01-01T00:00:00Z") })).current,
      buyer.id,
    );
    await verify(
      (await addEvidence(partner.id, ids.recent, { effectiveFrom: "2024-01-01", effectiveTo: "2024-03-15" }))
        .current,
      buyer.id,
    );
    await addEvidence(partner.id, ids.unverified);
    // Evidence of this partner on another claim kind, with the reference's id, counts for nothing.
    await verify(
      (await addEvidence(partner.id, ids.unverified, { claimKind: "provider" })).current,
      buyer.id,
    );

    const verifiedOf = async (buyerId: string) => {
      const profile = (await loadSuggestionProfiles(buyerId, [partner.id], TODAY)).get(partner.id);
      const customers = await getDb()
        .select({ id: referenceDeployments.id, customer: referenceDeployments.customer })
        .from(referenceDeployments)
        .where(eq(referenceDeployments.organisationId, partner.id));
      expect(profile?.references).toHaveLength(customers.length);
      // References come back in the profile's order (go-live, then customer): all go-live dates are empty here.
      const names = customers.map((c) => c.customer).sort();
      return names.filter((_, i) => profile?.references[i].hasVerifiedEvidence).map((n) => n.slice(0, 1));
    };
    expect(await verifiedOf(buyer.id)).toEqual(["A", "G", "I"]);
    expect(await verifiedOf(otherBuyer.id)).toEqual(["B"]);

    // Verifying the replacement counts again.
    await verify(replaced.current, buyer.id);
    expect(await verifiedOf(buyer.id)).toEqual(["A", "C", "G", "I"]);
  });

  it("does not credit a reference with another partner's evidence that names it", async () => {
    const owner = await createOrganisation("partner");
    const stranger = await createOrganisation("partner");
    const referenceId = await addReference(owner.id, "Owner's customer");
    // A row no form can make (the claim is checked to be the partner's own), read defensively anyway.
    await verify((await addEvidence(stranger.id, referenceId)).current, buyer.id);
    const profiles = await loadSuggestionProfiles(buyer.id, [owner.id, stranger.id], TODAY);
    expect(profiles.get(owner.id)?.references[0].hasVerifiedEvidence).toBe(false);
  });

  it("issues the same five statements for 1 partner and for 20", async () => {
    const db = getDb();
    const orgs = await db
      .insert(organisations)
      .values(
        Array.from({ length: 20 }, (_, i) => {
          const name = `Suggest ${String(i).padStart(2, "0")} ${buyer.id.slice(0, 8)}`;
          return { kind: "partner" as const, name, nameKey: orgNameKey(name) };
        }),
      )
      .returning({ id: organisations.id });
    const ids = orgs.map((o) => o.id);
    await db.insert(partnerProfiles).values(ids.map((organisationId) => ({ organisationId })));
    await db
      .insert(networkMemberships)
      .values(ids.map((organisationId) => ({ organisationId, tier: "elite" as const })));
    await db.insert(specializations).values(
      ids.flatMap((organisationId) => [
        { organisationId, name: "codex", nameKey: "codex" },
        { organisationId, name: "cybersecurity", nameKey: "cybersecurity", expiresOn: "2001-01-01" },
      ]),
    );
    const refs = await db
      .insert(referenceDeployments)
      .values(
        ids.flatMap((organisationId) =>
          [0, 1].map((j) => ({
            organisationId,
            customer: `Customer ${j}`,
            industry: "Retail",
            sizeBand: "1k-5k" as const,
            useCase: "customer_service" as const,
            status: "production" as const,
            referenceContact: true,
          })),
        ),
      )
      .returning({ id: referenceDeployments.id, organisationId: referenceDeployments.organisationId });
    await db.insert(modelProviderClaims).values(
      ids.flatMap((organisationId) => [
        { organisationId, provider: "openai" as const, productionDeployments: 2 },
        { organisationId, provider: "google" as const, productionDeployments: 1 },
      ]),
    );
    for (const r of refs.slice(0, 6)) {
      await verify((await addEvidence(r.organisationId, r.id)).current, buyer.id);
    }

    let profiles = new Map<string, SuggestionProfile>();
    const one = await statementsOf(async () => {
      profiles = await loadSuggestionProfiles(buyer.id, [ids[0]], TODAY);
    });
    const twenty = await statementsOf(async () => {
      profiles = await loadSuggestionProfiles(buyer.id, ids, TODAY);
    });
    // Partners with their membership and support terms; specializations, references, providers; verified evidence.
    expect(one).toHaveLength(5);
    expect(twenty).toHaveLength(one.length);
    expect(profiles.size).toBe(20);
    const withVerified = ids.filter((id) => profiles.get(id)?.references.some((r) => r.hasVerifiedEvidence));
    expect(withVerified).toHaveLength(3);

    await db.delete(organisations).where(inArray(organisations.id, ids));
  });
});
