import { data } from "@remix-run/node";
import type { z } from "zod";

/**
 * The longest any field of ours accepts (a debrief, 6,000 characters): what is echoed of a field whose form declared
 * no schema, or that its schema does not name.
 */
export const MAX_ECHOED_CHARS = 6000;
/** What a number, a date or a choice can need when typed (a digit more than any number we take). */
const SHORT_VALUE_CHARS = 64;

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  entries?: Record<string, unknown>;
  values?: unknown[];
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** The most characters a field's schema takes, when it says (a string's max, a choice's longest value). */
function fieldLimit(schema: z.ZodType): number | undefined {
  const def = defOf(schema);
  if (def.type === "string") return (schema as z.ZodString).maxLength ?? undefined;
  if (WRAPPERS.has(def.type) && def.innerType) return fieldLimit(def.innerType);
  if (def.type === "pipe") return (def.in && fieldLimit(def.in)) ?? (def.out && fieldLimit(def.out));
  if (def.type === "union") {
    const limits = (def.options ?? []).map(fieldLimit);
    return limits.every((l) => l !== undefined) ? Math.max(...(limits as number[])) : undefined;
  }
  if (def.type === "enum" || def.type === "literal") {
    const values = def.type === "enum" ? Object.values(def.entries ?? {}) : (def.values ?? []);
    return Math.max(0, ...values.map((v) => String(v).length));
  }
  if (["number", "int", "bigint", "boolean", "date"].includes(def.type)) return SHORT_VALUE_CHARS;
  return undefined;
}

function collectLimits(schema: z.ZodType, into: Record<string, number>): void {
  const def = defOf(schema);
  if (def.type === "object") {
    for (const [key, field] of Object.entries(def.shape ?? {})) {
      const limit = fieldLimit(field);
      if (limit !== undefined) into[key] = Math.max(into[key] ?? 0, limit);
    }
  } else if (def.type === "union") {
    for (const option of def.options ?? []) collectLimits(option, into);
  } else if (def.type === "pipe") {
    const first = def.in && defOf(def.in).type === "transform" ? def.out : def.in;
    if (first) collectLimits(first, into);
  } else if (WRAPPERS.has(def.type) && def.innerType) {
    collectLimits(def.innerType, into);
  }
}

const schemaLimits = new WeakMap<z.ZodType, Record<string, number>>();
const formLimits = new WeakMap<FormData, Record<string, number>>();

/**
 * Tells `formValues` what each field of `form` may hold, from the schema that reads it, so that nothing longer
 * than a field's maximum is ever echoed back. `parseForm` does it; call it before reading a form another way.
 */
export function expectFields(form: FormData, schema: z.ZodType): FormData {
  let limits = schemaLimits.get(schema);
  if (!limits) {
    limits = {};
    collectLimits(schema, limits);
    schemaLimits.set(schema, limits);
  }
  formLimits.set(form, { ...formLimits.get(form), ...limits });
  return form;
}

/**
 * The form's text fields as strings (files and repeated keys aside), to show again beside its messages: each cut
 * to its field's maximum (`expectFields`), or to `MAX_ECHOED_CHARS`.
 */
export function formValues(form: FormData, omit: readonly string[] = ["password", "_idempotency"]) {
  const limits = formLimits.get(form);
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !omit.includes(key) && !(key in values)) {
      values[key] = value.slice(0, limits?.[key] ?? MAX_ECHOED_CHARS);
    }
  }
  return values;
}

/** First message per field from a zod error. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * The 400 answer to bad input: messages by field and what was typed (passwords excepted), so the form
 * re-renders with both.
 */
export function invalid(form: FormData, errors: Record<string, string | undefined>, formError?: string) {
  return data({ ok: false as const, errors, values: formValues(form), formError }, { status: 400 });
}

/** Parses a form with a schema: either the data, or the 400 answer to send back. */
export function parseForm<S extends z.ZodType>(form: FormData, schema: S) {
  expectFields(form, schema);
  const raw: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !(key in raw)) raw[key] = value;
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true as const, data: result.data as z.infer<S> };
  return { ok: false as const, response: invalid(form, fieldErrors(result.error)) };
}

/** Whether a database error is a unique violation (concurrent creates racing past a pre-check). */
export function isUniqueViolation(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    if ((e as { code?: string }).code === "23505") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
