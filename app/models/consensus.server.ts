// Consensus scores (docs/product.md "Consensus score", "Scoring method" rule 1): in review, buyer admins agree a score on a
// rated criterion for a candidate, with a rationale. It replaces the evaluators' mean in every figure and survives a
// return to scoring; each is a versioned cell saved on its own and audited.
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import { consensusScores } from "../../db/schema";
import type { EvaluationStatus } from "../domain/evaluation";
import type { Viewer } from "../utils/access.server";
import { InputError, RuleRefused, StaleVersion } from "../utils/errors.server";
import { type Actor, recordAudit } from "./audit.server";
import type { EvaluationRow } from "./evaluation.server";
import { cellTarget, inTransaction, requireAdmin, shareLock } from "./evaluation-checks.server";
import { isUuid } from "./member.server";
import { mayClear, writeCell } from "./versioned-cell.server";

export const CONSENSUS_RATIONALE_LIMIT = 2000;
export const canSetConsensus = (status: EvaluationStatus) => status === "review";

export interface StoredConsensus {
  value: number;
  rationale: string;
  version: number;
  updatedAt: Date;
}

/** The consensus changed since the form was drawn (another tab, another admin): 409 with what is stored now. */
export class ConsensusConflict extends StaleVersion<StoredConsensus | null> {
  constructor(current: StoredConsensus | null) {
    super(current, "This consensus score was changed elsewhere in the meantime.");
  }
}

export const consensusFormSchema = z.object({
  candidateId: z.string().refine(isUuid, "Unknown candidate."),
  criterionId: z.string().refine(isUuid, "Unknown criterion."),
  value: z.string().default(""),
  rationale: z.string().default(""),
  version: z
    .string()
    .optional()
    .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null)),
});

