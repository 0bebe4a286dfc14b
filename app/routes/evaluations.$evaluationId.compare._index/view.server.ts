// The comparison page's data, ready to show: rounded figures, labels, flags, and, at full precision, what the
// browser's what-if and win probability need (the engine's packed results and the checklist's weights).
import { CELL, encodeFlags, encodeHeat, heatOf } from "~/components/comparison/cells";
import { stabilityOf } from "~/components/comparison/stability-view";
import type {
  ComparisonColumn,
  ComparisonEngine,
  ComparisonSection,
  DeliverySummary,
} from "~/components/comparison/types";
import { CHECKLIST_LABELS, type Checklist, effectiveWeights, WEIGHT_LIMIT } from "~/domain/checklist";
import {
  type CandidateResult,
  type CriterionResult,
  roundForDisplay,
  type SectionInput,
} from "~/domain/scoring";
import { type PackedResults, packResults } from "~/domain/scoring/snapshot";
import { type Comparison, cellKey } from "~/models/comparison.server";
import { formatDate, formatFigure, formatShare } from "~/utils/format";

const amount = (x: number) => x.toLocaleString("en", { maximumFractionDigits: 2 });
const share = (x: number | undefined) => (x === undefined ? null : formatShare(x));

/**
 * Section weights from the link (`?w.<section id>=<weight>`), for a what-if shared by address or applied without
 * JavaScript. Each is a number from 0 to the weight limit; anything else is left out and said.
 */
export function weightsFromUrl(url: URL, sections: SectionInput[]) {
  const weights: Record<string, number> = {};
  let ignored = 0;
  for (const s of sections) {
    const raw = url.searchParams.get(`w.${s.id}`);
    if (raw === null) continue;
    const value = Number(raw.trim());
    if (raw.trim() === "" || !Number.isFinite(value) || value < 0 || value > WEIGHT_LIMIT) ignored += 1;
    else weights[s.id] = value;
  }
  return { weights: Object.keys(weights).length > 0 ? weights : null, ignored };
}

/** Selection learns from delivery (docs/product.md "Delivery review"): this buyer's reviews of each partner, summed up. */
function deliveryOf(reviews: Comparison["deliveryReviews"]) {
  const reviewsOf = new Map<string, Comparison["deliveryReviews"]>();
  for (const r of reviews) reviewsOf.set(r.partnerId, [...(reviewsOf.get(r.partnerId) ?? []), r]);
  const mean = (xs: number[]) => formatFigure(xs.reduce((a, b) => a + b, 0) / xs.length);
  return (partnerId: string): DeliverySummary | null => {
    const own = reviewsOf.get(partnerId) ?? [];
    if (own.length === 0) return null;
    return {
      count: own.length,
      quality: mean(own.map((r) => r.quality)),
      schedule: mean(own.map((r) => r.schedule)),
      cost: mean(own.map((r) => r.cost)),
      again: own.filter((r) => r.wouldEngageAgain).length,
      latest: own[0].evaluationName ? `${own[0].milestone} (${own[0].evaluationName})` : own[0].milestone,
    };
  };
}

/**
 * Each cell's flags and colour step of one candidate, written at its criterion's index (NOTE: one index for all,
 * rather than maps per candidate: 50 x 80 cells on every request), and its numeric values with their units.
 */
function cellsOf(
  r: CandidateResult,
  criterionIndex: ReadonlyMap<string, number>,
  numeric: { id: string; i: number; unit: string | null }[],
  valueByCell: ReadonlyMap<string, number>,
) {
  const flags = new Array<number>(criterionIndex.size).fill(0);
  const heat = new Array<number>(criterionIndex.size).fill(-1);
  const eachCriterion = (x: CriterionResult) => {
    const i = criterionIndex.get(x.criterionId);
    if (i === undefined) return;
    let f = 0;
    if (x.disagreement) f |= CELL.disagreement;
    if (x.derivation.rule === "consensus") f |= CELL.consensus;
    if (x.evidenceBacked) f |= CELL.verified;
    flags[i] |= f;
    heat[i] = heatOf(x.score, x.max);
  };
  const eachKnockout = (k: { criterionId: string; status: string }) => {
    const i = criterionIndex.get(k.criterionId);
    if (i === undefined) return;
    if (k.status === "fail") flags[i] |= CELL.knockoutFailed;
    if (k.status === "pending") flags[i] |= CELL.knockoutPending;
  };
  r.criteria.forEach(eachCriterion);
  r.zeroWeightSections?.criteria.forEach(eachCriterion);
  r.knockouts.forEach(eachKnockout);
  r.zeroWeightSections?.knockouts.forEach(eachKnockout);
  const values: Record<string, string> = {};
  for (const { id, i, unit } of numeric) {
    const value = valueByCell.get(cellKey(r.candidateId, id));
    if (value === undefined) flags[i] |= CELL.missingValue;
    else values[id] = `${amount(value)}${unit ? ` ${unit}` : ""}`;
  }
  return { flags: encodeFlags(flags), heat: encodeHeat(heat), values };
}

