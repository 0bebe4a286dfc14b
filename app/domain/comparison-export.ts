// The comparison as a record (DESIGN.md "Exports", "Decision"): `comparison.json` (schema partnerlens.comparison/1)
// holding the summary and the detail, and the two CSVs written from it. Pure: the model gathers the evaluation's
// rows into an `ExportInput`; everything here is computed from it by the engine, so a decided evaluation's record,
// frozen as that input and that JSON, gives the same figures whatever changes later.
import { type Checklist, effectiveWeights, toScoringSections } from "./checklist";
import {
  type CriterionResult,
  computeResults,
  type DisqualificationReason,
  roundForDisplay,
  type ScoringInput,
  type ScoringResults,
} from "./scoring";
import { describeStability, rankStability } from "./scoring/sensitivity";
import { winProbability } from "./scoring/win-probability";

export const COMPARISON_SCHEMA = "partnerlens.comparison/1";

/** What the model reads of an evaluation for its record: rows, as they are now (or as they were, frozen). */
export interface ExportInput {
  generatedAt: string;
  buyer: { name: string; timeZone: string };
  evaluation: {
    id: string;
    name: string;
    status: string;
    industry: string | null;
    sizeBand: string | null;
    useCases: string[];
    requiredSpecializations: string[];
    deadlineOn: string | null;
    minimumTotal: number | null;
    templateName: string | null;
  };
  checklist: Checklist;
  candidates: {
    id: string;
    partnerId: string;
    name: string;
    withdrawnAt: string | null;
    withdrawnReason: string | null;
  }[];
  /** Active assigned evaluators, names as they are now (frozen: as they were). */
  evaluators: { id: string; name: string; email: string; role: string | null }[];
  declarations: { evaluatorId: string; conflicts: string[]; note: string; declaredAt: string }[];
  /** Every saved score of the active evaluators (the engine leaves out conflicted ones). */
  scores: {
    evaluatorId: string;
    candidateId: string;
    criterionId: string;
    value: number;
    justification: string;
    citedVersionIds: string[];
    citesVerifiedEvidence: boolean;
  }[];
  consensus: {
    candidateId: string;
    criterionId: string;
    value: number;
    rationale: string;
    setBy: string | null;
  }[];
  values: {
    candidateId: string;
    criterionId: string;
    value: number;
    profileField: string | null;
    copiedAt: string | null;
    verified: boolean;
  }[];
  /** The evidence versions the scores cite, each with its claim and this buyer's verification. */
  evidence: {
    versionId: string;
    evidenceId: string;
    partnerId: string;
    title: string;
    number: number;
    fileName: string | null;
    url: string | null;
    sha256: string | null;
    claim: { kind: string; label: string; data: unknown };
    verification: { status: string; note: string; by: string | null; at: string } | null;
  }[];
  decision: {
    chosen: { candidateId: string; overrideReason: string | null }[];
    rationale: string;
    warnings: string[];
    decidedBy: string;
    decidedAt: string;
  } | null;
  /** Counts of this evaluation's audit events by action, with the first and last. */
  audit: { action: string; count: number; first: string; last: string }[];
}

export interface SummaryRow {
  rank: number | null;
  candidateId: string;
  partner: string;
  total: number | null;
  completeness: number;
  evaluatorCoverage: number | null;
  evidenceConfidence: number;
  disqualified: boolean;
  reasons: string[];
  /** By section id, 0-100; null when undefined. */
  sections: Record<string, number | null>;
  /** By section id: its part of the total in points (the sum of its criteria's contributions). */
  sectionPoints: Record<string, number>;
}

export interface DetailRow {
  candidateId: string;
  partner: string;
  withdrawn: boolean;
  sectionId: string;
  section: string;
  criterionId: string;
  criterion: string;
  kind: "rated" | "numeric";
  /** Shares on 0-1. */
  nominalWeight: number;
  /** Null for a withdrawn candidate: it has no figures. */
  appliedWeight: number | null;
  /** By evaluator id: the score, "conflict", or null when not scored. */
  scores: Record<string, { value: number | "conflict" | null; justification: string }>;
  consensus: number | null;
  consensusRationale: string | null;
  value: number | null;
  unit: string | null;
  best: number | null;
  s: number | null;
  spread: number | null;
  contribution: number | null;
}

export interface ComparisonExport {
  schema: typeof COMPARISON_SCHEMA;
  generatedAt: string;
  /** True for a decided evaluation: this is its frozen record. */
  frozen: boolean;
  buyer: string;
  evaluation: ExportInput["evaluation"] & { final: boolean };
  checklist: {
    sections: {
      id: string;
      name: string;
      weight: number;
      share: number;
      criteria: {
        id: string;
        name: string;
        question: string;
        kind: "rated" | "numeric";
        weight: number;
        nominalWeight: number;
        max: number;
        knockout: number | null;
        unit: string | null;
        direction: string | null;
      }[];
    }[];
  };
  /**
   * `label` names the evaluator's columns: the name, with the e-mail where two names are equal. `role` as it was
   * when the record was made; `notBlind` for an admin, who sees every score while the others score blind.
   */
  evaluators: {
    id: string;
    name: string;
    email: string;
    label: string;
    role: string | null;
    notBlind: boolean;
  }[];
  summary: SummaryRow[];
  detail: DetailRow[];
  withdrawn: { candidateId: string; partner: string; withdrawnAt: string | null; reason: string | null }[];
  declarations: { evaluator: string; conflicts: string[]; note: string; declaredAt: string }[];
  sensitivity: {
    stability: { section: string; sentence: string }[];
    winProbability: { candidateId: string; partner: string; share: number }[];
  };
  decision: {
    chosen: { candidateId: string; partner: string; overrideReason: string | null }[];
    rationale: string;
    warnings: string[];
    decidedBy: string;
    decidedAt: string;
  } | null;
  evidence: ExportInput["evidence"];
  audit: ExportInput["audit"];
}

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

