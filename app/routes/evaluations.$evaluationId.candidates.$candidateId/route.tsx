import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { KEY_SCALE_LIMIT, KEYS_HINT_ID } from "~/components/scoring/score-form-parts";
import { landOnCriterion } from "~/components/scoring/score-item";
import { ScoringBar } from "~/components/scoring/scoring-bar";
import { ScoringSubmit } from "~/components/scoring/scoring-progress";
import { ScoringSection } from "~/components/scoring/scoring-section";
import type { ScoreAnswer } from "~/components/scoring/types";
import { type EvaluationAccess, evaluationFor } from "~/models/evaluation.server";
import { requestPanel } from "~/models/evidence-requests/buyer-view.server";
import { type StoredScore, saveScore } from "~/models/scores.server";
import { acceptSuggestionSchema, type ScoreFormValues, scoreFormSchema } from "~/models/scoring-forms.server";
import { scoringPage } from "~/models/scoring-page.server";
import { submitCandidate } from "~/models/submissions.server";
import { authorize, type Viewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { InputError } from "~/utils/errors.server";
import { answerCell, failureWith } from "~/utils/form-answers.server";
import { formatDateTime } from "~/utils/format";
import { expectFields, fieldErrors, formValues } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";
import { newIdempotencyKey } from "~/utils/idempotency.server";
import { requestIntent } from "~/utils/request-intent.server";
import { scoringView } from "./view.server";

// Who sees this page: assigned evaluators (after declaring; a candidate they declared a conflict with is a 404,
// so candidate ids cannot be probed through it), admins (read-only unless assigned) and, from review on, viewers
// (read-only). Evaluators not assigned never get past `evaluationFor` (404).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, params.evaluationId);
  const page = await scoringPage(viewer, access, params.candidateId ?? "");
  // Declare first while a declaration may be made; in review an outdated one stays, and the page is read-only.
  if (page.declarationNeeded && page.mayDeclare) {
    const here = new URL(request.url).pathname;
    throw redirect(
      `/evaluations/${access.evaluation.id}/declaration?${new URLSearchParams({ redirectTo: here })}`,
    );
  }
  if (page.conflicted) notFound();
  const candidate = { id: page.candidate.id, withdrawn: !!page.candidate.withdrawnAt };
  const requests = await requestPanel(viewer, access, candidate, newIdempotencyKey());
  return scoringView(viewer, access, page, requests);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, params.evaluationId);
  const candidateId = params.candidateId ?? "";
  const form = expectFields(expectFields(await request.formData(), scoreFormSchema), acceptSuggestionSchema);
  const intent = form.get("intent");
  const here = `/evaluations/${access.evaluation.id}/candidates/${candidateId}`;
  if (intent === "request-evidence" || intent === "close-request") {
    return requestIntent(form, viewer, access, candidateId, here);
  }
  // Every answer names the criterion, so the page shows it beside that criterion's form, with what it cited.
  const cell = {
    criterionId: String(form.get("criterionId") ?? ""),
    cited: form.getAll("cite").filter((v): v is string => typeof v === "string"),
  };
  if (intent === "use-suggestion") return fillSuggestion(form, viewer, access, candidateId, cell);
  if (intent === "score" || intent === "accept-suggestion") {
    const present = (current: unknown) => {
      const c = current as StoredScore | null;
      return c
        ? {
            value: c.value,
            justification: c.justification,
            version: c.version,
            savedAt: formatDateTime(c.updatedAt, viewer.orgTimeZone),
          }
        : null;
    };
    return answerCell(form, cell, present, () => saveFromForm(form, viewer, access, candidateId, here));
  }
  if (intent === "submit") {
    try {
      await submitCandidate(viewer, access.evaluation, candidateId);
    } catch (error) {
      return failureWith(error, form, cell);
    }
    throw redirect(`${here}?submitted=1`);
  }
  return failureWith(new InputError({}, "Unknown action."), form, cell);
}

/**
 * Saves one criterion's form: "Save score" with what was typed, or "Accept suggestion" (the suggestion with its reason
 * in one action: no value or justification to read).
 */
async function saveFromForm(
  form: FormData,
  viewer: Viewer,
  access: EvaluationAccess,
  candidateId: string,
  here: string,
) {
  const accept = form.get("intent") === "accept-suggestion";
  const parsed = accept
    ? acceptSuggestionSchema.safeParse(formValues(form))
    : scoreFormSchema.safeParse(formValues(form));
  if (!parsed.success) throw new InputError(fieldErrors(parsed.error));
  const typed: Partial<ScoreFormValues> = parsed.data;
  const saved = await saveScore(
    viewer,
    access.evaluation,
    {
      candidateId,
      criterionId: parsed.data.criterionId,
      value: typed.value ?? 0,
      justification: typed.justification ?? "",
      citedVersionIds: form.getAll("cite").filter((v): v is string => typeof v === "string"),
      acceptedSuggestion: typed.acceptedSuggestion ?? null,
      accept,
    },
    parsed.data.version,
  );
  return {
    // Back at the criterion, folded now, which says it was saved.
    location: `${here}?${new URLSearchParams({ saved: accept ? "suggestion" : "1", criterion: parsed.data.criterionId })}#criterion-${parsed.data.criterionId}`,
    // What was stored: after "Accept suggestion" the form shows the suggestion and its reason.
    body: {
      accepted: accept,
      version: saved.version,
      values: { ...formValues(form), value: String(saved.value), justification: saved.justification },
    },
  };
}

