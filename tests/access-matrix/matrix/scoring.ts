// The access matrix, scoring and review: numeric values, consensus, declarations, a candidate's scoring page
// (scores, evidence requests).

import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { consensusScores, numericValues, scores } from "../../../db/schema";
import { makeRequest } from "../makers";
import { EVALUATION_IN_REVIEW_UNASSIGNED, EVALUATION_IN_SCORING } from "../rows";
import type { Matrix } from "../types";

// Written by hand from docs/product.md "Access rules". Keep one entry per route id of the manifest, in one slice only.
export const SCORING: Matrix = {
  "routes/evaluations.$evaluationId.values": {
    // Numeric values: buyer admins only.
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/values`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, evaluator: 403 },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/values`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const [saved] = await getDb()
            .select()
            .from(numericValues)
            .where(
              and(
                eq(numericValues.candidateId, w.scoringCandidateId),
                eq(numericValues.criterionId, w.scoringNumericId),
              ),
            );
          return {
            intent: "set",
            candidateId: w.scoringCandidateId,
            criterionId: w.scoringNumericId,
            value: String(1000 + Math.floor(Math.random() * 900)),
            version: saved ? String(saved.version) : "",
            _idempotency: randomUUID(),
          };
        },
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 403 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.consensus": {
    // Consensus: buyer admins; set only in review (the evaluator is not assigned to the review evaluation).
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/consensus`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, viewer: 403 },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/consensus`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const [saved] = await getDb()
            .select()
            .from(consensusScores)
            .where(
              and(
                eq(consensusScores.candidateId, w.reviewCandidateId),
                eq(consensusScores.criterionId, w.reviewCriterionId),
              ),
            );
          return {
            intent: "set",
            candidateId: w.reviewCandidateId,
            criterionId: w.reviewCriterionId,
            value: saved ? String(saved.value === 3.5 ? 4 : 3.5) : "3.5",
            rationale: `Agreed in the review meeting ${randomUUID().slice(0, 8)}.`,
            version: saved ? String(saved.version) : "",
            _idempotency: randomUUID(),
          };
        },
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, buyerAdmin: 302, viewer: 403 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.declaration": {
    // Only the assigned evaluators declare (the admin is not assigned here).
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/declaration`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 404 },
      },
      {
        // In review: the admin is assigned there; the evaluator is not (404), nor are viewers.
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/declaration`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, viewer: 404 },
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/declaration`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        changes: ["evaluator"],
        body: () => ({ choice: "none", note: "" }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 404, evaluator: 302 },
      },
      {
        // In review a declaration no longer changes: the assigned admin (who declared) gets 409, nothing changes.
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/declaration`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        changes: [],
        body: () => ({ choice: "none", note: "" }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, buyerAdmin: 409, viewer: 404 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.candidates.$candidateId": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/candidates/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, candidateId: w.scoringCandidateId }),
        expect: EVALUATION_IN_SCORING,
      },
      {
        // In review: viewers read it; an evaluator not assigned gets 404.
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/candidates/${w.reviewCandidateId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId, candidateId: w.reviewCandidateId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
      {
        // Cancelled during scoring: its evaluator reads its own page (blind still), viewers get 404.
        owner: "buyer",
        path: (w) =>
          `/evaluations/${w.cancelledScoringEvaluationId}/candidates/${w.cancelledScoringCandidateId}`,
        params: (w) => ({
          evaluationId: w.cancelledScoringEvaluationId,
          candidateId: w.cancelledScoringCandidateId,
        }),
        expect: EVALUATION_IN_SCORING,
      },
    ],
    // Saving a score: the assigned evaluator only; an admin who is not assigned reads but does not score.
    action: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/candidates/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, candidateId: w.scoringCandidateId }),
        changes: ["evaluator"],
        body: async (w) => {
          const [saved] = await getDb()
            .select()
            .from(scores)
            .where(
              and(
                eq(scores.candidateId, w.scoringCandidateId),
                eq(scores.criterionId, w.scoringCriterionId),
                eq(scores.evaluatorUserId, w.evaluator.userId),
              ),
            );
          return {
            intent: "score",
            criterionId: w.scoringCriterionId,
            value: saved ? String((saved.value + 1) % 6) : "3",
            justification: `Checked the vendor directory ${randomUUID().slice(0, 8)}.`,
            version: saved ? String(saved.version) : "",
          };
        },
        // Without JavaScript a saved score redirects back to its criterion.
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 403, evaluator: 302 },
      },
      {
        // Asking the partner for evidence: admins and the assigned evaluator.
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/candidates/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, candidateId: w.scoringCandidateId }),
        changes: ["buyerAdmin", "evaluator"],
        body: (w) => ({
          intent: "request-evidence",
          criterionId: w.scoringCriterionId,
          message: "Please share the runbook.",
          dueOn: "2099-01-31",
          _idempotency: randomUUID(),
        }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 302 },
      },
      {
        // Closing a request (a fresh one each time, asked by the evaluator): the asker or an admin.
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/candidates/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, candidateId: w.scoringCandidateId }),
        changes: ["buyerAdmin", "evaluator"],
        body: async (w) => {
          w.nextId = await makeRequest(w);
          return {
            intent: "close-request",
            criterionId: w.scoringCriterionId,
            requestId: w.nextId,
            version: "1",
          };
        },
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 302 },
      },
    ],
  },
};
