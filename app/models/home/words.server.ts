// The home page's shared shapes and words: deadlines, progress, steps and what waits, ready to show.
import { DEADLINE_WARNING_DAYS } from "../../domain/evaluation";
import type { Leader, Progress } from "../../domain/home";
import { formatDate, formatFigure, listWords, plural } from "../../utils/format";
import type { WaitingItem } from "../notifications.server";
import { daysBetween, dueLabel } from "../waiting-lines.server";

/** An onboarding step, shown while the organisation has not done it. */
export interface HomeStep {
  key: string;
  title: string;
  detail: string;
  to: string;
  cta: string;
}

export interface DeadlineView {
  /** The calendar day as people read it ("12 Mar 2026"). */
  date: string;
  /** "today", "in 3 days", "4 days overdue"; null once the evaluation is decided or cancelled. */
  words: string | null;
  overdue: boolean;
  /** Due within DEADLINE_WARNING_DAYS days (today included), as what waits warns of it. */
  soon: boolean;
}

/** A deadline (a calendar day in the organisation's time zone) seen from today there. */
export function deadlineView(deadlineOn: string | null, today: string, open: boolean): DeadlineView | null {
  if (!deadlineOn) return null;
  // A calendar day shown as that day, never shifted to another zone.
  const date = formatDate(`${deadlineOn}T00:00:00Z`, "UTC");
  if (!open) return { date, words: null, overdue: false, soon: false };
  const days = daysBetween(today, deadlineOn);
  return {
    date,
    words: days < 0 ? `${plural(-days, "day", "days")} overdue` : `due ${dueLabel(days)}`,
    overdue: days < 0,
    soon: days >= 0 && days <= DEADLINE_WARNING_DAYS,
  };
}

export interface ProgressView extends Progress {
  /** "8 of 28 criteria scored" */
  criteria: string;
  /** "1 of 5 candidates submitted" */
  candidates: string;
}

export function progressView(p: Progress): ProgressView {
  return {
    ...p,
    criteria: `${p.scored} of ${plural(p.ofCriteria, "criterion", "criteria")} scored`,
    candidates: `${p.submitted} of ${plural(p.ofCandidates, "candidate", "candidates")} submitted`,
  };
}

export interface LeaderView {
  /** "Atlas Data Co" or "Atlas Data Co and Northwind (tied)" */
  names: string;
  /** One decimal, as the comparison shows it. */
  total: string;
  provisional: boolean;
}

export function leaderView(leader: Leader | undefined): LeaderView | null {
  if (!leader) return null;
  const names = `${listWords(leader.names)}${leader.names.length > 1 ? " (tied)" : ""}`;
  return { names, total: formatFigure(leader.total), provisional: leader.provisional };
}

export interface WaitingView {
  items: { key: string; text: string; to: string; due: string | null; overdue: boolean }[];
  /** Lines left out because the evaluations above show them (their next action or deadline). */
  shownAbove: number;
}

/**
 * What waits, without the lines the evaluation rows above already show: an evaluation's declaration, scoring and
 * deadline lines when that evaluation is listed. The shell's counter counts them all, so the card says how many
 * more the rows hold.
 */
export function waitingView(items: WaitingItem[], listed: ReadonlySet<string>): WaitingView {
  const inRows = (item: WaitingItem) =>
    item.evaluationId !== null &&
    listed.has(item.evaluationId) &&
    (item.kind === "declaration" || item.kind === "scoring" || item.kind === "deadline");
  return {
    items: items
      .filter((item) => !inRows(item))
      .map((item) => ({
        key: item.key,
        text: item.text,
        to: item.to,
        due: item.due?.label ?? null,
        overdue: item.overdue,
      })),
    shownAbove: items.filter(inRows).length,
  };
}
