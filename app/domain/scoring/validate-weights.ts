// Rule 10: what makes a set of weights valid.
import { isPositive } from "./common";

export interface WeightMessage {
  /** Dotted path into the sections array, e.g. `sections.0.criteria.2.weight`; `sections` for the whole. */
  path: string;
  message: string;
}

/** Rule 10: weights are non-negative; one section and, in each positive section, one criterion is positive. */
export function validateWeights(
  sections: readonly { weight: number; criteria: readonly { weight: number }[] }[],
): WeightMessage[] {
  const messages: WeightMessage[] = [];
  const valid = (w: number) => Number.isFinite(w) && w >= 0;
  sections.forEach((section, i) => {
    if (!valid(section.weight)) {
      messages.push({ path: `sections.${i}.weight`, message: "A weight is a number of 0 or more." });
    }
    section.criteria.forEach((criterion, j) => {
      if (!valid(criterion.weight)) {
        messages.push({
          path: `sections.${i}.criteria.${j}.weight`,
          message: "A weight is a number of 0 or more.",
        });
      }
    });
    if (isPositive(section.weight) && !section.criteria.some((c) => isPositive(c.weight))) {
      messages.push({
        path: `sections.${i}.criteria`,
        message: "A section with a positive weight needs at least one criterion with a positive weight.",
      });
    }
  });
  if (!sections.some((s) => isPositive(s.weight))) {
    messages.push({ path: "sections", message: "At least one section needs a positive weight." });
  }
  return messages;
}
