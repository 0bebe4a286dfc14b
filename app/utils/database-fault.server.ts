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

/** What a page says, with a 503, while the database cannot be reached or is saturated. */
export const SERVICE_UNAVAILABLE_MESSAGE =
  "PartnerLens is briefly unavailable: its database is not answering. Nothing you sent was lost; try again in a few seconds.";
/** Seconds a client is asked to wait before retrying (`Retry-After`) after a 503. */
export const RETRY_AFTER_SECONDS = 5;

// The driver's own connection failures (postgres.js), the operating system's, and ours (db/client.ts `DatabaseBusy`).
const UNAVAILABLE_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "DATABASE_BUSY",
  "DATABASE_UNREACHABLE",
]);

/**
 * Whether an error says the database is out of reach or saturated rather than that the request was wrong: no
 * connection (refused, reset, timed out, closed), SQLSTATE classes 08 (connection), 53 (resources) and 57 (operator
 * intervention: shutdown, a statement cancelled by its timeout). Answered 503 with `Retry-After`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 6 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || /^(08|53|57)[0-9A-Z]{3}$/.test(code)))
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** What a person reads when a create form's idempotency key is missing or malformed. */
export const FORM_EXPIRED_MESSAGE = "This form expired. Reload the page and send it again.";
