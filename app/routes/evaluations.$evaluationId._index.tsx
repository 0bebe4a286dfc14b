import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DecisionPanel, RecordLinks } from "~/components/decision-panel";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError, FormAlert, IdempotencyField } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { effectiveWeights, formatShare } from "~/domain/checklist";
import { resultsOf } from "~/domain/comparison-export";
import {
  blindView,
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
import {
  addDeliveryReview,
  type DebriefInput,
  type DeliveryReviewInput,
  debriefSchema,
  decisionView,
  deliveryReviewSchema,
  getDecision,
  publishDebrief,
} from "~/models/decision.server";
import {
  addCandidate,
  assignEvaluator,
  cloneEvaluation,
  EvaluationConflict,
  EvaluationRuleError,
  evaluationFor,
  getEvaluationChecklist,
  listAssignableMembers,
  loadEvaluationPeople,
  loadScores,
  moveStatus,
  removeCandidate,
  unassignEvaluator,
  withdrawCandidate,
} from "~/models/evaluation.server";
import { evaluationActionSchema, WITHDRAW_REASON_LIMIT } from "~/models/evaluation-forms.server";
import { listPartners } from "~/models/partner.server";
import { evaluationResults } from "~/models/results.server";
import { roleOf } from "~/models/scores.server";
import { authorize } from "~/utils/access.server";
import { formatDate, formatDateTime, formatFigure } from "~/utils/format";
import { parseForm } from "~/utils/forms.server";
import { forbidden } from "~/utils/http.server";
import { MissingIdempotencyKey, newIdempotencyKey, once } from "~/utils/idempotency.server";

/** A calendar day (YYYY-MM-DD) as people read it, without shifting it to another zone. */
const day = (iso: string) => formatDate(`${iso}T00:00:00Z`, "UTC");
const points = (x: number | undefined) => (x === undefined ? null : formatFigure(x));
const percent = (share: number | undefined) => (share === undefined ? null : formatShare(share));
/** A numeric criterion's value as people read it: up to two decimals, thousands grouped. */
const amount = (x: number) => x.toLocaleString("en", { maximumFractionDigits: 2 });

const MOVE_LABELS: Record<string, string> = {
  "draft>scoring": "Start scoring",
  "scoring>review": "Move to review",
  "review>scoring": "Back to scoring",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, assigned, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  const status = evaluation.status;
  const open = status !== "decided" && status !== "cancelled";
  const [checklist, people, scores, partners, assignable] = await Promise.all([
    getEvaluationChecklist(evaluation),
    loadEvaluationPeople(evaluation.id, viewer.organisationId),
    loadScores(evaluation.id),
    isAdmin && canAddCandidates(status) ? listPartners() : Promise.resolve([]),
    isAdmin && open ? listAssignableMembers(viewer.organisationId, evaluation.id) : Promise.resolve([]),
  ]);

  const active = people.candidates.filter((c) => c.withdrawnAt === null);
  const activeIds = active.map((c) => c.id);
  const nameOf = new Map(people.candidates.map((c) => [c.id, c.name]));
  const declarationOf = new Map(people.declarations.map((d) => [d.userId, d]));
  const weights = effectiveWeights(checklist);
  // Positively weighted rated criteria: what an evaluator scores before it submits a candidate.
  const rated = new Set(
    checklist.sections.flatMap((s) =>
      s.criteria
        .filter((c) => c.kind === "rated" && (weights.criteria.get(c.key) ?? 0) > 0)
        .map((c) => c.key),
    ),
  );
  const progressOf = (userId: string) => {
    const scorable = candidatesToScore(declarationOf.get(userId), activeIds);
    const inScope = new Set(scorable);
    const scored = scores.filter(
      (s) => s.evaluatorUserId === userId && inScope.has(s.candidateId) && rated.has(s.criterionId),
    ).length;
    const submitted = people.submissions.filter(
      (s) => s.evaluatorUserId === userId && inScope.has(s.candidateId),
    ).length;
    return { scorable, scored, ofCriteria: scorable.length * rated.size, submitted };
  };

  const evaluators = people.evaluators.map((e) => {
    const declaration = declarationOf.get(e.userId);
    const progress = progressOf(e.userId);
    return {
      userId: e.userId,
      name: e.name,
      email: e.email,
      role: e.role,
      scored: progress.scored,
      ofCriteria: progress.ofCriteria,
      submitted: progress.submitted,
      ofCandidates: progress.scorable.length,
      // DESIGN.md: admins see the declarations; anyone else only whether one was made (for the progress).
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
              at: formatDateTime(declaration.declaredAt, viewer.orgTimeZone),
              outdated: needsDeclaration(declaration, activeIds),
              note: isAdmin ? declaration.note : "",
            },
    };
  });

  // The blind rule, the one helper the scoring page and the comparison use too.
  const own = assigned ? declarationOf.get(viewer.userId) : undefined;
  const submittedByViewer = new Set(
    people.submissions.filter((s) => s.evaluatorUserId === viewer.userId).map((s) => s.candidateId),
  );
  const { seesResults } = blindView({
    role: roleOf(viewer, { isAdmin }),
    evaluation,
    declaration: own,
    activeCandidateIds: activeIds,
    submitted: submittedByViewer,
  });
  // DESIGN.md: an assigned evaluator declares before it first sees the candidates (the declaration page names them).
  const declareFirst = !isAdmin && assigned && !own && mayDeclare(status, false);

  // A decided evaluation's figures come from its frozen record, never from the rows as they are now.
  const decision = status === "decided" ? await getDecision(viewer.organisationId, evaluation.id) : undefined;
  let results = null;
  if (seesResults) {
    const computed = decision
      ? resultsOf(decision.record)
      : await evaluationResults({
          evaluation,
          checklist,
          people,
          scores,
          buyerOrganisationId: viewer.organisationId,
        });
    const criterionName = new Map(checklist.sections.flatMap((s) => s.criteria.map((c) => [c.key, c.name])));
    results = {
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
      // Counted numeric criteria: each candidate's value against the best, with its ratio-rule score; from the
      // same results, so no statement more.
      numeric: checklist.sections.flatMap((s) =>
        s.criteria
          .filter((c) => c.kind === "numeric")
          .flatMap((c) => {
            const cells = computed.candidates.flatMap((r) => {
              const x = r.criteria.find((k) => k.criterionId === c.key);
              return x ? [{ r, x }] : [];
            });
            if (cells.length === 0) return [];
            const best = cells
              .map(({ x }) => (x.derivation.rule === "ratio" ? x.derivation.best : undefined))
              .find((b) => b !== undefined);
            return [
              {
                key: c.key,
                name: c.name,
                unit: c.unit ?? "",
                max: c.max,
                lowerIsBetter: (c.direction ?? "lower") === "lower",
                best: best === undefined ? null : amount(best),
                rows: cells.map(({ r, x }) => ({
                  candidateId: r.candidateId,
                  name: r.name,
                  value: x.derivation.rule === "ratio" ? amount(x.derivation.value) : null,
                  isBest: x.derivation.rule === "ratio" && x.derivation.value === x.derivation.best,
                  score: points(x.score),
                })),
              },
            ];
          }),
      ),
    };
  }

  const mine = assigned ? progressOf(viewer.userId) : null;
  const candidateIds = new Set(people.candidates.map((c) => c.partnerId));
  return {
    evaluation: {
      id: evaluation.id,
      name: evaluation.name,
      status,
      statusLabel: STATUS_LABELS[status],
      version: evaluation.version,
      deadline: evaluation.deadlineOn ? day(evaluation.deadlineOn) : null,
      timeZone: viewer.orgTimeZone,
      industry: evaluation.industry,
      sizeBand: evaluation.sizeBand ? LABELS.sizeBand[evaluation.sizeBand] : null,
      useCases: evaluation.useCases.map((u) => LABELS.useCase[u]),
      specializations: evaluation.requiredSpecializations.map(specializationLabel),
      minimumTotal: evaluation.minimumTotal === null ? null : evaluation.minimumTotal.toFixed(1),
      templateName: evaluation.templateName,
      created: formatDateTime(evaluation.createdAt, viewer.orgTimeZone),
    },
    isAdmin,
    limits: { reason: WITHDRAW_REASON_LIMIT },
    can: {
      add: isAdmin && canAddCandidates(status),
      remove: isAdmin && canRemoveCandidates(status),
      withdraw: isAdmin && canWithdrawCandidates(status),
      assign: isAdmin && open,
      unassign: isAdmin && status !== "decided",
      editChecklist: isAdmin && isEditable(status),
      editDetails: isAdmin && isEditable(status),
      triage: isAdmin && open,
    },
    moves: isAdmin
      ? TRANSITIONS[status].map((to) => ({
          to,
          label: MOVE_LABELS[`${status}>${to}`] ?? `Move to ${STATUS_LABELS[to].toLowerCase()}`,
        }))
      : [],
    idempotencyKey: isAdmin ? newIdempotencyKey() : null,
    checklist: checklist.sections.map((s) => ({
      key: s.key,
      name: s.name,
      share: s.weight > 0 ? formatShare(weights.sections.get(s.key) ?? 0) : null,
      criteria: s.criteria.length,
    })),
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
    evaluators,
    assignable: assignable.map((m) => ({
      userId: m.userId,
      label: `${m.name} (${m.role === "admin" ? "admin" : "evaluator"})`,
    })),
    me: mine
      ? {
          // In review only a first declaration is taken: an outdated one stays as it is.
          needsDeclaration: needsDeclaration(own, activeIds) && mayDeclare(status, own !== undefined),
          candidates: mine.scorable.map((id) => ({
            id,
            name: nameOf.get(id) ?? "",
            submitted: submittedByViewer.has(id),
          })),
          scored: mine.scored,
          ofCriteria: mine.ofCriteria,
          submitted: mine.submitted,
        }
      : null,
    results,
    decision: decision ? await decisionView(viewer, decision, isAdmin) : null,
    canDecide: isAdmin && status === "review",
    canExport: seesResults && recordOpen(evaluation),
  };
}

