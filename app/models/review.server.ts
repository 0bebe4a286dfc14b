// Numeric values and consensus scores of one evaluation (DESIGN.md "numeric" criteria, "Consensus score",
// "Scoring method" rules 1 and 7, "Nothing lost"). Access to the evaluation was decided by `evaluationFor`; every
// change here checks again, inside its transaction, the status and what the row looked like when the form was drawn.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import {
  consensusScores,
  evaluationCandidates,
  evaluationCriteria,
  evaluationSections,
  evaluations,
  evidence,
  evidenceVerifications,
  numericValues,
  organisations,
  supportTerms,
  users,
} from "../../db/schema";
import { type Checklist, type ProfileValueField, toScoringSections } from "../domain/checklist";
import { DECIDED_REFUSAL, type EvaluationStatus } from "../domain/evaluation";
import { todayUtc } from "../domain/profile";
import { type CandidateInput, type CriterionScoreDerivation, computeResults } from "../domain/scoring";
import type { Viewer } from "../utils/access.server";
import { forbidden, notFound } from "../utils/http.server";
import type { Actor } from "./audit.server";
import { recordAudit } from "./audit.server";
import { type EvaluationRow, EvaluationRuleError } from "./evaluation.server";
import { isDated, visibleToBuyer } from "./evidence.server";
import { isUuid } from "./member.server";

/** Numeric values are entered while the evaluation is still open (DESIGN.md: "entered by a buyer admin"). */
export const NUMERIC_VALUE_STATUSES: readonly EvaluationStatus[] = ["draft", "scoring", "review"];
/** NOTE: no price, rate or duration a buyer compares reaches a billion; the bound catches a slipped key. */
export const NUMERIC_VALUE_MAX = 1_000_000_000;
export const CONSENSUS_RATIONALE_LIMIT = 2000;
export const canSetConsensus = (status: EvaluationStatus) => status === "review";

/** Bad input for one form: messages by field (400). */
export class ReviewInputError extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors)[0] ?? "Invalid input.");
  }
}

export interface StoredNumericValue {
  value: number;
  profileField: ProfileValueField | null;
  copiedAt: Date | null;
  version: number;
  updatedAt: Date;
}

export interface StoredConsensus {
  value: number;
  rationale: string;
  version: number;
  updatedAt: Date;
}

/** The row changed since the form was drawn (another tab, another admin): 409 with what is stored now. */
export class NumericValueConflict extends Error {
  constructor(readonly current: StoredNumericValue | null) {
    super("This value was changed elsewhere in the meantime.");
  }
}

export class ConsensusConflict extends Error {
  constructor(readonly current: StoredConsensus | null) {
    super("This consensus score was changed elsewhere in the meantime.");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Forms

const optionalVersion = z
  .string()
  .optional()
  .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null));
const id = (message: string) => z.string().refine(isUuid, message);

/** Digits, optionally grouped by thousands with commas (or spaces), then optionally a point and decimals. */
const AMOUNT = /^(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0]\d{3})+)(?:\.\d+)?$/;

/**
 * A number as people type it: "1200", "1,200", "1 200.50". A comma only groups thousands: "1.200,50" or "1,2" is
 * refused (undefined) rather than read as 1.2005 or 12.
 */
export function parseAmount(raw: string): number | undefined {
  const trimmed = raw.trim();
  if (!AMOUNT.test(trimmed)) return undefined;
  const value = Number(trimmed.replace(/[,\s\u00a0]/g, ""));
  return Number.isFinite(value) ? value : undefined;
}

export const numericValueFormSchema = z.object({
  candidateId: id("Unknown candidate."),
  criterionId: id("Unknown criterion."),
  value: z.string().default(""),
  version: optionalVersion,
});

export const consensusFormSchema = z.object({
  candidateId: id("Unknown candidate."),
  criterionId: id("Unknown criterion."),
  value: z.string().default(""),
  rationale: z.string().default(""),
  version: optionalVersion,
});

// ---------------------------------------------------------------------------------------------------------------
// Shared checks

/** Locks the evaluation against status moves (shared: several admins may enter values at once). */
async function shareLock(tx: Tx, actor: Actor, evaluationId: string) {
  const [row] = await tx
    .select({ id: evaluations.id, status: evaluations.status })
    .from(evaluations)
    .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, actor.organisationId)))
    .for("share");
  if (!row) notFound();
  if (row.status === "decided") throw new EvaluationRuleError(DECIDED_REFUSAL);
  return row;
}

