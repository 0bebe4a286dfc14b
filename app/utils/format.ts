import { roundForDisplay } from "~/domain/scoring";

// Counts, shares, durations and possessives live in the domain, whose own sentences use them too; pages and loaders
// take them from here with the dates.
export {
  formatBytes,
  formatDecimal,
  formatDuration,
  formatShare,
  listWords,
  plural,
  possessive,
} from "~/domain/words";

/** A date as people read it, in a given IANA time zone (the buyer's own for buyers, UTC otherwise). */
export function formatDate(value: Date | string, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone,
  }).format(new Date(value));
}

/** A moment as people read it, with the time, in a given IANA time zone. */
export function formatDateTime(value: Date | string, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(new Date(value));
}

/**
 * A figure rounded for display, halves away from zero (docs/product.md "Scoring method": round only for display, one
 * decimal), as text with `decimals` places; never "-0.0".
 */
export function formatFigure(x: number, decimals = 1): string {
  return roundForDisplay(x, decimals).toFixed(decimals);
}

/** An address shown to whoever holds a link, not written out whole: "z••@wattleworks.example". */
export function maskEmail(email: string): string {
  const [local, domain] = email.split("@");
  return `${local.slice(0, 1)}${"•".repeat(Math.max(2, local.length - 1))}@${domain}`;
}
