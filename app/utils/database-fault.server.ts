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
