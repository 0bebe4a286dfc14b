// The checklist domain: validation (rule 10, scales, rubrics, knockouts), effective weights, the editor's
// structural edits and the changes described in words. Pure: no database.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Checklist,
  type ChecklistCriterion,
  effectiveWeights,
  rubricLevels,
  toScoringSections,
  validateChecklist,
} from "../app/domain/checklist";
import {
  applyIntent,
  type ChecklistDraft,
  describeChanges,
  fromDraft,
  intentValue,
  parseIntent,
  parseNumber,
  toDraft,
} from "../app/domain/checklist-draft";
import { computeResults } from "../app/domain/scoring";

function rated(key: string, weight: number, extra: Partial<ChecklistCriterion> = {}): ChecklistCriterion {
  return {
    key,
    name: `Criterion ${key}`,
    question: `Is ${key} good?`,
    kind: "rated",
    weight,
    max: 5,
    rubric: { low: "Nothing.", middle: "Some.", high: "All." },
    knockout: null,
    suggestionRule: null,
    unit: null,
    direction: null,
    profileField: null,
    ...extra,
  };
}

function numeric(key: string, weight: number, extra: Partial<ChecklistCriterion> = {}): ChecklistCriterion {
  return {
    ...rated(key, weight),
    kind: "numeric",
    rubric: { low: "", middle: "", high: "" },
    unit: "USD per day",
    direction: "lower",
    ...extra,
  };
}

function sample(): Checklist {
  return {
    name: "Sample",
    description: "",
    sections: [
      { key: "a", name: "A", description: "", weight: 30, criteria: [rated("a1", 3), rated("a2", 1)] },
      { key: "b", name: "B", description: "", weight: 10, criteria: [rated("b1", 1, { knockout: 3 })] },
      { key: "c", name: "C", description: "", weight: 0, criteria: [numeric("c1", 1)] },
    ],
  };
}

describe("validateChecklist", () => {
  it("accepts a valid checklist, weight-0 sections included", () => {
    expect(validateChecklist(sample())).toEqual([]);
  });

  it("puts each message at its field", () => {
    const c = sample();
    c.name = " ";
    c.sections[0].criteria[0] = rated("a1", 3, {
      max: 10,
      rubric: { low: "x", middle: "", high: "y" },
      knockout: 11,
    });
    c.sections[0].criteria[1] = rated("a2", 1, { question: "", max: 1.5 });
    c.sections[1].criteria[0] = rated("b1", 1, { knockout: 0 });
    c.sections[2].criteria[0] = numeric("c1", 1, { unit: "", knockout: 2, suggestionRule: "tier" });
    expect(validateChecklist(c)).toEqual([
      { path: "name", message: "Give the template a name." },
      { path: "sections.0.criteria.0.rubric.middle", message: "Describe what a 5 looks like." },
      {
        path: "sections.0.criteria.0.knockout",
        message: "A knockout threshold is above 0 and at most the maximum, 10.",
      },
      { path: "sections.0.criteria.1.question", message: "Write the question the evaluator answers." },
      { path: "sections.0.criteria.1.max", message: "The maximum is a whole number from 1 to 100." },
      {
        path: "sections.1.criteria.0.knockout",
        message: "A knockout threshold is above 0 and at most the maximum, 5.",
      },
      { path: "sections.2.criteria.0.unit", message: "Name the unit, for example “USD per day”." },
      { path: "sections.2.criteria.0.knockout", message: "Only rated criteria carry a knockout threshold." },
      {
        path: "sections.2.criteria.0.suggestionRule",
        message: "Only rated criteria carry a suggestion rule.",
      },
    ]);
  });

  it("applies rule 10: non-negative weights, a positive section, a positive criterion in each positive section", () => {
    const c = sample();
    c.sections[1].criteria[0].weight = 0;
    c.sections[2].weight = -1;
    expect(validateChecklist(c)).toEqual([
      {
        path: "sections.1.criteria",
        message: "A section with a positive weight needs at least one criterion with a positive weight.",
      },
      { path: "sections.2.weight", message: "A weight is a number of 0 or more." },
    ]);
    for (const s of c.sections) s.weight = 0;
    expect(validateChecklist(c)).toContainEqual({
      path: "sections",
      message: "At least one section needs a positive weight.",
    });
    expect(validateChecklist({ ...c, sections: [] })).toContainEqual({
      path: "sections",
      message: "Add at least one section.",
    });
  });

  it("accepts a knockout equal to the maximum and refuses one just above it", () => {
    const c = sample();
    c.sections[1].criteria[0].knockout = 5;
    expect(validateChecklist(c)).toEqual([]);
    c.sections[1].criteria[0].knockout = 5.0001;
    expect(validateChecklist(c)).toHaveLength(1);
  });
});

