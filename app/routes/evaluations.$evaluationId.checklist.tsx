import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ChecklistEditor } from "~/components/checklist-editor";
import { ChecklistView, checklistShares } from "~/components/checklist-view";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { describeChanges, toDraft } from "~/domain/checklist-draft";
import { isEditable, STATUS_LABELS } from "~/domain/evaluation";
import {
  EvaluationConflict,
  EvaluationRuleError,
  evaluationFor,
  getEvaluationChecklist,
} from "~/models/evaluation.server";
import { updateEvaluationChecklist } from "~/models/evaluation-checklist.server";
import { authorize } from "~/utils/access.server";
import { editorAnswer, editorAnswerFor, readEditorSubmission } from "~/utils/checklist-editor.server";
import { withErrorTitle } from "~/utils/error-pages";
import { plural } from "~/utils/format";
import { forbidden } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  const checklist = await getEvaluationChecklist(evaluation);
  const editable = isAdmin && isEditable(evaluation.status);
  const editing = editable && new URL(request.url).searchParams.has("edit");
  return {
    id: evaluation.id,
    name: evaluation.name,
    status: STATUS_LABELS[evaluation.status],
    version: evaluation.version,
    templateName: evaluation.templateName,
    checklist: { sections: checklist.sections },
    shares: checklistShares(checklist),
    editable,
    draft: editing ? toDraft(checklist) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  if (!isAdmin) forbidden();
  const form = await request.formData();
  // The editor's name and description are a template's: an evaluation's copy keeps the evaluation's name.
  form.set("name", evaluation.name);
  form.set("description", "");
  const submission = readEditorSubmission(form);
  if (submission.kind !== "valid") return editorAnswerFor(submission);
  const version = Number(form.get("version"));
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  try {
    const before = await getEvaluationChecklist(evaluation);
    const checklist = submission.checklist;
    const changes = describeChanges(before, checklist);
    if (changes.length > 0) {
      await updateEvaluationChecklist(
        actor,
        evaluation.id,
        Number.isInteger(version) ? version : -1,
        checklist,
        changes,
      );
    }
    throw redirect(`/evaluations/${evaluation.id}/checklist?saved=${changes.length}`);
  } catch (error) {
    if (error instanceof EvaluationConflict) {
      const current = await evaluationFor(viewer, evaluation.id);
      return editorAnswer(
        {
          draft: submission.draft,
          conflict: { version: current.evaluation.version, changes: [] },
          formError:
            "This evaluation changed since you opened it. Your edits are still below; nothing was saved. Save again to replace the other version with yours.",
        },
        409,
      );
    }
    if (error instanceof EvaluationRuleError) {
      return editorAnswer({ draft: submission.draft, formError: error.message }, 409);
    }
    throw error;
  }
}

function savedMessage(saved: string | null): string | undefined {
  if (saved === null) return undefined;
  if (saved === "0") return "Nothing had changed, so nothing was saved.";
  const n = Number(saved);
  return Number.isInteger(n) && n > 0
    ? `Saved: ${plural(n, "change", "changes")}, recorded in the audit log.`
    : undefined;
}

export default function EvaluationChecklistPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = savedMessage(params.get("saved"));
  const draft = actionData?.draft ?? d.draft;
  const back = (
    <p>
      <Link to={`/evaluations/${d.id}`}>← {d.name}</Link>
    </p>
  );
  if (draft) {
    return (
      <>
        {back}
        <PageHeader
          title="Edit the checklist"
          intro="This evaluation's own copy: the template it came from and other evaluations do not change. Weights are relative and shown as percentages as you type."
        />
        <div className="evaluation-checklist-editor">
          <ChecklistEditor
            key={actionData?.revision ?? "loaded"}
            initial={{ ...draft, name: d.name }}
            errors={actionData?.errors ?? {}}
            focus={actionData?.focus}
            formError={actionData?.formError}
            hidden={<input type="hidden" name="version" value={actionData?.conflict?.version ?? d.version} />}
            submitLabel="Save checklist"
            cancel={
              <Link to={`/evaluations/${d.id}/checklist`} className="btn btn-secondary">
                Cancel
              </Link>
            }
          />
        </div>
      </>
    );
  }
  return (
    <>
      {back}
      <PageHeader
        title="Checklist"
        intro={`The checklist of “${d.name}”${d.templateName ? `, copied from “${d.templateName}”` : ""}. ${
          d.editable
            ? "It can be changed while the evaluation is a draft."
            : `Frozen: the evaluation is in ${d.status.toLowerCase()}.`
        }`}
        actions={
          d.editable ? (
            <Link to="?edit" className="btn btn-primary">
              Edit checklist
            </Link>
          ) : null
        }
      />
      {saved ? (
        <div className="alert alert-success" role="status">
          {saved}
        </div>
      ) : null}
      <ChecklistView checklist={d.checklist} shares={d.shares} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `Checklist · ${data?.name ?? "Evaluation"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
