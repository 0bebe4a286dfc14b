// Deciding an evaluation (DESIGN.md "Decision"): the chosen partner(s) and the rationale move it from `review` to
// `decided`, and the record freezes in the same transaction, read after the evaluation row is locked (every other
// change of an evaluation takes that lock first, so none slips in between). Delivery reviews and debriefs, the only
// changes a decided evaluation still takes, live here too.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import {
  debriefs,
  decisions,
  deliveryReviews,
  evaluationEvaluators,
  evaluations,
  organisations,
} from "../../db/schema";
import {
  buildComparisonExport,
  type ComparisonExport,
  comparisonJsonText,
  type ExportInput,
  resultsOf,
} from "../domain/comparison-export";
import { DECISION_WARNINGS, type DecisionWarning, decisionWarnings } from "../domain/decision";
import { recordOpen } from "../domain/evaluation";
import type { Viewer } from "../utils/access.server";
import { conflict, notFound } from "../utils/http.server";
import { newIdempotencyKey } from "../utils/idempotency.server";
import { type Actor, recordAudit } from "./audit.server";
import { comparisonFor } from "./comparison.server";
import { EvaluationConflict, type EvaluationRow, EvaluationRuleError } from "./evaluation.server";
import { isUuid } from "./member.server";
import { liveExportInput, loadAuditSummary, loadExportInput } from "./record.server";

export const RATIONALE_LIMIT = 4000;
export const OVERRIDE_LIMIT = 1000;
export const MILESTONE_LIMIT = 120;
export const REVIEW_TEXT_LIMIT = 2000;
export const DEBRIEF_LIMIT = 6000;

export { DECISION_WARNINGS, type DecisionWarning };

/** Bad input for the decision form: messages by field (400), and the warnings that apply to the choice. */
export class DecisionInputError extends Error {
  constructor(
    readonly errors: Record<string, string>,
    readonly warnings: DecisionWarning[] = [],
  ) {
    super("The decision form has errors.");
  }
}

const text = (limit: number, what: string) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, `Write the ${what}.`)
        .max(limit, `Keep the ${what} to ${limit.toLocaleString("en")} characters.`),
    );

export const decisionFormSchema = z.object({
  rationale: text(RATIONALE_LIMIT, "rationale"),
  version: z.coerce.number().int().min(1),
});

export interface DecisionInput {
  chosen: string[];
  rationale: string;
  /** By candidate id, for disqualified candidates chosen anyway. */
  overrides: Record<string, string>;
  /** The warnings the decider saw and accepted (the form's checkbox). */
  acknowledged: boolean;
  version: number;
}

/** What the decide page shows before the decision: the candidates as the engine ranks them now, and the warnings. */
export function decisionPreview(input: ExportInput) {
  const results = resultsOf(input);
  const leaders = results.candidates.filter((c) => c.rank === 1 && !c.disqualified).map((c) => c.candidateId);
  return { results, leaders, final: results.final };
}

/**
 * Decides: in one transaction, locks the evaluation, checks it is in `review` at the version the form was drawn
 * from, reads its record, checks the choice (candidates not withdrawn; a disqualified one only with an override
 * reason; the warnings accepted), writes the decision with the frozen record, moves the evaluation to `decided` and
 * audits it. Returns the decision's id.
 */
export async function decideEvaluation(
  actor: Actor & { name: string },
  buyer: { organisationId: string; name: string; timeZone: string },
  evaluationId: string,
  input: DecisionInput,
  options: { today?: string; now?: Date } = {},
): Promise<string> {
  return getDb().transaction((tx) => decideIn(tx, actor, buyer, evaluationId, input, options));
}

