// The comparison's completeness and rank derivations, drawn from the engine's own derivation data (rules 5 and 9):
// what a reader sees when opening the figure. Rendered to HTML without a browser.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CompletenessDerivation, RankDerivation } from "../app/components/comparison/derivation-parts";
import { completenessView, rankView } from "../app/components/comparison/derivation-view";
import { computeResults, type ScoringInput } from "../app/domain/scoring";

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ")
    .trim();

function example(): ScoringInput {
  return {
    sections: [
      {
        id: "A",
        name: "Standing",
        weight: 30,
        criteria: [
          { id: "a1", weight: 3, kind: "rated" },
          { id: "a2", weight: 1, kind: "rated", max: 10 },
        ],
      },
      { id: "B", name: "Support", weight: 70, criteria: [{ id: "b1", weight: 1, kind: "rated" }] },
    ],
    candidates: [
      { id: "p", name: "Northwind" },
      { id: "q", name: "Contoso" },
      { id: "r", name: "Fabrikam" },
      { id: "z", name: "Tailspin" },
    ],
    evaluators: [{ id: "e" }],
    scores: [
      { evaluatorId: "e", candidateId: "p", criterionId: "a1", value: 4 },
      { evaluatorId: "e", candidateId: "p", criterionId: "b1", value: 3 },
      { evaluatorId: "e", candidateId: "q", criterionId: "a1", value: 4 },
      { evaluatorId: "e", candidateId: "q", criterionId: "b1", value: 3 },
      { evaluatorId: "e", candidateId: "r", criterionId: "a1", value: 5 },
      { evaluatorId: "e", candidateId: "r", criterionId: "a2", value: 10 },
      { evaluatorId: "e", candidateId: "r", criterionId: "b1", value: 5 },
    ],
  };
}

const names = new Map([
  ["a1", "Network tier"],
  ["a2", "Certified staff"],
  ["b1", "Support terms"],
]);

describe("the completeness derivation", () => {
  it("adds up the nominal weights counted and lists what is missing", () => {
    const results = computeResults(example());
    const p = results.candidates.find((c) => c.candidateId === "p")!;
    const view = completenessView(p, names);
    expect(view).toEqual({
      rule: p.completenessDerivation.rule,
      terms: [
        { criterion: "Network tier", nominal: "22.5%" },
        { criterion: "Support terms", nominal: "70%" },
      ],
      missing: [{ criterion: "Certified staff", nominal: "7.5%" }],
      result: "92.5%",
      complete: false,
    });
    const shown = text(renderToStaticMarkup(<CompletenessDerivation d={{ completeness: view }} />));
    expect(shown).toContain("Network tier 22.5% Support terms 70% Sum 92.5%");
    expect(shown).toContain("Completeness: 92.5% (not final until every criterion has a score)");
    expect(shown).toContain("Not scored yet (1) Certified staff (7.5%)");
  });
});

describe("the rank derivation", () => {
  const results = computeResults(example());
  const candidateName = new Map(results.candidates.map((c) => [c.candidateId, c.name]));
  const of = (id: string) => results.candidates.find((c) => c.candidateId === id)!;

  it("says who is ahead and who shares the rank", () => {
    const view = rankView(of("q"), candidateName);
    expect(view).toMatchObject({ group: "qualified", ahead: 1, tiedWith: ["Northwind"], result: 2 });
    const shown = text(renderToStaticMarkup(<RankDerivation rank={view} name="Contoso" />));
    expect(shown).toContain("Ranked among the qualified candidates");
    expect(shown).toContain(`Total compared ${of("q").total!.toFixed(9)} (rounded to 9 decimals)`);
    expect(shown).toContain("Ranked before it 1 candidate");
    expect(shown).toContain("Same total, same rank Northwind");
    expect(shown).toContain("1 + 1 = rank 2");
  });

  it("says why a candidate without a total has no rank", () => {
    const shown = text(
      renderToStaticMarkup(<RankDerivation rank={rankView(of("z"), candidateName)} name="Tailspin" />),
    );
    expect(shown).toContain(
      "Tailspin has no total yet, so no rank (“not scored”): listed after the 3 ranked candidates.",
    );
  });
});
