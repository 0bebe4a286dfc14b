// An evaluation's results from the engine (docs/product.md "Scoring method"), and the triage of the directory against
// its checklist (docs/product.md "Triage"). The maths is app/domain/scoring.ts; this module only gathers its input.
import { and, eq, gte, inArray, isNull, or } from "drizzle-orm";
import { getDb } from "../../db/client";
import { evidence, evidenceVerifications, evidenceVersions } from "../../db/schema";
import { type Checklist, toScoringSections } from "../domain/checklist";
import { todayUtc } from "../domain/profile";
import {
  type CandidateResult,
  computeResults,
  type ScoreInput,
  type ScoringResults,
} from "../domain/scoring";
import { type SuggestionResult, suggestChecklist } from "../domain/suggestions";
import type { EvaluationRow, loadEvaluationPeople, loadScores } from "./evaluation.server";
import { datedCutoff } from "./evidence/visibility.server";
import { listPartners } from "./partner.server";
import {
  type ConsensusRow,
  loadConsensus,
  loadNumericValues,
  type NumericValueRow,
  partnersWithVerifiedSupport,
  valuesByCandidate,
} from "./review.server";
import { loadSuggestionProfiles, suggestionContext } from "./suggestions.server";

export type EvaluationPeople = Awaited<ReturnType<typeof loadEvaluationPeople>>;
export type EvaluationScores = Awaited<ReturnType<typeof loadScores>>;

/** The newest declaration's conflicts of each evaluator (userId -> candidate ids). */
export function conflictsByEvaluator(people: Pick<EvaluationPeople, "declarations">): Map<string, string[]> {
  return new Map(people.declarations.map((d) => [d.userId, d.conflictCandidateIds]));
}

/**
 * The engine's results for an evaluation: its frozen checklist, its candidates (withdrawn ones kept apart), its
 * active assigned evaluators with the conflicts of their newest declaration, and their scores, each marked when it
 * cites an evidence version this buyer verified, the candidates' numeric values (each marked when it was copied from
 * a support-terms claim with evidence this buyer verified) and the consensus scores (rule 1: they replace the mean).
 * Up to four statements: the values and the consensus scores when the caller did not load them, the verifications
 * of every cited version (none when nothing is cited), and the verified support claims (none when no value came
 * from a profile).
 */
