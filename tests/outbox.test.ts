// The demo's Outbox: an admin reads its organisation's mail, the bodies only where they reveal nothing new (its own
// mail and invitations, never another member's reset link), and the jobs that died; nobody else opens it, and
// without demo data it does not exist.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createInvitation } from "../app/models/invitations.server";
import { queueMail } from "../app/models/mail.server";
import { issuePasswordReset } from "../app/models/password-resets.server";
import * as outboxRoute from "../app/routes/outbox";
import { getEnv, setEnv } from "../app/utils/config.server";
import { hashToken } from "../app/utils/crypto.server";
import { parseEnv } from "../app/utils/env.server";
import { accountLinksFor } from "../app/utils/roles";
import { getDb } from "../db/client";
import {
  invitations,
  jobs,
  mailMessages,
  memberships,
  organisations,
  partnerInvitations,
  users,
} from "../db/schema";
import { seedDemo } from "../scripts/seed/demo";
import { createMember, createOrganisation, createWorld, sessionCookie, type TestUser } from "./factories";
import { callLoader } from "./remix";

type Page = {
  smtp: boolean;
  coming: { about: string; topic: string; recipients: string }[];
  messages: { id: string; to: string; subject: string; kind: string; state: string; body: string | null }[];
  deadJobs: {
    kind: string;
    message: { to: string; subject: string } | null;
    attempts: number;
    lastError: string;
  }[];
};

async function openOutbox(user: TestUser) {
  return callLoader(outboxRoute.loader, { path: "/outbox", cookie: await sessionCookie(user) });
}

async function outboxOf(user: TestUser): Promise<Page> {
  const res = await openOutbox(user);
  expect(res.status).toBe(200);
  return res.data as Page;
}

function actorOf(admin: TestUser) {
  return { userId: admin.userId, organisationId: admin.organisationId, orgKind: admin.kind };
}

async function invite(admin: TestUser, email: string) {
  return getDb().transaction((tx) => createInvitation(tx, actorOf(admin), { email, role: "evaluator" }));
}

async function membershipId(user: TestUser) {
  const [m] = await getDb()
    .select({ id: memberships.id })
    .from(memberships)
    .where(eq(memberships.userId, user.userId));
  return m.id;
}

