// What the mail of "Inviting partners who are not listed" says (DESIGN.md): the partner invitation (essential: it is
// the only way in) and the notice to a listed partner's admins that a buyer shortlisted it (topic "shortlists"; the
// unsubscribe lines are added by notify()). Pure, like messages.ts.
import { possessive } from "../domain/words";
import type { MailContent } from "./compose";

const dateText = (d: Date) =>
  `${d.toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" })} UTC`;

/** The invitation a contact receives to create its company's partner organisation on PartnerLens. */
export function partnerInvitationMail(m: {
  buyerName: string;
  inviterName: string;
  companyName: string;
  evaluationName: string;
  url: string;
  expiresAt: Date;
}): MailContent {
  return {
    subject: `${m.buyerName} invited ${m.companyName} to an evaluation on PartnerLens`,
    greeting: "Hello,",
    paragraphs: [
      `${m.inviterName} of ${m.buyerName} would like to consider ${m.companyName} for “${m.evaluationName}”, and uses PartnerLens to compare the partners it considers.`,
      `Following the link creates ${possessive(m.companyName)} free partner profile with you as its admin (you can correct the company's name there); ${m.buyerName} then sees it on the evaluation's shortlist.`,
    ],
    action: { label: "Create the partner profile", url: m.url },
    after: [
      `The link works once, until ${dateText(m.expiresAt)}.`,
      "If you did not expect this invitation, you can ignore this message: nothing is created without you.",
    ],
    organisationName: m.buyerName,
  };
}

/** A listed partner's admin hears that a buyer added the partner to an evaluation's shortlist. */
export function shortlistNoticeMail(m: {
  recipientName: string;
  buyerName: string;
  inviterName: string;
  partnerName: string;
  evaluationName: string;
  url: string;
}): MailContent {
  return {
    subject: `${m.buyerName} shortlisted ${m.partnerName}`,
    greeting: `Hello ${m.recipientName},`,
    paragraphs: [
      `${m.inviterName} of ${m.buyerName} added ${m.partnerName} to the shortlist of “${m.evaluationName}”.`,
      "Its evaluators read your profile and the evidence you share: keep them current.",
    ],
    action: { label: "Review your profile", url: m.url },
    organisationName: m.buyerName,
  };
}
