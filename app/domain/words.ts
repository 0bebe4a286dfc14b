// Counts, shares, durations and names as people read them. Pure, so the domain's own sentences (suggestion reasons,
// rank stability) and the pages say them the same way; app code reaches them through app/utils/format.ts.

/** A number as text: thousands separated, at most `decimals` places, halves away from zero, no trailing zeros. */
export function formatDecimal(x: number, decimals = 1): string {
  const factor = 10 ** decimals;
  const rounded = (Math.sign(x) * Math.round(Math.abs(x) * factor)) / factor;
  return (rounded === 0 ? 0 : rounded).toLocaleString("en", { maximumFractionDigits: decimals });
}

/** "1 criterion", "2 criteria", "0 members", "1,200 scores": a count with its noun in the right number. */
export function plural(n: number, one: string, many: string): string {
  return `${formatDecimal(n, 2)} ${n === 1 ? one : many}`;
}

/** "Bluegum Digital's", "Tessellate Labs'": the possessive of a name, a bare apostrophe after a final s. */
export function possessive(name: string): string {
  const trimmed = name.trim();
  return /s$/i.test(trimmed) ? `${trimmed}'` : `${trimmed}'s`;
}

/** "A", "A and B", "A, B and C": names listed in a sentence. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

/**
 * A duration in whole minutes, in the largest units that say it exactly: "45 min", "8 h", "1 h 30 min", "2 d 4 h",
 * "90 d". A unit that is zero is left out ("1 d 30 min"); 0 is "0 min". Hours go in as `hours * 60`.
 */
export function formatDuration(minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  if (total === 0) return "0 min";
  const days = Math.floor(total / MINUTES_PER_DAY);
  const hours = Math.floor((total % MINUTES_PER_DAY) / MINUTES_PER_HOUR);
  const rest = total % MINUTES_PER_HOUR;
  return [days && `${days.toLocaleString("en")} d`, hours && `${hours} h`, rest && `${rest} min`]
    .filter(Boolean)
    .join(" ");
}

/** Shares closer than this to 0 or 1 are 0% or 100% (docs/product.md: "100%" means within 1e-9). */
const EXACT = 1e-9;

/**
 * A share (0-1) as a percentage. NOTE: the one rule for every percentage shown (docs/product.md, "Figures as
 * shown"): one decimal at most, halves away from zero, a trailing ".0" left out ("22%", "99.5%", "100%", "12.5%");
 * a share that is not exactly 0 or 1 never reads "0%" or "100%" (it reads "0.1%" or "99.9%" at the ends), so a
 * rank that is still provisional never looks complete.
 */
export function formatShare(share: number): string {
  if (Math.abs(share) < EXACT) return "0%";
  if (Math.abs(share - 1) < EXACT) return "100%";
  const tenths = Math.sign(share) * Math.round(Math.abs(share) * 1000);
  const clamped = share > 0 && share < 1 ? Math.min(999, Math.max(1, tenths)) : tenths;
  return `${formatDecimal(clamped / 10)}%`;
}

/**
 * A file's size in the largest unit under which it is at least 1, one decimal only where it has one: "512 bytes",
 * "1 byte", "12.5 KB", "3 MB" (1 KB = 1,024 bytes, as file choosers count).
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return plural(bytes, "byte", "bytes");
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  // 1,023.96 KB would read "1,024 KB": it is 1 MB.
  while (value >= 1023.95 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatDecimal(value)} ${units[unit]}`;
}
