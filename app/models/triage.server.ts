// Shortlisting from the triage (docs/product.md "Triage"): several partners at once, in one transaction, each added
// partner audited exactly like a single add (`evaluation.candidate_added`), the whole batch checked against the
// evaluation's version the page was drawn with.
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../../db/client";
import { evaluationCandidates, organisations } from "../../db/schema";
import { canAddCandidates } from "../domain/evaluation";
import { RuleRefused } from "../utils/errors.server";
import { type Actor, recordAudits } from "./audit.server";
import { EvaluationConflict } from "./evaluation.server";
import { lockEvaluation, touch } from "./evaluation-checks.server";
import { isUuid } from "./member.server";

/** How many partners one "Add selected" may carry: more than any directory page shows, so a forged list stays small. */
export const SHORTLIST_BATCH_LIMIT = 200;

export const TRIAGE_STALE_MESSAGE =
  "This evaluation changed since you opened the triage: nothing was added. The list below is as it is now; tick the partners again.";

/** The triage's "Add selected": the ticked partners and the evaluation's version the page was drawn with. */
export const shortlistFormSchema = z.object({
  intent: z.literal("add-selected", { message: "Unknown action." }),
  partnerId: z
    .array(z.string().max(64))
    .min(1, "Tick at least one partner to add.")
    .max(SHORTLIST_BATCH_LIMIT, `Add at most ${SHORTLIST_BATCH_LIMIT} partners at once.`),
  version: z.coerce.number().int().min(0),
});

export interface ShortlistOutcome {
  /** In the order they were ticked. */
  added: { partnerId: string; name: string; candidateId: string }[];
  /** Each partner that was not added, with why, in the reader's words. */
  refused: { partnerId: string; name: string; reason: string }[];
}

/**
 * Adds the ticked partners to the shortlist, all in one transaction (before `decided`, not cancelled). The page's
 * version must still be the evaluation's (else `EvaluationConflict`, nothing added). A partner already on the
 * list, withdrawn from it, or not in the directory is refused on its own with its reason; the others are added.
 */
export async function addCandidates(
  actor: Actor,
  evaluationId: string,
  partnerIds: readonly string[],
  version: number,
): Promise<ShortlistOutcome> {
  const ids = [...new Set(partnerIds.map((id) => id.toLowerCase()))];
  return getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    if (!canAddCandidates(current.status)) {
      throw new RuleRefused("Partners can no longer be added to this evaluation.");
    }
    if (current.version !== version) throw new EvaluationConflict(undefined, TRIAGE_STALE_MESSAGE);
    const valid = ids.filter(isUuid);
    const [partners, existing] =
      valid.length === 0
        ? [[], []]
        : await Promise.all([
            tx
              .select({ id: organisations.id, name: organisations.name })
              .from(organisations)
              .where(and(inArray(organisations.id, valid), eq(organisations.kind, "partner"))),
            tx
              .select({
                partnerId: evaluationCandidates.partnerId,
                withdrawnAt: evaluationCandidates.withdrawnAt,
              })
              .from(evaluationCandidates)
              .where(
                and(
                  eq(evaluationCandidates.evaluationId, evaluationId),
                  inArray(evaluationCandidates.partnerId, valid),
                ),
              ),
          ]);
    const nameOf = new Map(partners.map((p) => [p.id, p.name]));
    const listed = new Map(existing.map((c) => [c.partnerId, c.withdrawnAt !== null]));
    const refused: ShortlistOutcome["refused"] = [];
    const toAdd: { id: string; name: string }[] = [];
    for (const id of ids) {
      const name = nameOf.get(id);
      if (name === undefined) {
        refused.push({ partnerId: id, name: "A partner", reason: "is not in the directory any more." });
      } else if (listed.get(id) === true) {
        refused.push({
          partnerId: id,
          name,
          reason: "was withdrawn from this evaluation and stays in its record.",
        });
      } else if (listed.get(id) === false) {
        refused.push({ partnerId: id, name, reason: "is already on the shortlist." });
      } else {
        toAdd.push({ id, name });
      }
    }
    if (toAdd.length === 0) return { added: [], refused };
    const rows = await tx
      .insert(evaluationCandidates)
      .values(
        toAdd.map((p) => ({
          organisationId: actor.organisationId,
          evaluationId,
          partnerId: p.id,
          addedByUserId: actor.userId,
        })),
      )
      .returning({ id: evaluationCandidates.id, partnerId: evaluationCandidates.partnerId });
    const candidateOf = new Map(rows.map((r) => [r.partnerId, r.id]));
    const added = toAdd.map((p) => ({
      partnerId: p.id,
      name: p.name,
      candidateId: candidateOf.get(p.id) ?? "",
    }));
    await touch(tx, evaluationId);
    await recordAudits(
      tx,
      added.map((a) => ({
        actorUserId: actor.userId,
        organisationId: actor.organisationId,
        action: "evaluation.candidate_added",
        entityType: "evaluation",
        entityId: evaluationId,
        after: { name: a.name, candidateId: a.candidateId, status: current.status },
      })),
    );
    return { added, refused };
  });
}
