// Named limits shared by the server's schemas and the browser's HTML constraints.

export const MIN_PASSWORD_LENGTH = 12;
// NOTE: scrypt cost grows with input only marginally, but an unbounded field is a free denial of service.
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_NAME_LENGTH = 120;
export const MAX_ORG_NAME_LENGTH = 120;
export const MAX_EMAIL_LENGTH = 254;

/** Sessions: idle expiry 12 hours, absolute 7 days (docs/product.md "Security"). */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** A session's last-seen time is written at most this often, not on every request. */
export const SESSION_TOUCH_MS = 5 * 60 * 1000;

/** Sign-in throttle: strict per account, generous per address; a sliding window, never a permanent lock. */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const THROTTLE_MAX_PER_ACCOUNT = 5;
export const THROTTLE_MAX_PER_ADDRESS = 100;

export type ThrottleScope = "account" | "address" | "sign-up" | "link" | "upload" | "mail-target";
/**
 * Every throttle, by what it counts: sign-in failures per account and per address; sign-ups and links that did not
 * work (invitations, password resets) per address; evidence files per person (its maximum is UPLOAD_RATE_LIMIT).
 */
export const THROTTLES: Record<ThrottleScope, { max: number; windowMs: number }> = {
  account: { max: THROTTLE_MAX_PER_ACCOUNT, windowMs: THROTTLE_WINDOW_MS },
  address: { max: THROTTLE_MAX_PER_ADDRESS, windowMs: THROTTLE_WINDOW_MS },
  "sign-up": { max: 10, windowMs: THROTTLE_WINDOW_MS },
  link: { max: 20, windowMs: THROTTLE_WINDOW_MS },
  upload: { max: 30, windowMs: 10 * 60 * 1000 },
  // Mail a person can make the portal send to an address (forgot password, resend a confirmation, sign-up): per
  // address mailed (`to:<e-mail>`), and, with MAIL_REQUESTS_PER_CLIENT, per client (`from:<ip>`).
  "mail-target": { max: 5, windowMs: 60 * 60 * 1000 },
};

/** Mail-sending requests one client address may make in the "mail-target" window, whatever the addresses. */
export const MAIL_REQUESTS_PER_CLIENT = 20;

/** Idempotency keys are kept a day: long enough for any retry or resubmission of a form. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