export function reasonWords(
  reason: DisqualificationReason,
  criterionName: ReadonlyMap<string, string>,
): string {
  return reason.kind === "knockout"
    ? `${criterionName.get(reason.criterionId) ?? "A criterion"} scored ${roundForDisplay(reason.score).toFixed(1)}, below its knockout of ${reason.threshold}`
    : `Total ${roundForDisplay(reason.total).toFixed(1)} below the minimum of ${reason.minimum}`;
}

const key = (a: string, b: string) => `${a} ${b}`;

/** Everything `comparison.json` holds, from the rows, by the engine. */
export function buildComparisonExport(input: ExportInput): ComparisonExport {
  const results = resultsOf(input);
  const sections = toScoringSections(input.checklist);
  const weights = effectiveWeights(input.checklist);
  const criterionName = new Map(
    input.checklist.sections.flatMap((s) => s.criteria.map((c) => [c.key, c.name])),
  );
  const evaluators = evaluatorLabels(input.evaluators);
  const nameOf = new Map(input.candidates.map((c) => [c.id, c.name]));
  const conflicts = new Map(input.declarations.map((d) => [d.evaluatorId, new Set(d.conflicts)]));
  const scoreOf = new Map(
    input.scores.map((s) => [`${key(s.candidateId, s.criterionId)} ${s.evaluatorId}`, s]),
  );
  const consensusOf = new Map(input.consensus.map((c) => [key(c.candidateId, c.criterionId), c]));
  const valueByCell = new Map(input.values.map((v) => [key(v.candidateId, v.criterionId), v]));

  const summary: SummaryRow[] = results.candidates.map((r) => {
    const bySection = new Map(r.sections.map((s) => [s.sectionId, s.score]));
    return {
      rank: r.rank ?? null,
      candidateId: r.candidateId,
      partner: r.name,
      total: r.total ?? null,
      completeness: r.completeness,
      evaluatorCoverage: r.evaluatorCoverage ?? null,
      evidenceConfidence: r.evidenceConfidence,
      disqualified: r.disqualified,
      reasons: r.reasons.map((reason) => reasonWords(reason, criterionName)),
      sections: Object.fromEntries(
        input.checklist.sections
          .filter((s) => s.weight > 0)
          .map((s) => [s.key, bySection.get(s.key) ?? null]),
      ),
      sectionPoints: Object.fromEntries(r.derivation.terms.map((t) => [t.sectionId, t.points])),
    };
  });

  // Detail: every candidate (withdrawn ones marked, with no figure), every criterion of the checklist.
  const resultOf = new Map(
    results.candidates.map((r) => [
      r.candidateId,
      new Map<string, CriterionResult>(
        [...r.criteria, ...(r.zeroWeightSections?.criteria ?? [])].map((x) => [x.criterionId, x]),
      ),
    ]),
  );
  const detail: DetailRow[] = [];
  for (const c of input.candidates) {
    const own = resultOf.get(c.id);
    for (const s of input.checklist.sections) {
      for (const criterion of s.criteria) {
        const x = own?.get(criterion.key);
        const agreed = consensusOf.get(key(c.id, criterion.key));
        const value = valueByCell.get(key(c.id, criterion.key));
        const d = x?.derivation;
        detail.push({
          candidateId: c.id,
          partner: c.name,
          withdrawn: c.withdrawnAt !== null,
          sectionId: s.key,
          section: s.name,
          criterionId: criterion.key,
          criterion: criterion.name,
          kind: criterion.kind,
          nominalWeight: weights.criteria.get(criterion.key) ?? 0,
          appliedWeight: c.withdrawnAt !== null ? null : (x?.appliedWeight ?? 0),
          scores: Object.fromEntries(
            criterion.kind === "rated"
              ? evaluators.map((e) => {
                  if (conflicts.get(e.id)?.has(c.id))
                    return [e.id, { value: "conflict" as const, justification: "" }];
                  const score = scoreOf.get(`${key(c.id, criterion.key)} ${e.id}`);
                  return [e.id, { value: score?.value ?? null, justification: score?.justification ?? "" }];
                })
              : [],
          ),
          consensus: criterion.kind === "rated" ? (agreed?.value ?? null) : null,
          consensusRationale: criterion.kind === "rated" ? (agreed?.rationale ?? null) : null,
          value: value?.value ?? null,
          unit: criterion.kind === "numeric" ? criterion.unit : null,
          best: d?.rule === "ratio" ? d.best : null,
          s: x?.score ?? null,
          spread: x?.spread ?? null,
          contribution: x?.contribution ?? null,
        });
      }
    }
  }

  const stability = rankStability(results, sections);
  const win = winProbability(results, sections, input.evaluation.id);
  const final = results.final;
  return {
    schema: COMPARISON_SCHEMA,
    generatedAt: input.generatedAt,
    frozen: input.decision !== null,
    buyer: input.buyer.name,
    evaluation: { ...input.evaluation, final },
    checklist: {
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
    },
    evaluators: evaluators.map((e) => ({
      id: e.id,
      name: e.name,
      email: e.email,
      label: e.label,
      role: e.role,
      notBlind: e.role === "admin",
    })),
    summary,
    detail,
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
    sensitivity: {
      stability: (stability?.sections ?? []).map((s) => ({
        section: s.name,
        sentence: describeStability(s),
      })),
      winProbability: [...(win ?? new Map<string, number>())]
        .map(([candidateId, share]) => ({ candidateId, partner: nameOf.get(candidateId) ?? "", share }))
        .sort((a, b) => b.share - a.share || a.partner.localeCompare(b.partner)),
    },
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
