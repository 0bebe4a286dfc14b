// Mail through a real SMTP server (tests/mail-server.ts): what an invited person receives, that a change rolled back
// sends nothing, that one message is sent once however often it is queued or its job runs, that a refusing relay
// leads to retries then a dead job and a failed message (and nothing sent later), and that without SMTP_URL a message
// is kept for the Outbox. The queue runs on the spot (runDueJobs); retries are driven through its `now`.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runnerOptions } from "../app/jobs/handlers.server";
import { enqueue } from "../app/jobs/queue.server";
import { type RunnerOptions, runDueJobs } from "../app/jobs/runner.server";
import type { MailContent } from "../app/mail/compose";
import { closeMailTransport } from "../app/mail/deliver.server";
import { createInvitation } from "../app/models/invitations.server";
import { queueMail } from "../app/models/mail.server";
import { getEnv, setEnv } from "../app/utils/config.server";
import { parseEnv } from "../app/utils/env.server";
import { getDb } from "../db/client";
import { invitations, jobs, mailMessages } from "../db/schema";
import { createWorld } from "./factories";
import { linkIn, startMailServer, type TestMailServer } from "./mail-server";

let server: TestMailServer;
const testEnv = getEnv();

beforeAll(async () => {
  server = await startMailServer();
});
beforeEach(() => {
  server.refuse(null);
  setEnv(
    parseEnv({
      NODE_ENV: "test",
      LOG_REQUESTS: "false",
      SMTP_URL: server.url,
      APP_URL: "http://portal.example",
    }),
  );
});
afterEach(() => setEnv(testEnv));
afterAll(async () => {
  setEnv(testEnv);
  closeMailTransport();
  await server?.close();
});

/** The runner's own options (its handlers, the mail delivery), its log lines collected. */
function runner(lines: string[] = [], override: Partial<RunnerOptions> = {}): RunnerOptions {
  return { ...runnerOptions((line) => lines.push(line)), ...override };
}

const address = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;
const to = (email: string) => server.received.filter((m) => m.to === email);

function content(subject: string): MailContent {
  return {
    subject,
    greeting: "Hello,",
    paragraphs: ["Something happened."],
    action: { label: "Open", url: "http://portal.example/somewhere" },
    organisationName: null,
  };
}

async function messagesTo(email: string) {
  return getDb().select().from(mailMessages).where(eq(mailMessages.toAddress, email));
}

async function jobsFor(messageIds: string[]) {
  const all = await getDb().select().from(jobs).where(eq(jobs.kind, "mail.send"));
  return all.filter((j) => messageIds.includes(String(j.payload.messageId)));
}

