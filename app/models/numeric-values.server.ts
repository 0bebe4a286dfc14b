// Candidates' values on numeric criteria (docs/product.md "numeric" criteria, "Nothing lost"): entered by buyer admins
// while the evaluation is open, typed or copied from the partner's profile (its support terms), each a versioned
// cell saved on its own and audited. The ratio rule that scores them is the engine's (review.server.ts `ratioScores`).
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import { numericValues } from "../../db/schema";
import type { ProfileValueField } from "../domain/checklist";
import type { EvaluationStatus } from "../domain/evaluation";
import type { Viewer } from "../utils/access.server";
import { InputError, RuleRefused, StaleVersion } from "../utils/errors.server";
import { type Actor, recordAudit } from "./audit.server";
import type { EvaluationRow } from "./evaluation.server";
import { cellTarget, inTransaction, requireAdmin, shareLock } from "./evaluation-checks.server";
import { isUuid } from "./member.server";
import { profileValue } from "./profile-figures.server";
import { mayClear, writeCell } from "./versioned-cell.server";

/** Numeric values are entered while the evaluation is still open (docs/product.md: "entered by a buyer admin"). */
export const NUMERIC_VALUE_STATUSES: readonly EvaluationStatus[] = ["draft", "scoring", "review"];
/** NOTE: no price, rate or duration a buyer compares reaches a billion; the bound catches a slipped key. */
export const NUMERIC_VALUE_MAX = 1_000_000_000;

export interface StoredNumericValue {
  value: number;
  profileField: ProfileValueField | null;
  copiedAt: Date | null;
  version: number;
  updatedAt: Date;
}

/** The value changed since the form was drawn (another tab, another admin): 409 with what is stored now. */
export class NumericValueConflict extends StaleVersion<StoredNumericValue | null> {
  constructor(current: StoredNumericValue | null) {
    super(current, "This value was changed elsewhere in the meantime.");
  }
}

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
  candidateId: z.string().refine(isUuid, "Unknown candidate."),
  criterionId: z.string().refine(isUuid, "Unknown criterion."),
  value: z.string().default(""),
  version: z
    .string()
    .optional()
    .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null)),
});

/** Checks a value a person typed: greater than 0, finite, not absurd. */
export function checkNumericValue(value: number | undefined, unit: string | null): number {
  if (value === undefined || !Number.isFinite(value)) {
    throw new InputError({
      value:
        "Enter a number such as 1200, 1,200 or 95.5: a point for decimals, commas only between thousands.",
    });
  }
  if (value <= 0) throw new InputError({ value: "Enter a value greater than 0." });
  if (value > NUMERIC_VALUE_MAX) {
    throw new InputError({
      value: `Enter at most ${NUMERIC_VALUE_MAX.toLocaleString("en")}${unit ? ` ${unit}` : ""}.`,
    });
  }
  return value;
}

type Admin = Actor & Pick<Viewer, "role">;
type ValueRow = typeof numericValues.$inferSelect;
type NumericTarget = Awaited<ReturnType<typeof numericTarget>>;

/**
 * Sets a candidate's value on a numeric criterion (buyer admins, while the evaluation is draft, scoring or review;
 * the candidate not withdrawn). `expectedVersion` null creates it (one already there is a conflict); a number
 * updates it only from that version. A typed value is no longer "from the profile". Audited as
 * `numeric_value.set`, in `tx` when given (the idempotency guard's).
 */
export async function setNumericValue(
  actor: Admin,
  evaluation: Pick<EvaluationRow, "id">,
  input: { candidateId: string; criterionId: string; value: number | undefined },
  expectedVersion: number | null,
  tx?: Tx,
): Promise<{ version: number; changed: boolean }> {
  requireAdmin(actor, "enter numeric values");
  return inTransaction(tx, async (tx) => {
    const t = await numericTarget(tx, actor, evaluation.id, input.candidateId, input.criterionId);
    const value = checkNumericValue(input.value, t.criterion.unit);
    const { row, changed } = await writeValue(tx, actor, t, {
      next: { value, profileField: null, copiedAt: null },
      expectedVersion,
      unchanged: (e) => e.value === value && e.profileField === null,
    });
    if (changed) await recordAudit(tx, valueEvent(actor, "numeric_value.set", t, valueAudit(row)));
    return { version: row.version, changed };
  });
}

/**
 * Copies the value from the partner's profile (the support-terms claim) for a criterion that names a profile field;
 * copying again refreshes it. No claim, or a figure of 0, is said as is. Version-checked like a typed value:
 * `expectedVersion` is the version the form was drawn with (null: there was no value), so a stale tab never
 * replaces another admin's value unseen. Audited as `numeric_value.copied`, in `tx` when given.
 */
