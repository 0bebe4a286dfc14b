// What the scoring page of one candidate reads (docs/product.md "Score", "Access rules" with the blind rule,
// "Auto-suggestions"): the checklist with the viewer's own scores, the suggestions, the numeric values, the evidence
// it may cite and, when the blind rule allows, the other evaluators' scores and the consensus.
import { and, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { scores } from "../../db/schema";
import type { Checklist, ChecklistCriterion } from "../domain/checklist";
import { canScore, mayDeclare } from "../domain/evaluation";
import { todayUtc } from "../domain/profile";
import { type SuggestionProfile, type SuggestionResult, suggest } from "../domain/suggestions";
import type { Viewer } from "../utils/access.server";
import { NotFound } from "../utils/errors.server";
import { citableEvidence, olderCitedVersions } from "./citations.server";
import {
  type EvaluationAccess,
  type EvaluationRow,
  getEvaluationChecklist,
  loadEvaluationPeople,
} from "./evaluation.server";
import { takesPart } from "./evaluation-checks.server";
import { listVisibleEvidence } from "./evidence/visibility.server";
import { isUuid } from "./member.server";
import {
  type ConsensusRow,
  loadReviewRows,
  type NumericValueRow,
  type RatioView,
  ratioScores,
} from "./review.server";
import { loadSuggestionProfiles, suggestionContext } from "./suggestions.server";
import { standingOf } from "./viewer-standing.server";

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

type People = Awaited<ReturnType<typeof loadEvaluationPeople>>;
type CandidateScore = Awaited<ReturnType<typeof loadCandidateScores>>[number];

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
  if (!isUuid(candidateId)) throw new NotFound();
  const { evaluation } = access;
  const [checklist, people, candidateScores] = await Promise.all([
    getEvaluationChecklist(evaluation),
    loadEvaluationPeople(evaluation.id, viewer.organisationId),
    loadCandidateScores(viewer, evaluation.id, candidateId),
  ]);
  const candidate = people.candidates.find((c) => c.id === candidateId);
  if (!candidate) throw new NotFound();
  const standing = candidateStanding(viewer, access, people, candidateId);
  const read = await readAround(viewer, evaluation.id, checklist, candidate, standing.seesOthers, today);
  const ownScores = candidateScores.filter((s) => s.evaluatorUserId === viewer.userId);
  const older = await olderCitedVersions(ownScores, read.visibleEvidence, candidate.partnerId);
  const sections = scoringSections(checklist, {
    viewer,
    evaluation,
    people,
    candidateId,
    candidateScores,
    seesOthers: standing.seesOthers,
    profile: read.profile,
    values: read.values,
    consensus: read.consensus,
    today,
  });
  const required = sections.flatMap((s) => s.criteria.filter((c) => c.counts));
  const mayScore =
    canScore(evaluation.status) &&
    access.assigned &&
    !standing.declarationNeeded &&
    !standing.conflicted &&
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
    evidence: citableEvidence(read.visibleEvidence, older, today),
    progress: { scored: required.filter((c) => c.own !== null).length, required: required.length },
    submittedAt: standing.submission?.submittedAt ?? null,
    declarationNeeded: standing.declarationNeeded,
    /** Whether the viewer may make (or renew) its declaration now (`mayDeclare`). */
    mayDeclare: access.assigned && mayDeclare(evaluation.status, standing.declaration !== undefined),
    conflicted: standing.conflicted,
    mayScore,
    seesOthers: standing.seesOthers,
    seesResults: standing.seesResults,
    otherCandidates: people.candidates
      .filter(
        (c) =>
          !c.withdrawnAt && c.id !== candidateId && (!access.assigned || standing.scorable.includes(c.id)),
      )
      .map((c) => ({ id: c.id, name: c.name, submitted: standing.submittedIds.has(c.id) })),
  };
}

export type ScoringPage = Awaited<ReturnType<typeof scoringPage>>;

/** Every evaluator's score of the candidate (one statement). */
function loadCandidateScores(viewer: Viewer, evaluationId: string, candidateId: string) {
  return getDb()
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
        eq(scores.evaluationId, evaluationId),
        eq(scores.organisationId, viewer.organisationId),
      ),
    );
}

