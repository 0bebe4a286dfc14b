// The report's data, from the record's `comparison.json`: every figure in words in the viewer's time zone, and the
// charts drawn on the server as SVG at a fixed size, each with its figures in words.
import { REPORT_CHART_LIMIT, reportCharts } from "~/components/charts/report-charts.server";
import type { ReportChartView, ReportView } from "~/components/report/types";
import type { ComparisonExport } from "~/domain/comparison-export";
import { STATUS_LABELS } from "~/domain/evaluation";
import { exportFileName } from "~/models/record-exports.server";
import { auditActionLabel } from "~/utils/audit-labels";
import { formatDate, formatDateTime, formatFigure, formatShare } from "~/utils/format";

const pct = (share: number | null) => (share === null ? "—" : formatShare(share));
const one = (v: number | null) => (v === null ? "—" : formatFigure(v));

/** The evaluation's facts, and when (and whether frozen) the record was made. */
function evaluationOf(x: ComparisonExport, tz: string): ReportView["evaluation"] {
  return {
    id: x.evaluation.id,
    name: x.evaluation.name,
    status: STATUS_LABELS[x.evaluation.status as keyof typeof STATUS_LABELS] ?? x.evaluation.status,
    frozen: x.frozen,
    final: x.evaluation.final,
    buyer: x.buyer,
    generatedAt: formatDateTime(x.generatedAt, tz),
    context: [
      ["Industry", x.evaluation.industry ?? "—"],
      ["Size", x.evaluation.sizeBand ?? "—"],
      ["Use cases", x.evaluation.useCases.join(", ") || "—"],
      ["Required specializations", x.evaluation.requiredSpecializations.join(", ") || "—"],
      ["Deadline", x.evaluation.deadlineOn ? formatDate(`${x.evaluation.deadlineOn}T00:00:00Z`, "UTC") : "—"],
      [
        "Minimum total",
        x.evaluation.minimumTotal === null ? "None" : formatFigure(x.evaluation.minimumTotal),
      ],
      ["Checklist from", x.evaluation.templateName ?? "—"],
    ],
  };
}

/** The checklist with its weights and shares; sections and criteria weighing 0 are "not counted". */
function checklistOf(x: ComparisonExport): ReportView["checklist"] {
  return x.checklist.sections.map((s) => ({
    id: s.id,
    name: s.name,
    weight: s.weight,
    share: s.weight > 0 ? pct(s.share) : "not counted",
    criteria: s.criteria.map((c) => ({
      id: c.id,
      name: c.name,
      weight: c.weight,
      nominal: c.weight > 0 && s.weight > 0 ? pct(c.nominalWeight) : "not counted",
      kind: c.kind === "numeric" ? `numeric${c.unit ? ` (${c.unit})` : ""}` : `rated 0–${c.max}`,
      knockout: c.knockout,
    })),
  }));
}

/** Who scored how many scores; an admin scored without the blind rule. */
function evaluatorsOf(x: ComparisonExport): ReportView["evaluators"] {
  const scoresBy = new Map<string, number>();
  for (const d of x.detail) {
    for (const [evaluatorId, cell] of Object.entries(d.scores)) {
      if (typeof cell.value === "number") scoresBy.set(evaluatorId, (scoresBy.get(evaluatorId) ?? 0) + 1);
    }
  }
  return x.evaluators.map((e) => ({
    label: e.label,
    scores: scoresBy.get(e.id) ?? 0,
    // Records frozen before roles were kept say nothing either way.
    notBlind: e.notBlind === true,
  }));
}

