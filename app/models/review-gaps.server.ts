// What is still missing when an admin moves an evaluation from scoring to review (docs/product.md "Evaluation"): the
// candidates an assigned evaluator may score and has not submitted, and the counted numeric criteria without a value
// for a candidate still in the running. The move is not refused for them (review is where gaps are settled), but the
// admin reads them and confirms first.
import { type Checklist, effectiveWeights } from "../domain/checklist";
import { candidatesToScore } from "../domain/evaluation";
import { listWords } from "../domain/words";
import { type EvaluationRow, getEvaluationChecklist, loadEvaluationPeople } from "./evaluation.server";
import { loadNumericValues } from "./review.server";

type People = Awaited<ReturnType<typeof loadEvaluationPeople>>;

/** The gaps, one sentence each: evaluators first (in name order), then the numeric criteria (checklist order). */
export function reviewGapsOf(
  checklist: Checklist,
  people: Pick<People, "candidates" | "evaluators" | "declarations" | "submissions">,
  values: readonly { candidateId: string; criterionId: string }[],
): string[] {
  const running = people.candidates.filter((c) => c.withdrawnAt === null);
  const nameOf = new Map(running.map((c) => [c.id, c.name]));
  const activeIds = running.map((c) => c.id);
  const declarationOf = new Map(people.declarations.map((d) => [d.userId, d]));
  const submitted = new Set(people.submissions.map((s) => `${s.evaluatorUserId} ${s.candidateId}`));
  const gaps: string[] = [];
  for (const e of people.evaluators) {
    const open = candidatesToScore(declarationOf.get(e.userId), activeIds).filter(
      (id) => !submitted.has(`${e.userId} ${id}`),
    );
    if (open.length > 0) {
      gaps.push(`${e.name} has not submitted ${listWords(open.map((id) => nameOf.get(id) ?? ""))}.`);
    }
  }
  const weights = effectiveWeights(checklist);
  const valued = new Set(values.map((v) => `${v.candidateId} ${v.criterionId}`));
  for (const c of checklist.sections.flatMap((s) => s.criteria)) {
    if (c.kind !== "numeric" || (weights.criteria.get(c.key) ?? 0) <= 0) continue;
    const missing = running.filter((r) => !valued.has(`${r.id} ${c.key}`)).map((r) => r.name);
    if (missing.length > 0) gaps.push(`${c.name} missing for ${listWords(missing)}.`);
  }
  return gaps;
}

/** `reviewGapsOf` the evaluation as it is now: seven statements side by side (checklist 2, people 4, values 1). */
export async function reviewGaps(evaluation: EvaluationRow, organisationId: string): Promise<string[]> {
  const [checklist, people, values] = await Promise.all([
    getEvaluationChecklist(evaluation),
    loadEvaluationPeople(evaluation.id, organisationId),
    loadNumericValues(evaluation.id),
  ]);
  return reviewGapsOf(checklist, people, values);
}
