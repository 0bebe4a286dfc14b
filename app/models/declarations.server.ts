// Conflict-of-interest declarations (docs/product.md "Conflict-of-interest declaration"): an assigned evaluator declares
// before it sees the candidates, and again when a candidate is added.
import { asc, eq } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { conflictDeclarations, evaluationCandidates, organisations } from "../../db/schema";
import {
  CONFLICT_NOTE_LIMIT,
  declarationClosedMessage,
  mayDeclare,
  needsDeclaration,
} from "../domain/evaluation";
import type { Viewer } from "../utils/access.server";
import { Forbidden, InputError, RuleRefused } from "../utils/errors.server";
import { type Actor, recordAudit } from "./audit.server";
import type { EvaluationAccess, EvaluationRow } from "./evaluation.server";
import { isAssigned, newestDeclaration, shareLock } from "./evaluation-checks.server";

async function candidatesOf(db: Pick<Tx, "select">, evaluationId: string) {
  return db
    .select({
      id: evaluationCandidates.id,
      partnerId: evaluationCandidates.partnerId,
      name: organisations.name,
      withdrawnAt: evaluationCandidates.withdrawnAt,
    })
    .from(evaluationCandidates)
    .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
    .where(eq(evaluationCandidates.evaluationId, evaluationId))
    .orderBy(asc(organisations.name));
}

/**
 * Records the actor's declaration: no conflict (empty list) or a conflict with named current candidates, with a
 * note (required then). It covers every candidate not withdrawn now; a candidate added later asks again. Only an
 * active assigned evaluator (an admin too), in draft or scoring; in review only a first declaration (`mayDeclare`).
 * Audited.
 */
export async function declare(
  actor: Actor,
  evaluation: Pick<EvaluationRow, "id">,
  input: { conflictCandidateIds: readonly string[]; note: string },
): Promise<void> {
  const note = input.note.trim();
  const wanted = [...new Set(input.conflictCandidateIds)];
  if (wanted.length > 0 && note === "") {
    throw new InputError({ note: "Say what the conflict is (a sentence is enough)." });
  }
  if (note.length > CONFLICT_NOTE_LIMIT) {
    throw new InputError({ note: `Use at most ${CONFLICT_NOTE_LIMIT} characters.` });
  }
  await getDb().transaction(async (tx) => {
    const current = await shareLock(tx, actor, evaluation.id);
    if (!(await isAssigned(tx, current.id, actor.userId))) {
      throw new Forbidden("Only the evaluators assigned to this evaluation declare conflicts of interest.");
    }
    const [all, previous] = await Promise.all([
      candidatesOf(tx, current.id),
      newestDeclaration(tx, current.id, actor.userId),
    ]);
    if (!mayDeclare(current.status, previous !== undefined)) {
      throw new RuleRefused(declarationClosedMessage(current.status));
    }
    const candidates = all.filter((c) => !c.withdrawnAt);
    const active = new Map(candidates.map((c) => [c.id, c.name]));
    if (wanted.some((id) => !active.has(id))) {
      throw new InputError({ conflicts: "Choose only candidates of this evaluation." });
    }
    const names = new Map(all.map((c) => [c.id, c.name]));
    await tx.insert(conflictDeclarations).values({
      organisationId: actor.organisationId,
      evaluationId: current.id,
      userId: actor.userId,
      coveredCandidateIds: candidates.map((c) => c.id),
      conflictCandidateIds: wanted,
      note,
    });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.declared",
      entityType: "evaluation",
      entityId: current.id,
      before: previous
        ? {
            conflicts: previous.conflictCandidateIds.map((id) => names.get(id) ?? id),
            note: previous.note,
          }
        : undefined,
      after: {
        conflicts: wanted.map((id) => active.get(id) ?? id),
        note,
        covered: candidates.length,
      },
    });
  });
}

/** The viewer's newest declaration and the candidates it would cover now, for the declaration page. */
export async function declarationPage(viewer: Viewer, access: EvaluationAccess) {
  const { evaluation } = access;
  const [candidates, previous] = await Promise.all([
    candidatesOf(getDb(), evaluation.id),
    newestDeclaration(getDb(), evaluation.id, viewer.userId),
  ]);
  const names = new Map(candidates.map((c) => [c.id, c.name]));
  const active = candidates.filter((c) => !c.withdrawnAt);
  return {
    candidates: active.map((c) => ({ id: c.id, name: c.name })),
    previous: previous
      ? {
          declaredAt: previous.declaredAt,
          conflicts: previous.conflictCandidateIds.map((id) => ({
            id,
            name: names.get(id) ?? "A removed candidate",
          })),
          note: previous.note,
          newCandidates: active
            .filter((c) => !previous.coveredCandidateIds.includes(c.id))
            .map((c) => c.name),
        }
      : null,
    needed: needsDeclaration(
      previous,
      active.map((c) => c.id),
    ),
    /** Whether a declaration may be made now (`mayDeclare`), and if not, why. */
    open: mayDeclare(evaluation.status, previous !== undefined),
    closedMessage: declarationClosedMessage(evaluation.status),
  };
}
