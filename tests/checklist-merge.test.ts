// The three-way merge of template drafts after a conflicting save: worked examples, then properties (no concurrent
// change gives mine, no own change gives theirs, disjoint edits keep both, equal edits never clash). Pure.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChecklistDraft, CriterionDraft, SectionDraft } from "../app/domain/checklist-draft";
import { mergeChecklistDrafts } from "../app/domain/checklist-merge";

const RUNS = 1000;

function criterion(key: string, extra: Partial<CriterionDraft> = {}): CriterionDraft {
  return {
    key,
    name: `Criterion ${key}`,
    question: `Is ${key} good?`,
    kind: "rated",
    weight: "1",
    max: "5",
    rubric: { low: "Nothing.", middle: "Some.", high: "All." },
    knockout: "",
    suggestionRule: "",
    unit: "",
    direction: "lower",
    profileField: "",
    ...extra,
  };
}

function section(key: string, criteria: CriterionDraft[], extra: Partial<SectionDraft> = {}): SectionDraft {
  return { key, name: `Section ${key}`, description: "", weight: "10", criteria, ...extra };
}

function baseDraft(): ChecklistDraft {
  return {
    name: "Due diligence",
    description: "",
    sections: [
      section("s1", [criterion("a"), criterion("b"), criterion("c")]),
      section("s2", [criterion("d"), criterion("e")], { weight: "20" }),
      section("s3", [criterion("f")], { weight: "0" }),
    ],
  };
}

const edit = (draft: ChecklistDraft, change: (d: ChecklistDraft) => void) => {
  const copy = structuredClone(draft);
  change(copy);
  return copy;
};
const find = (d: ChecklistDraft, key: string) =>
  d.sections.flatMap((s) => s.criteria).find((c) => c.key === key);
const sectionKeys = (d: ChecklistDraft) => d.sections.map((s) => s.key);
const criterionKeys = (d: ChecklistDraft, s: string) =>
  d.sections.find((x) => x.key === s)?.criteria.map((c) => c.key);

