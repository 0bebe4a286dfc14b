// The vocabularies the database stores as enums, and the application validates and shows. A leaf: it imports
// nothing, so the schema (db/schema) and the pure domain (app/domain, which re-exports these with their labels and
// rules) both depend on it and neither on the other.

// Checklists.
export const CRITERION_KINDS = ["rated", "numeric"] as const;
export const DIRECTIONS = ["lower", "higher"] as const;
export const SUGGESTION_RULES = [
  "tier",
  "specialization_coverage",
  "comparable_references",
  "provider_breadth",
  "support_terms",
] as const;
/** Profile fields a numeric criterion's value may be copied from (docs/product.md: "P1 response minutes", ...). */
export const PROFILE_VALUE_FIELDS = ["p1_response_minutes", "p1_resolution_hours", "warranty_days"] as const;

// Evaluations.
export const EVALUATION_STATUSES = ["draft", "scoring", "review", "decided", "cancelled"] as const;

// Partner profiles.
export const PARTNER_TYPES = ["systems_integrator", "consultancy", "technology", "data"] as const;
export const HEADCOUNT_BANDS = ["1-49", "50-249", "250-999", "1000-4999", "5000+"] as const;
export const TIERS = ["none", "select", "advanced", "elite"] as const;
export const SIZE_BANDS = ["<200", "200-999", "1k-5k", "5k-20k", "20k+"] as const;
export const USE_CASES = [
  "customer_service",
  "software_engineering",
  "document_processing",
  "knowledge_search",
  "workflow_agents",
  "security_operations",
  "other",
] as const;
export const REFERENCE_STATUSES = ["pilot", "production", "retired"] as const;
export const PROVIDERS = [
  "openai",
  "azure_openai",
  "anthropic",
  "google",
  "aws_bedrock",
  "meta_llama",
  "mistral",
  "cohere",
  "other",
] as const;
export const SUPPORT_HOURS = ["business_hours", "extended", "24x7"] as const;
export const MAINTENANCE_MODELS = ["partner_run", "co_managed", "handover"] as const;
export const DOCUMENT_KINDS = ["policy", "runbook", "security_attestation", "case_study", "other"] as const;

/** A questionnaire question's answer types (db/schema/questionnaire.ts). */
export const ANSWER_TYPES = [
  "text",
  "number",
  "yes_no",
  "one_choice",
  "many_choices",
  "date",
  "evidence",
] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

/** What a question may be pre-filled from on the partner's profile (with the claim's date). */
export const PROFILE_CLAIMS = ["support_terms", "model_providers", "references"] as const;
export type ProfileClaim = (typeof PROFILE_CLAIMS)[number];
