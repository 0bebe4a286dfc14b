// Delivery reviews: after a decision, the buyer rates what a chosen partner delivered at a milestone. Selection
// learns from delivery: the comparison and the partner's page show this buyer's reviews.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { getDb } from "../../db/client";
import { decisions, deliveryReviews, evaluationEvaluators, evaluations } from "../../db/schema";
import type { ExportInput } from "../domain/comparison-export";
import type { Viewer } from "../utils/access.server";
import { NotFound, RuleRefused } from "../utils/errors.server";
import { type Actor, recordAudit } from "./audit.server";
import type { DeliveryReviewInput } from "./decision-forms.server";
import { isUuid } from "./member.server";

/** Records a delivery review of a chosen partner of a decided evaluation, audited, inside `tx`. */
export async function addDeliveryReview(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  input: DeliveryReviewInput,
  now = new Date(),
) {
  const [decision] = await tx
    .select({ chosen: decisions.chosenCandidateIds, record: decisions.record })
    .from(decisions)
    .where(and(eq(decisions.evaluationId, evaluationId), eq(decisions.organisationId, actor.organisationId)));
  if (!decision) throw new RuleRefused("Delivery reviews follow a decision.");
  if (!isUuid(input.candidateId) || !decision.chosen.includes(input.candidateId)) {
    throw new RuleRefused("Review the delivery of a partner this evaluation chose.");
  }
  // The chosen partner as the decision froze it.
  const candidate = (decision.record as ExportInput).candidates.find((c) => c.id === input.candidateId);
  if (!candidate) throw new NotFound();
  const [row] = await tx
    .insert(deliveryReviews)
    .values({
      organisationId: actor.organisationId,
      evaluationId,
      candidateId: input.candidateId,
      partnerId: candidate.partnerId,
      milestone: input.milestone,
      quality: input.quality,
      schedule: input.schedule,
      cost: input.cost,
      outcome: input.outcome,
      wouldEngageAgain: input.wouldEngageAgain === "yes",
      note: input.note,
      createdByUserId: actor.userId,
      createdAt: now,
    })
    .returning({ id: deliveryReviews.id });
  await recordAudit(tx, {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: "evaluation.delivery_reviewed",
    entityType: "evaluation",
    entityId: evaluationId,
    after: {
      partner: candidate.name,
      milestone: input.milestone,
      quality: input.quality,
      schedule: input.schedule,
      cost: input.cost,
      wouldEngageAgain: input.wouldEngageAgain === "yes",
    },
    at: now,
  });
  return row.id;
}

/**
 * A buyer's delivery reviews of some partners, newest first (one statement). Never a partner's to read. Each names
 * its evaluation only to a member who may open it (admins and viewers: a decided evaluation; evaluators: one they
 * are assigned to); for anyone else `evaluationId` and `evaluationName` are null.
 */
export async function deliveryReviewsOf(
  viewer: Pick<Viewer, "organisationId" | "userId" | "role">,
  partnerIds: readonly string[],
) {
  const ids = [...new Set(partnerIds.filter(isUuid))];
  if (ids.length === 0) return [];
  const opens =
    viewer.role === "admin" || viewer.role === "viewer"
      ? sql`true`
      : sql`exists (select 1 from ${evaluationEvaluators} where ${evaluationEvaluators.evaluationId} = ${evaluations.id} and ${evaluationEvaluators.userId} = ${viewer.userId} and ${evaluationEvaluators.active})`;
  return getDb()
    .select({
      id: deliveryReviews.id,
      evaluationId: sql<string | null>`case when ${opens} then ${evaluations.id} end`,
      evaluationName: sql<string | null>`case when ${opens} then ${evaluations.name} end`,
      partnerId: deliveryReviews.partnerId,
      milestone: deliveryReviews.milestone,
      quality: deliveryReviews.quality,
      schedule: deliveryReviews.schedule,
      cost: deliveryReviews.cost,
      outcome: deliveryReviews.outcome,
      wouldEngageAgain: deliveryReviews.wouldEngageAgain,
      note: deliveryReviews.note,
      createdAt: deliveryReviews.createdAt,
    })
    .from(deliveryReviews)
    .innerJoin(evaluations, eq(evaluations.id, deliveryReviews.evaluationId))
    .where(
      and(eq(deliveryReviews.organisationId, viewer.organisationId), inArray(deliveryReviews.partnerId, ids)),
    )
    .orderBy(desc(deliveryReviews.createdAt), asc(deliveryReviews.id));
}

/** What a page shows of a delivery review, its heading aside. */
export function reviewFigures(
  r: Pick<
    typeof deliveryReviews.$inferSelect,
    "id" | "milestone" | "quality" | "schedule" | "cost" | "outcome" | "wouldEngageAgain" | "note"
  >,
) {
  return {
    id: r.id,
    milestone: r.milestone,
    quality: r.quality,
    schedule: r.schedule,
    cost: r.cost,
    outcome: r.outcome,
    wouldEngageAgain: r.wouldEngageAgain,
    note: r.note,
  };
}
