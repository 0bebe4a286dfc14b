import { describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST, BUILT_IN_TEMPLATE_ID } from "../app/domain/builtin-checklist";
import {
  type ChecklistCriterion,
  effectiveWeights,
  QUESTION_LIMIT,
  RUBRIC_LIMIT,
  validateChecklist,
} from "../app/domain/checklist";

// docs/product.md "Built-in checklist: AI implementation partner due diligence", copied by hand.
type Expected = [name: string, weight: number, knockout?: number, auto?: string];
const EXPECTED: { name: string; weight: number; criteria: Expected[] }[] = [
  {
    name: "Partner standing and certification",
    weight: 10,
    criteria: [
      ["Network tier", 3, undefined, "tier"],
      ["Certified practitioners on the proposed team", 3],
      ["Certifications current, with renewal or ongoing assessment", 2],
      ["Access to the vendor's forward-deployed engineers for complex work", 1],
    ],
  },
  {
    name: "Specializations",
    weight: 15,
    criteria: [
      ["Coverage of the specializations this buyer needs", 3, undefined, "specialization_coverage"],
      ["Delivered projects in each needed specialization, with evidence", 3],
    ],
  },
  {
    name: "Reference deployments",
    weight: 25,
    criteria: [
      ["References at comparable scale and use case", 3, undefined, "comparable_references"],
      ["Outcomes measured against a stated baseline", 3],
      ["Reference calls held and confirmed", 2],
      ["In production and operated after go-live", 2, 1],
    ],
  },
  {
    name: "Model-agnosticism",
    weight: 15,
    criteria: [
      ["Production deployments across model providers", 3, undefined, "provider_breadth"],
      ["Vendor-neutral trade-off analysis and disclosure of the partner's incentives", 2],
      ["Portability and exit plan for prompts, evaluations and data", 2],
    ],
  },
  {
    name: "Post-deployment support",
    weight: 20,
    criteria: [
      ["Support terms", 3, undefined, "support_terms"],
      ["Named owner for maintenance after launch", 3],
      ["Rollback path and kill switch", 2],
      ["Monitoring, evaluation loops and incident response", 2],
      ["Knowledge transfer and training", 2],
    ],
  },
  {
    name: "Security, data and governance",
    weight: 10,
    criteria: [
      ["Least-privilege, time-bound identities for AI systems", 2],
      ["Logging of prompts, outputs and tool actions", 2],
      ["Data classification, boundaries, retention and processing location", 2],
      ["Human review points and approval of production workflows", 1],
      ["Fits the buyer's control framework (for example Essential Eight)", 1],
      ["Accepts the buyer's security review and data-processing terms", 1, 3],
    ],
  },
  {
    name: "Delivery and adoption",
    weight: 5,
    criteria: [
      ["The workflow that changes is named, with owner and baseline", 2],
      ["Success measures", 2],
      ["Cost governance: usage policies, alerts and cost allocation", 1],
      ["Change management and training plan", 1],
    ],
  },
  { name: "Commercials", weight: 0, criteria: [["Blended day rate", 1]] },
];

const allCriteria: ChecklistCriterion[] = BUILT_IN_CHECKLIST.sections.flatMap((s) => s.criteria);
const rated = allCriteria.filter((c) => c.kind === "rated");
const byName = (name: string) => {
  const found = allCriteria.find((c) => c.name === name);
  if (!found) throw new Error(`no criterion named ${name}`);
  return found;
};

