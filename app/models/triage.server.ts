// Shortlisting from the triage (docs/product.md "Triage"): several partners at once, in one transaction, each added
// partner audited exactly like a single add (`evaluation.candidate_added`), the whole batch checked against the
// evaluation's version the page was drawn with.
import { z } from "zod";
import { getDb } from "../../db/client";
import type { Actor } from "./audit.server";
import { EvaluationConflict } from "./evaluation.server";
import { addCandidatesIn, type ShortlistChange } from "./evaluation-participants.server";

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
  added: ShortlistChange["added"];
  /** Each partner that was not added, with why, in the reader's words. */
  refused: { partnerId: string; name: string; reason: string }[];
}

/**
 * Adds the ticked partners to the shortlist, all in one transaction, by the rules of every add (`addCandidatesIn`).
 * The page's version must still be the evaluation's (else `EvaluationConflict`, nothing added).
 */
export async function addCandidates(
  actor: Actor,
  evaluationId: string,
  partnerIds: readonly string[],
  version: number,
): Promise<ShortlistOutcome> {
  const { added, refused } = await getDb().transaction((tx) =>
    addCandidatesIn(tx, actor, evaluationId, partnerIds, (current) => {
      if (current.version !== version) throw new EvaluationConflict(undefined, TRIAGE_STALE_MESSAGE);
    }),
  );
  return { added, refused: refused.map(({ partnerId, name, reason }) => ({ partnerId, name, reason })) };
}