export async function copyFromProfile(
  actor: Admin,
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
      throw new RuleRefused(`“${t.criterion.name}” is not taken from partner profiles: enter it.`);
    }
    const value = await profileValue(tx, t, field);
    const next = { value, profileField: field, copiedAt: new Date() };
    const { row } = await writeValue(tx, actor, t, { next, expectedVersion });
    await recordAudit(tx, valueEvent(actor, "numeric_value.copied", t, valueAudit(row)));
    return { version: row.version, value };
  });
}

/** Clears a value (version-checked): the criterion is then unscored for that candidate. `numeric_value.cleared`. */
export async function clearNumericValue(
  actor: Admin,
  evaluation: Pick<EvaluationRow, "id">,
  input: { candidateId: string; criterionId: string },
  expectedVersion: number | null,
): Promise<{ changed: boolean }> {
  requireAdmin(actor, "enter numeric values");
  return getDb().transaction(async (tx) => {
    const t = await numericTarget(tx, actor, evaluation.id, input.candidateId, input.criterionId);
    const stale = (row: ValueRow) => new NumericValueConflict(storedValue(row));
    if (!mayClear(t.existing, expectedVersion, stale)) return { changed: false };
    await tx.delete(numericValues).where(eq(numericValues.id, t.existing.id));
    await recordAudit(tx, valueEvent(actor, "numeric_value.cleared", t, { value: null }));
    return { changed: true };
  });
}

/**
 * The cell a value change is for, under the evaluation's shared lock: the evaluation open, the criterion numeric,
 * the candidate not withdrawn; with the value as stored now (locked).
 */
async function numericTarget(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  candidateId: string,
  criterionId: string,
) {
  const current = await shareLock(tx, actor, evaluationId);
  if (!NUMERIC_VALUE_STATUSES.includes(current.status)) {
    throw new RuleRefused("This evaluation is closed: its numeric values can no longer change.");
  }
  const target = await cellTarget(tx, actor, current.id, candidateId, criterionId);
  if (target.criterion.kind !== "numeric") {
    throw new RuleRefused(`“${target.criterion.name}” is rated by the evaluators: it takes no value.`);
  }
  if (target.candidate.withdrawnAt) {
    throw new RuleRefused(`${target.candidate.name} was withdrawn: its values no longer change.`);
  }
  const [existing] = await tx
    .select()
    .from(numericValues)
    .where(and(eq(numericValues.candidateId, candidateId), eq(numericValues.criterionId, criterionId)))
    .for("update");
  return { evaluationId: current.id, ...target, existing };
}

/** Inserts or updates (version-checked, `writeCell`) one value; a conflict carries the stored row. */
function writeValue(
  tx: Tx,
  actor: Actor,
  t: NumericTarget,
  cell: {
    next: Pick<ValueRow, "value" | "profileField" | "copiedAt">;
    expectedVersion: number | null;
    unchanged?: (existing: ValueRow) => boolean;
  },
) {
  const { next } = cell;
  return writeCell<ValueRow>({
    existing: t.existing,
    expectedVersion: cell.expectedVersion,
    unchanged: cell.unchanged,
    update: async (existing) => {
      const [row] = await tx
        .update(numericValues)
        .set({
          ...next,
          updatedByUserId: actor.userId,
          version: sql`${numericValues.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(numericValues.id, existing.id), eq(numericValues.version, existing.version)))
        .returning();
      return row;
    },
    insert: async () => {
      const [row] = await tx
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
      return row;
    },
    // Another admin created or changed it while this waited: show that one.
    reread: async () => {
      const [row] = await tx
        .select()
        .from(numericValues)
        .where(
          and(eq(numericValues.candidateId, t.candidate.id), eq(numericValues.criterionId, t.criterion.id)),
        );
      return row;
    },
    stale: (current) => new NumericValueConflict(current ? storedValue(current) : null),
  });
}

function storedValue(row: ValueRow): StoredNumericValue {
  return {
    value: row.value,
    profileField: row.profileField,
    copiedAt: row.copiedAt,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

function valueAudit(row: Pick<ValueRow, "value" | "profileField" | "copiedAt">) {
  return { value: row.value, profileField: row.profileField, copiedAt: row.copiedAt };
}

/** A value's audit event: the value before (when there was one) and `now`, with the cell it belongs to. */
function valueEvent(actor: Actor, action: string, t: NumericTarget, now: Record<string, unknown>) {
  return {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action,
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
      ...now,
    },
  };
}
