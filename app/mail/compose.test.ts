// renderMail (pure): names someone typed are text in the HTML part, never markup; the one action is in both parts;
// the footer names the organisation that caused the message.
import { describe, expect, it } from "vitest";
import { renderMail } from "./compose";
import { invitationMail } from "./messages";

const ORG = "<b>Acme & Co</b>";
const ORG_HTML = "&lt;b&gt;Acme &amp; Co&lt;/b&gt;";
const URL = "http://portal.example/invite/Ab-9_x?from=mail&lang=en";

describe("renderMail", () => {
  const mail = renderMail({
    subject: `You are invited to ${ORG}`,
    greeting: 'Hello "Sam",',
    paragraphs: [`Priya <script>alert(1)</script> invited you to join ${ORG}.`],
    action: { label: "Accept <now>", url: URL },
    after: ["The link works once."],
    organisationName: ORG,
  });

  it("escapes HTML in names and in every piece of text of the HTML part", () => {
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain(`invited you to join ${ORG_HTML}.`);
    expect(mail.html).toContain("Priya &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail.html).toContain("Hello &quot;Sam&quot;,");
    expect(mail.html).toContain("Accept &lt;now&gt;</a>");
    expect(mail.html).toContain(`<title>You are invited to ${ORG_HTML}</title>`);
  });

  it("keeps the plain text part as typed (a mail program shows it as text)", () => {
    expect(mail.subject).toBe(`You are invited to ${ORG}`);
    expect(mail.text.split("\n\n")[0]).toBe('Hello "Sam",');
    expect(mail.text).toContain(`invited you to join ${ORG}.`);
    expect(mail.text).not.toContain("&amp;");
  });

  it("puts the action's absolute URL in both parts: a labelled line of text, and a button and a visible address", () => {
    expect(mail.text).toContain(`Accept <now>:\n${URL}`);
    const escaped = URL.replace(/&/g, "&amp;");
    expect(mail.html).toContain(`href="${escaped}"`);
    expect(mail.html).toContain(`Or open this address: ${escaped}`);
    // Read back as a browser would, the link is the URL itself.
    const href = mail.html.match(/href="([^"]+)"/)?.[1].replace(/&amp;/g, "&");
    expect(href).toBe(URL);
  });

  it("names the organisation in the footer, last in both parts; the portal's own mail names none", () => {
    expect(mail.text.endsWith(`-- \nSent by PartnerLens on behalf of ${ORG}.`)).toBe(true);
    expect(mail.html).toContain(`Sent by PartnerLens on behalf of ${ORG_HTML}.</p></div></body></html>`);
    const own = renderMail({ subject: "S", greeting: "Hello,", paragraphs: ["P"], organisationName: null });
    expect(own.text.endsWith("-- \nSent by PartnerLens.")).toBe(true);
    expect(own.html).toContain(">Sent by PartnerLens.</p>");
    expect(own.html).not.toContain("href=");
  });

  it("an invitation from an organisation with markup in its name: subject as typed, HTML escaped, footer naming it", () => {
    const invitation = renderMail(
      invitationMail({
        organisationName: ORG,
        inviterName: "Ana <i>Ops</i>",
        role: "evaluator",
        url: URL,
        expiresAt: new Date("2031-01-02T03:04:00Z"),
      }),
    );
    expect(invitation.subject).toBe(`Ana <i>Ops</i> invited you to ${ORG} on PartnerLens`);
    expect(invitation.html).not.toMatch(/<i>|<b>/);
    expect(invitation.html).toContain(
      `Ana &lt;i&gt;Ops&lt;/i&gt; invited you to join ${ORG_HTML} on PartnerLens`,
    );
    expect(invitation.text).toContain(`Accept the invitation:\n${URL}`);
    expect(invitation.text).toMatch(/until 2 January 2031\b.*03:04 UTC\./);
    expect(invitation.text).toContain(`on behalf of ${ORG}.`);
  });
});
