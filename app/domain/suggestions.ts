// Auto-suggestions (docs/product.md "Auto-suggestions"): what a rule proposes for a rated criterion from the partner's
// profile and the buyer's evaluation context, with the reason shown to the evaluator. Pure: no database, no Remix,
// no I/O, so the scoring page, the triage of the directory and the browser all run this one copy of the rules.
// Integer arithmetic throughout: every rounding here is "halves up" on exact integers, never on a float.
import type { ChecklistSection, SuggestionRule } from "./checklist";
import {
  isCurrent,
  LABELS,
  type MaintenanceModel,
  type Provider,
  type ReferenceStatus,
  SIZE_BANDS,
  type SizeBand,
  type SupportHours,
  specializationKey,
  specializationLabel,
  type Tier,
  type UseCase,
} from "./profile";
import { formatDuration, plural } from "./words";

/** NOTE: docs/product.md: a suggestion is computed on 0-5, then scaled to the criterion's maximum. */
export const SUGGESTION_SCALE = 5;
/** NOTE: docs/product.md "support terms": P1 response within an hour earns its point. */
export const P1_RESPONSE_LIMIT_MINUTES = 60;
/** NOTE: docs/product.md "support terms": a warranty of at least 90 days earns its point. */
export const WARRANTY_MIN_DAYS = 90;
/** NOTE: docs/product.md "support terms": one point for each of these five terms. */
export const SUPPORT_TERM_COUNT = 5;

/** NOTE: docs/product.md "tier": elite 5, advanced 3, select 1, none 0. */
const TIER_POINTS: Record<Tier, number> = { elite: 5, advanced: 3, select: 1, none: 0 };
/** NOTE: docs/product.md "comparable references": 0 -> 0, 1 -> 2, 2 -> 3, 3 or more -> 4 (index: the count, capped at 3). */
const REFERENCE_POINTS = [0, 2, 3, 4] as const;
/** NOTE: docs/product.md "provider breadth": 0 -> 0, 1 -> 1, 2 -> 3, 3 or more -> 5 (index: the count, capped at 3). */
const PROVIDER_POINTS = [0, 1, 3, 5] as const;

/** The buyer's evaluation context (docs/product.md "Evaluation": industry, size band, use cases, required specializations). */
export interface EvaluationContext {
  industry: string | null;
  sizeBand: SizeBand | null;
  useCases: UseCase[];
  /** Built-in keys (`codex`) or free-form names as the buyer typed them; matched with `specializationKey`. */
  requiredSpecializations: string[];
}

export interface SuggestionReference {
  status: ReferenceStatus;
  sizeBand: SizeBand;
  useCase: UseCase;
  referenceContactAvailable: boolean;
  /**
   * This buyer verified the current version of at least one piece of evidence attached to the reference, visible
   * to it and not dated (its period did not end more than 24 months ago). Decided by whoever reads the data.
   */
  hasVerifiedEvidence: boolean;
}

export interface SuggestionSupportTerms {
  hours: SupportHours;
  p1ResponseMinutes: number;
  warrantyDays: number;
  maintenanceModel: MaintenanceModel;
  rollbackRunbook: boolean;
}

/** The facts of a partner profile the rules read; `null` where the partner made no claim. */
export interface SuggestionProfile {
  /** No row = no claim; a tier of `none` is a claim (and scores 0). */
  membership: { tier: Tier } | null;
  specializations: { name: string; expiresOn: string | null }[];
  references: SuggestionReference[];
  /**
   * The model providers claim's rows. An empty list scores 0: docs/product.md lists the missing data that makes no
   * suggestion (membership, support terms, the context's size band and use cases) and says zero providers is data.
   */
  providers: { provider: Provider; productionDeployments: number }[];
  /** No row = no claim: no suggestion. */
  support: SuggestionSupportTerms | null;
}

export type SuggestionResult =
  | {
      kind: "suggestion";
      /** On 0-5. */
      raw: number;
      /** On the criterion's scale 0-`max`: `round(raw * max / 5)`, halves up. */
      score: number;
      reason: string;
    }
  | { kind: "none"; reason: string };

/**
 * A 0-5 suggestion on a criterion's scale of 0-`max`: `round(raw * max / 5)`, halves up. Exact: with integers,
 * `floor((2 * raw * max + 5) / 10)` is that rounding without a float ever standing at .4999….
 */