async function targetOf(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  candidateId: string,
  criterionId: string,
) {
  if (!isUuid(candidateId) || !isUuid(criterionId)) notFound();
  const [[candidate], [criterion]] = await Promise.all([
    tx
      .select({
        id: evaluationCandidates.id,
        partnerId: evaluationCandidates.partnerId,
        name: organisations.name,
        withdrawnAt: evaluationCandidates.withdrawnAt,
      })
      .from(evaluationCandidates)
      .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
      .where(
        and(
          eq(evaluationCandidates.id, candidateId),
          eq(evaluationCandidates.evaluationId, evaluationId),
          eq(evaluationCandidates.organisationId, actor.organisationId),
        ),
      ),
    tx
      .select({
        id: evaluationCriteria.id,
        name: evaluationCriteria.name,
        kind: evaluationCriteria.kind,
        max: evaluationCriteria.max,
        weight: evaluationCriteria.weight,
        unit: evaluationCriteria.unit,
        profileField: evaluationCriteria.profileField,
        sectionWeight: evaluationSections.weight,
      })
      .from(evaluationCriteria)
      .innerJoin(evaluationSections, eq(evaluationSections.id, evaluationCriteria.sectionId))
      .where(
        and(
          eq(evaluationCriteria.id, criterionId),
          eq(evaluationCriteria.evaluationId, evaluationId),
          eq(evaluationCriteria.organisationId, actor.organisationId),
        ),
      ),
  ]);
  if (!candidate || !criterion) notFound();
  return { candidate, criterion };
}

// ---------------------------------------------------------------------------------------------------------------
// Numeric values

async function numericTarget(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  candidateId: string,
  criterionId: string,
) {
  const current = await shareLock(tx, actor, evaluationId);
  if (!NUMERIC_VALUE_STATUSES.includes(current.status)) {
    throw new EvaluationRuleError("This evaluation is closed: its numeric values can no longer change.");
  }
  const target = await targetOf(tx, actor, current.id, candidateId, criterionId);
  if (target.criterion.kind !== "numeric") {
    throw new EvaluationRuleError(
      `“${target.criterion.name}” is rated by the evaluators: it takes no value.`,
    );
  }
  if (target.candidate.withdrawnAt) {
    throw new EvaluationRuleError(`${target.candidate.name} was withdrawn: its values no longer change.`);
  }
  const [existing] = await tx
    .select()
    .from(numericValues)
    .where(and(eq(numericValues.candidateId, candidateId), eq(numericValues.criterionId, criterionId)))
    .for("update");
  return { evaluationId: current.id, ...target, existing };
}

