import { describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST, BUILT_IN_TEMPLATE_ID } from "../app/domain/builtin-checklist";
import {
  BUILT_IN_CHECKLIST_V2,
  BUILT_IN_V2_TEMPLATE_ID,
  VERSION_2_ADDITIONS,
} from "../app/domain/builtin-checklist-v2";
import {
  BUILT_IN_VERSIONS,
  builtInEdition,
  builtInVersion,
  CURRENT_BUILT_IN,
  VERSION_2_CHANGES,
} from "../app/domain/builtin-versions";
import {
  type Checklist,
  type ChecklistCriterion,
  effectiveWeights,
  QUESTION_LIMIT,
  RUBRIC_LIMIT,
  validateChecklist,
} from "../app/domain/checklist";

// DESIGN.md "Built-in checklist, version 2", copied by hand: version 1's sections and weights, with five rated
// criteria added at the end of four sections. [name, weight, knockout?, auto?] as in builtin-checklist.test.ts.
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
      ["Model versions pinned, provider changes tracked, and a tested fallback", 2],
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
      ["Adversarial testing, with the report and fixes shared", 2],
      ["Sub-processors named, none training on or keeping the buyer's data", 2, 2],
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
      ["Acceptance testing before go-live against written thresholds", 2],
    ],
  },
  {
    name: "Commercials",
    weight: 0,
    criteria: [
      ["Blended day rate", 1],
      ["Ownership of generated work, IP checks, indemnity and insurance", 1],
    ],
  },
];

const NEW_KEYS = [
  "model_agnosticism.model_changes",
  "security.adversarial_testing",
  "security.sub_processors",
  "delivery.acceptance_testing",
  "commercials.ip_indemnity",
];

const criteriaOf = (c: Checklist) => c.sections.flatMap((s) => s.criteria);
const all: ChecklistCriterion[] = criteriaOf(BUILT_IN_CHECKLIST_V2);
const added = all.filter((c) => NEW_KEYS.includes(c.key));

