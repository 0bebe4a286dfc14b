// The shapes of the comparison's record: what the model reads of an evaluation (`ExportInput`, frozen as it is when
// the evaluation is decided) and what `comparison.json` holds (`ComparisonExport`, schema partnerlens.comparison/1).
// Types only, and the schema's name.
import type { Checklist } from "./checklist";

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
