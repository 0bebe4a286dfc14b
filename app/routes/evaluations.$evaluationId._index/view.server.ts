// An evaluation's page as it reads, in a fixed number of statements: labels, dates in the organisation's time zone.
import { type Checklist, effectiveWeights } from "~/domain/checklist";
import { resultsOf } from "~/domain/comparison-export";
import {
  canAddCandidates,
  candidatesToScore,
  canRemoveCandidates,
  canWithdrawCandidates,
  type EvaluationStatus,
  isEditable,
  mayDeclare,
  needsDeclaration,
  recordOpen,
  STATUS_LABELS,
  TRANSITIONS,
} from "~/domain/evaluation";
import { LABELS, specializationLabel } from "~/domain/profile";
import type { CandidateResult, ScoringResults } from "~/domain/scoring";
import { decisionView, getDecision } from "~/models/decision.server";
import {
  type EvaluationAccess,
  type EvaluationRow,
  getEvaluationChecklist,
  loadEvaluationPeople,
  loadScores,
} from "~/models/evaluation.server";
import { WITHDRAW_REASON_LIMIT } from "~/models/evaluation-forms.server";
import { listAssignableMembers } from "~/models/evaluation-participants.server";
import { listPartners } from "~/models/partner.server";
import { listPartnerInvitations } from "~/models/partner-invitations.server";
import { evaluationResults } from "~/models/results.server";
import { standingOf } from "~/models/viewer-standing.server";
import type { Viewer } from "~/utils/access.server";
import { formatDate, formatDateTime, formatFigure, formatShare } from "~/utils/format";
import { newIdempotencyKey } from "~/utils/idempotency.server";

type People = Awaited<ReturnType<typeof loadEvaluationPeople>>;
type Scores = Awaited<ReturnType<typeof loadScores>>;
type Invitations = Awaited<ReturnType<typeof listPartnerInvitations>>;

const points = (x: number | undefined) => (x === undefined ? null : formatFigure(x));
const percent = (share: number | undefined) => (share === undefined ? null : formatShare(share));
/** A numeric criterion's value as people read it: up to two decimals, thousands grouped. */
const amount = (x: number) => x.toLocaleString("en", { maximumFractionDigits: 2 });

const MOVE_LABELS: Record<string, string> = {
  "draft>scoring": "Start scoring",
  "scoring>review": "Move to review",
  "review>scoring": "Back to scoring",
};

