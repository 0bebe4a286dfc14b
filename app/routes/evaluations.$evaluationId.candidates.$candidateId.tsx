import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidenceRequestPanel } from "~/components/evidence-request-panel";
import { FormAlert } from "~/components/forms";
import { PageHeader } from "~/components/page";
import {
  type CitableEvidence,
  CriterionScoreForm,
  NumericCriterionView,
  type NumericView,
  type ScoreAnswer,
} from "~/components/score-form";
import { rubricLevels } from "~/domain/checklist";
import { STATUS_LABELS } from "~/domain/evaluation";
import { EvaluationRuleError, evaluationFor } from "~/models/evaluation.server";
import { CLAIM_KIND_LABELS } from "~/models/evidence.server";
import { requestIntent, requestPanel } from "~/models/evidence-requests.server";
import {
  acceptSuggestionSchema,
  ScoreConflict,
  type ScoreFormValues,
  ScoreInputError,
  type ScoringPage as ScoringPageData,
  saveScore,
  scoreFormSchema,
  scoringPage,
  submitCandidate,
} from "~/models/scores.server";
import { authorize } from "~/utils/access.server";
import { formatDateTime, formatFigure } from "~/utils/format";
import { expectFields, fieldErrors, formValues } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";
import { newIdempotencyKey } from "~/utils/idempotency.server";

