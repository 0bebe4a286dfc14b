// The world every slice of the matrix runs in: a buyer and a partner with each kind of person, another buyer and
// partner (the outsiders), and an object of each kind the routes name. Each test file builds its own, in its own
// database, then counts every change from there on.

import { eq } from "drizzle-orm";
import { getEvaluationChecklist } from "../../app/models/evaluation.server";
import { moveStatus } from "../../app/models/evaluation-setup.server";
import { unsubscribeToken } from "../../app/models/mail-preferences.server";
import { getDb } from "../../db/client";
import { evaluations, memberships } from "../../db/schema";
import { installChangeCounter } from "../change-counter";
import { createMember, createOrganisation, createWorld, type TestUser } from "../factories";
import {
  evaluationVersion,
  makeConfirmation,
  makeDecided,
  makeEvaluation,
  makeEvidence,
  makeInvitation,
  makePartnerInvitation,
  makeReference,
  makeRequest,
  makeReset,
  makeTemplate,
} from "./makers";
import type { Who, World } from "./types";

/** Builds the world, then installs the change counter: a refused request must change no row from here on. */
export async function buildWorld(): Promise<World> {
  const base = await createWorld();
  const otherBuyer = await createOrganisation("buyer");
  const otherPartner = await createOrganisation("partner");
  const otherBuyerAdmin = await createMember(otherBuyer, "admin");
  const otherPartnerAdmin = await createMember(otherPartner, "admin");
  const member = async (u: TestUser) =>
    (
      await getDb().select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, u.userId))
    )[0].id;
  const world: World = {
    ...base,
    otherBuyerAdmin,
    otherPartnerAdmin,
    signInUser: await createMember(base.buyer, "viewer"),
    // Objects of their own, so that a role change in one cell does not change who the personas are.
    buyerMemberId: await member(base.evaluator2),
    partnerMemberId: await member(await createMember(base.partner, "member")),
    invitationToken: await makeInvitation(base, "pending.person@example.com"),
    resetToken: await makeReset(base),
    confirmationToken: await makeConfirmation(await createMember(base.buyer, "viewer")),
    nextToken: "",
    unsubscribeToken: await unsubscribeToken(base.partnerMember.userId, "debriefs"),
    partnerInvitationToken: "",
    referenceId: "",
    nextId: "",
    evidenceId: "",
    evidenceVersionId: "",
    templateId: "",
    draftEvaluationId: "",
    scoringEvaluationId: "",
    reviewEvaluationId: "",
    scoringCandidateId: "",
    scoringCriterionId: "",
    requestId: "",
    scoringNumericId: "",
    reviewCandidateId: "",
    reviewCriterionId: "",
    decidedEvaluationId: "",
    decidedChosenId: "",
    debriefId: "",
    cancelledScoringEvaluationId: "",
    cancelledScoringCandidateId: "",
    cancelledReviewEvaluationId: "",
  };
  world.templateId = await makeTemplate(world);
  world.draftEvaluationId = (await makeEvaluation(world, "draft", [])).id;
  const scoring = await makeEvaluation(world, "scoring", [world.evaluator]);
  world.scoringEvaluationId = scoring.id;
  world.scoringCandidateId = scoring.candidateId;
  world.partnerInvitationToken = await makePartnerInvitation(world, scoring.id);
  const [e] = await getDb().select().from(evaluations).where(eq(evaluations.id, scoring.id));
  world.scoringCriterionId = (await getEvaluationChecklist(e)).sections[0].criteria[0].key;
  const review = await makeEvaluation(world, "review", [world.buyerAdmin]);
  world.reviewEvaluationId = review.id;
  world.reviewCandidateId = review.candidateId;
  const [r] = await getDb().select().from(evaluations).where(eq(evaluations.id, review.id));
  world.reviewCriterionId = (await getEvaluationChecklist(r)).sections[0].criteria[0].key;
  world.scoringNumericId = (await getEvaluationChecklist(e)).sections
    .flatMap((s) => s.criteria)
    .find((c) => c.kind === "numeric")!.key;
  world.requestId = await makeRequest(world);
  const made = await makeEvidence(world);
  world.evidenceId = made.evidenceId;
  world.evidenceVersionId = made.versionId;
  world.referenceId = await makeReference(world);
  const decided = await makeDecided(world);
  world.decidedEvaluationId = decided.id;
  world.decidedChosenId = decided.chosenId;
  world.debriefId = decided.debriefId;
  const admin = { userId: world.buyerAdmin.userId, organisationId: world.buyer.id };
  const cancelledScoring = await makeEvaluation(world, "scoring", [world.evaluator]);
  await moveStatus(admin, cancelledScoring.id, await evaluationVersion(cancelledScoring.id), "cancelled");
  world.cancelledScoringEvaluationId = cancelledScoring.id;
  world.cancelledScoringCandidateId = cancelledScoring.candidateId;
  const cancelledReview = await makeEvaluation(world, "review", [world.buyerAdmin]);
  await moveStatus(admin, cancelledReview.id, await evaluationVersion(cancelledReview.id), "cancelled");
  world.cancelledReviewEvaluationId = cancelledReview.id;
  // Every insert, update and delete from here on is counted: a refused request must change no row.
  await installChangeCounter();
  return world;
}

/** Who plays `who` for an object of the buyer or of the partner (the outsider: the other one's admin). */
export function person(w: World, who: Who, owner: "buyer" | "partner" = "buyer"): TestUser | undefined {
  if (who === "anonymous") return undefined;
  if (who === "outsider") return owner === "buyer" ? w.otherBuyerAdmin : w.otherPartnerAdmin;
  return w[who];
}