describe("merging two edits of one template", () => {
  it("keeps an edit from each side on different fields, with no clash", () => {
    const base = baseDraft();
    const theirs = edit(base, (d) => {
      d.sections[1].weight = "30";
    });
    const mine = edit(base, (d) => {
      d.sections[0].criteria[0].name = "Network tier (OpenAI)";
    });
    const { draft, clashes } = mergeChecklistDrafts(base, theirs, mine);
    expect(clashes).toEqual([]);
    expect(draft.sections[1].weight).toBe("30");
    expect(draft.sections[0].criteria[0].name).toBe("Network tier (OpenAI)");
  });

  it("keeps mine where both changed one field differently, and says so beside the field", () => {
    const base = baseDraft();
    const theirs = edit(base, (d) => {
      d.sections[1].weight = "30";
      d.sections[0].criteria[1].question = "Does the team hold current certifications?";
      d.sections[0].criteria[2].suggestionRule = "tier";
    });
    const mine = edit(base, (d) => {
      d.sections[1].weight = "25";
      d.sections[0].criteria[1].question = "How many of the proposed team are certified?";
      d.sections[0].criteria[2].suggestionRule = "provider_breadth";
    });
    const { draft, clashes } = mergeChecklistDrafts(base, theirs, mine);
    expect(draft.sections[1].weight).toBe("25");
    expect(clashes).toEqual([
      {
        field: "s:s2.weight",
        where: "Weight of section “Section s2”",
        message: "They changed this to “30” (it was “20”); your “25” is kept.",
      },
      {
        field: "c:b.question",
        where: "Question of “Criterion b”",
        message:
          "They changed this to “Does the team hold current certifications?” (it was “Is b good?”); your “How many of the proposed team are certified?” is kept.",
      },
      {
        field: "c:c.suggestionRule",
        where: "Auto-suggestion of “Criterion c”",
        message: "They changed this to Network tier (it was empty); your Provider breadth is kept.",
      },
    ]);
  });

  it("takes the same change made on both sides once, without a clash", () => {
    const base = baseDraft();
    const both = edit(base, (d) => {
      d.sections[0].name = "Standing";
      d.sections[0].criteria.reverse();
      d.sections.splice(2, 1);
    });
    expect(mergeChecklistDrafts(base, both, structuredClone(both))).toEqual({ draft: both, clashes: [] });
  });

  it("reads numbers and text as saved: “10.0” is 10, and spaces around text are no change", () => {
    const base = baseDraft();
    const theirs = edit(base, (d) => {
      d.sections[0].weight = "15";
      d.sections[0].criteria[0].name = "Tier";
    });
    const mine = edit(base, (d) => {
      d.sections[0].weight = "10.0";
      d.sections[0].criteria[0].name = " Criterion a ";
    });
    const { draft, clashes } = mergeChecklistDrafts(base, theirs, mine);
    expect(clashes).toEqual([]);
    expect(draft.sections[0].weight).toBe("15");
    expect(draft.sections[0].criteria[0].name).toBe("Tier");
  });

  it("keeps additions from both sides, each after what preceded it on its side", () => {
    const base = baseDraft();
    const theirs = edit(base, (d) => {
      d.sections[0].criteria.splice(1, 0, criterion("t-new"));
      d.sections.unshift(section("t-sec", [criterion("t-c")]));
    });
    const mine = edit(base, (d) => {
      d.sections[0].criteria.push(criterion("new-mine"));
      d.sections.splice(1, 0, section("new-sec", [criterion("new-c")]));
    });
    const { draft, clashes } = mergeChecklistDrafts(base, theirs, mine);
    expect(clashes).toEqual([]);
    expect(sectionKeys(draft)).toEqual(["t-sec", "s1", "new-sec", "s2", "s3"]);
    expect(criterionKeys(draft, "s1")).toEqual(["a", "t-new", "b", "c", "new-mine"]);
  });

  it("removes what either side removed, and follows the side that reordered", () => {
    const base = baseDraft();
    const theirs = edit(base, (d) => {
      d.sections[0].criteria.splice(1, 1); // b
      d.sections.reverse();
    });
    const mine = edit(base, (d) => {
      d.sections[1].criteria = [d.sections[1].criteria[1], d.sections[1].criteria[0]]; // e, d
      d.sections[0].criteria[2].weight = "3";
    });
    const { draft, clashes } = mergeChecklistDrafts(base, theirs, mine);
    expect(clashes).toEqual([]);
    expect(sectionKeys(draft)).toEqual(["s3", "s2", "s1"]);
    expect(criterionKeys(draft, "s1")).toEqual(["a", "c"]);
    expect(criterionKeys(draft, "s2")).toEqual(["e", "d"]);
    expect(find(draft, "c")?.weight).toBe("3");
  });

  it("keeps my order when both reordered differently, and says so", () => {
    const base = baseDraft();
    const theirs = edit(base, (d) => {
      d.sections[0].criteria.reverse();
    });
    const mine = edit(base, (d) => {
      const [a, b, c] = d.sections[0].criteria;
      d.sections[0].criteria = [b, a, c];
    });
    const { draft, clashes } = mergeChecklistDrafts(base, theirs, mine);
    expect(criterionKeys(draft, "s1")).toEqual(["b", "a", "c"]);
    expect(clashes).toEqual([
      {
        field: "s:s1.criteria",
        where: "Order of the criteria in “Section s1”",
        message: "You and they both reordered these criteria; your order is kept.",
      },
    ]);
  });

  it("lets my removal stand over their change, and says what they changed", () => {
    const base = baseDraft();
    const theirs = edit(base, (d) => {
      d.sections[1].criteria[0].weight = "4";
      d.sections[0].criteria[0].knockout = "2";
    });
    const mine = edit(base, (d) => {
      d.sections.splice(1, 1);
      d.sections[0].criteria.splice(0, 1);
    });
    const { draft, clashes } = mergeChecklistDrafts(base, theirs, mine);
    expect(sectionKeys(draft)).toEqual(["s1", "s3"]);
    expect(criterionKeys(draft, "s1")).toEqual(["b", "c"]);
    expect(clashes).toEqual([
      {
        field: "sections",
        where: "Section “Section s2”",
        message: "You removed section “Section s2”, which they changed meanwhile; it stays removed.",
      },
      {
        field: "s:s1.criteria",
        where: "Criterion “Criterion a”",
        message: "You removed criterion “Criterion a”, which they changed meanwhile; it stays removed.",
      },
    ]);
  });

  it("keeps a section they removed when I changed it, with all of its criteria", () => {
    const base = baseDraft();
    const theirs = edit(base, (d) => {
      d.sections.splice(1, 1);
    });
    const mine = edit(base, (d) => {
      d.sections[1].criteria[1].question = "A sharper question?";
    });
    const { draft, clashes } = mergeChecklistDrafts(base, theirs, mine);
    expect(sectionKeys(draft)).toEqual(["s1", "s2", "s3"]);
    expect(criterionKeys(draft, "s2")).toEqual(["d", "e"]);
    expect(find(draft, "e")?.question).toBe("A sharper question?");
    expect(clashes).toEqual([
      {
        field: "s:s2.name",
        where: "Section “Section s2”",
        message:
          "They removed this section; it is kept because you changed it. Remove it if theirs should stand.",
      },
    ]);
  });

  it("removes a section they removed when I left it alone", () => {
    const base = baseDraft();
    const theirs = edit(base, (d) => {
      d.sections.splice(2, 1);
    });
    const mine = edit(base, (d) => {
      d.sections[0].weight = "12";
    });
    const { draft, clashes } = mergeChecklistDrafts(base, theirs, mine);
    expect(clashes).toEqual([]);
    expect(sectionKeys(draft)).toEqual(["s1", "s2"]);
    expect(draft.sections[0].weight).toBe("12");
  });

  it("reports no clash on a field the merged kind does not use", () => {
    const base = baseDraft();
    const theirs = edit(base, (d) => {
      d.sections[0].criteria[0].unit = "days";
    });
    const mine = edit(base, (d) => {
      d.sections[0].criteria[0].unit = "hours";
    });
    expect(mergeChecklistDrafts(base, theirs, mine).clashes).toEqual([]);
  });

  it("without the starting point, keeps mine and flags every difference", () => {
    const base = baseDraft();
    const theirs = edit(base, (d) => {
      d.sections[0].weight = "30";
      d.sections.push(section("t-sec", [criterion("t-c")]));
    });
    const mine = edit(base, (d) => {
      d.sections[1].name = "Renamed";
      d.sections[0].criteria.push(criterion("new-x"));
    });
    const { draft, clashes } = mergeChecklistDrafts(null, theirs, mine);
    expect(draft.sections[0].weight).toBe("10");
    expect(draft.sections[1].name).toBe("Renamed");
    expect(criterionKeys(draft, "s1")).toEqual(["a", "b", "c", "new-x"]);
    expect(sectionKeys(draft)).toEqual(["s1", "s2", "s3"]);
    expect(clashes.map((c) => c.field)).toEqual(["s:s1.weight", "s:s2.name", "sections"]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

const NAMES = ["Alpha", "Beta", "Gamma", "Delta"];
const WEIGHTS = ["0", "1", "2", "5", "10"];

const arbCriterion = (key: string) =>
  fc
    .record({
      name: fc.constantFrom(...NAMES),
      question: fc.constantFrom("Q1?", "Q2?"),
      kind: fc.constantFrom("rated" as const, "rated" as const, "numeric" as const),
      weight: fc.constantFrom(...WEIGHTS),
      max: fc.constantFrom("5", "10"),
      knockout: fc.constantFrom("", "2"),
      low: fc.constantFrom("None.", "Little."),
    })
    .map(({ low, ...r }) => criterion(key, { ...r, rubric: { low, middle: "Some.", high: "All." } }));

const arbBase: fc.Arbitrary<ChecklistDraft> = fc
  .array(fc.nat(4), { minLength: 1, maxLength: 4 })
  .chain((sizes) =>
    fc.tuple(
      ...sizes.map((n, i) =>
        fc
          .tuple(
            fc.constantFrom(...NAMES),
            fc.constantFrom(...WEIGHTS),
            fc.tuple(...Array.from({ length: n }, (_, j) => arbCriterion(`c${i}-${j}`))),
          )
          .map(([name, weight, criteria]) =>
            section(`s${i}`, criteria as CriterionDraft[], { name, weight }),
          ),
      ),
    ),
  )
  .map((sections) => ({ name: "Template", description: "", sections }));

type Op =
  | { kind: "sectionField"; at: number; field: "name" | "weight"; value: string }
  | { kind: "criterionField"; at: number; field: "name" | "weight" | "question"; value: string }
  | { kind: "addSection"; at: number }
  | { kind: "addCriterion"; at: number }
  | { kind: "removeSection"; at: number }
  | { kind: "removeCriterion"; at: number }
  | { kind: "moveSection"; at: number }
  | { kind: "moveCriterion"; at: number };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("sectionField" as const),
    at: fc.nat(),
    field: fc.constantFrom("name" as const, "weight" as const),
    value: fc.constantFrom("Alpha", "Omega", "3", "7"),
  }),
  fc.record({
    kind: fc.constant("criterionField" as const),
    at: fc.nat(),
    field: fc.constantFrom("name" as const, "weight" as const, "question" as const),
    value: fc.constantFrom("Omega", "4", "Q9?"),
  }),
  fc.record({ kind: fc.constant("addSection" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("addCriterion" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("removeSection" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("removeCriterion" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("moveSection" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("moveCriterion" as const), at: fc.nat() }),
);

/** Applies edits the way the editor can make them (no criterion changes section); `prefix` names what is added. */
function applyOps(base: ChecklistDraft, ops: Op[], prefix: string): ChecklistDraft {
  const d = structuredClone(base);
  let added = 0;
  const all = () => d.sections.flatMap((s) => s.criteria.map((c, j) => ({ s, c, j })));
  for (const op of ops) {
    const sIndex = d.sections.length > 0 ? op.at % d.sections.length : -1;
    const cs = all();
    const cAt = cs.length > 0 ? cs[op.at % cs.length] : undefined;
    switch (op.kind) {
      case "sectionField":
        if (sIndex >= 0) d.sections[sIndex][op.field] = op.value;
        break;
      case "criterionField":
        if (cAt) cAt.c[op.field] = op.value;
        break;
      case "addSection":
        added += 1;
        d.sections.splice(sIndex + 1, 0, section(`${prefix}s${added}`, [criterion(`${prefix}sc${added}`)]));
        break;
      case "addCriterion":
        added += 1;
        if (sIndex >= 0) d.sections[sIndex].criteria.splice(op.at % 3, 0, criterion(`${prefix}c${added}`));
        break;
      case "removeSection":
        if (sIndex >= 0) d.sections.splice(sIndex, 1);
        break;
      case "removeCriterion":
        if (cAt) cAt.s.criteria.splice(cAt.j, 1);
        break;
      case "moveSection":
        if (sIndex >= 1)
          [d.sections[sIndex - 1], d.sections[sIndex]] = [d.sections[sIndex], d.sections[sIndex - 1]];
        break;
      case "moveCriterion":
        if (cAt && cAt.j >= 1) {
          const list = cAt.s.criteria;
          [list[cAt.j - 1], list[cAt.j]] = [list[cAt.j], list[cAt.j - 1]];
        }
        break;
    }
  }
  return d;
}

const arbEdited = fc
  .tuple(arbBase, fc.array(arbOp, { maxLength: 8 }))
  .map(([base, ops]) => ({ base, edited: applyOps(base, ops, "new-") }));

describe("merge properties", () => {
  it("gives mine when they changed nothing", () => {
    fc.assert(
      fc.property(arbEdited, ({ base, edited }) => {
        expect(mergeChecklistDrafts(base, structuredClone(base), edited)).toEqual({
          draft: edited,
          clashes: [],
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("gives theirs when I changed nothing", () => {
    fc.assert(
      fc.property(arbEdited, ({ base, edited }) => {
        expect(mergeChecklistDrafts(base, edited, structuredClone(base))).toEqual({
          draft: edited,
          clashes: [],
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("gives the edit itself when both made the same one", () => {
    fc.assert(
      fc.property(arbEdited, ({ base, edited }) => {
        expect(mergeChecklistDrafts(base, edited, structuredClone(edited))).toEqual({
          draft: edited,
          clashes: [],
        });
      }),
      { numRuns: RUNS },
    );
  });

  /**
   * Disjoint edits: every section and criterion of the base is left alone, removed by one side, or edited field by
   * field, each field by at most one side; a removed item is touched by no one else; each side adds items of its
   * own; at most one side reorders each list.
   */
  const owner = fc.constantFrom("none", "none", "mine", "theirs");
  const arbDisjoint = arbBase.chain((base) =>
    fc
      .record({
        sections: fc.tuple(
          ...base.sections.map((s) =>
            fc.record({
              fate: fc.constantFrom("keep", "keep", "keep", "mine", "theirs"),
              name: owner,
              weight: owner,
              reorder: owner,
              adds: fc.constantFrom("none", "mine", "theirs", "both"),
              criteria: fc.tuple(
                ...s.criteria.map(() =>
                  fc.record({
                    fate: fc.constantFrom("keep", "keep", "mine", "theirs"),
                    name: owner,
                    weight: owner,
                    question: owner,
                    kind: owner,
                  }),
                ),
              ),
            }),
          ),
        ),
        reorder: owner,
        addSections: fc.constantFrom("none", "mine", "theirs", "both"),
        seed: fc.nat(),
      })
      .map((plan) => ({ base, plan })),
  );

  it("keeps both sides' edits when they touch different things, with no clash", () => {
    fc.assert(
      fc.property(arbDisjoint, ({ base, plan }) => {
        const sides = { mine: structuredClone(base), theirs: structuredClone(base) };
        const value = (side: "mine" | "theirs", field: string, old: string) => {
          if (field === "weight") return side === "mine" ? `${Number(old) + 1}` : `${Number(old) + 2}`;
          if (field === "kind") return old === "rated" ? "numeric" : "rated";
          return `${old} (${side})`;
        };
        const expected = structuredClone(base);
        const gone = new Set<string>();
        const rotate = <T>(list: T[]) => (list.length > 1 ? [...list.slice(1), list[0]] : list);
        const sideSection = (who: string, key: string) =>
          sides[who as "mine" | "theirs"].sections.find((x) => x.key === key)!;
        base.sections.forEach((s, i) => {
          const p = plan.sections[i];
          if (p.fate !== "keep") {
            const side = sides[p.fate as "mine" | "theirs"];
            side.sections = side.sections.filter((x) => x.key !== s.key);
            gone.add(s.key);
            return;
          }
          for (const field of ["name", "weight"] as const) {
            const who = p[field];
            if (who === "none") continue;
            const v = value(who as "mine" | "theirs", field, s[field]);
            sideSection(who, s.key)[field] = v;
            expected.sections[i][field] = v;
          }
          s.criteria.forEach((c, j) => {
            const q = p.criteria[j];
            if (q.fate !== "keep") {
              const side = sideSection(q.fate, s.key);
              side.criteria = side.criteria.filter((x) => x.key !== c.key);
              gone.add(c.key);
              return;
            }
            for (const field of ["name", "weight", "question", "kind"] as const) {
              const who = q[field];
              if (who === "none") continue;
              const v = value(who as "mine" | "theirs", field, c[field]);
              const target = sideSection(who, s.key).criteria.find((x) => x.key === c.key)!;
              (target as unknown as Record<string, string>)[field] = v;
              (expected.sections[i].criteria[j] as unknown as Record<string, string>)[field] = v;
            }
          });
          for (const who of ["mine", "theirs"] as const) {
            if (p.adds === who || p.adds === "both") {
              sideSection(who, s.key).criteria.push(criterion(`${who}-add-${s.key}`));
            }
          }
          if (p.reorder !== "none") {
            const side = sideSection(p.reorder, s.key);
            side.criteria = rotate(side.criteria);
          }
        });
        for (const who of ["mine", "theirs"] as const) {
          if (plan.addSections === who || plan.addSections === "both") {
            sides[who].sections.push(section(`${who}-add`, [criterion(`${who}-add-c`)]));
          }
        }
        if (plan.reorder !== "none") {
          const side = sides[plan.reorder as "mine" | "theirs"];
          side.sections = rotate(side.sections);
        }

        const { draft, clashes } = mergeChecklistDrafts(base, sides.theirs, sides.mine);
        expect(clashes).toEqual([]);
        // Every field as the side that changed it left it, nothing removed comes back, every addition is there.
        const merged = new Map(draft.sections.map((s) => [s.key, s]));
        for (const s of expected.sections) {
          if (gone.has(s.key)) {
            expect(merged.has(s.key)).toBe(false);
            continue;
          }
          const m = merged.get(s.key)!;
          expect({ name: m.name, weight: m.weight }).toEqual({ name: s.name, weight: s.weight });
          const criteria = new Map(m.criteria.map((c) => [c.key, c]));
          for (const c of s.criteria) {
            if (gone.has(c.key)) expect(criteria.has(c.key)).toBe(false);
            else expect(criteria.get(c.key)).toEqual(c);
          }
          for (const who of ["mine", "theirs"] as const) {
            const p = plan.sections[base.sections.findIndex((x) => x.key === s.key)];
            expect(criteria.has(`${who}-add-${s.key}`)).toBe(p.adds === who || p.adds === "both");
          }
          // The criteria both kept stand in the order of the side that reordered them.
          const i = base.sections.findIndex((x) => x.key === s.key);
          const reorderer = plan.sections[i].reorder === "none" ? "mine" : plan.sections[i].reorder;
          const kept = (list: CriterionDraft[]) =>
            list
              .map((c) => c.key)
              .filter((k) => !gone.has(k) && base.sections[i].criteria.some((c) => c.key === k));
          expect(kept(m.criteria)).toEqual(
            kept(sides[reorderer as "mine" | "theirs"].sections.find((x) => x.key === s.key)!.criteria),
          );
        }
        for (const who of ["mine", "theirs"] as const) {
          expect(merged.has(`${who}-add`)).toBe(plan.addSections === who || plan.addSections === "both");
        }
        const reorderer = plan.reorder === "none" ? "mine" : plan.reorder;
        const keptSections = (list: SectionDraft[]) =>
          list.map((s) => s.key).filter((k) => !gone.has(k) && base.sections.some((s) => s.key === k));
        expect(keptSections(draft.sections)).toEqual(
          keptSections(sides[reorderer as "mine" | "theirs"].sections),
        );
      }),
      { numRuns: RUNS },
    );
  });
});
