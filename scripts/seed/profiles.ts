// Rich, varied demo profiles for the seeded partners: every tier, expired and soon-expiring credentials,
// references across industries, size bands and use cases (pilot and production), one-provider and
// multi-provider partners, weak and strong support terms. Dates are relative to the day of seeding.

import { eq } from "drizzle-orm";
import type {
  DocumentKind,
  HeadcountBand,
  MaintenanceModel,
  PartnerType,
  Provider,
  ReferenceStatus,
  Region,
  SizeBand,
  SupportHours,
  Tier,
  UseCase,
} from "../../app/domain/profile";
import { specializationKey } from "../../app/domain/profile";
import type { Db } from "../../db/client";
import {
  certifications,
  modelProviderClaims,
  networkMemberships,
  partnerProfiles,
  practiceDocuments,
  referenceDeployments,
  referenceOutcomes,
  specializations,
  supportTerms,
} from "../../db/schema";

type SeedTx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** An ISO day `offset` days from today (negative: in the past). */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

interface ProfileSeed {
  facts: {
    partnerType: PartnerType;
    hqCountry: string;
    regions: Region[];
    headcountBand: HeadcountBand;
    website: string;
    description: string;
  };
  membership?: { tier: Tier; memberSince: string | null; fde: boolean };
  certs: [track: string, staff: number, issued: number, expires: number | null][];
  specs: [name: string, achieved: number, expires: number | null][];
  refs: {
    customer: string;
    industry: string;
    size: SizeBand;
    useCase: UseCase;
    status: ReferenceStatus;
    goLive: number | null;
    providers: Provider[];
    contact: boolean;
    summary: string;
    outcomes: [metric: string, baseline: number, result: number, unit: string][];
  }[];
  providers: [Provider, number][];
  support?: {
    hours: SupportHours;
    p1Response: number;
    p1Resolution: number;
    warranty: number;
    maintenance: MaintenanceModel;
    runbook: boolean;
    monitoring: boolean;
    transfer: boolean;
  };
  documents: [title: string, kind: DocumentKind, summary: string][];
}