/** Where the viewer stands with this candidate: its declaration, what it may score, what the blind rule shows. */
function candidateStanding(viewer: Viewer, access: EvaluationAccess, people: People, candidateId: string) {
  const standing = standingOf(viewer, access, people);
  return {
    ...standing,
    conflicted: access.assigned && !!standing.declaration?.conflictCandidateIds.includes(candidateId),
    submission: people.submissions.find(
      (s) => s.evaluatorUserId === viewer.userId && s.candidateId === candidateId,
    ),
    seesOthers: standing.seesOthersFor(candidateId),
  };
}

/** What the page reads around the scores, only what the checklist needs: profile, evidence, values, consensus. */
async function readAround(
  viewer: Viewer,
  evaluationId: string,
  checklist: Checklist,
  candidate: People["candidates"][number],
  seesOthers: boolean,
  today: string,
) {
  const criteria = checklist.sections.flatMap((s) => s.criteria);
  const needsSuggestions = criteria.some((c) => c.suggestionRule);
  const hasNumeric = criteria.some((c) => c.kind === "numeric");
  const [profiles, visibleEvidence, { values, consensus }] = await Promise.all([
    needsSuggestions
      ? loadSuggestionProfiles(viewer.organisationId, [candidate.partnerId], today)
      : Promise.resolve(new Map<string, SuggestionProfile>()),
    listVisibleEvidence(viewer.organisationId, candidate.partnerId),
    hasNumeric || seesOthers
      ? loadReviewRows(evaluationId, seesOthers)
      : Promise.resolve({ values: [], consensus: [] }),
  ]);
  return { profile: profiles.get(candidate.partnerId), visibleEvidence, values, consensus };
}

interface SectionsInput {
  viewer: Viewer;
  evaluation: Pick<EvaluationRow, "industry" | "sizeBand" | "useCases" | "requiredSpecializations">;
  people: People;
  candidateId: string;
  candidateScores: readonly CandidateScore[];
  seesOthers: boolean;
  profile: SuggestionProfile | undefined;
  values: readonly NumericValueRow[];
  consensus: readonly ConsensusRow[];
  today: string;
}

/** The checklist's sections, each criterion with what the page shows beside it. */
function scoringSections(checklist: Checklist, input: SectionsInput) {
  const { viewer, people, candidateId } = input;
  const ratio = ratioScores(checklist, people.candidates, input.values).get(candidateId);
  const ownValues = new Map(
    input.values.filter((v) => v.candidateId === candidateId).map((v) => [v.criterionId, v]),
  );
  const agreed = new Map(
    input.consensus.filter((c) => c.candidateId === candidateId).map((c) => [c.criterionId, c]),
  );
  const context = suggestionContext(input.evaluation);
  const evaluatorNames = new Map(people.evaluators.map((e) => [e.userId, e.name]));
  const conflictedWith = new Set(
    people.declarations.filter((d) => d.conflictCandidateIds.includes(candidateId)).map((d) => d.userId),
  );
  // Other evaluators' scores: those still assigned and not conflicted with this candidate, by name.
  const othersOf = (key: string) =>
    input.candidateScores
      .filter(
        (x) =>
          x.criterionId === key &&
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
      .sort((a, b) => a.name.localeCompare(b.name));
  return checklist.sections.map((s) => ({
    key: s.key,
    name: s.name,
    description: s.description,
    weight: s.weight,
    criteria: s.criteria.map((c): ScoringCriterion => {
      const own = input.candidateScores.find(
        (x) => x.criterionId === c.key && x.evaluatorUserId === viewer.userId,
      );
      const set = c.kind === "rated" ? agreed.get(c.key) : undefined;
      return {
        ...c,
        counts: takesPart(c, s.weight),
        suggestion:
          c.kind === "rated" && c.suggestionRule && input.profile
            ? suggest(c.suggestionRule, input.profile, context, c.max, input.today)
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
        others: input.seesOthers ? othersOf(c.key) : [],
        numeric:
          c.kind === "numeric"
            ? {
                ...(ratio?.get(c.key) ?? { value: null, best: null, score: null, max: c.max }),
                copiedAt: ownValues.get(c.key)?.copiedAt ?? null,
              }
            : null,
        consensus: set
          ? { value: set.value, rationale: set.rationale, setBy: set.setBy, updatedAt: set.updatedAt }
          : null,
      };
    }),
  }));
}
