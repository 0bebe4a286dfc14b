// Inviting partners who are not listed (DESIGN.md; docs/decisions/0010): near matches and choosing a listed partner,
// the invitation's life (single use, expiry, revocation, withdrawal, resend), joining through it, and that a company
// invited but not joined changes no figure, rule or list of the evaluation. Real routes on a real database.
import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { scoringInputOf } from "../app/domain/comparison-export";
import { possessive } from "../app/domain/words";
import { comparisonFor } from "../app/models/comparison.server";
import { evaluationFor, getEvaluationChecklist } from "../app/models/evaluation.server";
import { liveExportInput } from "../app/models/record.server";
import * as viewRoute from "../app/routes/evaluations.$evaluationId._index/route";
import * as inviteRoute from "../app/routes/evaluations.$evaluationId.invite";
import * as joinRoute from "../app/routes/join.$token";
import { readSession } from "../app/utils/session.server";
import { getDb } from "../db/client";
import {
  auditEvents,
  conflictDeclarations,
  evaluationCandidates,
  evaluationEvaluators,
  evaluations,
  mailMessages,
  memberships,
  organisations,
  partnerInvitations,
  partnerProfiles,
  scores,
  users,
} from "../db/schema";
import {
  createBuiltInEvaluation,
  createMember,
  createOrganisation,
  createWorld,
  sessionCookie,
  submitCandidates,
  type TestUser,
  testPasswordHash,
} from "./factories";
import { callAction, callLoader, type Outcome, setCookieOf } from "./remix";
import { renderPage, textOf } from "./support-render";

const NEW_PASSWORD = "granite meadow lantern 7";

type World = Awaited<ReturnType<typeof createWorld>>;
let w: World;

beforeAll(async () => {
  w = await createWorld();
});

