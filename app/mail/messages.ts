// What each message says. Pure: every function takes what the message names and returns its content; links are
// absolute (built by the caller from APP_URL). Essential mail only so far: invitations, resets, confirmations and
// security notices, which carry no unsubscribe link (DESIGN.md "Mail and jobs").
import type { MailContent } from "./compose";

const dateText = (d: Date) =>
  `${d.toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" })} UTC`;

/** How long a one-time link works, and what it does. */
const linkWorksOnce = (expiresAt: Date, effect = "") =>
  `The link works once, until ${dateText(expiresAt)}.${effect ? ` ${effect}` : ""}`;
const RESET_EFFECT = "Setting a new password signs you out everywhere.";
/** The last line of a notice about something someone else may have asked for. */
const NOTHING_CHANGED = "If it was not you, nothing changed: you can ignore this message.";

const ROLE_WORDS: Record<string, string> = {
  admin: "an admin",
  evaluator: "an evaluator",
  viewer: "a viewer",
  member: "a member",
};

export function invitationMail(m: {
  organisationName: string;
  inviterName: string;
  role: string;
  url: string;
  expiresAt: Date;
}): MailContent {
  return {
    subject: `${m.inviterName} invited you to ${m.organisationName} on PartnerLens`,
    greeting: "Hello,",
    paragraphs: [
      `${m.inviterName} invited you to join ${m.organisationName} on PartnerLens as ${ROLE_WORDS[m.role] ?? m.role}.`,
    ],
    action: { label: "Accept the invitation", url: m.url },
    after: [
      linkWorksOnce(m.expiresAt),
      "If you did not expect this invitation, you can ignore this message.",
    ],
    organisationName: m.organisationName,
  };
}

export function adminResetMail(m: {
  name: string;
  organisationName: string;
  adminName: string;
  url: string;
  expiresAt: Date;
}): MailContent {
  return {
    subject: "Set a new PartnerLens password",
    greeting: `Hello ${m.name},`,
    paragraphs: [`${m.adminName}, an admin of ${m.organisationName}, sent you a link to set a new password.`],
    action: { label: "Set a new password", url: m.url },
    after: [linkWorksOnce(m.expiresAt, RESET_EFFECT), `If you did not ask for this, tell ${m.adminName}.`],
    organisationName: m.organisationName,
  };
}

export function forgotPasswordMail(m: {
  name: string;
  organisationName: string;
  url: string;
  expiresAt: Date;
}): MailContent {
  return {
    subject: "Set a new PartnerLens password",
    greeting: `Hello ${m.name},`,
    paragraphs: ["Someone, hopefully you, asked to set a new password for your PartnerLens account."],
    action: { label: "Set a new password", url: m.url },
    after: [
      linkWorksOnce(m.expiresAt, RESET_EFFECT),
      "If you did not ask for this, ignore this message: your password stays as it is.",
    ],
    organisationName: m.organisationName,
  };
}

/** Asked for a reset or a confirmation for an address no account uses. */
export function noAccountMail(m: { email: string; signUpUrl: string }): MailContent {
  return {
    subject: "About your PartnerLens request",
    greeting: "Hello,",
    paragraphs: [
      `Someone asked PartnerLens for a link for ${m.email}, but no account uses this address.`,
      "If it was you, you may have signed up with another address, or you can create an account.",
    ],
    action: { label: "Create an account", url: m.signUpUrl },
    after: ["If it was not you, ignore this message."],
    organisationName: null,
  };
}

export function confirmAddressMail(m: { name: string; organisationName: string; url: string }): MailContent {
  return {
    subject: "Confirm your e-mail address for PartnerLens",
    greeting: `Hello ${m.name},`,
    paragraphs: [
      `Welcome to PartnerLens. Confirm that this address is yours to finish setting up ${m.organisationName}.`,
    ],
    action: { label: "Confirm my address", url: m.url },
    after: ["The link works for 3 days.", "If you did not create this account, ignore this message."],
    organisationName: m.organisationName,
  };
}

/** Someone tried to create an account with an address that has one. */
export function signUpAttemptMail(m: {
  name: string;
  organisationName: string;
  signInUrl: string;
  forgotUrl: string;
}): MailContent {
  return {
    subject: "Someone tried to create a PartnerLens account with your address",
    greeting: `Hello ${m.name},`,
    paragraphs: [
      "Someone tried to create a new PartnerLens account with this address. You already have one, so nothing was created.",
      `If it was you, sign in instead. If you forgot your password, set a new one: ${m.forgotUrl}`,
    ],
    action: { label: "Sign in", url: m.signInUrl },
    after: [NOTHING_CHANGED],
    organisationName: m.organisationName,
  };
}

/** A confirmation asked again for an address that is confirmed already. */
export function alreadyConfirmedMail(m: {
  name: string;
  organisationName: string;
  signInUrl: string;
}): MailContent {
  return {
    subject: "Your PartnerLens address is confirmed",
    greeting: `Hello ${m.name},`,
    paragraphs: ["Someone asked for a new confirmation link for this address. It is confirmed already."],
    action: { label: "Sign in", url: m.signInUrl },
    after: [NOTHING_CHANGED],
    organisationName: m.organisationName,
  };
}
