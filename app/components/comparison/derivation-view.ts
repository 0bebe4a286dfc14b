// How a figure of the comparison was made, as the derivation components read it: the engine's derivations with names,
// in two decimals (`compare/:candidateId` shapes them), and which figure of a candidate is meant.

import type { CandidateResult } from "~/domain/scoring";
import { formatFigure, formatShare } from "~/utils/format";

export type Figure =
  | { kind: "total" }
  | { kind: "section"; id: string }
  | { kind: "criterion"; id: string }
  | { kind: "completeness" }
  | { kind: "coverage" }
  | { kind: "evidence" }
  | { kind: "rank" };

/** Completeness as the engine derived it (rule 5), with names and shares ready to show. */
export interface CompletenessView {
  rule: string;
  /** The nominal weights counted: criteria with a score. */
  terms: { criterion: string; nominal: string }[];
  missing: { criterion: string; nominal: string }[];
  result: string;
  complete?: boolean;
}

/** The rank as the engine derived it (rule 9), with names ready to show. */
export interface RankView {
  rule: string;
  group: "qualified" | "disqualified" | "unranked";
  /** The total compared, rounded to 9 decimals; null when unranked. */
  roundedTotal: string | null;
  ahead: number;
  tiedWith: string[];
  result: number | null;
}

/** Every figure of one candidate with its derivation. */
export interface DerivationView {
  candidate: {
    id: string;
    name: string;
    rank: number | null;
    total: string | null;
    disqualified: boolean;
    reasons: string[];
  };
  total: {
    rule: string;
    terms: { section: string; weight: number; score: string; weighted: string; points: string }[];
    weightedSum: string;
    weightSum: number;
    unclamped: string | null;
    result: string | null;
    clamped: boolean;
    contributions: {
      criterion: string;
      section: string;
      nominal: string;
      applied: string;
      score: string;
      max: number;
      points: string;
    }[];
    contributionSum: string;
  };
  sections: {
    id: string;
    name: string;
    weight: number;
    counted: boolean;
    rule: string;
    terms: { criterion: string; weight: number; score: string; max: number; weighted: string }[];
    weightedSum: string;
    weightSum: number;
    result: string | null;
  }[];
  criteria: {
    id: string;
    name: string;
    sectionId: string;
    section: string;
    counted: boolean;
    score: string | null;
    max: number;
    spread: string | null;
    disagreement: boolean;
    evidenceBacked: boolean;
    nominal: string;
    applied: string;
    contribution: string | null;
    /** How S was made: the rule in words and its steps. */
    rule: string;
    steps: string[];
  }[];
  completeness: CompletenessView;
  rank: RankView;
  coverage: { rule: string; pairs: number; scored: number; result: string | null };
  evidence: {
    rule: string;
    terms: { criterion: string; nominal: string; backing: string }[];
    result: string;
  };
  knockouts: {
    criterionId: string;
    criterion: string;
    threshold: number;
    score: string | null;
    status: "pending" | "pass" | "fail";
  }[];
}

/** The engine's completeness derivation for the derivation views (`CandidateResult.completenessDerivation`). */
export function completenessView(
  result: CandidateResult,
  criterionName: Map<string, string>,
): CompletenessView {
  const d = result.completenessDerivation;
  const named = (t: { criterionId: string; nominalWeight: number }) => ({
    criterion: criterionName.get(t.criterionId) ?? "",
    nominal: formatShare(t.nominalWeight),
  });
  return {
    rule: d.rule,
    terms: d.terms.map(named),
    missing: d.missing.map(named),
    result: formatShare(d.result),
    complete: d.complete,
  };
}

/** The engine's rank derivation for the derivation views (`CandidateResult.rankDerivation`). */
export function rankView(result: CandidateResult, candidateName: Map<string, string>): RankView {
  const d = result.rankDerivation;
  return {
    rule: d.rule,
    group: d.group,
    roundedTotal: d.roundedTotal === undefined ? null : formatFigure(d.roundedTotal, 9),
    ahead: d.ahead,
    tiedWith: d.tiedWith.map((id) => candidateName.get(id) ?? ""),
    result: d.result ?? null,
  };
}

/** The anchor of a figure on the candidate's derivation page. */
export function figureAnchor(figure: Figure): string {
  return figure.kind === "section" || figure.kind === "criterion"
    ? `${figure.kind}-${figure.id}`
    : figure.kind;
}

export function figureTitle(figure: Figure, d: DerivationView): string {
  switch (figure.kind) {
    case "total":
      return `Total of ${d.candidate.name}`;
    case "section":
      return `${d.sections.find((s) => s.id === figure.id)?.name ?? "Section"}: ${d.candidate.name}`;
    case "criterion":
      return `${d.criteria.find((c) => c.id === figure.id)?.name ?? "Criterion"}: ${d.candidate.name}`;
    case "completeness":
      return `Completeness of ${d.candidate.name}`;
    case "coverage":
      return `Evaluator coverage of ${d.candidate.name}`;
    case "evidence":
      return `Evidence confidence of ${d.candidate.name}`;
    case "rank":
      return `Rank of ${d.candidate.name}`;
  }
}
