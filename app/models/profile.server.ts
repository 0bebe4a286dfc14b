// Editing a partner's own profile: one zod schema per form, and one mutation per claim, each in one transaction
// with its audit event, a version check and a touch of `partner_profiles.profile_updated_at`. Reads go through
// `getPartnerProfile` (partner.server.ts).
import { data } from "@remix-run/node";
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
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
import {
  BUILT_IN_SPECIALIZATIONS,
  DOCUMENT_KINDS,
  HEADCOUNT_BANDS,
  LABELS,
  MAINTENANCE_MODELS,
  PARTNER_TYPES,
  PROVIDERS,
  REFERENCE_STATUSES,
  REGIONS,
  SIZE_BANDS,
  SUPPORT_HOURS,
  specializationKey,
  specializationLabel,
  TIERS,
  todayUtc,
  USE_CASES,
} from "../domain/profile";
import { expectFields, fieldErrors, formValues, isUniqueViolation } from "../utils/forms.server";
import { notFound } from "../utils/http.server";
import { MissingIdempotencyKey, once } from "../utils/idempotency.server";
import { isIsoDay } from "../utils/time";
import { recordAudit } from "./audit.server";
import { FieldError } from "./auth.server";
import { isUuid } from "./member.server";
import { VersionConflict } from "./team.server";

export * from "../domain/profile-limits";
export { VersionConflict };

import {
  MAX_CUSTOMER_LENGTH,
  MAX_DEPLOYMENTS,
  MAX_DESCRIPTION_LENGTH,
  MAX_DOCUMENT_SUMMARY_LENGTH,
  MAX_DOCUMENT_TITLE_LENGTH,
  MAX_INDUSTRY_LENGTH,
  MAX_METRIC_LENGTH,
  MAX_REFERENCE_SUMMARY_LENGTH,
  MAX_SPECIALIZATION_LENGTH,
  MAX_STAFF,
  MAX_TRACK_LENGTH,
  MAX_UNIT_LENGTH,
  MAX_WEBSITE_LENGTH,
  OUTCOME_ROWS,
  P1_RESOLUTION_HOURS,
  P1_RESPONSE_MINUTES,
  WARRANTY_DAYS,
} from "../domain/profile-limits";

/** Who is editing: the signed-in partner person, for tenant scoping and the audit event. */
export interface ProfileActor {
  userId: string;
  organisationId: string;
}

/**
 * Countries for the HQ select: every two-letter code A–Z that the runtime's region names resolve to something
 * other than the code itself (NOTE: ISO 3166-1 alpha-2 via Intl.DisplayNames, so the list follows ICU data).
 */
// NOTE: ICU also names groupings and private-use codes (EU, UN, ZZ, pseudo-locales XA/XB): not countries.
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "ZZ", "XA", "XB", "QO", "AC", "CP", "DG", "EA", "IC", "TA"]);

export const COUNTRIES: readonly { code: string; name: string }[] = (() => {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  const list: { code: string; name: string }[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        name = undefined;
      }
      if (name && name !== code && !NOT_COUNTRIES.has(code)) list.push({ code, name });
    }
  }
  return list.sort((x, y) => x.name.localeCompare(y.name, "en"));
})();
const COUNTRY_CODES = new Set(COUNTRIES.map((c) => c.code));

export function countryName(code: string | null | undefined): string | undefined {
  if (!code) return undefined;
  return COUNTRIES.find((c) => c.code === code)?.name ?? code;
}

// ---------------------------------------------------------------------------------------------------------
// Form reading

/** Fields a form sends once per checked box. */
const LIST_FIELDS = ["regions", "providers"] as const;

function checkedLists(form: FormData): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const key of LIST_FIELDS) {
    if (form.has(key)) lists[key] = form.getAll(key).filter((v): v is string => typeof v === "string");
  }
  return lists;
}

const STALE_FORM = "This form is incomplete or out of date: reload the page and try again.";

/**
 * The 400 (or 409) answer to a refused form: messages by field, every typed value (each checked box too) and a
 * form-level message, so the form re-renders with nothing lost.
 */
export function refuse(
  form: FormData,
  errors: Record<string, string | undefined>,
  formError?: string,
  status = 400,
) {
  const stale = errors.version || errors.id;
  return data(
    {
      ok: false as const,
      errors,
      values: formValues(form),
      checked: checkedLists(form),
      formError: formError ?? (stale ? STALE_FORM : "Some fields need attention: see the messages below."),
    },
    { status },
  );
}

/** The 409 answer to a version conflict: the message says what the other person saved; typed values are kept. */
export function conflictAnswer(form: FormData, message: string) {
  return refuse(form, {}, message, 409);
}

/** Like `parseForm`, but a field sent once per checked box (regions, providers) arrives as a list. */
export function parseProfileForm<S extends z.ZodType>(form: FormData, schema: S) {
  expectFields(form, schema);
  const raw: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !(key in raw)) raw[key] = value;
  for (const key of LIST_FIELDS) raw[key] = form.getAll(key).filter((v) => typeof v === "string");
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true as const, data: result.data as z.infer<S> };
  return { ok: false as const, response: refuse(form, fieldErrors(result.error)) };
}

// ---------------------------------------------------------------------------------------------------------
// Field rules

const text = (label: string, max: number) =>
  z.string(`Enter ${label}.`).trim().min(1, `Enter ${label}.`).max(max, `Use at most ${max} characters.`);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : null));

const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.enum(values, message);

const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!(values as readonly string[]).includes(v)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return v as T[number];
    });

