// Mail preferences and unsubscribe links (DESIGN.md "Mail and jobs", docs/product.md "Mail"): the preferences page
// saves each topic's delivery and refuses anything else beside its field; notify() honours each delivery (at once with
// the unsubscribe lines, kept for the digest, or nothing); an unsubscribe link's GET changes nothing and its POST
// stops that topic only, also as a mail program's RFC 8058 one-click POST from another origin without cookies; a
// tampered link is a 404 page; and the real SMTP delivery carries the List-Unsubscribe headers.
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, inArray } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClaimedJob } from "../app/jobs/queue.server";
import { closeMailTransport, deliverMessage } from "../app/mail/deliver.server";
import type { MailTopic } from "../app/mail/topics";
import { portalUrl } from "../app/models/mail.server";
import { unsubscribeToken } from "../app/models/mail-preferences.server";
import { notify, type Recipient } from "../app/models/notify.server";
import * as mailPage from "../app/routes/account_.mail";
import * as unsubscribePage from "../app/routes/unsubscribe.$token";
import { isUnsubscribeLink } from "../app/server/security";
import { getEnv, setEnv } from "../app/utils/config.server";
import { parseEnv } from "../app/utils/env.server";
import { accountLinksFor } from "../app/utils/roles";
import { getDb } from "../db/client";
import { mailDigestItems, mailMessages, mailPreferences } from "../db/schema";
import { createMember, createOrganisation, createWorld, sessionCookie, type TestUser } from "./factories";
import { type InProcessServer, serveApp } from "./http-server";
import { callAction, callLoader } from "./remix";

type World = Awaited<ReturnType<typeof createWorld>>;
let w: World;

beforeAll(async () => {
  w = await createWorld();
});

const recipientOf = (u: TestUser): Recipient => ({ userId: u.userId, email: u.email, name: u.name });

async function preferencesOf(u: TestUser): Promise<Record<string, string>> {
  const rows = await getDb()
    .select({ topic: mailPreferences.topic, delivery: mailPreferences.delivery })
    .from(mailPreferences)
    .where(eq(mailPreferences.userId, u.userId));
  return Object.fromEntries(rows.map((r) => [r.topic, r.delivery]));
}

async function choose(u: TestUser, topic: MailTopic, delivery: "immediate" | "digest" | "off") {
  await getDb()
    .insert(mailPreferences)
    .values({ userId: u.userId, topic, delivery })
    .onConflictDoUpdate({ target: [mailPreferences.userId, mailPreferences.topic], set: { delivery } });
}

async function openPreferences(u: TestUser) {
  return callLoader(mailPage.loader, { path: "/account/mail", cookie: await sessionCookie(u) });
}

async function savePreferences(u: TestUser, form: Record<string, string>) {
  return callAction(mailPage.action, { path: "/account/mail", cookie: await sessionCookie(u), form });
}

type Page = { topics: { topic: string; label: string; delivery: string }[] };

