// The consensus page as it reads: every counted rated criterion of every ranked candidate, with the evaluators'
// scores, their mean and spread, and the consensus when set; disagreements first.
import type { ConsensusItemView } from "~/components/evaluation/consensus-item";
import type { Checklist } from "~/domain/checklist";
import type { ScoringResults } from "~/domain/scoring";
import type { EvaluationPeople, EvaluationScores } from "~/models/results.server";
import type { ConsensusRow } from "~/models/review.server";
import { formatDateTime, formatFigure } from "~/utils/format";

type Candidate = ScoringResults["candidates"][number];
type CriterionResult = Candidate["criteria"][number];

/**
 * Every counted rated criterion of every candidate in the ranking, scored or not (a panel may agree a score where no
 * evaluator gave one). Flagged disagreements first (widest spread first), then those agreed, then the scored ones,
 * then the unscored; checklist order within.
 */
export function consensusItems(input: {
  checklist: Checklist;
  people: Pick<EvaluationPeople, "evaluators">;
  scores: EvaluationScores;
  consensus: readonly ConsensusRow[];
  results: ScoringResults;
  timeZone: string;
}): ConsensusItemView[] {
  const criteria = new Map(
    input.checklist.sections.flatMap((s, si) =>
      s.criteria.map((c, ci) => [c.key, { c, section: s.name, order: si * 1000 + ci }] as const),
    ),
  );
  const evaluatorName = new Map(input.people.evaluators.map((e) => [e.userId, e.name]));
  const justification = new Map(
    input.scores.map((s) => [`${s.candidateId}:${s.criterionId}:${s.evaluatorUserId}`, s.justification]),
  );
  const agreed = new Map(input.consensus.map((c) => [`${c.candidateId}:${c.criterionId}`, c]));

  /** The evaluators' scores of one cell, by name, with their justifications. */
  const scoresOf = (cell: string, x: CriterionResult) =>
    (x.derivation.rule === "none" || x.derivation.rule === "ratio" ? [] : x.derivation.scores)
      .map((s) => ({
        name: evaluatorName.get(s.evaluatorId) ?? "A former evaluator",
        value: s.value,
        justification: justification.get(`${cell}:${s.evaluatorId}`) ?? "",
      }))
      .sort((a, b) => a.name.localeCompare(b.name));

  const items = input.results.candidates.flatMap((r) =>
    r.criteria.flatMap((x) => {
      const meta = criteria.get(x.criterionId);
      if (x.kind !== "rated" || x.derivation.rule === "ratio" || !meta) return [];
      const cell = `${r.candidateId}:${x.criterionId}`;
      const own = scoresOf(cell, x);
      const mean = own.length > 0 ? own.reduce((sum, s) => sum + s.value, 0) / own.length : undefined;
      const set = agreed.get(cell);
      return [
        {
          cell,
          candidateId: r.candidateId,
          candidateName: r.name,
          criterionId: x.criterionId,
          criterionName: meta.c.name,
          section: meta.section,
          question: meta.c.question,
          order: meta.order,
          max: x.max,
          scores: own,
          mean: mean === undefined ? null : formatFigure(mean),
          spread: x.spread ?? null,
          disagreement: x.disagreement,
          consensus: set ? agreedView(set, input.timeZone) : null,
        },
      ];
    }),
  );
  const rank = (i: ConsensusItemView) => (i.disagreement ? 0 : i.consensus ? 1 : i.scores.length > 0 ? 2 : 3);
  items.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.disagreement ? (b.spread ?? 0) - (a.spread ?? 0) : 0) ||
      a.candidateName.localeCompare(b.candidateName) ||
      a.order - b.order,
  );
  return items.map(({ order: _order, ...i }) => i);
}

function agreedView(set: ConsensusRow, timeZone: string) {
  return {
    value: formatFigure(set.value),
    raw: String(set.value),
    rationale: set.rationale,
    version: set.version,
    setBy: set.setBy ?? "A former member",
    savedAt: formatDateTime(set.updatedAt, timeZone),
  };
}