describe("mail through SMTP", () => {
  it("an invitation arrives with its subject, the organisation named, text and HTML, and the link that accepts it", async () => {
    const world = await createWorld();
    const actor = {
      userId: world.buyerAdmin.userId,
      organisationId: world.buyer.id,
      orgKind: "buyer" as const,
    };
    const email = address("invitee");
    const { id: invitationId, token } = await getDb().transaction((tx) =>
      createInvitation(tx, actor, { email, role: "evaluator" }),
    );
    expect(to(email), "nothing goes out before the queue runs").toEqual([]);

    const lines: string[] = [];
    expect(await runDueJobs(runner(lines))).toBeGreaterThanOrEqual(1);
    const [mail] = await server.waitFor((m) => m.to === email);
    expect(to(email)).toHaveLength(1);

    expect(mail.subject).toBe(`${world.buyerAdmin.name} invited you to ${world.buyer.name} on PartnerLens`);
    expect(mail.kind).toBe("invitation");
    expect(mail.text).toContain(`to join ${world.buyer.name} on PartnerLens as an evaluator`);
    expect(mail.text).toContain(`Sent by PartnerLens on behalf of ${world.buyer.name}.`);
    expect(mail.html).toContain(`on behalf of ${world.buyer.name}.`);
    expect(mail.html).toMatch(/^<!doctype html>/i);
    const link = linkIn(mail, /http:\/\/portal\.example\/invite\/\S+/);
    expect(link).toBe(`http://portal.example/invite/${token}`);
    expect(mail.html).toContain(`href="http://portal.example/invite/${token}"`);

    const [message] = await messagesTo(email);
    expect(mail.messageId).toBe(`<${message.id}@partnerlens>`);
    expect(message).toMatchObject({
      kind: "invitation",
      state: "sent",
      organisationId: world.buyer.id,
      textBody: null,
      htmlBody: null,
    });
    expect(message.sentAt).toBeInstanceOf(Date);
    expect(message.transportResponse).toMatch(/^250/);
    const [job] = await jobsFor([message.id]);
    expect(job).toMatchObject({ state: "done", attempts: 1 });
    expect(lines.filter((l) => l.includes(`Mail sent: invitation to ${email}`))).toHaveLength(1);
    // The invitation itself is there: the link names it (its token's hash is what is stored).
    const [invitation] = await getDb().select().from(invitations).where(eq(invitations.id, invitationId));
    expect(invitation.email).toBe(email);
  });

  it("a change that creates an invitation then fails leaves no message, no job, and sends nothing", async () => {
    const world = await createWorld();
    const actor = {
      userId: world.buyerAdmin.userId,
      organisationId: world.buyer.id,
      orgKind: "buyer" as const,
    };
    const email = address("rolled-back");
    const jobsBefore = (await getDb().select({ id: jobs.id }).from(jobs)).length;
    await expect(
      getDb().transaction(async (tx) => {
        await createInvitation(tx, actor, { email, role: "viewer" });
        throw new Error("something later in the change failed");
      }),
    ).rejects.toThrow("something later in the change failed");

    expect(await messagesTo(email)).toEqual([]);
    expect((await getDb().select({ id: jobs.id }).from(jobs)).length).toBe(jobsBefore);
    await runDueJobs(runner());
    // runDueJobs returns once every send it made was accepted: what arrived has arrived.
    expect(to(email)).toEqual([]);
  });

  it("the same message queued twice is stored once and sent once", async () => {
    const email = address("twice");
    const mail = { kind: "password-reset" as const, to: email, organisationId: null, occasion: "reset-1" };
    const first = await getDb().transaction((tx) => queueMail(tx, { ...mail, content: content("Reset") }));
    const second = await getDb().transaction((tx) =>
      queueMail(tx, { ...mail, to: email.toUpperCase(), content: content("Reset") }),
    );
    expect([first, second]).toEqual([true, false]);
    // Another occasion is another message.
    expect(
      await getDb().transaction((tx) =>
        queueMail(tx, { ...mail, occasion: "reset-2", content: content("Reset") }),
      ),
    ).toBe(true);

    const stored = await messagesTo(email);
    expect(stored).toHaveLength(2);
    expect(await jobsFor(stored.map((m) => m.id))).toHaveLength(2);

    await runDueJobs(runner());
    await server.waitFor((m) => m.to === email, 2);
    expect(to(email)).toHaveLength(2);
    expect(new Set(to(email).map((m) => m.messageId)).size).toBe(2);
    expect((await messagesTo(email)).map((m) => m.state)).toEqual(["sent", "sent"]);
  });

  it("a message whose job runs again after it was sent is not sent again", async () => {
    const email = address("rerun");
    await getDb().transaction((tx) =>
      queueMail(tx, {
        kind: "no-account",
        to: email,
        organisationId: null,
        occasion: "o",
        content: content("Hi"),
      }),
    );
    await runDueJobs(runner());
    await server.waitFor((m) => m.to === email);
    const [message] = await messagesTo(email);
    expect(message.state).toBe("sent");

    // A second job for the same message (a retry after a lost acknowledgement, a second process): it runs, sends nothing.
    const again = await getDb().transaction((tx) =>
      enqueue(tx, { kind: "mail.send", payload: { messageId: message.id } }),
    );
    expect(await runDueJobs(runner())).toBe(1);
    const [job] = await getDb().select().from(jobs).where(eq(jobs.id, again!));
    expect(job.state).toBe("done");
    expect(to(email)).toHaveLength(1);
    expect(await messagesTo(email)).toMatchObject([{ state: "sent", textBody: null }]);
  });

  it("a refusing relay: retried with backoff (message pending, the refusal kept), then dead and failed; nothing sent later", async () => {
    const email = address("refused");
    await getDb().transaction((tx) =>
      queueMail(tx, {
        kind: "confirm-address",
        to: email,
        organisationId: null,
        occasion: "c",
        content: content("Confirm"),
      }),
    );
    const [message] = await messagesTo(email);
    const [queued] = await jobsFor([message.id]);
    const maxAttempts = queued.maxAttempts;
    expect(maxAttempts).toBeGreaterThan(1);

    server.refuse(550);
    const base = 100;
    const lines: string[] = [];
    const opts = runner(lines, { retryBaseMs: base });
    let now = new Date(Date.now() + 1_000);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      expect(await runDueJobs(opts, () => now)).toBe(1);
      expect(server.refusals()).toBe(attempt);
      const [job] = await jobsFor([message.id]);
      const [stored] = await messagesTo(email);
      expect(job.attempts).toBe(attempt);
      expect(job.lastError).toContain("550");
      expect(stored.transportResponse).toContain("550");
      expect(stored.textBody, "the body stays until sent").not.toBeNull();
      if (attempt < maxAttempts) {
        expect(job.state).toBe("queued");
        expect(stored.state).toBe("pending");
        waits.push(job.runAt.getTime() - now.getTime());
        // Not retried before its wait is over.
        expect(await runDueJobs(opts, () => new Date(job.runAt.getTime() - 1))).toBe(0);
        now = job.runAt;
      } else {
        expect(job.state).toBe("dead");
        expect(stored.state).toBe("failed");
      }
    }
    expect(waits).toEqual(Array.from({ length: maxAttempts - 1 }, (_, i) => base * 2 ** i));
    expect(lines.filter((l) => l.includes("will retry"))).toHaveLength(maxAttempts - 1);
    expect(lines.filter((l) => l.includes(`is dead after ${maxAttempts} attempts`))).toHaveLength(1);
    expect(to(email)).toEqual([]);

    // The relay accepts again: the dead message is not sent behind anyone's back (no lost-then-doubled mail).
    server.refuse(null);
    expect(await runDueJobs(opts, () => new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000))).toBe(0);
    expect(to(email)).toEqual([]);
    expect(server.refusals()).toBe(maxAttempts);
    expect(await messagesTo(email)).toMatchObject([{ state: "failed" }]);
  });
});

