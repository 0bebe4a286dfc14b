import { data } from "@remix-run/node";
import type { z } from "zod";

/** The form's text fields as strings (files and repeated keys aside). */
export function formValues(form: FormData, omit: readonly string[] = ["password", "_idempotency"]) {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !omit.includes(key) && !(key in values)) values[key] = value;
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
