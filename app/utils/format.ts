/** A date as people read it, in a given IANA time zone (the buyer's own for buyers, UTC otherwise). */
export function formatDate(value: Date | string, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone,
  }).format(new Date(value));
}
