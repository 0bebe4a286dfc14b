// What the questionnaire mails to a candidate partner's people say (non-essential: each goes through notify(), which
// adds the unsubscribe lines). Pure: each names the buyer and the deadline and links to the partner's Requests page;
// never the evaluation's weights, scores, other candidates or evaluators, nor who asked a clarification.
import { formatDate } from "../utils/format";
import type { MailContent } from "./compose";

/** A deadline (the last day, in the buyer's time zone) as the partner's Requests page shows it. */
const deadlineText = (deadlineOn: string, timeZone: string) =>
  `${formatDate(`${deadlineOn}T12:00:00Z`)} (end of day, ${timeZone.replaceAll("_", " ")} time)`;

interface Common {
  /** The recipient's name. */
  name: string;
  buyerName: string;
  partnerName: string;
  deadlineOn: string;
  buyerTimeZone: string;
  /** Absolute link to the partner's Requests page. */
  url: string;
}

/** A buyer published its questionnaire to the partner's organisation. */
export function questionnaireNotice(m: Common & { questions: number }): MailContent {
  return {
    subject: `${m.buyerName} sent you a questionnaire`,
    greeting: `Hello ${m.name},`,
    paragraphs: [
      `${m.buyerName} asks ${m.partnerName} to answer a questionnaire of ${m.questions} question${m.questions === 1 ? "" : "s"} by ${deadlineText(m.deadlineOn, m.buyerTimeZone)}.`,
      "Anyone in your organisation can save answers; submit once every required question is answered.",
    ],
    action: { label: "Open the questionnaire", url: m.url },
    organisationName: m.buyerName,
  };
}

/** A buyer added questions to its published questionnaire. */
export function questionnaireAddendumNotice(
  m: Common & { addendum: number; questions: number },
): MailContent {
  return {
    subject: `${m.buyerName} added questions to its questionnaire (addendum ${m.addendum})`,
    greeting: `Hello ${m.name},`,
    paragraphs: [
      `${m.buyerName} added ${m.questions} question${m.questions === 1 ? "" : "s"} to the questionnaire ${m.partnerName} is answering.`,
      `Your deadline is ${deadlineText(m.deadlineOn, m.buyerTimeZone)}.`,
    ],
    action: { label: "Open the questionnaire", url: m.url },
    organisationName: m.buyerName,
  };
}

/** A buyer extended the partner's own deadline. */
export function questionnaireExtensionNotice(m: Common): MailContent {
  return {
    subject: `${m.buyerName} extended your questionnaire deadline`,
    greeting: `Hello ${m.name},`,
    paragraphs: [
      `${m.buyerName} extended the deadline of ${m.partnerName}'s questionnaire to ${deadlineText(m.deadlineOn, m.buyerTimeZone)}.`,
    ],
    action: { label: "Open the questionnaire", url: m.url },
    organisationName: m.buyerName,
  };
}

/**
 * A clarification answered: to the asking partner (privately) or to every candidate (published, without the asker's
 * name or organisation).
 */
export function clarificationNotice(m: Common & { question: string; answer: string }): MailContent {
  return {
    subject: `${m.buyerName} answered a question about its questionnaire`,
    greeting: `Hello ${m.name},`,
    paragraphs: [
      `Question: “${m.question}”`,
      `${m.buyerName}'s answer: “${m.answer}”`,
      `Your deadline is ${deadlineText(m.deadlineOn, m.buyerTimeZone)}.`,
    ],
    action: { label: "Open the questionnaire", url: m.url },
    organisationName: m.buyerName,
  };
}