export const PARTNER_PROFILES: Record<string, ProfileSeed> = {
  "Northwind Systems Integration": {
    facts: {
      partnerType: "systems_integrator",
      hqCountry: "AU",
      regions: ["oceania", "asia_pacific", "north_america"],
      headcountBand: "1000-4999",
      website: "https://northwind.example",
      description:
        "Systems integrator running AI programmes for regulated enterprises: claims, contact centres and engineering productivity, from pilot to operations.",
    },
    membership: { tier: "elite", memberSince: day(-900), fde: true },
    certs: [
      ["Solutions architecture", 42, -300, 400],
      ["Applied AI engineering", 28, -200, 45],
      ["AI security", 9, -500, -20],
    ],
    specs: [
      ["codex", -400, 500],
      ["ai_agents", -300, 30],
      ["cybersecurity", -700, -10],
    ],
    refs: [
      {
        customer: "Top-5 Australian insurer",
        industry: "Insurance",
        size: "5k-20k",
        useCase: "document_processing",
        status: "production",
        goLive: -420,
        providers: ["openai", "azure_openai"],
        contact: true,
        summary: "Claims intake triage and document extraction across motor and home lines.",
        outcomes: [
          ["Claims triage time", 46, 9, "minutes"],
          ["Straight-through processing", 12, 41, "%"],
        ],
      },
      {
        customer: "National telco",
        industry: "Telecommunications",
        size: "20k+",
        useCase: "customer_service",
        status: "production",
        goLive: -250,
        providers: ["openai", "anthropic"],
        contact: true,
        summary: "Agent assist and summarisation in the contact centre, 3,000 seats.",
        outcomes: [
          ["Average handle time", 612, 498, "seconds"],
          ["After-call work", 95, 20, "seconds"],
          ["First-contact resolution", 71, 76, "%"],
        ],
      },
      {
        customer: "Regional bank",
        industry: "Banking",
        size: "1k-5k",
        useCase: "software_engineering",
        status: "production",
        goLive: -120,
        providers: ["openai"],
        contact: false,
        summary: "Coding assistants and test generation for the core banking team.",
        outcomes: [["Lead time for changes", 9.5, 6.1, "days"]],
      },
      {
        customer: "State health department",
        industry: "Government",
        size: "5k-20k",
        useCase: "knowledge_search",
        status: "pilot",
        goLive: null,
        providers: ["azure_openai"],
        contact: false,
        summary: "Policy search for frontline staff, in pilot with two hospitals.",
        outcomes: [],
      },
    ],
    providers: [
      ["openai", 14],
      ["azure_openai", 9],
      ["anthropic", 4],
      ["google", 1],
    ],
    support: {
      hours: "24x7",
      p1Response: 30,
      p1Resolution: 8,
      warranty: 120,
      maintenance: "partner_run",
      runbook: true,
      monitoring: true,
      transfer: true,
    },
    documents: [
      [
        "ISO/IEC 27001 certificate",
        "security_attestation",
        "Certificate and statement of applicability, 2025 audit cycle.",
      ],
      [
        "AI incident response runbook",
        "runbook",
        "Severity levels, kill switch, rollback and customer communication.",
      ],
      ["Responsible AI policy", "policy", "Human review points, data boundaries and model evaluation gates."],
    ],
  },
  "Meridian AI Consulting": {
    facts: {
      partnerType: "consultancy",
      hqCountry: "GB",
      regions: ["europe", "middle_east_africa"],
      headcountBand: "250-999",
      website: "https://meridian.example",
      description:
        "Strategy-to-delivery consultancy for financial services: use-case portfolios, governance and build.",
    },
    membership: { tier: "advanced", memberSince: day(-500), fde: false },
    certs: [["Applied AI engineering", 16, -150, 215]],
    specs: [
      ["ai_agents", -200, 300],
      ["Financial crime", -100, null],
    ],
    refs: [
      {
        customer: "European payments firm",
        industry: "Financial services",
        size: "1k-5k",
        useCase: "workflow_agents",
        status: "production",
        goLive: -200,
        providers: ["anthropic", "openai"],
        contact: true,
        summary: "Dispute-handling agent that drafts responses for analyst approval.",
        outcomes: [
          ["Disputes handled per analyst per day", 38, 61, "cases"],
          ["Time to first response", 26, 4, "hours"],
        ],
      },
      {
        customer: "Wealth manager",
        industry: "Financial services",
        size: "200-999",
        useCase: "knowledge_search",
        status: "production",
        goLive: -90,
        providers: ["anthropic"],
        contact: false,
        summary: "Research assistant over internal investment notes.",
        outcomes: [["Research time per note", 120, 45, "minutes"]],
      },
      {
        customer: "Retail bank (anonymised)",
        industry: "Banking",
        size: "5k-20k",
        useCase: "customer_service",
        status: "pilot",
        goLive: null,
        providers: ["openai"],
        contact: false,
        summary: "Complaint classification pilot.",
        outcomes: [],
      },
    ],
    providers: [
      ["anthropic", 5],
      ["openai", 3],
    ],
    support: {
      hours: "extended",
      p1Response: 60,
      p1Resolution: 24,
      warranty: 90,
      maintenance: "co_managed",
      runbook: true,
      monitoring: true,
      transfer: true,
    },
    documents: [
      ["SOC 2 Type II report", "security_attestation", "Covers delivery and hosting environments."],
    ],
  },
  "Kestrel Data Partners": {
    facts: {
      partnerType: "data",
      hqCountry: "US",
      regions: ["north_america"],
      headcountBand: "50-249",
      website: "https://kestrel.example",
      description: "Data engineering shop: pipelines, evaluation datasets and retrieval for AI products.",
    },
    membership: { tier: "select", memberSince: day(-200), fde: false },
    certs: [["Data engineering for AI", 6, -100, 20]],
    specs: [],
    refs: [
      {
        customer: "Mid-market retailer",
        industry: "Retail",
        size: "1k-5k",
        useCase: "knowledge_search",
        status: "production",
        goLive: -150,
        providers: ["openai"],
        contact: true,
        summary: "Product knowledge search for store staff.",
        outcomes: [["Answer accuracy on test set", 62, 88, "%"]],
      },
    ],
    providers: [["openai", 2]],
    support: {
      hours: "business_hours",
      p1Response: 240,
      p1Resolution: 72,
      warranty: 30,
      maintenance: "handover",
      runbook: false,
      monitoring: true,
      transfer: true,
    },
    documents: [],
  },
  "Bluegum Digital": {
    facts: {
      partnerType: "consultancy",
      hqCountry: "NZ",
      regions: ["oceania"],
      headcountBand: "1-49",
      website: "https://bluegum.example",
      description: "Small digital studio building chat experiences for local businesses.",
    },
    membership: { tier: "none", memberSince: null, fde: false },
    certs: [],
    specs: [],
    refs: [
      {
        customer: "Council customer service",
        industry: "Government",
        size: "<200",
        useCase: "customer_service",
        status: "pilot",
        goLive: null,
        providers: ["openai"],
        contact: false,
        summary: "Website chat pilot.",
        outcomes: [],
      },
    ],
    providers: [["openai", 0]],
    support: {
      hours: "business_hours",
      p1Response: 480,
      p1Resolution: 120,
      warranty: 14,
      maintenance: "handover",
      runbook: false,
      monitoring: false,
      transfer: false,
    },
    documents: [],
  },
  "Atlas Forward Engineering": {
    facts: {
      partnerType: "technology",
      hqCountry: "US",
      regions: ["north_america", "europe", "asia_pacific"],
      headcountBand: "5000+",
      website: "https://atlasfwd.example",
      description: "Engineering firm with forward-deployed teams building agentic systems in production.",
    },
    membership: { tier: "elite", memberSince: day(-1000), fde: true },
    certs: [
      ["Applied AI engineering", 120, -90, 640],
      ["Solutions architecture", 60, -400, 330],
    ],
    specs: [
      ["codex", -500, 400],
      ["ai_agents", -500, 400],
      ["cybersecurity", -200, 520],
    ],
    refs: [
      {
        customer: "Global logistics company",
        industry: "Logistics",
        size: "20k+",
        useCase: "workflow_agents",
        status: "production",
        goLive: -300,
        providers: ["openai", "anthropic", "aws_bedrock"],
        contact: true,
        summary: "Exception-handling agents for shipment delays, with human approval over a threshold.",
        outcomes: [
          ["Exceptions resolved without escalation", 35, 72, "%"],
          ["Cost per exception", 18.4, 6.9, "USD"],
        ],
      },
      {
        customer: "Security operations centre (Fortune 500)",
        industry: "Technology",
        size: "20k+",
        useCase: "security_operations",
        status: "production",
        goLive: -180,
        providers: ["anthropic", "openai"],
        contact: true,
        summary: "Alert triage assistant for tier-1 analysts.",
        outcomes: [
          ["Mean time to triage", 34, 11, "minutes"],
          ["False positives escalated", 41, 17, "%"],
        ],
      },
      {
        customer: "Software vendor",
        industry: "Technology",
        size: "1k-5k",
        useCase: "software_engineering",
        status: "production",
        goLive: -60,
        providers: ["openai"],
        contact: false,
        summary: "Codex-based migration of a legacy test suite.",
        outcomes: [["Test suite migration effort", 14, 3, "person-months"]],
      },
      {
        customer: "Airline (anonymised)",
        industry: "Aviation",
        size: "5k-20k",
        useCase: "customer_service",
        status: "retired",
        goLive: -700,
        providers: ["google"],
        contact: false,
        summary: "Rebooking assistant, retired after the airline moved to its own platform.",
        outcomes: [["Rebookings self-served", 8, 37, "%"]],
      },
    ],
    providers: [
      ["openai", 22],
      ["anthropic", 11],
      ["aws_bedrock", 6],
      ["google", 3],
      ["mistral", 1],
    ],
    support: {
      hours: "24x7",
      p1Response: 15,
      p1Resolution: 4,
      warranty: 180,
      maintenance: "partner_run",
      runbook: true,
      monitoring: true,
      transfer: true,
    },
    documents: [
      ["SOC 2 Type II report", "security_attestation", "2025 report, no exceptions."],
      ["Model evaluation method", "policy", "Offline evaluation sets, release gates and drift monitoring."],
      ["Logistics exceptions case study", "case_study", "Published with the customer's permission."],
    ],
  },
  "Copperleaf Technology": {
    facts: {
      partnerType: "technology",
      hqCountry: "CA",
      regions: ["north_america", "europe"],
      headcountBand: "250-999",
      website: "https://copperleaf.example",
      description: "Product engineering firm specialising in document AI for insurance and lending.",
    },
    membership: { tier: "advanced", memberSince: day(-650), fde: false },
    certs: [["Applied AI engineering", 24, -380, -5]],
    specs: [["codex", -300, 250]],
    refs: [
      {
        customer: "Commercial lender",
        industry: "Banking",
        size: "1k-5k",
        useCase: "document_processing",
        status: "production",
        goLive: -330,
        providers: ["openai", "google"],
        contact: true,
        summary: "Loan document extraction and covenant checks.",
        outcomes: [["Document review time", 90, 25, "minutes"]],
      },
      {
        customer: "Specialty insurer",
        industry: "Insurance",
        size: "200-999",
        useCase: "document_processing",
        status: "production",
        goLive: -100,
        providers: ["google"],
        contact: false,
        summary: "Submission intake for commercial underwriting.",
        outcomes: [
          ["Submissions quoted within a day", 30, 64, "%"],
          ["Data entry errors", 7.2, 1.9, "%"],
        ],
      },
    ],
    providers: [
      ["openai", 4],
      ["google", 3],
      ["cohere", 1],
    ],
    support: {
      hours: "extended",
      p1Response: 90,
      p1Resolution: 24,
      warranty: 60,
      maintenance: "co_managed",
      runbook: true,
      monitoring: false,
      transfer: true,
    },
    documents: [
      ["Data processing addendum", "policy", "Processing locations, retention and sub-processors."],
    ],
  },
  "Harbourline Analytics": {
    facts: {
      partnerType: "data",
      hqCountry: "SG",
      regions: ["asia_pacific", "oceania"],
      headcountBand: "50-249",
      website: "https://harbourline.example",
      description: "Analytics and data platform partner moving into retrieval and evaluation work.",
    },
    membership: { tier: "select", memberSince: day(-120), fde: false },
    certs: [["Data engineering for AI", 5, -60, 300]],
    specs: [["Retrieval-augmented generation", -60, null]],
    refs: [
      {
        customer: "Port operator",
        industry: "Logistics",
        size: "1k-5k",
        useCase: "knowledge_search",
        status: "pilot",
        goLive: null,
        providers: ["azure_openai"],
        contact: true,
        summary: "Maintenance manual search for engineers, pilot on two cranes.",
        outcomes: [["Time to find a procedure", 18, 4, "minutes"]],
      },
    ],
    providers: [["azure_openai", 1]],
    support: {
      hours: "business_hours",
      p1Response: 120,
      p1Resolution: 48,
      warranty: 45,
      maintenance: "co_managed",
      runbook: false,
      monitoring: true,
      transfer: true,
    },
    documents: [],
  },
  "Tessellate Labs": {
    facts: {
      partnerType: "technology",
      hqCountry: "DE",
      regions: ["europe"],
      headcountBand: "50-249",
      website: "https://tessellate.example",
      description:
        "Applied research lab turned delivery partner; strong on evaluation, lighter on operations.",
    },
    membership: { tier: "advanced", memberSince: day(-800), fde: false },
    certs: [
      ["Applied AI engineering", 11, -760, -30],
      ["Solutions architecture", 4, -400, -2],
    ],
    specs: [
      ["ai_agents", -700, -60],
      ["codex", -100, 55],
    ],
    refs: [
      {
        customer: "Automotive supplier",
        industry: "Manufacturing",
        size: "5k-20k",
        useCase: "software_engineering",
        status: "production",
        goLive: -240,
        providers: ["mistral", "openai"],
        contact: false,
        summary: "Embedded-software code review assistant, hosted in the EU.",
        outcomes: [["Review comments per change", 3.1, 5.4, "comments"]],
      },
      {
        customer: "Energy utility",
        industry: "Energy",
        size: "5k-20k",
        useCase: "workflow_agents",
        status: "pilot",
        goLive: null,
        providers: ["mistral"],
        contact: false,
        summary: "Outage-report drafting agent in pilot.",
        outcomes: [],
      },
    ],
    providers: [
      ["mistral", 2],
      ["openai", 1],
      ["meta_llama", 1],
    ],
    support: {
      hours: "business_hours",
      p1Response: 180,
      p1Resolution: 48,
      warranty: 30,
      maintenance: "handover",
      runbook: false,
      monitoring: true,
      transfer: false,
    },
    documents: [["EU data residency statement", "policy", "All processing in Frankfurt and Paris regions."]],
  },
  "Granite Peak Advisory": {
    facts: {
      partnerType: "consultancy",
      hqCountry: "US",
      regions: ["north_america"],
      headcountBand: "250-999",
      website: "https://granitepeak.example",
      description: "Management consultancy advising boards on AI strategy; delivery through subcontractors.",
    },
    certs: [],
    specs: [],
    refs: [
      {
        customer: "Healthcare network",
        industry: "Healthcare",
        size: "20k+",
        useCase: "other",
        status: "pilot",
        goLive: null,
        providers: ["openai"],
        contact: false,
        summary:
          "AI operating model and use-case portfolio; a scheduling pilot delivered by a subcontractor.",
        outcomes: [],
      },
    ],
    providers: [["openai", 0]],
    documents: [["AI governance framework", "policy", "Board-level oversight and risk appetite template."]],
  },
};

