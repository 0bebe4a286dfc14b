// The topics of non-essential mail (DESIGN.md "Mail and jobs"): each person takes each topic at once, in a daily
// digest, or not at all (mail_preferences), and every message of a topic carries a one-click link that stops that
// topic only. Essential mail (invitations, resets, confirmations, security notices) has no topic: it always goes.
import type { OrgKind } from "../utils/roles";

export const MAIL_TOPICS = [
  "deadline-reminders",
  "evidence-requests",
  "evidence-answers",
  "debriefs",
  "credential-expiry",
  "shortlists",
  "questionnaires",
] as const;

export type MailTopic = (typeof MAIL_TOPICS)[number];

export type MailDelivery = "immediate" | "digest" | "off";

export const MAIL_DELIVERIES: readonly MailDelivery[] = ["immediate", "digest", "off"];

export const DELIVERY_LABELS: Record<MailDelivery, string> = {
  immediate: "At once",
  digest: "Daily digest",
  off: "Off",
};

export interface TopicInfo {
  /** The preferences page's label. */
  label: string;
  /** What it is, in one sentence. */
  description: string;
  /** Whose members receive it. */
  kind: OrgKind;
}

export const TOPICS: Record<MailTopic, TopicInfo> = {
  "deadline-reminders": {
    label: "Scoring deadline reminders",
    description:
      "7, 3 and 1 days before an evaluation's deadline and on the first day overdue, while you have candidates left to submit.",
    kind: "buyer",
  },
  "evidence-answers": {
    label: "Answers to your evidence requests",
    description: "When a partner answers an evidence request you made.",
    kind: "buyer",
  },
  "evidence-requests": {
    label: "Evidence requests",
    description:
      "A buyer asks your organisation for evidence, 2 days before a request is due, and when it is overdue.",
    kind: "partner",
  },
  debriefs: {
    label: "Debriefs",
    description: "A buyer publishes a debrief about an evaluation your organisation took part in.",
    kind: "partner",
  },
  "credential-expiry": {
    label: "Expiring credentials",
    description: "Weekly, while certifications or specializations of your profile expire within 60 days.",
    kind: "partner",
  },
  shortlists: {
    label: "Shortlists",
    description: "A buyer who looked your organisation up by name puts it on an evaluation's shortlist.",
    kind: "partner",
  },
  questionnaires: {
    label: "Questionnaires",
    description:
      "A buyer sends your organisation a questionnaire or an addendum, answers a clarification, and reminders 7, 3 and 1 days before its deadline while it is not submitted.",
    kind: "partner",
  },
};

/** The topics a member of this kind of organisation may receive, in the preferences page's order. */
export function topicsFor(kind: OrgKind): MailTopic[] {
  return MAIL_TOPICS.filter((t) => TOPICS[t].kind === kind);
}

export function isMailTopic(value: string): value is MailTopic {
  return (MAIL_TOPICS as readonly string[]).includes(value);
}
