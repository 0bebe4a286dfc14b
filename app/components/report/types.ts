// The printable decision report as its sections draw it: every figure already in words (the report's view shapes it
// from the record's `comparison.json`).

/** A chart drawn on the server: SVG markup of a fixed size, its legend, and its figures in words. */
export interface ReportChartView {
  id: string;
  title: string;
  chart: { markup: string; width: number; height: number; legend: { name: string; colour: string }[] };
  figures: string;
}

export interface ReportDecision {
  chosen: { candidateId: string; partner: string; overrideReason: string | null }[];
  rationale: string;
  warnings: string[];
  by: string;
  at: string;
}

export interface ReportSummaryRow {
  candidateId: string;
  rank: number | null;
  partner: string;
  total: string;
  completeness: string;
  coverage: string;
  evidence: string;
  disqualified: boolean;
  reasons: string[];
  /** The counted sections' scores, in the order of `ReportView.sections`. */
  sections: string[];
}

export interface ReportChecklistSection {
  id: string;
  name: string;
  weight: number;
  share: string;
  criteria: {
    id: string;
    name: string;
    weight: number;
    nominal: string;
    kind: string;
    knockout: number | null;
  }[];
}

export interface ReportView {
  evaluation: {
    id: string;
    name: string;
    status: string;
    frozen: boolean;
    final: boolean;
    buyer: string;
    generatedAt: string;
    context: [string, string][];
  };
  /** The exports' file names. */
  files: { summary: string; detail: string; json: string };
  decision: ReportDecision | null;
  checklist: ReportChecklistSection[];
  /** The counted sections. */
  sections: { id: string; name: string }[];
  summary: ReportSummaryRow[];
  charts: ReportChartView[];
  win: { name: string; share: number }[];
  stability: { section: string; sentence: string }[];
  withdrawn: { partner: string; on: string; reason: string }[];
  declarations: { evaluator: string; conflicts: string[]; note: string; declaredAt: string }[];
  evaluators: { label: string; scores: number; notBlind: boolean }[];
  evidence: {
    title: string;
    version: number;
    file: string;
    sha256: string | null;
    claim: string;
    verification: string;
  }[];
  audit: { action: string; count: number; first: string; last: string }[];
}