/** A whole number typed in a form: refuses "abc", "1.5" and "" with a message instead of coercing. */
const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string(`Enter ${label}.`)
    .trim()
    .min(1, `Enter ${label}.`)
    .regex(/^-?\d+$/, `Enter ${label} as a whole number.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Enter a whole number from ${min} to ${max.toLocaleString("en")}.`);

const day = (label: string) =>
  z
    .string(`Enter ${label}.`)
    .trim()
    .min(1, `Enter ${label}.`)
    .refine(isIsoDay, "Enter a real date (YYYY-MM-DD).");

const optionalDay = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isIsoDay(v), "Enter a real date (YYYY-MM-DD).");

/** A checkbox: present when ticked. */
const checkbox = () =>
  z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true" || v === "yes");

const version = () => z.coerce.number().int().min(1);
/** The version a singleton form showed: empty when the claim did not exist yet. */
const optionalVersion = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) {
        ctx.addIssue({ code: "custom", message: STALE_FORM });
        return z.NEVER;
      }
      return n;
    });

// ---------------------------------------------------------------------------------------------------------
// Schemas

export const factsSchema = z.object({
  partnerType: optionalChoice(PARTNER_TYPES, "Choose a partner type from the list."),
  hqCountry: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || COUNTRY_CODES.has(v), "Choose a country from the list."),
  regions: z
    .array(z.string())
    .default([])
    .refine(
      (list) => list.every((r) => (REGIONS as readonly string[]).includes(r)),
      "Choose regions from the list.",
    )
    .transform((list) => REGIONS.filter((r) => list.includes(r))),
  headcountBand: optionalChoice(HEADCOUNT_BANDS, "Choose a headcount band from the list."),
  website: z
    .string()
    .trim()
    .max(MAX_WEBSITE_LENGTH, `Use at most ${MAX_WEBSITE_LENGTH} characters.`)
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isWebUrl(v), "Enter a web address starting with https:// or http://."),
  description: optionalText(MAX_DESCRIPTION_LENGTH),
  version: version(),
});

function isWebUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}

export const membershipSchema = z.object({
  tier: choice(TIERS, "Choose a tier."),
  memberSince: optionalDay().refine(
    (v) => v === null || v <= todayUtc(),
    "The date cannot be in the future.",
  ),
  forwardDeployedExperts: checkbox(),
  version: optionalVersion(),
});

export const supportSchema = z.object({
  supportHours: choice(SUPPORT_HOURS, "Choose the support hours."),
  p1ResponseMinutes: wholeNumber("the P1 response time", P1_RESPONSE_MINUTES.min, P1_RESPONSE_MINUTES.max),
  p1ResolutionHours: wholeNumber("the P1 resolution time", P1_RESOLUTION_HOURS.min, P1_RESOLUTION_HOURS.max),
  warrantyDays: wholeNumber("the warranty", WARRANTY_DAYS.min, WARRANTY_DAYS.max),
  maintenanceModel: choice(MAINTENANCE_MODELS, "Choose a maintenance model."),
  rollbackRunbook: checkbox(),
  monitoringIncluded: checkbox(),
  knowledgeTransfer: checkbox(),
  version: optionalVersion(),
});

export const certificationSchema = z
  .object({
    track: text("the track", MAX_TRACK_LENGTH),
    certifiedStaff: wholeNumber("the number of certified staff", 0, MAX_STAFF),
    issuedOn: day("the date it was issued").refine(
      (v) => v <= todayUtc(),
      "The date cannot be in the future.",
    ),
    expiresOn: optionalDay(),
  })
  .superRefine((v, ctx) => {
    if (v.expiresOn && v.expiresOn <= v.issuedOn) {
      ctx.addIssue({
        code: "custom",
        path: ["expiresOn"],
        message: "The expiry must be after the issue date.",
      });
    }
  });

export const specializationSchema = z
  .object({
    name: z.string().optional(),
    otherName: optionalText(MAX_SPECIALIZATION_LENGTH),
    achievedOn: day("the date it was achieved").refine(
      (v) => v <= todayUtc(),
      "The date cannot be in the future.",
    ),
    expiresOn: optionalDay(),
  })
  .superRefine((v, ctx) => {
    const builtIn = (BUILT_IN_SPECIALIZATIONS as readonly string[]).includes(v.name ?? "");
    if (!builtIn && v.name !== "other") {
      ctx.addIssue({ code: "custom", path: ["name"], message: "Choose a specialization." });
    }
    if (v.name === "other" && !v.otherName) {
      ctx.addIssue({ code: "custom", path: ["otherName"], message: "Enter the specialization's name." });
    }
    if (v.expiresOn && v.expiresOn <= v.achievedOn) {
      ctx.addIssue({
        code: "custom",
        path: ["expiresOn"],
        message: "The expiry must be after the date it was achieved.",
      });
    }
  })
  .transform((v) => {
    let name = v.name === "other" ? (v.otherName ?? "") : (v.name ?? "");
    // A free-form name that is a built-in one ("Code X" → codex) is the built-in one.
    const key = specializationKey(name);
    if ((BUILT_IN_SPECIALIZATIONS as readonly string[]).includes(key)) name = key;
    return {
      name,
      nameKey: specializationKey(name),
      field: v.name === "other" ? ("otherName" as const) : ("name" as const),
      achievedOn: v.achievedOn,
      expiresOn: v.expiresOn,
    };
  });

export const providerSchema = z.object({
  provider: choice(PROVIDERS, "Choose a model provider."),
  productionDeployments: wholeNumber("the number of production deployments", 0, MAX_DEPLOYMENTS),
});

