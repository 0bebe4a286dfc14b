// The scoring page of one candidate as it reads: labels, dates in the organisation's time zone, figures.
import type { RequestPanelProps } from "~/components/evidence-request-panel";
import type { CitableEvidence, NumericView } from "~/components/scoring/types";
import { rubricLevels } from "~/domain/checklist";
import { STATUS_LABELS } from "~/domain/evaluation";
import type { EvaluationAccess } from "~/models/evaluation.server";
import { CLAIM_KIND_LABELS } from "~/models/evidence/claims.server";
import type { ScoringPage } from "~/models/scoring-page.server";
import type { Viewer } from "~/utils/access.server";
import { formatDateTime, formatFigure } from "~/utils/format";

type Criterion = ScoringPage["sections"][number]["criteria"][number];

export function scoringView(
  viewer: Viewer,
  access: EvaluationAccess,
  page: ScoringPage,
  requests: RequestPanelProps,
) {
  const { evaluation } = access;
  const tz = viewer.orgTimeZone;
  return {
    evaluation: { id: evaluation.id, name: evaluation.name, status: STATUS_LABELS[evaluation.status] },
    candidate: {
      id: page.candidate.id,
      partnerId: page.candidate.partnerId,
      name: page.candidate.name,
      withdrawn: !!page.candidate.withdrawnAt,
    },
    role: access.isAdmin ? "admin" : viewer.role,
    assigned: access.assigned,
    mayScore: page.mayScore,
    seesOthers: page.seesOthers,
    seesResults: page.seesResults,
    scoringOpen: evaluation.status === "scoring",
    progress: page.progress,
    submittedAt: page.submittedAt ? formatDateTime(page.submittedAt, tz) : null,
    evidence: page.evidence.map(citable),
    requests,
    otherCandidates: page.otherCandidates,
    /** The first counted criterion the viewer has not scored, while it may score (the page opens there). */
    nextUnscored: page.mayScore ? firstUnscored(page) : null,
    sections: page.sections.map((s) => {
      const counted = s.criteria.filter((c) => c.counts);
      return {
        key: s.key,
        name: s.name,
        description: s.description,
        weight: s.weight,
        progress: { scored: counted.filter((c) => c.own !== null).length, required: counted.length },
        criteria: s.criteria.map((c) => criterionView(c, s.weight > 0, tz)),
      };
    }),
  };
}

function firstUnscored(page: ScoringPage): { key: string; name: string } | null {
  for (const s of page.sections) {
    const c = s.criteria.find((x) => x.counts && x.own === null);
    if (c) return { key: c.key, name: c.name };
  }
  return null;
}

/** A version the score may cite, named with its version number when there are several, and what it is. */
function citable(e: ScoringPage["evidence"][number]): CitableEvidence {
  return {
    versionId: e.versionId,
    label: `${e.title}${e.versionNumber > 1 || !e.current ? ` (version ${e.versionNumber})` : ""}`,
    note: [
      e.claimKind ? CLAIM_KIND_LABELS[e.claimKind] : "an earlier version",
      e.status === "verified" ? "verified" : e.status === "rejected" ? "rejected" : "not verified",
      e.dated ? "dated" : "",
    ]
      .filter(Boolean)
      .join(" · "),
  };
}

function criterionView(c: Criterion, sectionCounts: boolean, tz: string) {
  return {
    key: c.key,
    name: c.name,
    question: c.question,
    kind: c.kind,
    max: c.max,
    counts: c.counts,
    levels: rubricLevels(c.max),
    rubric: c.rubric,
    knockout: c.knockout,
    suggestion: c.suggestion,
    own: c.own ? { ...c.own, savedAt: formatDateTime(c.own.updatedAt, tz), updatedAt: undefined } : null,
    others: c.others.map((o) => ({
      ...o,
      savedAt: formatDateTime(o.updatedAt, tz),
      updatedAt: undefined,
    })),
    numeric: numericView(c, sectionCounts, tz),
    consensus: c.consensus
      ? {
          value: formatFigure(c.consensus.value),
          rationale: c.consensus.rationale,
          setBy: c.consensus.setBy ?? "A former member",
          savedAt: formatDateTime(c.consensus.updatedAt, tz),
        }
      : null,
  };
}

/** A numeric criterion as people read it: value, best value, ratio-rule score, or the missing value flagged. */
function numericView(c: Criterion, sectionCounts: boolean, tz: string): NumericView | null {
  if (!c.numeric) return null;
  const amount = (x: number) => x.toLocaleString("en", { maximumFractionDigits: 2 });
  return {
    unit: c.unit ?? "",
    direction: c.direction === "higher" ? "Higher is better" : "Lower is better",
    max: c.numeric.max,
    value: c.numeric.value === null ? null : amount(c.numeric.value),
    best: c.numeric.best === null ? null : amount(c.numeric.best),
    score: c.numeric.score === null ? null : formatFigure(c.numeric.score),
    copiedAt: c.numeric.copiedAt ? formatDateTime(c.numeric.copiedAt, tz) : null,
    counts: sectionCounts && c.weight > 0,
  };
}