const address = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.net`;

/** A member of `org` with a chosen address (the factory's are all @example.com). */
async function memberAt(
  org: { id: string; kind: "buyer" | "partner" },
  role: "admin" | "member",
  email: string,
) {
  const [user] = await getDb()
    .insert(users)
    .values({ email, name: `Person ${email.split("@")[0]}`, passwordHash: await testPasswordHash() })
    .returning({ id: users.id });
  await getDb().insert(memberships).values({ organisationId: org.id, userId: user.id, role });
  return { userId: user.id, email };
}

async function newEvaluation(name = "Claims triage copilot") {
  const { id } = await createBuiltInEvaluation(w.buyerAdmin, `${name} ${randomUUID().slice(0, 6)}`);
  return id;
}

async function invite(evaluationId: string, form: Record<string, string>, user: TestUser = w.buyerAdmin) {
  return callAction(inviteRoute.action, {
    path: `/evaluations/${evaluationId}/invite`,
    params: { evaluationId },
    cookie: await sessionCookie(user),
    form: { _idempotency: randomUUID(), ...form },
  });
}

async function post(evaluationId: string, form: Record<string, string>, user: TestUser = w.buyerAdmin) {
  return callAction(viewRoute.action, {
    path: `/evaluations/${evaluationId}`,
    params: { evaluationId },
    cookie: await sessionCookie(user),
    form,
  });
}

type Page = Awaited<ReturnType<typeof viewRoute.loader>>;

async function view(evaluationId: string, user: TestUser = w.buyerAdmin): Promise<Page> {
  const outcome = await callLoader(viewRoute.loader, {
    path: `/evaluations/${evaluationId}`,
    params: { evaluationId },
    cookie: await sessionCookie(user),
  });
  expect(outcome.status).toBe(200);
  return outcome.data as Page;
}

/** Sends an invitation for a company no listed partner's name is near; returns its row and the mailed token. */
async function sendInvitation(evaluationId: string, companyName = `Quokka ${randomUUID().slice(0, 6)} Labs`) {
  const email = address("contact");
  const res = await invite(evaluationId, { intent: "send", companyName, email });
  expect(res.status).toBe(302);
  const [row] = await getDb()
    .select()
    .from(partnerInvitations)
    .where(
      and(eq(partnerInvitations.evaluationId, evaluationId), eq(partnerInvitations.contactEmail, email)),
    );
  return { row, email, companyName, token: await latestToken(email) };
}

/** The token of the newest invitation mailed to `email`, read off the message's link. */
async function latestToken(email: string): Promise<string> {
  const messages = await getDb()
    .select()
    .from(mailMessages)
    .where(and(eq(mailMessages.toAddress, email), eq(mailMessages.kind, "partner-invitation")));
  const newest = messages.sort((a, b) => +b.createdAt - +a.createdAt)[0];
  const token = /\/join\/([\w-]+)/.exec(newest?.textBody ?? "")?.[1];
  expect(token).toBeDefined();
  return token as string;
}

function join(token: string, form: Record<string, string>) {
  return callAction(joinRoute.action, { path: `/join/${token}`, params: { token }, form });
}

function joinForm(email: string, extra: Record<string, string> = {}) {
  return {
    email,
    companyName: "Quokka Labs",
    name: "Quinn Okafor",
    password: NEW_PASSWORD,
    timeZone: "Australia/Perth",
    ...extra,
  };
}

const message = (o: Outcome) => {
  const d = o.data as { formError?: string; message?: string };
  return d.formError ?? d.message ?? "";
};

async function invitationOf(id: string) {
  const [row] = await getDb().select().from(partnerInvitations).where(eq(partnerInvitations.id, id));
  return row;
}

async function candidatesOf(evaluationId: string) {
  return getDb()
    .select({ id: evaluationCandidates.id, partnerId: evaluationCandidates.partnerId })
    .from(evaluationCandidates)
    .where(eq(evaluationCandidates.evaluationId, evaluationId));
}

async function setStatus(evaluationId: string, status: "scoring" | "review" | "cancelled" | "decided") {
  await getDb().update(evaluations).set({ status }).where(eq(evaluations.id, evaluationId));
}

describe("near matches", () => {
  it("list the listed partners the name may mean, with their members' domains, and warn when the contact's is not one of them", async () => {
    const suffix = randomUUID().slice(0, 4);
    const same = await createOrganisation("partner", `Wombat${suffix} Digital Pty Ltd`);
    const close = await createOrganisation("partner", `Wombat${suffix} Digitl`);
    await createOrganisation("partner", `Platypus ${suffix} Analytics`);
    await memberAt(same, "admin", `ava@wombat${suffix}.example`);
    await memberAt(same, "member", `ben@wombat${suffix}.io`);
    await memberAt(close, "admin", `cy@elsewhere${suffix}.example`);
    const evaluationId = await newEvaluation();
    const res = await invite(evaluationId, {
      intent: "check",
      companyName: `wombat${suffix} digital, inc.`,
      email: `Dee@Wombat${suffix}.example`,
    });
    expect(res.status).toBe(200);
    const data = res.data as { matches: Record<string, unknown>[]; mayInvite: boolean };
    expect(data.mayInvite).toBe(true);
    expect(data.matches).toEqual([
      {
        partnerId: same.id,
        name: same.name,
        label: "Same name",
        domains: `wombat${suffix}.example, wombat${suffix}.io`,
        warning: null,
        shortlist: null,
      },
      {
        partnerId: close.id,
        name: close.name,
        label: "Similar name",
        domains: `elsewhere${suffix}.example`,
        warning: `wombat${suffix}.example is not one of ${close.name}'s domains: check that the contact works there before choosing it.`,
        shortlist: null,
      },
    ]);
    // Checking writes nothing: no invitation, no candidate, no mail.
    const [n] = await getDb()
      .select({ n: count() })
      .from(partnerInvitations)
      .where(eq(partnerInvitations.evaluationId, evaluationId));
    expect(n.n).toBe(0);
    expect(await candidatesOf(evaluationId)).toEqual([]);
  });

  it("put the contact's own partner first, and then offer no new invitation", async () => {
    const partner = await createOrganisation("partner", `Echidna ${randomUUID().slice(0, 6)}`);
    const contact = await memberAt(partner, "member", address("staff"));
    const evaluationId = await newEvaluation();
    const res = await invite(evaluationId, {
      intent: "check",
      companyName: "Something Else Entirely",
      email: contact.email,
    });
    const data = res.data as { matches: { partnerId: string; label: string }[]; mayInvite: boolean };
    expect(data.matches[0]).toMatchObject({ partnerId: partner.id, label: "The contact works here" });
    expect(data.mayInvite).toBe(false);
    // Sending anyway is refused at the address, pointing to the partner.
    const sent = await invite(evaluationId, {
      intent: "send",
      companyName: "Something Else",
      email: contact.email,
    });
    expect(sent.status).toBe(400);
    expect(sent.data).toMatchObject({
      errors: {
        email: `This address belongs to a member of ${partner.name}, which is listed: choose ${partner.name} instead.`,
      },
      values: { companyName: "Something Else", email: contact.email },
    });
  });

  it("say which are on the shortlist already, and warn when a partner has no member to compare with", async () => {
    const listed = await createOrganisation("partner", `Numbat ${randomUUID().slice(0, 6)}`);
    const evaluationId = await newEvaluation();
    expect((await post(evaluationId, { intent: "add-candidate", partnerId: listed.id })).status).toBe(200);
    const res = await invite(evaluationId, {
      intent: "check",
      companyName: listed.name,
      email: address("x"),
    });
    const [match] = (res.data as { matches: { shortlist: string; warning: string }[] }).matches;
    expect(match.shortlist).toBe("Already on this shortlist");
    expect(match.warning).toMatch(/has no members yet/);
  });
});