export function scaleSuggestion(raw: number, max: number): number {
  if (!Number.isInteger(raw) || raw < 0 || raw > SUGGESTION_SCALE) {
    throw new RangeError(`A suggestion is a whole number from 0 to ${SUGGESTION_SCALE}; got ${raw}.`);
  }
  if (!Number.isInteger(max) || max < 1) {
    throw new RangeError(`A criterion's maximum is a whole number of at least 1; got ${max}.`);
  }
  return Math.floor((2 * raw * max + SUGGESTION_SCALE) / (2 * SUGGESTION_SCALE));
}

/** `round(5 * held / required)`, halves up, exactly: `floor((10 * held + required) / (2 * required))`. */
function coveragePoints(held: number, required: number): number {
  return Math.floor((2 * SUGGESTION_SCALE * held + required) / (2 * required));
}

type Raw = { raw: number; reason: string } | { none: string };

const listOf = (items: string[]) => items.join(", ");
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function tierRule(profile: SuggestionProfile): Raw {
  if (!profile.membership) return { none: "No membership claim on the profile" };
  const tier = profile.membership.tier;
  return {
    raw: TIER_POINTS[tier],
    reason: tier === "none" ? "Not a network member (tier: none)" : `${LABELS.tier[tier]} tier`,
  };
}

function coverageRule(profile: SuggestionProfile, context: EvaluationContext, today: string): Raw {
  // One entry per key, in the buyer's order: "AI agents" and "ai_agents" are one requirement.
  const required = new Map<string, string>();
  for (const name of context.requiredSpecializations) {
    const key = specializationKey(name);
    if (key && !required.has(key)) required.set(key, name);
  }
  if (required.size === 0) return { none: "The evaluation names no required specializations" };
  const claimed = new Map<string, { name: string; current: boolean }>();
  for (const s of profile.specializations) {
    const key = specializationKey(s.name);
    const current = isCurrent(s.expiresOn, today);
    // A partner holds one specialization per key; should two rows share one, a current one wins.
    if (!claimed.get(key)?.current) claimed.set(key, { name: s.name, current });
  }
  const held: string[] = [];
  const expired: string[] = [];
  const missing: string[] = [];
  for (const [key, name] of required) {
    const claim = claimed.get(key);
    if (claim?.current) held.push(specializationLabel(claim.name));
    else if (claim) expired.push(`${specializationLabel(claim.name)} expired`);
    else missing.push(specializationLabel(name));
  }
  const details = [
    listOf(held),
    listOf(expired),
    missing.length > 0 ? `${listOf(missing)} missing` : "",
  ].filter((part) => part !== "");
  return {
    raw: coveragePoints(held.length, required.size),
    reason: `${held.length} of ${plural(required.size, "required specialization", "required specializations")} current (${details.join("; ")})`,
  };
}

function referencesRule(profile: SuggestionProfile, context: EvaluationContext): Raw {
  const { sizeBand, useCases } = context;
  if (sizeBand === null && useCases.length === 0) {
    return { none: "The evaluation's context has no size band and no use case" };
  }
  if (sizeBand === null) return { none: "The evaluation's context has no size band" };
  if (useCases.length === 0) return { none: "The evaluation's context names no use case" };
  const band = SIZE_BANDS.indexOf(sizeBand);
  const comparable = profile.references.filter(
    (r) =>
      r.status === "production" &&
      Math.abs(SIZE_BANDS.indexOf(r.sizeBand) - band) <= 1 &&
      useCases.includes(r.useCase),
  );
  const n = comparable.length;
  const base = REFERENCE_POINTS[Math.min(n, REFERENCE_POINTS.length - 1)];
  const bonus = comparable.some((r) => r.referenceContactAvailable && r.hasVerifiedEvidence) ? 1 : 0;
  const scope = `within one size band of ${LABELS.sizeBand[sizeBand]}; ${listOf(useCases.map((u) => LABELS.useCase[u]))}`;
  const count =
    n === 0
      ? `No comparable production references (${scope})`
      : `${plural(n, "comparable production reference", "comparable production references")} (${scope})`;
  const extra =
    n === 0
      ? ""
      : bonus
        ? `; ${n === 1 ? "it has" : "one has"} a reference contact and verified evidence (+1)`
        : `; ${n === 1 ? "it lacks" : "none has"} both a reference contact and verified evidence`;
  return { raw: Math.min(base + bonus, SUGGESTION_SCALE), reason: `${count}${extra}` };
}

