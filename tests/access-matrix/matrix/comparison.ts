// The access matrix, comparison, record and decision: the comparison and its on-demand parts, the decision, the
// report and the exports.

import { evaluationVersion, makeEvaluation } from "../makers";
import {
  COMPARISON_IN_SCORING,
  DECIDE_IN_REVIEW,
  EVALUATION_IN_REVIEW_UNASSIGNED,
  EVALUATION_IN_SCORING,
  recordCases,
} from "../rows";
import type { Matrix } from "../types";

// Written by hand from docs/product.md "Access rules". Keep one entry per route id of the manifest, in one slice only.
export const COMPARISON: Matrix = {
  "routes/evaluations.$evaluationId.decide": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/decide`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        expect: DECIDE_IN_REVIEW,
      },
      {
        // Before review the page sends its admins back to the evaluation.
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/decide`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: { ...EVALUATION_IN_SCORING, buyerAdmin: 302, evaluator: 403 },
      },
    ],
    action: [
      {
        // A fresh evaluation in review per cell: a decision is made once.
        owner: "buyer",
        path: (w) => `/evaluations/${w.nextId}/decide`,
        params: (w) => ({ evaluationId: w.nextId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const made = await makeEvaluation(w, "review", [w.buyerAdmin]);
          w.nextId = made.id;
          return {
            chosen: made.candidateId,
            rationale: "Best evidence of delivery.",
            [`override.${made.candidateId}`]: "Chosen in the matrix.",
            acknowledge: "on",
            version: String(await evaluationVersion(made.id)),
          };
        },
        expect: { ...DECIDE_IN_REVIEW, buyerAdmin: 302 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.report": { loader: recordCases("report") },
  "routes/evaluations.$evaluationId.summary[.]csv": { loader: recordCases("summary.csv") },
  "routes/evaluations.$evaluationId.detail[.]csv": { loader: recordCases("detail.csv") },
  "routes/evaluations.$evaluationId.comparison[.]json": { loader: recordCases("comparison.json") },
  // The comparison and its on-demand parts: admins; evaluators once they submitted every candidate they may score
  // (the world's evaluator has not: 403, a page saying when it opens); viewers from review. Everyone else 404.
  "routes/evaluations.$evaluationId.compare._index": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/compare`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId }),
        expect: COMPARISON_IN_SCORING,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/compare`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
      {
        // Cancelled during scoring: as blind as it was (the evaluator submitted nothing), closed to viewers.
        owner: "buyer",
        path: (w) => `/evaluations/${w.cancelledScoringEvaluationId}/compare`,
        params: (w) => ({ evaluationId: w.cancelledScoringEvaluationId }),
        expect: COMPARISON_IN_SCORING,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.cancelledReviewEvaluationId}/compare`,
        params: (w) => ({ evaluationId: w.cancelledReviewEvaluationId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
    ],
  },
  "routes/evaluations.$evaluationId.compare.$candidateId": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/compare/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, candidateId: w.scoringCandidateId }),
        expect: COMPARISON_IN_SCORING,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/compare/${w.reviewCandidateId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId, candidateId: w.reviewCandidateId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
      {
        // A candidate of another evaluation of the same buyer, named under this one: missing, for everyone.
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/compare/${w.scoringCandidateId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId, candidateId: w.scoringCandidateId }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, buyerAdmin: 404, viewer: 404 },
      },
    ],
  },
  "routes/evaluations.$evaluationId.compare.criteria.$criterionId": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.scoringEvaluationId}/compare/criteria/${w.scoringCriterionId}`,
        params: (w) => ({ evaluationId: w.scoringEvaluationId, criterionId: w.scoringCriterionId }),
        expect: COMPARISON_IN_SCORING,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/compare/criteria/${w.reviewCriterionId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId, criterionId: w.reviewCriterionId }),
        expect: EVALUATION_IN_REVIEW_UNASSIGNED,
      },
      {
        owner: "buyer",
        path: (w) => `/evaluations/${w.reviewEvaluationId}/compare/criteria/${w.scoringCriterionId}`,
        params: (w) => ({ evaluationId: w.reviewEvaluationId, criterionId: w.scoringCriterionId }),
        expect: { ...EVALUATION_IN_REVIEW_UNASSIGNED, buyerAdmin: 404, viewer: 404 },
      },
    ],
  },
};
