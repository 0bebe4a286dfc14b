// The audit log in words (docs/product.md "Audit log"): each stored event becomes a sentence a person reads, with
// links to the pages of what it names, and its before and after as a list of changes in words. Pure: the names
// come resolved for a whole page (app/models/audit-names.server.ts), so a page never queries per event.

import { EVALUATION_WORDS } from "./audit-words-evaluation";
import {
  type AuditContext,
  type AuditEventFacts,
  type AuditNames,
  type AuditPart,
  type AuditRefKind,
  type Described,
  isId,
  person,
  record,
  safeWords,
} from "./audit-words-kit";
import { PARTNER_WORDS, PROFILE_ACTIONS, profileWords } from "./audit-words-partner";
import { QUESTIONNAIRE_WORDS } from "./audit-words-questionnaire";
import { TEAM_WORDS } from "./audit-words-team";

export type { AuditEventFacts, AuditNames, AuditPart, AuditRefKind } from "./audit-words-kit";

const WORDS = { ...TEAM_WORDS, ...EVALUATION_WORDS, ...PARTNER_WORDS, ...QUESTIONNAIRE_WORDS };

/** Every action that has a sentence of its own. */
export const DESCRIBED_ACTIONS: readonly string[] = [...Object.keys(WORDS), ...PROFILE_ACTIONS].sort();

/** The ids of each kind a page of events names: the audit model resolves each kind in one query. */
export function auditRefs(events: readonly AuditEventFacts[]): Record<AuditRefKind, string[]> {
  const refs: Record<AuditRefKind, Set<string>> = {
    evaluations: new Set(),
    candidates: new Set(),
    members: new Set(),
    memberships: new Set(),
    invitations: new Set(),
    templates: new Set(),
    evidence: new Set(),
    versions: new Set(),
    requests: new Set(),
  };
  const add = (kind: AuditRefKind, id: unknown) => {
    if (isId(id)) refs[kind].add(id);
  };
  const byType: Record<string, AuditRefKind> = {
    evaluation: "evaluations",
    membership: "memberships",
    user: "members",
    invitation: "invitations",
    template: "templates",
    evidence: "evidence",
    evidence_version: "versions",
    evidence_request: "requests",
  };
  for (const e of events) {
    const after = record(e.after);
    const before = record(e.before);
    const kind = byType[e.entityType];
    if (kind) add(kind, e.entityId);
    add("members", e.actorUserId);
    add("members", after.userId);
    add("members", before.userId);
    add("candidates", after.candidateId);
    add("candidates", before.candidateId);
    add("evaluations", after.clonedFromId);
    add("evaluations", after.evaluationId);
  }
  return Object.fromEntries(Object.entries(refs).map(([k, v]) => [k, [...v]])) as Record<
    AuditRefKind,
    string[]
  >;
}

export interface AuditSentence {
  /** The sentence in pieces, some of them links. */
  parts: AuditPart[];
  /** The same sentence as plain text (the CSV's words). */
  sentence: string;
  /** Before and after, in words: one line per changed field. */
  changes: string[];
  /** False when the action has no sentence of its own (a generic one is given). */
  described: boolean;
}

function capitalise(part: AuditPart): AuditPart {
  return { ...part, text: part.text.charAt(0).toUpperCase() + part.text.slice(1) };
}

/** The sentence of one event, with the names resolved for its page. */
export function describeAuditEvent(event: AuditEventFacts, names: AuditNames): AuditSentence {
  const c: AuditContext = { event, after: record(event.after), before: record(event.before), names };
  const own: Described | undefined = WORDS[event.action]?.(c) ?? profileWords(c);
  const described = own ?? { parts: [`made a change (${event.action.replace(/[._]/g, " ")})`] };
  const actor =
    event.actorUserId || event.actorName ? person(names, event.actorUserId, event.actorName) : "someone";
  const parts: AuditPart[] = [];
  for (const piece of [actor, " ", ...described.parts]) {
    const part = typeof piece === "string" ? { text: piece, href: null } : piece;
    const safe = { text: safeWords(part.text), href: part.href };
    if (safe.text === "") continue;
    const last = parts.at(-1);
    if (last && last.href === null && safe.href === null) last.text += safe.text;
    else parts.push(safe);
  }
  if (parts.length > 0) parts[0] = capitalise(parts[0]);
  return {
    parts,
    sentence: parts.map((p) => p.text).join(""),
    changes: (described.changes ?? []).map(safeWords),
    described: own !== undefined,
  };
}
