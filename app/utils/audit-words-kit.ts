// The pieces every audit sentence is built from: the event as stored, the names resolved for a whole page, and the
// helpers that turn stored values into words. Pure: no database, no Remix (docs/product.md "Audit log").
import { formatDecimal, possessive } from "~/utils/format";

/** One event as the audit model reads it. */
export interface AuditEventFacts {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  actorUserId: string | null;
  actorName: string | null;
}

/**
 * What the page knows of the things events name, resolved in one query per kind for a whole page
 * (app/models/audit-names.server.ts). A thing missing from its map no longer exists for this organisation.
 */
export interface AuditNames {
  /** The viewer's organisation kind: a partner reads its evidence requests on their own pages. */
  kind: "buyer" | "partner";
  evaluations: ReadonlyMap<string, { name: string }>;
  candidates: ReadonlyMap<string, { name: string; evaluationId: string; withdrawn: boolean }>;
  /** Current members, by user id. */
  members: ReadonlyMap<string, { name: string; membershipId: string }>;
  /** Current memberships, by membership id. */
  memberships: ReadonlyMap<string, { name: string }>;
  invitations: ReadonlyMap<string, { email: string; role: string }>;
  templates: ReadonlyMap<string, { name: string }>;
  evidence: ReadonlyMap<string, { title: string; deleted: boolean }>;
  versions: ReadonlyMap<string, { partnerId: string; partner: string }>;
  /** Requests, with the evaluation they were sent from when the viewer is the buyer that asked. */
  requests: ReadonlyMap<string, { evaluationId: string | null; evaluation: string | null }>;
}

export type AuditRefKind = Exclude<keyof AuditNames, "kind">;

/** A piece of a sentence: words, or words that link to the page of what they name. */
export interface AuditPart {
  text: string;
  href: string | null;
}

/** What a describer returns: the sentence after the actor, and the changes in words. */
export interface Described {
  parts: (string | AuditPart)[];
  changes?: string[];
}

export interface AuditContext {
  event: AuditEventFacts;
  after: Record<string, unknown>;
  before: Record<string, unknown>;
  names: AuditNames;
}

export type Describer = (c: AuditContext) => Described;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** A run of 8 or more hexadecimal characters with a digit in it: a piece of an id or a checksum. */
const HEX_RUN = /(?<![0-9a-z])(?=[0-9a-f]*[0-9])[0-9a-f]{8,}(?![0-9a-z])/gi;

export function isId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value) && value.length === 36;
}

/** Words a person may read: an id, or a fragment of one, never reaches the page. */
export function safeWords(text: string): string {
  return text.replace(new RegExp(UUID.source, "gi"), "…").replace(HEX_RUN, "…");
}

export const link = (text: string, href: string | null): AuditPart => ({ text, href });
export const quote = (text: string) => `“${text}”`;

export function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A string field, or undefined when it is missing, empty or an id. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" && !isId(value) ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A stored value in words: none, yes/no, a figure, a list, or the text itself. */
export function valueWords(value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return formatDecimal(value, 2);
  if (Array.isArray(value)) {
    const items = value.map(valueWords).filter((v) => v !== "none");
    return items.length > 0 ? items.join(", ") : "none";
  }
  if (typeof value === "object") {
    const o = record(value);
    const named = text(o.name) ?? text(o.title) ?? text(o.metric) ?? text(o.partner);
    return named ?? "details";
  }
  return isId(value) ? "a removed item" : String(value);
}

/** A long text cut for a line of the log. */
export function excerpt(value: unknown, max = 140): string | undefined {
  const t = text(value);
  if (!t) return undefined;
  const flat = t.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `Label: “text”` for a text worth quoting, or nothing. */
export function quoted(label: string, value: unknown): string[] {
  const t = excerpt(value);
  return t ? [`${label}: ${quote(t)}`] : [];
}

/** `Label: before → after` for each field that changed, in the order given. */
export function fieldChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  labels: Record<string, string>,
  show: (key: string, value: unknown) => string = (_k, v) => valueWords(v),
): string[] {
  const changes: string[] = [];
  for (const [key, label] of Object.entries(labels)) {
    if (!(key in after)) continue;
    const was = show(key, before[key]);
    const now = show(key, after[key]);
    if (key in before && was === now) continue;
    changes.push(key in before ? `${label}: ${was} → ${now}` : `${label}: ${now}`);
  }
  return changes;
}

/** "Tom Okafor", linked to the member's page while the person is a member; else the stored name. */
export function person(names: AuditNames, userId: unknown, stored?: unknown): string | AuditPart {
  const member = typeof userId === "string" ? names.members.get(userId) : undefined;
  if (member) return link(member.name, `/members/${member.membershipId}`);
  return text(stored) ?? "a former member";
}

/** The evaluation an event is about, linked to its page; its stored name when it is gone. */
export function evaluation(names: AuditNames, id: unknown, stored?: unknown): string | AuditPart {
  const found = typeof id === "string" ? names.evaluations.get(id) : undefined;
  if (found) return link(found.name, `/evaluations/${id}`);
  const name = text(stored);
  return name ? quote(name) : "a removed evaluation";
}

/** A candidate of an evaluation, linked to its page in the comparison while it is in the running. */
export function candidate(names: AuditNames, id: unknown, stored?: unknown): string | AuditPart {
  const found = typeof id === "string" ? names.candidates.get(id) : undefined;
  const name = text(stored) ?? found?.name ?? "a removed candidate";
  if (!found) return name;
  return link(
    name,
    found.withdrawn
      ? `/evaluations/${found.evaluationId}`
      : `/evaluations/${found.evaluationId}/compare/${id}`,
  );
}

export function criterion(stored: unknown): string {
  return text(stored) ?? "a removed criterion";
}

/** "Tom Okafor’s", the name alone linked. */
export function ofWhom(name: string | AuditPart): (string | AuditPart)[] {
  const words = typeof name === "string" ? name : name.text;
  return [name, possessive(words).slice(words.trim().length)];
}

/** A score as read beside its scale: "4/5", or "4" without one. */
export function outOf(value: unknown, max: unknown): string {
  const v = num(value);
  if (v === undefined) return "none";
  const m = num(max);
  return m === undefined ? formatDecimal(v, 2) : `${formatDecimal(v, 2)}/${formatDecimal(m, 2)}`;
}