function storedValue(row: typeof numericValues.$inferSelect): StoredNumericValue {
  return {
    value: row.value,
    profileField: row.profileField,
    copiedAt: row.copiedAt,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

function valueAudit(row: Pick<typeof numericValues.$inferSelect, "value" | "profileField" | "copiedAt">) {
  return { value: row.value, profileField: row.profileField, copiedAt: row.copiedAt };
}

/** Checks a value a person typed: greater than 0, finite, not absurd. */
export function checkNumericValue(value: number | undefined, unit: string | null): number {
  if (value === undefined || !Number.isFinite(value)) {
    throw new ReviewInputError({
      value:
        "Enter a number such as 1200, 1,200 or 95.5: a point for decimals, commas only between thousands.",
    });
  }
  if (value <= 0) throw new ReviewInputError({ value: "Enter a value greater than 0." });
  if (value > NUMERIC_VALUE_MAX) {
    throw new ReviewInputError({
      value: `Enter at most ${NUMERIC_VALUE_MAX.toLocaleString("en")}${unit ? ` ${unit}` : ""}.`,
    });
  }
  return value;
}

/** Inserts or updates (version-checked) one value; the conflict carries the stored row. */
async function writeValue(
  tx: Tx,
  actor: Actor,
  t: Awaited<ReturnType<typeof numericTarget>>,
  next: { value: number; profileField: ProfileValueField | null; copiedAt: Date | null },
  expectedVersion: number | null,
) {
  const { existing } = t;
  if (expectedVersion === null ? existing : !existing || existing.version !== expectedVersion) {
    throw new NumericValueConflict(existing ? storedValue(existing) : null);
  }
  let row: typeof numericValues.$inferSelect | undefined;
  if (existing) {
    [row] = await tx
      .update(numericValues)
      .set({
        ...next,
        updatedByUserId: actor.userId,
        version: sql`${numericValues.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(numericValues.id, existing.id), eq(numericValues.version, existing.version)))
      .returning();
  } else {
    [row] = await tx
      .insert(numericValues)
      .values({
        organisationId: actor.organisationId,
        evaluationId: t.evaluationId,
        candidateId: t.candidate.id,
        criterionId: t.criterion.id,
        ...next,
        updatedByUserId: actor.userId,
      })
      .onConflictDoNothing()
      .returning();
  }
  if (!row) {
    // Another admin created or changed it while this waited: show that one.
    const [other] = await tx
      .select()
      .from(numericValues)
      .where(
        and(eq(numericValues.candidateId, t.candidate.id), eq(numericValues.criterionId, t.criterion.id)),
      );
    throw new NumericValueConflict(other ? storedValue(other) : null);
  }
  return row;
}

function requireAdmin(viewer: Pick<Viewer, "role">, what: string) {
  if (viewer.role !== "admin") forbidden(`Only buyer admins ${what}.`);
}

/** Runs `work` in the caller's transaction (the idempotency guard's, `once`) or in a transaction of its own. */
function inTransaction<T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? work(tx) : getDb().transaction(work);
}

/**
 * Sets a candidate's value on a numeric criterion (buyer admins, while the evaluation is draft, scoring or review;
 * the candidate not withdrawn). `expectedVersion` null creates it (one already there is a conflict); a number
 * updates it only from that version. A typed value is no longer "from the profile". Audited as
 * `numeric_value.set`, in `tx` when given (the idempotency guard's).
 */
export async function setNumericValue(
  actor: Actor & Pick<Viewer, "role">,
  evaluation: Pick<EvaluationRow, "id">,
  input: { candidateId: string; criterionId: string; value: number | undefined },
  expectedVersion: number | null,
  tx?: Tx,
): Promise<{ version: number; changed: boolean }> {
  requireAdmin(actor, "enter numeric values");
  return inTransaction(tx, async (tx) => {
    const t = await numericTarget(tx, actor, evaluation.id, input.candidateId, input.criterionId);
    const value = checkNumericValue(input.value, t.criterion.unit);
    if (t.existing && t.existing.value === value && t.existing.profileField === null) {
      return { version: t.existing.version, changed: false };
    }
    const row = await writeValue(
      tx,
      actor,
      t,
      { value, profileField: null, copiedAt: null },
      expectedVersion,
    );
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "numeric_value.set",
      entityType: "evaluation",
      entityId: t.evaluationId,
      before: t.existing ? valueAudit(t.existing) : undefined,
      after: {
        kind: "numeric",
        candidate: t.candidate.name,
        candidateId: t.candidate.id,
        criterion: t.criterion.name,
        criterionId: t.criterion.id,
        unit: t.criterion.unit,
        ...valueAudit(row),
      },
    });
    return { version: row.version, changed: true };
  });
}

/** The profile figure a criterion's `profileField` names, from a partner's support terms. */
function profileFigure(
  terms: Pick<typeof supportTerms.$inferSelect, "p1ResponseMinutes" | "p1ResolutionHours" | "warrantyDays">,
  field: ProfileValueField,
): number {
  switch (field) {
    case "p1_response_minutes":
      return terms.p1ResponseMinutes;
    case "p1_resolution_hours":
      return terms.p1ResolutionHours;
    case "warranty_days":
      return terms.warrantyDays;
  }
}

/**
 * Copies the value from the partner's profile (the support-terms claim) for a criterion that names a profile field;
 * copying again refreshes it. No claim, or a figure of 0, is said as is. Version-checked like a typed value:
 * `expectedVersion` is the version the form was drawn with (null: there was no value), so a stale tab never
 * replaces another admin's value unseen. Audited as `numeric_value.copied`, in `tx` when given.
 */
export async function copyFromProfile(
  actor: Actor & Pick<Viewer, "role">,
  evaluation: Pick<EvaluationRow, "id">,
  candidateId: string,
  criterionId: string,
  expectedVersion: number | null,
  tx?: Tx,
): Promise<{ version: number; value: number }> {
  requireAdmin(actor, "enter numeric values");
  return inTransaction(tx, async (tx) => {
    const t = await numericTarget(tx, actor, evaluation.id, candidateId, criterionId);
    const field = t.criterion.profileField;
    if (!field) {
      throw new EvaluationRuleError(`“${t.criterion.name}” is not taken from partner profiles: enter it.`);
    }
    const [terms] = await tx
      .select({
        p1ResponseMinutes: supportTerms.p1ResponseMinutes,
        p1ResolutionHours: supportTerms.p1ResolutionHours,
        warrantyDays: supportTerms.warrantyDays,
      })
      .from(supportTerms)
      .where(eq(supportTerms.organisationId, t.candidate.partnerId));
    if (!terms) {
      throw new EvaluationRuleError(
        `${t.candidate.name} has no support terms in its profile yet: enter the value, or ask the partner.`,
      );
    }
    const value = profileFigure(terms, field);
    if (!(value > 0)) {
      throw new EvaluationRuleError(
        `${t.candidate.name}'s profile gives 0 here; a value must be greater than 0: enter it.`,
      );
    }
    const copiedAt = new Date();
    const row = await writeValue(tx, actor, t, { value, profileField: field, copiedAt }, expectedVersion);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "numeric_value.copied",
      entityType: "evaluation",
      entityId: t.evaluationId,
      before: t.existing ? valueAudit(t.existing) : undefined,
      after: {
        kind: "numeric",
        candidate: t.candidate.name,
        candidateId: t.candidate.id,
        criterion: t.criterion.name,
        criterionId: t.criterion.id,
        unit: t.criterion.unit,
        ...valueAudit(row),
      },
    });
    return { version: row.version, value };
  });
}

