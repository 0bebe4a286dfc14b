// The decision's warnings (docs/product.md "Decision"): pure, so that the decide page shows, as the choice changes in the
// browser, exactly the warnings the decision will record.

/** NOTE: docs/product.md "Decision": what the decider is warned of before it goes on. */
export const DECISION_WARNINGS = {
  notFinal: "The ranking is not final: at least one candidate is below 100% completeness.",
  notLeader: "The choice is not the leader of the ranking.",
} as const;
export type DecisionWarning = keyof typeof DECISION_WARNINGS;

/**
 * The warnings that apply to a choice: the ranking is not final, or no chosen candidate is among the leaders (rank
 * 1 and qualified; none when no qualified candidate is ranked, so any choice is warned of).
 */
export function decisionWarnings(
  preview: { final: boolean; leaders: readonly string[] },
  chosen: readonly string[],
): DecisionWarning[] {
  const warnings: DecisionWarning[] = [];
  if (!preview.final) warnings.push("notFinal");
  if (chosen.length > 0 && !chosen.some((id) => preview.leaders.includes(id))) warnings.push("notLeader");
  return warnings;
}