describe("built-in checklist", () => {
  it("has its id and name", () => {
    expect(BUILT_IN_TEMPLATE_ID).toBe("builtin");
    expect(BUILT_IN_CHECKLIST.name).toBe("AI implementation partner due diligence");
    expect(BUILT_IN_CHECKLIST.description.trim()).not.toBe("");
  });

  it("is valid", () => {
    expect(validateChecklist(BUILT_IN_CHECKLIST)).toEqual([]);
  });

  it("has exactly docs/product.md's sections, weights and criteria, in order", () => {
    const actual = BUILT_IN_CHECKLIST.sections.map((s) => ({
      name: s.name,
      weight: s.weight,
      criteria: s.criteria.map((c): Expected => {
        const row: Expected = [c.name, c.weight];
        if (c.knockout !== null || c.suggestionRule !== null) row.push(c.knockout ?? undefined);
        if (c.suggestionRule !== null) row.push(c.suggestionRule);
        return row;
      }),
    }));
    expect(actual).toStrictEqual(EXPECTED);
    expect(BUILT_IN_CHECKLIST.sections.map((s) => s.criteria.length)).toEqual([4, 2, 4, 3, 5, 6, 4, 1]);
    expect(allCriteria).toHaveLength(29);
  });

  it("carries knockouts on exactly two criteria", () => {
    const knockouts = allCriteria.filter((c) => c.knockout !== null).map((c) => [c.name, c.knockout]);
    expect(knockouts).toEqual([
      ["In production and operated after go-live", 1],
      ["Accepts the buyer's security review and data-processing terms", 3],
    ]);
  });

  it("carries auto rules on exactly the five criteria named", () => {
    const rules = allCriteria.filter((c) => c.suggestionRule !== null).map((c) => [c.name, c.suggestionRule]);
    expect(rules).toEqual([
      ["Network tier", "tier"],
      ["Coverage of the specializations this buyer needs", "specialization_coverage"],
      ["References at comparable scale and use case", "comparable_references"],
      ["Production deployments across model providers", "provider_breadth"],
      ["Support terms", "support_terms"],
    ]);
  });

  it("has Commercials at weight 0 with a numeric, lower-is-better blended day rate", () => {
    const commercials = BUILT_IN_CHECKLIST.sections.at(-1)!;
    expect(commercials.name).toBe("Commercials");
    expect(commercials.weight).toBe(0);
    expect(commercials.criteria).toHaveLength(1);
    const rate = commercials.criteria[0];
    expect(rate).toMatchObject({
      name: "Blended day rate",
      kind: "numeric",
      weight: 1,
      max: 5,
      direction: "lower",
      knockout: null,
      suggestionRule: null,
      profileField: null,
      rubric: { low: "", middle: "", high: "" },
    });
    expect(rate.unit?.trim()).toBeTruthy();
    // The only numeric criterion.
    expect(allCriteria.filter((c) => c.kind === "numeric")).toEqual([rate]);
  });

  it("has unique keys for sections and criteria", () => {
    const keys = [...BUILT_IN_CHECKLIST.sections.map((s) => s.key), ...allCriteria.map((c) => c.key)];
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[a-z_]+(\.[a-z_]+)?$/);
    for (const s of BUILT_IN_CHECKLIST.sections) {
      for (const c of s.criteria) expect(c.key.startsWith(`${s.key}.`)).toBe(true);
    }
  });

  it("rates every rated criterion on 0-5 with a question and three distinct rubric sentences", () => {
    expect(rated).toHaveLength(28);
    for (const c of rated) {
      expect(c.max, c.name).toBe(5);
      expect(c.question.trim().endsWith("?"), c.name).toBe(true);
      expect(c.question.length, c.name).toBeLessThanOrEqual(QUESTION_LIMIT);
      expect(c.unit, c.name).toBeNull();
      expect(c.direction, c.name).toBeNull();
      expect(c.profileField, c.name).toBeNull();
      const levels = [c.rubric.low, c.rubric.middle, c.rubric.high];
      for (const text of levels) {
        expect(text.trim(), c.name).not.toBe("");
        expect(text.length, c.name).toBeLessThanOrEqual(RUBRIC_LIMIT);
        expect(/[.]$/.test(text.trim()), `${c.name}: ${text}`).toBe(true);
      }
      expect(new Set(levels.map((t) => t.trim().toLowerCase())).size, c.name).toBe(3);
    }
    // No two criteria share a question or a rubric sentence.
    const questions = allCriteria.map((c) => c.question);
    expect(new Set(questions).size).toBe(questions.length);
    const sentences = rated.flatMap((c) => [c.rubric.low, c.rubric.middle, c.rubric.high]);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it("describes each section in one sentence", () => {
    for (const s of BUILT_IN_CHECKLIST.sections) {
      const text = s.description.trim();
      expect(text, s.name).not.toBe("");
      expect(text.endsWith("."), s.name).toBe(true);
      expect(text.slice(0, -1).includes(". "), s.name).toBe(false);
    }
  });

  it("has effective weights that sum to 1, with hand-computed values", () => {
    const ew = effectiveWeights(BUILT_IN_CHECKLIST);
    const total = [...ew.criteria.values()].reduce((sum, w) => sum + w, 0);
    expect(total).toBeCloseTo(1, 12);
    // Section weights: 10 + 15 + 25 + 15 + 20 + 10 + 5 + 0 = 100.
    const weightOf = (name: string) => ew.criteria.get(byName(name).key);
    // Standing 10/100, criteria 3 + 3 + 2 + 1 = 9.
    expect(weightOf("Network tier")).toBeCloseTo((10 / 100) * (3 / 9), 12);
    // References 25/100, criteria 3 + 3 + 2 + 2 = 10.
    expect(weightOf("In production and operated after go-live")).toBeCloseTo((25 / 100) * (2 / 10), 12);
    // Security 10/100, criteria 2 + 2 + 2 + 1 + 1 + 1 = 9.
    expect(weightOf("Accepts the buyer's security review and data-processing terms")).toBeCloseTo(
      (10 / 100) * (1 / 9),
      12,
    );
    // Support 20/100, criteria 3 + 3 + 2 + 2 + 2 = 12.
    expect(weightOf("Support terms")).toBeCloseTo((20 / 100) * (3 / 12), 12);
    // Commercials weighs 0: its criterion counts for nothing until the buyer switches it on.
    expect(ew.sections.get("commercials")).toBe(0);
    expect(weightOf("Blended day rate")).toBe(0);
    expect(ew.withinSection.get(byName("Blended day rate").key)).toBe(1);
  });
});