describe("mail without SMTP_URL", () => {
  it("is kept with its body (the Outbox shows it), sends nothing, and says so in one log line", async () => {
    setEnv(parseEnv({ NODE_ENV: "test", LOG_REQUESTS: "false" }));
    const email = address("kept");
    await getDb().transaction((tx) =>
      queueMail(tx, {
        kind: "invitation",
        to: email,
        organisationId: null,
        occasion: "k",
        content: content("Kept"),
      }),
    );
    const lines: string[] = [];
    await runDueJobs(runner(lines));

    const [message] = await messagesTo(email);
    expect(message.state).toBe("kept");
    expect(message.textBody).toContain("http://portal.example/somewhere");
    expect(message.htmlBody).toContain("<!doctype html>");
    expect(message.sentAt).toBeInstanceOf(Date);
    expect(await jobsFor([message.id])).toMatchObject([{ state: "done" }]);
    const said = lines.filter((l) => l.includes(email));
    expect(said).toEqual([`Mail kept (no SMTP_URL): invitation to ${email}: "Kept"`]);
    expect(to(email)).toEqual([]);
    // Running its job again keeps it as it is, with no second line.
    await getDb().transaction((tx) => enqueue(tx, { kind: "mail.send", payload: { messageId: message.id } }));
    await runDueJobs(runner(lines));
    expect(lines.filter((l) => l.includes(email))).toHaveLength(1);
  });
});
