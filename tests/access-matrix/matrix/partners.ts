// The access matrix, partner profiles and the directory: the partner's own profile pages and their forms, the
// directory, a partner's public profile (and a buyer's verdicts on its evidence), the side-by-side comparison.

import { randomUUID } from "node:crypto";
import { networkMemberships, partnerProfiles, supportTerms } from "../../../db/schema";
import {
  makeCertification,
  makeEvidence,
  makeReference,
  optionalVersion,
  ownPartner,
  versionOf,
} from "../makers";
import { buyerPage, PARTNER_EDITORS, partnerPage, signedInOnly } from "../rows";
import type { Matrix } from "../types";

const REFERENCE_FORM = {
  customer: "Acme",
  industry: "Retail",
  sizeBand: "1k-5k",
  useCase: "customer_service",
  status: "production",
  "outcomes.0.metric": "Handle time",
  "outcomes.0.baseline": "600",
  "outcomes.0.result": "480",
  "outcomes.0.unit": "seconds",
};

// Written by hand from docs/product.md "Access rules". Keep one entry per route id of the manifest, in one slice only.
export const PARTNERS: Matrix = {
  "routes/partners._index": { loader: [{ path: () => "/partners", expect: signedInOnly(200) }] },
  "routes/profile._index": { loader: [{ owner: "partner", path: () => "/profile", expect: partnerPage() }] },
  "routes/profile.references._index": {
    loader: [{ owner: "partner", path: () => "/profile/references", expect: partnerPage() }],
  },
  // Profile editing: both partner roles edit their own organisation's profile; the outsider (another partner's
  // admin) edits its own profile through the same forms; buyers get 404.
  "routes/profile.facts": {
    loader: [{ owner: "partner", path: () => "/profile/facts", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/facts",
        changes: PARTNER_EDITORS,
        body: async (w, who) => ({
          intent: "save",
          version: String(await versionOf(partnerProfiles, ownPartner(w, who))),
          partnerType: "consultancy",
          hqCountry: "AU",
          regions: "europe",
          headcountBand: "50-249",
          website: "https://example.com",
          description: `Facts saved by ${who}`,
        }),
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
  },
  "routes/profile.membership": {
    loader: [{ owner: "partner", path: () => "/profile/membership", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/membership",
        changes: PARTNER_EDITORS,
        body: async (w, who) => ({
          intent: "save",
          version: await optionalVersion(networkMemberships, ownPartner(w, who)),
          tier: who === "partnerMember" ? "advanced" : "select",
          memberSince: "2024-01-01",
        }),
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
  },
  "routes/profile.support": {
    loader: [{ owner: "partner", path: () => "/profile/support", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/support",
        changes: PARTNER_EDITORS,
        body: async (w, who) => ({
          intent: "save",
          version: await optionalVersion(supportTerms, ownPartner(w, who)),
          supportHours: "24x7",
          p1ResponseMinutes: who === "partnerMember" ? "45" : "30",
          p1ResolutionHours: "8",
          warrantyDays: "90",
          maintenanceModel: "co_managed",
        }),
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
  },
  "routes/profile.certifications": {
    loader: [{ owner: "partner", path: () => "/profile/certifications", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/certifications",
        changes: PARTNER_EDITORS,
        body: () => ({
          intent: "create",
          _idempotency: randomUUID(),
          track: "Applied AI engineering",
          certifiedStaff: "3",
          issuedOn: "2025-01-15",
        }),
        expect: partnerPage(),
      },
      {
        // Editing names a certification of the world's partner: another partner's admin gets 404.
        owner: "partner",
        path: () => "/profile/certifications",
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w) => ({
          intent: "update",
          id: await makeCertification(w),
          version: "1",
          track: "Renamed track",
          certifiedStaff: "5",
          issuedOn: "2025-02-01",
        }),
        expect: partnerPage({ outsider: 404 }),
      },
    ],
  },
  "routes/profile.specializations": {
    loader: [{ owner: "partner", path: () => "/profile/specializations", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/specializations",
        changes: PARTNER_EDITORS,
        body: () => ({
          intent: "create",
          _idempotency: randomUUID(),
          name: "other",
          otherName: `Specialty ${randomUUID().slice(0, 8)}`,
          achievedOn: "2025-05-01",
        }),
        expect: partnerPage(),
      },
    ],
  },
  "routes/profile.providers": {
    loader: [{ owner: "partner", path: () => "/profile/providers", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/providers",
        changes: PARTNER_EDITORS,
        // One provider per partner: each person of a partner claims a different one.
        body: (_w, who) => ({
          intent: "create",
          _idempotency: randomUUID(),
          provider: who === "partnerMember" ? "mistral" : who === "outsider" ? "google" : "cohere",
          productionDeployments: "4",
        }),
        expect: partnerPage(),
      },
    ],
  },
  "routes/profile.documents": {
    loader: [{ owner: "partner", path: () => "/profile/documents", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/documents",
        changes: PARTNER_EDITORS,
        body: () => ({
          intent: "create",
          _idempotency: randomUUID(),
          title: "SOC 2 report",
          kind: "security_attestation",
        }),
        expect: partnerPage(),
      },
    ],
  },
  "routes/profile.references.new": {
    loader: [{ owner: "partner", path: () => "/profile/references/new", expect: partnerPage() }],
    action: [
      {
        owner: "partner",
        path: () => "/profile/references/new",
        changes: PARTNER_EDITORS,
        body: () => ({ ...REFERENCE_FORM, intent: "create", _idempotency: randomUUID() }),
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
  },
  "routes/profile.references.$referenceId": {
    loader: [
      {
        owner: "partner",
        path: (w) => `/profile/references/${w.referenceId}`,
        params: (w) => ({ referenceId: w.referenceId }),
        expect: partnerPage({ outsider: 404 }),
      },
    ],
    action: [
      {
        owner: "partner",
        path: (w) => `/profile/references/${w.nextId}`,
        params: (w) => ({ referenceId: w.nextId }),
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w) => {
          w.nextId = await makeReference(w);
          return { ...REFERENCE_FORM, intent: "save", version: "1", customer: "Renamed customer" };
        },
        expect: partnerPage({ outsider: 404 }),
      },
    ],
  },
  // Every signed-in person reads partner profiles (claims only); the outsider too: profiles are public to users.
  "routes/partners.$partnerId": {
    loader: [
      {
        owner: "partner",
        path: (w) => `/partners/${w.partner.id}`,
        params: (w) => ({ partnerId: w.partner.id }),
        expect: signedInOnly(200),
      },
    ],
    action: [
      {
        // Each buyer records its own verdict on evidence visible to all buyers: the other buyer's admin too.
        owner: "buyer",
        path: (w) => `/partners/${w.partner.id}`,
        params: (w) => ({ partnerId: w.partner.id }),
        changes: ["buyerAdmin", "evaluator", "outsider"],
        body: async (w) => ({
          intent: "verify",
          versionId: (await makeEvidence(w)).versionId,
          status: "verified",
          note: "",
        }),
        expect: buyerPage({ viewer: 403 }),
      },
      {
        // Restricted evidence not shared with a buyer does not exist for it.
        owner: "buyer",
        path: (w) => `/partners/${w.partner.id}`,
        params: (w) => ({ partnerId: w.partner.id }),
        changes: [],
        body: async (w) => ({
          intent: "verify",
          versionId: (await makeEvidence(w, "restricted")).versionId,
          status: "verified",
          note: "",
        }),
        expect: buyerPage({ buyerAdmin: 404, evaluator: 404, viewer: 403, outsider: 404 }),
      },
    ],
  },
  "routes/partners.compare": {
    loader: [
      {
        path: (w) => `/partners/compare?id=${w.partner.id}&id=${w.otherPartnerAdmin.organisationId}`,
        expect: signedInOnly(200),
      },
    ],
  },
};