// Who sees this page: assigned evaluators (after declaring; a candidate they declared a conflict with is a 404,
// so candidate ids cannot be probed through it), admins (read-only unless assigned) and, from review on, viewers
// (read-only). Evaluators not assigned never get past `evaluationFor` (404).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, params.evaluationId);
  const page = await scoringPage(viewer, access, params.candidateId ?? "");
  const { evaluation } = access;
  const base = `/evaluations/${evaluation.id}`;
  // Declare first while a declaration may be made; in review an outdated one stays, and the page is read-only.
  if (page.declarationNeeded && page.mayDeclare) {
    const here = new URL(request.url).pathname;
    throw redirect(`${base}/declaration?${new URLSearchParams({ redirectTo: here })}`);
  }
  if (page.conflicted) notFound();
  const tz = viewer.orgTimeZone;
  const requests = await requestPanel(
    viewer,
    access,
    { id: page.candidate.id, withdrawn: !!page.candidate.withdrawnAt },
    newIdempotencyKey(),
  );
  const evidence: CitableEvidence[] = page.evidence.map((e) => ({
    versionId: e.versionId,
    label: `${e.title}${e.versionNumber > 1 || !e.current ? ` (version ${e.versionNumber})` : ""}`,
    note: [
      e.claimKind ? CLAIM_KIND_LABELS[e.claimKind] : "an earlier version",
      e.status === "verified" ? "verified" : e.status === "rejected" ? "rejected" : "not verified",
      e.dated ? "dated" : "",
    ]
      .filter(Boolean)
      .join(" · "),
  }));
  return {
    evaluation: { id: evaluation.id, name: evaluation.name, status: STATUS_LABELS[evaluation.status] },
    candidate: {
      id: page.candidate.id,
      partnerId: page.candidate.partnerId,
      name: page.candidate.name,
      withdrawn: !!page.candidate.withdrawnAt,
    },
    role: access.isAdmin ? "admin" : viewer.role,
    assigned: access.assigned,
    mayScore: page.mayScore,
    seesOthers: page.seesOthers,
    seesResults: page.seesResults,
    scoringOpen: evaluation.status === "scoring",
    progress: page.progress,
    submittedAt: page.submittedAt ? formatDateTime(page.submittedAt, tz) : null,
    evidence,
    requests,
    otherCandidates: page.otherCandidates,
    sections: page.sections.map((s) => ({
      key: s.key,
      name: s.name,
      description: s.description,
      weight: s.weight,
      criteria: s.criteria.map((c) => ({
        key: c.key,
        name: c.name,
        question: c.question,
        kind: c.kind,
        max: c.max,
        counts: c.counts,
        levels: rubricLevels(c.max),
        rubric: c.rubric,
        knockout: c.knockout,
        suggestion: c.suggestion,
        own: c.own ? { ...c.own, savedAt: formatDateTime(c.own.updatedAt, tz), updatedAt: undefined } : null,
        others: c.others.map((o) => ({
          ...o,
          savedAt: formatDateTime(o.updatedAt, tz),
          updatedAt: undefined,
        })),
        numeric: numericView(c, s.weight > 0, tz),
        consensus: c.consensus
          ? {
              value: formatFigure(c.consensus.value),
              rationale: c.consensus.rationale,
              setBy: c.consensus.setBy ?? "A former member",
              savedAt: formatDateTime(c.consensus.updatedAt, tz),
            }
          : null,
      })),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, params.evaluationId);
  const candidateId = params.candidateId ?? "";
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  const form = expectFields(expectFields(await request.formData(), scoreFormSchema), acceptSuggestionSchema);
  const intent = form.get("intent");
  const here = `/evaluations/${access.evaluation.id}/candidates/${candidateId}`;
  if (intent === "request-evidence" || intent === "close-request") {
    return requestIntent(form, viewer, access, candidateId, here);
  }
  const cited = form.getAll("cite").filter((v): v is string => typeof v === "string");
  const criterionId = String(form.get("criterionId") ?? "");
  const answer = (body: ScoreAnswer, status: number) =>
    data({ criterionId, cited, values: formValues(form), ...body } satisfies ScoreAnswer, { status });

  if (intent === "use-suggestion") {
    // Without JavaScript, "Use suggestion" comes back here: the form returns with the value set, nothing saved.
    const values = formValues(form);
    const page = await scoringPage(viewer, access, candidateId);
    const criterion = page.sections.flatMap((s) => s.criteria).find((c) => c.key === criterionId);
    if (criterion?.suggestion?.kind !== "suggestion") notFound();
    const score = String(criterion.suggestion.score);
    return answer(
      {
        values: {
          ...values,
          value: score,
          acceptedSuggestion: score,
          justification: values.justification?.trim() ? values.justification : criterion.suggestion.reason,
        },
      },
      200,
    );
  }

  if (intent === "score" || intent === "accept-suggestion") {
    // "Accept suggestion" saves the suggestion with its reason in one action: no value or justification to read.
    const accept = intent === "accept-suggestion";
    const parsed = accept
      ? acceptSuggestionSchema.safeParse(formValues(form))
      : scoreFormSchema.safeParse(formValues(form));
    if (!parsed.success) return answer({ errors: fieldErrors(parsed.error) }, 400);
    const { criterionId: typedCriterion, version } = parsed.data;
    const typed: Partial<ScoreFormValues> = parsed.data;
    let saved: Awaited<ReturnType<typeof saveScore>>;
    try {
      saved = await saveScore(
        actor,
        access.evaluation,
        {
          candidateId,
          criterionId: typedCriterion,
          value: typed.value ?? 0,
          justification: typed.justification ?? "",
          citedVersionIds: cited,
          acceptedSuggestion: typed.acceptedSuggestion ?? null,
          accept,
        },
        version,
      );
    } catch (error) {
      if (error instanceof ScoreInputError) return answer({ errors: error.errors }, 400);
      if (error instanceof ScoreConflict) {
        const c = error.current;
        return answer(
          {
            conflict: c
              ? {
                  value: c.value,
                  justification: c.justification,
                  version: c.version,
                  savedAt: formatDateTime(c.updatedAt, viewer.orgTimeZone),
                }
              : null,
          },
          409,
        );
      }
      if (error instanceof EvaluationRuleError) return answer({ formError: error.message }, 409);
      throw error;
    }
    if (form.get("_js") === "1") {
      // What was stored: after "Accept suggestion" the form shows the suggestion and its reason.
      const values = { ...formValues(form), value: String(saved.value), justification: saved.justification };
      return answer({ ok: true, accepted: accept, version: saved.version, values }, 200);
    }
    throw redirect(`${here}?saved=${accept ? "suggestion" : "1"}#criterion-${typedCriterion}`);
  }

  if (intent === "submit") {
    try {
      await submitCandidate(actor, access.evaluation, candidateId);
    } catch (error) {
      if (error instanceof EvaluationRuleError) return answer({ formError: error.message }, 409);
      throw error;
    }
    throw redirect(`${here}?submitted=1`);
  }
  return answer({ formError: "Unknown action." }, 400);
}

export default function ScoringPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ScoreAnswer | undefined;
  const [params] = useSearchParams();
  const { evaluation, candidate, progress } = page;
  const complete = progress.required > 0 && progress.scored === progress.required;
  const percent = progress.required > 0 ? Math.round((100 * progress.scored) / progress.required) : 0;
  const pageError = actionData && !actionData.criterionId ? actionData.formError : undefined;
  return (
    <>
      <p>
        <Link to={`/evaluations/${evaluation.id}`}>← {evaluation.name}</Link>
      </p>
      <PageHeader
        title={candidate.name}
        intro={
          page.mayScore
            ? "Score each criterion with a justification; each one saves on its own."
            : `${evaluation.status}: read-only.`
        }
        actions={
          <Link to={`/partners/${candidate.partnerId}`} className="btn btn-secondary">
            Partner profile
          </Link>
        }
      />
      {params.get("submitted") ? (
        <div className="alert alert-success" role="status">
          Submitted. You now see the other evaluators’ scores for {candidate.name}.
        </div>
      ) : null}
      {params.get("saved") ? (
        <div className="alert alert-success" role="status">
          {params.get("saved") === "suggestion" ? "Suggestion accepted and saved." : "Score saved."}
        </div>
      ) : null}
      <FormAlert message={pageError} />
      {candidate.withdrawn ? (
        <div className="alert alert-info" role="status">
          {candidate.name} was withdrawn from this evaluation: it is kept in the record and no longer scored.
        </div>
      ) : null}
      {!page.assigned && page.role === "admin" ? (
        <div className="alert alert-info" role="status">
          You are not assigned to this evaluation: you see every score, and cannot score.
        </div>
      ) : null}

      <section className="card scoring-progress" aria-labelledby="progress-heading">
        <div className="scoring-progress-head">
          <h2 id="progress-heading" className="section-title">
            {progress.scored} of {progress.required} scored
          </h2>
          {page.submittedAt ? (
            <span className="badge status-current">Submitted {page.submittedAt}</span>
          ) : null}
        </div>
        <progress max={progress.required || 1} value={progress.scored} aria-label={`${percent}% scored`} />
        {page.mayScore ? (
          page.submittedAt ? (
            <p className="muted">
              You submitted this candidate. You may still change your scores while the evaluation is scoring;
              changes after submission are recorded as such.
            </p>
          ) : (
            <Form method="post" className="submit-candidate">
              <p className="muted">
                Submit once every counted criterion is scored. After submitting you see the other evaluators’
                scores for this candidate; until then they stay hidden, and yours stay hidden from them.
              </p>
              <button
                type="submit"
                name="intent"
                value="submit"
                className="btn btn-primary"
                disabled={!complete}
              >
                Submit this candidate
              </button>
              {!complete ? (
                <span className="muted"> {progress.required - progress.scored} still to score.</span>
              ) : null}
            </Form>
          )
        ) : null}
        {page.assigned && !page.seesOthers ? (
          <p className="muted">Other evaluators’ scores are hidden until you submit (blind scoring).</p>
        ) : null}
        {page.otherCandidates.length > 0 ? (
          <nav aria-label="Other candidates" className="candidate-nav">
            <span className="muted">Other candidates: </span>
            {page.otherCandidates.map((c, i) => (
              <span key={c.id}>
                {i > 0 ? " · " : ""}
                <Link to={`/evaluations/${evaluation.id}/candidates/${c.id}`}>{c.name}</Link>
                {c.submitted ? " ✓" : ""}
              </span>
            ))}
          </nav>
        ) : null}
      </section>

      {page.sections.map((s, i) => {
        const zero = s.weight <= 0;
        return (
          <section
            key={s.key}
            className={`card template-section${zero ? " is-zero" : ""}`}
            aria-labelledby={`section-${s.key}`}
          >
            <div className="template-section-head">
              <h2 id={`section-${s.key}`}>
                {i + 1}. {s.name}
              </h2>
              {zero ? <span className="share">Weight 0: not counted</span> : null}
            </div>
            {s.description ? <p className="muted">{s.description}</p> : null}
            <ol className="score-criteria">
              {s.criteria.map((c) => (
                <li key={c.key} className={c.counts ? undefined : "is-zero"}>
                  {c.kind !== "rated" ? (
                    c.numeric ? (
                      <NumericCriterionView name={c.name} question={c.question} numeric={c.numeric} />
                    ) : null
                  ) : !c.counts ? (
                    <div className="score-form">
                      <h3>{c.name}</h3>
                      <p className="template-question">{c.question}</p>
                      <p className="muted">
                        Weight 0: this criterion takes no part in the scoring and is not scored.
                      </p>
                    </div>
                  ) : (
                    <CriterionScoreForm
                      criterion={c}
                      evidence={page.evidence}
                      answer={actionData?.criterionId === c.key ? actionData : undefined}
                      disabled={!page.mayScore}
                    />
                  )}
                  <EvidenceRequestPanel
                    criterionId={c.key}
                    criterionName={c.name}
                    partner={candidate.name}
                    panel={page.requests}
                  />
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </>
  );
}

/** A numeric criterion as people read it: value, best value, ratio-rule score, or the missing value flagged. */
function numericView(
  c: ScoringPageData["sections"][number]["criteria"][number],
  sectionCounts: boolean,
  tz: string,
): NumericView | null {
  if (!c.numeric) return null;
  const amount = (x: number) => x.toLocaleString("en", { maximumFractionDigits: 2 });
  return {
    unit: c.unit ?? "",
    direction: c.direction === "higher" ? "Higher is better" : "Lower is better",
    max: c.numeric.max,
    value: c.numeric.value === null ? null : amount(c.numeric.value),
    best: c.numeric.best === null ? null : amount(c.numeric.best),
    score: c.numeric.score === null ? null : formatFigure(c.numeric.score),
    copiedAt: c.numeric.copiedAt ? formatDateTime(c.numeric.copiedAt, tz) : null,
    counts: sectionCounts && c.weight > 0,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.candidate.name ?? "Candidate"} · ${data?.evaluation.name ?? "Evaluation"} · PartnerLens`,
  },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
