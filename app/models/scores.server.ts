// Declarations, scores and submissions of one evaluation (DESIGN.md "Conflict-of-interest declaration", "Score",
// "Access rules" with the blind rule, "Auto-suggestions"). Access to the evaluation itself was decided by
// `evaluationFor`; every function here checks again, inside its transaction, what the person may do.
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import {
  candidateSubmissions,
  conflictDeclarations,
  evaluationCandidates,
  evaluationCriteria,
  evaluationEvaluators,
  evaluationSections,
  evaluations,
  evidence,
  evidenceVersions,
  organisations,
  scores,
} from "../../db/schema";
import type { ChecklistCriterion } from "../domain/checklist";
import {
  blindView,
  CONFLICT_NOTE_LIMIT,
  candidatesToScore,
  canScore,
  DECIDED_REFUSAL,
  declarationClosedMessage,
  JUSTIFICATION_LIMIT,
  mayDeclare,
  needsDeclaration,
} from "../domain/evaluation";
import { todayUtc } from "../domain/profile";
import { type EvaluationContext, type SuggestionResult, suggest } from "../domain/suggestions";
import type { Viewer } from "../utils/access.server";
import { forbidden, notFound } from "../utils/http.server";
import { type Actor, recordAudit } from "./audit.server";
import {
  type EvaluationAccess,
  type EvaluationRow,
  EvaluationRuleError,
  getEvaluationChecklist,
  loadEvaluationPeople,
} from "./evaluation.server";
import { isDated, listVisibleEvidence, visibleToBuyer } from "./evidence.server";
import { isUuid } from "./member.server";
import { loadReviewRows, type RatioView, ratioScores } from "./review.server";
import { loadSuggestionProfiles } from "./suggestions.server";

/** NOTE: a score cites a handful of documents; the bound keeps one form from citing a whole library. */
export const CITED_LIMIT = 20;

/** Bad input for one form: messages by field, shown beside the fields (400). */
export class ScoreInputError extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors)[0] ?? "Invalid input.");
  }
}

export interface StoredScore {
  value: number;
  justification: string;
  version: number;
  updatedAt: Date;
  acceptedSuggestion: number | null;
}

/** The score changed since the form was rendered (another tab, or a concurrent first save): 409 with it. */
export class ScoreConflict extends Error {
  constructor(readonly current: StoredScore | null) {
    super("This score was saved elsewhere in the meantime.");
  }
}

/** Active assignment of the actor, checked inside the transaction. */
async function isAssigned(tx: Tx, evaluationId: string, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ userId: evaluationEvaluators.userId })
    .from(evaluationEvaluators)
    .where(
      and(
        eq(evaluationEvaluators.evaluationId, evaluationId),
        eq(evaluationEvaluators.userId, userId),
        eq(evaluationEvaluators.active, true),
      ),
    );
  return !!row;
}

/** Locks the evaluation against status moves (shared: scores of several evaluators go on at once). */
async function shareLock(tx: Tx, actor: Actor, evaluationId: string) {
  const [row] = await tx
    .select({ id: evaluations.id, status: evaluations.status, name: evaluations.name })
    .from(evaluations)
    .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, actor.organisationId)))
    .for("share");
  if (!row) notFound();
  if (row.status === "decided") throw new EvaluationRuleError(DECIDED_REFUSAL);
  return row;
}

async function newestDeclaration(db: Pick<Tx, "select">, evaluationId: string, userId: string) {
  const [row] = await db
    .select()
    .from(conflictDeclarations)
    .where(and(eq(conflictDeclarations.evaluationId, evaluationId), eq(conflictDeclarations.userId, userId)))
    .orderBy(desc(conflictDeclarations.declaredAt), desc(conflictDeclarations.id))
    .limit(1);
  return row;
}

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

// ---------------------------------------------------------------------------------------------------------------
// Conflict-of-interest declaration

