import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError, FormAlert, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { formatShare } from "~/domain/checklist";
import { reasonWords } from "~/domain/comparison-export";
import { DECISION_WARNINGS, type DecisionWarning, decisionWarnings } from "~/domain/decision";
import {
  DecisionInputError,
  decideEvaluation,
  decisionFormSchema,
  decisionPreview,
  OVERRIDE_LIMIT,
  RATIONALE_LIMIT,
} from "~/models/decision.server";
import { EvaluationConflict, EvaluationRuleError, evaluationFor } from "~/models/evaluation.server";
import { liveExportInput } from "~/models/record.server";
import { authorize } from "~/utils/access.server";
import { formatFigure } from "~/utils/format";
import { expectFields, fieldErrors, formValues } from "~/utils/forms.server";
import { forbidden } from "~/utils/http.server";

// Deciding (DESIGN.md "Decision"): buyer admins, from review. The page shows the ranking as it stands, warns when it
// is not final or the choice is not the leader, and asks for an override reason for a disqualified choice.
async function decideAccess(request: Request, evaluationId: string | undefined) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, evaluationId);
  if (!access.isAdmin) forbidden("Only buyer admins decide an evaluation.");
  return { viewer, evaluation: access.evaluation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, evaluation } = await decideAccess(request, params.evaluationId);
  if (evaluation.status !== "review") throw redirect(`/evaluations/${evaluation.id}`);
  const input = await liveExportInput(viewer, evaluation);
  const { results, leaders, final } = decisionPreview(input);
  const criterionName = new Map(
    input.checklist.sections.flatMap((s) => s.criteria.map((c) => [c.key, c.name])),
  );
  return {
    evaluation: { id: evaluation.id, name: evaluation.name, version: evaluation.version },
    final,
    leaders,
    candidates: results.candidates.map((r) => ({
      id: r.candidateId,
      name: r.name,
      rank: r.rank ?? null,
      total: r.total === undefined ? null : formatFigure(r.total),
      completeness: formatShare(r.completeness),
      disqualified: r.disqualified,
      reasons: r.reasons.map((reason) => reasonWords(reason, criterionName)),
    })),
    withdrawn: results.withdrawn.map((w) => w.name),
    limits: { rationale: RATIONALE_LIMIT, override: OVERRIDE_LIMIT },
    warnings: DECISION_WARNINGS,
  };
}

interface DecideAnswer {
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
  chosen?: string[];
  /** The warnings that apply to the choice sent, as the server found them. */
  warnings?: DecisionWarning[];
  formError?: string;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, evaluation } = await decideAccess(request, params.evaluationId);
  const form = expectFields(await request.formData(), decisionFormSchema);
  const chosen = form.getAll("chosen").map(String);
  const answer = (body: DecideAnswer, status: number) =>
    data<DecideAnswer>({ ...body, values: formValues(form), chosen }, { status });
  const parsed = decisionFormSchema.safeParse({
    rationale: form.get("rationale") ?? "",
    version: form.get("version"),
  });
  if (!parsed.success) {
    // Every field's problem at once: the choice is checked here too when the rationale already fails.
    const errors = fieldErrors(parsed.error);
    if (chosen.length === 0) errors.chosen = "Choose at least one partner.";
    return answer({ errors }, 400);
  }
  const overrides = Object.fromEntries(
    [...form.entries()]
      .filter(([key, value]) => key.startsWith("override.") && typeof value === "string")
      .map(([key, value]) => [key.slice("override.".length), String(value)]),
  );
  try {
    await decideEvaluation(
      { userId: viewer.userId, organisationId: viewer.organisationId, name: viewer.name },
      { organisationId: viewer.organisationId, name: viewer.orgName, timeZone: viewer.orgTimeZone },
      evaluation.id,
      {
        chosen,
        rationale: parsed.data.rationale,
        overrides,
        acknowledged: form.get("acknowledge") === "on",
        version: parsed.data.version,
      },
    );
  } catch (error) {
    if (error instanceof DecisionInputError) {
      return answer({ errors: error.errors, warnings: error.warnings }, 400);
    }
    if (error instanceof EvaluationRuleError) return answer({ formError: error.message }, 409);
    if (error instanceof EvaluationConflict) {
      return answer(
        { formError: "This evaluation changed since you opened this page. Reload it: nothing was decided." },
        409,
      );
    }
    throw error;
  }
  throw redirect(`/evaluations/${evaluation.id}?decided=1`);
}

