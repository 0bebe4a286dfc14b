// The partner profile's vocabularies and credential rules (docs/product.md "Partner profile"). Pure: shared by the
// database schema, the server's validation and the browser.

import {
  DOCUMENT_KINDS,
  HEADCOUNT_BANDS,
  MAINTENANCE_MODELS,
  PARTNER_TYPES,
  PROVIDERS,
  REFERENCE_STATUSES,
  SIZE_BANDS,
  SUPPORT_HOURS,
  TIERS,
  USE_CASES,
} from "../../db/enums";
import { plural } from "./words";

export {
  DOCUMENT_KINDS,
  HEADCOUNT_BANDS,
  MAINTENANCE_MODELS,
  PARTNER_TYPES,
  PROVIDERS,
  REFERENCE_STATUSES,
  SIZE_BANDS,
  SUPPORT_HOURS,
  TIERS,
  USE_CASES,
};
export const REGIONS = [
  "north_america",
  "latin_america",
  "europe",
  "middle_east_africa",
  "asia_pacific",
  "oceania",
] as const;
export const BUILT_IN_SPECIALIZATIONS = ["codex", "cybersecurity", "ai_agents"] as const;

export type PartnerType = (typeof PARTNER_TYPES)[number];
export type HeadcountBand = (typeof HEADCOUNT_BANDS)[number];
export type Region = (typeof REGIONS)[number];
export type Tier = (typeof TIERS)[number];
export type SizeBand = (typeof SIZE_BANDS)[number];
export type UseCase = (typeof USE_CASES)[number];
export type ReferenceStatus = (typeof REFERENCE_STATUSES)[number];
export type Provider = (typeof PROVIDERS)[number];
export type SupportHours = (typeof SUPPORT_HOURS)[number];
export type MaintenanceModel = (typeof MAINTENANCE_MODELS)[number];
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const LABELS = {
  partnerType: {
    systems_integrator: "Systems integrator",
    consultancy: "Consultancy",
    technology: "Technology firm",
    data: "Data firm",
  } satisfies Record<PartnerType, string>,
  headcount: {
    "1-49": "1–49 staff",
    "50-249": "50–249 staff",
    "250-999": "250–999 staff",
    "1000-4999": "1,000–4,999 staff",
    "5000+": "5,000+ staff",
  } satisfies Record<HeadcountBand, string>,
  region: {
    north_america: "North America",
    latin_america: "Latin America",
    europe: "Europe",
    middle_east_africa: "Middle East & Africa",
    asia_pacific: "Asia Pacific",
    oceania: "Australia & New Zealand",
  } satisfies Record<Region, string>,
  tier: { none: "Not a member", select: "Select", advanced: "Advanced", elite: "Elite" } satisfies Record<
    Tier,
    string
  >,
  specialization: { codex: "Codex", cybersecurity: "Cybersecurity", ai_agents: "AI agents" } as Record<
    string,
    string
  >,
  sizeBand: {
    "<200": "Under 200 employees",
    "200-999": "200–999 employees",
    "1k-5k": "1,000–5,000 employees",
    "5k-20k": "5,000–20,000 employees",
    "20k+": "20,000+ employees",
  } satisfies Record<SizeBand, string>,
  useCase: {
    customer_service: "Customer service",
    software_engineering: "Software engineering",
    document_processing: "Document processing",
    knowledge_search: "Knowledge search",
    workflow_agents: "Workflow agents",
    security_operations: "Security operations",
    other: "Other",
  } satisfies Record<UseCase, string>,
  referenceStatus: { pilot: "Pilot", production: "In production", retired: "Retired" } satisfies Record<
    ReferenceStatus,
    string
  >,
  provider: {
    openai: "OpenAI",
    azure_openai: "Azure OpenAI",
    anthropic: "Anthropic",
    google: "Google",
    aws_bedrock: "AWS Bedrock",
    meta_llama: "Meta Llama",
    mistral: "Mistral",
    cohere: "Cohere",
    other: "Other",
  } satisfies Record<Provider, string>,
  supportHours: {
    business_hours: "Business hours",
    extended: "Extended hours",
    "24x7": "24×7",
  } satisfies Record<SupportHours, string>,
  maintenance: {
    partner_run: "Partner-run",
    co_managed: "Co-managed",
    handover: "Handover to buyer",
  } satisfies Record<MaintenanceModel, string>,
  documentKind: {
    policy: "Policy",
    runbook: "Runbook",
    security_attestation: "Security attestation",
    case_study: "Case study",
    other: "Other",
  } satisfies Record<DocumentKind, string>,
};

/** Tier order for sorting: elite first. */
export const TIER_RANK: Record<Tier, number> = { elite: 3, advanced: 2, select: 1, none: 0 };

/**
 * Free-form specializations match ignoring case, spaces, underscores and hyphens (docs/product.md "Auto-suggestions" says
 * case and spaces; "AI agents", "ai_agents" and "AI-Agents" name the same specialization here).
 */
export function specializationKey(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
}

export function specializationLabel(name: string): string {
  return LABELS.specialization[name] ?? name;
}

/** Days a credential may still run before the partner is warned. */
export const EXPIRY_WARNING_DAYS = 60;

export type CredentialState = "current" | "expiring" | "expired";

/**
 * A credential is current through its expiry date (UTC); expiring when that date is within 60 days; expired
 * (and counted as absent) after it. No expiry date: current. Dates are ISO calendar days (YYYY-MM-DD).
 */
export function credentialState(expiresOn: string | null, today: string): CredentialState {
  if (!expiresOn) return "current";
  if (expiresOn < today) return "expired";
  return daysBetween(today, expiresOn) <= EXPIRY_WARNING_DAYS ? "expiring" : "current";
}

/** A credential's state and how the partner's own profile names it ("Expiring in 12 days"). */
export function credentialStanding(expiresOn: string | null, today: string) {
  const state = credentialState(expiresOn, today);
  const label =
    state === "expired"
      ? "Expired"
      : state === "expiring" && expiresOn
        ? `Expiring in ${plural(daysBetween(today, expiresOn), "day", "days")}`
        : "Current";
  return { state, stateLabel: label };
}

export function isCurrent(expiresOn: string | null, today: string): boolean {
  return credentialState(expiresOn, today) !== "expired";
}

/** Whole days from one ISO day to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Today as an ISO day in UTC. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