describe("built-in checklist, version 2", () => {
  it("has DESIGN.md's sections, weights and criteria, in order", () => {
    const actual = BUILT_IN_CHECKLIST_V2.sections.map((s) => ({
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
    expect(BUILT_IN_CHECKLIST_V2.sections.map((s) => s.criteria.length)).toEqual([4, 2, 4, 4, 5, 8, 5, 2]);
    expect(all).toHaveLength(34);
    expect(BUILT_IN_CHECKLIST_V2.name).toBe(BUILT_IN_CHECKLIST.name);
  });

  it("carries three knockouts: version 1's two and sub-processors below 2", () => {
    expect(all.filter((c) => c.knockout !== null).map((c) => [c.key, c.knockout])).toEqual([
      ["references.in_production", 1],
      ["security.review_terms", 3],
      ["security.sub_processors", 2],
    ]);
  });

  it("adds five rated criteria on 0-5, without suggestion rules, each with a question and three rubric sentences", () => {
    expect(added.map((c) => c.key)).toEqual(NEW_KEYS);
    for (const c of added) {
      expect(c).toMatchObject({ kind: "rated", max: 5, suggestionRule: null, unit: null, direction: null });
      expect(c.profileField, c.key).toBeNull();
      expect(c.question.trim().endsWith("?"), c.key).toBe(true);
      expect(c.question.length, c.key).toBeLessThanOrEqual(QUESTION_LIMIT);
      const levels = [c.rubric.low, c.rubric.middle, c.rubric.high];
      for (const text of levels) {
        expect(text.trim().endsWith("."), `${c.key}: ${text}`).toBe(true);
        expect(text.length, c.key).toBeLessThanOrEqual(RUBRIC_LIMIT);
      }
      expect(new Set(levels).size, c.key).toBe(3);
    }
    // No question or rubric sentence repeats one of the checklist's others.
    const rated = all.filter((c) => c.kind === "rated");
    const questions = all.map((c) => c.question);
    expect(new Set(questions).size).toBe(questions.length);
    const sentences = rated.flatMap((c) => [c.rubric.low, c.rubric.middle, c.rubric.high]);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it("keeps version 1 word for word: every section and criterion, in order, with the new ones at section ends", () => {
    expect(validateChecklist(BUILT_IN_CHECKLIST_V2)).toEqual([]);
    expect(validateChecklist(BUILT_IN_CHECKLIST)).toEqual([]);
    BUILT_IN_CHECKLIST.sections.forEach((old, i) => {
      const now = BUILT_IN_CHECKLIST_V2.sections[i];
      expect({ ...now, criteria: [] }).toEqual({ ...old, criteria: [] });
      expect(now.criteria.slice(0, old.criteria.length)).toEqual(old.criteria);
      expect(now.criteria.slice(old.criteria.length).every((c) => NEW_KEYS.includes(c.key))).toBe(true);
    });
    // Version 1 itself is untouched: 29 criteria, no new key.
    expect(criteriaOf(BUILT_IN_CHECKLIST)).toHaveLength(29);
    expect(criteriaOf(BUILT_IN_CHECKLIST).some((c) => NEW_KEYS.includes(c.key))).toBe(false);
  });

  it("has effective weights that sum to 1, with hand-computed values", () => {
    const ew = effectiveWeights(BUILT_IN_CHECKLIST_V2);
    expect([...ew.criteria.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Model-agnosticism 15/100, criteria 3 + 2 + 2 + 2 = 9.
    expect(ew.criteria.get("model_agnosticism.model_changes")).toBeCloseTo((15 / 100) * (2 / 9), 12);
    // Security 10/100, criteria 2 + 2 + 2 + 1 + 1 + 1 + 2 + 2 = 13.
    expect(ew.criteria.get("security.sub_processors")).toBeCloseTo((10 / 100) * (2 / 13), 12);
    expect(ew.criteria.get("security.review_terms")).toBeCloseTo((10 / 100) * (1 / 13), 12);
    // Delivery 5/100, criteria 2 + 2 + 1 + 1 + 2 = 8.
    expect(ew.criteria.get("delivery.acceptance_testing")).toBeCloseTo((5 / 100) * (2 / 8), 12);
    // Commercials still weighs 0; its two criteria split it evenly once a buyer switches it on.
    expect(ew.criteria.get("commercials.ip_indemnity")).toBe(0);
    expect(ew.withinSection.get("commercials.ip_indemnity")).toBe(0.5);
  });
});

describe("the built-in checklist's versions", () => {
  it("keeps version 1 under its old id, superseded by version 2, the current one", () => {
    expect(BUILT_IN_VERSIONS.map((v) => [v.id, v.version, v.supersededBy])).toEqual([
      [BUILT_IN_TEMPLATE_ID, 1, BUILT_IN_V2_TEMPLATE_ID],
      [BUILT_IN_V2_TEMPLATE_ID, 2, null],
    ]);
    expect(BUILT_IN_TEMPLATE_ID).toBe("builtin");
    expect(BUILT_IN_V2_TEMPLATE_ID).toBe("builtin-v2");
    expect(CURRENT_BUILT_IN.checklist).toBe(BUILT_IN_CHECKLIST_V2);
    expect(builtInVersion("builtin")?.checklist).toBe(BUILT_IN_CHECKLIST);
    expect(builtInVersion("builtin-v3")).toBeUndefined();
    expect(BUILT_IN_VERSIONS.map((v) => v.label)).toEqual([
      "AI implementation partner due diligence (version 1)",
      "AI implementation partner due diligence (version 2)",
    ]);
  });

  it("tells each version's page where it stands", () => {
    expect(builtInEdition("builtin")).toMatchObject({
      version: 1,
      supersededBy: { id: "builtin-v2", version: 2 },
      supersedes: null,
    });
    expect(builtInEdition("builtin-v2")).toMatchObject({
      version: 2,
      supersededBy: null,
      supersedes: { id: "builtin", version: 1 },
    });
    expect(builtInEdition("00000000-0000-0000-0000-000000000000")).toBeNull();
  });

  it("says what changed and why, naming the frameworks, and lists exactly the criteria added", () => {
    const ids = (c: Checklist) => new Set(criteriaOf(c).map((x) => x.key));
    const v1 = ids(BUILT_IN_CHECKLIST);
    expect([...ids(BUILT_IN_CHECKLIST_V2)].filter((k) => !v1.has(k))).toEqual(NEW_KEYS);
    expect(VERSION_2_ADDITIONS.map((a) => a.criterion.key)).toEqual(NEW_KEYS);
    expect(VERSION_2_CHANGES).toMatchObject({ from: 1, to: 2, kept: 29 });
    expect(VERSION_2_CHANGES.added.map((a) => [a.section, a.criterion, a.weight, a.knockout])).toEqual(
      added.map((c) => {
        const section = BUILT_IN_CHECKLIST_V2.sections.find((s) => s.criteria.includes(c))!;
        return [section.name, c.name, c.weight, c.knockout];
      }),
    );
    for (const named of [
      "NIST AI Risk Management Framework",
      "MEASURE 2.3",
      "2.5",
      "2.7",
      "2.11",
      "GOVERN 6.1",
      "6.2",
      "MANAGE 3.2",
      "OWASP Top 10 for LLM Applications",
      "ISO/IEC 42001",
    ]) {
      expect(VERSION_2_CHANGES.reason).toContain(named);
    }
    for (const a of VERSION_2_CHANGES.added) expect(a.frameworks, a.criterion).toMatch(/NIST AI RMF|OWASP/);
  });
});
