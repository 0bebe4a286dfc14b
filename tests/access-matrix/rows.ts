// The rows of the matrix shared by several routes: who gets what, written by hand from the access rules.

import type { Expect, LoaderCase, Row, Who } from "./types";

export const SIGNED_IN: Who[] = [
  "buyerAdmin",
  "evaluator",
  "viewer",
  "partnerAdmin",
  "partnerMember",
  "outsider",
];
export const EVERYONE: Who[] = [
  "anonymous",
  "buyerAdmin",
  "evaluator",
  "viewer",
  "partnerAdmin",
  "partnerMember",
  "outsider",
];
export const PARTNER_EDITORS: Who[] = ["partnerAdmin", "partnerMember", "outsider"];

// A member of the buyer (or of the partner) named in the URL: admins of that organisation only; another
// organisation's admin gets 404, other roles 403 whatever the id.
export const BUYER_MEMBER_OBJECT: Row = {
  anonymous: 302,
  buyerAdmin: 200,
  evaluator: 403,
  viewer: 403,
  partnerAdmin: 404,
  partnerMember: 403,
  outsider: 404,
};
export const PARTNER_MEMBER_OBJECT: Row = {
  anonymous: 302,
  buyerAdmin: 404,
  evaluator: 403,
  viewer: 403,
  partnerAdmin: 200,
  partnerMember: 403,
  outsider: 404,
};

/** A buyer admin's template: its admins only; another buyer's admin gets 404, buyer roles 403, partners 404. */
export const BUYER_ADMIN_OBJECT: Row = {
  anonymous: 302,
  buyerAdmin: 200,
  evaluator: 403,
  viewer: 403,
  partnerAdmin: 404,
  partnerMember: 404,
  outsider: 404,
};

/** One of the buyer's evaluations: admins; assigned evaluators; viewers from review. Everyone else 404. */
export const EVALUATION_IN_SCORING: Row = {
  anonymous: 302,
  buyerAdmin: 200,
  evaluator: 200,
  viewer: 404,
  partnerAdmin: 404,
  partnerMember: 404,
  outsider: 404,
};
export const EVALUATION_IN_REVIEW_UNASSIGNED: Row = { ...EVALUATION_IN_SCORING, evaluator: 404, viewer: 200 };
/** The assigned evaluator, still blind, gets a 403 page that says when the comparison opens (it knows the evaluation). */
export const COMPARISON_IN_SCORING: Row = { ...EVALUATION_IN_SCORING, evaluator: 403 };
/**
 * The record and its exports open from review: before, those who may see the comparison get 409; the assigned
 * evaluator, still blind, gets 403 as from the comparison (docs/product.md: exports to evaluators under its rule).
 */
export const EXPORT_IN_SCORING: Row = { ...COMPARISON_IN_SCORING, buyerAdmin: 409 };
/** Deciding: buyer admins, from review; a viewer who sees the evaluation gets 403. */
export const DECIDE_IN_REVIEW: Row = { ...EVALUATION_IN_REVIEW_UNASSIGNED, viewer: 403 };

export const signedInOnly = (ok: Expect, overrides: Partial<Row> = {}): Row => ({
  anonymous: 302,
  buyerAdmin: ok,
  evaluator: ok,
  viewer: ok,
  partnerAdmin: ok,
  partnerMember: ok,
  outsider: ok,
  ...overrides,
});

export const buyerPage = (overrides: Partial<Row> = {}): Row =>
  signedInOnly(200, { partnerAdmin: 404, partnerMember: 404, ...overrides });
export const partnerPage = (overrides: Partial<Row> = {}): Row =>
  signedInOnly(200, { buyerAdmin: 404, evaluator: 404, viewer: 404, ...overrides });
export const everyone = (status: Expect): Row => Object.fromEntries(EVERYONE.map((w) => [w, status])) as Row;

/** The record's routes (report, exports): in scoring, in review, and decided (the frozen record). */
export function recordCases(suffix: string): LoaderCase[] {
  return [
    {
      owner: "buyer",
      path: (w) => `/evaluations/${w.scoringEvaluationId}/${suffix}`,
      params: (w) => ({ evaluationId: w.scoringEvaluationId }),
      expect: EXPORT_IN_SCORING,
    },
    {
      owner: "buyer",
      path: (w) => `/evaluations/${w.reviewEvaluationId}/${suffix}`,
      params: (w) => ({ evaluationId: w.reviewEvaluationId }),
      expect: EVALUATION_IN_REVIEW_UNASSIGNED,
    },
    {
      owner: "buyer",
      path: (w) => `/evaluations/${w.decidedEvaluationId}/${suffix}`,
      params: (w) => ({ evaluationId: w.decidedEvaluationId }),
      expect: EVALUATION_IN_REVIEW_UNASSIGNED,
    },
    {
      // Cancelled during scoring: it never reached review, so its record never opens.
      owner: "buyer",
      path: (w) => `/evaluations/${w.cancelledScoringEvaluationId}/${suffix}`,
      params: (w) => ({ evaluationId: w.cancelledScoringEvaluationId }),
      expect: EXPORT_IN_SCORING,
    },
    {
      owner: "buyer",
      path: (w) => `/evaluations/${w.cancelledReviewEvaluationId}/${suffix}`,
      params: (w) => ({ evaluationId: w.cancelledReviewEvaluationId }),
      expect: EVALUATION_IN_REVIEW_UNASSIGNED,
    },
  ];
}
