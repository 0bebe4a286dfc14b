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
import { CONFLICT_NOTE_LIMIT } from "~/domain/evaluation";
import { declarationPage, declare } from "~/models/declarations.server";
import { evaluationFor } from "~/models/evaluation.server";
import { declarationSchema } from "~/models/scoring-forms.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { InputError } from "~/utils/errors.server";
import { failureWith } from "~/utils/form-answers.server";
import { formatDateTime } from "~/utils/format";
import { parseForm } from "~/utils/forms.server";
import { notFound, safeRedirectPath } from "~/utils/http.server";

/** Where to go after declaring: back to a page of this evaluation, else its overview. */
function nextPath(evaluationId: string, to: FormDataEntryValue | string | null): string {
  const base = `/evaluations/${evaluationId}`;
  const path = safeRedirectPath(to, base);
  return path.startsWith(`${base}/`) ? path : base;
}

// Only the evaluators assigned to the evaluation declare. Anyone else, an admin not assigned included, gets 404:
// the page does not exist for them (admins read the declarations on the evaluation page).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, params.evaluationId);
  if (!access.assigned) notFound();
  const page = await declarationPage(viewer, access);
  const { evaluation } = access;
  return {
    evaluation: { id: evaluation.id, name: evaluation.name },
    open: page.open,
    closedMessage: page.closedMessage,
    candidates: page.candidates,
    needed: page.needed,
    previous: page.previous
      ? {
          ...page.previous,
          declaredAt: formatDateTime(page.previous.declaredAt, viewer.orgTimeZone),
        }
      : null,
    redirectTo: nextPath(evaluation.id, new URL(request.url).searchParams.get("redirectTo")),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, params.evaluationId);
  if (!access.assigned) notFound();
  const form = await request.formData();
  const conflicts = form.getAll("conflicts").filter((v): v is string => typeof v === "string");
  const parsed = parseForm(form, declarationSchema);
  if (!parsed.ok) return data({ ...parsed.response.data, conflicts }, parsed.response.init ?? undefined);
  try {
    if (parsed.data.choice === "conflict" && conflicts.length === 0) {
      throw new InputError({
        conflicts: "Tick the candidates you have a conflict with, or choose “No conflict”.",
      });
    }
    await declare({ userId: viewer.userId, organisationId: viewer.organisationId }, access.evaluation, {
      conflictCandidateIds: parsed.data.choice === "conflict" ? conflicts : [],
      note: parsed.data.note,
    });
  } catch (error) {
    return failureWith(error, form, { conflicts });
  }
  throw redirect(nextPath(access.evaluation.id, form.get("redirectTo")));
}

export default function DeclarationPage() {
  const { evaluation, open, closedMessage, candidates, needed, previous, redirectTo } =
    useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = failure?.errors ?? {};
  const previousConflicts = new Set(previous?.conflicts.map((c) => c.id) ?? []);
  const checked = failure ? new Set(failure.conflicts) : previousConflicts;
  const [choice, setChoice] = useState<string>(
    failure?.values && "choice" in failure.values
      ? String(failure.values.choice)
      : previousConflicts.size > 0
        ? "conflict"
        : "none",
  );
  const note =
    failure?.values && "note" in failure.values ? String(failure.values.note) : (previous?.note ?? "");
  return (
    <>
      <p>
        <Link to={`/evaluations/${evaluation.id}`}>← {evaluation.name}</Link>
      </p>
      <PageHeader
        title="Conflict of interest"
        intro="Before you see the candidates, say whether you have a conflict of interest with any of them. Admins see declarations and the decision record lists them."
      />
      {needed && previous && open ? (
        <div className="alert alert-info" role="status">
          {previous.newCandidates.length > 0
            ? `New since your last declaration: ${previous.newCandidates.join(", ")}. Declare again to score.`
            : "Declare again to score."}
        </div>
      ) : null}
      {/* A form-level message, when no field says it. */}
      <FormAlert message={Object.keys(errors).length > 0 ? undefined : failure?.formError} />

      {previous ? (
        <section className="card" aria-labelledby="previous-heading">
          <h2 id="previous-heading" className="section-title">
            Your last declaration
          </h2>
          <p>
            {previous.conflicts.length === 0
              ? "No conflict"
              : `Conflict with ${previous.conflicts.map((c) => c.name).join(", ")}`}
            <span className="muted"> · {previous.declaredAt}</span>
          </p>
          {previous.note ? <p className="muted">“{previous.note}”</p> : null}
        </section>
      ) : null}

      {!open ? (
        <section className="card">
          <p>{closedMessage}</p>
        </section>
      ) : candidates.length === 0 ? (
        <section className="card">
          <p>No partner is shortlisted yet. You can declare once candidates are added.</p>
        </section>
      ) : (
        <section className="card" aria-labelledby="declare-heading">
          <h2 id="declare-heading" className="section-title">
            {previous ? "Declare again" : "Declare"}
          </h2>
          <Form method="post" className="declaration-form">
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <fieldset className="field">
              <legend>Do you have a conflict of interest with any candidate?</legend>
              <div className="choice-cards">
                <label className="choice-card">
                  <input
                    type="radio"
                    name="choice"
                    value="none"
                    checked={choice === "none"}
                    onChange={() => setChoice("none")}
                  />
                  <strong>No conflict</strong>
                  <small>
                    I have no financial, personal or employment tie with any of the {candidates.length}{" "}
                    candidates.
                  </small>
                </label>
                <label className="choice-card">
                  <input
                    type="radio"
                    name="choice"
                    value="conflict"
                    checked={choice === "conflict"}
                    onChange={() => setChoice("conflict")}
                  />
                  <strong>Yes, with some candidates</strong>
                  <small>You will not score them; you still score the others.</small>
                </label>
              </div>
              <FieldError error={errors.choice} />
            </fieldset>
            <fieldset className="field" aria-describedby={errors.conflicts ? "conflicts-error" : undefined}>
              <legend>Candidates you have a conflict with</legend>
              <p className="hint">Tick only if you chose “Yes”.</p>
              <ul className="declaration-candidates">
                {candidates.map((c) => (
                  <li key={c.id}>
                    <label className="profile-check">
                      <input
                        type="checkbox"
                        name="conflicts"
                        value={c.id}
                        defaultChecked={checked.has(c.id)}
                        onChange={(e) => {
                          if (e.currentTarget.checked) setChoice("conflict");
                        }}
                      />
                      {c.name}
                    </label>
                  </li>
                ))}
              </ul>
              <FieldError id="conflicts-error" error={errors.conflicts} />
            </fieldset>
            <div className="field">
              <label htmlFor="note">Note {choice === "conflict" ? "(required)" : "(optional)"}</label>
              <p className="hint" id="note-hint">
                What the conflict is, for example “I worked at Acme until 2024”.
              </p>
              <textarea
                id="note"
                name="note"
                rows={3}
                maxLength={CONFLICT_NOTE_LIMIT}
                required={choice === "conflict"}
                defaultValue={note}
                aria-invalid={errors.note ? true : undefined}
                aria-describedby={errors.note ? "note-hint note-error" : "note-hint"}
              />
              <FieldError id="note-error" error={errors.note} />
            </div>
            <SubmitButton pendingText="Saving…">Save declaration</SubmitButton>
          </Form>
        </section>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `Conflict of interest · ${data?.evaluation.name ?? "Evaluation"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
