// Where a member stands on an evaluation it may see (docs/product.md "Access rules", the blind rule): its declaration, the
// candidates it scores and those it submitted, and what the blind rule lets it see. Read off rows already loaded.
import { blindView, candidatesToScore, needsDeclaration } from "../domain/evaluation";
import type { Viewer } from "../utils/access.server";
import type { EvaluationAccess, loadEvaluationPeople } from "./evaluation.server";

type People = Pick<
  Awaited<ReturnType<typeof loadEvaluationPeople>>,
  "candidates" | "declarations" | "submissions"
>;

/** How the blind rule sees a member who may see the evaluation (`evaluationFor` decided that). */
export function roleOf(viewer: Pick<Viewer, "role">, access: Pick<EvaluationAccess, "isAdmin">) {
  return access.isAdmin
    ? ("admin" as const)
    : viewer.role === "evaluator"
      ? ("evaluator" as const)
      : ("viewer" as const);
}

/** The viewer's standing: its newest declaration (assigned evaluators), what it scores, submitted and may see. */
export function standingOf(
  viewer: Pick<Viewer, "role" | "userId">,
  access: EvaluationAccess,
  people: People,
) {
  const activeIds = people.candidates.filter((c) => !c.withdrawnAt).map((c) => c.id);
  const declaration = access.assigned
    ? people.declarations.find((d) => d.userId === viewer.userId)
    : undefined;
  const submittedIds = new Set(
    people.submissions.filter((s) => s.evaluatorUserId === viewer.userId).map((s) => s.candidateId),
  );
  const blind = blindView({
    role: roleOf(viewer, access),
    evaluation: access.evaluation,
    declaration,
    activeCandidateIds: activeIds,
    submitted: submittedIds,
  });
  return {
    activeIds,
    declaration,
    /** An assigned evaluator's declaration is missing or does not cover every candidate now. */
    declarationNeeded: access.assigned && needsDeclaration(declaration, activeIds),
    /** The candidates an assigned evaluator scores (none for anyone else). */
    scorable: access.assigned ? candidatesToScore(declaration, activeIds) : [],
    submittedIds,
    seesResults: blind.seesResults,
    seesOthersFor: blind.seesOthersFor,
  };
}
