// The lines of what waits (notifications.server.ts), written from the rows it reads: one sentence each, with where
// it leads and when it is due.

import { plural } from "~/utils/format";
import { nextDay } from "../domain/calendar";
import { candidatesToScore, DEADLINE_WARNING_DAYS, needsDeclaration } from "../domain/evaluation";
import type { WaitingItem } from "./notifications.server";

/** How many candidate names a "Score ..." line spells out before "and n more". */
const NAMES_SHOWN = 3;

export function addDays(day: string, days: number): string {
  let out = day;
  for (let i = 0; i < days; i++) out = nextDay(out);
  return out;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function dueLabel(days: number): string {
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  if (days < 0) return `${plural(-days, "day", "days")} ago`;
  return `in ${plural(days, "day", "days")}`;
}

function listNames(names: string[]): string {
  if (names.length <= NAMES_SHOWN) {
    return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  }
  return `${names.slice(0, NAMES_SHOWN).join(", ")} and ${names.length - NAMES_SHOWN} more`;
}

interface RequestLine {
  id: string;
  candidateId: string;
  partner: string;
  criterion: string;
  status: "open" | "answered";
  dueOn: string;
}

interface Detail {
  candidates: { id: string; name: string }[];
  declaration: { covered: string[]; conflicts: string[] } | null;
  submitted: string[];
}

const parseJson = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

/** An evaluation as the buyer's waiting query reads it. */
export interface WaitingRow {
  id: string;
  name: string;
  status: string;
  deadlineOn: string | null;
  assigned: boolean;
  detail: unknown;
  requests: unknown;
}

/** The scoring line of an evaluation the person is assigned to: declare first, or the candidates left to score. */
function scoringLine(row: WaitingRow, base: Omit<WaitingItem, "key" | "kind" | "text" | "to">) {
  const detail = parseJson<Detail>(row.detail);
  const activeIds = detail.candidates.map((c) => c.id);
  const declaration = detail.declaration
    ? { coveredCandidateIds: detail.declaration.covered, conflictCandidateIds: detail.declaration.conflicts }
    : undefined;
  if (needsDeclaration(declaration, activeIds)) {
    return {
      ...base,
      key: `${row.id}-declaration`,
      kind: "declaration" as const,
      text: `Declare any conflict of interest in ${row.name} before you see its candidates`,
      to: `/evaluations/${row.id}/declaration`,
    };
  }
  const submitted = new Set(detail.submitted);
  const left = candidatesToScore(declaration, activeIds).filter((id) => !submitted.has(id));
  if (left.length === 0) return undefined;
  const names = detail.candidates.filter((c) => left.includes(c.id)).map((c) => c.name);
  return {
    ...base,
    key: `${row.id}-scoring`,
    kind: "scoring" as const,
    text: `Score ${listNames(names)} in ${row.name}`,
    to: `/evaluations/${row.id}`,
  };
}

/**
 * The one line of an evaluation, if any: in `scoring` and assigned, declaring or scoring first; otherwise its
 * deadline when it falls within DEADLINE_WARNING_DAYS days.
 */
export function evaluationLine(row: WaitingRow, today: string): WaitingItem | undefined {
  const days = row.deadlineOn ? daysBetween(today, row.deadlineOn) : undefined;
  const due =
    days !== undefined && days >= 0 && days <= DEADLINE_WARNING_DAYS ? { days, label: dueLabel(days) } : null;
  const base = { evaluationId: row.id, evaluationName: row.name, due, overdue: false };
  if (row.status === "scoring" && row.assigned) {
    const line = scoringLine(row, base);
    if (line) return line;
  }
  if (!due) return undefined;
  return {
    ...base,
    key: `${row.id}-deadline`,
    kind: "deadline",
    text: `${row.name} is due ${due.label}`,
    to: `/evaluations/${row.id}`,
  };
}

/** The request lines of one evaluation: one for the answered requests, one for the overdue ones. */
export function requestLines(row: WaitingRow, today: string): WaitingItem[] {
  const requests = parseJson<RequestLine[]>(row.requests);
  const lines: WaitingItem[] = [];
  const base = { evaluationId: row.id, evaluationName: row.name };
  const answered = requests.filter((r) => r.status === "answered");
  const overdue = requests.filter((r) => r.status === "open");
  const page = (r: RequestLine) => `/evaluations/${row.id}/candidates/${r.candidateId}#request-${r.id}`;
  const partners = (rs: RequestLine[]) => listNames([...new Set(rs.map((r) => r.partner))]);
  if (answered.length > 0) {
    const first = answered[0];
    lines.push({
      ...base,
      key: `${row.id}-requests_answered`,
      kind: "requests_answered",
      text:
        answered.length === 1
          ? `${first.partner} answered the evidence request on “${first.criterion}” in ${row.name}: read it and close it`
          : `${plural(answered.length, "evidence request", "evidence requests")} answered in ${row.name} (${partners(answered)}): read and close them`,
      to: page(first),
      due: null,
      overdue: false,
    });
  }
  if (overdue.length > 0) {
    const first = overdue[0];
    const days = daysBetween(today, first.dueOn);
    lines.push({
      ...base,
      key: `${row.id}-requests_overdue`,
      kind: "requests_overdue",
      text:
        overdue.length === 1
          ? `${first.partner} has not answered the evidence request on “${first.criterion}” in ${row.name}`
          : `${plural(overdue.length, "evidence request", "evidence requests")} overdue in ${row.name} (${partners(overdue)})`,
      to: page(first),
      due: { days, label: dueLabel(days) },
      overdue: true,
    });
  }
  return lines;
}
