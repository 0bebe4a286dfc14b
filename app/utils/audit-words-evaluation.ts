// Audit sentences about evaluations: their set-up, the people and candidates in them, scores, review and decision,
// and the evidence requests buyers send from them.
import { type EvaluationStatus, STATUS_LABELS } from "~/domain/evaluation";
import { LABELS } from "~/domain/profile";
import {
  type AuditContext,
  type AuditPart,
  candidate,
  criterion,
  type Describer,
  evaluation,
  excerpt,
  fieldChanges,
  link,
  num,
  outOf,
  person,
  quote,
  quoted,
  text,
  valueWords,
} from "./audit-words-kit";
import { listedChanges } from "./audit-words-team";
import { formatDate, formatDecimal, plural, possessive } from "./format";

const status = (value: unknown) =>
  typeof value === "string" && value in STATUS_LABELS
    ? STATUS_LABELS[value as EvaluationStatus].toLowerCase()
    : "another status";

/** The evaluation an evaluation event is about. */
const here = (c: AuditContext) => evaluation(c.names, c.event.entityId, c.after.name ?? c.before.name);
const inHere = (c: AuditContext) => [" in ", here(c)];

/** The candidate of a score, value or consensus event. */
const who = (c: AuditContext) =>
  candidate(
    c.names,
    c.after.candidateId ?? c.before.candidateId,
    c.after.candidate ?? c.after.name ?? c.before.name,
  );

const was = (c: AuditContext, show: (v: unknown) => string) =>
  "value" in c.before ? ` (was ${show(c.before.value)})` : "";

const DETAILS: Record<string, string> = {
  name: "Name",
  industry: "Industry",
  sizeBand: "Size",
  useCases: "Use cases",
  requiredSpecializations: "Required specializations",
  deadlineOn: "Deadline",
  minimumTotal: "Minimum total",
};

function detail(key: string, value: unknown): string {
  if (key === "sizeBand" && typeof value === "string") return LABELS.sizeBand[value as never] ?? value;
  if (key === "useCases" && Array.isArray(value)) {
    return valueWords(value.map((u) => LABELS.useCase[u as never] ?? u));
  }
  return valueWords(value);
}

function figure(c: AuditContext) {
  const unit = text(c.after.unit);
  return (v: unknown) => {
    const n = num(v);
    return n === undefined ? "none" : `${formatDecimal(n, 2)}${unit ? ` ${unit}` : ""}`;
  };
}

/** A buyer's request, named from the partner's side or the buyer's. */
function request(c: AuditContext): (string | AuditPart)[] {
  const found = c.names.requests.get(c.event.entityId);
  const on = ` for evidence on ${criterion(c.after.criterion)}`;
  if (c.names.kind === "partner") {
    const buyer = text(c.after.name) ?? "a buyer";
    const named = `${possessive(buyer)} request`;
    return [found ? link(named, `/requests/${c.event.entityId}`) : named, on];
  }
  const partner = text(c.after.name) ?? "a partner";
  return [`the request to ${partner}${on}`, ...requestWhere(c)];
}

/** The evaluation a buyer's request was sent from, while it exists. */
function requestWhere(c: AuditContext): (string | AuditPart)[] {
  const found = c.names.requests.get(c.event.entityId);
  if (!found?.evaluationId || !found.evaluation) return [];
  return [" in ", link(found.evaluation, `/evaluations/${found.evaluationId}`)];
}