export async function evaluationResults(input: {
  evaluation: Pick<EvaluationRow, "id" | "minimumTotal">;
  checklist: Checklist;
  people: Pick<EvaluationPeople, "candidates" | "evaluators" | "declarations">;
  scores: EvaluationScores;
  buyerOrganisationId: string;
  values?: readonly Pick<NumericValueRow, "candidateId" | "criterionId" | "value" | "profileField">[];
  consensus?: readonly Pick<ConsensusRow, "candidateId" | "criterionId" | "value">[];
  today?: string;
}): Promise<ScoringResults> {
  const { checklist, people, scores, buyerOrganisationId } = input;
  const [values, consensus] = await Promise.all([
    input.values ?? loadNumericValues(input.evaluation.id),
    input.consensus ?? loadConsensus(input.evaluation.id),
  ]);
  const copied = values.filter((v) => v.profileField !== null);
  const partnerOf = new Map(people.candidates.map((c) => [c.id, c.partnerId]));
  const cited = [...new Set(scores.flatMap((s) => s.citedVersionIds))];
  const [supportVerified, verifiedRows] = await Promise.all([
    copied.length > 0
      ? partnersWithVerifiedSupport(
          buyerOrganisationId,
          [...new Set(copied.map((v) => partnerOf.get(v.candidateId) ?? ""))].filter(Boolean),
          input.today,
        )
      : Promise.resolve(new Set<string>()),
    cited.length > 0
      ? getDb()
          .select({ versionId: evidenceVerifications.versionId })
          .from(evidenceVerifications)
          .innerJoin(evidenceVersions, eq(evidenceVersions.id, evidenceVerifications.versionId))
          .innerJoin(evidence, eq(evidence.id, evidenceVersions.evidenceId))
          .where(
            and(
              inArray(evidenceVerifications.versionId, cited),
              eq(evidenceVerifications.buyerOrganisationId, buyerOrganisationId),
              eq(evidenceVerifications.status, "verified"),
              // docs/product.md "Evidence": a dated period counts in no evidence confidence.
              or(
                isNull(evidence.effectiveTo),
                gte(evidence.effectiveTo, datedCutoff(input.today ?? todayUtc())),
              ),
            ),
          )
      : Promise.resolve([]),
  ]);
  const verified = new Set(verifiedRows.map((r) => r.versionId));
  const byCandidate = valuesByCandidate(values);
  const verifiedValues = new Map<string, Record<string, boolean>>();
  for (const v of copied) {
    if (!supportVerified.has(partnerOf.get(v.candidateId) ?? "")) continue;
    const own = verifiedValues.get(v.candidateId) ?? {};
    own[v.criterionId] = true;
    verifiedValues.set(v.candidateId, own);
  }
  const conflicts = conflictsByEvaluator(people);
  const scoreInputs: ScoreInput[] = scores.map((s) => ({
    evaluatorId: s.evaluatorUserId,
    candidateId: s.candidateId,
    criterionId: s.criterionId,
    value: s.value,
    citesVerifiedEvidence: s.citedVersionIds.some((id) => verified.has(id)),
  }));
  return computeResults({
    sections: toScoringSections(checklist),
    candidates: people.candidates.map((c) => ({
      id: c.id,
      name: c.name,
      withdrawn: c.withdrawnAt !== null,
      values: byCandidate.get(c.id) ?? {},
      verifiedValues: verifiedValues.get(c.id) ?? {},
    })),
    evaluators: people.evaluators.map((e) => ({ id: e.userId, conflicts: conflicts.get(e.userId) ?? [] })),
    scores: scoreInputs,
    consensus: consensus.map((c) => ({
      candidateId: c.candidateId,
      criterionId: c.criterionId,
      value: c.value,
    })),
    minimumTotal: input.evaluation.minimumTotal ?? undefined,
  });
}

/** The one evaluator standing for "the suggestions" in a triage. */
const SUGGESTIONS = "suggestions";

export interface TriageRow {
  partnerId: string;
  name: string;
  result: CandidateResult;
  /** Criterion key -> what its rule suggested, or why it suggested nothing. */
  suggestions: Map<string, SuggestionResult>;
}

/**
 * docs/product.md "Triage": every partner of the directory scored by the suggestions alone against the evaluation's
 * context and checklist (criteria without a rule stay undefined), ranked by that partial total. Six statements
 * whatever the number of partners (the directory, then the suggestion profiles).
 */
export async function triageDirectory(input: {
  evaluation: Pick<EvaluationRow, "industry" | "sizeBand" | "useCases" | "requiredSpecializations">;
  checklist: Checklist;
  buyerOrganisationId: string;
  today?: string;
}): Promise<TriageRow[]> {
  const today = input.today ?? todayUtc();
  const partners = await listPartners();
  const profiles = await loadSuggestionProfiles(
    input.buyerOrganisationId,
    partners.map((p) => p.id),
    today,
  );
  const context = suggestionContext(input.evaluation);
  const suggestionsOf = new Map<string, Map<string, SuggestionResult>>();
  const scores: ScoreInput[] = [];
  const listed = partners.filter((p) => profiles.has(p.id));
  for (const p of listed) {
    const profile = profiles.get(p.id);
    if (!profile) continue;
    const suggestions = suggestChecklist(input.checklist.sections, profile, context, today);
    suggestionsOf.set(p.id, suggestions);
    for (const [criterionId, s] of suggestions) {
      if (s.kind === "suggestion") {
        scores.push({ evaluatorId: SUGGESTIONS, candidateId: p.id, criterionId, value: s.score });
      }
    }
  }
  const results = computeResults({
    sections: toScoringSections(input.checklist),
    candidates: listed.map((p) => ({ id: p.id, name: p.name })),
    evaluators: [{ id: SUGGESTIONS }],
    scores,
  });
  return results.candidates.map((result) => ({
    partnerId: result.candidateId,
    name: result.name,
    result,
    suggestions: suggestionsOf.get(result.candidateId) ?? new Map(),
  }));
}
