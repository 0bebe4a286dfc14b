// The rules the profile's fields share: each typed value is refused with a message in the reader's words, never
// coerced. Countries come from the runtime's region names.
import { z } from "zod";
import { isIsoDay } from "../../domain/calendar";
import { STALE_FORM } from "./form.server";

/**
 * Countries for the HQ select: every two-letter code A–Z that the runtime's region names resolve to something
 * other than the code itself (NOTE: ISO 3166-1 alpha-2 via Intl.DisplayNames, so the list follows ICU data).
 */
// NOTE: ICU also names groupings and private-use codes (EU, UN, ZZ, pseudo-locales XA/XB): not countries.
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "ZZ", "XA", "XB", "QO", "AC", "CP", "DG", "EA", "IC", "TA"]);

export const COUNTRIES: readonly { code: string; name: string }[] = (() => {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  const list: { code: string; name: string }[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        name = undefined;
      }
      if (name && name !== code && !NOT_COUNTRIES.has(code)) list.push({ code, name });
    }
  }
  return list.sort((x, y) => x.name.localeCompare(y.name, "en"));
})();
export const COUNTRY_CODES = new Set(COUNTRIES.map((c) => c.code));

export function countryName(code: string | null | undefined): string | undefined {
  if (!code) return undefined;
  return COUNTRIES.find((c) => c.code === code)?.name ?? code;
}

export const text = (label: string, max: number) =>
  z.string(`Enter ${label}.`).trim().min(1, `Enter ${label}.`).max(max, `Use at most ${max} characters.`);

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : null));

export const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.enum(values, message);

export const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!(values as readonly string[]).includes(v)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return v as T[number];
    });

/** Values ticked in a group of checkboxes, each one of `values`, in the list's order. */
export const choices = <T extends readonly string[]>(values: T, message: string) =>
  z
    .array(z.string())
    .default([])
    .refine((list) => list.every((v) => (values as readonly string[]).includes(v)), message)
    .transform((list) => values.filter((v) => list.includes(v)) as T[number][]);

/** A whole number typed in a form: refuses "abc", "1.5" and "" with a message instead of coercing. */
export const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string(`Enter ${label}.`)
    .trim()
    .min(1, `Enter ${label}.`)
    .regex(/^-?\d+$/, `Enter ${label} as a whole number.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Enter a whole number from ${min} to ${max.toLocaleString("en")}.`);

export const day = (label: string) =>
  z
    .string(`Enter ${label}.`)
    .trim()
    .min(1, `Enter ${label}.`)
    .refine(isIsoDay, "Enter a real date (YYYY-MM-DD).");

export const optionalDay = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isIsoDay(v), "Enter a real date (YYYY-MM-DD).");

/** A checkbox: present when ticked. */
export const checkbox = () =>
  z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true" || v === "yes");

export const version = () => z.coerce.number().int().min(1);

/** The version a singleton form showed: empty when the claim did not exist yet. */
export const optionalVersion = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) {
        ctx.addIssue({ code: "custom", message: STALE_FORM });
        return z.NEVER;
      }
      return n;
    });

export function isWebUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}