describe("choosing a listed partner", () => {
  it("adds it as the candidate and tells its admins, not its other members; choosing again changes nothing", async () => {
    const partner = await createOrganisation("partner", `Bilby ${randomUUID().slice(0, 6)} Consulting`);
    const admin = await memberAt(partner, "admin", address("bilby-admin"));
    const member = await memberAt(partner, "member", address("bilby-member"));
    const evaluationId = await newEvaluation("Fraud signals");
    const form = {
      intent: "choose",
      companyName: "Bilby Consulting",
      email: admin.email,
      partnerId: partner.id,
    };
    const res = await invite(evaluationId, form);
    expect(res).toMatchObject({ status: 302, location: `/evaluations/${evaluationId}?invitation=chosen` });
    expect((await candidatesOf(evaluationId)).map((c) => c.partnerId)).toEqual([partner.id]);
    const notices = await getDb()
      .select()
      .from(mailMessages)
      .where(eq(mailMessages.kind, "shortlist-notice"));
    const mine = notices.filter((m) => m.organisationId === partner.id);
    expect(mine.map((m) => m.toAddress)).toEqual([admin.email]);
    expect(mine[0].subject).toBe(`${w.buyer.name} shortlisted ${partner.name}`);
    expect(mine[0].textBody).toContain(`added ${partner.name} to the shortlist of “Fraud signals`);
    // Non-essential: its one-click unsubscribe link for the topic.
    expect(mine[0].unsubscribeUrl).toBeTruthy();
    expect(notices.some((m) => m.toAddress === member.email)).toBe(false);

    const again = await invite(evaluationId, form);
    expect(again.location).toBe(`/evaluations/${evaluationId}?invitation=listed`);
    expect(await candidatesOf(evaluationId)).toHaveLength(1);
    const [n] = await getDb()
      .select({ n: count() })
      .from(mailMessages)
      .where(and(eq(mailMessages.kind, "shortlist-notice"), eq(mailMessages.organisationId, partner.id)));
    expect(n.n).toBe(1);
  });
});