export const EVALUATION_WORDS: Record<string, Describer> = {
  "evaluation.created": (c) => ({
    parts: [
      "created the evaluation ",
      here(c),
      ...(text(c.after.templateName) ? [` from ${quote(text(c.after.templateName) as string)}`] : []),
    ],
  }),
  "evaluation.cloned": (c) => ({
    parts: [
      "created ",
      here(c),
      " as a copy of ",
      evaluation(c.names, c.after.clonedFromId, c.after.clonedFrom),
    ],
    changes: [
      `Candidates copied: ${valueWords(c.after.candidates)}`,
      `Evaluators copied: ${valueWords(c.after.evaluators)}`,
    ],
  }),
  "evaluation.updated": (c) => ({
    parts: ["changed the details of ", here(c)],
    changes: fieldChanges(c.before, c.after, DETAILS, detail),
  }),
  "evaluation.checklist_changed": (c) => ({
    parts: ["changed the checklist of ", here(c)],
    changes: listedChanges(c.after.changes),
  }),
  "evaluation.status_changed": (c) => ({
    parts: ["moved ", here(c), ` to ${status(c.after.status)}`],
    changes: [`Status: ${status(c.before.status)} → ${status(c.after.status)}`],
  }),
  "evaluation.candidate_added": (c) => ({ parts: ["shortlisted ", who(c), ...inHere(c)] }),
  "evaluation.candidate_removed": (c) => ({ parts: ["removed ", who(c), " from ", here(c)] }),
  "evaluation.candidate_withdrawn": (c) => ({
    parts: ["withdrew ", who(c), " from ", here(c)],
    changes: quoted("Reason", c.after.reason),
  }),
  "evaluation.evaluator_assigned": (c) => ({
    parts: ["assigned ", person(c.names, c.after.userId, c.after.name), " to ", here(c)],
  }),
  "evaluation.evaluator_unassigned": (c) => ({
    parts: ["unassigned ", person(c.names, c.before.userId, c.before.name), " from ", here(c)],
    changes: text(c.after.reason) ? [`Reason: ${text(c.after.reason)}`] : [],
  }),
  "evaluation.declared": (c) => {
    const conflicts = Array.isArray(c.after.conflicts) ? c.after.conflicts : [];
    return {
      parts: [
        conflicts.length === 0
          ? "declared no conflict of interest"
          : `declared a conflict with ${valueWords(conflicts)}`,
        ...inHere(c),
      ],
      changes: [
        ...("conflicts" in c.before
          ? [`Conflicts: ${valueWords(c.before.conflicts)} → ${valueWords(conflicts)}`]
          : []),
        ...quoted("Note", c.after.note),
      ],
    };
  },
  "evaluation.decided": (c) => ({
    parts: ["decided ", here(c), `: chose ${valueWords(c.after.chosen)}`],
    changes: [
      ...quoted("Rationale", c.after.rationale),
      ...(Array.isArray(c.after.overrides) ? c.after.overrides : []).map((o) => {
        const r = o && typeof o === "object" ? (o as Record<string, unknown>) : {};
        return `Chosen over the ranking: ${valueWords(r.partner)}, because ${quote(excerpt(r.reason) ?? "no reason given")}`;
      }),
      ...(Array.isArray(c.after.warnings) && c.after.warnings.length > 0
        ? [`Warnings acknowledged: ${plural(c.after.warnings.length, "warning", "warnings")}`]
        : []),
    ],
  }),
  "evaluation.delivery_reviewed": (c) => ({
    parts: [`reviewed the delivery of ${text(c.after.partner) ?? "a partner"}`, ...inHere(c)],
    changes: [
      ...quoted("Milestone", c.after.milestone),
      `Quality ${outOf(c.after.quality, 5)}, schedule ${outOf(c.after.schedule, 5)}, cost ${outOf(c.after.cost, 5)}`,
      `Would engage again: ${valueWords(c.after.wouldEngageAgain)}`,
    ],
  }),
  "evaluation.debrief_published": (c) => ({
    parts: [`published a debrief to ${text(c.after.partner) ?? "a partner"}`, " on ", here(c)],
    changes: [c.after.withScores === true ? "With its section scores" : "Without scores"],
  }),
  "score.saved": (c) => ({
    parts: [
      "scored ",
      who(c),
      ` ${outOf(c.after.value, c.after.max)} on ${criterion(c.after.criterion)}${was(c, (v) => outOf(v, undefined))}`,
      ...inHere(c),
      ...(c.after.afterSubmission === true ? [", after submitting"] : []),
    ],
    changes: quoted("Justification", c.after.justification),
  }),
  "score.submitted": (c) => ({
    parts: ["submitted their scores of ", who(c), ...inHere(c)],
    changes:
      num(c.after.criteria) === undefined
        ? []
        : [plural(num(c.after.criteria) as number, "criterion", "criteria")],
  }),
  "numeric_value.set": (c) => ({
    parts: [
      `entered ${figure(c)(c.after.value)} as the ${criterion(c.after.criterion)} of `,
      who(c),
      was(c, figure(c)),
      ...inHere(c),
    ],
  }),
  "numeric_value.copied": (c) => ({
    parts: [
      `took the ${criterion(c.after.criterion)} of `,
      who(c),
      ` from its profile: ${figure(c)(c.after.value)}`,
      was(c, figure(c)),
      ...inHere(c),
    ],
  }),
  "numeric_value.cleared": (c) => ({
    parts: [`cleared the ${criterion(c.after.criterion)} of `, who(c), was(c, figure(c)), ...inHere(c)],
  }),
  "consensus.set": (c) => ({
    parts: [
      "set the consensus score of ",
      who(c),
      ` on ${criterion(c.after.criterion)} to ${outOf(c.after.value, c.after.max)}${was(c, (v) => outOf(v, undefined))}`,
      ...inHere(c),
    ],
    changes: quoted("Rationale", c.after.rationale),
  }),
  "consensus.cleared": (c) => ({
    parts: [
      "cleared the consensus score of ",
      who(c),
      ` on ${criterion(c.after.criterion)}${was(c, (v) => outOf(v, undefined))}`,
      ...inHere(c),
    ],
  }),
  "evidence_request.created": (c) => ({
    parts: [
      `asked ${text(c.after.name) ?? "a partner"} for evidence on ${criterion(c.after.criterion)}`,
      ...requestWhere(c),
      // A calendar day: read in UTC, where it was written.
      ...(text(c.after.dueOn) ? [`, due ${formatDate(text(c.after.dueOn) as string)}`] : []),
    ],
    changes: quoted("Message", c.after.message),
  }),
  "evidence_request.answered": (c) => ({
    parts: ["answered ", ...request(c)],
    changes: [
      `Evidence attached: ${valueWords(c.after.evidence)}`,
      ...(Array.isArray(c.after.shared) && c.after.shared.length > 0
        ? [`Shared with this buyer: ${valueWords(c.after.shared)}`]
        : []),
      ...quoted("Note", c.after.note),
    ],
  }),
  "evidence_request.closed": (c) => ({
    parts: ["closed ", ...request(c)],
    changes: [`Status: ${valueWords(c.before.status)} → closed`],
  }),
};