export default function DecidePage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as DecideAnswer | undefined;
  const errors = answer?.errors ?? {};
  const sent = answer?.chosen ?? [];
  // The choice as it stands in the form: the warnings follow it as boxes are ticked (without JavaScript, the
  // server's answer names them).
  const [chosen, setChosen] = useState<string[]>(sent);
  const warnings = decisionWarnings(d, chosen);
  // The server's word on the choice it was sent: the ranking may have moved since the page loaded.
  if (chosen.join() === sent.join()) {
    for (const w of answer?.warnings ?? []) if (!warnings.includes(w)) warnings.push(w);
  }
  const leaderNames = d.candidates.filter((c) => d.leaders.includes(c.id)).map((c) => c.name);
  return (
    <>
      <p className="back">
        <Link to={`/evaluations/${d.evaluation.id}`}>← {d.evaluation.name}</Link>
      </p>
      <PageHeader
        title={`Decide: ${d.evaluation.name}`}
        intro="Choose the partner or partners and write why. The decision freezes the record: checklist, scores, consensus, values, evaluators, declarations, withdrawals, your verifications and the evidence cited. Nothing changes it afterwards."
      />
      <FormAlert message={answer?.formError} />
      {!d.final ? (
        <p className="alert alert-info" role="note">
          Every rank below is provisional: at least one candidate is below 100% completeness.
        </p>
      ) : null}
      <Form
        method="post"
        className="card decide-form"
        noValidate
        onChange={(event) => setChosen(new FormData(event.currentTarget).getAll("chosen").map(String))}
      >
        <input type="hidden" name="version" value={d.evaluation.version} />
        <fieldset aria-describedby={errors.chosen ? "chosen-error" : undefined}>
          <legend>Chosen partner(s)</legend>
          <p className="hint">
            {leaderNames.length > 0
              ? `The leader now: ${leaderNames.join(" and ")}.`
              : "No qualified candidate leads."}
          </p>
          <ul className="decide-candidates">
            {d.candidates.map((c) => {
              const overrideError = errors[`override.${c.id}`];
              return (
                <li key={c.id}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      name="chosen"
                      value={c.id}
                      defaultChecked={sent.includes(c.id)}
                      aria-describedby={c.disqualified ? `reasons-${c.id}` : undefined}
                    />{" "}
                    <span>
                      <strong>{c.name}</strong>{" "}
                      <span className="muted">
                        {c.rank === null ? "not scored" : `rank ${c.rank}`}
                        {c.total ? `, total ${c.total}` : ""}, completeness {c.completeness}
                      </span>
                    </span>
                  </label>
                  {c.disqualified ? (
                    <div className="decide-override">
                      <p id={`reasons-${c.id}`} className="field-note">
                        Disqualified: {c.reasons.join("; ")}.
                      </p>
                      <label htmlFor={`override-${c.id}`}>Override reason (if you choose {c.name})</label>
                      <textarea
                        id={`override-${c.id}`}
                        name={`override.${c.id}`}
                        rows={2}
                        maxLength={d.limits.override}
                        defaultValue={answer?.values?.[`override.${c.id}`] ?? ""}
                        aria-invalid={overrideError ? true : undefined}
                        aria-describedby={overrideError ? `override-${c.id}-error` : undefined}
                      />
                      <FieldError id={`override-${c.id}-error`} error={overrideError} />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {d.withdrawn.length > 0 ? (
            <p className="muted">Withdrawn, so not to be chosen: {d.withdrawn.join(", ")}.</p>
          ) : null}
          <FieldError id="chosen-error" error={errors.chosen} />
        </fieldset>
        <div className="field">
          <label htmlFor="rationale">Rationale</label>
          <p className="hint" id="rationale-hint">
            Why this choice: the figures that carried it, what the evidence showed, the risks you accept.
          </p>
          <textarea
            id="rationale"
            name="rationale"
            rows={6}
            required
            maxLength={d.limits.rationale}
            defaultValue={answer?.values?.rationale ?? ""}
            aria-invalid={errors.rationale ? true : undefined}
            aria-describedby={["rationale-hint", errors.rationale ? "rationale-error" : ""]
              .filter(Boolean)
              .join(" ")}
          />
          <FieldError id="rationale-error" error={errors.rationale} />
        </div>
        {warnings.length > 0 ? (
          // Every warning that applies to the choice, above the box that accepts them.
          <div className="field decide-acknowledge">
            <div className="alert alert-warning" id="decide-warnings">
              <h2 className="alert-title">Before you decide</h2>
              <ul>
                {warnings.map((w) => (
                  <li key={w}>
                    {d.warnings[w]}
                    {w === "notLeader" && leaderNames.length > 0
                      ? ` The leader is ${leaderNames.join(" and ")}.`
                      : ""}
                  </li>
                ))}
              </ul>
            </div>
            <label className="checkbox">
              <input
                type="checkbox"
                name="acknowledge"
                defaultChecked={answer?.values?.acknowledge === "on"}
                aria-invalid={errors.acknowledge ? true : undefined}
                aria-describedby={["decide-warnings", errors.acknowledge ? "acknowledge-error" : ""]
                  .filter(Boolean)
                  .join(" ")}
              />{" "}
              I decide despite the warnings above
            </label>
            <FieldError id="acknowledge-error" error={errors.acknowledge} />
          </div>
        ) : null}
        <SubmitButton pendingText="Recording the decision…">Record the decision</SubmitButton>
      </Form>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Decide: ${data.evaluation.name} · PartnerLens` : "PartnerLens" },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
