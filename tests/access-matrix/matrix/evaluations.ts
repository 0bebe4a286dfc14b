// The access matrix, evaluations: the list, a new evaluation, an evaluation's page (shortlisting, delivery
// reviews, debriefs), a draft's details and checklist, triage.

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { toDraft } from "../../../app/domain/checklist-draft";
import { getEvaluationChecklist } from "../../../app/models/evaluation.server";
import { getDb } from "../../../db/client";
import { evaluations } from "../../../db/schema";
import { checklistForm } from "../../checklist-form";
import { createOrganisation } from "../../factories";
import { evaluationVersion, makeDecided } from "../makers";
import { buyerPage, EVALUATION_IN_REVIEW_UNASSIGNED, EVALUATION_IN_SCORING } from "../rows";
import type { Matrix } from "../types";

// Written by hand from docs/product.md "Access rules". Keep one entry per route id of the manifest, in one slice only.
export const EVALUATIONS: Matrix = {
  "routes/evaluations._index": { loader: [{ path: () => "/evaluations", expect: buyerPage() }] },
  "routes/evaluations.new": {
    loader: [{ path: () => "/evaluations/new", expect: buyerPage({ evaluator: 403, viewer: 403 }) }],
    // Any buyer admin creates evaluations of its own organisation.
    action: [
      {
        path: () => "/evaluations/new",
        changes: ["buyerAdmin", "outsider"],
        body: () => ({
          name: `New ${randomUUID().slice(0, 8)}`,
          template: "builtin",
          industry: "",
          sizeBand: "",
          otherSpecializations: "",
          deadlineOn: "",
          minimumTotal: "",
          _idempotency: randomUUID(),
        }),
        expect: buyerPage({ buyerAdmin: 302, outsider: 302, evaluator: 403, viewer: 403 }),
      },
    ],
  },
  "routes/evaluations.$evaluationId._index": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: EVALUATION_IN_SCORING,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
      {
        // Cancelled during scoring: viewers never see it; its assigned evaluator still does.
        owner: "buyer",
        path: (w) => `/evaluations/${w.cancelledScoringEvaluationId}`,
        params: (w) => ({ evaluationId: w.cancelledScoringEvaluationId }),
        expect: EVALUATION_IN_SCORING,
      },
      {
        // Cancelled after review: viewers keep seeing it.
        owner: "buyer",
        path: (w) => `/evaluations/${w.cancelledReviewEvaluationId}`,
        params: (w) => ({ evaluationId: w.cancelledReviewEvaluationId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
    ],
    // Shortlisting a new partner: admins only.
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        changes: ["buyerAdmin"],
        body: async () => ({ intent: "add-candidate", partnerId: (await createOrganisation("partner")).id }),
        expect: { ...EVALUATION_IN_SCORING, evaluator: 403 },
      },
      {
        // A delivery review of the chosen partner, after the decision: admins only (a viewer sees, 403).
        owner: "buyer",
        path: (w) => `/evaluations/${w.decidedEvaluationId}`,
        params: (w) => ({ evaluationId: w.decidedEvaluationId }),
        changes: ["buyerAdmin"],
        body: (w) => ({
          intent: "delivery-review",
          _idempotency: randomUUID(),
          candidateId: w.decidedChosenId,
          milestone: "Pilot live",
          quality: "4",
          schedule: "3",
          cost: "4",
          outcome: "Handle time down 12% against the baseline.",
          wouldEngageAgain: "yes",
          note: "",
        }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, viewer: 403 },
      },
      {
        // A debrief to a candidate not chosen, once per candidate: a fresh decided evaluation per cell; admins
        // only (a viewer sees, 403).
        owner: "buyer",
        path: (w) => `/evaluations/${w.nextId}`,
        params: (w) => ({ evaluationId: w.nextId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const made = await makeDecided(w, false);
          w.nextId = made.id;
          return {
            intent: "debrief",
            _idempotency: randomUUID(),
            candidateId: made.notChosenId ?? "",
            body: "Thank you for taking part.",
            includeScores: "on",
          };
        },
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, viewer: 403 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.details": {
    // A draft's name and context: buyer admins (the evaluator is not assigned to the draft, viewers never see one);
    // once scoring, the page sends admins back and an assigned evaluator gets 403.
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.draftEvaluationId}/details`,
        params: (w) => ({ evaluationId: w.draftEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, evaluator: 404 },
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/details`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 403 },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.draftEvaluationId}/details`,
        params: (w) => ({ evaluationId: w.draftEvaluationId }),
        changes: ["buyerAdmin"],
        body: async (w) => ({
          name: `Draft ${randomUUID().slice(0, 8)}`,
          industry: "",
          sizeBand: "",
          otherSpecializations: "",
          deadlineOn: "",
          minimumTotal: "",
          version: String(await evaluationVersion(w.draftEvaluationId)),
        }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 404 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.checklist": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/checklist`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: EVALUATION_IN_SCORING,
      },
    ],
    // Editing the frozen checklist of a draft (the evaluator is not assigned to the draft).
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.draftEvaluationId}/checklist`,
        params: (w) => ({ evaluationId: w.draftEvaluationId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const [e] = await getDb().select().from(evaluations).where(eq(evaluations.id, w.draftEvaluationId));
          const draft = toDraft(await getEvaluationChecklist(e));
          draft.sections[0].name = `Standing ${randomUUID().slice(0, 8)}`;
          return checklistForm(draft, { version: String(e.version) });
        },
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 404 },
      },
    ],
  },
  // Inviting a partner that is not listed: buyer admins while the shortlist is open; an assigned evaluator 403.
  "routes/evaluations.$evaluationId.invite": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/invite`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, evaluator: 403 },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/invite`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        changes: ["buyerAdmin"],
        body: () => {
          const tag = randomUUID().slice(0, 8);
          return {
            intent: "send",
            companyName: `Quokka ${tag} Analytics`,
            email: `contact@${tag}.unlisted.example`,
            _idempotency: randomUUID(),
          };
        },
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 403 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.triage": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/triage`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, evaluator: 403 },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/triage`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        changes: ["buyerAdmin"],
        body: async (w) => ({
          intent: "add-selected",
          partnerId: (await createOrganisation("partner")).id,
          version: String(await evaluationVersion(w.scoringEvaluationId)),
        }),
        expect: { ...EVALUATION_IN_SCORING, evaluator: 403 },
      },
    ],
  },
};
