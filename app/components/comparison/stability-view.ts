// Rank stability as the comparison shows it (docs/product.md "Rank stability"): for each counted section, the range of
// shares over which the leader holds and who takes over past each end, from the engine's `rankStability`.
import type { ScoringResults, SectionInput } from "~/domain/scoring";
import { HIGHEST_SHARE, LOWEST_SHARE, rankStability } from "~/domain/scoring/sensitivity";
import type { ComparisonStability } from "./types";

/** Rank stability section by section: the range of shares over which the leader holds, and who takes over past it. */
export function stabilityOf(results: ScoringResults, sections: SectionInput[]): ComparisonStability | null {
  const stability = rankStability(results, sections);
  if (!stability) return null;
  const nameOf = new Map(results.candidates.map((c) => [c.candidateId, c.name]));
  const names = (ids: readonly string[] | undefined) =>
    stability.tied
      ? []
      : [...new Set(ids ?? [])].map((id) => nameOf.get(id)).filter((name): name is string => Boolean(name));
  return {
    leader: stability.leaderId ? (nameOf.get(stability.leaderId) ?? null) : null,
    tied: stability.tied,
    lines: stability.sections.map((s) => ({
      sectionId: s.sectionId,
      name: s.name,
      now: s.share,
      low: s.down?.share ?? LOWEST_SHARE,
      high: s.up?.share ?? HIGHEST_SHARE,
      lowChanges: s.down !== undefined,
      highChanges: s.up !== undefined,
      below: names(s.down?.by),
      above: names(s.up?.by),
    })),
  };
}
