// The access matrix's vocabulary: the kinds of people, the expected outcomes, the world the cases run in, and the
// shape of a case. Expectations are written by hand from the access rules, never derived from the code.

import type { createWorld, TestUser } from "../factories";

export type Who =
  | "anonymous"
  | "buyerAdmin"
  | "evaluator"
  | "viewer"
  | "partnerAdmin"
  | "partnerMember"
  | "outsider";

/** 200 ok, 302 redirect (to sign-in for anonymous, elsewhere otherwise), 403, 404, 409 (not yet: the status). */
export type Expect = 200 | 302 | 403 | 404 | 409;
export type Row = Record<Who, Expect>;

export type World = Awaited<ReturnType<typeof createWorld>> & {
  otherBuyerAdmin: TestUser;
  otherPartnerAdmin: TestUser;
  /** Signs in through the login action (kept apart so that password changes elsewhere do not matter). */
  signInUser: TestUser;
  buyerMemberId: string;
  partnerMemberId: string;
  /** A pending invitation of the buyer and a valid reset link for one of its members. */
  invitationToken: string;
  resetToken: string;
  /** A valid confirmation link of a new account's address. */
  confirmationToken: string;
  /** The token a capability action case made just before its request. */
  nextToken: string;
  /** An unsubscribe link's token: the partner member's, for debriefs. */
  unsubscribeToken: string;
  /** A pending partner invitation of the buyer on the scoring evaluation. */
  partnerInvitationToken: string;
  /** A reference deployment of the world's partner, and the id an action case made just before its request. */
  referenceId: string;
  nextId: string;
  /** A file evidence of the world's partner and its current version. */
  evidenceId: string;
  evidenceVersionId: string;
  /** A checklist template of the world's buyer. */
  templateId: string;
  /** Evaluations of the world's buyer: in draft, in scoring (the evaluator assigned and declared), in review (the
   * evaluator not assigned); the world's partner is a candidate of each. */
  draftEvaluationId: string;
  scoringEvaluationId: string;
  reviewEvaluationId: string;
  scoringCandidateId: string;
  scoringCriterionId: string;
  /** An open evidence request to the world's partner. */
  requestId: string;
  /** The numeric "Blended day rate" criterion of the scoring evaluation; the review evaluation's candidate and a
   * rated criterion of it. */
  scoringNumericId: string;
  reviewCandidateId: string;
  reviewCriterionId: string;
  /** A decided evaluation (the buyer admin assigned): another partner chosen, the world's partner debriefed. */
  decidedEvaluationId: string;
  decidedChosenId: string;
  debriefId: string;
  /** Cancelled evaluations: one during scoring (the evaluator assigned, nothing submitted), one after review (the
   * evaluator not assigned), with the world's partner a candidate of each. */
  cancelledScoringEvaluationId: string;
  cancelledScoringCandidateId: string;
  cancelledReviewEvaluationId: string;
};

export interface LoaderCase {
  /** Who changes something by reading (a buyer's evidence download is recorded); nobody by default. */
  changes?: readonly Who[];
  /** Text that must not appear in what the outsider receives. */
  mustNotShow?: (w: World) => string[];
  /** Which organisation owns the object named in the URL; decides who the outsider is. */
  owner?: "buyer" | "partner";
  path: (w: World) => string;
  params?: (w: World) => Record<string, string>;
  expect: Row;
}

export interface ActionCase extends Omit<LoaderCase, "changes"> {
  /** Who may change something (the positive controls); every other cell must leave the database unchanged. */
  changes: readonly Who[];
  /** A body that would succeed for a permitted role (it may create what it needs, e.g. a fresh invitation). */
  body: (
    w: World,
    who: Who,
  ) => Record<string, string> | FormData | Promise<Record<string, string> | FormData>;
}

export interface MatrixEntry {
  loader?: LoaderCase[];
  action?: ActionCase[];
}

/** A slice of the matrix: one entry per route id of the manifest it covers. */
export type Matrix = Record<string, MatrixEntry>;