describe("sending an invitation", () => {
  it("with no near match goes at once: the link mailed, only its hash stored, 14 days, audited, the evaluation untouched", async () => {
    const evaluationId = await newEvaluation();
    const [before] = await getDb().select().from(evaluations).where(eq(evaluations.id, evaluationId));
    const email = address("Koala.Contact");
    const res = await invite(evaluationId, { intent: "check", companyName: "Koala Zzyzx Robotics", email });
    expect(res).toMatchObject({ status: 302, location: `/evaluations/${evaluationId}?invitation=sent` });
    const [row] = await getDb()
      .select()
      .from(partnerInvitations)
      .where(eq(partnerInvitations.evaluationId, evaluationId));
    expect(row).toMatchObject({
      companyName: "Koala Zzyzx Robotics",
      contactEmail: email.toLowerCase(),
      organisationId: w.buyer.id,
      createdByUserId: w.buyerAdmin.userId,
    });
    expect(row.expiresAt.getTime() - row.sentAt.getTime()).toBe(14 * 24 * 3600 * 1000);
    const token = await latestToken(email.toLowerCase());
    expect(row.tokenHash).not.toBe(token);
    const [mail] = await getDb()
      .select()
      .from(mailMessages)
      .where(eq(mailMessages.toAddress, email.toLowerCase()));
    expect(mail).toMatchObject({
      kind: "partner-invitation",
      organisationId: w.buyer.id,
      unsubscribeUrl: null,
    });
    expect(mail.subject).toBe(`${w.buyer.name} invited Koala Zzyzx Robotics to an evaluation on PartnerLens`);
    const events = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "partner_invitation"), eq(auditEvents.entityId, row.id)));
    expect(events.map((e) => e.action)).toEqual(["partner_invitation.created"]);
    expect(JSON.stringify(events)).not.toContain(token);
    // An invitation is not a change of the evaluation: no new version, no candidate.
    const [after] = await getDb().select().from(evaluations).where(eq(evaluations.id, evaluationId));
    expect(after.version).toBe(before.version);
    expect(await candidatesOf(evaluationId)).toEqual([]);
    // The page lists it under "Invited, not joined", with its buttons for admins.
    const page = await view(evaluationId);
    expect(page.invitations.waiting).toEqual([
      expect.objectContaining({
        id: row.id,
        companyName: "Koala Zzyzx Robotics",
        contactEmail: email.toLowerCase(),
        expired: false,
      }),
    ]);
    expect(page.can).toMatchObject({ resendInvitation: true, withdrawInvitation: true });
  });

  it("answers bad input at its field with what was typed, 400, and changes nothing", async () => {
    const evaluationId = await newEvaluation();
    const empty = await invite(evaluationId, { intent: "check", companyName: " ", email: "not-an-address" });
    expect(empty.status).toBe(400);
    expect(empty.data).toMatchObject({
      errors: {
        companyName: "Enter the company's name (2 characters or more).",
        email: "Enter an e-mail address like name@company.com.",
      },
      values: { companyName: " ", email: "not-an-address" },
    });
    const { email, companyName } = await sendInvitation(evaluationId);
    const twice = await invite(evaluationId, { intent: "send", companyName, email });
    expect(twice.status).toBe(400);
    expect(twice.data).toMatchObject({
      errors: {
        email:
          "This address has a pending invitation for this evaluation: resend it from the evaluation's page.",
      },
    });
    const [n] = await getDb()
      .select({ n: count() })
      .from(partnerInvitations)
      .where(eq(partnerInvitations.evaluationId, evaluationId));
    expect(n.n).toBe(1);
  });

  it("is refused like adding a candidate once the evaluation no longer takes candidates", async () => {
    const evaluationId = await newEvaluation();
    await setStatus(evaluationId, "cancelled");
    const res = await invite(evaluationId, {
      intent: "send",
      companyName: "Late Co",
      email: address("late"),
    });
    expect(res.status).toBe(409);
    expect(message(res)).toBe("Partners can no longer be added to this evaluation.");
    const page = await callLoader(inviteRoute.loader, {
      path: `/evaluations/${evaluationId}/invite`,
      params: { evaluationId },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect(page).toMatchObject({ status: 302, location: `/evaluations/${evaluationId}` });
  });

  it("is a 404 on another tenant's evaluation and for a partner, a 403 for an evaluator", async () => {
    const evaluationId = await newEvaluation();
    const stranger = await createMember(await createOrganisation("buyer"), "admin");
    const args = { path: `/evaluations/${evaluationId}/invite`, params: { evaluationId } };
    for (const user of [stranger, w.partnerAdmin]) {
      const cookie = await sessionCookie(user);
      expect((await callLoader(inviteRoute.loader, { ...args, cookie })).status).toBe(404);
      const res = await invite(
        evaluationId,
        { intent: "send", companyName: "Sneaky Co", email: address("s") },
        user,
      );
      expect(res.status).toBe(404);
    }
    await getDb()
      .insert(evaluationEvaluators)
      .values({ organisationId: w.buyer.id, evaluationId, userId: w.evaluator.userId });
    expect(
      (
        await callLoader(inviteRoute.loader, {
          ...args,
          cookie: await sessionCookie(w.evaluator),
        })
      ).status,
    ).toBe(403);
    const [n] = await getDb()
      .select({ n: count() })
      .from(partnerInvitations)
      .where(eq(partnerInvitations.evaluationId, evaluationId));
    expect(n.n).toBe(0);
    // Its invitations cannot be resent or withdrawn from another tenant either.
    const { row } = await sendInvitation(evaluationId);
    const strangerEvaluation = (await createBuiltInEvaluation(stranger, "Theirs")).id;
    const resent = await post(
      strangerEvaluation,
      { intent: "resend-invitation", invitationId: row.id },
      stranger,
    );
    expect(resent.status).toBe(404);
  });
});