/** `decideEvaluation` inside a transaction of the caller's (the demo data decides within its own). */
export async function decideIn(
  tx: Tx,
  actor: Actor & { name: string },
  buyer: { organisationId: string; name: string; timeZone: string },
  evaluationId: string,
  input: DecisionInput,
  options: { today?: string; now?: Date } = {},
): Promise<string> {
  {
    const [evaluation] = await tx
      .select()
      .from(evaluations)
      .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, actor.organisationId)))
      .for("update");
    if (!evaluation) notFound();
    if (evaluation.status !== "review") {
      throw new EvaluationRuleError(
        evaluation.status === "decided"
          ? "This evaluation is already decided."
          : "An evaluation is decided from review: move it to review first.",
      );
    }
    if (evaluation.version !== input.version) throw new EvaluationConflict();
    const now = options.now ?? new Date();
    const live = await loadExportInput(tx, buyer, evaluation, null, { today: options.today, now });
    const { results, leaders, final } = decisionPreview(live);
    const ranked = new Map(results.candidates.map((c) => [c.candidateId, c]));
    const candidateIds = new Set(live.candidates.map((c) => c.id));

    const errors: Record<string, string> = {};
    const chosen = [...new Set(input.chosen)];
    if (chosen.length === 0) errors.chosen = "Choose at least one partner.";
    for (const id of chosen) {
      if (!candidateIds.has(id)) errors.chosen = "Choose among this evaluation's candidates.";
      else if (!ranked.has(id)) errors.chosen = "A withdrawn candidate cannot be chosen.";
      else if (ranked.get(id)?.disqualified && !input.overrides[id]?.trim()) {
        errors[`override.${id}`] = "This candidate is disqualified: say why it is chosen anyway.";
      } else if ((input.overrides[id]?.trim().length ?? 0) > OVERRIDE_LIMIT) {
        errors[`override.${id}`] = `Keep the reason to ${OVERRIDE_LIMIT.toLocaleString("en")} characters.`;
      }
    }
    const warnings = decisionWarnings({ final, leaders }, chosen);
    if (warnings.length > 0 && !input.acknowledged && Object.keys(errors).length === 0) {
      errors.acknowledge = "Tick the box to decide despite the warnings above.";
    }
    if (Object.keys(errors).length > 0) throw new DecisionInputError(errors, warnings);

    const decision: NonNullable<ExportInput["decision"]> = {
      chosen: chosen.map((id) => ({
        candidateId: id,
        overrideReason: ranked.get(id)?.disqualified ? input.overrides[id].trim() : null,
      })),
      rationale: input.rationale,
      warnings: warnings.map((w) => DECISION_WARNINGS[w]),
      decidedBy: actor.name,
      decidedAt: now.toISOString(),
    };
    // The decision's own audit event first, so that the record's audit summary counts it.
    const nameOf = new Map(live.candidates.map((c) => [c.id, c.name]));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "evaluation.decided",
      entityType: "evaluation",
      entityId: evaluationId,
      before: { name: evaluation.name, status: "review" },
      after: {
        name: evaluation.name,
        status: "decided",
        chosen: decision.chosen.map((c) => nameOf.get(c.candidateId) ?? c.candidateId),
        rationale: input.rationale,
        overrides: decision.chosen
          .filter((c) => c.overrideReason)
          .map((c) => ({ partner: nameOf.get(c.candidateId) ?? c.candidateId, reason: c.overrideReason })),
        warnings: decision.warnings,
      },
      at: now,
    });
    const record: ExportInput = {
      ...live,
      evaluation: { ...live.evaluation, status: "decided" },
      decision,
      audit: await loadAuditSummary(tx, actor.organisationId, evaluationId),
    };
    const exported = buildComparisonExport(record);
    const [row] = await tx
      .insert(decisions)
      .values({
        organisationId: actor.organisationId,
        evaluationId,
        chosenCandidateIds: chosen,
        rationale: input.rationale,
        overrides: Object.fromEntries(
          decision.chosen.filter((c) => c.overrideReason).map((c) => [c.candidateId, c.overrideReason!]),
        ),
        warnings: decision.warnings,
        decidedByUserId: actor.userId,
        decidedByName: actor.name,
        decidedAt: now,
        comparisonJson: comparisonJsonText(exported),
        record,
      })
      .returning({ id: decisions.id });
    await tx
      .update(evaluations)
      .set({
        status: "decided",
        statusChangedAt: now,
        version: sql`${evaluations.version} + 1`,
        updatedAt: now,
      })
      .where(eq(evaluations.id, evaluationId));
    return row.id;
  }
}

