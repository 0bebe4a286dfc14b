// Deciding an evaluation (docs/product.md "Decision"): the chosen partner(s) and the rationale move it from `review` to
// `decided`, and the record freezes in the same transaction, read after the evaluation row is locked (every other
// change of an evaluation takes that lock first, so none slips in between). Delivery reviews and debriefs, the only
// changes a decided evaluation still takes, live beside it (delivery-reviews.server.ts, debriefs.server.ts).
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { decisions, evaluations } from "../../db/schema";
import {
  buildComparisonExport,
  comparisonJsonText,
  type ExportInput,
  resultsOf,
} from "../domain/comparison-export";
import { DECISION_WARNINGS, type DecisionWarning, decisionWarnings } from "../domain/decision";
import { plural } from "../domain/words";
import { InputError, NotFound, RuleRefused, StaleVersion } from "../utils/errors.server";
import { type Actor, recordAudit } from "./audit.server";
import { OVERRIDE_LIMIT } from "./decision-forms.server";
import type { EvaluationRow } from "./evaluation.server";
import { loadExportInput } from "./record.server";
import { loadAuditSummary } from "./record-rows.server";

// What follows a decision and its forms, for the pages that import them with the decision.
export { partnerDebriefs, publishDebrief } from "./debriefs.server";
export {
  type DebriefInput,
  type DeliveryReviewInput,
  debriefSchema,
  deliveryReviewSchema,
} from "./decision-forms.server";
export { type DecisionView, decisionView } from "./decision-view.server";
export { addDeliveryReview, deliveryReviewsOf, reviewFigures } from "./delivery-reviews.server";

/** Bad input for the decision form: messages by field (400), and the warnings that apply to the choice. */
export class DecisionInputError extends InputError {
  constructor(
    errors: Record<string, string>,
    readonly warnings: DecisionWarning[] = [],
  ) {
    super(errors);
  }
}

/** What the decide form says when the evaluation moved on since it was drawn. */
export const DECISION_STALE_MESSAGE =
  "This evaluation changed since you opened this page. Reload it: nothing was decided.";

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
 * What a decision freezes, counted from the record it would write now (the decide page lists it before the button):
 * each line what it is, then how many. The record keeps these as they are at the moment of deciding; nothing that
 * changes afterwards (a score, a verification, an evidence file, a person's name) reaches it.
 */
export function decisionFreezes(input: ExportInput): { what: string; count: string }[] {
  const criteria = input.checklist.sections.flatMap((s) => s.criteria);
  const running = input.candidates.filter((c) => c.withdrawnAt === null).length;
  const withdrawn = input.candidates.length - running;
  const judged = input.evidence.filter((e) => e.verification !== null).length;
  return [
    {
      what: "The checklist, its weights and knockouts",
      count: `${plural(input.checklist.sections.length, "section", "sections")}, ${plural(criteria.length, "criterion", "criteria")}${input.evaluation.templateName ? `, from ${input.evaluation.templateName}` : ""}`,
    },
    {
      what: "The candidates and the ranking",
      count: `${plural(running, "candidate", "candidates")}${withdrawn > 0 ? `, ${withdrawn} withdrawn with their reasons` : ""}`,
    },
    {
      what: "Every evaluator's scores and justifications",
      count: `${plural(input.scores.length, "score", "scores")} by ${plural(input.evaluators.length, "evaluator", "evaluators")}`,
    },
    {
      what: "Conflict-of-interest declarations",
      count: plural(input.declarations.length, "declaration", "declarations"),
    },
    {
      what: "Consensus scores and their rationales",
      count: plural(input.consensus.length, "score", "scores"),
    },
    {
      what: "Numeric values (day rates and the like)",
      count: plural(input.values.length, "value", "values"),
    },
    {
      what: "The evidence versions the scores cite, with your verdicts",
      count: `${plural(input.evidence.length, "version", "versions")}, ${judged} with your verdict`,
    },
    { what: "The audit summary", count: plural(input.audit.length, "kind of event", "kinds of event") },
  ];
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
  const evaluation = await lockForDecision(tx, actor, evaluationId, input.version);
  const now = options.now ?? new Date();
  const live = await loadExportInput(tx, buyer, evaluation, null, { today: options.today, now });
  const { chosen, disqualified, warnings } = checkChoice(live, input);
  const decision: NonNullable<ExportInput["decision"]> = {
    chosen: chosen.map((id) => ({
      candidateId: id,
      overrideReason: disqualified.has(id) ? input.overrides[id].trim() : null,
    })),
    rationale: input.rationale,
    warnings: warnings.map((w) => DECISION_WARNINGS[w]),
    decidedBy: actor.name,
    decidedAt: now.toISOString(),
  };
  // The decision's own audit event first, so that the record's audit summary counts it.
  await auditDecision(tx, actor, evaluation, live, decision, now);
  const record = {
    ...live,
    evaluation: { ...live.evaluation, status: "decided" },
    decision,
    audit: await loadAuditSummary(tx, actor.organisationId, evaluationId),
  } satisfies ExportInput;
  return writeDecision(tx, actor, evaluationId, record, now);
}

/** The evaluation, locked: in `review`, at the version the form was drawn from. */
async function lockForDecision(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  version: number,
): Promise<EvaluationRow> {
  const [evaluation] = await tx
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, actor.organisationId)))
    .for("update");
  if (!evaluation) throw new NotFound();
  if (evaluation.status !== "review") {
    throw new RuleRefused(
      evaluation.status === "decided"
        ? "This evaluation is already decided."
        : "An evaluation is decided from review: move it to review first.",
    );
  }
  if (evaluation.version !== version) throw new StaleVersion(evaluation.version, DECISION_STALE_MESSAGE);
  return evaluation;
}

