// An evaluation's own copy of its checklist (docs/product.md "Evaluation": frozen once scoring starts): written when the
// draft is created or cloned, and replaced while it is a draft.
import { and, eq, notInArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { evaluationCriteria, evaluationSections } from "../../db/schema";
import type { Checklist } from "../domain/checklist";
import { isEditable } from "../domain/evaluation";
import { RuleRefused } from "../utils/errors.server";
import { type Actor, recordAudit } from "./audit.server";
import { type CriterionRow, checklistRows } from "./checklist-rows.server";
import { EvaluationConflict, getEvaluationChecklist } from "./evaluation.server";
import { lockEvaluation, touch } from "./evaluation-checks.server";

/**
 * Writes a checklist as the evaluation's own copy. Keys in `keep` are used as row ids (the ids of this evaluation's
 * rows, so that what hangs on them stays attached: numeric values, and scores); anything else gets a fresh id.
 * Rows kept are updated in place and only the sections and criteria no longer there are deleted, so editing a
 * draft's checklist never drops the numeric values of the criteria it keeps. Six statements at most, whatever the
 * size of the checklist.
 */
export async function writeEvaluationChecklist(
  tx: Tx,
  organisationId: string,
  evaluationId: string,
  checklist: Checklist,
  keep: ReadonlySet<string> = new Set(),
) {
  const rows = checklistRows(checklist, keep);
  const owner = { organisationId, evaluationId };
  const sectionIds = rows.sections.map((r) => r.id);
  const criterionIds = rows.criteria.map((r) => r.id);
  if (keep.size > 0) {
    // Positions are unique per evaluation (sections) and per section (criteria): park the kept rows' positions
    // below zero first, so that the new order can be written in any sequence.
    await tx
      .update(evaluationSections)
      .set({ position: sql`-1 - ${evaluationSections.position}` })
      .where(eq(evaluationSections.evaluationId, evaluationId));
    await tx
      .update(evaluationCriteria)
      .set({ position: sql`-1 - ${evaluationCriteria.position}` })
      .where(eq(evaluationCriteria.evaluationId, evaluationId));
  }
  if (rows.sections.length > 0) {
    const written = await tx
      .insert(evaluationSections)
      .values(rows.sections.map((r) => ({ ...r, ...owner })))
      .onConflictDoUpdate({
        target: evaluationSections.id,
        set: {
          position: sql`excluded.position`,
          name: sql`excluded.name`,
          description: sql`excluded.description`,
          weight: sql`excluded.weight`,
        },
        // Never another evaluation's row, whatever `keep` says.
        setWhere: eq(evaluationSections.evaluationId, evaluationId),
      })
      .returning({ id: evaluationSections.id });
    if (written.length !== rows.sections.length)
      throw new Error("A kept section id is not this evaluation's.");
  }
  if (rows.criteria.length > 0) {
    const written = await tx
      .insert(evaluationCriteria)
      .values(rows.criteria.map((r) => ({ ...r, ...owner })))
      .onConflictDoUpdate({
        target: evaluationCriteria.id,
        set: Object.fromEntries(
          // NOTE: the database names columns in snake_case (drizzle's `casing`), as `excluded` does.
          CRITERION_COLUMNS.map((c) => [
            c,
            sql.raw(`excluded.${c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)}`),
          ]),
        ),
        setWhere: eq(evaluationCriteria.evaluationId, evaluationId),
      })
      .returning({ id: evaluationCriteria.id });
    if (written.length !== rows.criteria.length)
      throw new Error("A kept criterion id is not this evaluation's.");
  }
  if (keep.size > 0) {
    // What the new checklist no longer has (a removed section's criteria go with it).
    await tx
      .delete(evaluationCriteria)
      .where(
        and(
          eq(evaluationCriteria.evaluationId, evaluationId),
          criterionIds.length > 0 ? notInArray(evaluationCriteria.id, criterionIds) : undefined,
        ),
      );
    await tx
      .delete(evaluationSections)
      .where(
        and(
          eq(evaluationSections.evaluationId, evaluationId),
          sectionIds.length > 0 ? notInArray(evaluationSections.id, sectionIds) : undefined,
        ),
      );
  }
}

/** The criterion columns a checklist row carries (what an edit may change). */
const CRITERION_COLUMNS = [
  "sectionId",
  "position",
  "name",
  "question",
  "kind",
  "weight",
  "max",
  "rubricLow",
  "rubricMiddle",
  "rubricHigh",
  "knockout",
  "suggestionRule",
  "unit",
  "direction",
  "profileField",
] as const satisfies readonly (keyof CriterionRow)[];

/** Replaces the frozen checklist: only in `draft`, version-checked, audited with the changes in words. */
export async function updateEvaluationChecklist(
  actor: Actor,
  evaluationId: string,
  expectedVersion: number,
  checklist: Checklist,
  changes: string[],
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const current = await lockEvaluation(tx, actor, evaluationId);
    if (current.version !== expectedVersion) throw new EvaluationConflict();
    if (!isEditable(current.status)) {
      throw new RuleRefused("The checklist can be changed only while the evaluation is a draft.");
    }
    const existing = await getEvaluationChecklist(current, tx);
    const keep = new Set([
      ...existing.sections.map((s) => s.key),
      ...existing.sections.flatMap((s) => s.criteria.map((c) => c.key)),
    ]);
    await writeEvaluationChecklist(tx, actor.organisationId, evaluationId, checklist, keep);
    await touch(tx, evaluationId);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.checklist_changed",
      entityType: "evaluation",
      entityId: evaluationId,
      before: { version: current.version },
      after: { version: current.version + 1, changes },
    });
  });
}