/** Everything the evaluation's page shows, for this viewer. */
export async function evaluationPage(viewer: Viewer, access: EvaluationAccess) {
  const { evaluation, assigned, isAdmin } = access;
  const status = evaluation.status;
  const admin = controls(status, isAdmin);
  const [checklist, people, scores, partners, assignable, invitations] = await Promise.all([
    getEvaluationChecklist(evaluation),
    loadEvaluationPeople(evaluation.id, viewer.organisationId),
    loadScores(evaluation.id),
    admin.can.add ? listPartners() : Promise.resolve([]),
    admin.can.assign ? listAssignableMembers(viewer.organisationId, evaluation.id) : Promise.resolve([]),
    listPartnerInvitations({ organisationId: viewer.organisationId, evaluationId: evaluation.id }),
  ]);
  // The blind rule, the one helper the scoring page and the comparison use too.
  const standing = standingOf(viewer, access, people);
  // docs/product.md: an assigned evaluator declares before it first sees the candidates (the declaration page names them).
  const declareFirst = !isAdmin && assigned && !standing.declaration && mayDeclare(status, false);
  // A decided evaluation's figures come from its frozen record, never from the rows as they are now.
  const decision = status === "decided" ? await getDecision(viewer.organisationId, evaluation.id) : undefined;
  let results = null;
  if (standing.seesResults) {
    const input = { evaluation, checklist, people, scores, buyerOrganisationId: viewer.organisationId };
    const computed = decision ? resultsOf(decision.record) : await evaluationResults(input);
    results = resultsView(computed, checklist, people);
  }
  const progressOf = progressCounter(checklist, people, scores, standing.activeIds);
  const candidateIds = new Set(people.candidates.map((c) => c.partnerId));
  return {
    evaluation: evaluationFacts(evaluation, viewer),
    isAdmin,
    limits: { reason: WITHDRAW_REASON_LIMIT },
    ...admin,
    checklist: checklistSummary(checklist),
    declareFirst,
    candidates: (declareFirst ? [] : people.candidates).map((c) => ({
      id: c.id,
      partnerId: c.partnerId,
      name: c.name,
      added: formatDate(c.addedAt, viewer.orgTimeZone),
      withdrawn: c.withdrawnAt ? formatDate(c.withdrawnAt, viewer.orgTimeZone) : null,
      withdrawnReason: c.withdrawnReason,
    })),
    addable: partners.filter((p) => !candidateIds.has(p.id)).map((p) => ({ id: p.id, name: p.name })),
    invitations: invitationLists(declareFirst ? [] : invitations, viewer.orgTimeZone),
    evaluators: evaluatorRows(viewer.orgTimeZone, isAdmin, people, standing, progressOf),
    assignable: assignable.map((m) => ({
      userId: m.userId,
      label: `${m.name} (${m.role === "admin" ? "admin" : "evaluator"})`,
    })),
    me: assigned ? myWork(status, people, standing, progressOf(viewer.userId)) : null,
    results,
    decision: decision ? await decisionView(viewer, decision, isAdmin) : null,
    canDecide: isAdmin && status === "review",
    canExport: standing.seesResults && recordOpen(evaluation),
  };
}

/** The evaluation's name, status and context, as the page's header and its Context card read them. */
function evaluationFacts(evaluation: EvaluationRow, viewer: Viewer) {
  return {
    id: evaluation.id,
    name: evaluation.name,
    status: evaluation.status,
    version: evaluation.version,
    // A calendar day (YYYY-MM-DD) as people read it, without shifting it to another zone.
    deadline: evaluation.deadlineOn ? formatDate(`${evaluation.deadlineOn}T00:00:00Z`, "UTC") : null,
    timeZone: viewer.orgTimeZone,
    industry: evaluation.industry,
    sizeBand: evaluation.sizeBand ? LABELS.sizeBand[evaluation.sizeBand] : null,
    useCases: evaluation.useCases.map((u) => LABELS.useCase[u]),
    specializations: evaluation.requiredSpecializations.map(specializationLabel),
    minimumTotal: evaluation.minimumTotal === null ? null : evaluation.minimumTotal.toFixed(1),
    templateName: evaluation.templateName,
    created: formatDateTime(evaluation.createdAt, viewer.orgTimeZone),
  };
}

/** What an admin may change here, in this status, and the status moves it may make (nothing for anyone else). */
function controls(status: EvaluationStatus, isAdmin: boolean) {
  const open = status !== "decided" && status !== "cancelled";
  return {
    can: {
      add: isAdmin && canAddCandidates(status),
      remove: isAdmin && canRemoveCandidates(status),
      withdraw: isAdmin && canWithdrawCandidates(status),
      // Invited companies (not candidates yet): revoked or withdrawn in any status, mailed again while partners can
      // be added.
      withdrawInvitation: isAdmin,
      resendInvitation: isAdmin && canAddCandidates(status),
      assign: isAdmin && open,
      unassign: isAdmin && status !== "decided",
      editChecklist: isAdmin && isEditable(status),
      editDetails: isAdmin && isEditable(status),
      triage: isAdmin && open,
    },
    moves: (isAdmin ? TRANSITIONS[status] : []).map((to) => ({
      to,
      label: MOVE_LABELS[`${status}>${to}`] ?? `Move to ${STATUS_LABELS[to].toLowerCase()}`,
    })),
    idempotencyKey: isAdmin ? newIdempotencyKey() : null,
  };
}

