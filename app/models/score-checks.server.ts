// The checks a score passes before its transaction (docs/product.md "Score", "Auto-suggestions"): the criterion is rated
// and counted, the value within its scale, a justification given, a handful of versions cited; with "Accept
// suggestion", the suggestion and its reason stand in for what was typed. What it cites is checked in
// citations.server.ts, under the lock.
import { getDb } from "../../db/client";
import { JUSTIFICATION_LIMIT } from "../domain/evaluation";
import { type SuggestionResult, suggest } from "../domain/suggestions";
import { InputError, RuleRefused } from "../utils/errors.server";
import type { Actor } from "./audit.server";
import type { EvaluationRow } from "./evaluation.server";
import { type CellTarget, cellTarget, takesPart } from "./evaluation-checks.server";
import { isUuid } from "./member.server";
import type { ScoreInput } from "./scores.server";
import { loadSuggestionProfiles, suggestionContext } from "./suggestions.server";

/** NOTE: a score cites a handful of documents; the bound keeps one form from citing a whole library. */
export const CITED_LIMIT = 20;

export type ScoredEvaluation = Pick<
  EvaluationRow,
  "id" | "industry" | "sizeBand" | "useCases" | "requiredSpecializations"
>;

/** What a save stores, checked. */
export interface CheckedScore {
  value: number;
  justification: string;
  cited: string[];
  /** The suggestion, when the evaluator took it and kept its value. */
  accepted: number | null;
  /** What the rule suggested (null: nothing). */
  suggested: number | null;
}

/** The candidate and the criterion a score is for: rated and counted (a 404 when not of this evaluation). */
export async function scoredTarget(
  actor: Actor,
  evaluationId: string,
  input: ScoreInput,
): Promise<CellTarget> {
  const target = await cellTarget(getDb(), actor, evaluationId, input.candidateId, input.criterionId);
  const { criterion } = target;
  if (criterion.kind !== "rated") {
    throw new RuleRefused(`“${criterion.name}” is numeric: its score comes from the candidates' values.`);
  }
  if (!takesPart(criterion, criterion.sectionWeight)) {
    throw new RuleRefused(
      `“${criterion.name}” has weight 0 and takes no part in the scoring, so it is not scored.`,
    );
  }
  return target;
}

/** What the criterion's rule suggests for the candidate today (undefined: no rule, or no profile to read). */
export async function suggestionFor(
  actor: Actor,
  evaluation: ScoredEvaluation,
  { candidate, criterion }: CellTarget,
  today: string,
): Promise<SuggestionResult | undefined> {
  if (!criterion.suggestionRule) return undefined;
  const profiles = await loadSuggestionProfiles(actor.organisationId, [candidate.partnerId], today);
  const profile = profiles.get(candidate.partnerId);
  if (!profile) return undefined;
  return suggest(criterion.suggestionRule, profile, suggestionContext(evaluation), criterion.max, today);
}

/**
 * What a save stores, checked: the value and justification typed (or, with "Accept suggestion", the suggestion and
 * its reason), the cited versions, and whether the suggestion counts as accepted. Messages by field.
 */
export function checkedScore(
  input: ScoreInput,
  criterion: CellTarget["criterion"],
  suggestion: SuggestionResult | undefined,
): CheckedScore {
  const suggested = suggestion?.kind === "suggestion" ? suggestion : undefined;
  if (input.accept && !suggested) {
    throw new RuleRefused(
      `There is no suggestion to accept for “${criterion.name}”: score it yourself, with a justification.`,
    );
  }
  const value = input.accept && suggested ? suggested.score : input.value;
  const justification = (input.accept && suggested ? suggested.reason : input.justification)
    .trim()
    .slice(0, input.accept ? JUSTIFICATION_LIMIT : undefined);
  const cited = [...new Set(input.citedVersionIds)];
  const errors = scoreErrors(value, justification, cited, criterion.max);
  if (Object.keys(errors).length > 0) throw new InputError(errors);
  // Counts as accepted only when the evaluator took the suggestion and kept its value.
  const accepted =
    suggested && value === suggested.score && (input.accept || input.acceptedSuggestion === suggested.score)
      ? suggested.score
      : null;
  return { value, justification, cited, accepted, suggested: suggested?.score ?? null };
}

function scoreErrors(value: number, justification: string, cited: readonly string[], max: number) {
  const errors: Record<string, string> = {};
  if (!Number.isInteger(value) || value < 0 || value > max) {
    errors.value = `Choose a whole number from 0 to ${max}.`;
  }
  if (justification === "") errors.justification = "Say why: a justification is required.";
  else if (justification.length > JUSTIFICATION_LIMIT) {
    errors.justification = `Use at most ${JUSTIFICATION_LIMIT} characters.`;
  }
  if (cited.some((id) => !isUuid(id))) errors.cited = "Cite only evidence listed here.";
  else if (cited.length > CITED_LIMIT) errors.cited = `Cite at most ${CITED_LIMIT} pieces of evidence.`;
  return errors;
}
