// Audit sentences about a partner's profile and evidence, and a buyer's verdicts on that evidence.
import { LABELS } from "~/domain/profile";
import {
  type AuditContext,
  type AuditPart,
  type Described,
  type Describer,
  fieldChanges,
  link,
  num,
  quote,
  text,
  valueWords,
} from "./audit-words-kit";
import { formatDecimal } from "./format";

/** Enumerated profile fields, in the words their forms use. */
const ENUMS: Record<string, Record<string, string>> = {
  tier: LABELS.tier,
  provider: LABELS.provider,
  status: LABELS.referenceStatus,
  kind: LABELS.documentKind,
  sizeBand: LABELS.sizeBand,
  useCase: LABELS.useCase,
  useCases: LABELS.useCase,
  supportHours: LABELS.supportHours,
  maintenanceModel: LABELS.maintenance,
  partnerType: LABELS.partnerType,
  headcountBand: LABELS.headcount,
  regions: LABELS.region,
  name: LABELS.specialization,
  providers: LABELS.provider,
};

function shown(key: string, value: unknown): string {
  const words = ENUMS[key];
  if (words && typeof value === "string") return words[value] ?? value;
  if (words && Array.isArray(value)) return valueWords(value.map((v) => words[v as string] ?? v));
  if (key === "outcomes" && Array.isArray(value)) return valueWords(value);
  return valueWords(value);
}

/** "certifiedStaff" → "Certified staff"; "p1ResponseMinutes" → "P1 response minutes". */
function label(key: string): string {
  const words = key.replace(/([a-z])([A-Z0-9])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every field a profile event stored, but keys and ids. */
function fieldsOf(...records: Record<string, unknown>[]): Record<string, string> {
  const keys = new Set(records.flatMap((r) => Object.keys(r)));
  const labels: Record<string, string> = {};
  for (const key of keys) {
    if (/(^id$|Id$|Ids$|^nameKey$|^version$|^organisationId$)/.test(key)) continue;
    labels[key] = label(key);
  }
  return labels;
}

interface Section {
  page: string;
  /** What the item is called: "the certification “Applied AI”". */
  item: (r: Record<string, unknown>) => string;
}

const named = (noun: string, key: string, words?: Record<string, string>) => (r: Record<string, unknown>) => {
  const value = text(r[key]);
  return value ? `the ${noun} ${quote(words?.[value] ?? value)}` : `a ${noun}`;
};

const SECTIONS: Record<string, Section> = {
  certification: { page: "/profile/certifications", item: named("certification", "track") },
  document: { page: "/profile/documents", item: named("document", "title") },
  specialization: {
    page: "/profile/specializations",
    item: named("specialization", "name", LABELS.specialization),
  },
  provider: { page: "/profile/providers", item: named("model provider", "provider", LABELS.provider) },
  reference: { page: "/profile/references", item: named("reference", "customer") },
  membership: { page: "/profile/membership", item: () => "the network membership" },
  support: { page: "/profile/support", item: () => "the support terms" },
  facts: { page: "/profile/facts", item: () => "the profile facts" },
};

const PROFILE_ACTION = /^profile\.([a-z_]+)\.(created|updated|deleted)$/;

/** The sentence of a `profile.<section>.<verb>` event; undefined for a section this module does not know. */
export function profileWords(c: AuditContext): Described | undefined {
  const [, name, verb] = PROFILE_ACTION.exec(c.event.action) ?? [];
  const section = SECTIONS[name ?? ""];
  if (!section) return undefined;
  const item = link(section.item({ ...c.before, ...c.after }), section.page);
  if (verb === "created") return { parts: ["added ", item, " to the profile"] };
  if (verb === "deleted") return { parts: ["removed ", item, " from the profile"] };
  return { parts: ["changed ", item], changes: fieldChanges(c.before, c.after, fieldsOf(c.after), shown) };
}

/** The known profile actions, for the audit filter's labels and the tests. */
export const PROFILE_ACTIONS = Object.keys(SECTIONS).flatMap((s) =>
  s === "facts"
    ? ["profile.facts.updated"]
    : ["created", "updated", "deleted"].map((v) => `profile.${s}.${v}`),
);

function evidenceItem(c: AuditContext): string | AuditPart {
  const title = text(c.after.title) ?? text(c.before.title) ?? c.names.evidence.get(c.event.entityId)?.title;
  const found = c.names.evidence.get(c.event.entityId);
  if (found && !found.deleted) return link(title ?? found.title, `/evidence/${c.event.entityId}`);
  return title ? quote(title) : "removed evidence";
}

function content(after: Record<string, unknown>): string[] {
  const file = text(after.fileName);
  if (file) {
    const bytes = num(after.sizeBytes);
    if (bytes === undefined) return [`File: ${file}`];
    const size =
      bytes < 1024 * 1024
        ? `${formatDecimal(bytes / 1024, 1)} KB`
        : `${formatDecimal(bytes / 1024 / 1024, 1)} MB`;
    return [`File: ${file} (${size})`];
  }
  const url = text(after.url);
  if (!url) return [];
  try {
    return [`Link to ${new URL(url).hostname}`];
  } catch {
    return ["A link"];
  }
}

const VISIBILITY: Record<string, string> = { all_buyers: "all buyers", restricted: "restricted" };
const EVIDENCE_FIELDS = {
  title: "Title",
  effectiveFrom: "Proves from",
  effectiveTo: "Proves until",
  visibility: "Visible to",
};
const evidenceShown = (key: string, v: unknown) =>
  key === "visibility" && typeof v === "string" ? (VISIBILITY[v] ?? v) : valueWords(v);

const VERDICT: Record<string, string> = {
  verified: "verified",
  rejected: "rejected",
  unverified: "unverified",
};

export const PARTNER_WORDS: Record<string, Describer> = {
  "evidence.created": (c) => ({
    parts: ["added the evidence ", evidenceItem(c)],
    changes: [...content(c.after), ...fieldChanges({}, c.after, { visibility: "Visible to" }, evidenceShown)],
  }),
  "evidence.version_added": (c) => ({
    parts: [`uploaded version ${num(c.after.version) ?? "a new version"} of `, evidenceItem(c)],
    changes: content(c.after),
  }),
  "evidence.updated": (c) => ({
    parts: ["changed the details of ", evidenceItem(c)],
    changes: fieldChanges(c.before, c.after, EVIDENCE_FIELDS, evidenceShown),
  }),
  "evidence.deleted": (c) => ({ parts: ["deleted the evidence ", evidenceItem(c)] }),
  "evidence.verification_set": (c) => {
    const partner = c.names.versions.get(c.event.entityId);
    const title = quote(text(c.after.title) ?? "evidence");
    const status = VERDICT[String(c.after.status)] ?? "judged";
    const verb = status === "unverified" ? `marked ${title} unverified again` : `${status} ${title}`;
    const of = partner ? [" of ", link(partner.partner, `/partners/${partner.partnerId}`)] : [];
    const was = VERDICT[String(c.before.status)];
    return {
      parts: [verb, ...of, ...(was && was !== status ? [` (was ${was})`] : [])],
      changes: [
        ...(text(c.after.note) ? [`Note: ${quote(text(c.after.note) as string)}`] : []),
        ...(text(c.after.seenOn) ? [`Seen on ${text(c.after.seenOn)}`] : []),
      ],
    };
  },
};
