// Reading a profile form: one zod schema per form (in each section's module), every failure an `InputError` with a
// message per field, so the route answers it with `failureAnswer` like any other failure.
import type { z } from "zod";
import { InputError } from "../../utils/errors.server";
import { expectFields, fieldErrors } from "../../utils/forms.server";

/** Fields a profile form sends once per ticked box: they are read as lists, and echoed back as lists. */
export const LIST_FIELDS = ["regions", "providers"] as const;

/** The form-level message of a form whose hidden id or version is missing or malformed. */
export const STALE_FORM = "This form is incomplete or out of date: reload the page and try again.";

/** The form's data by its schema; bad input throws an InputError (400) with a message beside each field. */
export function parseProfileForm<S extends z.ZodType>(form: FormData, schema: S): z.infer<S> {
  expectFields(form, schema);
  const raw: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !(key in raw)) raw[key] = value;
  for (const key of LIST_FIELDS) raw[key] = form.getAll(key).filter((v) => typeof v === "string");
  const result = schema.safeParse(raw);
  if (result.success) return result.data as z.infer<S>;
  const errors = fieldErrors(result.error);
  throw new InputError(errors, errors.version || errors.id ? STALE_FORM : undefined);
}

/** Which item an edit or delete form is about, at which version. */
export interface ItemRef {
  id: string;
  version: number;
}

/**
 * The id and version an edit or delete form carries. A malformed id finds nothing (404); a malformed version
 * never matches (409 with the current state): neither is a 500.
 */
export function itemRef(form: FormData): ItemRef {
  return { id: String(form.get("id") ?? ""), version: Number(form.get("version") ?? "") };
}

/** The version a remove form showed; a missing or malformed one is refused before anything is read. */
export function versionShown(form: FormData): number {
  const version = Number(form.get("version"));
  if (!Number.isInteger(version) || version < 1)
    throw new InputError({ version: "Reload the page." }, STALE_FORM);
  return version;
}

/** The answer to a form whose intent this page does not know. */
export function unknownIntent(): never {
  throw new InputError({}, "Unknown action.");
}