/** Clears a value (version-checked): the criterion is then unscored for that candidate. `numeric_value.cleared`. */
export async function clearNumericValue(
  actor: Actor & Pick<Viewer, "role">,
  evaluation: Pick<EvaluationRow, "id">,
  input: { candidateId: string; criterionId: string },
  expectedVersion: number | null,
): Promise<{ changed: boolean }> {
  requireAdmin(actor, "enter numeric values");
  return getDb().transaction(async (tx) => {
    const t = await numericTarget(tx, actor, evaluation.id, input.candidateId, input.criterionId);
    if (!t.existing) return { changed: false };
    if (expectedVersion === null || t.existing.version !== expectedVersion) {
      throw new NumericValueConflict(storedValue(t.existing));
    }
    await tx.delete(numericValues).where(eq(numericValues.id, t.existing.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "numeric_value.cleared",
      entityType: "evaluation",
      entityId: t.evaluationId,
      before: valueAudit(t.existing),
      after: {
        kind: "numeric",
        candidate: t.candidate.name,
        candidateId: t.candidate.id,
        criterion: t.criterion.name,
        criterionId: t.criterion.id,
        unit: t.criterion.unit,
        value: null,
      },
    });
    return { changed: true };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Consensus scores

/** "3", "3.5", "10.0": at most one decimal (DESIGN.md). */
export function parseConsensusValue(raw: string): number | undefined {
  const cleaned = raw.trim();
  if (!/^\d{1,3}(\.\d)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

async function consensusTarget(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  candidateId: string,
  criterionId: string,
) {
  const current = await shareLock(tx, actor, evaluationId);
  if (!canSetConsensus(current.status)) {
    throw new EvaluationRuleError("Consensus scores are set only while the evaluation is in review.");
  }
  const target = await targetOf(tx, actor, current.id, candidateId, criterionId);
  if (target.criterion.kind !== "rated") {
    throw new EvaluationRuleError(
      `“${target.criterion.name}” is numeric: its score comes from the candidates' values.`,
    );
  }
  if (target.candidate.withdrawnAt) {
    throw new EvaluationRuleError(`${target.candidate.name} was withdrawn: it is out of the ranking.`);
  }
  const [existing] = await tx
    .select()
    .from(consensusScores)
    .where(and(eq(consensusScores.candidateId, candidateId), eq(consensusScores.criterionId, criterionId)))
    .for("update");
  return { evaluationId: current.id, ...target, existing };
}

function storedConsensus(row: typeof consensusScores.$inferSelect): StoredConsensus {
  return { value: row.value, rationale: row.rationale, version: row.version, updatedAt: row.updatedAt };
}

/**
 * Sets a consensus score (buyer admins, only in `review`, rated criteria): 0 to the criterion's maximum with at most
 * one decimal, with a rationale. It replaces the mean in every figure and survives a return to scoring. Version
 * checked like a score; audited as `consensus.set` in the same transaction (`tx` when given: the idempotency
 * guard's).
 */
export async function setConsensus(
  actor: Actor & Pick<Viewer, "role">,
  evaluation: Pick<EvaluationRow, "id">,
  input: { candidateId: string; criterionId: string; value: number | undefined; rationale: string },
  expectedVersion: number | null,
  tx?: Tx,
): Promise<{ version: number; changed: boolean }> {
  requireAdmin(actor, "set consensus scores");
  return inTransaction(tx, async (tx) => {
    const t = await consensusTarget(tx, actor, evaluation.id, input.candidateId, input.criterionId);
    const max = t.criterion.max;
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
    if (rationale === "")
      errors.rationale = "Say why the panel agreed on this score: a rationale is required.";
    else if (rationale.length > CONSENSUS_RATIONALE_LIMIT) {
      errors.rationale = `Use at most ${CONSENSUS_RATIONALE_LIMIT} characters.`;
    }
    if (Object.keys(errors).length > 0 || value === undefined) throw new ReviewInputError(errors);
    const { existing } = t;
    if (existing && existing.value === value && existing.rationale === rationale) {
      return { version: existing.version, changed: false };
    }
    if (expectedVersion === null ? existing : !existing || existing.version !== expectedVersion) {
      throw new ConsensusConflict(existing ? storedConsensus(existing) : null);
    }
    let row: typeof consensusScores.$inferSelect | undefined;
    if (existing) {
      [row] = await tx
        .update(consensusScores)
        .set({
          value,
          rationale,
          setByUserId: actor.userId,
          version: sql`${consensusScores.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(consensusScores.id, existing.id), eq(consensusScores.version, existing.version)))
        .returning();
    } else {
      [row] = await tx
        .insert(consensusScores)
        .values({
          organisationId: actor.organisationId,
          evaluationId: t.evaluationId,
          candidateId: t.candidate.id,
          criterionId: t.criterion.id,
          value,
          rationale,
          setByUserId: actor.userId,
        })
        .onConflictDoNothing()
        .returning();
    }
    if (!row) {
      const [other] = await tx
        .select()
        .from(consensusScores)
        .where(
          and(
            eq(consensusScores.candidateId, t.candidate.id),
            eq(consensusScores.criterionId, t.criterion.id),
          ),
        );
      throw new ConsensusConflict(other ? storedConsensus(other) : null);
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "consensus.set",
      entityType: "evaluation",
      entityId: t.evaluationId,
      before: existing ? { value: existing.value, rationale: existing.rationale } : undefined,
      after: {
        kind: "consensus",
        candidate: t.candidate.name,
        candidateId: t.candidate.id,
        criterion: t.criterion.name,
        criterionId: t.criterion.id,
        value,
        max,
        rationale,
      },
    });
    return { version: row.version, changed: true };
  });
}

/** Clears a consensus score (admins, in `review`, version-checked): the mean counts again. `consensus.cleared`. */
export async function clearConsensus(
  actor: Actor & Pick<Viewer, "role">,
  evaluation: Pick<EvaluationRow, "id">,
  input: { candidateId: string; criterionId: string },
  expectedVersion: number | null,
): Promise<{ changed: boolean }> {
  requireAdmin(actor, "set consensus scores");
  return getDb().transaction(async (tx) => {
    const t = await consensusTarget(tx, actor, evaluation.id, input.candidateId, input.criterionId);
    if (!t.existing) return { changed: false };
    if (expectedVersion === null || t.existing.version !== expectedVersion) {
      throw new ConsensusConflict(storedConsensus(t.existing));
    }
    await tx.delete(consensusScores).where(eq(consensusScores.id, t.existing.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "consensus.cleared",
      entityType: "evaluation",
      entityId: t.evaluationId,
      before: { value: t.existing.value, rationale: t.existing.rationale },
      after: {
        kind: "consensus",
        candidate: t.candidate.name,
        candidateId: t.candidate.id,
        criterion: t.criterion.name,
        criterionId: t.criterion.id,
        value: null,
        max: t.criterion.max,
      },
    });
    return { changed: true };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

/** Every numeric value of the evaluation (one statement). */
export async function loadNumericValues(evaluationId: string) {
  return getDb()
    .select({
      candidateId: numericValues.candidateId,
      criterionId: numericValues.criterionId,
      value: numericValues.value,
      profileField: numericValues.profileField,
      copiedAt: numericValues.copiedAt,
      version: numericValues.version,
      updatedAt: numericValues.updatedAt,
    })
    .from(numericValues)
    .where(eq(numericValues.evaluationId, evaluationId));
}

/** Every consensus score of the evaluation, with who set it (one statement). */
export async function loadConsensus(evaluationId: string) {
  return getDb()
    .select({
      candidateId: consensusScores.candidateId,
      criterionId: consensusScores.criterionId,
      value: consensusScores.value,
      rationale: consensusScores.rationale,
      version: consensusScores.version,
      updatedAt: consensusScores.updatedAt,
      setBy: users.name,
    })
    .from(consensusScores)
    .leftJoin(users, eq(users.id, consensusScores.setByUserId))
    .where(eq(consensusScores.evaluationId, evaluationId));
}

/**
 * Both at once, in one statement, for pages with a tight statement budget (the scoring page): the numeric values
 * and, when asked, the consensus scores.
 */
export async function loadReviewRows(
  evaluationId: string,
  withConsensus: boolean,
): Promise<{ values: NumericValueRow[]; consensus: ConsensusRow[] }> {
  const [row] = await getDb()
    .select({
      values: sql<Record<string, unknown>[]>`(select coalesce(json_agg(json_build_object(
        'candidateId', n.candidate_id, 'criterionId', n.criterion_id, 'value', n.value,
        'profileField', n.profile_field, 'copiedAt', n.copied_at, 'version', n.version,
        'updatedAt', n.updated_at)), '[]'::json) from ${numericValues} n where n.evaluation_id = ${evaluationId})`,
      consensus: withConsensus
        ? sql<Record<string, unknown>[]>`(select coalesce(json_agg(json_build_object(
        'candidateId', c.candidate_id, 'criterionId', c.criterion_id, 'value', c.value,
        'rationale', c.rationale, 'version', c.version, 'updatedAt', c.updated_at, 'setBy', u.name)), '[]'::json)
        from ${consensusScores} c left join ${users} u on u.id = c.set_by_user_id
        where c.evaluation_id = ${evaluationId})`
        : sql<Record<string, unknown>[]>`'[]'::json`,
    })
    .from(evaluations)
    .where(eq(evaluations.id, evaluationId));
  if (!row) return { values: [], consensus: [] };
  const date = (v: unknown) => new Date(String(v));
  return {
    values: row.values.map((v) => ({
      candidateId: String(v.candidateId),
      criterionId: String(v.criterionId),
      value: Number(v.value),
      profileField: (v.profileField ?? null) as ProfileValueField | null,
      copiedAt: v.copiedAt ? date(v.copiedAt) : null,
      version: Number(v.version),
      updatedAt: date(v.updatedAt),
    })),
    consensus: row.consensus.map((c) => ({
      candidateId: String(c.candidateId),
      criterionId: String(c.criterionId),
      value: Number(c.value),
      rationale: String(c.rationale),
      version: Number(c.version),
      updatedAt: date(c.updatedAt),
      setBy: c.setBy === null || c.setBy === undefined ? null : String(c.setBy),
    })),
  };
}

export type NumericValueRow = Awaited<ReturnType<typeof loadNumericValues>>[number];
export type ConsensusRow = Awaited<ReturnType<typeof loadConsensus>>[number];

/**
 * The partners (of `partnerIds`) whose support-terms claim has evidence this buyer verified: the current version
 * verified by this buyer, the evidence visible to it, not deleted and not dated (DESIGN.md rule 7). One statement.
 */
export async function partnersWithVerifiedSupport(
  buyerOrganisationId: string,
  partnerIds: readonly string[],
  today = todayUtc(),
): Promise<Set<string>> {
  if (partnerIds.length === 0) return new Set();
  const rows = await getDb()
    .select({ partnerId: evidence.organisationId, effectiveTo: evidence.effectiveTo })
    .from(evidence)
    .innerJoin(
      evidenceVerifications,
      and(
        eq(evidenceVerifications.versionId, evidence.currentVersionId),
        eq(evidenceVerifications.buyerOrganisationId, buyerOrganisationId),
        eq(evidenceVerifications.status, "verified"),
      ),
    )
    .where(
      and(
        inArray(evidence.organisationId, [...partnerIds]),
        eq(evidence.claimKind, "support"),
        isNull(evidence.deletedAt),
        visibleToBuyer(buyerOrganisationId),
      ),
    );
  return new Set(rows.filter((r) => !isDated(r.effectiveTo, today)).map((r) => r.partnerId));
}

/** The profile figures numeric criteria may be taken from, by partner id (their support terms): one statement. */
export async function supportFiguresOf(
  partnerIds: readonly string[],
): Promise<Map<string, Record<ProfileValueField, number>>> {
  if (partnerIds.length === 0) return new Map();
  const rows = await getDb()
    .select({
      partnerId: supportTerms.organisationId,
      p1ResponseMinutes: supportTerms.p1ResponseMinutes,
      p1ResolutionHours: supportTerms.p1ResolutionHours,
      warrantyDays: supportTerms.warrantyDays,
    })
    .from(supportTerms)
    .where(inArray(supportTerms.organisationId, [...partnerIds]));
  return new Map(
    rows.map((r) => [
      r.partnerId,
      {
        p1_response_minutes: profileFigure(r, "p1_response_minutes"),
        p1_resolution_hours: profileFigure(r, "p1_resolution_hours"),
        warranty_days: profileFigure(r, "warranty_days"),
      },
    ]),
  );
}

/** Each candidate's numeric values for the engine, by candidate id then criterion id. */
export function valuesByCandidate(
  values: readonly Pick<NumericValueRow, "candidateId" | "criterionId" | "value">[],
) {
  const map = new Map<string, Record<string, number>>();
  for (const v of values) {
    const own = map.get(v.candidateId) ?? {};
    own[v.criterionId] = v.value;
    map.set(v.candidateId, own);
  }
  return map;
}

export interface RatioView {
  value: number | null;
  best: number | null;
  /** `S(c,p)` by the ratio rule; null without a value. */
  score: number | null;
  max: number;
}

/**
 * The ratio rule for every numeric criterion, weight 0 or not (a buyer enters day rates before switching
 * Commercials on): the engine itself, run on the numeric criteria alone, so there is one copy of the maths.
 * Withdrawn candidates take no part in `best`. Keyed by candidate id then criterion id.
 */
export function ratioScores(
  checklist: Pick<Checklist, "sections">,
  candidates: readonly { id: string; name: string; withdrawnAt: Date | string | null }[],
  values: readonly Pick<NumericValueRow, "candidateId" | "criterionId" | "value">[],
): Map<string, Map<string, RatioView>> {
  const numeric = toScoringSections(checklist)
    .flatMap((s) => s.criteria)
    .filter((c) => c.kind === "numeric");
  const out = new Map<string, Map<string, RatioView>>();
  if (numeric.length === 0) return out;
  const byCandidate = valuesByCandidate(values);
  const inputs: CandidateInput[] = candidates.map((c) => ({
    id: c.id,
    name: c.name,
    withdrawn: c.withdrawnAt !== null,
    values: byCandidate.get(c.id) ?? {},
  }));
  const results = computeResults({
    sections: [
      { id: "numeric", name: "numeric", weight: 1, criteria: numeric.map((c) => ({ ...c, weight: 1 })) },
    ],
    candidates: inputs,
    evaluators: [],
    scores: [],
  });
  const bestOf = new Map<string, number>();
  for (const r of results.candidates) {
    const row = new Map<string, RatioView>();
    for (const c of r.criteria) {
      const d: CriterionScoreDerivation = c.derivation;
      if (d.rule === "ratio") bestOf.set(c.criterionId, d.best);
      row.set(c.criterionId, {
        value: d.rule === "ratio" ? d.value : null,
        best: d.rule === "ratio" ? d.best : null,
        score: c.score ?? null,
        max: c.max,
      });
    }
    out.set(r.candidateId, row);
  }
  // Withdrawn candidates keep their value on show, scored by nothing; everyone sees the same best.
  for (const c of candidates) {
    const row = out.get(c.id) ?? new Map<string, RatioView>();
    for (const n of numeric) {
      const own = row.get(n.id);
      row.set(n.id, {
        value: own?.value ?? byCandidate.get(c.id)?.[n.id] ?? null,
        best: bestOf.get(n.id) ?? null,
        score: own?.score ?? null,
        max: n.max ?? 5,
      });
    }
    out.set(c.id, row);
  }
  return out;
}
