// What the event mails say (non-essential: each goes through notify(), which adds the unsubscribe lines). Pure, like
// ./messages.ts: every function takes what its message names and returns its content; links are absolute (built by
// the caller from APP_URL). Each says no more than the recipient's own page shows: a partner never reads the
// evaluation, other candidates or who scored; a buyer reads what its request panel shows.
import { formatDate } from "../utils/format";
import type { MailContent } from "./compose";

/** A due date (a day in the buyer's time zone) as the partner's request page shows it. */
const dueText = (dueOn: string, timeZone: string) =>
  `${formatDate(`${dueOn}T12:00:00Z`)} (${timeZone.replaceAll("_", " ")} time)`;

/** To a partner's people: a buyer asks their organisation for evidence on one criterion. */
export function evidenceRequestNotice(m: {
  name: string;
  buyerName: string;
  partnerName: string;
  criterion: string;
  message: string;
  dueOn: string;
  buyerTimeZone: string;
  url: string;
}): MailContent {
  return {
    subject: `${m.buyerName} asks for evidence: ${m.criterion}`,
    greeting: `Hello ${m.name},`,
    paragraphs: [
      `${m.buyerName} asks ${m.partnerName} for evidence on “${m.criterion}”, due ${dueText(m.dueOn, m.buyerTimeZone)}.`,
      `Their message: “${m.message}”`,
      "Anyone in your organisation can answer with your evidence or a note.",
    ],
    action: { label: "Answer the request", url: m.url },
    organisationName: m.buyerName,
  };
}

/** To the buyer's person who asked: the partner answered their evidence request. */
export function evidenceAnswerNotice(m: {
  name: string;
  partnerName: string;
  criterion: string;
  evaluationName: string;
  url: string;
}): MailContent {
  return {
    subject: `${m.partnerName} answered your evidence request: ${m.criterion}`,
    greeting: `Hello ${m.name},`,
    paragraphs: [
      `${m.partnerName} answered your request for evidence on “${m.criterion}” in the evaluation “${m.evaluationName}”.`,
    ],
    action: { label: "Read the answer", url: m.url },
    organisationName: m.partnerName,
  };
}

/** To a partner's people: after deciding, a buyer published a debrief for their organisation. */
export function debriefNotice(m: {
  name: string;
  buyerName: string;
  partnerName: string;
  url: string;
}): MailContent {
  return {
    subject: `${m.buyerName} published a debrief for ${m.partnerName}`,
    greeting: `Hello ${m.name},`,
    paragraphs: [
      `${m.buyerName} reached its decision and published a debrief for ${m.partnerName}. Only your organisation reads it.`,
    ],
    action: { label: "Read the debrief", url: m.url },
    organisationName: m.buyerName,
  };
}