/**
 * The evaluation's partner invitations as the page lists them: those waiting for the contact (pending or expired),
 * those withdrawn, and those accepted after the shortlist closed (the partner exists, the candidate does not). An
 * invitation accepted in time is a candidate and shows as one.
 */
function invitationLists(invitations: Invitations, tz: string) {
  return {
    waiting: invitations
      .filter((i) => i.status === "pending" || i.status === "expired")
      .map((i) => ({
        id: i.id,
        companyName: i.companyName,
        contactEmail: i.contactEmail,
        sent: formatDate(i.sentAt, tz),
        expires: formatDate(i.expiresAt, tz),
        expired: i.status === "expired",
        invitedBy: i.invitedBy,
      })),
    withdrawn: invitations
      .filter((i) => i.status === "revoked")
      .map((i) => ({
        id: i.id,
        companyName: i.companyName,
        at: formatDate(i.revokedAt ?? i.sentAt, tz),
        reason: i.withdrawnReason,
      })),
    joinedLate: invitations
      .filter((i) => i.status === "accepted" && i.candidateId === null && i.partnerId !== null)
      .map((i) => ({ id: i.id, partnerId: i.partnerId ?? "", name: i.partnerName ?? i.companyName })),
  };
}

/** The checklist's sections with their shares of the total (a section weighing 0 is not counted). */
function checklistSummary(checklist: Checklist) {
  const weights = effectiveWeights(checklist);
  return checklist.sections.map((s) => ({
    key: s.key,
    name: s.name,
    share: s.weight > 0 ? formatShare(weights.sections.get(s.key) ?? 0) : null,
    criteria: s.criteria.length,
  }));
}

type Standing = ReturnType<typeof standingOf>;
type Counter = ReturnType<typeof progressCounter>;

/** Counts an evaluator's work: the candidates it scores, the criteria it scored of them, those it submitted. */
function progressCounter(checklist: Checklist, people: People, scores: Scores, activeIds: string[]) {
  const declarationOf = new Map(people.declarations.map((d) => [d.userId, d]));
  const weights = effectiveWeights(checklist);
  // Positively weighted rated criteria: what an evaluator scores before it submits a candidate.
  const rated = new Set(
    checklist.sections
      .flatMap((s) => s.criteria)
      .filter((c) => c.kind === "rated" && (weights.criteria.get(c.key) ?? 0) > 0)
      .map((c) => c.key),
  );
  return (userId: string) => {
    const scorable = candidatesToScore(declarationOf.get(userId), activeIds);
    const inScope = new Set(scorable);
    const counts = (s: { evaluatorUserId: string; candidateId: string }) =>
      s.evaluatorUserId === userId && inScope.has(s.candidateId);
    const scored = scores.filter((s) => counts(s) && rated.has(s.criterionId)).length;
    const submitted = people.submissions.filter(counts).length;
    return { scorable, scored, ofCriteria: scorable.length * rated.size, submitted };
  };
}

/** The assigned evaluators with their progress and, for admins, their declarations. */
function evaluatorRows(tz: string, isAdmin: boolean, people: People, standing: Standing, count: Counter) {
  const nameOf = new Map(people.candidates.map((c) => [c.id, c.name]));
  const declarationOf = new Map(people.declarations.map((d) => [d.userId, d]));
  return people.evaluators.map((e) => {
    const declaration = declarationOf.get(e.userId);
    const progress = count(e.userId);
    return {
      userId: e.userId,
      name: e.name,
      email: e.email,
      role: e.role,
      scored: progress.scored,
      ofCriteria: progress.ofCriteria,
      submitted: progress.submitted,
      ofCandidates: progress.scorable.length,
      // docs/product.md: admins see the declarations; anyone else only whether one was made (for the progress).
      declared: declaration !== undefined,
      declaration: !isAdmin
        ? null
        : !declaration
          ? { state: "none" as const }
          : {
              state:
                declaration.conflictCandidateIds.length === 0 ? ("clear" as const) : ("conflicts" as const),
              conflicts: declaration.conflictCandidateIds.map(
                (id) => nameOf.get(id) ?? "a removed candidate",
              ),
              at: formatDateTime(declaration.declaredAt, tz),
              outdated: needsDeclaration(declaration, standing.activeIds),
              note: declaration.note,
            },
    };
  });
}

