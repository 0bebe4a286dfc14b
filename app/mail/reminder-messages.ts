// What the daily reminders say (DESIGN.md "Mail and jobs", "Reminders"). Non-essential: each goes through notify(),
// which adds the unsubscribe lines or keeps it for the digest. Pure, like ./messages.ts: every function takes what its
// message names and returns its content; links are absolute (built by the caller from APP_URL). Each says exactly
// what is left to do, and no more than the recipient's own pages show.
import { listWords, plural, possessive } from "../domain/words";
import type { MailContent } from "./compose";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A calendar day (YYYY-MM-DD) as a sentence says it: "Friday 11 December 2026". */
export function longDate(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** A last day in a time zone: "Friday 11 December 2026, end of day, Australia/Sydney". */
export function endOfDayText(day: string, timeZone: string): string {
  return `${longDate(day)}, end of day, ${timeZone}`;
}

/**
 * To an assigned evaluator with candidates left to submit, 7, 3 and 1 days before the scoring deadline (`days`) and
 * on the first day overdue (`days` -1). `declarationUrl`: set while it must declare conflicts of interest first.
 */
export function deadlineReminderMail(m: {
  name: string;
  organisationName: string;
  evaluationName: string;
  deadlineOn: string;
  timeZone: string;
  days: number;
  /** The candidates it may score and has not submitted, in the order the evaluation lists them. */
  candidates: readonly string[];
  declarationUrl: string | null;
  url: string;
}): MailContent {
  const overdue = m.days < 0;
  const deadline = endOfDayText(m.deadlineOn, m.timeZone);
  const left = plural(m.candidates.length, "candidate", "candidates");
  return {
    subject: overdue
      ? `Scoring ${m.evaluationName} is overdue: ${left} left to submit`
      : `${plural(m.days, "day", "days")} left to score ${m.evaluationName}: ${left} left to submit`,
    greeting: `Hello ${m.name},`,
    paragraphs: [
      overdue
        ? `The scoring deadline of ${m.evaluationName} was ${deadline}.`
        : `The scoring deadline of ${m.evaluationName} is ${deadline}.`,
      `You have ${left} left to submit: ${listWords(m.candidates)}.`,
      ...(m.declarationUrl
        ? [`Declare any conflict of interest first, before you see the candidates: ${m.declarationUrl}`]
        : []),
      overdue ? "Submit them as soon as you can." : "Score and submit them before the deadline.",
    ],
    action: { label: "Open the evaluation", url: m.url },
    after: ["You receive this reminder as an assigned evaluator while you have candidates left to submit."],
    organisationName: m.organisationName,
  };
}

/**
 * To a partner's people: an evidence request to their organisation is still open 2 days before it is due
 * (`overdue` false), or on the first day it is overdue.
 */
export function evidenceRequestReminderMail(m: {
  name: string;
  buyerName: string;
  partnerName: string;
  criterion: string;
  dueOn: string;
  buyerTimeZone: string;
  overdue: boolean;
  url: string;
}): MailContent {
  const due = endOfDayText(m.dueOn, m.buyerTimeZone);
  return {
    subject: m.overdue
      ? `Overdue: ${possessive(m.buyerName)} evidence request on ${m.criterion}`
      : `Due in 2 days: ${possessive(m.buyerName)} evidence request on ${m.criterion}`,
    greeting: `Hello ${m.name},`,
    paragraphs: [
      m.overdue
        ? `${m.buyerName} asked ${m.partnerName} for evidence on “${m.criterion}”. The request was due ${due}, and it has no answer yet.`
        : `${m.buyerName} asked ${m.partnerName} for evidence on “${m.criterion}”. The request is due ${due}, and it has no answer yet.`,
      "Anyone in your organisation can answer with your evidence or a note.",
    ],
    action: { label: "Answer the request", url: m.url },
    organisationName: m.buyerName,
  };
}

/**
 * To a partner's people, 7, 3 and 1 days (`days`) before their response's deadline while the questionnaire is not
 * submitted (never, or reopened since). `progress`: how many of its questions are answered.
 */
export function questionnaireReminderMail(m: {
  name: string;
  buyerName: string;
  partnerName: string;
  evaluationName: string;
  deadlineOn: string;
  buyerTimeZone: string;
  days: number;
  reopened: boolean;
  progress: { answered: number; total: number } | null;
  url: string;
}): MailContent {
  const deadline = endOfDayText(m.deadlineOn, m.buyerTimeZone);
  return {
    subject: `${plural(m.days, "day", "days")} left: ${possessive(m.buyerName)} questionnaire on ${m.evaluationName}`,
    greeting: `Hello ${m.name},`,
    paragraphs: [
      m.reopened
        ? `${m.buyerName} asked ${m.partnerName} to answer a questionnaire on ${m.evaluationName}. Your response was reopened and is not submitted again yet; the deadline is ${deadline}.`
        : `${m.buyerName} asked ${m.partnerName} to answer a questionnaire on ${m.evaluationName}. It is not submitted yet; the deadline is ${deadline}.`,
      ...(m.progress ? [`${m.progress.answered} of ${m.progress.total} questions answered.`] : []),
      "Anyone in your organisation can save answers; submit once every required question is answered.",
    ],
    action: { label: "Open the questionnaire", url: m.url },
    after: [
      "This reminder comes 7, 3 and 1 days before the deadline while the questionnaire is not submitted.",
    ],
    organisationName: m.buyerName,
  };
}

export interface ExpiringCredential {
  kind: "certification" | "specialization";
  name: string;
  expiresOn: string;
  /** Days from the partner's today to the expiry date (0: expires today). */
  days: number;
}

const KIND_WORDS = { certification: "Certification", specialization: "Specialization" } as const;

/**
 * To a partner's admins, weekly (Mondays): the credentials of its profile that expire within 60 days, soonest first,
 * each with its date, and where it is edited (`urls` per kind).
 */
export function credentialExpiryMail(m: {
  name: string;
  partnerName: string;
  credentials: readonly ExpiringCredential[];
  urls: Record<ExpiringCredential["kind"], string>;
}): MailContent {
  const count = m.credentials.length;
  const kinds = (["certification", "specialization"] as const).filter((k) =>
    m.credentials.some((c) => c.kind === k),
  );
  const when = (days: number) => (days === 0 ? "today" : `in ${plural(days, "day", "days")}`);
  return {
    subject: `${plural(count, "credential", "credentials")} of ${m.partnerName} ${count === 1 ? "expires" : "expire"} within 60 days`,
    greeting: `Hello ${m.name},`,
    paragraphs: [
      `${count === 1 ? "This credential" : "These credentials"} of ${possessive(m.partnerName)} profile ${count === 1 ? "expires" : "expire"} within 60 days:`,
      ...m.credentials.map(
        (c) => `${KIND_WORDS[c.kind]} ${c.name}: expires ${longDate(c.expiresOn)} (${when(c.days)}).`,
      ),
      "After its expiry date a credential counts as absent. Once one is renewed, enter its new expiry date on your profile.",
      ...kinds
        .slice(1)
        .map(
          (k) => `Edit your ${k === "certification" ? "certifications" : "specializations"}: ${m.urls[k]}`,
        ),
    ],
    action: {
      label: kinds[0] === "specialization" ? "Edit your specializations" : "Edit your certifications",
      url: m.urls[kinds[0] ?? "certification"],
    },
    after: ["This reminder comes on Mondays while a credential of your profile expires within 60 days."],
    organisationName: m.partnerName,
  };
}
