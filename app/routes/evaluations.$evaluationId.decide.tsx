import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { DecideCandidates } from "~/components/decision/decide-candidates";
import { DecideFreezes } from "~/components/decision/decide-freezes";
import { DecideWarnings } from "~/components/decision/decide-warnings";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError, FormAlert, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { reasonWords } from "~/domain/comparison-export";
import { DECISION_WARNINGS, type DecisionWarning, decisionWarnings } from "~/domain/decision";
import {
  DecisionInputError,
  decideEvaluation,
  decisionFreezes,
  decisionPreview,
} from "~/models/decision.server";
import { decisionFormSchema, OVERRIDE_LIMIT, RATIONALE_LIMIT } from "~/models/decision-forms.server";
import { evaluationFor } from "~/models/evaluation.server";
import { liveExportInput } from "~/models/record.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, failurePage, InputError } from "~/utils/errors.server";
import { formatFigure, formatShare } from "~/utils/format";
import { expectFields, fieldErrors } from "~/utils/forms.server";
import { forbidden } from "~/utils/http.server";

// Deciding (docs/product.md "Decision"): buyer admins, from review. The page shows the ranking as it stands, warns when it
// is not final or the choice is not the leader, and asks for an override reason for a disqualified choice.
async function decideAccess(request: Request, evaluationId: string | undefined) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, evaluationId).catch(failurePage);
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
    freezes: decisionFreezes(input),
    limits: { rationale: RATIONALE_LIMIT, override: OVERRIDE_LIMIT },
    warnings: DECISION_WARNINGS,
  };
}

interface DecideAnswer {
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
  /** The boxes ticked in the form sent: `chosen`, the candidates chosen. */
  checked?: Record<string, string[]>;
  /** The warnings that apply to the choice sent, as the server found them. */
  warnings?: DecisionWarning[];
  formError?: string;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, evaluation } = await decideAccess(request, params.evaluationId);
  const form = expectFields(await request.formData(), decisionFormSchema);
  const chosen = form.getAll("chosen").map(String);
  try {
    const parsed = decisionFormSchema.safeParse({
      rationale: form.get("rationale") ?? "",
      version: form.get("version"),
    });
    if (!parsed.success) {
      // Every field's problem at once: the choice is checked here too when the rationale already fails.
      const errors = fieldErrors(parsed.error);
      if (chosen.length === 0) errors.chosen = "Choose at least one partner.";
      throw new InputError(errors);
    }
    const overrides = Object.fromEntries(
      [...form.entries()]
        .filter(([key, value]) => key.startsWith("override.") && typeof value === "string")
        .map(([key, value]) => [key.slice("override.".length), String(value)]),
    );
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
    const answer = failureAnswer(error, form, { checked: ["chosen"] });
    // A refused choice says which warnings apply to it now.
    const warnings = error instanceof DecisionInputError ? error.warnings : undefined;
    return data({ ...answer.data, warnings }, answer.init ?? undefined);
  }
  throw redirect(`/evaluations/${evaluation.id}?decided=1`);
}

export default function DecidePage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as DecideAnswer | undefined;
  const errors = answer?.errors ?? {};
  const sent = answer?.checked?.chosen ?? [];
  // The choice as it stands in the form: the warnings follow it as boxes are ticked (without JavaScript, the
  // server's answer names them).
  const [chosen, setChosen] = useState<string[]>(sent);
  const warnings = decisionWarnings(d, chosen);
  // The server's word on the choice it was sent: the ranking may have moved since the page loaded.
  if (chosen.join() === sent.join()) {
    for (const w of answer?.warnings ?? []) if (!warnings.includes(w)) warnings.push(w);
  }
  const leaderNames = d.candidates.filter((c) => d.leaders.includes(c.id)).map((c) => c.name);
  // The fields' own messages say what is wrong with them; the form's message is for a refusal of the whole.
  const formError = Object.keys(errors).length > 0 ? undefined : answer?.formError;
  return (
    <>
      <p className="back">
        <Link to={`/evaluations/${d.evaluation.id}`}>← {d.evaluation.name}</Link>
      </p>
      <PageHeader
        title={`Decide: ${d.evaluation.name}`}
        intro="Choose the partner or partners and write why. Recording the decision freezes the record (listed before the button): nothing changes it afterwards."
      />
      <FormAlert message={formError} />
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
        <DecideCandidates
          candidates={d.candidates}
          leaderNames={leaderNames}
          withdrawn={d.withdrawn}
          sent={sent}
          overrideLimit={d.limits.override}
          errors={errors}
          values={answer?.values}
        />
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
          <DecideWarnings
            warnings={warnings}
            texts={d.warnings}
            leaderNames={leaderNames}
            acknowledged={answer?.values?.acknowledge === "on"}
            error={errors.acknowledge}
          />
        ) : null}
        <DecideFreezes freezes={d.freezes} />
        <SubmitButton pendingText="Recording the decision…">Record the decision</SubmitButton>
      </Form>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: data ? `Decide: ${data.evaluation.name} · PartnerLens` : "PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