/** An assigned viewer's own scoring: whether it declares first, its candidates and its progress. */
function myWork(status: EvaluationStatus, people: People, standing: Standing, mine: ReturnType<Counter>) {
  const nameOf = new Map(people.candidates.map((c) => [c.id, c.name]));
  const own = standing.declaration;
  return {
    // In review only a first declaration is taken: an outdated one stays as it is.
    needsDeclaration: needsDeclaration(own, standing.activeIds) && mayDeclare(status, own !== undefined),
    candidates: mine.scorable.map((id) => ({
      id,
      name: nameOf.get(id) ?? "",
      submitted: standing.submittedIds.has(id),
    })),
    scored: mine.scored,
    ofCriteria: mine.ofCriteria,
    submitted: mine.submitted,
  };
}

/** The ranking as the page shows it, and the counted numeric criteria under it. */
function resultsView(computed: ScoringResults, checklist: Checklist, people: People) {
  const criterionName = new Map(checklist.sections.flatMap((s) => s.criteria.map((c) => [c.key, c.name])));
  return {
    final: computed.final,
    rows: computed.candidates.map((r) => ({
      candidateId: r.candidateId,
      partnerId: people.candidates.find((c) => c.id === r.candidateId)?.partnerId ?? "",
      name: r.name,
      rank: r.rank ?? null,
      total: points(r.total),
      completeness: percent(r.completeness),
      coverage: percent(r.evaluatorCoverage),
      evidence: percent(r.evidenceConfidence),
      disqualified: r.disqualified,
      reasons: r.reasons.map((reason) =>
        reason.kind === "knockout"
          ? `${criterionName.get(reason.criterionId) ?? "A criterion"} scored ${points(reason.score)}, below its knockout of ${reason.threshold}`
          : `Total ${points(reason.total)} below the minimum of ${reason.minimum}`,
      ),
      pendingKnockouts: r.knockouts.filter((k) => k.status === "pending").length,
    })),
    numeric: numericResults(computed.candidates, checklist),
  };
}

/**
 * Counted numeric criteria: each candidate's value against the best, with its ratio-rule score; from the same
 * results, so no statement more.
 */
function numericResults(candidates: CandidateResult[], checklist: Checklist) {
  const criteria = checklist.sections.flatMap((s) => s.criteria.filter((c) => c.kind === "numeric"));
  return criteria.flatMap((c) => {
    const cells = candidates.flatMap((r) =>
      r.criteria.filter((k) => k.criterionId === c.key).map((x) => ({ r, x, ratio: ratioOf(x) })),
    );
    if (cells.length === 0) return [];
    const best = cells.map(({ ratio }) => ratio?.best).find((b) => b !== undefined);
    return [
      {
        key: c.key,
        name: c.name,
        unit: c.unit ?? "",
        max: c.max,
        lowerIsBetter: (c.direction ?? "lower") === "lower",
        best: best === undefined ? null : amount(best),
        rows: cells.map(({ r, x, ratio }) => ({
          candidateId: r.candidateId,
          name: r.name,
          value: ratio ? amount(ratio.value) : null,
          isBest: ratio !== undefined && ratio.value === ratio.best,
          score: points(x.score),
        })),
      },
    ];
  });
}

/** A numeric criterion's value and the best one, when the ratio rule scored it. */
const ratioOf = (x: CandidateResult["criteria"][number]) =>
  x.derivation.rule === "ratio" ? x.derivation : undefined;
