// What the review side of an evaluation reads (docs/product.md "numeric" criteria, "Consensus score", "Scoring method"
// rules 1 and 7): the numeric values and consensus scores as stored, the support claims this buyer verified, and the
// ratio rule's scores. Their changes live in numeric-values.server.ts and consensus.server.ts.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import {
  consensusScores,
  evaluations,
  evidence,
  evidenceVerifications,
  numericValues,
  users,
} from "../../db/schema";
import { type Checklist, type ProfileValueField, toScoringSections } from "../domain/checklist";
import { todayUtc } from "../domain/profile";
import { type CandidateInput, type CriterionScoreDerivation, computeResults } from "../domain/scoring";
import { isDated, visibleToBuyer } from "./evidence/visibility.server";

/** Every numeric value of the evaluation (one statement). */
export async function loadNumericValues(evaluationId: string) {
  return getDb()
    .select({
      candidateId: numericValues.candidateId,
      criterionId: numericValues.criterionId,
      value: numericValues.value,
      profileField: numericValues.profileField,
      copiedAt: numericValues.copiedAt,
      version: numericValues.version,
      updatedAt: numericValues.updatedAt,
    })
    .from(numericValues)
    .where(eq(numericValues.evaluationId, evaluationId));
}

/** Every consensus score of the evaluation, with who set it (one statement). */
export async function loadConsensus(evaluationId: string) {
  return getDb()
    .select({
      candidateId: consensusScores.candidateId,
      criterionId: consensusScores.criterionId,
      value: consensusScores.value,
      rationale: consensusScores.rationale,
      version: consensusScores.version,
      updatedAt: consensusScores.updatedAt,
      setBy: users.name,
    })
    .from(consensusScores)
    .leftJoin(users, eq(users.id, consensusScores.setByUserId))
    .where(eq(consensusScores.evaluationId, evaluationId));
}

/**
 * Both at once, in one statement, for pages with a tight statement budget (the scoring page): the numeric values
 * and, when asked, the consensus scores.
 */
export async function loadReviewRows(
  evaluationId: string,
  withConsensus: boolean,
): Promise<{ values: NumericValueRow[]; consensus: ConsensusRow[] }> {
  const [row] = await getDb()
    .select({
      values: sql<Record<string, unknown>[]>`(select coalesce(json_agg(json_build_object(
        'candidateId', n.candidate_id, 'criterionId', n.criterion_id, 'value', n.value,
        'profileField', n.profile_field, 'copiedAt', n.copied_at, 'version', n.version,
        'updatedAt', n.updated_at)), '[]'::json) from ${numericValues} n where n.evaluation_id = ${evaluationId})`,
      consensus: withConsensus
        ? sql<Record<string, unknown>[]>`(select coalesce(json_agg(json_build_object(
        'candidateId', c.candidate_id, 'criterionId', c.criterion_id, 'value', c.value,
        'rationale', c.rationale, 'version', c.version, 'updatedAt', c.updated_at, 'setBy', u.name)), '[]'::json)
        from ${consensusScores} c left join ${users} u on u.id = c.set_by_user_id
        where c.evaluation_id = ${evaluationId})`
        : sql<Record<string, unknown>[]>`'[]'::json`,
    })
    .from(evaluations)
    .where(eq(evaluations.id, evaluationId));
  if (!row) return { values: [], consensus: [] };
  const date = (v: unknown) => new Date(String(v));
  return {
    values: row.values.map((v) => ({
      candidateId: String(v.candidateId),
      criterionId: String(v.criterionId),
      value: Number(v.value),
      profileField: (v.profileField ?? null) as ProfileValueField | null,
      copiedAt: v.copiedAt ? date(v.copiedAt) : null,
      version: Number(v.version),
      updatedAt: date(v.updatedAt),
    })),
    consensus: row.consensus.map((c) => ({
      candidateId: String(c.candidateId),
      criterionId: String(c.criterionId),
      value: Number(c.value),
      rationale: String(c.rationale),
      version: Number(c.version),
      updatedAt: date(c.updatedAt),
      setBy: c.setBy === null || c.setBy === undefined ? null : String(c.setBy),
    })),
  };
}

export type NumericValueRow = Awaited<ReturnType<typeof loadNumericValues>>[number];
export type ConsensusRow = Awaited<ReturnType<typeof loadConsensus>>[number];