describe("the Outbox", () => {
  it("shows an admin its organisation's invitation with its link, another member's reset without its text", async () => {
    const w = await createWorld();
    const { token } = await invite(w.buyerAdmin, "new.person@example.com");
    const reset = await issuePasswordReset(actorOf(w.buyerAdmin), await membershipId(w.viewer));
    expect(reset).toBeDefined();

    const page = await outboxOf(w.buyerAdmin);
    expect(page.messages).toHaveLength(2);
    // Newest first: the reset was issued after the invitation.
    const [resetMail, invitation] = page.messages;
    expect(invitation).toMatchObject({ to: "new.person@example.com", kind: "Invitation", state: "pending" });
    expect(invitation.body).toContain(`/invite/${token}`);
    expect(resetMail).toMatchObject({ to: w.viewer.email.toLowerCase(), kind: "Password reset", body: null });
    // The reset link is nowhere in what reaches the browser: it would let the admin take over the account.
    expect(JSON.stringify(page)).not.toContain(reset!.token);
    expect(JSON.stringify(page)).not.toContain("/reset/");
  });

  it("shows an admin the text of mail addressed to them", async () => {
    const w = await createWorld();
    await getDb().transaction((tx) =>
      queueMail(tx, {
        kind: "forgot-password",
        to: w.buyerAdmin.email,
        recipientUserId: w.buyerAdmin.userId,
        organisationId: w.buyer.id,
        occasion: "outbox-test",
        content: {
          subject: "Set a new PartnerLens password",
          greeting: "Hello,",
          paragraphs: ["Someone asked."],
          action: { label: "Set a new password", url: "http://localhost:3000/reset/own-token" },
          organisationName: w.buyer.name,
        },
      }),
    );
    const page = await outboxOf(w.buyerAdmin);
    expect(page.messages).toHaveLength(1);
    expect(page.messages[0]).toMatchObject({ kind: "Forgot password" });
    expect(page.messages[0].body).toContain("http://localhost:3000/reset/own-token");
  });

  it("never shows another organisation's mail", async () => {
    const w = await createWorld();
    const other = await createOrganisation("buyer");
    const otherAdmin = await createMember(other, "admin");
    await invite(otherAdmin, "theirs@example.com");
    await invite(w.buyerAdmin, "ours@example.com");

    const ours = await outboxOf(w.buyerAdmin);
    expect(ours.messages.map((m) => m.to)).toEqual(["ours@example.com"]);
    expect(JSON.stringify(ours)).not.toContain("theirs@example.com");
    const theirs = await outboxOf(otherAdmin);
    expect(theirs.messages.map((m) => m.to)).toEqual(["theirs@example.com"]);
    // A partner admin has an Outbox of its own, empty here.
    expect((await outboxOf(w.partnerAdmin)).messages).toEqual([]);
  });

  it("lists the organisation's dead jobs with the message they were sending", async () => {
    const w = await createWorld();
    await invite(w.buyerAdmin, "bounced@example.com");
    const [message] = await getDb()
      .select({ id: mailMessages.id, subject: mailMessages.subject })
      .from(mailMessages)
      .where(eq(mailMessages.organisationId, w.buyer.id));
    await getDb()
      .update(jobs)
      .set({
        state: "dead",
        attempts: 5,
        lastError: "SMTP refused: 550 no such user",
        finishedAt: new Date(),
      })
      .where(sql`${jobs.payload}->>'messageId' = ${message.id}`);
    await getDb().update(mailMessages).set({ state: "failed" }).where(eq(mailMessages.id, message.id));

    const page = await outboxOf(w.buyerAdmin);
    expect(page.deadJobs).toEqual([
      expect.objectContaining({
        kind: "Send mail",
        attempts: 5,
        lastError: "SMTP refused: 550 no such user",
        message: { to: "bounced@example.com", subject: message.subject },
      }),
    ]);
    expect(page.messages[0]).toMatchObject({ state: "failed" });
    // Another organisation's admin sees none of it.
    const otherAdmin = await createMember(await createOrganisation("buyer"), "admin");
    expect((await outboxOf(otherAdmin)).deadJobs).toEqual([]);
  });

  it("is for admins only: other roles get 403, anonymous people are sent to sign in", async () => {
    const w = await createWorld();
    for (const user of [w.evaluator, w.viewer, w.partnerMember]) {
      expect((await openOutbox(user)).status).toBe(403);
    }
    const anonymous = await callLoader(outboxRoute.loader, { path: "/outbox" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe("/login?redirectTo=%2Foutbox");
  });

  it("does not exist without demo data, and the account menu offers it only with demo data", async () => {
    const w = await createWorld();
    const env = getEnv();
    setEnv(parseEnv({ NODE_ENV: "test", LOG_REQUESTS: "false", SEED_DEMO: "false" }));
    try {
      expect((await openOutbox(w.buyerAdmin)).status).toBe(404);
    } finally {
      setEnv(env);
    }
    const labels = (demo: boolean) => accountLinksFor("buyer", "admin", { demo }).map((l) => l.label);
    expect(labels(true)).toContain("Outbox");
    expect(labels(false)).not.toContain("Outbox");
    expect(accountLinksFor("buyer", "evaluator", { demo: true }).map((l) => l.label)).not.toContain("Outbox");
  });
});

describe("the demo's Outbox", () => {
  it("holds the buyers' kept mail, with no work left queued", async () => {
    await seedDemo(getDb());
    const [priya] = await getDb()
      .select({ userId: users.id, organisationId: memberships.organisationId, email: users.email })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(eq(users.email, "priya@scmutual.example"));
    const admin = { ...priya, name: "Priya Raman", role: "admin", kind: "buyer" } as TestUser;
    const page = await outboxOf(admin);
    // Newest first: the unlisted company invited today, the last three days' reminders (Tom takes his in the
    // digest), the team's invitation and reset.
    const rows = page.messages.map((m) => [m.kind, m.to, m.state]);
    expect(rows[0]).toEqual(["Partner invitation", "ana@saltbush.example", "kept"]);
    expect(rows.slice(-2)).toEqual([
      ["Invitation", "cfo@scmutual.example", "kept"],
      ["Password reset", "graham@scmutual.example", "kept"],
    ]);
    const reminders = rows.slice(1, -2);
    expect(reminders).toContainEqual(["Deadline reminder", "mei@scmutual.example", "kept"]);
    expect(reminders).toContainEqual(["Daily digest", "tom@scmutual.example", "kept"]);
    expect(reminders.map((r) => r[1])).not.toContain("graham@scmutual.example");
    expect(page.messages.at(-1)?.body).toBeNull();
    // The partner invitation's link is the one its hash was stored for: it works in the demo.
    const partnerToken = /\/join\/([\w-]+)/.exec(page.messages[0].body ?? "")?.[1];
    const [invited] = await getDb()
      .select({ companyName: partnerInvitations.companyName })
      .from(partnerInvitations)
      .where(eq(partnerInvitations.tokenHash, hashToken(partnerToken ?? "")));
    expect(invited).toEqual({ companyName: "Saltbush Intelligence Pty Ltd" });
    // The pending invitation's link in the message is the one its hash was stored for: it works in the demo.
    const invitation = page.messages.find((m) => m.to === "cfo@scmutual.example");
    const token = /\/invite\/([\w-]+)/.exec(invitation?.body ?? "")?.[1];
    expect(token).toBeDefined();
    const [pending] = await getDb()
      .select({ email: invitations.email })
      .from(invitations)
      .where(and(eq(invitations.tokenHash, hashToken(token!)), isNull(invitations.acceptedAt)));
    expect(pending).toEqual({ email: "cfo@scmutual.example" });
    // Still to come: the 1-day reminder of the evaluation in scoring, to those with candidates left, Tom's in his
    // digest.
    const coming = page.coming.find((r) => r.about.startsWith("1 day before the deadline"));
    expect(coming?.recipients).toContain("Tom Whitlock (in the digest)");
    expect(coming?.topic).toBe("Scoring deadline reminders");
    expect(page.deadJobs).toEqual([]);
    // The seed's jobs (the other tests of this file left theirs queued) are all done.
    const seeded = await getDb()
      .select({ state: jobs.state })
      .from(jobs)
      .innerJoin(organisations, eq(organisations.id, jobs.organisationId))
      .where(inArray(organisations.name, ["Southern Cross Mutual Insurance", "Lakeshore Outfitters"]));
    expect(seeded.length).toBeGreaterThan(4);
    expect(new Set(seeded.map((j) => j.state))).toEqual(new Set(["done"]));
  });
});