/** A decided evaluation's decision, with its frozen record (one statement); undefined when not decided. */
export async function getDecision(organisationId: string, evaluationId: string) {
  const [row] = await getDb()
    .select()
    .from(decisions)
    .where(and(eq(decisions.evaluationId, evaluationId), eq(decisions.organisationId, organisationId)));
  return row ? { ...row, record: row.record as ExportInput } : undefined;
}

/**
 * Who may export or print an evaluation's record (DESIGN.md "Exports"): those who may see its comparison (admins,
 * viewers once it reached review, evaluators under the blind rule, through `comparisonFor`), once the record is open;
 * before that a 409 that says so. Returns the evaluation.
 */
export async function exportAccess(viewer: Viewer, evaluationId: string | undefined): Promise<EvaluationRow> {
  const { evaluation } = await comparisonFor(viewer, evaluationId);
  // NOTE: DESIGN.md "Exports": from review on (a decided evaluation's frozen record, a cancelled one's last state if
  // it had reached review), through the one predicate `recordOpen`; to evaluators under the comparison's blind rule.
  if (!recordOpen(evaluation)) {
    conflict("The record, its exports and its report open once the evaluation is in review.");
  }
  return evaluation;
}

/** A file name for an export: the evaluation's name, lower case, letters and digits. */
export function exportFileName(evaluation: Pick<EvaluationRow, "name">, suffix: string): string {
  const base = evaluation.name
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-")
    .slice(0, 60);
  return `${base || "evaluation"}-${suffix}`;
}

/** The export of an evaluation from review on: the frozen one once decided, else as it is now. */
export async function comparisonExportOf(
  viewer: Viewer,
  evaluation: EvaluationRow,
): Promise<{ export: ComparisonExport; json: string }> {
  if (evaluation.status === "decided") {
    const decision = await getDecision(viewer.organisationId, evaluation.id);
    if (!decision) notFound();
    return { export: JSON.parse(decision.comparisonJson) as ComparisonExport, json: decision.comparisonJson };
  }
  const exported = buildComparisonExport(await liveExportInput(viewer, evaluation));
  return { export: exported, json: comparisonJsonText(exported) };
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery reviews

const rating = (what: string) =>
  z.coerce
    .number({ message: `Rate the ${what} from 1 to 5.` })
    .int(`Rate the ${what} from 1 to 5.`)
    .min(1, `Rate the ${what} from 1 to 5.`)
    .max(5, `Rate the ${what} from 1 to 5.`);

export const deliveryReviewSchema = z.object({
  candidateId: z.string(),
  milestone: text(MILESTONE_LIMIT, "milestone"),
  quality: rating("quality"),
  schedule: rating("schedule"),
  cost: rating("cost"),
  outcome: text(REVIEW_TEXT_LIMIT, "outcome against the baseline"),
  wouldEngageAgain: z.enum(["yes", "no"], "Say whether you would engage this partner again."),
  note: z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .max(REVIEW_TEXT_LIMIT, `Keep the note to ${REVIEW_TEXT_LIMIT.toLocaleString("en")} characters.`),
    ),
});
export type DeliveryReviewInput = z.infer<typeof deliveryReviewSchema>;

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
  if (!decision) throw new EvaluationRuleError("Delivery reviews follow a decision.");
  if (!isUuid(input.candidateId) || !decision.chosen.includes(input.candidateId)) {
    throw new EvaluationRuleError("Review the delivery of a partner this evaluation chose.");
  }
  // The chosen partner as the decision froze it.
  const candidate = (decision.record as ExportInput).candidates.find((c) => c.id === input.candidateId);
  if (!candidate) notFound();
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

