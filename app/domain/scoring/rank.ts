// Rule 9: the ranking of candidates, and the derivation of each rank.
import { RANK_DECIMALS, rankKey } from "./common";
import type { CandidateResult, RankDerivation } from "./results";

/** The order of candidates a rank does not set apart: by name, then by id. */
export function byNameThenId(
  a: { name: string; candidateId: string },
  b: { name: string; candidateId: string },
) {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.candidateId !== b.candidateId) return a.candidateId < b.candidateId ? -1 : 1;
  return 0;
}

const RANK_RULE: RankDerivation["rule"] =
  "rank = 1 + candidates ranked before: qualified by T descending, then disqualified by T descending, totals compared rounded to 9 decimals, equal ones sharing a rank; no T, no rank";
export const UNRANKED: RankDerivation = {
  rule: RANK_RULE,
  group: "unranked",
  roundedTotal: undefined,
  ahead: 0,
  tiedWith: [],
  result: undefined,
};

export function rankGroup(r: CandidateResult): RankDerivation["group"] {
  return r.total === undefined ? "unranked" : r.disqualified ? "disqualified" : "qualified";
}

/** Rule 9's derivation of each rank, on rows already in ranking order with their ranks set. */
export function deriveRanks(ranked: CandidateResult[]): void {
  const byGroupAndKey = new Map<string, string[]>();
  const groupOf = rankGroup;
  for (const r of ranked) {
    if (r.total === undefined) continue;
    const id = `${groupOf(r)} ${rankKey(r.total)}`;
    byGroupAndKey.set(id, [...(byGroupAndKey.get(id) ?? []), r.candidateId]);
  }
  const rankedCount = ranked.filter((x) => x.rank !== undefined).length;
  for (const r of ranked) {
    if (r.total === undefined || r.rank === undefined) {
      r.rankDerivation = { ...UNRANKED, ahead: rankedCount };
      continue;
    }
    const key = rankKey(r.total);
    r.rankDerivation = {
      rule: RANK_RULE,
      group: groupOf(r) as "qualified" | "disqualified",
      roundedTotal: key / 10 ** RANK_DECIMALS,
      ahead: r.rank - 1,
      tiedWith: (byGroupAndKey.get(`${groupOf(r)} ${key}`) ?? []).filter((id) => id !== r.candidateId),
      result: r.rank,
    };
  }
}

/** What rule 9 needs of a candidate; the what-if ranks its own rows with the same code. */
export interface Rankable {
  candidateId: string;
  name: string;
  total: number | undefined;
  disqualified: boolean;
  rank: number | undefined;
}

/**
 * Rule 9: qualified by total, then disqualified, competition ranks running on; the unranked last, ties in a group
 * by name then id. Sets `rank` on each row and returns the rows in ranking order.
 */
export function rankCandidates<T extends Rankable>(results: T[]): T[] {
  const order = (a: T, b: T) => {
    const diff = rankKey(b.total!) - rankKey(a.total!);
    return diff !== 0 ? diff : byNameThenId(a, b);
  };
  const scored = results.filter((r) => r.total !== undefined);
  const qualified = scored.filter((r) => !r.disqualified).sort(order);
  const disqualified = scored.filter((r) => r.disqualified).sort(order);
  const unranked = results.filter((r) => r.total === undefined).sort(byNameThenId);
  for (const r of unranked) r.rank = undefined;
  let position = 0;
  for (const group of [qualified, disqualified]) {
    let previous: { key: number; rank: number } | undefined;
    for (const r of group) {
      position += 1;
      const k = rankKey(r.total!);
      r.rank = previous !== undefined && previous.key === k ? previous.rank : position;
      previous = { key: k, rank: r.rank };
    }
  }
  return [...qualified, ...disqualified, ...unranked];
}
