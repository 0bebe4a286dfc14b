// The evaluation set-up forms' schemas (zod stays out of the browser bundle: see docs/forms.md).
import { z } from "zod";
import { isIsoDay } from "../domain/calendar";
import { EVALUATION_NAME_LIMIT, EVALUATION_STATUSES } from "../domain/evaluation";
import {
  BUILT_IN_SPECIALIZATIONS,
  LABELS,
  SIZE_BANDS,
  type SizeBand,
  specializationKey,
  specializationLabel,
  USE_CASES,
  type UseCase,
} from "../domain/profile";
import { InputError } from "../utils/errors.server";
import { expectFields, fieldErrors } from "../utils/forms.server";
import type { EvaluationDetails } from "./evaluation.server";

export const INDUSTRY_LIMIT = 120;
/** Free-form required specializations, typed comma-separated. */
export const OTHER_SPECIALIZATIONS_LIMIT = 300;
export const SPECIALIZATION_NAME_LIMIT = 60;
export const MAX_REQUIRED_SPECIALIZATIONS = 12;
export const WITHDRAW_REASON_LIMIT = 500;

const MINIMUM_TOTAL = /^\d{1,3}(\.\d)?$/;

/**
 * The fields of an evaluation's name and context, shared by the new-evaluation and the details forms. `today` is
 * the organisation's day, so the deadline is checked in its time zone; a deadline already stored (`keptDeadline`)
 * may stay even once it has passed.
 */
function detailsShape(today: string, keptDeadline: string | null = null) {
  return {
    name: z
      .string()
      .trim()
      .min(1, "Give the evaluation a name.")
      .max(EVALUATION_NAME_LIMIT, `At most ${EVALUATION_NAME_LIMIT} characters.`),
    industry: z.string().trim().max(INDUSTRY_LIMIT, `At most ${INDUSTRY_LIMIT} characters.`),
    sizeBand: z.union([z.enum(SIZE_BANDS), z.literal("")], { message: "Choose a size band from the list." }),
    useCases: z.array(z.enum(USE_CASES, { message: "Choose use cases from the list." })),
    specializations: z.array(z.enum(BUILT_IN_SPECIALIZATIONS, { message: "Choose from the list." })),
    otherSpecializations: z
      .string()
      .max(OTHER_SPECIALIZATIONS_LIMIT, `At most ${OTHER_SPECIALIZATIONS_LIMIT} characters.`)
      .transform((value) =>
        value
          .split(",")
          .map((s) => s.trim().replace(/\s+/g, " "))
          .filter(Boolean),
      )
      .refine((names) => names.every((n) => n.length <= SPECIALIZATION_NAME_LIMIT), {
        message: `Each name at most ${SPECIALIZATION_NAME_LIMIT} characters.`,
      }),
    deadlineOn: z
      .string()
      .trim()
      .refine((v) => v === "" || isIsoDay(v), "Enter a date such as 2026-12-31.")
      .refine(
        (v) => v === "" || !isIsoDay(v) || v >= today || v === keptDeadline,
        "The deadline cannot be in the past.",
      ),
    minimumTotal: z
      .string()
      .trim()
      .refine(
        (v) => v === "" || (MINIMUM_TOTAL.test(v) && Number(v) <= 100),
        "A number from 0 to 100, with at most one decimal.",
      ),
  };
}

/** The new-evaluation form; `today` is the organisation's day, so the deadline is checked in its time zone. */
export function newEvaluationSchema(today: string) {
  return z.object({
    ...detailsShape(today),
    template: z.string().min(1, "Choose the checklist template to start from."),
  });
}

/** The details form of a draft: its name and context, and the version it was rendered with. */
export function evaluationDetailsSchema(today: string, keptDeadline: string | null) {
  return z.object({
    ...detailsShape(today, keptDeadline),
    version: z.coerce.number().int("Reload the page and try again."),
  });
}

/** The details `createEvaluation` takes, from a valid form. */
export function detailsOf(
  parsed: Omit<z.infer<ReturnType<typeof newEvaluationSchema>>, "template">,
): EvaluationDetails {
  const seen = new Set<string>();
  const required: string[] = [];
  for (const name of [...parsed.specializations, ...parsed.otherSpecializations]) {
    const key = specializationKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    required.push(name);
  }
  return {
    name: parsed.name,
    industry: parsed.industry || null,
    sizeBand: parsed.sizeBand || null,
    useCases: [...new Set(parsed.useCases)],
    requiredSpecializations: required,
    deadlineOn: parsed.deadlineOn || null,
    minimumTotal: parsed.minimumTotal === "" ? null : Number(parsed.minimumTotal),
  };
}

/**
 * An evaluation's details as the form shows them: the built-in specializations ticked, the others typed
 * comma-separated, numbers as typed.
 */
export function detailsFormValues(details: EvaluationDetails) {
  const builtIn = new Set<string>(BUILT_IN_SPECIALIZATIONS);
  return {
    values: {
      name: details.name,
      industry: details.industry ?? "",
      sizeBand: details.sizeBand ?? "",
      otherSpecializations: details.requiredSpecializations.filter((s) => !builtIn.has(s)).join(", "),
      deadlineOn: details.deadlineOn ?? "",
      minimumTotal: details.minimumTotal === null ? "" : String(details.minimumTotal),
    },
    useCases: [...details.useCases] as string[],
    specializations: details.requiredSpecializations.filter((s) => builtIn.has(s)),
  };
}

/** The checkbox groups of the details forms: a failed form comes back with every ticked box of each. */
export const EVALUATION_BOXES = ["useCases", "specializations"] as const;