describe("rubric levels", () => {
  it("are 0, the middle rounded half up, and the maximum", () => {
    expect(rubricLevels(5)).toEqual({ low: 0, middle: 3, high: 5 });
    expect(rubricLevels(10)).toEqual({ low: 0, middle: 5, high: 10 });
    expect(rubricLevels(1)).toEqual({ low: 0, middle: 1, high: 1 });
    expect(rubricLevels(7)).toEqual({ low: 0, middle: 4, high: 7 });
  });
});

describe("effective weights", () => {
  it("normalise sections over the total and criteria within their section (rule 5)", () => {
    const w = effectiveWeights(sample());
    expect(w.sections.get("a")).toBe(0.75);
    expect(w.sections.get("c")).toBe(0);
    expect(w.withinSection.get("a1")).toBe(0.75);
    expect(w.criteria.get("a1")).toBe(0.5625);
    expect(w.criteria.get("a2")).toBe(0.1875);
    expect(w.criteria.get("b1")).toBe(0.25);
    expect(w.criteria.get("c1")).toBe(0);
  });

  it("equal the engine's nominal weights and add up to 1 for any valid checklist", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            weight: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 })),
            criteria: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 })), {
              minLength: 1,
              maxLength: 5,
            }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (shape) => {
          const checklist: Checklist = {
            name: "P",
            description: "",
            sections: shape.map((s, i) => ({
              key: `s${i}`,
              name: `S${i}`,
              description: "",
              weight: s.weight,
              criteria: s.criteria.map((w, j) => rated(`s${i}c${j}`, w)),
            })),
          };
          const valid = validateChecklist(checklist).length === 0;
          fc.pre(valid);
          const w = effectiveWeights(checklist);
          const sum = [...w.criteria.values()].reduce((a, b) => a + b, 0);
          expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
          const results = computeResults({
            sections: toScoringSections(checklist),
            candidates: [{ id: "p", name: "P" }],
            evaluators: [],
            scores: [],
          });
          for (const c of results.candidates[0].criteria) {
            expect(Math.abs(c.nominalWeight - (w.criteria.get(c.criterionId) ?? 0))).toBeLessThan(1e-12);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("the editor's draft", () => {
  it("round-trips a checklist through text", () => {
    const c = sample();
    expect(fromDraft(toDraft(c))).toEqual({ checklist: c, messages: [] });
  });

  it("reads numbers as people type them and says which field is not one", () => {
    expect(parseNumber(" 2.5 ")).toBe(2.5);
    expect(parseNumber("10")).toBe(10);
    expect(parseNumber(".5")).toBe(0.5);
    for (const bad of ["", "ten", "1e3", "1,5", "Infinity", "0x10", "2.5.1"])
      expect(parseNumber(bad)).toBeUndefined();
    const d = toDraft(sample());
    d.sections[0].weight = "ten";
    d.sections[1].criteria[0].knockout = "three";
    const { messages } = fromDraft(d);
    expect(messages).toEqual([
      { path: "sections.0.weight", message: "Enter a weight: a number of 0 or more, like 10 or 2.5." },
      {
        path: "sections.1.criteria.0.knockout",
        message: "Enter the threshold as a number, or leave it empty.",
      },
    ]);
  });

  it("drops the fields a criterion's kind does not use", () => {
    const d = toDraft(sample());
    d.sections[0].criteria[0].kind = "numeric";
    d.sections[0].criteria[0].unit = "hours";
    d.sections[0].criteria[0].knockout = "3";
    const { checklist, messages } = fromDraft(d);
    expect(messages).toEqual([]);
    expect(checklist.sections[0].criteria[0]).toMatchObject({
      kind: "numeric",
      knockout: null,
      unit: "hours",
      rubric: { low: "", middle: "", high: "" },
    });
  });

  it("encodes and decodes every structural edit", () => {
    const intents = [
      { type: "add-section" },
      { type: "remove-section", section: 2 },
      { type: "move-section", section: 1, by: -1 },
      { type: "add-criterion", section: 0, kind: "numeric" },
      { type: "remove-criterion", section: 1, criterion: 3 },
      { type: "move-criterion", section: 0, criterion: 2, by: 1 },
    ] as const;
    for (const intent of intents) expect(parseIntent(intentValue(intent))).toEqual(intent);
    for (const bad of ["", "save", "move-section:1:2", "remove-section:-1", "add-criterion:0:other", "x:1"]) {
      expect(parseIntent(bad)).toBeUndefined();
    }
  });

  it("moves, adds and removes, focusing what moved or was added", () => {
    const d: ChecklistDraft = toDraft(sample());
    const moved = applyIntent(d, { type: "move-criterion", section: 0, criterion: 0, by: 1 }, "k");
    expect(moved.draft.sections[0].criteria.map((c) => c.key)).toEqual(["a2", "a1"]);
    expect(moved.focus).toBe("a1");
    // Moving past either end changes nothing.
    expect(applyIntent(d, { type: "move-section", section: 0, by: -1 }, "k").draft).toEqual(d);
    const added = applyIntent(d, { type: "add-criterion", section: 1, kind: "numeric" }, "new-1");
    expect(added.draft.sections[1].criteria.map((c) => c.key)).toEqual(["b1", "new-1"]);
    expect(added.draft.sections[1].criteria[1]).toMatchObject({ kind: "numeric", direction: "lower" });
    expect(added.focus).toBe("new-1");
    const removed = applyIntent(d, { type: "remove-section", section: 1 }, "k");
    expect(removed.draft.sections.map((s) => s.key)).toEqual(["a", "c"]);
    expect(removed.focus).toBe("a");
    // An edit that points at nothing leaves the draft as it was.
    expect(applyIntent(d, { type: "remove-criterion", section: 9, criterion: 0 }, "k").draft).toBe(d);
    // The input is never mutated.
    expect(d).toEqual(toDraft(sample()));
  });
});

describe("describeChanges", () => {
  it("says in words what changed between two versions", () => {
    const before = sample();
    const after = structuredClone(before);
    after.name = "Sample v2";
    after.sections[2].weight = 10;
    after.sections[0].criteria.reverse();
    after.sections[1].criteria[0].knockout = null;
    after.sections[1].criteria.push(rated("b2", 2, { name: "Pen test" }));
    after.sections[0].criteria[0].rubric.high = "Everything, shown.";
    after.sections.splice(2, 1);
    after.sections.push({ key: "d", name: "D", description: "", weight: 5, criteria: [rated("d1", 1)] });
    expect(describeChanges(before, after)).toEqual([
      "Renamed the template from “Sample” to “Sample v2”.",
      "Removed section “C”.",
      "Section “A”: reordered the criteria.",
      "“Criterion a2” in “A”: changed the rubric (0, 3, 5).",
      "“Criterion b1” in “B”: knockout 3 → none.",
      "Section “B”: added criterion “Pen test” (rated, weight 2).",
      "Added section “D” (weight 5, 1 criterion).",
    ]);
    expect(describeChanges(before, structuredClone(before))).toEqual([]);
  });

  it("counts the criteria of an added section in the right number", () => {
    const before = sample();
    const after = structuredClone(before);
    after.sections.push(
      { key: "e", name: "E", description: "", weight: 0, criteria: [] },
      { key: "f", name: "F", description: "", weight: 2, criteria: [rated("f1", 1), rated("f2", 1)] },
    );
    expect(describeChanges(before, after)).toEqual([
      "Added section “E” (weight 0, 0 criteria).",
      "Added section “F” (weight 2, 2 criteria).",
    ]);
  });
});
