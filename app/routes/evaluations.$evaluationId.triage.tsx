import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { type TriageAnswer, type TriageRowView, TriageTable } from "~/components/triage/triage-table";
import { canAddCandidates } from "~/domain/evaluation";
import { LABELS, specializationLabel } from "~/domain/profile";
import { evaluationFor, getEvaluationChecklist } from "~/models/evaluation.server";
import { listCandidatePartners } from "~/models/evaluation-participants.server";
import { triageDirectory } from "~/models/results.server";
import { addCandidates, shortlistFormSchema } from "~/models/triage.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, InputError } from "~/utils/errors.server";
import { formatFigure, formatShare, plural } from "~/utils/format";
import { expectFields, fieldErrors } from "~/utils/forms.server";
import { forbidden } from "~/utils/http.server";

/** Admins, while partners can still be added (before `decided`, not cancelled). */
async function triageAccess(request: Request, evaluationId: string | undefined) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, evaluationId);
  if (!access.isAdmin) forbidden();
  return { viewer, evaluation: access.evaluation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, evaluation } = await triageAccess(request, params.evaluationId);
  // Once decided or cancelled, the shortlist is closed: the evaluation page says so.
  if (!canAddCandidates(evaluation.status)) throw redirect(`/evaluations/${evaluation.id}`);
  const [checklist, shortlist] = await Promise.all([
    getEvaluationChecklist(evaluation),
    listCandidatePartners(evaluation.id),
  ]);
  const rows = await triageDirectory({ evaluation, checklist, buyerOrganisationId: viewer.organisationId });
  const onList = new Map(shortlist.map((c) => [c.partnerId, c.withdrawn]));
  const criteria = checklist.sections.flatMap((s) =>
    s.criteria.filter((c) => c.kind === "rated" && c.suggestionRule !== null).map((c) => ({ c, s })),
  );
  return {
    id: evaluation.id,
    name: evaluation.name,
    // The "Add selected" form carries it: a batch drawn before another change is refused whole.
    version: evaluation.version,
    context: {
      sizeBand: evaluation.sizeBand ? LABELS.sizeBand[evaluation.sizeBand] : null,
      useCases: evaluation.useCases.map((u) => LABELS.useCase[u]),
      specializations: evaluation.requiredSpecializations.map(specializationLabel),
    },
    ruled: criteria.length,
    rows: rows.map((r) => ({
      partnerId: r.partnerId,
      name: r.name,
      rank: r.result.rank ?? null,
      total: r.result.total === undefined ? null : formatFigure(r.result.total),
      completeness: formatShare(r.result.completeness),
      disqualified: r.result.disqualified,
      shortlisted: shortlistStatus(onList.get(r.partnerId)),
      reasons: criteria.map(({ c, s }) => {
        const suggestion = r.suggestions.get(c.key);
        return {
          key: c.key,
          criterion: c.name,
          section: s.name,
          score: suggestion?.kind === "suggestion" ? `${suggestion.score} of ${c.max}` : null,
          reason: suggestion?.reason ?? "No suggestion",
        };
      }),
    })),
  };
}

/** Where a partner stands on the shortlist, from whether its candidate was withdrawn (undefined: not on it). */
function shortlistStatus(withdrawn: boolean | undefined): TriageRowView["shortlisted"] {
  if (withdrawn === undefined) return null;
  return withdrawn ? "withdrawn" : "active";
}

/** "Add selected": every ticked partner in one transaction; each one refused says why, the rest are added. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, evaluation } = await triageAccess(request, params.evaluationId);
  const form = expectFields(await request.formData(), shortlistFormSchema);
  try {
    const parsed = shortlistFormSchema.safeParse({
      intent: form.get("intent"),
      partnerId: form.getAll("partnerId"),
      version: form.get("version"),
    });
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      throw new InputError({}, errors.partnerId ?? errors.intent ?? "Reload the page and try again.");
    }
    const outcome = await addCandidates(
      { userId: viewer.userId, organisationId: viewer.organisationId },
      evaluation.id,
      parsed.data.partnerId,
      parsed.data.version,
    );
    const answer = {
      ok: outcome.added.length > 0,
      added: outcome.added.map((a) => a.name),
      refused: outcome.refused.map((r) => `${r.name} ${r.reason}`),
      message:
        outcome.added.length > 0
          ? `Added ${plural(outcome.added.length, "partner", "partners")} to the shortlist: ${outcome.added.map((a) => a.name).join(", ")}.`
          : "Nothing was added.",
    };
    return data(answer, { status: outcome.added.length > 0 ? 200 : 409 });
  } catch (error) {
    return failureAnswer(error, form, { checked: ["partnerId"] });
  }
}

export default function TriagePage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as TriageAnswer | undefined;
  const context = [
    d.context.sizeBand,
    d.context.useCases.length ? d.context.useCases.join(", ") : null,
    d.context.specializations.length ? `needs ${d.context.specializations.join(", ")}` : null,
  ].filter(Boolean);
  return (
    <>
      <p>
        <Link to={`/evaluations/${d.id}`}>← {d.name}</Link>
      </p>
      <PageHeader
        title="Triage the directory"
        intro={`Every partner scored by the auto-suggestions alone on this evaluation's checklist (${plural(d.ruled, "criterion carries", "criteria carry")} a rule; the others stay unscored), ranked by that partial total. A starting point for the shortlist, not a score.`}
      />
      <p className="muted">
        Your context:{" "}
        {context.length ? context.join(" · ") : "not stated (some rules cannot suggest anything)"}.
      </p>
      <TriageTable rows={d.rows} version={d.version} answer={answer} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `Triage · ${data?.name ?? "Evaluation"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
