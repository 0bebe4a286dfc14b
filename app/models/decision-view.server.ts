// What a decided evaluation's page shows of its decision: the choice, the delivery reviews with a form to add one,
// and a debrief to publish to each candidate not chosen.
import { and, asc, desc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { deliveryReviews } from "../../db/schema";
import type { Viewer } from "../utils/access.server";
import { newIdempotencyKey } from "../utils/idempotency.server";
import { debriefsOf } from "./debriefs.server";
import type { getDecision } from "./decision.server";
import { DEBRIEF_LIMIT, MILESTONE_LIMIT, REVIEW_TEXT_LIMIT } from "./decision-forms.server";
import { reviewFigures } from "./delivery-reviews.server";

/** What a decided evaluation's page shows of its decision, delivery reviews and debriefs (two statements). */
export async function decisionView(
  viewer: Viewer,
  decision: NonNullable<Awaited<ReturnType<typeof getDecision>>>,
  isAdmin: boolean,
) {
  const { record } = decision;
  const tz = viewer.orgTimeZone;
  const nameOf = new Map(record.candidates.map((c) => [c.id, c.name]));
  const chosen = new Set(decision.chosenCandidateIds);
  const [reviews, published] = await Promise.all([
    getDb()
      .select()
      .from(deliveryReviews)
      .where(
        and(
          eq(deliveryReviews.evaluationId, decision.evaluationId),
          eq(deliveryReviews.organisationId, viewer.organisationId),
        ),
      )
      .orderBy(desc(deliveryReviews.createdAt), asc(deliveryReviews.id)),
    debriefsOf(viewer.organisationId, decision.evaluationId),
  ]);
  const publishedOf = new Map(published.map((p) => [p.candidateId, p.publishedAt]));
  const when = (d: Date) =>
    new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: tz }).format(d);
  return {
    chosen: decision.chosenCandidateIds.map((id) => ({
      candidateId: id,
      name: nameOf.get(id) ?? "",
      overrideReason: decision.overrides[id] ?? null,
    })),
    rationale: decision.rationale,
    warnings: decision.warnings,
    by: decision.decidedByName,
    at: when(decision.decidedAt),
    isAdmin,
    reviews: reviews.map((r) => ({
      ...reviewFigures(r),
      partner: nameOf.get(r.candidateId) ?? "",
      at: when(r.createdAt),
    })),
    debriefs: record.candidates
      .filter((c) => !chosen.has(c.id))
      .map((c) => ({
        candidateId: c.id,
        name: c.name,
        publishedAt: publishedOf.has(c.id) ? when(publishedOf.get(c.id)!) : null,
      })),
    reviewKey: isAdmin ? newIdempotencyKey() : null,
    debriefKeys: isAdmin ? Object.fromEntries(record.candidates.map((c) => [c.id, newIdempotencyKey()])) : {},
    limits: { milestone: MILESTONE_LIMIT, text: REVIEW_TEXT_LIMIT, debrief: DEBRIEF_LIMIT },
  };
}

export type DecisionView = Awaited<ReturnType<typeof decisionView>>;