describe("the mail preferences page", () => {
  it("shows the topics of the person's kind of organisation, at once until chosen, and saves the choices", async () => {
    const buyerPage = (await openPreferences(w.evaluator)).data as Page;
    expect(buyerPage.topics.map((t) => [t.topic, t.delivery])).toEqual([
      ["deadline-reminders", "immediate"],
      ["evidence-answers", "immediate"],
    ]);
    const partnerPage = (await openPreferences(w.partnerMember)).data as Page;
    expect(partnerPage.topics.map((t) => t.topic)).toEqual([
      "evidence-requests",
      "debriefs",
      "credential-expiry",
      "shortlists",
      "questionnaires",
    ]);

    const saved = await savePreferences(w.evaluator, {
      "deadline-reminders": "digest",
      "evidence-answers": "off",
    });
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ ok: true, message: "Mail preferences saved." });
    expect(await preferencesOf(w.evaluator)).toEqual({
      "deadline-reminders": "digest",
      "evidence-answers": "off",
    });
    const again = (await openPreferences(w.evaluator)).data as Page;
    expect(again.topics.map((t) => t.delivery)).toEqual(["digest", "off"]);

    // The same choices again change nothing, and say so.
    const same = await savePreferences(w.evaluator, {
      "deadline-reminders": "digest",
      "evidence-answers": "off",
    });
    expect(same.data).toMatchObject({
      ok: true,
      message: "Nothing to save: these were your choices already.",
    });
    // Another kind's topics sent along are not this person's: ignored.
    await savePreferences(w.evaluator, {
      "deadline-reminders": "immediate",
      "evidence-answers": "off",
      debriefs: "off",
    });
    expect(await preferencesOf(w.evaluator)).toEqual({
      "deadline-reminders": "immediate",
      "evidence-answers": "off",
    });
  });

  it("refuses an unknown delivery or a missing choice beside its field, keeps what was sent, and changes nothing", async () => {
    const before = await preferencesOf(w.partnerAdmin);
    const bad = await savePreferences(w.partnerAdmin, {
      "evidence-requests": "weekly",
      debriefs: "off",
      shortlists: "digest",
    });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      ok: false,
      errors: {
        "evidence-requests": "Choose at once, daily digest or off.",
        "credential-expiry": "Choose at once, daily digest or off.",
      },
      values: { debriefs: "off", shortlists: "digest" },
    });
    const errors = (bad.data as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(["credential-expiry", "evidence-requests", "questionnaires"]);
    expect(await preferencesOf(w.partnerAdmin)).toEqual(before);
  });

  it("asks anonymous people to sign in", async () => {
    const page = await callLoader(mailPage.loader, { path: "/account/mail" });
    expect(page.status).toBe(302);
    expect(page.location).toBe("/login?redirectTo=%2Faccount%2Fmail");
  });

  it("is in everyone's account menu, after their account", () => {
    for (const [kind, role] of [
      ["buyer", "admin"],
      ["buyer", "viewer"],
      ["partner", "member"],
    ] as const) {
      const labels = accountLinksFor(kind, role).map((l) => l.label);
      expect(labels.slice(0, 2)).toEqual(["Your account", "Mail preferences"]);
    }
  });
});

describe("notify()", () => {
  it("sends at once with the unsubscribe lines, keeps a digest item, or sends nothing, as each recipient chose", async () => {
    const org = await createOrganisation("partner");
    const now = await createMember(org, "member", "Nora Now");
    const later = await createMember(org, "member", "Dora Digest");
    const never = await createMember(org, "admin", "Otto Off");
    await choose(later, "debriefs", "digest");
    await choose(never, "debriefs", "off");
    // A choice for another topic does not count for this one.
    await choose(now, "evidence-requests", "off");

    const notice = {
      topic: "debriefs" as const,
      kind: "debrief" as const,
      organisationId: org.id,
      occasion: `test-${org.id}`,
      content: (r: Recipient) => ({
        subject: "A debrief for you",
        greeting: `Hello ${r.name},`,
        paragraphs: ["Acme published a debrief."],
        action: { label: "Read the debrief", url: portalUrl("/requests/debriefs/x") },
        organisationName: "Acme",
      }),
    };
    const people = [now, later, never].map(recipientOf);
    const outcome = await getDb().transaction((tx) => notify(tx, people, notice));
    expect(outcome).toEqual({ sent: 1, digested: 1, off: 1 });
    // The same notice again is the same message and the same item.
    expect(await getDb().transaction((tx) => notify(tx, people, notice))).toEqual({
      sent: 1,
      digested: 1,
      off: 1,
    });

    const messages = await getDb()
      .select()
      .from(mailMessages)
      .where(
        inArray(
          mailMessages.toAddress,
          [now, later, never].map((u) => u.email),
        ),
      );
    expect(messages.map((m) => m.toAddress)).toEqual([now.email]);
    const [message] = messages;
    const stop = portalUrl(`/unsubscribe/${await unsubscribeToken(now.userId, "debriefs")}`);
    expect(message.unsubscribeUrl).toBe(stop);
    expect(message.textBody).toContain(`Stop mail about debriefs: ${stop}`);
    expect(message.textBody).toContain(`Choose which mail you receive: ${portalUrl("/account/mail")}`);
    expect(message.htmlBody).toContain(`href="${stop}"`);

    const items = await getDb()
      .select()
      .from(mailDigestItems)
      .where(
        inArray(
          mailDigestItems.userId,
          [now, later, never].map((u) => u.userId),
        ),
      );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      userId: later.userId,
      topic: "debriefs",
      kind: "debrief",
      subject: "A debrief for you",
      actionUrl: portalUrl("/requests/debriefs/x"),
      digestMessageId: null,
    });
  });
});

