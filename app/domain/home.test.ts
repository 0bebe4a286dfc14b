import { describe, expect, it } from "vitest";
import type { EvaluationStatus } from "./evaluation";
import { type EvaluationFacts, type EvaluatorWork, leaderOf, nextAction, progressOf } from "./home";
import type { ScoringResults } from "./scoring";

const A = { id: "a", name: "Atlas Data" };
const B = { id: "b", name: "Bluegum Digital" };

function evaluation(status: EvaluationStatus, reachedReviewAt: string | null = null): EvaluationFacts {
  return { id: "e1", name: "Claims triage", status, reachedReviewAt, candidates: [A, B], required: 28 };
}

const declared = (conflicts: string[] = []): EvaluatorWork["declaration"] => ({
  coveredCandidateIds: ["a", "b"],
  conflictCandidateIds: conflicts,
});

describe("an evaluator's next action", () => {
  it("declares first, in draft, scoring and (a first declaration) review; never once closed", () => {
    const none: EvaluatorWork = { declaration: undefined, scored: {}, submitted: [] };
    for (const status of ["draft", "scoring", "review"] as const) {
      expect(nextAction(evaluation(status), none)?.kind).toBe("declare");
    }
    expect(nextAction(evaluation("cancelled"), none)).toBeUndefined();
    expect(nextAction(evaluation("decided", "2026-01-01"), none)?.kind).toBe("compare");
  });

  it("scores the first candidate with criteria left, skipping a conflicted one, then submits, then compares", () => {
    const work = (scored: Record<string, number>, submitted: string[] = [], conflicts: string[] = []) => ({
      declaration: declared(conflicts),
      scored,
      submitted,
    });
    const scoring = evaluation("scoring");
    expect(nextAction(scoring, work({ a: 28, b: 12 }))).toEqual({
      kind: "score",
      text: "Score 16 criteria of Bluegum Digital",
      to: "/evaluations/e1/candidates/b",
    });
    expect(nextAction(scoring, work({ a: 27, b: 28 }))?.text).toBe("Score 1 criterion of Atlas Data");
    expect(nextAction(scoring, work({ b: 28 }, [], ["a"]))?.text).toBe("Submit Bluegum Digital");
    expect(nextAction(scoring, work({ a: 28, b: 28 }, ["a"]))).toEqual({
      kind: "submit",
      text: "Submit Bluegum Digital",
      to: "/evaluations/e1/candidates/b",
    });
    expect(nextAction(scoring, work({ a: 28, b: 28 }, ["a", "b"]))?.to).toBe("/evaluations/e1/compare");
    // A draft it declared for: nothing to do until scoring starts.
    expect(nextAction(evaluation("draft"), work({}))).toBeUndefined();
    // Cancelled while scoring stays blind; cancelled after review opens the comparison.
    expect(nextAction(evaluation("cancelled"), work({}))).toBeUndefined();
    expect(nextAction(evaluation("cancelled", "2026-01-01"), work({}))?.kind).toBe("compare");
  });

  it("counts progress over the candidates it scores, as the evaluation page does", () => {
    expect(
      progressOf(evaluation("scoring"), {
        declaration: declared(["a"]),
        scored: { a: 5, b: 3 },
        submitted: ["a"],
      }),
    ).toEqual({ declared: true, scored: 3, ofCriteria: 28, submitted: 0, ofCandidates: 1 });
  });
});

describe("the leader", () => {
  const row = (name: string, rank: number | undefined, total: number | undefined, disqualified = false) =>
    ({ candidateId: name, name, rank, total, disqualified }) as ScoringResults["candidates"][number];

  it("is the qualified candidate ranked first, or the tied ones; none without a qualified total", () => {
    expect(leaderOf({ final: true, candidates: [row("A", 1, 80), row("B", 2, 70)] })).toEqual({
      names: ["A"],
      total: 80,
      provisional: false,
    });
    expect(leaderOf({ final: false, candidates: [row("A", 1, 80), row("B", 1, 80)] })?.names).toEqual([
      "A",
      "B",
    ]);
    expect(leaderOf({ final: true, candidates: [row("A", 1, 80, true)] })).toBeUndefined();
    expect(leaderOf({ final: false, candidates: [row("A", undefined, undefined)] })).toBeUndefined();
  });
});