// ---------------------------------------------------------------------------------------------------------------
// Debriefs

export const debriefSchema = z.object({
  candidateId: z.string(),
  body: text(DEBRIEF_LIMIT, "debrief"),
  includeScores: z.enum(["on"]).optional(),
});
export type DebriefInput = z.infer<typeof debriefSchema>;

/**
 * Publishes a debrief to a candidate not chosen, with its own section scores as the decision froze them when the
 * buyer shares them; once per candidate. Audited, inside `tx`.
 */
export async function publishDebrief(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  input: DebriefInput,
  now = new Date(),
) {
  const [decision] = await tx
    .select({ chosen: decisions.chosenCandidateIds, record: decisions.record })
    .from(decisions)
    .where(and(eq(decisions.evaluationId, evaluationId), eq(decisions.organisationId, actor.organisationId)));
  if (!decision) throw new EvaluationRuleError("Debriefs follow a decision.");
  const record = decision.record as ExportInput;
  const candidate = record.candidates.find((c) => c.id === input.candidateId);
  if (!isUuid(input.candidateId) || !candidate) notFound();
  if (decision.chosen.includes(candidate.id)) {
    throw new EvaluationRuleError("A debrief goes to a candidate not chosen.");
  }
  const [existing] = await tx
    .select({ id: debriefs.id })
    .from(debriefs)
    .where(eq(debriefs.candidateId, candidate.id));
  if (existing) throw new EvaluationRuleError(`${candidate.name} already has its debrief.`);
  let sectionScores: { section: string; score: number | null }[] | null = null;
  if (input.includeScores === "on") {
    const result = resultsOf(record).candidates.find((c) => c.candidateId === candidate.id);
    sectionScores = record.checklist.sections
      .filter((s) => s.weight > 0)
      .map((s) => ({
        section: s.name,
        score: result?.sections.find((x) => x.sectionId === s.key)?.score ?? null,
      }));
  }
  const [row] = await tx
    .insert(debriefs)
    .values({
      organisationId: actor.organisationId,
      evaluationId,
      candidateId: candidate.id,
      partnerId: candidate.partnerId,
      body: input.body,
      sectionScores,
      publishedByUserId: actor.userId,
      publishedAt: now,
    })
    .returning({ id: debriefs.id });
  await recordAudit(tx, {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: "evaluation.debrief_published",
    entityType: "evaluation",
    entityId: evaluationId,
    after: { partner: candidate.name, withScores: sectionScores !== null },
    at: now,
  });
  return row.id;
}

/** The debriefs of one evaluation, by candidate (one statement). */
export async function debriefsOf(organisationId: string, evaluationId: string) {
  return getDb()
    .select({ id: debriefs.id, candidateId: debriefs.candidateId, publishedAt: debriefs.publishedAt })
    .from(debriefs)
    .where(and(eq(debriefs.evaluationId, evaluationId), eq(debriefs.organisationId, organisationId)));
}

/** A partner's debriefs, newest first, with the buyer's name and nothing else of the evaluation (one statement). */
export async function partnerDebriefs(partnerId: string, onlyId?: string) {
  if (onlyId !== undefined && !isUuid(onlyId)) return [];
  return getDb()
    .select({
      id: debriefs.id,
      buyer: organisations.name,
      body: debriefs.body,
      sectionScores: debriefs.sectionScores,
      publishedAt: debriefs.publishedAt,
    })
    .from(debriefs)
    .innerJoin(organisations, eq(organisations.id, debriefs.organisationId))
    .where(and(eq(debriefs.partnerId, partnerId), onlyId ? eq(debriefs.id, onlyId) : sql`true`))
    .orderBy(desc(debriefs.publishedAt), asc(debriefs.id));
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
