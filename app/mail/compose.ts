// A message's two parts from one description: plain text for every mail program, and simple HTML (inline styles,
// one column, one button) for those that show it. Pure: tests read what a message says without sending it.

export interface MailContent {
  subject: string;
  /** "Hello Priya," */
  greeting: string;
  paragraphs: string[];
  /** The one thing to do, as a button (HTML) and a labelled link (text). Absolute URL. */
  action?: { label: string; url: string };
  /** After the action: how long the link lasts, what to do if this was not you. */
  after?: string[];
  /** The organisation that caused the message (named in the footer), or null for the portal's own mail. */
  organisationName: string | null;
  /** A digest's entries, each what one message would have said, after the paragraphs. */
  entries?: MailEntry[];
  /** Non-essential mail: how to stop this topic (one click) and where to choose what one receives. */
  unsubscribe?: { topicLabel: string; url: string; preferencesUrl: string };
}

/** One entry of a digest: a heading, what it says, its link, and how to stop its topic. */
export interface MailEntry {
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  stop?: { label: string; url: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function footer(content: MailContent): string {
  return content.organisationName
    ? `Sent by PartnerLens on behalf of ${content.organisationName}.`
    : "Sent by PartnerLens.";
}

/** The unsubscribe lines of a non-essential message's footer. */
function unsubscribeLines(content: MailContent): { text: string; url: string }[] {
  const u = content.unsubscribe;
  if (!u) return [];
  return [
    { text: `Stop mail about ${u.topicLabel.toLowerCase()}`, url: u.url },
    { text: "Choose which mail you receive", url: u.preferencesUrl },
  ];
}

function entryText(e: MailEntry): string {
  return [
    `== ${e.heading}`,
    ...e.paragraphs,
    ...(e.action ? [`${e.action.label}: ${e.action.url}`] : []),
    ...(e.stop ? [`${e.stop.label}: ${e.stop.url}`] : []),
  ].join("\n");
}

const INK = "#14213d";
const MUTED = "#4a5875";
const BRAND = "#1d4ed8";

export function renderMail(content: MailContent): RenderedMail {
  const text = [
    content.greeting,
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
    ...(content.entries ?? []).map(entryText),
    ...(content.after ?? []),
    [`-- `, footer(content), ...unsubscribeLines(content).map((l) => `${l.text}: ${l.url}`)].join("\n"),
  ].join("\n\n");
  const p = (s: string, color = INK) =>
    `<p style="margin:0 0 16px;font-size:16px;line-height:1.5;color:${color}">${escapeHtml(s)}</p>`;
  const button = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:${BRAND};color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:6px">${escapeHtml(content.action.label)}</a></p>` +
      p(`Or open this address: ${content.action.url}`, MUTED)
    : "";
  const link = (label: string, url: string) =>
    `<a href="${escapeHtml(url)}" style="color:${BRAND}">${escapeHtml(label)}</a>`;
  const entries = (content.entries ?? []).map(
    (e) =>
      `<div style="margin:0 0 20px;padding:16px 0 0;border-top:1px solid #d7dde8">` +
      `<p style="margin:0 0 8px;font-size:16px;font-weight:700;color:${INK}">${escapeHtml(e.heading)}</p>` +
      e.paragraphs.map((s) => p(s)).join("") +
      (e.action ? `<p style="margin:0 0 8px;font-size:16px">${link(e.action.label, e.action.url)}</p>` : "") +
      (e.stop ? `<p style="margin:0;font-size:14px">${link(e.stop.label, e.stop.url)}</p>` : "") +
      "</div>",
  );
  const stopLines = unsubscribeLines(content)
    .map((l) => `<p style="margin:8px 0 0;font-size:14px">${link(l.text, l.url)}</p>`)
    .join("");
  const html = [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="margin:0;padding:24px;background:#f4f6fa;font-family:Inter,Segoe UI,Helvetica,Arial,sans-serif">`,
    `<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d7dde8;border-radius:8px;padding:32px">`,
    `<p style="margin:0 0 24px;font-weight:700;color:${INK}">PartnerLens</p>`,
    p(content.greeting),
    ...content.paragraphs.map((s) => p(s)),
    button,
    ...entries,
    ...(content.after ?? []).map((s) => p(s, MUTED)),
    `<p style="margin:24px 0 0;font-size:14px;color:${MUTED}">${escapeHtml(footer(content))}</p>`,
    stopLines,
    "</div></body></html>",
  ].join("");
  return { subject: content.subject, text, html };
}