export const declarationSchema = z
  .object({
    choice: z.enum(
      ["none", "conflict"],
      "Choose “No conflict” or name the candidates you have a conflict with.",
    ),
    note: z
      .string()
      .trim()
      .max(CONFLICT_NOTE_LIMIT, `Use at most ${CONFLICT_NOTE_LIMIT} characters.`)
      .default(""),
  })
  .superRefine((v, ctx) => {
    if (v.choice === "conflict" && v.note === "") {
      ctx.addIssue({
        code: "custom",
        path: ["note"],
        message: "Say what the conflict is (a sentence is enough).",
      });
    }
  });

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
    throw new ScoreInputError({ note: "Say what the conflict is (a sentence is enough)." });
  }
  if (note.length > CONFLICT_NOTE_LIMIT) {
    throw new ScoreInputError({ note: `Use at most ${CONFLICT_NOTE_LIMIT} characters.` });
  }
  await getDb().transaction(async (tx) => {
    const current = await shareLock(tx, actor, evaluation.id);
    if (!(await isAssigned(tx, current.id, actor.userId))) {
      forbidden("Only the evaluators assigned to this evaluation declare conflicts of interest.");
    }
    const [all, previous] = await Promise.all([
      candidatesOf(tx, current.id),
      newestDeclaration(tx, current.id, actor.userId),
    ]);
    if (!mayDeclare(current.status, previous !== undefined)) {
      throw new EvaluationRuleError(declarationClosedMessage(current.status));
    }
    const candidates = all.filter((c) => !c.withdrawnAt);
    const active = new Map(candidates.map((c) => [c.id, c.name]));
    if (wanted.some((id) => !active.has(id))) {
      throw new ScoreInputError({ conflicts: "Choose only candidates of this evaluation." });
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

// ---------------------------------------------------------------------------------------------------------------
// Scores

/** The form of one criterion on the scoring page (the cited evidence comes as repeated `cite` fields). */
export const scoreFormSchema = z.object({
  criterionId: z.string().refine(isUuid, "Unknown criterion."),
  value: z
    .string()
    .trim()
    .min(1, "Choose a score.")
    .regex(/^\d{1,3}$/, "Enter a whole number.")
    .transform(Number),
  justification: z.string().default(""),
  acceptedSuggestion: z
    .string()
    .optional()
    .transform((v) => (v && /^\d{1,3}$/.test(v) ? Number(v) : null)),
  version: z
    .string()
    .optional()
    .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null)),
});

export type ScoreFormValues = z.infer<typeof scoreFormSchema>;

/** "Accept suggestion": the criterion and the version the form was rendered with (the score comes from the server). */
export const acceptSuggestionSchema = z.object({
  criterionId: z.string().refine(isUuid, "Unknown criterion."),
  version: z
    .string()
    .optional()
    .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null)),
});

export interface ScoreInput {
  candidateId: string;
  criterionId: string;
  value: number;
  justification: string;
  citedVersionIds: readonly string[];
  /** The suggestion the evaluator took with "Use suggestion" (null: it typed its own). */
  acceptedSuggestion: number | null;
  /**
   * "Accept suggestion" in one action: the score is the suggestion and the justification its reason (`value` and
   * `justification` are not read); refused when the criterion has no suggestion for this candidate.
   */
  accept?: boolean;
}

/** A criterion takes part in the scoring when it is rated and it and its section weigh more than 0. */
const counts = (c: { kind: string; weight: number }, sectionWeight: number) =>
  c.kind === "rated" && c.weight > 0 && sectionWeight > 0;

/**
 * Saves the actor's score of one rated criterion for one candidate, only while `scoring`. `expectedVersion` null
 * creates it (a score already there, a concurrent first save included, is a conflict); a number updates it only
 * if it is still that version. A conflict carries the stored score, so the page can show it beside what was typed.
 * Saving exactly what is stored changes nothing (a resubmitted form). Audited as `score.saved`, marked
 * `afterSubmission` once the actor submitted that candidate. With `input.accept`, the suggestion is the score and its
 * reason the justification, checked and audited the same way. Answers what was saved.
 */