/** What the evaluation forms answer on a failure: `failureAnswer`'s body with the ticked boxes. */
export interface EvaluationFormFailure {
  errors: Record<string, string | undefined>;
  values: Record<string, string>;
  checked?: Partial<Record<(typeof EVALUATION_BOXES)[number], string[]>>;
  formError?: string;
}

/** The fields of the details forms as the schemas read them (repeated checkboxes included). */
function detailsInput(form: FormData, extra: readonly string[]) {
  const text = (key: string) => {
    const v = form.get(key);
    return typeof v === "string" ? v : "";
  };
  return {
    ...Object.fromEntries(
      ["name", "industry", "sizeBand", "otherSpecializations", "deadlineOn", "minimumTotal", ...extra].map(
        (k) => [k, text(k)],
      ),
    ),
    useCases: form.getAll("useCases").map(String),
    specializations: form.getAll("specializations").map(String),
  };
}

/** The details of a valid form: refused when they name too many specializations. */
function checkedDetails(details: EvaluationDetails): EvaluationDetails {
  if (details.requiredSpecializations.length > MAX_REQUIRED_SPECIALIZATIONS) {
    throw new InputError({
      otherSpecializations: `At most ${MAX_REQUIRED_SPECIALIZATIONS} specializations in all.`,
    });
  }
  return details;
}

/** Reads the new-evaluation form (repeated checkboxes included); bad input throws `InputError`. */
export function readNewEvaluation(form: FormData, today: string) {
  const schema = newEvaluationSchema(today);
  const result = schema.safeParse(detailsInput(expectFields(form, schema), ["template"]));
  if (!result.success) throw new InputError(fieldErrors(result.error));
  return { details: checkedDetails(detailsOf(result.data)), template: result.data.template };
}

/**
 * Reads a draft's details form; `keptDeadline` is the deadline stored now (it may stay, even if past). Bad input
 * throws `InputError`.
 */
export function readEvaluationDetails(form: FormData, today: string, keptDeadline: string | null) {
  const schema = evaluationDetailsSchema(today, keptDeadline);
  const result = schema.safeParse(detailsInput(expectFields(form, schema), ["version"]));
  if (!result.success) throw new InputError(fieldErrors(result.error));
  return { details: checkedDetails(detailsOf(result.data)), version: result.data.version };
}

const withdrawReason = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Say why the ${what} is withdrawn: the reason stays in the record.`)
    .max(WITHDRAW_REASON_LIMIT, `At most ${WITHDRAW_REASON_LIMIT} characters.`);

/** The evaluation page's admin actions, by `intent`. */
export const evaluationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-candidate"), partnerId: z.string().min(1, "Choose a partner.") }),
  z.object({ intent: z.literal("remove-candidate"), candidateId: z.string().min(1) }),
  z.object({
    intent: z.literal("withdraw-candidate"),
    candidateId: z.string().min(1),
    reason: withdrawReason("candidate"),
  }),
  // A company invited but not joined yet (partner-invitations.server.ts): its link mailed again, revoked, or the
  // company withdrawn with a reason.
  z.object({ intent: z.literal("resend-invitation"), invitationId: z.string().min(1) }),
  z.object({ intent: z.literal("revoke-invitation"), invitationId: z.string().min(1) }),
  z.object({
    intent: z.literal("withdraw-invitation"),
    invitationId: z.string().min(1),
    reason: withdrawReason("invited company"),
  }),
  z.object({ intent: z.literal("assign"), userId: z.string().min(1, "Choose a person.") }),
  z.object({ intent: z.literal("unassign"), userId: z.string().min(1) }),
  z.object({
    intent: z.literal("move"),
    to: z.enum(EVALUATION_STATUSES),
    version: z.coerce.number().int(),
  }),
  z.object({ intent: z.literal("clone") }),
]);

export type EvaluationAction = z.infer<typeof evaluationActionSchema>;

/** The partner page's "Add to an evaluation" form. */
export const addToEvaluationSchema = z.object({
  intent: z.literal("add-to-evaluation"),
  evaluationId: z.string().min(1, "Choose an evaluation."),
});

const DETAIL_LABELS: Record<keyof EvaluationDetails, string> = {
  name: "name",
  industry: "industry",
  sizeBand: "size",
  useCases: "use cases",
  requiredSpecializations: "required specializations",
  deadlineOn: "deadline",
  minimumTotal: "minimum total",
};

/**
 * The message of a stale details form: what is stored now where it differs from what was typed, so the admin sees
 * the other edit before saving again.
 */
export function detailsConflictMessage(
  current: EvaluationDetails | undefined,
  typed: EvaluationDetails,
): string {
  const shown = (v: unknown) =>
    v === null || (Array.isArray(v) && v.length === 0)
      ? "none"
      : Array.isArray(v)
        ? v.map((x) => LABELS.useCase[x as UseCase] ?? specializationLabel(String(x))).join(", ")
        : typeof v === "string" && v in LABELS.sizeBand
          ? LABELS.sizeBand[v as SizeBand]
          : String(v);
  const differences = current
    ? (Object.keys(DETAIL_LABELS) as (keyof EvaluationDetails)[])
        .filter((k) => JSON.stringify(current[k]) !== JSON.stringify(typed[k]))
        .map((k) => `${DETAIL_LABELS[k]}: ${shown(current[k])}`)
    : [];
  return `Someone changed this evaluation since you opened the form. Nothing was saved; your typing is kept below.${
    differences.length > 0 ? ` Saved now: ${differences.join("; ")}.` : ""
  } Save again to replace it with yours.`;
}