export function reportView(x: ComparisonExport, tz: string): ReportView {
  const counted = x.checklist.sections.filter((s) => s.weight > 0);
  const ranked = x.summary.filter((r) => r.rank !== null);
  return {
    evaluation: evaluationOf(x, tz),
    files: {
      summary: exportFileName(x.evaluation, "summary.csv"),
      detail: exportFileName(x.evaluation, "detail.csv"),
      json: exportFileName(x.evaluation, "comparison.json"),
    },
    decision: x.decision && {
      chosen: x.decision.chosen,
      rationale: x.decision.rationale,
      warnings: x.decision.warnings,
      by: x.decision.decidedBy,
      at: formatDateTime(x.decision.decidedAt, tz),
    },
    checklist: checklistOf(x),
    sections: counted.map((s) => ({ id: s.id, name: s.name })),
    summary: x.summary.map((r) => ({
      candidateId: r.candidateId,
      rank: r.rank,
      partner: r.partner,
      total: one(r.total),
      completeness: pct(r.completeness),
      coverage: pct(r.evaluatorCoverage),
      evidence: pct(r.evidenceConfidence),
      disqualified: r.disqualified,
      reasons: r.reasons,
      sections: counted.map((s) => one(r.sections[s.id] ?? null)),
    })),
    charts: chartsOf(x, counted, ranked),
    win: x.sensitivity.winProbability
      .filter((w) => w.share > 0)
      .map((w) => ({ name: w.partner, share: w.share })),
    stability: x.sensitivity.stability,
    withdrawn: x.withdrawn.map((w) => ({
      partner: w.partner,
      on: w.withdrawnAt ? formatDate(w.withdrawnAt, tz) : "",
      reason: w.reason ?? "",
    })),
    declarations: x.declarations.map((d) => ({ ...d, declaredAt: formatDateTime(d.declaredAt, tz) })),
    evaluators: evaluatorsOf(x),
    evidence: x.evidence.map((e) => ({
      title: e.title,
      version: e.number,
      file: e.fileName ?? e.url ?? "",
      sha256: e.sha256,
      claim: e.claim.label,
      verification: e.verification
        ? `${e.verification.status}${e.verification.by ? ` by ${e.verification.by}` : ""}, ${formatDate(e.verification.at, tz)}`
        : "not checked",
    })),
    // In the order things happened (the record keeps them by action).
    audit: [...x.audit]
      .sort((a, b) => a.first.localeCompare(b.first) || a.action.localeCompare(b.action))
      .map((a) => ({
        action: auditActionLabel(a.action),
        count: a.count,
        first: formatDate(a.first, tz),
        last: formatDate(a.last, tz),
      })),
  };
}

type Exported = ComparisonExport;

/** The three charts as SVG markup, each with its figures in words (its text alternative). */
function chartsOf(
  x: Exported,
  counted: Exported["checklist"]["sections"],
  ranked: Exported["summary"],
): ReportChartView[] {
  const sections = counted.map((s) => ({ id: s.id, name: s.name }));
  const candidates = ranked.map((r) => ({
    id: r.candidateId,
    name: r.partner,
    sections: Object.fromEntries(counted.map((s) => [s.id, r.sections[s.id] ?? undefined])),
    parts: Object.fromEntries(counted.map((s) => [s.id, r.sectionPoints[s.id] ?? 0])),
  }));
  const win = x.sensitivity.winProbability
    .filter((w) => w.share > 0)
    .map((w) => ({ name: w.partner, share: w.share }));
  const drawn = reportCharts({ sections, candidates, win });
  const one = (v: number | null | undefined) =>
    v === null || v === undefined ? "not scored" : formatFigure(v);
  const charts = [
    {
      id: "sections",
      title: "Section scores (0–100) of the best-ranked candidates",
      chart: drawn.sections,
      figures: `${candidates
        .slice(0, REPORT_CHART_LIMIT.sections)
        .map((c) => `${c.name}: ${sections.map((s) => `${s.name} ${one(c.sections[s.id])}`).join(", ")}`)
        .join("; ")}.`,
    },
    {
      id: "contributions",
      title: "What each section adds to each total (points)",
      chart: drawn.contributions,
      figures: `${candidates
        .slice(0, REPORT_CHART_LIMIT.contributions)
        .map((c) => `${c.name}: ${sections.map((s) => `${s.name} ${one(c.parts[s.id])}`).join(", ")}`)
        .join("; ")}.`,
    },
  ];
  if (drawn.win) {
    charts.push({
      id: "win",
      title: "Win probability over 2,000 weightings drawn around the saved ones",
      chart: drawn.win,
      figures: `${win
        .slice(0, REPORT_CHART_LIMIT.win)
        .map((w) => `${w.name} leads in ${formatShare(w.share)}`)
        .join(", ")}.`,
    });
  }
  return charts;
}
