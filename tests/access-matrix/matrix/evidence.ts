// The access matrix, evidence and requests: the partner's evidence, its uploads and files, the evidence requests
// buyers send it and the debriefs it receives.

import { randomUUID } from "node:crypto";
import { makeCertification, makeEvidence, makeRequest, ownPartner } from "../makers";
import { PARTNER_EDITORS, partnerPage, signedInOnly } from "../rows";
import type { Matrix } from "../types";

const PDF_BYTES = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

// Written by hand from docs/product.md "Access rules". Keep one entry per route id of the manifest, in one slice only.
export const EVIDENCE: Matrix = {
  "routes/evidence._index": {
    loader: [{ owner: "partner", path: () => "/evidence", expect: partnerPage() }],
    action: [
      {
        // A link needs no file; the claim is one of the editor's own organisation.
        owner: "partner",
        path: () => "/evidence?index",
        changes: PARTNER_EDITORS,
        body: async (w, who) => {
          const form = new FormData();
          form.set("_idempotency", randomUUID());
          form.set("claim", `certification:${await makeCertification(w, ownPartner(w, who))}`);
          form.set("title", "Audit report");
          form.set("source", "link");
          form.set("url", "https://example.com/report");
          form.set("visibility", "all_buyers");
          return form;
        },
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
  },
  // The same writes for the progress-bar client, answered in JSON (200 with the location to go to).
  "routes/evidence.upload": {
    // Opened in a browser: the Evidence page, whose form posts here.
    loader: [
      {
        owner: "partner",
        path: () => "/evidence/upload",
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
    action: [
      {
        owner: "partner",
        path: () => "/evidence/upload",
        changes: PARTNER_EDITORS,
        body: async (w, who) => {
          const form = new FormData();
          form.set("_idempotency", randomUUID());
          form.set("claim", `certification:${await makeCertification(w, ownPartner(w, who))}`);
          form.set("title", "Audit report");
          form.set("source", "link");
          form.set("url", "https://example.com/report");
          form.set("visibility", "all_buyers");
          return form;
        },
        expect: partnerPage(),
      },
    ],
  },
  "routes/evidence.$evidenceId.upload": {
    // Opened in a browser: the evidence's page (which answers 404 to anyone but its partner).
    loader: [
      {
        owner: "partner",
        path: (w) => `/evidence/${w.evidenceId}/upload`,
        params: (w) => ({ evidenceId: w.evidenceId }),
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 302 }),
      },
    ],
    action: [
      {
        owner: "partner",
        path: (w) => `/evidence/${w.nextId}/upload`,
        params: (w) => ({ evidenceId: w.nextId }),
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w) => {
          w.nextId = (await makeEvidence(w)).evidenceId;
          const form = new FormData();
          form.set("version", "1");
          form.set("source", "file");
          form.set("file", new Blob([PDF_BYTES], { type: "application/pdf" }), "report-v2.pdf");
          return form;
        },
        expect: partnerPage({ outsider: 404 }),
      },
    ],
  },
  "routes/evidence.$evidenceId": {
    loader: [
      {
        owner: "partner",
        path: (w) => `/evidence/${w.evidenceId}`,
        params: (w) => ({ evidenceId: w.evidenceId }),
        expect: partnerPage({ outsider: 404 }),
      },
    ],
    action: [
      {
        owner: "partner",
        path: (w) => `/evidence/${w.nextId}`,
        params: (w) => ({ evidenceId: w.nextId }),
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w) => {
          w.nextId = (await makeEvidence(w)).evidenceId;
          return { intent: "save", version: "1", title: "Renamed evidence", visibility: "restricted" };
        },
        expect: partnerPage({ outsider: 404 }),
      },
    ],
  },
  // Evidence files: the owner's people; buyers (the current version of evidence visible to all buyers; each
  // download recorded); never another partner.
  "routes/evidence-files.$versionId": {
    loader: [
      {
        owner: "partner",
        path: (w) => `/evidence-files/${w.evidenceVersionId}`,
        params: (w) => ({ versionId: w.evidenceVersionId }),
        changes: ["buyerAdmin", "evaluator", "viewer"],
        expect: signedInOnly(200, { outsider: 404 }),
      },
    ],
  },
  "routes/requests.$requestId": {
    // The partner a request is addressed to reads and answers it; anyone else: 404.
    loader: [
      {
        owner: "partner",
        path: (w) => `/requests/${w.requestId}`,
        params: (w) => ({ requestId: w.requestId }),
        mustNotShow: (w) => [w.scoringEvaluationId],
        expect: partnerPage({ outsider: 404 }),
      },
    ],
    action: [
      {
        owner: "partner",
        path: (w) => `/requests/${w.nextId}`,
        params: (w) => ({ requestId: w.nextId }),
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w) => {
          w.nextId = await makeRequest(w);
          return {
            intent: "answer",
            evidence: w.evidenceId,
            note: "Attached.",
            version: "1",
            _idempotency: randomUUID(),
          };
        },
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 404 }),
      },
      {
        // New evidence added from the request's page (the upload pipeline), back to the request with it ticked;
        // another partner naming this request: 404, nothing stored.
        owner: "partner",
        path: (w) => `/requests/${w.requestId}?add-evidence`,
        params: (w) => ({ requestId: w.requestId }),
        changes: ["partnerAdmin", "partnerMember"],
        body: async (w, who) => {
          const form = new FormData();
          form.set("_idempotency", randomUUID());
          form.set("request", w.requestId);
          form.set("claim", `certification:${await makeCertification(w, ownPartner(w, who))}`);
          form.set("title", "Outcome report");
          form.set("source", "link");
          form.set("url", "https://example.com/outcomes");
          form.set("visibility", "restricted");
          return form;
        },
        expect: partnerPage({ partnerAdmin: 302, partnerMember: 302, outsider: 404 }),
      },
    ],
  },
  "routes/requests._index": {
    loader: [{ owner: "partner", path: () => "/requests", expect: partnerPage() }],
  },
  "routes/requests.debriefs.$debriefId": {
    // The partner a debrief is addressed to reads it; anyone else (its author's buyer too): 404.
    loader: [
      {
        owner: "partner",
        path: (w) => `/requests/debriefs/${w.debriefId}`,
        params: (w) => ({ debriefId: w.debriefId }),
        mustNotShow: (w) => [w.decidedEvaluationId, w.decidedChosenId],
        expect: partnerPage({ outsider: 404 }),
      },
    ],
  },
};