export async function saveScore(
  actor: Actor,
  evaluation: Pick<EvaluationRow, "id" | "industry" | "sizeBand" | "useCases" | "requiredSpecializations">,
  input: ScoreInput,
  expectedVersion: number | null,
  today: string = todayUtc(),
): Promise<{ version: number; changed: boolean; value: number; justification: string }> {
  if (!isUuid(input.candidateId) || !isUuid(input.criterionId)) notFound();
  const db = getDb();
  // What the rules read, before the transaction: the checklist is frozen once scoring started, and the status is
  // checked again under the lock below.
  const [[candidate], [criterion]] = await Promise.all([
    db
      .select({
        id: evaluationCandidates.id,
        partnerId: evaluationCandidates.partnerId,
        name: organisations.name,
      })
      .from(evaluationCandidates)
      .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
      .where(
        and(
          eq(evaluationCandidates.id, input.candidateId),
          eq(evaluationCandidates.evaluationId, evaluation.id),
          eq(evaluationCandidates.organisationId, actor.organisationId),
        ),
      ),
    db
      .select({
        id: evaluationCriteria.id,
        name: evaluationCriteria.name,
        kind: evaluationCriteria.kind,
        weight: evaluationCriteria.weight,
        max: evaluationCriteria.max,
        suggestionRule: evaluationCriteria.suggestionRule,
        sectionWeight: evaluationSections.weight,
      })
      .from(evaluationCriteria)
      .innerJoin(evaluationSections, eq(evaluationSections.id, evaluationCriteria.sectionId))
      .where(
        and(
          eq(evaluationCriteria.id, input.criterionId),
          eq(evaluationCriteria.evaluationId, evaluation.id),
          eq(evaluationCriteria.organisationId, actor.organisationId),
        ),
      ),
  ]);
  if (!candidate || !criterion) notFound();
  if (criterion.kind !== "rated") {
    throw new EvaluationRuleError(
      `“${criterion.name}” is numeric: its score comes from the candidates' values.`,
    );
  }
  if (!counts(criterion, criterion.sectionWeight)) {
    throw new EvaluationRuleError(
      `“${criterion.name}” has weight 0 and takes no part in the scoring, so it is not scored.`,
    );
  }

  let suggestion: SuggestionResult | undefined;
  if (criterion.suggestionRule) {
    const profiles = await loadSuggestionProfiles(actor.organisationId, [candidate.partnerId], today);
    const profile = profiles.get(candidate.partnerId);
    if (profile)
      suggestion = suggest(criterion.suggestionRule, profile, contextOf(evaluation), criterion.max, today);
  }
  const suggested = suggestion?.kind === "suggestion" ? suggestion.score : null;
  if (input.accept && suggestion?.kind !== "suggestion") {
    throw new EvaluationRuleError(
      `There is no suggestion to accept for “${criterion.name}”: score it yourself, with a justification.`,
    );
  }
  const value = input.accept && suggestion?.kind === "suggestion" ? suggestion.score : input.value;

  const errors: Record<string, string> = {};
  if (!Number.isInteger(value) || value < 0 || value > criterion.max) {
    errors.value = `Choose a whole number from 0 to ${criterion.max}.`;
  }
  const justification = (
    input.accept && suggestion?.kind === "suggestion" ? suggestion.reason : input.justification
  )
    .trim()
    .slice(0, input.accept ? JUSTIFICATION_LIMIT : undefined);
  if (justification === "") errors.justification = "Say why: a justification is required.";
  else if (justification.length > JUSTIFICATION_LIMIT) {
    errors.justification = `Use at most ${JUSTIFICATION_LIMIT} characters.`;
  }
  const cited = [...new Set(input.citedVersionIds)];
  if (cited.some((id) => !isUuid(id))) errors.cited = "Cite only evidence listed here.";
  else if (cited.length > CITED_LIMIT) errors.cited = `Cite at most ${CITED_LIMIT} pieces of evidence.`;
  if (Object.keys(errors).length > 0) throw new ScoreInputError(errors);

  // Counts as accepted only when the evaluator took the suggestion and kept its value.
  const accepted =
    suggested !== null && value === suggested && (input.accept || input.acceptedSuggestion === suggested)
      ? suggested
      : null;

  return db.transaction(async (tx) => {
    const current = await shareLock(tx, actor, evaluation.id);
    if (!canScore(current.status)) {
      throw new EvaluationRuleError("Scores can be changed only while the evaluation is scoring.");
    }
    if (!(await isAssigned(tx, current.id, actor.userId))) {
      forbidden("Only the evaluators assigned to this evaluation score it.");
    }
    const [[live], declaration, [existing], [submitted]] = await Promise.all([
      tx
        .select({ withdrawnAt: evaluationCandidates.withdrawnAt })
        .from(evaluationCandidates)
        .where(eq(evaluationCandidates.id, candidate.id)),
      newestDeclaration(tx, current.id, actor.userId),
      tx
        .select()
        .from(scores)
        .where(
          and(
            eq(scores.candidateId, candidate.id),
            eq(scores.criterionId, criterion.id),
            eq(scores.evaluatorUserId, actor.userId),
          ),
        )
        .for("update"),
      tx
        .select({ at: candidateSubmissions.submittedAt })
        .from(candidateSubmissions)
        .where(
          and(
            eq(candidateSubmissions.candidateId, candidate.id),
            eq(candidateSubmissions.evaluatorUserId, actor.userId),
          ),
        ),
    ]);
    if (live?.withdrawnAt)
      throw new EvaluationRuleError(`${candidate.name} was withdrawn: it is no longer scored.`);
    if (!declaration?.coveredCandidateIds.includes(candidate.id)) {
      throw new EvaluationRuleError(
        "Declare any conflict of interest with this candidate before scoring it.",
      );
    }
    // A conflicted evaluator cannot score: answered like a candidate it cannot see.
    if (declaration.conflictCandidateIds.includes(candidate.id)) notFound();

    // Cited versions: of evidence of this candidate's partner that this buyer may see (any version up to the
    // current one); the versions this score already cites stay citable even if the evidence has since gone.
    const alreadyCited = new Set(existing?.citedVersionIds ?? []);
    const toCheck = cited.filter((id) => !alreadyCited.has(id));
    if (toCheck.length > 0) {
      const ok = await tx
        .select({ id: evidenceVersions.id })
        .from(evidenceVersions)
        .innerJoin(evidence, eq(evidence.id, evidenceVersions.evidenceId))
        .where(
          and(
            inArray(evidenceVersions.id, toCheck),
            eq(evidence.organisationId, candidate.partnerId),
            isNull(evidence.deletedAt),
            visibleToBuyer(actor.organisationId),
          ),
        );
      if (ok.length !== toCheck.length) {
        throw new ScoreInputError({ cited: `Cite only evidence of ${candidate.name} that you can see.` });
      }
    }

    const same =
      existing &&
      existing.value === value &&
      existing.justification === justification &&
      existing.acceptedSuggestion === accepted &&
      sameSet(existing.citedVersionIds, cited);
    if (same) return { version: existing.version, changed: false, value, justification };
    if (expectedVersion === null ? existing : !existing || existing.version !== expectedVersion) {
      throw new ScoreConflict(existing ? storedOf(existing) : null);
    }

    let row: { id: string; version: number } | undefined;
    if (existing) {
      [row] = await tx
        .update(scores)
        .set({
          value,
          justification,
          citedVersionIds: cited,
          acceptedSuggestion: accepted,
          version: sql`${scores.version} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(scores.id, existing.id))
        .returning({ id: scores.id, version: scores.version });
    } else {
      [row] = await tx
        .insert(scores)
        .values({
          organisationId: actor.organisationId,
          evaluationId: current.id,
          candidateId: candidate.id,
          criterionId: criterion.id,
          evaluatorUserId: actor.userId,
          value,
          justification,
          citedVersionIds: cited,
          acceptedSuggestion: accepted,
        })
        .onConflictDoNothing()
        .returning({ id: scores.id, version: scores.version });
      if (!row) {
        // Another tab created it first (it committed while this insert waited): show that one.
        const [other] = await tx
          .select()
          .from(scores)
          .where(
            and(
              eq(scores.candidateId, candidate.id),
              eq(scores.criterionId, criterion.id),
              eq(scores.evaluatorUserId, actor.userId),
            ),
          );
        throw new ScoreConflict(other ? storedOf(other) : null);
      }
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "score.saved",
      entityType: "evaluation",
      entityId: current.id,
      before: existing
        ? {
            value: existing.value,
            justification: existing.justification,
            citedVersionIds: existing.citedVersionIds,
            acceptedSuggestion: existing.acceptedSuggestion,
          }
        : undefined,
      after: {
        scoreId: row.id,
        candidate: candidate.name,
        candidateId: candidate.id,
        criterion: criterion.name,
        criterionId: criterion.id,
        value,
        max: criterion.max,
        justification,
        citedVersionIds: cited,
        suggestion: suggested,
        acceptedSuggestion: accepted !== null,
        afterSubmission: !!submitted,
      },
    });
    return { version: row.version, changed: true, value, justification };
  });
}

function storedOf(row: typeof scores.$inferSelect): StoredScore {
  return {
    value: row.value,
    justification: row.justification,
    version: row.version,
    updatedAt: row.updatedAt,
    acceptedSuggestion: row.acceptedSuggestion,
  };
}

function sameSet(a: readonly string[], b: readonly string[]) {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}

function contextOf(
  e: Pick<EvaluationRow, "industry" | "sizeBand" | "useCases" | "requiredSpecializations">,
): EvaluationContext {
  return {
    industry: e.industry,
    sizeBand: e.sizeBand,
    useCases: e.useCases,
    requiredSpecializations: e.requiredSpecializations,
  };
}

/**
 * Submits a candidate once the actor scored every positively weighted rated criterion of positively weighted
 * sections; only while `scoring`. Submitting again changes nothing. Audited as `score.submitted`.
 */
export async function submitCandidate(
  actor: Actor,
  evaluation: Pick<EvaluationRow, "id">,
  candidateId: string,
): Promise<{ alreadySubmitted: boolean }> {
  if (!isUuid(candidateId)) notFound();
  return getDb().transaction(async (tx) => {
    const current = await shareLock(tx, actor, evaluation.id);
    const [candidate] = await tx
      .select({
        id: evaluationCandidates.id,
        name: organisations.name,
        withdrawnAt: evaluationCandidates.withdrawnAt,
      })
      .from(evaluationCandidates)
      .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
      .where(
        and(eq(evaluationCandidates.id, candidateId), eq(evaluationCandidates.evaluationId, current.id)),
      );
    if (!candidate) notFound();
    if (!canScore(current.status)) {
      throw new EvaluationRuleError("Candidates are submitted only while the evaluation is scoring.");
    }
    if (!(await isAssigned(tx, current.id, actor.userId))) {
      forbidden("Only the evaluators assigned to this evaluation submit candidates.");
    }
    if (candidate.withdrawnAt) throw new EvaluationRuleError(`${candidate.name} was withdrawn.`);
    const declaration = await newestDeclaration(tx, current.id, actor.userId);
    if (!declaration?.coveredCandidateIds.includes(candidate.id)) {
      throw new EvaluationRuleError("Declare any conflict of interest with this candidate first.");
    }
    if (declaration.conflictCandidateIds.includes(candidate.id)) notFound();
    const [progress] = await tx
      .select({
        required: sql<number>`count(*)`.mapWith(Number),
        scored: sql<number>`count(${scores.id})`.mapWith(Number),
      })
      .from(evaluationCriteria)
      .innerJoin(evaluationSections, eq(evaluationSections.id, evaluationCriteria.sectionId))
      .leftJoin(
        scores,
        and(
          eq(scores.criterionId, evaluationCriteria.id),
          eq(scores.candidateId, candidate.id),
          eq(scores.evaluatorUserId, actor.userId),
        ),
      )
      .where(
        and(
          eq(evaluationCriteria.evaluationId, current.id),
          eq(evaluationCriteria.kind, "rated"),
          sql`${evaluationCriteria.weight} > 0`,
          sql`${evaluationSections.weight} > 0`,
        ),
      );
    if (progress.scored < progress.required) {
      throw new EvaluationRuleError(
        `Score every criterion before submitting: ${progress.scored} of ${progress.required} scored.`,
      );
    }
    const inserted = await tx
      .insert(candidateSubmissions)
      .values({
        organisationId: actor.organisationId,
        evaluationId: current.id,
        candidateId: candidate.id,
        evaluatorUserId: actor.userId,
      })
      .onConflictDoNothing()
      .returning({ at: candidateSubmissions.submittedAt });
    if (inserted.length === 0) return { alreadySubmitted: true };
    await recordAudit(tx, {
      actorUserId: actor.userId,
      organisationId: actor.organisationId,
      action: "score.submitted",
      entityType: "evaluation",
      entityId: current.id,
      after: { candidate: candidate.name, candidateId: candidate.id, criteria: progress.required },
    });
    return { alreadySubmitted: false };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The scoring page

export interface ScoringCriterion extends ChecklistCriterion {
  /** Rated, and it and its section weigh more than 0. */
  counts: boolean;
  suggestion: SuggestionResult | null;
  own: {
    value: number;
    justification: string;
    citedVersionIds: string[];
    acceptedSuggestion: number | null;
    version: number;
    updatedAt: Date;
  } | null;
  /** Other evaluators' scores, only when the blind rule lets the viewer see them. */
  others: { name: string; value: number; justification: string; updatedAt: Date }[];
  /** Numeric only: the candidate's value, the best value and the ratio-rule score (nulls when missing). */
  numeric: (RatioView & { copiedAt: Date | null }) | null;
  /** Rated only: the admins' consensus score, shown when the blind rule lets the viewer see others' scores. */
  consensus: { value: number; rationale: string; setBy: string | null; updatedAt: Date } | null;
}

/**
 * Everything the scoring page of one candidate needs, in a fixed number of statements whatever the size of the
 * checklist or the number of evaluators: the candidate (404 when not of this evaluation), the checklist, the
 * viewer's own scores, the suggestion per criterion, the candidate's evidence this buyer may see, progress,
 * submission, and the other evaluators' scores when the blind rule allows.
 */
export async function scoringPage(
  viewer: Viewer,
  access: EvaluationAccess,
  candidateId: string,
  today = todayUtc(),
) {
  if (!isUuid(candidateId)) notFound();
  const { evaluation } = access;
  const db = getDb();
  const [checklist, people, candidateScores] = await Promise.all([
    getEvaluationChecklist(evaluation),
    loadEvaluationPeople(evaluation.id, viewer.organisationId),
    db
      .select({
        criterionId: scores.criterionId,
        evaluatorUserId: scores.evaluatorUserId,
        value: scores.value,
        justification: scores.justification,
        citedVersionIds: scores.citedVersionIds,
        acceptedSuggestion: scores.acceptedSuggestion,
        version: scores.version,
        updatedAt: scores.updatedAt,
      })
      .from(scores)
      .where(
        and(
          eq(scores.candidateId, candidateId),
          eq(scores.evaluationId, evaluation.id),
          eq(scores.organisationId, viewer.organisationId),
        ),
      ),
  ]);
  const candidate = people.candidates.find((c) => c.id === candidateId);
  if (!candidate) notFound();
  const activeIds = people.candidates.filter((c) => !c.withdrawnAt).map((c) => c.id);
  const declaration = access.assigned
    ? people.declarations.find((d) => d.userId === viewer.userId)
    : undefined;
  const declarationNeeded = access.assigned && needsDeclaration(declaration, activeIds);
  const conflicted = access.assigned && !!declaration?.conflictCandidateIds.includes(candidateId);
  const scorable = access.assigned ? candidatesToScore(declaration, activeIds) : [];
  const submittedIds = new Set(
    people.submissions.filter((s) => s.evaluatorUserId === viewer.userId).map((s) => s.candidateId),
  );
  const submission = people.submissions.find(
    (s) => s.evaluatorUserId === viewer.userId && s.candidateId === candidateId,
  );
  const blind = blindView({
    role: roleOf(viewer, access),
    evaluation,
    declaration,
    activeCandidateIds: activeIds,
    submitted: submittedIds,
  });
  const seesOthers = blind.seesOthersFor(candidateId);

  const needsSuggestions = checklist.sections.some((s) => s.criteria.some((c) => c.suggestionRule));
  const hasNumeric = checklist.sections.some((s) => s.criteria.some((c) => c.kind === "numeric"));
  const [profiles, visibleEvidence, { values, consensus }] = await Promise.all([
    needsSuggestions
      ? loadSuggestionProfiles(viewer.organisationId, [candidate.partnerId], today)
      : Promise.resolve(new Map()),
    listVisibleEvidence(viewer.organisationId, candidate.partnerId),
    hasNumeric || seesOthers
      ? loadReviewRows(evaluation.id, seesOthers)
      : Promise.resolve({ values: [], consensus: [] }),
  ]);
  const profile = profiles.get(candidate.partnerId);
  const ratio = ratioScores(checklist, people.candidates, values).get(candidateId);
  const ownValues = new Map(
    values.filter((v) => v.candidateId === candidateId).map((v) => [v.criterionId, v]),
  );
  const agreed = new Map(
    consensus.filter((c) => c.candidateId === candidateId).map((c) => [c.criterionId, c]),
  );
  const context = contextOf(evaluation);

  // Earlier versions the viewer's own scores still cite (the list above holds current versions only).
  const ownScores = candidateScores.filter((s) => s.evaluatorUserId === viewer.userId);
  const currentIds = new Set(visibleEvidence.map((e) => e.versionId));
  const olderIds = [...new Set(ownScores.flatMap((s) => s.citedVersionIds))].filter(
    (id) => !currentIds.has(id),
  );
  const older =
    olderIds.length > 0
      ? await db
          .select({ versionId: evidenceVersions.id, number: evidenceVersions.number, title: evidence.title })
          .from(evidenceVersions)
          .innerJoin(evidence, eq(evidence.id, evidenceVersions.evidenceId))
          .where(
            and(inArray(evidenceVersions.id, olderIds), eq(evidence.organisationId, candidate.partnerId)),
          )
      : [];

  const evaluatorNames = new Map(people.evaluators.map((e) => [e.userId, e.name]));
  const conflictedWith = new Set(
    people.declarations.filter((d) => d.conflictCandidateIds.includes(candidateId)).map((d) => d.userId),
  );
  const sections = checklist.sections.map((s) => ({
    key: s.key,
    name: s.name,
    description: s.description,
    weight: s.weight,
    criteria: s.criteria.map((c): ScoringCriterion => {
      const own = ownScores.find((x) => x.criterionId === c.key);
      return {
        ...c,
        counts: counts(c, s.weight),
        suggestion:
          c.kind === "rated" && c.suggestionRule && profile
            ? suggest(c.suggestionRule, profile, context, c.max, today)
            : null,
        own: own
          ? {
              value: own.value,
              justification: own.justification,
              citedVersionIds: own.citedVersionIds,
              acceptedSuggestion: own.acceptedSuggestion,
              version: own.version,
              updatedAt: own.updatedAt,
            }
          : null,
        others: seesOthers
          ? candidateScores
              .filter(
                (x) =>
                  x.criterionId === c.key &&
                  x.evaluatorUserId !== viewer.userId &&
                  evaluatorNames.has(x.evaluatorUserId) &&
                  !conflictedWith.has(x.evaluatorUserId),
              )
              .map((x) => ({
                name: evaluatorNames.get(x.evaluatorUserId) ?? "",
                value: x.value,
                justification: x.justification,
                updatedAt: x.updatedAt,
              }))
              .sort((a, b) => a.name.localeCompare(b.name))
          : [],
        numeric:
          c.kind === "numeric"
            ? {
                ...(ratio?.get(c.key) ?? { value: null, best: null, score: null, max: c.max }),
                copiedAt: ownValues.get(c.key)?.copiedAt ?? null,
              }
            : null,
        consensus: (() => {
          const set = c.kind === "rated" ? agreed.get(c.key) : undefined;
          return set
            ? { value: set.value, rationale: set.rationale, setBy: set.setBy, updatedAt: set.updatedAt }
            : null;
        })(),
      };
    }),
  }));
  const required = sections.flatMap((s) => s.criteria.filter((c) => c.counts));
  const scored = required.filter((c) => c.own !== null).length;
  const mayScore =
    canScore(evaluation.status) &&
    access.assigned &&
    !declarationNeeded &&
    !conflicted &&
    !candidate.withdrawnAt;
  return {
    candidate: {
      id: candidate.id,
      partnerId: candidate.partnerId,
      name: candidate.name,
      withdrawnAt: candidate.withdrawnAt,
      withdrawnReason: candidate.withdrawnReason,
    },
    sections,
    evidence: [
      ...visibleEvidence.map((e) => ({
        versionId: e.versionId,
        title: e.title,
        claimKind: e.claimKind,
        versionNumber: e.versionNumber,
        current: true,
        dated: isDated(e.effectiveTo, today),
        status: e.status,
      })),
      ...older.map((o) => ({
        versionId: o.versionId,
        title: o.title,
        claimKind: null,
        versionNumber: o.number,
        current: false,
        dated: false,
        status: null,
      })),
    ],
    progress: { scored, required: required.length },
    submittedAt: submission?.submittedAt ?? null,
    declarationNeeded,
    /** Whether the viewer may make (or renew) its declaration now (`mayDeclare`). */
    mayDeclare: access.assigned && mayDeclare(evaluation.status, declaration !== undefined),
    conflicted,
    mayScore,
    seesOthers,
    seesResults: blind.seesResults,
    otherCandidates: people.candidates
      .filter((c) => !c.withdrawnAt && c.id !== candidateId && (!access.assigned || scorable.includes(c.id)))
      .map((c) => ({ id: c.id, name: c.name, submitted: submittedIds.has(c.id) })),
  };
}

export type ScoringPage = Awaited<ReturnType<typeof scoringPage>>;

/** How the blind rule sees a member who may see the evaluation (`evaluationFor` decided that). */
export function roleOf(viewer: Pick<Viewer, "role">, access: Pick<EvaluationAccess, "isAdmin">) {
  return access.isAdmin
    ? ("admin" as const)
    : viewer.role === "evaluator"
      ? ("evaluator" as const)
      : ("viewer" as const);
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