export const documentSchema = z.object({
  title: text("a title", MAX_DOCUMENT_TITLE_LENGTH),
  kind: choice(DOCUMENT_KINDS, "Choose a kind of document."),
  summary: z
    .string()
    .trim()
    .max(MAX_DOCUMENT_SUMMARY_LENGTH, `Use at most ${MAX_DOCUMENT_SUMMARY_LENGTH} characters.`)
    .optional()
    .transform((v) => v ?? ""),
});

/**
 * The id and version an edit or delete form carries. A malformed id finds nothing (404); a malformed version
 * never matches (409 with the current state): neither is a 500.
 */
export function itemRef(form: FormData): { id: string; version: number } {
  return { id: String(form.get("id") ?? ""), version: Number(form.get("version") ?? "") };
}

const outcomeRow = z
  .object({
    metric: z.string().trim(),
    baseline: z.string().trim(),
    result: z.string().trim(),
    unit: z.string().trim(),
  })
  .superRefine((row, ctx) => {
    if (!row.metric && !row.baseline && !row.result && !row.unit) return; // a blank row is ignored
    const need = (key: keyof typeof row, message: string) => {
      if (!row[key]) ctx.addIssue({ code: "custom", path: [key], message });
    };
    need("metric", "Enter what was measured.");
    need("unit", "Enter the unit (%, minutes, USD…).");
    for (const key of ["baseline", "result"] as const) {
      if (!row[key]) ctx.addIssue({ code: "custom", path: [key], message: `Enter the ${key} as a number.` });
      else if (!isNumber(row[key]))
        ctx.addIssue({ code: "custom", path: [key], message: "Enter a number, like 42 or 3.5." });
    }
    if (row.metric.length > MAX_METRIC_LENGTH)
      ctx.addIssue({
        code: "custom",
        path: ["metric"],
        message: `Use at most ${MAX_METRIC_LENGTH} characters.`,
      });
    if (row.unit.length > MAX_UNIT_LENGTH)
      ctx.addIssue({ code: "custom", path: ["unit"], message: `Use at most ${MAX_UNIT_LENGTH} characters.` });
  });

function isNumber(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value.replace(/,/g, "")) && Number.isFinite(Number(value.replace(/,/g, "")));
}

export const referenceSchema = z.preprocess(
  (raw) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const cell = (i: number, key: string) => {
      const v = r[`outcomes.${i}.${key}`];
      return typeof v === "string" ? v : "";
    };
    const outcomes = Array.from({ length: OUTCOME_ROWS }, (_, i) => ({
      metric: cell(i, "metric"),
      baseline: cell(i, "baseline"),
      result: cell(i, "result"),
      unit: cell(i, "unit"),
    }));
    return { ...r, outcomes };
  },
  z.object({
    customer: text("the customer's name or an anonymised label", MAX_CUSTOMER_LENGTH),
    industry: text("the industry", MAX_INDUSTRY_LENGTH),
    sizeBand: choice(SIZE_BANDS, "Choose the customer's size."),
    useCase: choice(USE_CASES, "Choose a use case."),
    status: choice(REFERENCE_STATUSES, "Choose a status."),
    goLiveOn: optionalDay(),
    providers: z
      .array(z.string())
      .default([])
      .refine(
        (list) => list.every((p) => (PROVIDERS as readonly string[]).includes(p)),
        "Choose providers from the list.",
      )
      .transform((list) => PROVIDERS.filter((p) => list.includes(p))),
    referenceContact: checkbox(),
    summary: optionalText(MAX_REFERENCE_SUMMARY_LENGTH),
    outcomes: z.array(outcomeRow).transform((rows) =>
      rows
        .filter((o) => o.metric || o.baseline || o.result || o.unit)
        .map((o) => ({
          metric: o.metric,
          baseline: Number(o.baseline.replace(/,/g, "")),
          result: Number(o.result.replace(/,/g, "")),
          unit: o.unit,
        })),
    ),
  }),
);

export type FactsInput = z.infer<typeof factsSchema>;
export type MembershipInput = z.infer<typeof membershipSchema>;
export type SupportInput = z.infer<typeof supportSchema>;
export type CertificationInput = z.infer<typeof certificationSchema>;
export type SpecializationInput = z.infer<typeof specializationSchema>;
export type ProviderInput = z.infer<typeof providerSchema>;
export type DocumentInput = z.infer<typeof documentSchema>;
export type ReferenceInput = z.infer<typeof referenceSchema>;

// ---------------------------------------------------------------------------------------------------------
// Mutations

const AGAIN = "Your changes are below; check and save again.";

/** Any change to any claim moves the profile up in the directory. */
async function touch(tx: Tx, organisationId: string) {
  await tx
    .update(partnerProfiles)
    .set({ profileUpdatedAt: sql`now()` })
    .where(eq(partnerProfiles.organisationId, organisationId));
}

function audit(
  tx: Tx,
  actor: ProfileActor,
  section: string,
  verb: "created" | "updated" | "deleted",
  entityType: string,
  entityId: string,
  before?: unknown,
  after?: unknown,
) {
  return recordAudit(tx, {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: `profile.${section}.${verb}`,
    entityType,
    entityId,
    before,
    after,
  });
}

const orNone = (v: string | null | undefined, none = "none") => v || none;

function describeFacts(f: typeof partnerProfiles.$inferSelect) {
  return [
    `type ${f.partnerType ? LABELS.partnerType[f.partnerType] : "not set"}`,
    `HQ ${countryName(f.hqCountry) ?? "not set"}`,
    `regions ${f.regions.length ? f.regions.map((r) => LABELS.region[r as keyof typeof LABELS.region] ?? r).join(", ") : "none"}`,
    `headcount ${f.headcountBand ? LABELS.headcount[f.headcountBand] : "not set"}`,
    `website ${orNone(f.website)}`,
  ].join(", ");
}

