// What the numeric values page shows: each numeric criterion with every candidate's stored value, the profile's
// figure where the criterion reads one, and the score the ratio rule gives it (read in a fixed number of queries).
import { CHECKLIST_LABELS, effectiveWeights } from "~/domain/checklist";
import { STATUS_LABELS } from "~/domain/evaluation";
import { type EvaluationRow, getEvaluationChecklist, loadEvaluationPeople } from "~/models/evaluation.server";
import { NUMERIC_VALUE_MAX, NUMERIC_VALUE_STATUSES } from "~/models/numeric-values.server";
import { supportFiguresOf } from "~/models/profile-figures.server";
import { loadNumericValues, ratioScores } from "~/models/review.server";
import type { Viewer } from "~/utils/access.server";
import { formatDateTime, formatFigure, formatShare } from "~/utils/format";

/** Figures as people read them: up to two decimals, thousands grouped. */
export const amount = (x: number) => x.toLocaleString("en", { maximumFractionDigits: 2 });

type Checklist = Awaited<ReturnType<typeof getEvaluationChecklist>>;
type People = Awaited<ReturnType<typeof loadEvaluationPeople>>;
type Values = Awaited<ReturnType<typeof loadNumericValues>>;
type Section = Checklist["sections"][number];
type Criterion = Section["criteria"][number];
type Figures = Awaited<ReturnType<typeof supportFiguresOf>>;

interface Facts {
  people: People;
  stored: Map<string, Values[number]>;
  ratio: ReturnType<typeof ratioScores>;
  figures: Figures | Map<string, never>;
  timeZone: string;
}

export async function numericValuesView(viewer: Viewer, evaluation: EvaluationRow) {
  const [checklist, people, values] = await Promise.all([
    getEvaluationChecklist(evaluation),
    loadEvaluationPeople(evaluation.id, viewer.organisationId),
    loadNumericValues(evaluation.id),
  ]);
  const numeric = checklist.sections.flatMap((s) =>
    s.criteria.filter((c) => c.kind === "numeric").map((c) => ({ criterion: c, section: s })),
  );
  const needsProfile = numeric.some((n) => n.criterion.profileField);
  const facts: Facts = {
    people,
    stored: new Map(values.map((v) => [`${v.candidateId}:${v.criterionId}`, v])),
    ratio: ratioScores(checklist, people.candidates, values),
    figures: needsProfile
      ? await supportFiguresOf(people.candidates.map((c) => c.partnerId))
      : new Map<string, never>(),
    timeZone: viewer.orgTimeZone,
  };
  const weights = effectiveWeights(checklist);
  return {
    evaluation: {
      id: evaluation.id,
      name: evaluation.name,
      status: evaluation.status,
      statusLabel: STATUS_LABELS[evaluation.status],
    },
    editable: NUMERIC_VALUE_STATUSES.includes(evaluation.status),
    maxValue: NUMERIC_VALUE_MAX,
    criteria: numeric.map(({ criterion, section }) =>
      criterionView(criterion, section, weights.criteria.get(criterion.key) ?? 0, facts),
    ),
  };
}

function criterionView(c: Criterion, s: Section, share: number, facts: Facts) {
  const best = facts.people.candidates
    .map((p) => facts.ratio.get(p.id)?.get(c.key)?.best)
    .find((b) => b !== null && b !== undefined);
  return {
    key: c.key,
    name: c.name,
    section: s.name,
    question: c.question,
    unit: c.unit ?? "",
    direction: CHECKLIST_LABELS.direction[c.direction ?? "lower"],
    max: c.max,
    share: share > 0 ? formatShare(share) : null,
    profileField: c.profileField ? CHECKLIST_LABELS.profileField[c.profileField] : null,
    best: best === undefined ? null : amount(best),
    cells: facts.people.candidates.map((p) => cellView(c, p, facts)),
  };
}

function cellView(c: Criterion, p: People["candidates"][number], facts: Facts) {
  const v = facts.stored.get(`${p.id}:${c.key}`);
  const r = facts.ratio.get(p.id)?.get(c.key);
  const figure = c.profileField ? facts.figures.get(p.partnerId)?.[c.profileField] : undefined;
  return {
    cell: `${p.id}:${c.key}`,
    candidateId: p.id,
    candidateName: p.name,
    partnerId: p.partnerId,
    withdrawn: p.withdrawnAt !== null,
    value: v ? String(v.value) : "",
    display: v ? amount(v.value) : null,
    version: v?.version ?? null,
    copiedAt: v?.copiedAt ? formatDateTime(v.copiedAt, facts.timeZone) : null,
    savedAt: v ? formatDateTime(v.updatedAt, facts.timeZone) : null,
    profile: c.profileField
      ? figure === undefined
        ? { state: "none" as const }
        : { state: "claim" as const, value: amount(figure), differs: !!v?.copiedAt && v.value !== figure }
      : null,
    score: r?.score !== null && r?.score !== undefined ? formatFigure(r.score) : null,
    isBest: !!v && p.withdrawnAt === null && r?.best === v.value,
  };
}

export type NumericValuesView = Awaited<ReturnType<typeof numericValuesView>>;
export type CriterionView = NumericValuesView["criteria"][number];
export type CellView = CriterionView["cells"][number];