describe("joining through the invitation", () => {
  it("shows who invited, for which evaluation, and acts only on the button", async () => {
    const evaluationId = await newEvaluation("Document intake");
    const { row, token } = await sendInvitation(evaluationId, "Quokka Labs Pty Ltd");
    const page = await callLoader(joinRoute.loader, { path: `/join/${token}`, params: { token } });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({
      closed: null,
      buyerName: w.buyer.name,
      inviterName: w.buyerAdmin.name,
      companyName: "Quokka Labs Pty Ltd",
      account: "none",
    });
    expect((page.data as { evaluationName: string }).evaluationName).toMatch(/^Document intake/);
    expect((page.data as { timeZones: string[] }).timeZones).toContain("Australia/Perth");
    expect((await invitationOf(row.id)).acceptedAt).toBeNull();
  });

  it("creates the partner (the name corrected, its time zone), its admin signed in and confirmed, and the candidate", async () => {
    const evaluationId = await newEvaluation();
    const { row, email, token } = await sendInvitation(evaluationId, "Quokka Labs Pty Ltd");
    const name = `Quokka Labs ${randomUUID().slice(0, 6)}`;
    const res = await join(token, joinForm(email.toUpperCase(), { companyName: name }));
    expect(res).toMatchObject({ status: 302, location: "/profile" });
    const viewer = await readSession(
      new Request("http://localhost/", { headers: { Cookie: setCookieOf(res) ?? "" } }),
    );
    expect(viewer).toMatchObject({
      email,
      orgKind: "partner",
      orgName: name,
      orgTimeZone: "Australia/Perth",
      role: "admin",
      emailConfirmed: true,
    });
    const partnerId = viewer?.organisationId ?? "";
    const [profile] = await getDb()
      .select({ id: partnerProfiles.organisationId })
      .from(partnerProfiles)
      .where(eq(partnerProfiles.organisationId, partnerId));
    expect(profile).toBeDefined();
    const [candidate] = await candidatesOf(evaluationId);
    expect(candidate.partnerId).toBe(partnerId);
    expect(await invitationOf(row.id)).toMatchObject({
      partnerId,
      candidateId: candidate.id,
      acceptedUserId: viewer?.userId,
    });
    const buyerEvents = await getDb()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.organisationId, w.buyer.id));
    expect(buyerEvents.map((e) => e.action)).toEqual(
      expect.arrayContaining(["partner_invitation.accepted", "evaluation.candidate_added"]),
    );
    const partnerEvents = await getDb()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.organisationId, partnerId));
    expect(partnerEvents.map((e) => e.action).sort()).toEqual(["membership.created", "organisation.created"]);
    // The candidate shows on the evaluation page; the invitation no longer waits.
    const page = await view(evaluationId);
    expect(page.candidates.map((c) => c.name)).toEqual([name]);
    expect(page.invitations.waiting).toEqual([]);
  });

  it("works once: two acceptances at the same moment, one wins and one partner is created", async () => {
    const evaluationId = await newEvaluation();
    const { email, token } = await sendInvitation(evaluationId);
    const name = `Race ${randomUUID().slice(0, 6)}`;
    const results = await Promise.allSettled([
      join(token, joinForm(email, { companyName: name, name: "Racer A" })),
      join(token, joinForm(email, { companyName: name, name: "Racer B" })),
    ]);
    const statuses = results.map((r) => (r.status === "fulfilled" ? r.value.status : 500)).sort();
    expect(statuses).toEqual([302, 409]);
    const loser = results.find((r) => r.status === "fulfilled" && r.value.status === 409);
    expect(loser?.status === "fulfilled" && message(loser.value)).toBe(
      "This invitation has already been used.",
    );
    const [n] = await getDb().select({ n: count() }).from(users).where(eq(users.email, email));
    expect(n.n).toBe(1);
    const [orgs] = await getDb()
      .select({ n: count() })
      .from(organisations)
      .where(eq(organisations.name, name));
    expect(orgs.n).toBe(1);
    expect(await candidatesOf(evaluationId)).toHaveLength(1);
    // The used link now shows a clear page.
    const page = await callLoader(joinRoute.loader, { path: `/join/${token}`, params: { token } });
    expect(page.data).toMatchObject({ closed: "This invitation has already been used." });
  });

  it("works only for the address it was sent to", async () => {
    const evaluationId = await newEvaluation();
    const { token } = await sendInvitation(evaluationId);
    const res = await join(token, joinForm("someone.else@example.net"));
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({
      errors: { email: "This invitation was made for another e-mail address." },
    });
  });

  it("stops working once expired", async () => {
    const evaluationId = await newEvaluation();
    const { row, email, token } = await sendInvitation(evaluationId);
    await getDb()
      .update(partnerInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(partnerInvitations.id, row.id));
    const page = await callLoader(joinRoute.loader, { path: `/join/${token}`, params: { token } });
    expect((page.data as { closed: string }).closed).toMatch(/expired/);
    const res = await join(token, joinForm(email, { companyName: `Expired ${randomUUID().slice(0, 6)}` }));
    expect(res.status).toBe(409);
    expect(message(res)).toMatch(/expired/);
    expect((await view(evaluationId)).invitations.waiting).toEqual([
      expect.objectContaining({ expired: true }),
    ]);
  });

  it("stops working once revoked (a draft) or withdrawn with its reason (later)", async () => {
    const draft = await newEvaluation();
    const revoked = await sendInvitation(draft);
    const rv = await post(draft, { intent: "revoke-invitation", invitationId: revoked.row.id });
    expect(rv.status).toBe(200);
    expect(message(rv)).toBe(`Invitation to ${revoked.companyName} revoked: its link no longer works.`);
    const r1 = await join(
      revoked.token,
      joinForm(revoked.email, { companyName: `R ${randomUUID().slice(0, 6)}` }),
    );
    expect(r1.status).toBe(409);
    expect(message(r1)).toMatch(/withdrawn/);

    const scoring = await newEvaluation();
    const withdrawn = await sendInvitation(scoring);
    await setStatus(scoring, "scoring");
    const noReason = await post(scoring, {
      intent: "withdraw-invitation",
      invitationId: withdrawn.row.id,
      reason: "",
    });
    expect(noReason.status).toBe(400);
    expect(noReason.data).toMatchObject({
      errors: { reason: "Say why the invited company is withdrawn: the reason stays in the record." },
      values: { invitationId: withdrawn.row.id },
    });
    const wd = await post(scoring, {
      intent: "withdraw-invitation",
      invitationId: withdrawn.row.id,
      reason: "Out of budget range.",
    });
    expect(wd.status).toBe(200);
    expect(await invitationOf(withdrawn.row.id)).toMatchObject({ withdrawnReason: "Out of budget range." });
    const page = await view(scoring);
    expect(page.invitations.waiting).toEqual([]);
    expect(page.invitations.withdrawn).toEqual([
      expect.objectContaining({ companyName: withdrawn.companyName, reason: "Out of budget range." }),
    ]);
    const r2 = await join(withdrawn.token, joinForm(withdrawn.email));
    expect(r2.status).toBe(409);
    // Withdrawing twice is refused, not repeated.
    const again = await post(scoring, { intent: "revoke-invitation", invitationId: withdrawn.row.id });
    expect(again.status).toBe(409);
    const events = await getDb()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityType, "partner_invitation"));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["partner_invitation.revoked", "partner_invitation.withdrawn"]),
    );
  });

  it("resent: a new link for 14 days in a new message, and the old link stops working", async () => {
    const evaluationId = await newEvaluation();
    const { row, email, token: old } = await sendInvitation(evaluationId);
    await getDb()
      .update(partnerInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000), sentAt: new Date(Date.now() - 15 * 24 * 3600 * 1000) })
      .where(eq(partnerInvitations.id, row.id));
    const res = await post(evaluationId, { intent: "resend-invitation", invitationId: row.id });
    expect(res.status).toBe(200);
    expect(message(res)).toMatch(/^Invitation sent again to/);
    const fresh = await latestToken(email);
    expect(fresh).not.toBe(old);
    const [n] = await getDb()
      .select({ n: count() })
      .from(mailMessages)
      .where(and(eq(mailMessages.toAddress, email), eq(mailMessages.kind, "partner-invitation")));
    expect(n.n).toBe(2);
    const after = await invitationOf(row.id);
    expect(after.expiresAt.getTime() - after.sentAt.getTime()).toBe(14 * 24 * 3600 * 1000);
    expect(after.sentAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    // The old link is unknown now: a clear 404 page, counted against the address that tried it.
    const oldPage = await callLoader(joinRoute.loader, { path: `/join/${old}`, params: { token: old } });
    expect(oldPage.status).toBe(404);
    expect(message(oldPage)).toMatch(/not valid/);
    const oldJoin = await join(old, joinForm(email));
    expect(oldJoin.status).toBe(409);
    const ok = await join(fresh, joinForm(email, { companyName: `Fresh ${randomUUID().slice(0, 6)}` }));
    expect(ok.status).toBe(302);
    const events = await getDb()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, row.id));
    expect(events.map((e) => e.action).sort()).toEqual([
      "partner_invitation.accepted",
      "partner_invitation.created",
      "partner_invitation.resent",
    ]);
  });

  it("refuses a partner name already registered at the company's name, keeping what was typed, creating nothing", async () => {
    const taken = await createOrganisation("partner", `Harbour ${randomUUID().slice(0, 6)} AI`);
    const evaluationId = await newEvaluation();
    const { row, email, token } = await sendInvitation(evaluationId);
    const res = await join(token, joinForm(email, { companyName: `  ${taken.name.toUpperCase()}` }));
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({
      errors: { companyName: "A partner with this name is already registered." },
      values: {
        companyName: `  ${taken.name.toUpperCase()}`,
        name: "Quinn Okafor",
        timeZone: "Australia/Perth",
      },
    });
    expect(JSON.stringify(res.data)).not.toContain(NEW_PASSWORD);
    const [n] = await getDb().select({ n: count() }).from(users).where(eq(users.email, email));
    expect(n.n).toBe(0);
    expect((await invitationOf(row.id)).acceptedAt).toBeNull();
    expect(await candidatesOf(evaluationId)).toEqual([]);
  });

  it("after the evaluation stopped taking candidates creates the partner, and records that it joined too late", async () => {
    const evaluationId = await newEvaluation();
    const { row, email, token } = await sendInvitation(evaluationId);
    await setStatus(evaluationId, "cancelled");
    const name = `Late ${randomUUID().slice(0, 6)}`;
    const res = await join(token, joinForm(email, { companyName: name }));
    expect(res.status).toBe(302);
    const [partner] = await getDb()
      .select({ id: organisations.id, kind: organisations.kind })
      .from(organisations)
      .where(eq(organisations.name, name));
    expect(partner.kind).toBe("partner");
    expect(await candidatesOf(evaluationId)).toEqual([]);
    expect(await invitationOf(row.id)).toMatchObject({ partnerId: partner.id, candidateId: null });
    const page = await view(evaluationId);
    expect(page.invitations.joinedLate).toEqual([{ id: row.id, partnerId: partner.id, name }]);
  });

  it("answers an unknown link with a clear page, never a 500", async () => {
    const token = "x".repeat(43);
    const page = await callLoader(joinRoute.loader, { path: `/join/${token}`, params: { token } });
    expect(page.status).toBe(404);
    const res = await join(token, joinForm("nobody@example.net"));
    expect(res.status).toBe(409);
    expect(message(res)).toBe("This invitation link is not valid.");
  });
});

