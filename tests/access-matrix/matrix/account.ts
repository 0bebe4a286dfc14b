// The access matrix, account, sign-in and team: the home page, signing in, up and out, invitation and reset
// links, the team and its members, one's own account, the organisation's settings and its audit log.

import { randomUUID } from "node:crypto";
import { unsubscribeToken } from "../../../app/models/mail-preferences.server";
import { createMember, TEST_PASSWORD } from "../../factories";
import {
  makeConfirmation,
  makeInvitation,
  makeInvitationId,
  makePartnerInvitation,
  makeReset,
  membership,
  orgVersion,
} from "../makers";
import {
  BUYER_MEMBER_OBJECT,
  EVERYONE,
  everyone,
  PARTNER_MEMBER_OBJECT,
  SIGNED_IN,
  signedInOnly,
} from "../rows";
import type { Matrix } from "../types";

// Written by hand from docs/product.md "Access rules". Keep one entry per route id of the manifest, in one slice only.
export const ACCOUNT: Matrix = {
  root: { loader: [{ path: () => "/", expect: everyone(200) }] },
  "routes/_index": { loader: [{ path: () => "/", expect: everyone(200) }] },
  "routes/login": {
    loader: [{ path: () => "/login", expect: { ...everyone(302), anonymous: 200 } }],
    // Anyone may sign in; the positive control is the new session row.
    action: [
      {
        path: () => "/login",
        body: (w) => ({ email: w.signInUser.email, password: TEST_PASSWORD, redirectTo: "/" }),
        changes: EVERYONE,
        expect: everyone(302),
      },
    ],
  },
  "routes/signup": {
    loader: [{ path: () => "/signup", expect: { ...everyone(302), anonymous: 200 } }],
    // Only an anonymous person creates an organisation; a signed-in one is sent home, nothing created.
    action: [
      {
        changes: ["anonymous"],
        path: () => "/signup",
        body: () => ({
          _idempotency: randomUUID(),
          kind: "partner",
          organisationName: `Matrix Partner ${randomUUID().slice(0, 8)}`,
          name: "Matrix Person",
          email: `${randomUUID().slice(0, 8)}@matrix.example`,
          password: "violet tractor harbour 42",
        }),
        expect: { ...everyone(302) },
      },
    ],
  },
  "routes/logout": {
    loader: [{ path: () => "/logout", expect: everyone(302) }],
    action: [{ path: () => "/logout", body: () => ({}), expect: everyone(302), changes: SIGNED_IN }],
  },
  "routes/members._index": {
    loader: [
      {
        path: () => "/members",
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
        // The outsider sees its own members, never this organisation's.
        mustNotShow: (w) => [w.evaluator.email, w.viewer.email],
      },
    ],
    action: [
      {
        // Inviting always targets one's own organisation, with a role of one's own kind.
        changes: ["buyerAdmin", "partnerAdmin", "outsider"],
        path: () => "/members",
        body: (_w, who) => ({
          intent: "invite",
          _idempotency: randomUUID(),
          email: `${randomUUID().slice(0, 8)}@new.example`,
          role: who.startsWith("partner") ? "member" : "viewer",
        }),
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
      },
      {
        // Revoking names an invitation of the buyer: another organisation's admin gets 404.
        changes: ["buyerAdmin"],
        owner: "buyer",
        path: () => "/members",
        body: async (w) => ({
          intent: "revoke",
          invitationId: await makeInvitationId(w, `${randomUUID().slice(0, 8)}@pending.example`),
        }),
        expect: {
          anonymous: 302,
          buyerAdmin: 200,
          evaluator: 403,
          viewer: 403,
          partnerAdmin: 404,
          partnerMember: 403,
          outsider: 404,
        },
      },
    ],
  },
  "routes/members.$memberId": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/members/${w.buyerMemberId}`,
        params: (w) => ({ memberId: w.buyerMemberId }),
        expect: {
          anonymous: 302,
          buyerAdmin: 200,
          evaluator: 403,
          viewer: 403,
          partnerAdmin: 404,
          partnerMember: 403,
          outsider: 404,
        },
      },
      {
        owner: "partner",
        path: (w) => `/members/${w.partnerMemberId}`,
        params: (w) => ({ memberId: w.partnerMemberId }),
        expect: {
          anonymous: 302,
          buyerAdmin: 404,
          evaluator: 403,
          viewer: 403,
          partnerAdmin: 200,
          partnerMember: 403,
          outsider: 404,
        },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/members/${w.buyerMemberId}`,
        params: (w) => ({ memberId: w.buyerMemberId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const m = await membership(w.buyerMemberId);
          return {
            intent: "role",
            role: m.role === "evaluator" ? "viewer" : "evaluator",
            version: String(m.version),
          };
        },
        expect: BUYER_MEMBER_OBJECT,
      },
      {
        owner: "partner",
        path: (w) => `/members/${w.partnerMemberId}`,
        params: (w) => ({ memberId: w.partnerMemberId }),
        changes: ["partnerAdmin"],
        body: async (w) => {
          const m = await membership(w.partnerMemberId);
          return {
            intent: "role",
            role: m.role === "member" ? "admin" : "member",
            version: String(m.version),
          };
        },
        expect: PARTNER_MEMBER_OBJECT,
      },
      {
        owner: "buyer",
        path: (w) => `/members/${w.buyerMemberId}`,
        params: (w) => ({ memberId: w.buyerMemberId }),
        changes: ["buyerAdmin"],
        body: () => ({ intent: "reset" }),
        expect: BUYER_MEMBER_OBJECT,
      },
    ],
  },
  "routes/account": {
    loader: [{ path: () => "/account", expect: signedInOnly(200) }],
    // Everyone signed in may change their own password: the positive control is their new hash.
    action: [
      {
        changes: SIGNED_IN,
        path: () => "/account",
        body: () => ({
          intent: "password",
          currentPassword: TEST_PASSWORD,
          newPassword: "matrix changed password 1",
        }),
        expect: signedInOnly(200),
      },
    ],
  },
  // Each person's own mail preferences: everyone signed in reads and saves their own.
  "routes/account_.mail": {
    loader: [{ path: () => "/account/mail", expect: signedInOnly(200) }],
    action: [
      {
        changes: SIGNED_IN,
        path: () => "/account/mail",
        // Every topic of both kinds: each person's form reads those of its own kind.
        body: () => ({
          "deadline-reminders": "digest",
          "evidence-answers": "digest",
          "evidence-requests": "digest",
          debriefs: "digest",
          "credential-expiry": "digest",
          shortlists: "digest",
          questionnaires: "digest",
        }),
        expect: signedInOnly(200),
      },
    ],
  },
  // An admin's organisation settings: a buyer's name and time zone, a partner's time zone.
  "routes/settings": {
    loader: [
      {
        path: () => "/settings",
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
      },
    ],
    action: [
      {
        changes: ["buyerAdmin", "partnerAdmin", "outsider"],
        path: () => "/settings",
        body: async (w, who) => ({
          name: "Matrix Renamed Buyer",
          timeZone: "Europe/Paris",
          version: String(
            await orgVersion(
              who === "outsider"
                ? w.otherBuyerAdmin.organisationId
                : who.startsWith("partner")
                  ? w.partner.id
                  : w.buyer.id,
            ),
          ),
        }),
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
      },
    ],
  },
  // The design system's pieces: admins only (docs/design-system.md).
  "routes/styleguide": {
    loader: [
      {
        path: () => "/styleguide",
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
      },
    ],
  },
  // The demo's Outbox: admins only, each seeing its own organisation's mail (demo data is on in the tests).
  "routes/outbox": {
    loader: [
      {
        path: () => "/outbox",
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
        mustNotShow: (w) => [w.evaluator.email, w.viewer.email],
      },
    ],
  },
  "routes/audit._index": {
    loader: [
      {
        path: () => "/audit",
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
      },
    ],
  },
  "routes/audit[.]csv": {
    loader: [
      {
        path: () => "/audit.csv",
        expect: signedInOnly(200, { evaluator: 403, viewer: 403, partnerMember: 403 }),
        mustNotShow: (w) => [w.evaluator.email],
      },
    ],
  },
  // Invitation and reset links are capabilities: whoever holds the token may open them, signed in or not.
  "routes/invite.$token": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/invite/${w.invitationToken}`,
        params: (w) => ({ token: w.invitationToken }),
        expect: everyone(200),
      },
    ],
    action: [
      {
        changes: EVERYONE,
        owner: "buyer",
        path: (w) => `/invite/${w.nextToken}`,
        params: (w) => ({ token: w.nextToken }),
        body: async (w) => {
          const email = `${randomUUID().slice(0, 8)}@invited.example`;
          w.nextToken = await makeInvitation(w, email);
          return { email, name: "Invited Person", password: "violet tractor harbour 42" };
        },
        expect: everyone(302),
      },
    ],
  },
  // A partner invitation's link: whoever holds it may open it; following it creates a partner organisation.
  "routes/join.$token": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/join/${w.partnerInvitationToken}`,
        params: (w) => ({ token: w.partnerInvitationToken }),
        expect: everyone(200),
      },
    ],
    action: [
      {
        changes: EVERYONE,
        owner: "buyer",
        path: (w) => `/join/${w.nextToken}`,
        params: (w) => ({ token: w.nextToken }),
        body: async (w) => {
          w.nextToken = await makePartnerInvitation(w, w.scoringEvaluationId);
          const tag = w.nextToken.slice(8, 16);
          return {
            email: `${tag}@unlisted.example`,
            companyName: `Joined ${tag} Consulting`,
            name: "Joining Person",
            password: "copper meadow lantern 58",
            timeZone: "Europe/London",
          };
        },
        expect: everyone(302),
      },
    ],
  },
  "routes/reset.$token": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/reset/${w.resetToken}`,
        params: (w) => ({ token: w.resetToken }),
        expect: everyone(200),
      },
    ],
    action: [
      {
        changes: EVERYONE,
        owner: "buyer",
        path: (w) => `/reset/${w.nextToken}`,
        params: (w) => ({ token: w.nextToken }),
        body: async (w) => {
          w.nextToken = await makeReset(w);
          return { password: `reset password ${randomUUID().slice(0, 6)}` };
        },
        expect: everyone(302),
      },
    ],
  },
  // Mail asked for without signing in: the same answer for every address, whoever asks (docs/product.md "Mail").
  "routes/forgot": {
    loader: [{ path: () => "/forgot", expect: { ...everyone(302), anonymous: 200 } }],
    action: [
      {
        changes: EVERYONE,
        path: () => "/forgot",
        body: () => ({ email: `${randomUUID().slice(0, 8)}@forgot.example` }),
        expect: everyone(200),
      },
    ],
  },
  "routes/confirm._index": {
    action: [
      {
        changes: EVERYONE,
        path: () => "/confirm",
        body: () => ({ email: `${randomUUID().slice(0, 8)}@resend.example` }),
        expect: everyone(200),
      },
    ],
  },
  // An unsubscribe link is a capability: whoever holds the token may open it (nothing changes) and press its button
  // (the token's person stops that topic), signed in or not.
  "routes/unsubscribe.$token": {
    loader: [
      {
        owner: "partner",
        path: (w) => `/unsubscribe/${w.unsubscribeToken}`,
        params: (w) => ({ token: w.unsubscribeToken }),
        expect: everyone(200),
      },
    ],
    action: [
      {
        changes: EVERYONE,
        owner: "partner",
        path: (w) => `/unsubscribe/${w.nextToken}`,
        params: (w) => ({ token: w.nextToken }),
        body: async (w) => {
          const member = await createMember(w.partner, "member");
          w.nextToken = await unsubscribeToken(member.userId, "debriefs");
          return { "List-Unsubscribe": "One-Click" };
        },
        expect: everyone(200),
      },
    ],
  },
  "routes/confirm.$token": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/confirm/${w.confirmationToken}`,
        params: (w) => ({ token: w.confirmationToken }),
        expect: everyone(200),
      },
    ],
    action: [
      {
        changes: EVERYONE,
        owner: "buyer",
        path: (w) => `/confirm/${w.nextToken}`,
        params: (w) => ({ token: w.nextToken }),
        body: async (w) => {
          w.nextToken = await makeConfirmation(await createMember(w.buyer, "viewer"));
          return {};
        },
        expect: everyone(200),
      },
    ],
  },
};