/** "3", "3.5", "10.0": at most one decimal (docs/product.md). */
export function parseConsensusValue(raw: string): number | undefined {
  const cleaned = raw.trim();
  if (!/^\d{1,3}(\.\d)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

type Admin = Actor & Pick<Viewer, "role">;
type ConsensusRow = typeof consensusScores.$inferSelect;
type ConsensusTarget = Awaited<ReturnType<typeof consensusTarget>>;

/**
 * Sets a consensus score (buyer admins, only in `review`, rated criteria): 0 to the criterion's maximum with at most
 * one decimal, with a rationale. It replaces the mean in every figure and survives a return to scoring. Version
 * checked like a score; audited as `consensus.set` in the same transaction (`tx` when given: the idempotency
 * guard's).
 */
export async function setConsensus(
  actor: Admin,
  evaluation: Pick<EvaluationRow, "id">,
  input: { candidateId: string; criterionId: string; value: number | undefined; rationale: string },
  expectedVersion: number | null,
  tx?: Tx,
): Promise<{ version: number; changed: boolean }> {
  requireAdmin(actor, "set consensus scores");
  return inTransaction(tx, async (tx) => {
    const t = await consensusTarget(tx, actor, evaluation.id, input.candidateId, input.criterionId);
    const { value, rationale } = checkedConsensus(input, t.criterion.max);
    const { row, changed } = await writeConsensus(tx, actor, t, { value, rationale }, expectedVersion);
    if (changed) {
      await recordAudit(
        tx,
        consensusEvent(actor, "consensus.set", t, { value, max: t.criterion.max, rationale }),
      );
    }
    return { version: row.version, changed };
  });
}

/** Clears a consensus score (admins, in `review`, version-checked): the mean counts again. `consensus.cleared`. */
export async function clearConsensus(
  actor: Admin,
  evaluation: Pick<EvaluationRow, "id">,
  input: { candidateId: string; criterionId: string },
  expectedVersion: number | null,
): Promise<{ changed: boolean }> {
  requireAdmin(actor, "set consensus scores");
  return getDb().transaction(async (tx) => {
    const t = await consensusTarget(tx, actor, evaluation.id, input.candidateId, input.criterionId);
    const stale = (row: ConsensusRow) => new ConsensusConflict(storedConsensus(row));
    if (!mayClear(t.existing, expectedVersion, stale)) return { changed: false };
    await tx.delete(consensusScores).where(eq(consensusScores.id, t.existing.id));
    await recordAudit(
      tx,
      consensusEvent(actor, "consensus.cleared", t, { value: null, max: t.criterion.max }),
    );
    return { changed: true };
  });
}

/**
 * The cell a consensus change is for, under the evaluation's shared lock: the evaluation in review, the criterion
 * rated, the candidate not withdrawn; with the consensus as stored now (locked).
 */
async function consensusTarget(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  candidateId: string,
  criterionId: string,
) {
  const current = await shareLock(tx, actor, evaluationId);
  if (!canSetConsensus(current.status)) {
    throw new RuleRefused("Consensus scores are set only while the evaluation is in review.");
  }
  const target = await cellTarget(tx, actor, current.id, candidateId, criterionId);
  if (target.criterion.kind !== "rated") {
    throw new RuleRefused(
      `“${target.criterion.name}” is numeric: its score comes from the candidates' values.`,
    );
  }
  if (target.candidate.withdrawnAt) {
    throw new RuleRefused(`${target.candidate.name} was withdrawn: it is out of the ranking.`);
  }
  const [existing] = await tx
    .select()
    .from(consensusScores)
    .where(and(eq(consensusScores.candidateId, candidateId), eq(consensusScores.criterionId, criterionId)))
    .for("update");
  return { evaluationId: current.id, ...target, existing };
}

/** The value (0 to `max`, at most one decimal) and the rationale (required, bounded), or messages by field. */
function checkedConsensus(input: { value: number | undefined; rationale: string }, max: number) {
  const errors: Record<string, string> = {};
  const value = input.value;
  if (
    value === undefined ||
    !Number.isFinite(value) ||
    value < 0 ||
    value > max ||
    Math.abs(value * 10 - Math.round(value * 10)) > 1e-9
  ) {
    errors.value = `Enter a score from 0 to ${max}, with at most one decimal (such as 3.5).`;
  }
  const rationale = input.rationale.trim();
  if (rationale === "") errors.rationale = "Say why the panel agreed on this score: a rationale is required.";
  else if (rationale.length > CONSENSUS_RATIONALE_LIMIT) {
    errors.rationale = `Use at most ${CONSENSUS_RATIONALE_LIMIT} characters.`;
  }
  if (Object.keys(errors).length > 0 || value === undefined) throw new InputError(errors);
  return { value, rationale };
}

/** Inserts or updates (version-checked, `writeCell`) the consensus; a conflict carries the stored row. */
function writeConsensus(
  tx: Tx,
  actor: Actor,
  t: ConsensusTarget,
  next: { value: number; rationale: string },
  expectedVersion: number | null,
) {
  return writeCell<ConsensusRow>({
    existing: t.existing,
    expectedVersion,
    unchanged: (e) => e.value === next.value && e.rationale === next.rationale,
    update: async (existing) => {
      const [row] = await tx
        .update(consensusScores)
        .set({
          ...next,
          setByUserId: actor.userId,
          version: sql`${consensusScores.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(consensusScores.id, existing.id), eq(consensusScores.version, existing.version)))
        .returning();
      return row;
    },
    insert: async () => {
      const [row] = await tx
        .insert(consensusScores)
        .values({
          organisationId: actor.organisationId,
          evaluationId: t.evaluationId,
          candidateId: t.candidate.id,
          criterionId: t.criterion.id,
          ...next,
          setByUserId: actor.userId,
        })
        .onConflictDoNothing()
        .returning();
      return row;
    },
    reread: async () => {
      const [row] = await tx
        .select()
        .from(consensusScores)
        .where(
          and(
            eq(consensusScores.candidateId, t.candidate.id),
            eq(consensusScores.criterionId, t.criterion.id),
          ),
        );
      return row;
    },
    stale: (current) => new ConsensusConflict(current ? storedConsensus(current) : null),
  });
}

function storedConsensus(row: ConsensusRow): StoredConsensus {
  return { value: row.value, rationale: row.rationale, version: row.version, updatedAt: row.updatedAt };
}

/** A consensus audit event: the consensus before (when there was one) and `now`, with the cell it belongs to. */
function consensusEvent(actor: Actor, action: string, t: ConsensusTarget, now: Record<string, unknown>) {
  return {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action,
    entityType: "evaluation",
    entityId: t.evaluationId,
    before: t.existing ? { value: t.existing.value, rationale: t.existing.rationale } : undefined,
    after: {
      kind: "consensus",
      candidate: t.candidate.name,
      candidateId: t.candidate.id,
      criterion: t.criterion.name,
      criterionId: t.criterion.id,
      ...now,
    },
  };
}