/** Without JavaScript, "Use suggestion" comes back here: the form returns with the value set, nothing saved. */
async function fillSuggestion(
  form: FormData,
  viewer: Viewer,
  access: EvaluationAccess,
  candidateId: string,
  cell: { criterionId: string; cited: string[] },
) {
  const values = formValues(form);
  const page = await scoringPage(viewer, access, candidateId);
  const criterion = page.sections.flatMap((s) => s.criteria).find((c) => c.key === cell.criterionId);
  if (criterion?.suggestion?.kind !== "suggestion") notFound();
  const score = String(criterion.suggestion.score);
  const justification = values.justification?.trim() ? values.justification : criterion.suggestion.reason;
  return data(
    {
      ...cell,
      values: { ...values, value: score, acceptedSuggestion: score, justification },
    } satisfies ScoreAnswer,
    { status: 200 },
  );
}

export default function ScoringPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ScoreAnswer | undefined;
  const [params] = useSearchParams();
  const { evaluation, candidate } = page;
  const pageError = actionData && !actionData.criterionId ? actionData.formError : undefined;
  const saved = savedAt(params);
  useLandOnNextUnscored(page.nextUnscored?.key ?? null);
  return (
    <>
      <p className="scoring-back">
        <Link to={`/evaluations/${evaluation.id}`}>← {evaluation.name}</Link>
      </p>
      <PageHeader
        title={candidate.name}
        actions={
          <Link to={`/partners/${candidate.partnerId}`} className="btn btn-secondary btn-small">
            Partner profile
          </Link>
        }
      />
      {params.get("submitted") ? (
        <div className="alert alert-success" role="status">
          Submitted. You now see the other evaluators’ scores for {candidate.name}.
        </div>
      ) : null}
      {params.get("saved") && !saved ? (
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
      <div className="scoring-layout">
        <ScoringBar page={page} />
        <div className="scoring-main">
          <ScoringHint page={page} />
          {page.sections.map((s, i) => (
            <ScoringSection
              key={s.key}
              section={s}
              index={i}
              evidence={page.evidence}
              answer={actionData}
              saved={saved}
              mayScore={page.mayScore}
              partner={candidate.name}
              requests={page.requests}
            />
          ))}
          <ScoringSubmit page={{ ...page, evaluationId: evaluation.id }} />
        </div>
      </div>
    </>
  );
}

/** The criterion a save without JavaScript came back to (`?saved=1|suggestion&criterion=…`). */
function savedAt(params: URLSearchParams) {
  const criterionId = params.get("criterion");
  const kind = params.get("saved");
  if (!criterionId || !kind) return null;
  return { criterionId, kind: kind === "suggestion" ? ("suggestion" as const) : ("score" as const) };
}

/** What the page is for, once: each criterion saves on its own, and the number keys (the scales point here). */
function ScoringHint({
  page,
}: {
  page: { mayScore: boolean; evaluation: { status: string }; sections: { criteria: { max: number }[] }[] };
}) {
  if (!page.mayScore) return <p className="scoring-hint">{page.evaluation.status}: read-only.</p>;
  const keyed = new Set(
    page.sections.flatMap((s) => s.criteria.map((c) => c.max)).filter((m) => m <= KEY_SCALE_LIMIT),
  );
  const keys = keyed.size === 1 ? `Keys 0–${[...keyed][0]}` : "Number keys";
  return (
    <p className="scoring-hint">
      Score each criterion with a justification; each one saves on its own.{" "}
      {keyed.size > 0 ? (
        <span id={KEYS_HINT_ID}>
          {keys} set the score while a criterion has the focus (not while you type in the justification); Tab
          moves on.
        </span>
      ) : null}
    </p>
  );
}

/**
 * Opens the page where the work is. With an address naming a place (`#criterion-…`, `#request-…`), unfold what holds
 * it and scroll there; without one, scroll to the first unscored criterion and give its line the focus, so Tab goes
 * on into its score. Once per navigation, never on a revalidation after a save.
 */
function useLandOnNextUnscored(nextKey: string | null) {
  const location = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per navigation, on purpose (not after a save)
  useEffect(() => {
    const hash = decodeURIComponent(location.hash.slice(1));
    const target = hash ? document.getElementById(hash) : null;
    if (target) {
      const fold = target.parentElement?.closest("details");
      if (fold && !fold.open) {
        fold.open = true;
        target.scrollIntoView({ block: "start" });
      }
      return;
    }
    if (hash || !nextKey) return;
    const next = document.getElementById(`criterion-${nextKey}`);
    if (next) landOnCriterion(next);
  }, [location.key]);
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  {
    title: `${data?.candidate.name ?? "Candidate"} · ${data?.evaluation.name ?? "Evaluation"} · PartnerLens`,
  },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