/** Saves the organisation's facts; refuses a stale form with what the other person saved. */
export async function updateFacts(actor: ProfileActor, input: FactsInput) {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(partnerProfiles)
      .where(eq(partnerProfiles.organisationId, actor.organisationId))
      .for("update")
      .limit(1);
    if (!row) return undefined;
    if (row.version !== input.version) {
      throw new VersionConflict(
        `Someone else saved the facts while you were editing: they now say ${describeFacts(row)}. ${AGAIN}`,
      );
    }
    const after = {
      partnerType: input.partnerType,
      hqCountry: input.hqCountry,
      regions: input.regions,
      headcountBand: input.headcountBand,
      website: input.website,
      description: input.description,
    };
    await tx
      .update(partnerProfiles)
      .set({ ...after, version: row.version + 1, updatedAt: new Date(), profileUpdatedAt: sql`now()` })
      .where(
        and(
          eq(partnerProfiles.organisationId, actor.organisationId),
          eq(partnerProfiles.version, row.version),
        ),
      );
    await audit(
      tx,
      actor,
      "facts",
      "updated",
      "partner_profile",
      actor.organisationId,
      pick(row, after),
      after,
    );
    return { version: row.version + 1 };
  });
}

/** The keys of `after`, read from `before`: an audit event shows what changed from what. */
function pick(before: Record<string, unknown>, after: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(after).map((k) => [k, before[k] ?? null]));
}

function describeMembership(m: typeof networkMemberships.$inferSelect) {
  return `tier ${LABELS.tier[m.tier]}, member since ${m.memberSince ?? "not given"}, Forward Deployed Experts ${m.forwardDeployedExperts ? "yes" : "no"}`;
}

function sameValues(row: Record<string, unknown>, values: Record<string, unknown>) {
  return Object.entries(values).every(([k, v]) => (row[k] ?? null) === v);
}

/**
 * Creates the network membership claim, or updates it at the version the form showed. Sending the same values
 * again (a double click) changes nothing and is not a conflict.
 */
export async function saveMembership(actor: ProfileActor, input: MembershipInput) {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(networkMemberships)
      .where(eq(networkMemberships.organisationId, actor.organisationId))
      .for("update")
      .limit(1);
    const values = {
      tier: input.tier,
      memberSince: input.memberSince,
      forwardDeployedExperts: input.forwardDeployedExperts,
    };
    if (row && sameValues(row, values)) return { created: false, changed: false };
    if (!row && input.version !== null) {
      throw new VersionConflict(
        `Someone else removed the membership claim while you were editing. ${AGAIN.replace("save again", "save to add it back")}`,
      );
    }
    if (row && row.version !== input.version) {
      throw new VersionConflict(
        `Someone else saved the membership while you were editing: it now says ${describeMembership(row)}. ${AGAIN}`,
      );
    }
    if (!row) {
      await tx.insert(networkMemberships).values({ organisationId: actor.organisationId, ...values });
      await audit(
        tx,
        actor,
        "membership",
        "created",
        "network_membership",
        actor.organisationId,
        undefined,
        values,
      );
    } else {
      await tx
        .update(networkMemberships)
        .set({ ...values, version: row.version + 1, updatedAt: new Date() })
        .where(eq(networkMemberships.organisationId, actor.organisationId));
      await audit(
        tx,
        actor,
        "membership",
        "updated",
        "network_membership",
        actor.organisationId,
        pick(row, values),
        values,
      );
    }
    await touch(tx, actor.organisationId);
    return { created: !row, changed: true };
  });
}

/** Removes the membership claim (no row = no claim) at the version the form showed. */
export async function removeMembership(actor: ProfileActor, versionShown: number) {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(networkMemberships)
      .where(eq(networkMemberships.organisationId, actor.organisationId))
      .for("update")
      .limit(1);
    if (!row) return undefined;
    if (row.version !== versionShown) {
      throw new VersionConflict(
        `Someone else saved the membership while you were looking: it now says ${describeMembership(row)}. Check it and remove it again if you still want to.`,
      );
    }
    await tx.delete(networkMemberships).where(eq(networkMemberships.organisationId, actor.organisationId));
    await audit(tx, actor, "membership", "deleted", "network_membership", actor.organisationId, {
      tier: row.tier,
      memberSince: row.memberSince,
      forwardDeployedExperts: row.forwardDeployedExperts,
    });
    await touch(tx, actor.organisationId);
    return { removed: true };
  });
}

function describeSupport(s: typeof supportTerms.$inferSelect) {
  const yn = (b: boolean) => (b ? "yes" : "no");
  return `${LABELS.supportHours[s.supportHours]}, P1 response ${s.p1ResponseMinutes} min, P1 resolution ${s.p1ResolutionHours} h, warranty ${s.warrantyDays} days, ${LABELS.maintenance[s.maintenanceModel]}, rollback runbook ${yn(s.rollbackRunbook)}, monitoring ${yn(s.monitoringIncluded)}, knowledge transfer ${yn(s.knowledgeTransfer)}`;
}

