// CSV as docs/product.md "Exports" says: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting, and a leading
// apostrophe on text cells that a spreadsheet would run as a formula. Numbers are written as numbers, never guarded.
import { roundForDisplay } from "~/domain/scoring";

/** A number written with a fixed number of decimals ("80.0"): still a number, never guarded. */
export interface FixedNumber {
  fixed: number;
  decimals: number;
}

export type CsvCell = string | number | FixedNumber | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** `value` with `decimals` places (halves away from zero), or an empty cell when it is undefined. */
export function fixed(value: number | null | undefined, decimals = 1): FixedNumber | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : { fixed: value, decimals };
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "object") return roundForDisplay(value.fixed, value.decimals).toFixed(value.decimals);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
