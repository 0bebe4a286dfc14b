// The scoring engine (docs/product.md "Scoring method", rules 1-10). Pure: no database, no Remix, no I/O, so the
// browser's what-if runs this very code on the loader's full-precision data. Double precision throughout; nothing
// is rounded here except the ranking keys (rule 9). Display rounding belongs to the caller.
//
// This module is the engine's front door; its parts live in scoring/: what it reads (input.ts) and gives
// (results.ts), the shared constants and rules (common.ts), the lookups of one computation (context.ts), one
// section's scores (section.ts), a candidate's figures (engine.ts), the ranking (rank.ts) and rule 10
// (validate-weights.ts).

export {
  type ActiveCriterion,
  activeSections,
  criterionMax,
  DEFAULT_MAX,
  DISAGREEMENT_SHARE,
  EPSILON,
  RANK_DECIMALS,
  rankKey,
  roundForDisplay,
  weightedTotal,
} from "./scoring/common";
export { computeResults } from "./scoring/engine";
export type * from "./scoring/input";
export { type Rankable, rankCandidates } from "./scoring/rank";
export type * from "./scoring/results";
export { validateWeights, type WeightMessage } from "./scoring/validate-weights";