/** Creates the support terms, or updates them at the version the form showed. */
export async function saveSupport(actor: ProfileActor, input: SupportInput) {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(supportTerms)
      .where(eq(supportTerms.organisationId, actor.organisationId))
      .for("update")
      .limit(1);
    const { version: shown, ...values } = input;
    if (row && sameValues(row, values)) return { created: false, changed: false };
    if (!row && shown !== null) {
      throw new VersionConflict(
        "Someone else removed the support terms while you were editing. Your changes are below; check and save to add them back.",
      );
    }
    if (row && row.version !== shown) {
      throw new VersionConflict(
        `Someone else saved the support terms while you were editing: they now say ${describeSupport(row)}. ${AGAIN}`,
      );
    }
    if (!row) {
      await tx.insert(supportTerms).values({ organisationId: actor.organisationId, ...values });
      await audit(tx, actor, "support", "created", "support_terms", actor.organisationId, undefined, values);
    } else {
      await tx
        .update(supportTerms)
        .set({ ...values, version: row.version + 1, updatedAt: new Date() })
        .where(eq(supportTerms.organisationId, actor.organisationId));
      await audit(
        tx,
        actor,
        "support",
        "updated",
        "support_terms",
        actor.organisationId,
        pick(row, values),
        values,
      );
    }
    await touch(tx, actor.organisationId);
    return { created: !row, changed: true };
  });
}

export async function removeSupport(actor: ProfileActor, versionShown: number) {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(supportTerms)
      .where(eq(supportTerms.organisationId, actor.organisationId))
      .for("update")
      .limit(1);
    if (!row) return undefined;
    if (row.version !== versionShown) {
      throw new VersionConflict(
        `Someone else saved the support terms while you were looking: they now say ${describeSupport(row)}. Check them and remove them again if you still want to.`,
      );
    }
    await tx.delete(supportTerms).where(eq(supportTerms.organisationId, actor.organisationId));
    const { version: _v, updatedAt: _u, organisationId: _o, ...before } = row;
    await audit(tx, actor, "support", "deleted", "support_terms", actor.organisationId, before);
    await touch(tx, actor.organisationId);
    return { removed: true };
  });
}

// Certifications ----------------------------------------------------------------------------------------

function describeCertification(c: typeof certifications.$inferSelect) {
  return `track “${c.track}”, ${c.certifiedStaff} staff, issued ${c.issuedOn ?? "—"}, expires ${c.expiresOn ?? "never"}`;
}

export async function createCertification(tx: Tx, actor: ProfileActor, input: CertificationInput) {
  const [row] = await tx
    .insert(certifications)
    .values({ organisationId: actor.organisationId, ...input })
    .returning({ id: certifications.id });
  await audit(tx, actor, "certification", "created", "certification", row.id, undefined, input);
  await touch(tx, actor.organisationId);
  return row;
}

async function lockCertification(tx: Tx, actor: ProfileActor, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await tx
    .select()
    .from(certifications)
    .where(and(eq(certifications.id, id), eq(certifications.organisationId, actor.organisationId)))
    .for("update")
    .limit(1);
  return row;
}

/** Updates one certification of the actor's organisation; undefined when it is not theirs (or gone). */
export async function updateCertification(
  actor: ProfileActor,
  ref: { id: string; version: number },
  input: CertificationInput,
) {
  return getDb().transaction(async (tx) => {
    const row = await lockCertification(tx, actor, ref.id);
    if (!row) return undefined;
    if (row.version !== ref.version) {
      throw new VersionConflict(
        `Someone else saved this certification while you were editing: it now says ${describeCertification(row)}. ${AGAIN}`,
      );
    }
    await tx
      .update(certifications)
      .set({ ...input, version: row.version + 1, updatedAt: new Date() })
      .where(and(eq(certifications.id, row.id), eq(certifications.organisationId, actor.organisationId)));
    await audit(tx, actor, "certification", "updated", "certification", row.id, pick(row, input), input);
    await touch(tx, actor.organisationId);
    return { track: input.track };
  });
}

export async function deleteCertification(actor: ProfileActor, ref: { id: string; version: number }) {
  return getDb().transaction(async (tx) => {
    const row = await lockCertification(tx, actor, ref.id);
    if (!row) return undefined;
    if (row.version !== ref.version) {
      throw new VersionConflict(
        `Someone else saved this certification while you were looking: it now says ${describeCertification(row)}. Check it and delete it again if you still want to.`,
      );
    }
    await tx
      .delete(certifications)
      .where(and(eq(certifications.id, row.id), eq(certifications.organisationId, actor.organisationId)));
    const { track, certifiedStaff, issuedOn, expiresOn } = row;
    await audit(tx, actor, "certification", "deleted", "certification", row.id, {
      track,
      certifiedStaff,
      issuedOn,
      expiresOn,
    });
    await touch(tx, actor.organisationId);
    return { track };
  });
}

// Specializations --------------------------------------------------------------------------------------

function describeSpecialization(s: typeof specializations.$inferSelect) {
  return `“${specializationLabel(s.name)}”, achieved ${s.achievedOn ?? "—"}, expires ${s.expiresOn ?? "never"}`;
}