type ActionAnswer = {
  ok: boolean;
  message?: string;
  formError?: string;
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  if (!isAdmin) forbidden();
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "delivery-review" || intent === "debrief")
    return recordAfterDecision(form, actor, evaluation.id);
  const parsed = parseForm(form, evaluationActionSchema);
  if (!parsed.ok) return parsed.response;
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "add-candidate":
        await addCandidate(actor, evaluation.id, input.partnerId);
        return data<ActionAnswer>({ ok: true, message: "Partner added to the shortlist." });
      case "remove-candidate":
        await removeCandidate(actor, evaluation.id, input.candidateId);
        return data<ActionAnswer>({ ok: true, message: "Candidate removed." });
      case "withdraw-candidate":
        await withdrawCandidate(actor, evaluation.id, input.candidateId, input.reason);
        return data<ActionAnswer>({
          ok: true,
          message: "Candidate withdrawn: it stays in the record, out of the ranking.",
        });
      case "assign":
        await assignEvaluator(actor, evaluation.id, input.userId);
        return data<ActionAnswer>({ ok: true, message: "Evaluator assigned." });
      case "unassign":
        await unassignEvaluator(actor, evaluation.id, input.userId);
        return data<ActionAnswer>({
          ok: true,
          message:
            "Evaluator unassigned: their scores leave every figure and return if they are assigned again.",
        });
      case "move":
        await moveStatus(actor, evaluation.id, input.version, input.to);
        return data<ActionAnswer>({ ok: true, message: `Status: ${STATUS_LABELS[input.to]}.` });
      case "clone": {
        const { location } = await once(form, "evaluation.clone", async (tx) => {
          const copy = await cloneEvaluation(tx, actor, evaluation);
          return `/evaluations/${copy.id}`;
        });
        throw redirect(location);
      }
    }
  } catch (error) {
    if (error instanceof EvaluationRuleError) {
      return data<ActionAnswer>({ ok: false, formError: error.message }, { status: 409 });
    }
    if (error instanceof EvaluationConflict) {
      return data<ActionAnswer>(
        {
          ok: false,
          formError:
            "This evaluation changed since you opened it. Look at it again: nothing was changed by your request.",
        },
        { status: 409 },
      );
    }
    if (error instanceof MissingIdempotencyKey) {
      return data<ActionAnswer>(
        { ok: false, formError: "This page expired. Reload it and try again." },
        { status: 400 },
      );
    }
    throw error;
  }
}