describe("the pages", () => {
  it("render: the evaluation's invited companies with their buttons, the invite form, and the join form", async () => {
    const evaluationId = await newEvaluation();
    const { companyName, email, token } = await sendInvitation(evaluationId);
    const evaluationPage = await renderPage(viewRoute, {
      id: "routes/evaluations.$evaluationId._index",
      pattern: "evaluations/:evaluationId",
      path: `/evaluations/${evaluationId}`,
      params: { evaluationId },
      user: w.buyerAdmin,
    });
    expect(evaluationPage.text).toContain("Invited, not joined (1)");
    expect(evaluationPage.text).toContain(`${companyName} ${email}`);
    expect(evaluationPage.html).toContain(`aria-label="Resend ${companyName}"`);
    expect(evaluationPage.html).toContain(`aria-label="Revoke ${companyName}"`);
    expect(evaluationPage.text).toContain("Invite a partner that is not listed");

    const invitePage = await renderPage(inviteRoute, {
      id: "routes/evaluations.$evaluationId.invite",
      pattern: "evaluations/:evaluationId/invite",
      path: `/evaluations/${evaluationId}/invite`,
      params: { evaluationId },
      user: w.buyerAdmin,
    });
    expect(invitePage.text).toContain("Invite a partner that is not listed");
    expect(invitePage.html).toMatch(/<input[^>]*name="companyName"/);
    expect(invitePage.html).toMatch(/<input[^>]*name="email"/);

    const joinPage = await renderPage(joinRoute, {
      id: "routes/join.$token",
      pattern: "join/:token",
      path: `/join/${token}`,
      params: { token },
      user: w.partnerMember,
    });
    expect(textOf(joinPage.html)).toContain(`Create ${possessive(companyName)} partner profile`);
    expect(joinPage.html).toMatch(/<select[^>]*name="timeZone"/);
    expect(joinPage.html).toContain(`value="${companyName}"`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Outside the engine

/** A scoring evaluation: two candidates scored by two evaluators; the first evaluator submitted both. */
async function scoredEvaluation() {
  const db = getDb();
  const id = await newEvaluation("Outside the engine");
  const partners = [await createOrganisation("partner"), await createOrganisation("partner")];
  const candidates = await db
    .insert(evaluationCandidates)
    .values(partners.map((p) => ({ organisationId: w.buyer.id, evaluationId: id, partnerId: p.id })))
    .returning({ id: evaluationCandidates.id });
  const candidateIds = candidates.map((c) => c.id);
  const evaluators = [w.evaluator, w.evaluator2];
  await db
    .insert(evaluationEvaluators)
    .values(evaluators.map((e) => ({ organisationId: w.buyer.id, evaluationId: id, userId: e.userId })));
  await db.insert(conflictDeclarations).values(
    evaluators.map((e) => ({
      organisationId: w.buyer.id,
      evaluationId: id,
      userId: e.userId,
      coveredCandidateIds: candidateIds,
      conflictCandidateIds: [],
    })),
  );
  const checklist = await getEvaluationChecklist({ id, name: "" });
  const rated = checklist.sections
    .filter((s) => s.weight > 0)
    .flatMap((s) => s.criteria.filter((c) => c.kind === "rated" && c.weight > 0));
  await db.insert(scores).values(
    evaluators.flatMap((e, ei) =>
      candidateIds.flatMap((candidateId, ci) =>
        // The second evaluator scored every other criterion: its coverage is partial, every criterion still scored.
        rated
          .filter((_, k) => ei === 0 || k % 2 === 0)
          .map((c, k) => ({
            organisationId: w.buyer.id,
            evaluationId: id,
            candidateId,
            criterionId: c.key,
            evaluatorUserId: e.userId,
            value: 2 + ((ei + ci + k) % 4),
            justification: `Evaluator ${ei} on candidate ${ci}.`,
          })),
      ),
    ),
  );
  await submitCandidates(id, w.evaluator, candidateIds);
  await setStatus(id, "scoring");
  return id;
}

/** Everything the evaluation shows or computes that an invitation must not change, read as each person reads it. */
async function everything(evaluationId: string) {
  const session = async (u: TestUser) =>
    readSession(new Request("http://localhost/", { headers: { Cookie: await sessionCookie(u) } }));
  const adminViewer = await session(w.buyerAdmin);
  if (!adminViewer) throw new Error("no session");
  const pageOf = async (u: TestUser) => {
    const { invitations: _invitations, idempotencyKey: _key, ...rest } = await view(evaluationId, u);
    return rest;
  };
  const { evaluation } = await evaluationFor(adminViewer, evaluationId);
  const { generatedAt: _at, ...record } = await liveExportInput(adminViewer, evaluation);
  return {
    admin: await pageOf(w.buyerAdmin),
    // The evaluator who submitted every candidate it may score sees the results; the other stays blind.
    submitted: await pageOf(w.evaluator),
    blind: await pageOf(w.evaluator2),
    comparison: await comparisonFor(adminViewer, evaluationId),
    comparisonOfEvaluator: await comparisonFor((await session(w.evaluator)) ?? adminViewer, evaluationId),
    record,
  };
}

describe("a company invited but not joined", () => {
  it("changes no figure of the comparison, its finality, anyone's blind rule or list of candidates to score", async () => {
    const evaluationId = await scoredEvaluation();
    const before = await everything(evaluationId);
    // The set-up is what the test needs: ranked results, final (every candidate complete: one unscored candidate
    // more would undo it), one evaluator seeing them and one blind.
    expect(before.admin.results?.rows.map((r) => r.rank)).toEqual([1, 2]);
    expect(before.admin.results?.final).toBe(true);
    expect(before.submitted.results).not.toBeNull();
    expect(before.blind.results).toBeNull();
    expect(before.blind.me?.candidates).toHaveLength(2);

    const { row } = await sendInvitation(evaluationId);
    const after = await everything(evaluationId);
    expect(after).toEqual(before);
    expect((await view(evaluationId)).invitations.waiting.map((i) => i.id)).toEqual([row.id]);
    // The evaluators' own pages do not list it among what they score either.
    expect(after.blind.me?.candidates.map((c) => c.id)).toEqual(before.blind.me?.candidates.map((c) => c.id));
  });

  it("leaves the engine's input for the evaluation identical", async () => {
    const evaluationId = await scoredEvaluation();
    const adminViewer = await readSession(
      new Request("http://localhost/", { headers: { Cookie: await sessionCookie(w.buyerAdmin) } }),
    );
    if (!adminViewer) throw new Error("no session");
    const engineInput = async () => {
      const { evaluation } = await evaluationFor(adminViewer, evaluationId);
      return scoringInputOf(await liveExportInput(adminViewer, evaluation));
    };
    const before = await engineInput();
    expect(before.candidates).toHaveLength(2);
    await sendInvitation(evaluationId);
    await sendInvitation(evaluationId);
    expect(await engineInput()).toEqual(before);
  });

  it("is not copied by a clone", async () => {
    const evaluationId = await newEvaluation();
    await sendInvitation(evaluationId);
    const res = await post(evaluationId, { intent: "clone", _idempotency: randomUUID() });
    expect(res.status).toBe(302);
    const copyId = /\/evaluations\/([0-9a-f-]{36})$/.exec(res.location ?? "")?.[1] ?? "";
    const [n] = await getDb()
      .select({ n: count() })
      .from(partnerInvitations)
      .where(eq(partnerInvitations.evaluationId, copyId));
    expect(n.n).toBe(0);
  });
});