async function refuseDuplicateSpecialization(
  tx: Tx,
  actor: ProfileActor,
  input: SpecializationInput,
  exceptId?: string,
) {
  const [dup] = await tx
    .select({ id: specializations.id })
    .from(specializations)
    .where(
      and(
        eq(specializations.organisationId, actor.organisationId),
        eq(specializations.nameKey, input.nameKey),
        exceptId ? ne(specializations.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (dup) {
    throw new FieldError(
      input.field,
      `Your profile already has the ${specializationLabel(input.name)} specialization: edit that one instead.`,
    );
  }
}

function specializationValues(input: SpecializationInput) {
  return {
    name: input.name,
    nameKey: input.nameKey,
    achievedOn: input.achievedOn,
    expiresOn: input.expiresOn,
  };
}

export async function createSpecialization(tx: Tx, actor: ProfileActor, input: SpecializationInput) {
  await refuseDuplicateSpecialization(tx, actor, input);
  const values = specializationValues(input);
  try {
    const [row] = await tx
      .insert(specializations)
      .values({ organisationId: actor.organisationId, ...values })
      .returning({ id: specializations.id });
    await audit(tx, actor, "specialization", "created", "specialization", row.id, undefined, values);
    await touch(tx, actor.organisationId);
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new FieldError(
        input.field,
        `Your profile already has the ${specializationLabel(input.name)} specialization.`,
      );
    }
    throw error;
  }
}

async function lockSpecialization(tx: Tx, actor: ProfileActor, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await tx
    .select()
    .from(specializations)
    .where(and(eq(specializations.id, id), eq(specializations.organisationId, actor.organisationId)))
    .for("update")
    .limit(1);
  return row;
}

export async function updateSpecialization(
  actor: ProfileActor,
  ref: { id: string; version: number },
  input: SpecializationInput,
) {
  return getDb().transaction(async (tx) => {
    const row = await lockSpecialization(tx, actor, ref.id);
    if (!row) return undefined;
    if (row.version !== ref.version) {
      throw new VersionConflict(
        `Someone else saved this specialization while you were editing: it now says ${describeSpecialization(row)}. ${AGAIN}`,
      );
    }
    await refuseDuplicateSpecialization(tx, actor, input, row.id);
    const values = specializationValues(input);
    await tx
      .update(specializations)
      .set({ ...values, version: row.version + 1, updatedAt: new Date() })
      .where(and(eq(specializations.id, row.id), eq(specializations.organisationId, actor.organisationId)));
    await audit(tx, actor, "specialization", "updated", "specialization", row.id, pick(row, values), values);
    await touch(tx, actor.organisationId);
    return { name: values.name };
  });
}

export async function deleteSpecialization(actor: ProfileActor, ref: { id: string; version: number }) {
  return getDb().transaction(async (tx) => {
    const row = await lockSpecialization(tx, actor, ref.id);
    if (!row) return undefined;
    if (row.version !== ref.version) {
      throw new VersionConflict(
        `Someone else saved this specialization while you were looking: it now says ${describeSpecialization(row)}. Check it and delete it again if you still want to.`,
      );
    }
    await tx
      .delete(specializations)
      .where(and(eq(specializations.id, row.id), eq(specializations.organisationId, actor.organisationId)));
    await audit(tx, actor, "specialization", "deleted", "specialization", row.id, {
      name: row.name,
      achievedOn: row.achievedOn,
      expiresOn: row.expiresOn,
    });
    await touch(tx, actor.organisationId);
    return { name: row.name };
  });
}

// Model providers ----------------------------------------------------------------------------------------

async function refuseDuplicateProvider(tx: Tx, actor: ProfileActor, input: ProviderInput, exceptId?: string) {
  const [dup] = await tx
    .select({ id: modelProviderClaims.id })
    .from(modelProviderClaims)
    .where(
      and(
        eq(modelProviderClaims.organisationId, actor.organisationId),
        eq(modelProviderClaims.provider, input.provider),
        exceptId ? ne(modelProviderClaims.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (dup) {
    throw new FieldError(
      "provider",
      `${LABELS.provider[input.provider]} is already on your profile: edit its count instead.`,
    );
  }
}

export async function createProvider(tx: Tx, actor: ProfileActor, input: ProviderInput) {
  await refuseDuplicateProvider(tx, actor, input);
  try {
    const [row] = await tx
      .insert(modelProviderClaims)
      .values({ organisationId: actor.organisationId, ...input })
      .returning({ id: modelProviderClaims.id });
    await audit(tx, actor, "provider", "created", "model_provider_claim", row.id, undefined, input);
    await touch(tx, actor.organisationId);
    return row;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new FieldError("provider", `${LABELS.provider[input.provider]} is already on your profile.`);
    throw error;
  }
}

async function lockProvider(tx: Tx, actor: ProfileActor, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await tx
    .select()
    .from(modelProviderClaims)
    .where(and(eq(modelProviderClaims.id, id), eq(modelProviderClaims.organisationId, actor.organisationId)))
    .for("update")
    .limit(1);
  return row;
}

const describeProvider = (p: typeof modelProviderClaims.$inferSelect) =>
  `${LABELS.provider[p.provider]} with ${p.productionDeployments} production deployments`;

export async function updateProvider(
  actor: ProfileActor,
  ref: { id: string; version: number },
  input: ProviderInput,
) {
  return getDb().transaction(async (tx) => {
    const row = await lockProvider(tx, actor, ref.id);
    if (!row) return undefined;
    if (row.version !== ref.version) {
      throw new VersionConflict(
        `Someone else saved this provider while you were editing: it now says ${describeProvider(row)}. ${AGAIN}`,
      );
    }
    await refuseDuplicateProvider(tx, actor, input, row.id);
    await tx
      .update(modelProviderClaims)
      .set({ ...input, version: row.version + 1, updatedAt: new Date() })
      .where(
        and(eq(modelProviderClaims.id, row.id), eq(modelProviderClaims.organisationId, actor.organisationId)),
      );
    await audit(tx, actor, "provider", "updated", "model_provider_claim", row.id, pick(row, input), input);
    await touch(tx, actor.organisationId);
    return { provider: input.provider };
  });
}

export async function deleteProvider(actor: ProfileActor, ref: { id: string; version: number }) {
  return getDb().transaction(async (tx) => {
    const row = await lockProvider(tx, actor, ref.id);
    if (!row) return undefined;
    if (row.version !== ref.version) {
      throw new VersionConflict(
        `Someone else saved this provider while you were looking: it now says ${describeProvider(row)}. Check it and delete it again if you still want to.`,
      );
    }
    await tx
      .delete(modelProviderClaims)
      .where(
        and(eq(modelProviderClaims.id, row.id), eq(modelProviderClaims.organisationId, actor.organisationId)),
      );
    await audit(tx, actor, "provider", "deleted", "model_provider_claim", row.id, {
      provider: row.provider,
      productionDeployments: row.productionDeployments,
    });
    await touch(tx, actor.organisationId);
    return { provider: row.provider };
  });
}

// Practice documents -------------------------------------------------------------------------------------

const describeDocument = (d: typeof practiceDocuments.$inferSelect) =>
  `title “${d.title}”, ${LABELS.documentKind[d.kind]}, summary “${d.summary.length > 80 ? `${d.summary.slice(0, 80)}…` : d.summary}”`;

export async function createDocument(tx: Tx, actor: ProfileActor, input: DocumentInput) {
  const [row] = await tx
    .insert(practiceDocuments)
    .values({ organisationId: actor.organisationId, ...input })
    .returning({ id: practiceDocuments.id });
  await audit(tx, actor, "document", "created", "practice_document", row.id, undefined, input);
  await touch(tx, actor.organisationId);
  return row;
}

async function lockDocument(tx: Tx, actor: ProfileActor, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await tx
    .select()
    .from(practiceDocuments)
    .where(and(eq(practiceDocuments.id, id), eq(practiceDocuments.organisationId, actor.organisationId)))
    .for("update")
    .limit(1);
  return row;
}

export async function updateDocument(
  actor: ProfileActor,
  ref: { id: string; version: number },
  input: DocumentInput,
) {
  return getDb().transaction(async (tx) => {
    const row = await lockDocument(tx, actor, ref.id);
    if (!row) return undefined;
    if (row.version !== ref.version) {
      throw new VersionConflict(
        `Someone else saved this document while you were editing: it now says ${describeDocument(row)}. ${AGAIN}`,
      );
    }
    await tx
      .update(practiceDocuments)
      .set({ ...input, version: row.version + 1, updatedAt: new Date() })
      .where(
        and(eq(practiceDocuments.id, row.id), eq(practiceDocuments.organisationId, actor.organisationId)),
      );
    await audit(tx, actor, "document", "updated", "practice_document", row.id, pick(row, input), input);
    await touch(tx, actor.organisationId);
    return { title: input.title };
  });
}

export async function deleteDocument(actor: ProfileActor, ref: { id: string; version: number }) {
  return getDb().transaction(async (tx) => {
    const row = await lockDocument(tx, actor, ref.id);
    if (!row) return undefined;
    if (row.version !== ref.version) {
      throw new VersionConflict(
        `Someone else saved this document while you were looking: it now says ${describeDocument(row)}. Check it and delete it again if you still want to.`,
      );
    }
    await tx
      .delete(practiceDocuments)
      .where(
        and(eq(practiceDocuments.id, row.id), eq(practiceDocuments.organisationId, actor.organisationId)),
      );
    await audit(tx, actor, "document", "deleted", "practice_document", row.id, {
      title: row.title,
      kind: row.kind,
      summary: row.summary,
    });
    await touch(tx, actor.organisationId);
    return { title: row.title };
  });
}

// Reference deployments ----------------------------------------------------------------------------------

function referenceValues(input: ReferenceInput) {
  const { outcomes: _outcomes, ...values } = input;
  return values;
}

async function writeOutcomes(tx: Tx, actor: ProfileActor, referenceId: string, input: ReferenceInput) {
  await tx
    .delete(referenceOutcomes)
    .where(
      and(
        eq(referenceOutcomes.referenceId, referenceId),
        eq(referenceOutcomes.organisationId, actor.organisationId),
      ),
    );
  if (input.outcomes.length > 0) {
    await tx.insert(referenceOutcomes).values(
      input.outcomes.map((o, position) => ({
        referenceId,
        organisationId: actor.organisationId,
        position,
        ...o,
      })),
    );
  }
}

/** Creates a reference and its outcomes, in the caller's transaction (`once`). */
export async function createReference(tx: Tx, actor: ProfileActor, input: ReferenceInput) {
  const [row] = await tx
    .insert(referenceDeployments)
    .values({ organisationId: actor.organisationId, ...referenceValues(input) })
    .returning({ id: referenceDeployments.id });
  await writeOutcomes(tx, actor, row.id, input);
  await audit(tx, actor, "reference", "created", "reference_deployment", row.id, undefined, input);
  await touch(tx, actor.organisationId);
  return row;
}

async function lockReference(tx: Tx, actor: ProfileActor, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await tx
    .select()
    .from(referenceDeployments)
    .where(
      and(eq(referenceDeployments.id, id), eq(referenceDeployments.organisationId, actor.organisationId)),
    )
    .for("update")
    .limit(1);
  return row;
}

async function outcomesOf(tx: Tx, actor: ProfileActor, referenceId: string) {
  return tx
    .select({
      metric: referenceOutcomes.metric,
      baseline: referenceOutcomes.baseline,
      result: referenceOutcomes.result,
      unit: referenceOutcomes.unit,
    })
    .from(referenceOutcomes)
    .where(
      and(
        eq(referenceOutcomes.referenceId, referenceId),
        eq(referenceOutcomes.organisationId, actor.organisationId),
      ),
    )
    .orderBy(referenceOutcomes.position);
}

function describeReference(
  r: typeof referenceDeployments.$inferSelect,
  outcomes: { metric: string; baseline: number; result: number; unit: string }[],
) {
  const measured = outcomes.length
    ? outcomes.map((o) => `${o.metric} ${o.baseline} → ${o.result} ${o.unit}`).join("; ")
    : "no outcomes";
  return `customer “${r.customer}”, ${LABELS.referenceStatus[r.status]}, go-live ${r.goLiveOn ?? "not given"}, ${measured}`;
}

/** Updates a reference and replaces its outcomes as a set, at the version the form showed, in one transaction. */
export async function updateReference(
  actor: ProfileActor,
  ref: { id: string; version: number },
  input: ReferenceInput,
) {
  return getDb().transaction(async (tx) => {
    const row = await lockReference(tx, actor, ref.id);
    if (!row) return undefined;
    const before = await outcomesOf(tx, actor, row.id);
    if (row.version !== ref.version) {
      throw new VersionConflict(
        `Someone else saved this reference while you were editing: it now says ${describeReference(row, before)}. ${AGAIN}`,
      );
    }
    const values = referenceValues(input);
    await tx
      .update(referenceDeployments)
      .set({ ...values, version: row.version + 1, updatedAt: new Date() })
      .where(
        and(
          eq(referenceDeployments.id, row.id),
          eq(referenceDeployments.organisationId, actor.organisationId),
        ),
      );
    await writeOutcomes(tx, actor, row.id, input);
    await audit(
      tx,
      actor,
      "reference",
      "updated",
      "reference_deployment",
      row.id,
      { ...pick(row, values), outcomes: before },
      input,
    );
    await touch(tx, actor.organisationId);
    return { customer: input.customer };
  });
}

export async function deleteReference(actor: ProfileActor, ref: { id: string; version: number }) {
  return getDb().transaction(async (tx) => {
    const row = await lockReference(tx, actor, ref.id);
    if (!row) return undefined;
    const outcomes = await outcomesOf(tx, actor, row.id);
    if (row.version !== ref.version) {
      throw new VersionConflict(
        `Someone else saved this reference while you were looking: it now says ${describeReference(row, outcomes)}. Check it and delete it again if you still want to.`,
      );
    }
    await tx
      .delete(referenceDeployments)
      .where(
        and(
          eq(referenceDeployments.id, row.id),
          eq(referenceDeployments.organisationId, actor.organisationId),
        ),
      );
    const { id: _id, organisationId: _o, version: _v, createdAt: _c, updatedAt: _u, ...before } = row;
    await audit(tx, actor, "reference", "deleted", "reference_deployment", row.id, { ...before, outcomes });
    await touch(tx, actor.organisationId);
    return { customer: row.customer };
  });
}

/** The reference form's choices and limits, for the browser. */
export function referenceFormOptions() {
  return {
    sizeBands: SIZE_BANDS.map((s) => ({ value: s as string, label: LABELS.sizeBand[s] })),
    useCases: USE_CASES.map((u) => ({ value: u as string, label: LABELS.useCase[u] })),
    statuses: REFERENCE_STATUSES.map((s) => ({ value: s as string, label: LABELS.referenceStatus[s] })),
    providers: PROVIDERS.map((p) => ({ value: p as string, label: LABELS.provider[p] })),
    outcomeRows: OUTCOME_ROWS,
    limits: {
      customer: MAX_CUSTOMER_LENGTH,
      industry: MAX_INDUSTRY_LENGTH,
      summary: MAX_REFERENCE_SUMMARY_LENGTH,
      metric: MAX_METRIC_LENGTH,
      unit: MAX_UNIT_LENGTH,
    },
  };
}

/** One list section of the profile (certifications, specializations, providers, documents): its writes and words. */
export interface ItemSection<S extends z.ZodType, R> {
  /** Idempotency scope of the create form. */
  scope: string;
  /** The list page, where a created item is anchored. */
  listPath: string;
  schema: S;
  /** "certification": for the replay message. */
  noun: string;
  /** What a person reads for an item, from the typed input or a saved row: `Certification “Applied AI”`. */
  describeInput: (data: z.infer<S>) => string;
  describe: (row: R) => string;
  /** "deleted" or "removed". */
  removedWord?: string;
  create: (tx: Tx, data: z.infer<S>) => Promise<{ id: string }>;
  update: (ref: { id: string; version: number }, data: z.infer<S>) => Promise<R | undefined>;
  remove: (ref: { id: string; version: number }) => Promise<R | undefined>;
}

/**
 * The action of a list section: `create` (idempotent), `update` and `delete` (version-checked). Another partner's
 * id is a 404; a stale version a 409 showing the other change; bad input a 400 beside the fields, typed values kept.
 */
export async function itemSectionAction<S extends z.ZodType, R>(form: FormData, section: ItemSection<S, R>) {
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "create") {
      const parsed = parseProfileForm(form, section.schema);
      if (!parsed.ok) return parsed.response;
      const { replayed } = await once(form, section.scope, async (tx) => {
        const row = await section.create(tx, parsed.data);
        return `${section.listPath}#item-${row.id}`;
      });
      const message = replayed
        ? `This ${section.noun} was already added by an earlier submission of the form.`
        : `${section.describeInput(parsed.data)} added.`;
      return { ok: true as const, intent, message };
    }
    if (intent === "update") {
      const parsed = parseProfileForm(form, section.schema);
      if (!parsed.ok) return parsed.response;
      const saved = await section.update(itemRef(form), parsed.data);
      if (!saved) notFound();
      return { ok: true as const, intent, message: `${section.describe(saved)} saved.` };
    }
    if (intent === "delete") {
      const deleted = await section.remove(itemRef(form));
      if (!deleted) notFound();
      return {
        ok: true as const,
        intent,
        message: `${section.describe(deleted)} ${section.removedWord ?? "deleted"}.`,
      };
    }
  } catch (error) {
    if (error instanceof VersionConflict) return conflictAnswer(form, error.message);
    if (error instanceof FieldError) return refuse(form, { [error.field]: error.message });
    if (error instanceof MissingIdempotencyKey) return refuse(form, {}, "This form expired. Send it again.");
    throw error;
  }
  return refuse(form, {}, "Unknown action.");
}