function providersRule(profile: SuggestionProfile): Raw {
  // `other` is one provider like any other (docs/product.md); a provider listed twice still counts once.
  const inProduction = [
    ...new Set(profile.providers.filter((p) => p.productionDeployments >= 1).map((p) => p.provider)),
  ];
  const n = inProduction.length;
  if (n === 0) {
    return {
      raw: 0,
      reason:
        profile.providers.length === 0
          ? "No model providers claimed"
          : "No model provider with a production deployment",
    };
  }
  return {
    raw: PROVIDER_POINTS[Math.min(n, PROVIDER_POINTS.length - 1)],
    reason: `Production deployments on ${plural(n, "model provider", "model providers")} (${listOf(inProduction.map((p) => LABELS.provider[p]))})`,
  };
}

const MAINTENANCE_PHRASE: Record<MaintenanceModel, string> = {
  partner_run: "partner-run maintenance",
  co_managed: "co-managed maintenance",
  handover: "maintenance handed over to the buyer",
};

function supportRule(profile: SuggestionProfile): Raw {
  const s = profile.support;
  if (!s) return { none: "No support-terms claim on the profile" };
  const terms: [boolean, string][] = [
    [s.hours === "24x7", `${LABELS.supportHours[s.hours].toLowerCase()} support`],
    [s.p1ResponseMinutes <= P1_RESPONSE_LIMIT_MINUTES, `P1 response ${formatDuration(s.p1ResponseMinutes)}`],
    [s.warrantyDays >= WARRANTY_MIN_DAYS, `${s.warrantyDays}-day warranty`],
    [
      s.maintenanceModel === "partner_run" || s.maintenanceModel === "co_managed",
      MAINTENANCE_PHRASE[s.maintenanceModel],
    ],
    [
      s.rollbackRunbook,
      s.rollbackRunbook ? "rollback and kill-switch runbook" : "no rollback and kill-switch runbook",
    ],
  ];
  const met = terms.filter(([ok]) => ok).map(([, text]) => text);
  const unmet = terms.filter(([ok]) => !ok).map(([, text]) => text);
  const count = `${met.length} of ${SUPPORT_TERM_COUNT} terms`;
  const reason =
    met.length === 0
      ? `${count} (not met: ${listOf(unmet)})`
      : `${listOf(met)}: ${count}${unmet.length > 0 ? ` (not met: ${listOf(unmet)})` : ""}`;
  return { raw: met.length, reason: sentence(reason) };
}

/**
 * What `rule` suggests for a criterion of maximum `max` (1-100), or why it suggests nothing. `today` is an ISO day
 * (UTC): a specialization is current through its expiry date.
 */
export function suggest(
  rule: SuggestionRule,
  profile: SuggestionProfile,
  context: EvaluationContext,
  max: number,
  today: string,
): SuggestionResult {
  const result: Raw =
    rule === "tier"
      ? tierRule(profile)
      : rule === "specialization_coverage"
        ? coverageRule(profile, context, today)
        : rule === "comparable_references"
          ? referencesRule(profile, context)
          : rule === "provider_breadth"
            ? providersRule(profile)
            : supportRule(profile);
  if ("none" in result) return { kind: "none", reason: result.none };
  return {
    kind: "suggestion",
    raw: result.raw,
    score: scaleSuggestion(result.raw, max),
    reason: result.reason,
  };
}

/**
 * Every suggestion a checklist makes for one partner (the triage before anyone scores): criterion key -> result,
 * for the rated criteria that carry a rule; the others are absent, so they stay undefined in a partial total.
 */
export function suggestChecklist(
  sections: readonly ChecklistSection[],
  profile: SuggestionProfile,
  context: EvaluationContext,
  today: string,
): Map<string, SuggestionResult> {
  const results = new Map<string, SuggestionResult>();
  for (const section of sections) {
    for (const c of section.criteria) {
      if (c.kind !== "rated" || c.suggestionRule === null) continue;
      results.set(c.key, suggest(c.suggestionRule, profile, context, c.max, today));
    }
  }
  return results;
}
