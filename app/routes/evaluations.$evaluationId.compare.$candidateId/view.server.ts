// How every figure of one candidate was made (docs/product.md "Transparent arithmetic"): the engine's derivations with
// names, in two decimals, for the comparison's dialog and for this page without JavaScript.
import { reasonText } from "~/components/comparison/cells";
import { completenessView, type DerivationView, rankView } from "~/components/comparison/derivation-view";

import type { CandidateResult, CriterionResult } from "~/domain/scoring";
import type { Comparison } from "~/models/comparison.server";
import { formatFigure, formatShare, plural } from "~/utils/format";

const two = (x: number) => formatFigure(x, 2);
const pct = (x: number) => formatShare(x);

function criterionLine(x: CriterionResult, evaluatorName: Map<string, string>) {
  const d = x.derivation;
  const max = `${d.max}`;
  switch (d.rule) {
    case "consensus":
      return {
        rule: "Consensus score (it replaces the mean)",
        steps: [`Consensus ${two(d.consensus)} of ${max}`],
      };
    case "mean": {
      const listed = d.scores.map((s) => `${evaluatorName.get(s.evaluatorId) ?? "An evaluator"} ${s.value}`);
      return {
        rule: "Mean of the counted evaluators' scores",
        steps: [
          listed.length > 0
            ? `${listed.join(" + ")} = ${two(d.sum)}`
            : `${plural(d.count, "score", "scores")} adding up to ${two(d.sum)}`,
          `${two(d.sum)} / ${d.count} = ${two(d.result)} of ${max}`,
        ],
      };
    }
    case "ratio":
      return {
        rule:
          d.direction === "lower"
            ? "Ratio rule, lower is better: M × best / value"
            : "Ratio rule, higher is better: M × value / best",
        steps: [
          d.direction === "lower"
            ? `${max} × ${d.best} / ${d.value} = ${two(d.result)} of ${max}`
            : `${max} × ${d.value} / ${d.best} = ${two(d.result)} of ${max}`,
        ],
      };
    default:
      return {
        rule: d.reason === "no value" ? "No value entered: not scored" : "No score yet: not scored",
        steps: [] as string[],
      };
  }
}

/** The total: its sections' terms, and every criterion's contribution (they add up to it). */
function totalView(
  result: CandidateResult,
  sectionName: ReadonlyMap<string, string>,
  criterionName: ReadonlyMap<string, string>,
): DerivationView["total"] {
  const t = result.derivation;
  return {
    rule: t.rule,
    terms: t.terms.map((term) => ({
      section: sectionName.get(term.sectionId) ?? "",
      weight: term.weight,
      score: two(term.sectionScore),
      weighted: two(term.weighted),
      points: two(term.points),
    })),
    weightedSum: two(t.weightedSum),
    weightSum: t.weightSum,
    unclamped: t.unclamped === undefined ? null : two(t.unclamped),
    result: t.result === undefined ? null : two(t.result),
    clamped: t.unclamped !== undefined && t.result !== undefined && t.unclamped !== t.result,
    contributions: t.contributions.map((c) => ({
      criterion: criterionName.get(c.criterionId) ?? "",
      section: sectionName.get(c.sectionId) ?? "",
      nominal: pct(c.nominalWeight),
      applied: pct(c.appliedWeight),
      score: two(c.score),
      max: c.max,
      points: two(c.points),
    })),
    contributionSum: two(t.contributionSum),
  };
}

/** Each section's score from its criteria, the weight-0 sections included. */
function sectionsView(
  result: CandidateResult,
  criterionName: ReadonlyMap<string, string>,
): DerivationView["sections"] {
  return [...result.sections, ...(result.zeroWeightSections?.sections ?? [])].map((s) => ({
    id: s.sectionId,
    name: s.name,
    weight: s.weight,
    counted: s.weight > 0,
    rule: s.derivation.rule,
    terms: s.derivation.terms.map((term) => ({
      criterion: criterionName.get(term.criterionId) ?? "",
      weight: term.weight,
      score: two(term.score),
      max: term.max,
      weighted: formatFigure(term.weighted, 4),
    })),
    weightedSum: formatFigure(s.derivation.weightedSum, 4),
    weightSum: s.derivation.weightSum,
    result: s.score === undefined ? null : two(s.score),
  }));
}

export function derivationView(comparison: Comparison, result: CandidateResult): DerivationView {
  const { checklist } = comparison;
  const sectionName = new Map(checklist.sections.map((s) => [s.key, s.name]));
  const criterionName = new Map(checklist.sections.flatMap((s) => s.criteria.map((c) => [c.key, c.name])));
  const evaluatorName = new Map(comparison.evaluators.map((e) => [e.userId, e.name]));
  const candidateName = new Map(comparison.results.candidates.map((c) => [c.candidateId, c.name]));
  const all = [...result.criteria, ...(result.zeroWeightSections?.criteria ?? [])];
  const counted = new Set(result.criteria.map((x) => x.criterionId));
  return {
    candidate: {
      id: result.candidateId,
      name: result.name,
      rank: result.rank ?? null,
      total: result.total === undefined ? null : formatFigure(result.total),
      disqualified: result.disqualified,
      reasons: result.reasons.map((r) => reasonText(r, criterionName)),
    },
    total: totalView(result, sectionName, criterionName),
    sections: sectionsView(result, criterionName),
    criteria: all.map((x) => ({
      id: x.criterionId,
      name: criterionName.get(x.criterionId) ?? "",
      sectionId: x.sectionId,
      section: sectionName.get(x.sectionId) ?? "",
      counted: counted.has(x.criterionId),
      score: x.score === undefined ? null : two(x.score),
      max: x.max,
      spread: x.spread === undefined ? null : two(x.spread),
      disagreement: x.disagreement,
      evidenceBacked: x.evidenceBacked,
      nominal: pct(x.nominalWeight),
      applied: pct(x.appliedWeight),
      contribution: x.contribution === undefined ? null : two(x.contribution),
      ...criterionLine(x, evaluatorName),
    })),
    completeness: completenessView(result, criterionName),
    rank: rankView(result, candidateName),
    coverage: {
      rule: result.coverageDerivation.rule,
      pairs: result.coverageDerivation.pairs,
      scored: result.coverageDerivation.scored,
      result: result.evaluatorCoverage === undefined ? null : pct(result.evaluatorCoverage),
    },
    evidence: {
      rule: result.evidenceDerivation.rule,
      terms: result.evidenceDerivation.terms.map((term) => ({
        criterion: criterionName.get(term.criterionId) ?? "",
        nominal: pct(term.nominalWeight),
        backing:
          term.backing.kind === "profile claim" ? "value from a verified profile claim" : "a score cites it",
      })),
      result: pct(result.evidenceConfidence),
    },
    knockouts: result.knockouts.map((k) => ({
      criterionId: k.criterionId,
      criterion: criterionName.get(k.criterionId) ?? "",
      threshold: k.threshold,
      score: k.score === undefined ? null : two(k.score),
      status: k.status,
    })),
  };
}