/** The two changes a decided evaluation still takes (DESIGN.md "Decision"): delivery reviews and debriefs. */
async function recordAfterDecision(
  form: FormData,
  actor: { userId: string; organisationId: string },
  id: string,
) {
  const review = form.get("intent") === "delivery-review";
  const parsed = review ? parseForm(form, deliveryReviewSchema) : parseForm(form, debriefSchema);
  if (!parsed.ok) return parsed.response;
  try {
    await once(form, review ? "evaluation.delivery_review" : "evaluation.debrief", async (tx) => {
      if (review) await addDeliveryReview(tx, actor, id, parsed.data as DeliveryReviewInput);
      else await publishDebrief(tx, actor, id, parsed.data as DebriefInput);
      return `/evaluations/${id}`;
    });
  } catch (error) {
    if (error instanceof EvaluationRuleError) {
      return data<ActionAnswer>({ ok: false, formError: error.message }, { status: 409 });
    }
    if (error instanceof MissingIdempotencyKey) {
      return data<ActionAnswer>(
        { ok: false, formError: "This page expired. Reload it and try again." },
        { status: 400 },
      );
    }
    throw error;
  }
  return data<ActionAnswer>({
    ok: true,
    message: review ? "Delivery review recorded." : "Debrief published: the partner reads it under Requests.",
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function EvaluationPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ActionAnswer | undefined;
  const [params] = useSearchParams();
  const e = d.evaluation;
  return (
    <>
      <p>
        <Link to="/evaluations">← Evaluations</Link>
      </p>
      <PageHeader
        title={e.name}
        intro={
          <span className="evaluation-meta">
            <span className={`badge evaluation-status-${e.status}`}>{e.statusLabel}</span>
            {e.deadline ? (
              <span>
                Deadline {e.deadline} <span className="muted">(end of day, {e.timeZone})</span>
              </span>
            ) : (
              <span className="muted">No deadline</span>
            )}
          </span>
        }
        actions={
          d.can.triage || d.isAdmin ? (
            <div className="review-actions">
              {d.can.triage ? (
                <Link to={`/evaluations/${e.id}/triage`} className="btn btn-secondary">
                  Triage the directory
                </Link>
              ) : null}
              {d.isAdmin ? (
                <Link to={`/evaluations/${e.id}/values`} className="btn btn-secondary">
                  Numeric values
                </Link>
              ) : null}
              {d.isAdmin && (e.status === "review" || e.status === "scoring" || e.status === "decided") ? (
                <Link
                  to={`/evaluations/${e.id}/consensus`}
                  className={e.status === "review" ? "btn btn-primary" : "btn btn-secondary"}
                >
                  Consensus
                </Link>
              ) : null}
            </div>
          ) : null
        }
      />
      {params.get("details") && !answer ? (
        <div className="alert alert-success" role="status">
          {params.get("details") === "saved"
            ? "Details saved, and recorded in the audit log."
            : "Nothing had changed, so nothing was saved."}
        </div>
      ) : null}
      {answer?.ok && answer.message ? (
        <div className="alert alert-success" role="status">
          {answer.message}
        </div>
      ) : null}
      <FormAlert message={answer?.ok === false ? answer.formError : undefined} />

      {d.me ? <MyWork d={d} /> : null}

      <div className="grid">
        <section className="card" aria-labelledby="context-heading">
          <h2 id="context-heading">Context</h2>
          <dl className="facts">
            <dt>Industry</dt>
            <dd>{e.industry ?? <span className="muted">Not stated</span>}</dd>
            <dt>Size</dt>
            <dd>{e.sizeBand ?? <span className="muted">Not stated</span>}</dd>
            <dt>Use cases</dt>
            <dd>{e.useCases.length ? e.useCases.join(", ") : <span className="muted">None stated</span>}</dd>
            <dt>Required specializations</dt>
            <dd>
              {e.specializations.length ? e.specializations.join(", ") : <span className="muted">None</span>}
            </dd>
            <dt>Minimum total</dt>
            <dd>{e.minimumTotal ?? <span className="muted">None</span>}</dd>
            <dt>Checklist from</dt>
            <dd>{e.templateName ?? <span className="muted">Unknown</span>}</dd>
            <dt>Created</dt>
            <dd>{e.created}</dd>
          </dl>
          {d.can.editDetails ? (
            <p>
              <Link to={`/evaluations/${e.id}/details`}>
                Edit the name, context, deadline and minimum total
              </Link>
            </p>
          ) : null}
        </section>
        <section className="card" aria-labelledby="checklist-heading">
          <h2 id="checklist-heading">Checklist</h2>
          <ul className="evaluation-sections">
            {d.checklist.map((s) => (
              <li key={s.key} className={s.share ? undefined : "is-zero"}>
                <span>{s.name}</span>
                <span className="share">{s.share ?? "Not counted"}</span>
              </li>
            ))}
          </ul>
          <p>
            <Link to={`/evaluations/${e.id}/checklist`}>
              {d.can.editChecklist ? "Read or edit the checklist" : "Read the checklist"}
            </Link>
          </p>
        </section>
      </div>

      {d.decision ? <DecisionPanel decision={d.decision} answer={answer} /> : null}
      {d.canDecide || d.canExport ? (
        <RecordLinks evaluationId={e.id} canDecide={d.canDecide} canExport={d.canExport} />
      ) : null}
      <Candidates d={d} answer={answer} />
      <Evaluators d={d} />
      <Results d={d} />
      {d.isAdmin ? <StatusActions d={d} /> : null}
    </>
  );
}

function MyWork({ d }: { d: Data }) {
  const me = d.me;
  if (!me) return null;
  const e = d.evaluation;
  if (e.status === "decided" || e.status === "cancelled") return null;
  if (me.needsDeclaration) {
    return (
      <section className="card evaluation-cta" aria-labelledby="cta-heading">
        <h2 id="cta-heading">Before you see the candidates</h2>
        <p>
          You are an evaluator here. Declare any conflict of interest with the shortlisted partners first.
        </p>
        <Link to={`/evaluations/${e.id}/declaration`} className="btn btn-primary">
          Declare conflicts of interest
        </Link>
      </section>
    );
  }
  return (
    <section className="card evaluation-cta" aria-labelledby="cta-heading">
      <h2 id="cta-heading">Your scoring</h2>
      <p className="muted">
        {me.scored} of {me.ofCriteria} criteria scored · {me.submitted} of {me.candidates.length} candidates
        submitted
      </p>
      {me.candidates.length === 0 ? (
        <p>There is no candidate for you to score.</p>
      ) : (
        <ul className="evaluation-my-candidates">
          {me.candidates.map((c) => (
            <li key={c.id}>
              <Link to={`/evaluations/${e.id}/candidates/${c.id}`}>{c.name}</Link>{" "}
              {c.submitted ? <span className="badge status-accepted">Submitted</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Candidates({ d, answer }: { d: Data; answer: ActionAnswer | undefined }) {
  const e = d.evaluation;
  const active = d.candidates.filter((c) => !c.withdrawn);
  const withdrawn = d.candidates.filter((c) => c.withdrawn);
  return (
    <section className="spaced" aria-labelledby="candidates-heading">
      <h2 id="candidates-heading" className="section-title">
        {d.declareFirst ? "Candidates" : `Candidates (${active.length})`}
      </h2>
      {d.declareFirst ? (
        <p className="card muted">
          The candidates show here once you have declared any conflict of interest with them: the declaration
          page lists them.
        </p>
      ) : active.length === 0 ? (
        <p className="card muted">No partner is shortlisted yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table-stack">
            <thead>
              <tr>
                <th scope="col">Partner</th>
                <th scope="col">Added</th>
                {d.can.remove || d.can.withdraw ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {active.map((c) => (
                <tr key={c.id}>
                  <td data-label="Partner">
                    <Link to={`/partners/${c.partnerId}`}>{c.name}</Link>
                  </td>
                  <td data-label="Added">{c.added}</td>
                  {d.can.remove ? (
                    <td data-label="Actions">
                      <Form method="post">
                        <input type="hidden" name="candidateId" value={c.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="remove-candidate"
                          className="btn btn-secondary btn-small"
                          aria-label={`Remove ${c.name}`}
                        >
                          Remove
                        </button>
                      </Form>
                    </td>
                  ) : d.can.withdraw ? (
                    <td data-label="Actions">
                      <details className="evaluation-withdraw" open={answer?.values?.candidateId === c.id}>
                        <summary>Withdraw…</summary>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="candidateId" value={c.id} />
                          <div className="field">
                            <label htmlFor={`reason-${c.id}`}>Reason for withdrawing {c.name}</label>
                            <input
                              id={`reason-${c.id}`}
                              name="reason"
                              required
                              maxLength={d.limits.reason}
                              defaultValue={answer?.values?.candidateId === c.id ? answer.values.reason : ""}
                              aria-invalid={
                                answer?.values?.candidateId === c.id && answer.errors?.reason
                                  ? true
                                  : undefined
                              }
                            />
                            <FieldError
                              error={answer?.values?.candidateId === c.id ? answer.errors?.reason : undefined}
                            />
                          </div>
                          <button
                            type="submit"
                            name="intent"
                            value="withdraw-candidate"
                            className="btn btn-danger btn-small"
                          >
                            Withdraw
                          </button>
                        </Form>
                      </details>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {withdrawn.length > 0 ? (
        <section className="card spaced-sm" aria-labelledby="withdrawn-heading">
          <h3 id="withdrawn-heading">Withdrawn</h3>
          <ul>
            {withdrawn.map((c) => (
              <li key={c.id}>
                <Link to={`/partners/${c.partnerId}`}>{c.name}</Link>, withdrawn {c.withdrawn}
                {c.withdrawnReason ? `: ${c.withdrawnReason}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.can.add ? (
        <div className="card spaced-sm">
          {d.addable.length === 0 ? (
            <p className="muted">Every partner of the directory is on this shortlist.</p>
          ) : (
            <Form method="post" className="inline-form">
              <div className="field">
                <label htmlFor="add-partner">Add a partner to the shortlist</label>
                <select id="add-partner" name="partnerId" required>
                  {d.addable.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" name="intent" value="add-candidate" className="btn btn-primary">
                Add to shortlist
              </button>
              <Link to={`/evaluations/${e.id}/triage`} className="btn btn-secondary">
                Rank the directory first
              </Link>
            </Form>
          )}
        </div>
      ) : null}
    </section>
  );
}

function Evaluators({ d }: { d: Data }) {
  return (
    <section className="spaced" aria-labelledby="evaluators-heading">
      <h2 id="evaluators-heading" className="section-title">
        Evaluators ({d.evaluators.length})
      </h2>
      {d.evaluators.length === 0 ? (
        <p className="card muted">No evaluator is assigned yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table-stack">
            <thead>
              <tr>
                <th scope="col">Evaluator</th>
                <th scope="col">Criteria scored</th>
                <th scope="col">Candidates submitted</th>
                {d.isAdmin ? <th scope="col">Declaration</th> : null}
                {d.can.unassign ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {d.evaluators.map((ev) => (
                <tr key={ev.userId}>
                  <td data-label="Evaluator">
                    {ev.name}
                    {ev.role === "admin" ? <span className="muted"> (admin)</span> : null}
                  </td>
                  <td data-label="Criteria scored">
                    {ev.declared ? (
                      `${ev.scored} of ${ev.ofCriteria}`
                    ) : (
                      <span className="muted">After declaring</span>
                    )}
                  </td>
                  <td data-label="Candidates submitted">
                    {ev.declared ? (
                      `${ev.submitted} of ${ev.ofCandidates}`
                    ) : (
                      <span className="muted">After declaring</span>
                    )}
                  </td>
                  {ev.declaration ? (
                    <td data-label="Declaration">
                      <DeclarationState declaration={ev.declaration} />
                    </td>
                  ) : null}
                  {d.can.unassign ? (
                    <td data-label="Actions">
                      <Form method="post">
                        <input type="hidden" name="userId" value={ev.userId} />
                        <button
                          type="submit"
                          name="intent"
                          value="unassign"
                          className="btn btn-secondary btn-small"
                          aria-label={`Unassign ${ev.name}`}
                        >
                          Unassign
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.can.assign ? (
        <div className="card spaced-sm">
          {d.assignable.length === 0 ? (
            <p className="muted">Every admin and evaluator of your organisation is assigned.</p>
          ) : (
            <Form method="post" className="inline-form">
              <div className="field">
                <label htmlFor="assign-person">Assign an evaluator</label>
                <select id="assign-person" name="userId" required>
                  {d.assignable.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" name="intent" value="assign" className="btn btn-primary">
                Assign
              </button>
            </Form>
          )}
        </div>
      ) : null}
    </section>
  );
}

function DeclarationState({
  declaration,
}: {
  declaration: NonNullable<Data["evaluators"][number]["declaration"]>;
}) {
  if (declaration.state === "none") return <span className="muted">No declaration yet</span>;
  return (
    <>
      {declaration.state === "clear" ? (
        <span>Declared no conflict</span>
      ) : (
        <span>Conflict with {declaration.conflicts?.join(", ")}</span>
      )}
      <div className="muted">{declaration.at}</div>
      {declaration.outdated ? (
        <div className="badge status-pending">New candidates: to declare again</div>
      ) : null}
      {declaration.note ? <div className="evaluation-note">Note: {declaration.note}</div> : null}
    </>
  );
}

function Results({ d }: { d: Data }) {
  const results = d.results;
  if (!results) {
    return (
      <section className="spaced" aria-labelledby="results-heading">
        <h2 id="results-heading" className="section-title">
          Results
        </h2>
        <p className="card muted">
          {d.declareFirst
            ? "The results show once you have declared any conflict of interest with the candidates."
            : d.evaluation.status === "cancelled"
              ? "This evaluation was cancelled before review: its results stay closed."
              : "Scoring is blind: the results open once you have submitted every candidate you may score."}
        </p>
      </section>
    );
  }
  return (
    <section className="spaced" aria-labelledby="results-heading">
      <h2 id="results-heading" className="section-title">
        Results{" "}
        {results.final ? null : <span className="badge status-pending">Provisional: scoring incomplete</span>}
      </h2>
      {results.rows.length === 0 ? (
        <p className="card muted">No candidate to rank yet.</p>
      ) : (
        <>
          <p>
            <Link to={`/evaluations/${d.evaluation.id}/compare`} className="btn btn-primary">
              Compare side by side
            </Link>{" "}
            <span className="muted">
              every criterion, how each figure was made, charts, what-if weights and how robust the ranking is
            </span>
          </p>
          <div className="table-wrap">
            <table className="table-stack evaluation-results">
              <thead>
                <tr>
                  <th scope="col">Rank</th>
                  <th scope="col">Partner</th>
                  <th scope="col">Total</th>
                  <th scope="col">Completeness</th>
                  <th scope="col">Evaluator coverage</th>
                  <th scope="col">Evidence confidence</th>
                  <th scope="col">Disqualified</th>
                </tr>
              </thead>
              <tbody>
                {results.rows.map((r) => (
                  <tr key={r.candidateId} className={r.disqualified ? "is-disqualified" : undefined}>
                    <td data-label="Rank">
                      {r.rank === null ? (
                        <span className="muted">Not scored</span>
                      ) : (
                        <>
                          {r.rank}
                          {results.final ? null : <span className="muted"> (provisional)</span>}
                        </>
                      )}
                    </td>
                    <td data-label="Partner">
                      <Link to={`/partners/${r.partnerId}`}>{r.name}</Link>
                    </td>
                    <td data-label="Total" className="evaluation-figure">
                      {r.total ?? "—"}
                    </td>
                    <td data-label="Completeness" className="evaluation-figure">
                      {r.completeness}
                    </td>
                    <td data-label="Evaluator coverage" className="evaluation-figure">
                      {r.coverage ?? "—"}
                    </td>
                    <td data-label="Evidence confidence" className="evaluation-figure">
                      {r.evidence}
                    </td>
                    <td data-label="Disqualified">
                      {r.disqualified ? (
                        <>
                          <span className="badge status-rejected">Disqualified</span>
                          <ul className="evaluation-reasons">
                            {r.reasons.map((reason) => (
                              <li key={reason}>{reason}</li>
                            ))}
                          </ul>
                        </>
                      ) : r.pendingKnockouts > 0 ? (
                        <span className="muted">
                          {r.pendingKnockouts} knockout{r.pendingKnockouts === 1 ? "" : "s"} pending
                        </span>
                      ) : (
                        "No"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {results.numeric.length > 0 ? <NumericResults numeric={results.numeric} /> : null}
      <p className="muted evaluation-results-note">
        Totals are on 0–100 with one decimal. Withdrawn candidates are listed under Candidates, out of the
        ranking.
      </p>
    </section>
  );
}

/** Under Results: each counted numeric criterion's values, the best one and the ratio-rule scores. */
function NumericResults({ numeric }: { numeric: NonNullable<Data["results"]>["numeric"] }) {
  return (
    <div className="evaluation-numeric">
      <h3 className="review-subhead">Numeric criteria</h3>
      {numeric.map((n) => (
        <div key={n.key}>
          <p className="evaluation-numeric-caption" id={`numeric-${n.key}`}>
            {n.name}: best value{" "}
            <strong>{n.best === null ? "none yet" : `${n.best} ${n.unit}`.trim()}</strong> (
            {n.lowerIsBetter ? "lower" : "higher"} is better)
          </p>
          <div className="table-wrap">
            <table className="table-stack" aria-labelledby={`numeric-${n.key}`}>
              <thead>
                <tr>
                  <th scope="col">Partner</th>
                  <th scope="col">Value{n.unit ? ` (${n.unit})` : ""}</th>
                  <th scope="col">Score (0–{n.max})</th>
                </tr>
              </thead>
              <tbody>
                {n.rows.map((r) => (
                  <tr key={r.candidateId}>
                    <th scope="row" data-label="Partner">
                      {r.name}
                    </th>
                    <td data-label={`Value${n.unit ? ` (${n.unit})` : ""}`} className="evaluation-figure">
                      {r.value === null ? (
                        <span className="review-missing">No value: unscored</span>
                      ) : (
                        <>
                          {r.value}
                          {r.isBest ? (
                            <>
                              {" "}
                              <span className="badge status-current">Best</span>
                            </>
                          ) : null}
                        </>
                      )}
                    </td>
                    <td data-label={`Score (0–${n.max})`} className="evaluation-figure">
                      {r.score ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </div>
  );
}

function StatusActions({ d }: { d: Data }) {
  const e = d.evaluation;
  const moves = d.moves.filter((m) => m.to !== "cancelled");
  const canCancel = d.moves.some((m) => m.to === "cancelled");
  return (
    <section className="card spaced" aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <p>
        Now <span className={`badge evaluation-status-${e.status}`}>{e.statusLabel}</span>.{" "}
        <span className="muted">{STATUS_HELP[e.status]}</span>
      </p>
      <div className="editor-actions">
        {moves.map((m) => (
          <Form method="post" key={m.to}>
            <input type="hidden" name="version" value={e.version} />
            <input type="hidden" name="to" value={m.to} />
            <button type="submit" name="intent" value="move" className="btn btn-primary">
              {m.label}
            </button>
          </Form>
        ))}
        {d.idempotencyKey ? (
          <Form method="post">
            <IdempotencyField value={d.idempotencyKey} />
            <button type="submit" name="intent" value="clone" className="btn btn-secondary">
              Clone into a new draft
            </button>
          </Form>
        ) : null}
      </div>
      {canCancel ? (
        <details className="evaluation-cancel">
          <summary>Cancel this evaluation…</summary>
          <p>
            A cancelled evaluation stays in the record, read-only. It cannot be reopened; clone it to start
            again.
          </p>
          <Form method="post">
            <input type="hidden" name="version" value={e.version} />
            <input type="hidden" name="to" value="cancelled" />
            <button type="submit" name="intent" value="move" className="btn btn-danger">
              Yes, cancel the evaluation
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

const STATUS_HELP: Record<EvaluationStatus, string> = {
  draft: "Adjust the checklist, shortlist partners and assign evaluators, then start scoring.",
  scoring: "Evaluators declare conflicts and score the candidates.",
  review: "Scores are in; everyone assigned sees the results. Viewers can read the evaluation from now on.",
  decided: "The decision is recorded and the record is frozen.",
  cancelled: "This evaluation was cancelled.",
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.evaluation.name ?? "Evaluation"} · PartnerLens` },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