/** Fills the demo partners' profiles (they already have an empty profile row). */
export async function seedPartnerProfiles(tx: SeedTx, orgIdByName: Map<string, string>): Promise<void> {
  const memberships = [];
  const certRows = [];
  const specRows = [];
  const providerRows = [];
  const supportRows = [];
  const documentRows = [];
  const refRows: (typeof referenceDeployments.$inferInsert & {
    outcomes: ProfileSeed["refs"][number]["outcomes"];
  })[] = [];
  for (const [name, p] of Object.entries(PARTNER_PROFILES)) {
    const organisationId = orgIdByName.get(name);
    if (!organisationId) continue;
    await tx
      .update(partnerProfiles)
      .set({ ...p.facts, profileUpdatedAt: new Date(Date.now() - (name.length % 9) * 86_400_000) })
      .where(eq(partnerProfiles.organisationId, organisationId));
    if (p.membership) {
      memberships.push({
        organisationId,
        tier: p.membership.tier,
        memberSince: p.membership.memberSince,
        forwardDeployedExperts: p.membership.fde,
      });
    }
    for (const [track, staff, issued, expires] of p.certs) {
      certRows.push({
        organisationId,
        track,
        certifiedStaff: staff,
        issuedOn: day(issued),
        expiresOn: expires === null ? null : day(expires),
      });
    }
    for (const [spec, achieved, expires] of p.specs) {
      specRows.push({
        organisationId,
        name: spec,
        nameKey: specializationKey(spec),
        achievedOn: day(achieved),
        expiresOn: expires === null ? null : day(expires),
      });
    }
    for (const [provider, n] of p.providers)
      providerRows.push({ organisationId, provider, productionDeployments: n });
    if (p.support) {
      const s = p.support;
      supportRows.push({
        organisationId,
        supportHours: s.hours,
        p1ResponseMinutes: s.p1Response,
        p1ResolutionHours: s.p1Resolution,
        warrantyDays: s.warranty,
        maintenanceModel: s.maintenance,
        rollbackRunbook: s.runbook,
        monitoringIncluded: s.monitoring,
        knowledgeTransfer: s.transfer,
      });
    }
    for (const [title, kind, summary] of p.documents)
      documentRows.push({ organisationId, title, kind, summary });
    for (const r of p.refs) {
      refRows.push({
        organisationId,
        customer: r.customer,
        industry: r.industry,
        sizeBand: r.size,
        useCase: r.useCase,
        status: r.status,
        goLiveOn: r.goLive === null ? null : day(r.goLive),
        providers: r.providers,
        referenceContact: r.contact,
        summary: r.summary,
        outcomes: r.outcomes,
      });
    }
  }
  if (memberships.length) await tx.insert(networkMemberships).values(memberships);
  if (certRows.length) await tx.insert(certifications).values(certRows);
  if (specRows.length) await tx.insert(specializations).values(specRows);
  if (providerRows.length) await tx.insert(modelProviderClaims).values(providerRows);
  if (supportRows.length) await tx.insert(supportTerms).values(supportRows);
  if (documentRows.length) await tx.insert(practiceDocuments).values(documentRows);
  if (refRows.length) {
    const inserted = await tx
      .insert(referenceDeployments)
      .values(refRows.map(({ outcomes: _o, ...r }) => r))
      .returning({ id: referenceDeployments.id });
    const outcomeRows = refRows.flatMap((r, i) =>
      r.outcomes.map(([metric, baseline, result, unit], position) => ({
        referenceId: inserted[i].id,
        organisationId: r.organisationId,
        position,
        metric,
        baseline,
        result,
        unit,
      })),
    );
    if (outcomeRows.length) await tx.insert(referenceOutcomes).values(outcomeRows);
  }
}
