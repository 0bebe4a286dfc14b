// What the home page says about an evaluation (docs/features.md "Home"): an evaluator's progress and its one next
// action, and the leader of a ranking. Pure: the rules of who sees what are the blind rule's (evaluation.ts).

import {
  blindView,
  candidatesToScore,
  type DeclarationLike,
  type EvaluationStatus,
  mayDeclare,
  needsDeclaration,
  type ReviewMilestone,
} from "./evaluation";
import type { ScoringResults } from "./scoring";
import { plural } from "./words";

/** One evaluator's work on one evaluation, as the home page reads it. */
export interface EvaluatorWork {
  /** Its newest declaration; undefined: none yet. */
  declaration: DeclarationLike | undefined;
  /** Its saved scores on counted criteria (rated, positively weighted, in a positively weighted section), per candidate. */
  scored: Readonly<Record<string, number>>;
  submitted: readonly string[];
}

export interface EvaluationFacts extends ReviewMilestone {
  id: string;
  name: string;
  status: EvaluationStatus;
  /** The active (not withdrawn) candidates, in the order the pages list them (by name). */
  candidates: readonly { id: string; name: string }[];
  /** The counted criteria an evaluator scores for each candidate before submitting it. */
  required: number;
}

export interface Progress {
  declared: boolean;
  /** Counted criteria scored, of the candidates it scores, and how many that makes in all. */
  scored: number;
  ofCriteria: number;
  submitted: number;
  ofCandidates: number;
}

/** An evaluator's progress: the same counts as the evaluation page's (criteria scored, candidates submitted). */
export function progressOf(evaluation: EvaluationFacts, work: EvaluatorWork): Progress {
  const scorable = candidatesToScore(
    work.declaration,
    evaluation.candidates.map((c) => c.id),
  );
  const submitted = new Set(work.submitted);
  return {
    declared: work.declaration !== undefined,
    scored: scorable.reduce((sum, id) => sum + (work.scored[id] ?? 0), 0),
    ofCriteria: scorable.length * evaluation.required,
    submitted: scorable.filter((id) => submitted.has(id)).length,
    ofCandidates: scorable.length,
  };
}

export interface NextAction {
  kind: "declare" | "score" | "submit" | "compare";
  text: string;
  to: string;
}

/**
 * The one thing an assigned evaluator does next on an evaluation: declare its conflicts of interest (when it must,
 * and still may), then score the first candidate with counted criteria left unscored, then submit the first one
 * fully scored, then read the comparison once the blind rule opens it. Undefined when there is nothing to do (a
 * draft it declared for, a cancelled evaluation that stays blind).
 */
export function nextAction(evaluation: EvaluationFacts, work: EvaluatorWork): NextAction | undefined {
  const base = `/evaluations/${evaluation.id}`;
  const activeIds = evaluation.candidates.map((c) => c.id);
  const { declaration } = work;
  if (
    needsDeclaration(declaration, activeIds) &&
    mayDeclare(evaluation.status, declaration !== undefined) &&
    evaluation.candidates.length > 0
  ) {
    return {
      kind: "declare",
      text: `Declare conflicts of interest for ${evaluation.name}`,
      to: `${base}/declaration`,
    };
  }
  const submitted = new Set(work.submitted);
  if (evaluation.status === "scoring") {
    const scorable = new Set(candidatesToScore(declaration, activeIds));
    const open = evaluation.candidates.filter((c) => scorable.has(c.id) && !submitted.has(c.id));
    const left = (id: string) => evaluation.required - (work.scored[id] ?? 0);
    const toScore = open.find((c) => left(c.id) > 0);
    if (toScore) {
      return {
        kind: "score",
        text: `Score ${plural(left(toScore.id), "criterion", "criteria")} of ${toScore.name}`,
        to: `${base}/candidates/${toScore.id}`,
      };
    }
    if (open.length > 0) {
      return { kind: "submit", text: `Submit ${open[0].name}`, to: `${base}/candidates/${open[0].id}` };
    }
  }
  const { seesResults } = blindView({
    role: "evaluator",
    evaluation,
    declaration,
    activeCandidateIds: activeIds,
    submitted,
  });
  if (!seesResults || evaluation.status === "draft") return undefined;
  return { kind: "compare", text: "Read the comparison", to: `${base}/compare` };
}

export interface Leader {
  /** The qualified candidates ranked first: one, or several tied. */
  names: string[];
  total: number;
  /** Some candidate is not yet at 100% completeness: every rank is provisional. */
  provisional: boolean;
}

/**
 * The leader of a ranking: the qualified candidates ranked first (rule 9), undefined when no qualified candidate has
 * a total. Who may see it is the caller's question (the blind rule).
 */
export function leaderOf(results: Pick<ScoringResults, "candidates" | "final">): Leader | undefined {
  const first = results.candidates.filter((c) => c.rank === 1 && !c.disqualified && c.total !== undefined);
  if (first.length === 0 || first[0].total === undefined) return undefined;
  return { names: first.map((c) => c.name), total: first[0].total, provisional: !results.final };
}
