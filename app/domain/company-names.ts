// Company names as a buyer types them (DESIGN.md "Inviting partners who are not listed"): the key two spellings of one
// company share, and the listed partners a typed name may mean. Pure: the invitation form and its tests use it alike.

/**
 * Legal forms that may end a company's name and say nothing about which company it is. Dots are dropped before
 * words are compared, so "S.A." is "sa" and "Pty. Ltd." is "pty ltd".
 */
const LEGAL_SUFFIXES = new Set([
  "ab",
  "ag",
  "aps",
  "as",
  "asa",
  "bv",
  "co",
  "company",
  "corp",
  "corporation",
  "gmbh",
  "inc",
  "incorporated",
  "kg",
  "kk",
  "limited",
  "llc",
  "llp",
  "lp",
  "ltd",
  "nv",
  "oy",
  "plc",
  "pte",
  "pty",
  "sa",
  "sarl",
  "sas",
  "spa",
  "srl",
]);

/** The words of a name: lower case, accents and dots dropped, "&" read as "and", split at anything else. */
function words(name: string): string[] {
  const plain = name
    .normalize("NFKD")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[.'’]/g, "")
    .replace(/&/g, " and ");
  return plain.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The words of a name that say which company it is: `words` without the legal forms that end it. */
function nameWords(name: string): string[] {
  const list = words(name);
  while (list.length > 1 && LEGAL_SUFFIXES.has(list[list.length - 1])) list.pop();
  return list;
}

/**
 * The key a company name is compared by: lower case, without accents, punctuation or white space, without the legal
 * forms that end it ("Bluegum Digital Pty Ltd" and "bluegum-digital" are both "bluegumdigital"), "&" and "and" alike.
 * A name made of legal forms alone keeps its first word. Applying it to its own result changes nothing.
 */
export function companyKey(name: string): string {
  return nameWords(name).join("");
}

/** The domain of an e-mail address, lower case ("" when it has none). */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 0
    ? ""
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase();
}

/** How near a listed partner's name is to the one typed. */
export type MatchKind = "same" | "close";

export interface NearMatch<T> {
  partner: T;
  kind: MatchKind;
}

/** At most this many near matches are offered: past it, the name typed is too vague to choose from. */
export const MAX_NEAR_MATCHES = 8;
/** A key shorter than this is contained in too many others to mean anything. */
const MIN_CONTAINED_LENGTH = 4;
/** Edits allowed per character of the longer key (a typo or two in a long name, one in a short one). */
const EDITS_PER_CHARACTER = 0.2;

/** The number of single-character edits between two strings, or `limit + 1` as soon as it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/** A name as `nearMatches` compares it: its words and its key. */
interface Compared {
  words: string[];
  key: string;
}

const compared = (name: string): Compared => {
  const list = nameWords(name);
  return { words: list, key: list.join("") };
};

/** Whether `inner`'s words stand one after the other among `outer`'s ("harbour ai" in "harbour ai consulting"). */
function containsWords(outer: readonly string[], inner: readonly string[]): boolean {
  for (let start = 0; start + inner.length <= outer.length; start++) {
    if (inner.every((w, i) => outer[start + i] === w)) return true;
  }
  return false;
}

/** How far apart two names are (0: the same key; undefined: not near), for ranking. */
function nearness(typed: Compared, listed: Compared): number | undefined {
  if (typed.key === "" || listed.key === "") return undefined;
  if (typed.key === listed.key) return 0;
  const [shorter, longer] = typed.key.length <= listed.key.length ? [typed, listed] : [listed, typed];
  // One contains the other, as whole words ("Bluegum" in "Bluegum Digital"), or else as at least half of it ("Blue"
  // in "Bluegum", after the whole words): nearer the more of the longer it covers. "Blue" is not near "Bluegum
  // Digital".
  if (shorter.key.length >= MIN_CONTAINED_LENGTH && longer.key.includes(shorter.key)) {
    const uncovered = 1 - shorter.key.length / longer.key.length;
    if (containsWords(longer.words, shorter.words)) return uncovered / 2;
    if (shorter.key.length * 2 >= longer.key.length) return 0.5 + uncovered / 2;
  }
  const limit = Math.max(1, Math.floor(longer.key.length * EDITS_PER_CHARACTER));
  const edits = editDistance(typed.key, listed.key, limit);
  return edits <= limit ? 1 + edits / longer.key.length : undefined;
}

/**
 * The listed partners the typed name may mean, nearest first: those with the same key, then those whose key contains
 * or is contained in the typed one, or differs by a few characters for its length; ties by name. At most
 * `MAX_NEAR_MATCHES`.
 */
export function nearMatches<T extends { name: string }>(
  name: string,
  partners: readonly T[],
  max = MAX_NEAR_MATCHES,
): NearMatch<T>[] {
  const typed = compared(name);
  const found: { partner: T; distance: number }[] = [];
  for (const partner of partners) {
    const distance = nearness(typed, compared(partner.name));
    if (distance !== undefined) found.push({ partner, distance });
  }
  return found
    .sort((a, b) => a.distance - b.distance || a.partner.name.localeCompare(b.partner.name))
    .slice(0, max)
    .map(({ partner, distance }) => ({ partner, kind: distance === 0 ? "same" : "close" }));
}

/**
 * Whether the contact's address is at one of the partner's members' domains: false (warn) when it is not, or when
 * the partner has no member to compare with.
 */
export function domainMatches(email: string, domains: readonly string[]): boolean {
  const domain = emailDomain(email);
  return domain !== "" && domains.some((d) => d.toLowerCase() === domain);
}
