// The comparison as a record (docs/product.md "Exports", "Decision"): `comparison.json` (schema partnerlens.comparison/1)
// holding the summary and the detail, and the two CSVs written from it. Pure: the model gathers the evaluation's
// rows into an `ExportInput`; everything here is computed from it by the engine, so a decided evaluation's record,
// frozen as that input and that JSON, gives the same figures whatever changes later.
import { effectiveWeights, toScoringSections } from "./checklist";
import { detailRows, summaryRows } from "./comparison-export-rows";
import { COMPARISON_SCHEMA, type ComparisonExport, type ExportInput } from "./comparison-export-types";
import { computeResults, type ScoringInput, type ScoringResults } from "./scoring";
import { describeStability, rankStability } from "./scoring/sensitivity";
import { winProbability } from "./scoring/win-probability";

export { reasonWords } from "./comparison-export-rows";
export {
  COMPARISON_SCHEMA,
  type ComparisonExport,
  type DetailRow,
  type ExportInput,
  type SummaryRow,
} from "./comparison-export-types";

/** The engine's input from the rows: the one place an export, a record and a frozen comparison make it. */
export function scoringInputOf(input: ExportInput): ScoringInput {
  const valuesOf = new Map<string, Record<string, number>>();
  const verifiedOf = new Map<string, Record<string, boolean>>();
  for (const v of input.values) {
    valuesOf.set(v.candidateId, { ...valuesOf.get(v.candidateId), [v.criterionId]: v.value });
    if (v.verified)
      verifiedOf.set(v.candidateId, { ...verifiedOf.get(v.candidateId), [v.criterionId]: true });
  }
  const conflicts = new Map(input.declarations.map((d) => [d.evaluatorId, d.conflicts]));
  return {
    sections: toScoringSections(input.checklist),
    candidates: input.candidates.map((c) => ({
      id: c.id,
      name: c.name,
      withdrawn: c.withdrawnAt !== null,
      values: valuesOf.get(c.id) ?? {},
      verifiedValues: verifiedOf.get(c.id) ?? {},
    })),
    evaluators: input.evaluators.map((e) => ({ id: e.id, conflicts: conflicts.get(e.id) ?? [] })),
    scores: input.scores.map((s) => ({
      evaluatorId: s.evaluatorId,
      candidateId: s.candidateId,
      criterionId: s.criterionId,
      value: s.value,
      citesVerifiedEvidence: s.citesVerifiedEvidence,
    })),
    consensus: input.consensus.map((c) => ({
      candidateId: c.candidateId,
      criterionId: c.criterionId,
      value: c.value,
    })),
    minimumTotal: input.evaluation.minimumTotal ?? undefined,
  };
}

/** The engine's results for the record's input, the weight-0 sections computed apart. */
export function resultsOf(input: ExportInput): ScoringResults {
  return computeResults(scoringInputOf(input), { zeroWeightSections: true });
}

/** Column labels for the evaluators: the name, with the e-mail where two evaluators share it. */
export function evaluatorLabels<T extends { id: string; name: string; email: string }>(
  evaluators: readonly T[],
): (T & { label: string })[] {
  const count = new Map<string, number>();
  for (const e of evaluators) count.set(e.name, (count.get(e.name) ?? 0) + 1);
  return evaluators.map((e) => ({
    ...e,
    label: (count.get(e.name) ?? 0) > 1 ? `${e.name} (${e.email})` : e.name,
  }));
}

/** The checklist as the record states it: weights, shares on 0-1, each criterion's nominal weight. */
function checklistOf(input: ExportInput, weights: ReturnType<typeof effectiveWeights>) {
  return {
    sections: input.checklist.sections.map((s) => ({
      id: s.key,
      name: s.name,
      weight: s.weight,
      share: weights.sections.get(s.key) ?? 0,
      criteria: s.criteria.map((c) => ({
        id: c.key,
        name: c.name,
        question: c.question,
        kind: c.kind,
        weight: c.weight,
        nominalWeight: weights.criteria.get(c.key) ?? 0,
        max: c.max,
        knockout: c.knockout,
        unit: c.unit,
        direction: c.direction,
      })),
    })),
  };
}

/** Rank stability in sentences, and the win probability over the seeded weightings, the likeliest first. */
function sensitivityOf(
  input: ExportInput,
  results: ScoringResults,
  nameOf: ReadonlyMap<string, string>,
): ComparisonExport["sensitivity"] {
  const sections = toScoringSections(input.checklist);
  const stability = rankStability(results, sections);
  const win = winProbability(results, sections, input.evaluation.id);
  return {
    stability: (stability?.sections ?? []).map((s) => ({
      section: s.name,
      sentence: describeStability(s),
    })),
    winProbability: [...(win ?? new Map<string, number>())]
      .map(([candidateId, share]) => ({ candidateId, partner: nameOf.get(candidateId) ?? "", share }))
      .sort((a, b) => b.share - a.share || a.partner.localeCompare(b.partner)),
  };
}

/** Everything `comparison.json` holds, from the rows, by the engine. */
export function buildComparisonExport(input: ExportInput): ComparisonExport {
  const results = resultsOf(input);
  const weights = effectiveWeights(input.checklist);
  const criterionName = new Map(
    input.checklist.sections.flatMap((s) => s.criteria.map((c) => [c.key, c.name])),
  );
  const evaluators = evaluatorLabels(input.evaluators);
  const nameOf = new Map(input.candidates.map((c) => [c.id, c.name]));
  return {
    schema: COMPARISON_SCHEMA,
    generatedAt: input.generatedAt,
    frozen: input.decision !== null,
    buyer: input.buyer.name,
    evaluation: { ...input.evaluation, final: results.final },
    checklist: checklistOf(input, weights),
    evaluators: evaluators.map((e) => ({
      id: e.id,
      name: e.name,
      email: e.email,
      label: e.label,
      role: e.role,
      notBlind: e.role === "admin",
    })),
    summary: summaryRows(input, results, criterionName),
    detail: detailRows(input, results, evaluators, weights),
    withdrawn: input.candidates
      .filter((c) => c.withdrawnAt !== null)
      .map((c) => ({
        candidateId: c.id,
        partner: c.name,
        withdrawnAt: c.withdrawnAt,
        reason: c.withdrawnReason,
      })),
    declarations: input.declarations.map((d) => ({
      evaluator: evaluators.find((e) => e.id === d.evaluatorId)?.label ?? "A former evaluator",
      conflicts: d.conflicts.map((id) => nameOf.get(id) ?? "a removed candidate"),
      note: d.note,
      declaredAt: d.declaredAt,
    })),
    sensitivity: sensitivityOf(input, results, nameOf),
    decision: input.decision && {
      chosen: input.decision.chosen.map((c) => ({ ...c, partner: nameOf.get(c.candidateId) ?? "" })),
      rationale: input.decision.rationale,
      warnings: input.decision.warnings,
      decidedBy: input.decision.decidedBy,
      decidedAt: input.decision.decidedAt,
    },
    evidence: input.evidence,
    audit: input.audit,
  };
}

/** `comparison.json`'s exact text: full precision, shares on 0-1, null for undefined. */
export function comparisonJsonText(x: ComparisonExport): string {
  return `${JSON.stringify(x, null, 2)}\n`;
}
