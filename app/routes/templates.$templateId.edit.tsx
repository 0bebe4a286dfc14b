import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ChecklistEditor } from "~/components/checklist-editor";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { toDraft } from "~/domain/checklist-draft";
import { BASE_FIELD } from "~/domain/checklist-merge";
import { getTemplate, saveTemplate, TemplateConflict } from "~/models/template.server";
import { authorize, found } from "~/utils/access.server";
import {
  conflictAnswer,
  editorAnswerFor,
  editorFailure,
  readEditorSubmission,
} from "~/utils/checklist-editor.server";
import { baseFromForm } from "~/utils/checklist-form.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formatDateTime } from "~/utils/format";
import { notFound } from "~/utils/http.server";

/** This buyer's own template; the built-in one is read-only, so it has no editor (404 like anything missing). */
async function ownTemplate(request: Request, templateId: string | undefined) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin"] });
  const template = found(await getTemplate(viewer.organisationId, templateId ?? ""));
  if (template.builtIn) notFound();
  return { viewer, template };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { template, viewer } = await ownTemplate(request, params.templateId);
  return {
    id: template.id,
    version: template.version,
    name: template.checklist.name,
    draft: toDraft(template.checklist),
    timeZone: viewer.orgTimeZone,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { template, viewer } = await ownTemplate(request, params.templateId);
  const form = await request.formData();
  const submitted = Number(form.get("version"));
  const version = Number.isInteger(submitted) ? submitted : undefined;
  const base = baseFromForm(form);
  const submission = readEditorSubmission(form);
  if (submission.kind !== "valid") return editorAnswerFor(submission, { version, base: base ?? undefined });
  try {
    const saved = await saveTemplate(
      { userId: viewer.userId, organisationId: viewer.organisationId },
      template.id,
      version ?? -1,
      submission.checklist,
    );
    throw redirect(`/templates/${template.id}?saved=${saved.changes.length}`);
  } catch (error) {
    if (error instanceof TemplateConflict) return conflictAnswer(error, base, submission.draft);
    return editorFailure(error, submission.draft, { version, base: base ?? undefined });
  }
}

export default function EditTemplatePage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const conflict = actionData?.conflict;
  // The version and base travel with the draft shown: after an answer, the loader may already hold a newer one.
  const carried = actionData?.draft
    ? { version: actionData.version, base: actionData.base }
    : { version: loaded.version, base: loaded.draft };
  const clashes = actionData?.clashes ?? [];
  const notes: Record<string, string> = {};
  for (const c of clashes) notes[c.field] = notes[c.field] ? `${notes[c.field]} ${c.message}` : c.message;
  return (
    <>
      <p>
        <Link to={`/templates/${loaded.id}`}>← {loaded.name}</Link>
      </p>
      <PageHeader
        title={`Edit “${loaded.name}”`}
        intro="Weights are relative and shown as percentages as you type. Evaluations already started keep their own copy of the checklist."
      />
      <ChecklistEditor
        key={actionData?.revision ?? "loaded"}
        initial={actionData?.draft ?? loaded.draft}
        errors={actionData?.errors ?? {}}
        notes={notes}
        focus={actionData?.focus}
        formError={actionData?.formError}
        notice={
          conflict ? (
            <section className="alert alert-info conflict-notice" aria-labelledby="conflict-heading">
              <h2 id="conflict-heading" className="section-title">
                What changed since you opened the editor
              </h2>
              {conflict.changes.map((c) => (
                <div key={c.at}>
                  <p>
                    <strong>{c.by}</strong> saved on {formatDateTime(c.at, loaded.timeZone)}:
                  </p>
                  <ul>
                    {c.lines.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </div>
              ))}
              {clashes.length > 0 ? (
                <>
                  <h3 className="conflict-subheading">
                    Where you both changed the same thing ({clashes.length}): yours is kept
                  </h3>
                  <ul>
                    {clashes.map((c) => (
                      <li key={`${c.field} ${c.message}`}>
                        <strong>{c.where}</strong>: {c.message}
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>None of their changes touched what you changed.</p>
              )}
              <p>
                The form below holds their version with your changes on top. Saving it keeps both; or{" "}
                <Link to={`/templates/${loaded.id}/edit`} reloadDocument>
                  start again from theirs
                </Link>
                , dropping your changes.
              </p>
            </section>
          ) : null
        }
        hidden={
          <>
            <input type="hidden" name="version" value={carried.version ?? ""} />
            {carried.base ? (
              <input type="hidden" name={BASE_FIELD} value={JSON.stringify(carried.base)} />
            ) : null}
          </>
        }
        submitLabel="Save template"
        cancel={
          <Link to={`/templates/${loaded.id}`} className="btn btn-secondary">
            Cancel
          </Link>
        }
      />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `Edit ${data?.name ?? "template"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
