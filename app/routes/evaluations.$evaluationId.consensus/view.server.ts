// The consensus page as it reads: every counted rated criterion of every ranked candidate, grouped by candidate (in
// ranking order) and section (checklist order), with the evaluators' scores, their mean and spread, and the consensus
// when set. "Disagreements only" (the default) keeps the flagged criteria; the counts are always of all of them.
import type {
  ConsensusCandidateView,
  ConsensusItemView,
  ConsensusScope,
} from "~/components/consensus/consensus-groups";
import type { Checklist } from "~/domain/checklist";
import type { ScoringResults } from "~/domain/scoring";
import type { EvaluationPeople, EvaluationScores } from "~/models/results.server";
import type { ConsensusRow } from "~/models/review.server";
import { formatDateTime, formatFigure } from "~/utils/format";

type Candidate = ScoringResults["candidates"][number];
type CriterionResult = Candidate["criteria"][number];

/** `?show=all` lists every criterion; anything else, disagreements only. */
export function consensusScope(url: URL): ConsensusScope {
  return url.searchParams.get("show") === "all" ? "all" : "disagreements";
}

/**
 * Every counted rated criterion of every candidate in the ranking, scored or not (a panel may agree a score where no
 * evaluator gave one): one group per candidate, one per section within it, each with its counts; `scope` keeps
 * the disagreements only, or every criterion.
 */
export function consensusGroups(input: {
  checklist: Checklist;
  people: Pick<EvaluationPeople, "evaluators">;
  scores: EvaluationScores;
  consensus: readonly ConsensusRow[];
  results: ScoringResults;
  timeZone: string;
  scope: ConsensusScope;
}): ConsensusCandidateView[] {
  const sectionOf = new Map(
    input.checklist.sections.flatMap((s) => s.criteria.map((c) => [c.key, { c, s }] as const)),
  );
  const evaluatorName = new Map(input.people.evaluators.map((e) => [e.userId, e.name]));
  const justification = new Map(
    input.scores.map((s) => [`${s.candidateId}:${s.criterionId}:${s.evaluatorUserId}`, s.justification]),
  );
  const agreed = new Map(input.consensus.map((c) => [`${c.candidateId}:${c.criterionId}`, c]));

  /** The evaluators' scores of one cell, with their justifications. */
  const scoresOf = (cell: string, x: CriterionResult) =>
    (x.derivation.rule === "none" || x.derivation.rule === "ratio" ? [] : x.derivation.scores).map((s) => ({
      evaluatorId: s.evaluatorId,
      name: evaluatorName.get(s.evaluatorId) ?? "A former evaluator",
      value: s.value,
      justification: justification.get(`${cell}:${s.evaluatorId}`) ?? "",
    }));

  return input.results.candidates.map((r) => {
    const items: (ConsensusItemView & { sectionId: string })[] = r.criteria.flatMap((x) => {
      const meta = sectionOf.get(x.criterionId);
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
          sectionId: meta.s.key,
          section: meta.s.name,
          question: meta.c.question,
          max: x.max,
          scores: own,
          mean: mean === undefined ? null : formatFigure(mean),
          spread: x.spread ?? null,
          disagreement: x.disagreement,
          consensus: set ? agreedView(set, input.timeZone) : null,
        },
      ];
    });
    const sections = input.checklist.sections.flatMap((s) => {
      const all = items.filter((i) => i.sectionId === s.key);
      if (all.length === 0) return [];
      const shown = input.scope === "all" ? all : all.filter((i) => i.disagreement);
      if (shown.length === 0) return [];
      return [
        {
          id: s.key,
          name: s.name,
          counts: countsOf(all),
          items: shown.map(({ sectionId: _sectionId, ...i }) => i),
        },
      ];
    });
    return {
      candidateId: r.candidateId,
      name: r.name,
      rank: r.rank ?? null,
      counts: countsOf(items),
      sections,
    };
  });
}

function countsOf(items: readonly ConsensusItemView[]) {
  return {
    criteria: items.length,
    disagreements: items.filter((i) => i.disagreement).length,
    agreed: items.filter((i) => i.consensus).length,
  };
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