/** Columns in ranking order, as the packed results have them; cell figures come from the packed `S` values. */
function columnsOf(comparison: Comparison, packed: PackedResults): ComparisonColumn[] {
  const { checklist, results } = comparison;
  const valueByCell = new Map(comparison.values.map((v) => [cellKey(v.candidateId, v.criterionId), v.value]));
  const partnerOf = new Map(comparison.candidates.map((c) => [c.id, c.partnerId]));
  const criteria = new Map(checklist.sections.flatMap((s) => s.criteria.map((c) => [c.key, c])));
  const numeric = packed.criterionIds.flatMap((id, i) => {
    const c = criteria.get(id);
    return c?.kind === "numeric" ? [{ id, i, unit: c.unit }] : [];
  });
  const criterionIndex = new Map(packed.criterionIds.map((id, i) => [id, i]));
  const delivery = deliveryOf(comparison.deliveryReviews);
  return results.candidates.map((r) => {
    // Each section's points (rule 4: its weight times its score over the weights of the sections with a score), from
    // the figures: the page's results carry no derivation lists.
    const defined = r.sections.filter((x) => x.score !== undefined);
    const weightSum = defined.reduce((sum, x) => sum + x.weight, 0);
    const points = new Map(defined.map((x) => [x.sectionId, (x.weight * (x.score ?? 0)) / weightSum]));
    const { flags, heat, values } = cellsOf(r, criterionIndex, numeric, valueByCell);
    return {
      id: r.candidateId,
      partnerId: partnerOf.get(r.candidateId) ?? "",
      name: r.name,
      delivery: delivery(partnerOf.get(r.candidateId) ?? ""),
      rank: r.rank ?? null,
      total: r.total === undefined ? null : formatFigure(r.total),
      completeness: formatShare(r.completeness),
      coverage: share(r.evaluatorCoverage),
      evidence: formatShare(r.evidenceConfidence),
      completenessShare: roundForDisplay(r.completeness, 4),
      evidenceShare: roundForDisplay(r.evidenceConfidence, 4),
      disqualified: r.disqualified,
      pendingKnockouts: r.knockouts.filter((k) => k.status === "pending").length,
      parts: checklist.sections.map((s) => roundForDisplay(points.get(s.key) ?? 0, 2)),
      flags,
      heat,
      values,
    };
  });
}

/** The checklist's sections and their criteria of positive weight, with labels and nominal shares. */
function sectionsOf(checklist: Checklist): ComparisonSection[] {
  const weights = effectiveWeights(checklist);
  return checklist.sections.map((s) => ({
    id: s.key,
    name: s.name,
    weight: s.weight,
    counted: s.weight > 0,
    criteria: s.criteria
      .filter((c) => c.weight > 0)
      .map((c) => ({
        id: c.key,
        name: c.name,
        kind: c.kind,
        max: c.max,
        kindLabel:
          c.kind === "numeric"
            ? `Numeric, ${CHECKLIST_LABELS.direction[c.direction ?? "lower"].toLowerCase()}${c.unit ? ` (${c.unit})` : ""}`
            : `Rated 0–${c.max}`,
        knockout: c.knockout,
        nominal: formatShare(weights.criteria.get(c.key) ?? 0),
      })),
  }));
}

export function comparisonView(comparison: Comparison, url: URL, timeZone: string) {
  const { evaluation, checklist, sections, results } = comparison;
  const packed = packResults(results, sections);
  const engine: ComparisonEngine = { sections, packed, seed: evaluation.id };
  const { weights: applied, ignored } = weightsFromUrl(url, sections);
  const data = {
    evaluation: {
      id: evaluation.id,
      name: evaluation.name,
      status: evaluation.status,
      final: results.final,
      minimumTotal: evaluation.minimumTotal === null ? null : formatFigure(evaluation.minimumTotal),
    },
    sections: sectionsOf(checklist),
    columns: columnsOf(comparison, packed),
    withdrawn: comparison.candidates
      .filter((c) => c.withdrawnAt !== null)
      .map((c) => ({
        id: c.id,
        partnerId: c.partnerId,
        name: c.name,
        on: c.withdrawnAt ? formatDate(c.withdrawnAt, timeZone) : "",
        reason: c.withdrawnReason ?? "",
      })),
    stability: stabilityOf(results, sections),
    // NOTE: as one JSON string: thousands of numbers as separate values cost Remix's serialiser more than the page's
    // rendering; the browser parses it once.
    engineJson: JSON.stringify(engine),
    applied,
    ignoredWeights: ignored,
    evaluators: comparison.evaluators.length,
  };
  return { data, engine };
}