/**
 * The choice checked against the record as it is now: candidates of the evaluation, not withdrawn, a disqualified
 * one only with an override reason, the warnings accepted. Every problem at once, as a `DecisionInputError`.
 */
function checkChoice(live: ExportInput, input: DecisionInput) {
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
  const disqualified = new Set(chosen.filter((id) => ranked.get(id)?.disqualified));
  return { chosen, disqualified, warnings };
}

async function auditDecision(
  tx: Tx,
  actor: Actor,
  evaluation: EvaluationRow,
  live: ExportInput,
  decision: NonNullable<ExportInput["decision"]>,
  at: Date,
) {
  const nameOf = new Map(live.candidates.map((c) => [c.id, c.name]));
  await recordAudit(tx, {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: "evaluation.decided",
    entityType: "evaluation",
    entityId: evaluation.id,
    before: { name: evaluation.name, status: "review" },
    after: {
      name: evaluation.name,
      status: "decided",
      chosen: decision.chosen.map((c) => nameOf.get(c.candidateId) ?? c.candidateId),
      rationale: decision.rationale,
      overrides: decision.chosen
        .filter((c) => c.overrideReason)
        .map((c) => ({ partner: nameOf.get(c.candidateId) ?? c.candidateId, reason: c.overrideReason })),
      warnings: decision.warnings,
    },
    at,
  });
}

/** Writes the decision with its frozen record and its `comparison.json`, and moves the evaluation to `decided`. */
async function writeDecision(
  tx: Tx,
  actor: Actor & { name: string },
  evaluationId: string,
  record: ExportInput & { decision: NonNullable<ExportInput["decision"]> },
  now: Date,
): Promise<string> {
  const { decision } = record;
  const [row] = await tx
    .insert(decisions)
    .values({
      organisationId: actor.organisationId,
      evaluationId,
      chosenCandidateIds: decision.chosen.map((c) => c.candidateId),
      rationale: decision.rationale,
      overrides: Object.fromEntries(
        decision.chosen.filter((c) => c.overrideReason).map((c) => [c.candidateId, c.overrideReason!]),
      ),
      warnings: decision.warnings,
      decidedByUserId: actor.userId,
      decidedByName: actor.name,
      decidedAt: now,
      comparisonJson: comparisonJsonText(buildComparisonExport(record)),
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

/** A decided evaluation's decision, with its frozen record (one statement); undefined when not decided. */
export async function getDecision(organisationId: string, evaluationId: string) {
  const [row] = await getDb()
    .select()
    .from(decisions)
    .where(and(eq(decisions.evaluationId, evaluationId), eq(decisions.organisationId, organisationId)));
  return row ? { ...row, record: row.record as ExportInput } : undefined;
}