describe("unsubscribe links", () => {
  async function member() {
    const u = await createMember(w.partner, "member");
    await choose(u, "debriefs", "digest");
    return { user: u, token: await unsubscribeToken(u.userId, "evidence-requests") };
  }
  const open = (token: string) =>
    callLoader(unsubscribePage.loader, { path: `/unsubscribe/${token}`, params: { token } });
  const post = (token: string, form: Record<string, string> = {}) =>
    callAction(unsubscribePage.action, { path: `/unsubscribe/${token}`, params: { token }, form });

  it("show what they would stop when opened, twice, changing nothing; the button stops that topic only", async () => {
    const { user, token } = await member();
    for (let i = 0; i < 2; i++) {
      const page = await open(token);
      expect(page.status).toBe(200);
      expect(page.data).toMatchObject({ email: user.email, topic: "evidence requests", off: false });
    }
    expect(await preferencesOf(user)).toEqual({ debriefs: "digest" });

    const stopped = await post(token);
    expect(stopped.status).toBe(200);
    expect(stopped.data).toEqual({ stopped: true });
    expect(await preferencesOf(user)).toEqual({ debriefs: "digest", "evidence-requests": "off" });
    expect((await open(token)).data).toMatchObject({ off: true });
    // Pressing it again is no error.
    expect((await post(token)).status).toBe(200);
  });

  it("refuse a tampered or unknown token with the invalid-link page (404), never a 500, changing nothing", async () => {
    const { user, token } = await member();
    const [userId, , sig] = token.split(".");
    const other = await unsubscribeToken(w.partnerAdmin.userId, "evidence-requests");
    const tampered = [
      `${userId}.evidence-requests.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`,
      `${userId}.debriefs.${sig}`,
      `${w.partnerAdmin.userId}.evidence-requests.${sig}`,
      `${userId}.evidence-requests.${other.split(".")[2]}`,
      `${userId}.no-such-topic.${sig}`,
      "not-a-token",
      "",
      "x".repeat(500),
    ];
    for (const bad of tampered) {
      for (const answer of [await open(bad), await post(bad, { "List-Unsubscribe": "One-Click" })]) {
        expect(answer.status, bad).toBe(404);
        expect(answer.data).toEqual({
          message: "This unsubscribe link is not valid. Check that you copied all of it.",
        });
      }
    }
    expect(await preferencesOf(user)).toEqual({ debriefs: "digest" });
    expect(await preferencesOf(w.partnerAdmin)).not.toHaveProperty("evidence-requests");
  });

  describe("through the server", () => {
    let server: InProcessServer;
    beforeAll(async () => {
      server = await serveApp();
    });
    afterAll(() => server.close());

    it("take a mail program's RFC 8058 one-click POST without cookies, from another origin, in both form encodings", async () => {
      const { user, token } = await member();
      const urlencoded = await fetch(`${server.base}/unsubscribe/${token}`, {
        method: "POST",
        headers: {
          Origin: "https://mail.provider.example",
          "Sec-Fetch-Site": "cross-site",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "List-Unsubscribe=One-Click",
        redirect: "manual",
      });
      expect(urlencoded.status).toBe(200);
      expect(await urlencoded.text()).toContain("sends no more mail about evidence requests");
      expect(await preferencesOf(user)).toEqual({ debriefs: "digest", "evidence-requests": "off" });

      const shortlists = await unsubscribeToken(user.userId, "shortlists");
      const body = new FormData();
      body.set("List-Unsubscribe", "One-Click");
      const multipart = await fetch(`${server.base}/unsubscribe/${shortlists}`, {
        method: "POST",
        headers: { Origin: "https://mail.provider.example" },
        body,
        redirect: "manual",
      });
      expect(multipart.status).toBe(200);
      expect(await preferencesOf(user)).toEqual({
        debriefs: "digest",
        "evidence-requests": "off",
        shortlists: "off",
      });

      // Opening it through the server changes nothing either.
      const credentials = await unsubscribeToken(user.userId, "credential-expiry");
      const page = await fetch(`${server.base}/unsubscribe/${credentials}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Stop mail about expiring credentials to");
      expect(await preferencesOf(user)).not.toHaveProperty("credential-expiry");
      // An opaque origin ("null", as from a sandboxed frame or a redirect) is as foreign as any.
      const opaque = await fetch(`${server.base}/unsubscribe/${credentials}`, {
        method: "POST",
        headers: { Origin: "null", "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
        redirect: "manual",
      });
      expect(opaque.status).toBe(200);
      expect(await preferencesOf(user)).toMatchObject({ "credential-expiry": "off" });

      const broken = await fetch(`${server.base}/unsubscribe/${token.slice(0, -2)}`, {
        method: "POST",
        headers: {
          Origin: "https://mail.provider.example",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "List-Unsubscribe=One-Click",
      });
      expect(broken.status).toBe(404);
    });

    it("still refuse a cross-site POST anywhere else, also a path that only starts like an unsubscribe link", async () => {
      const cookie = await sessionCookie(w.evaluator);
      const before = await preferencesOf(w.evaluator);
      const settings = await fetch(`${server.base}/account/mail`, {
        method: "POST",
        headers: {
          Cookie: cookie,
          Origin: "https://evil.example",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "deadline-reminders=off&evidence-answers=off",
        redirect: "manual",
      });
      expect(settings.status).toBe(403);
      expect(await preferencesOf(w.evaluator)).toEqual(before);

      // fetch() resolves dot segments before sending: a raw request keeps them, as an attacker's page could not,
      // but a client could.
      const { port } = new URL(server.base);
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: "127.0.0.1",
            port: Number(port),
            method: "POST",
            path: "/unsubscribe/../account/mail",
            headers: {
              Cookie: cookie,
              Origin: "https://evil.example",
              "Content-Type": "application/x-www-form-urlencoded",
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end("deadline-reminders=off&evidence-answers=off");
      });
      expect(status).toBe(403);
      expect(await preferencesOf(w.evaluator)).toEqual(before);

      for (const [url, exempt] of [
        ["/unsubscribe/abc.debriefs.sig", true],
        ["/unsubscribe/abc.debriefs.sig.data", true],
        ["/unsubscribe/abc?x=1", true],
        ["/unsubscribe/", false],
        ["/unsubscribe/a/b", false],
        ["/unsubscribe/../settings", false],
        ["/unsubscribe/%2e%2e/settings", false],
        ["/unsubscribe\\..\\settings", false],
        ["//unsubscribe/x", false],
        ["/settings?next=/unsubscribe/x", false],
      ] as const) {
        expect(isUnsubscribeLink(url), url).toBe(exempt);
      }
    });
  });
});

describe("delivery through SMTP", () => {
  it("carries List-Unsubscribe with the link and List-Unsubscribe-Post: List-Unsubscribe=One-Click", async () => {
    // A real SMTP server keeping each message's raw source, headers and all.
    const raw: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          raw.push(Buffer.concat(chunks).toString("utf8"));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const testEnv = getEnv();
    setEnv(
      parseEnv({
        NODE_ENV: "test",
        LOG_REQUESTS: "false",
        SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
        APP_URL: "http://portal.example",
      }),
    );
    try {
      const u = await createMember(w.partner, "member", "Sam Smtp");
      await getDb().transaction((tx) =>
        notify(tx, [recipientOf(u)], {
          topic: "shortlists",
          kind: "shortlist-notice",
          organisationId: w.partner.id,
          occasion: "smtp-test",
          content: () => ({
            subject: "You are on a shortlist",
            greeting: "Hello Sam,",
            paragraphs: ["A buyer shortlisted you."],
            organisationName: "A buyer",
          }),
        }),
      );
      const [message] = await getDb()
        .select({ id: mailMessages.id, url: mailMessages.unsubscribeUrl })
        .from(mailMessages)
        .where(and(eq(mailMessages.toAddress, u.email), eq(mailMessages.kind, "shortlist-notice")));
      const job: ClaimedJob = {
        id: "test",
        kind: "mail.send",
        payload: { messageId: message.id },
        organisationId: w.partner.id,
        attempts: 1,
        maxAttempts: 5,
      };
      await deliverMessage(job, () => {});
      expect(raw).toHaveLength(1);
      // Headers end at the first empty line; a long one may be folded onto the next lines.
      const headers = raw[0].split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
      const token = await unsubscribeToken(u.userId, "shortlists");
      expect(message.url).toBe(`http://portal.example/unsubscribe/${token}`);
      expect(headers).toMatch(/^List-Unsubscribe: <http:\/\/portal\.example\/unsubscribe\/([^>\s]+)>$/m);
      const sent = headers.match(/^List-Unsubscribe: <([^>]+)>$/m)?.[1];
      expect(sent?.replace(/\s+/g, "")).toBe(message.url);
      expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);

      // The mail program's one-click POST to that link stops the topic.
      const path = new URL(message.url ?? "").pathname;
      const answer = await callAction(unsubscribePage.action, {
        path,
        params: { token },
        form: { "List-Unsubscribe": "One-Click" },
      });
      expect(answer.status).toBe(200);
      expect(await preferencesOf(u)).toEqual({ shortlists: "off" });
    } finally {
      setEnv(testEnv);
      closeMailTransport();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
