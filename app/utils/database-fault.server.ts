import { MissingIdempotencyKey } from "./idempotency.server";

/** What a person reads when the database refused a change that rolled back whole (it may be retried as is). */
export const DATABASE_FAULT_MESSAGE = "Could not save: nothing was changed. Try again.";

/**
 * Whether an error came from the database (a SQLSTATE, through drizzle's wrapping): a failed constraint or trigger, a
 * dropped connection. The transaction rolled back whole, so an action answers 503 with `DATABASE_FAULT_MESSAGE` and
 * what was typed, rather than an error page.
 */
export function isDatabaseFault(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** What a person reads when a create form's idempotency key is missing or malformed. */
export const FORM_EXPIRED_MESSAGE = "This form expired. Reload the page and send it again.";

/**
 * How a write that failed for a known reason answers: the message for the form and its status, or undefined (rethrow).
 * A rule the change broke (`refusals`: the model's rule and conflict errors) is a 409 with its own message; a missing
 * idempotency key a 400; a database fault a 503 (the transaction rolled back whole).
 */
export function writeFailure(
  error: unknown,
  refusals: readonly (abstract new (...args: never[]) => Error)[],
): { formError: string; status: 400 | 409 | 503 } | undefined {
  if (refusals.some((kind) => error instanceof kind))
    return { formError: (error as Error).message, status: 409 };
  if (error instanceof MissingIdempotencyKey) return { formError: FORM_EXPIRED_MESSAGE, status: 400 };
  if (isDatabaseFault(error)) return { formError: DATABASE_FAULT_MESSAGE, status: 503 };
  return undefined;
}