/**
 * The partners (of `partnerIds`) whose support-terms claim has evidence this buyer verified: the current version
 * verified by this buyer, the evidence visible to it, not deleted and not dated (docs/product.md rule 7). One statement.
 */
export async function partnersWithVerifiedSupport(
  buyerOrganisationId: string,
  partnerIds: readonly string[],
  today = todayUtc(),
): Promise<Set<string>> {
  if (partnerIds.length === 0) return new Set();
  const rows = await getDb()
    .select({ partnerId: evidence.organisationId, effectiveTo: evidence.effectiveTo })
    .from(evidence)
    .innerJoin(
      evidenceVerifications,
      and(
        eq(evidenceVerifications.versionId, evidence.currentVersionId),
        eq(evidenceVerifications.buyerOrganisationId, buyerOrganisationId),
        eq(evidenceVerifications.status, "verified"),
      ),
    )
    .where(
      and(
        inArray(evidence.organisationId, [...partnerIds]),
        eq(evidence.claimKind, "support"),
        isNull(evidence.deletedAt),
        visibleToBuyer(buyerOrganisationId),
      ),
    );
  return new Set(rows.filter((r) => !isDated(r.effectiveTo, today)).map((r) => r.partnerId));
}

/** Each candidate's numeric values for the engine, by candidate id then criterion id. */
export function valuesByCandidate(
  values: readonly Pick<NumericValueRow, "candidateId" | "criterionId" | "value">[],
) {
  const map = new Map<string, Record<string, number>>();
  for (const v of values) {
    const own = map.get(v.candidateId) ?? {};
    own[v.criterionId] = v.value;
    map.set(v.candidateId, own);
  }
  return map;
}

export interface RatioView {
  value: number | null;
  best: number | null;
  /** `S(c,p)` by the ratio rule; null without a value. */
  score: number | null;
  max: number;
}

/**
 * The ratio rule for every numeric criterion, weight 0 or not (a buyer enters day rates before switching
 * Commercials on): the engine itself, run on the numeric criteria alone, so there is one copy of the maths.
 * Withdrawn candidates take no part in `best`. Keyed by candidate id then criterion id.
 */
export function ratioScores(
  checklist: Pick<Checklist, "sections">,
  candidates: readonly { id: string; name: string; withdrawnAt: Date | string | null }[],
  values: readonly Pick<NumericValueRow, "candidateId" | "criterionId" | "value">[],
): Map<string, Map<string, RatioView>> {
  const numeric = toScoringSections(checklist)
    .flatMap((s) => s.criteria)
    .filter((c) => c.kind === "numeric");
  const out = new Map<string, Map<string, RatioView>>();
  if (numeric.length === 0) return out;
  const byCandidate = valuesByCandidate(values);
  const inputs: CandidateInput[] = candidates.map((c) => ({
    id: c.id,
    name: c.name,
    withdrawn: c.withdrawnAt !== null,
    values: byCandidate.get(c.id) ?? {},
  }));
  const results = computeResults({
    sections: [
      { id: "numeric", name: "numeric", weight: 1, criteria: numeric.map((c) => ({ ...c, weight: 1 })) },
    ],
    candidates: inputs,
    evaluators: [],
    scores: [],
  });
  const bestOf = new Map<string, number>();
  for (const r of results.candidates) {
    const row = new Map<string, RatioView>();
    for (const c of r.criteria) {
      const d: CriterionScoreDerivation = c.derivation;
      if (d.rule === "ratio") bestOf.set(c.criterionId, d.best);
      row.set(c.criterionId, {
        value: d.rule === "ratio" ? d.value : null,
        best: d.rule === "ratio" ? d.best : null,
        score: c.score ?? null,
        max: c.max,
      });
    }
    out.set(r.candidateId, row);
  }
  // Withdrawn candidates keep their value on show, scored by nothing; everyone sees the same best.
  for (const c of candidates) {
    const row = out.get(c.id) ?? new Map<string, RatioView>();
    for (const n of numeric) {
      const own = row.get(n.id);
      row.set(n.id, {
        value: own?.value ?? byCandidate.get(c.id)?.[n.id] ?? null,
        best: bestOf.get(n.id) ?? null,
        score: own?.score ?? null,
        max: n.max ?? 5,
      });
    }
    out.set(c.id, row);
  }
  return out;
}
