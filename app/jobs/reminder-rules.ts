// When the daily reminders are due (DESIGN.md "Mail and jobs", "Reminders"): on each organisation's own clocks, from
// 08:00 of its day. Pure: the sweep (./reminders.server.ts) and the tests read the same rules.

import { startOfDayIn } from "../domain/calendar";
import type { membersOf } from "../models/mail-preferences.server";
import type { NoticeOutcome } from "../models/notify.server";

/** NOTE: DESIGN.md "Mail and jobs": reminders go daily at 08:00 in each organisation's time zone. */
export const REMINDER_HOUR = 8;
/** NOTE: DESIGN.md "Reminders": 7, 3 and 1 days before the scoring deadline, and on the first day overdue (-1). */
export const DEADLINE_REMINDER_DAYS: readonly number[] = [7, 3, 1, -1];
/** NOTE: DESIGN.md "Reminders": evidence requests 2 days before due. */
export const EVIDENCE_DUE_SOON_DAYS = 2;
const HOUR_MS = 60 * 60 * 1000;

/** An organisation whose day's reminders are due, with its own today. */
export interface DueOrganisation {
  id: string;
  kind: "buyer" | "partner";
  name: string;
  timeZone: string;
  day: string;
}

/** A member as the sweep reads them (`membersOf`). */
export type Member = Awaited<ReturnType<typeof membersOf>>[number];

const clocks = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) and the hour (0-23) on the clocks of a time zone at an instant. */
export function localClock(timeZone: string, at: Date): { day: string; hour: number } {
  let format = clocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
    });
    clocks.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: `${get("year")}-${get("month")}-${get("day")}`, hour: Number(get("hour")) };
}

/** The day `n` days after `day` (before, when negative). */
export function shiftDay(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function isMonday(day: string): boolean {
  return new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
}

/** The instant it is 08:00 on a day's clocks in a time zone (across a daylight-saving change too). */
export function reminderInstant(day: string, timeZone: string): Date {
  const t = startOfDayIn(day, timeZone).getTime() + REMINDER_HOUR * HOUR_MS;
  return new Date(t - (localClock(timeZone, new Date(t)).hour - REMINDER_HOUR) * HOUR_MS);
}

/**
 * The partner's day whose reminders say an evidence request is overdue: the day after it was due, unless at 08:00
 * that day (the partner's clocks) the buyer's due day has not yet ended (a partner far east of its buyer); then the
 * day after.
 */
export function firstOverdueDay(dueOn: string, buyerTimeZone: string, partnerTimeZone: string): string {
  const next = shiftDay(dueOn, 1);
  return localClock(buyerTimeZone, reminderInstant(next, partnerTimeZone)).day > dueOn
    ? next
    : shiftDay(next, 1);
}

export const noOutcome = (): NoticeOutcome => ({ sent: 0, digested: 0, off: 0 });

/** Adds what one notice did to a tally. */
export function addOutcome(total: NoticeOutcome, more: NoticeOutcome): void {
  total.sent += more.sent;
  total.digested += more.digested;
  total.off += more.off;
}
