import { randomUUID } from "node:crypto";
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ChecklistEditor } from "~/components/checklist-editor";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IdempotencyField } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { blankCriterionDraft, type ChecklistDraft, NEW_KEY_PREFIX } from "~/domain/checklist-draft";
import { createTemplate } from "~/models/template.server";
import { authorize } from "~/utils/access.server";
import { editorAnswerFor, editorFailure, readEditorSubmission } from "~/utils/checklist-editor.server";
import { withErrorTitle } from "~/utils/error-pages";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, { kind: "buyer", roles: ["admin"] });
  const draft: ChecklistDraft = {
    name: "",
    description: "",
    sections: [
      {
        key: `${NEW_KEY_PREFIX}${randomUUID()}`,
        name: "",
        description: "",
        weight: "1",
        criteria: [blankCriterionDraft(`${NEW_KEY_PREFIX}${randomUUID()}`, "rated")],
      },
    ],
  };
  return { draft, idempotencyKey: newIdempotencyKey() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin"] });
  const form = await request.formData();
  const submission = readEditorSubmission(form);
  if (submission.kind !== "valid") return editorAnswerFor(submission);
  try {
    const { location } = await once(form, "template.new", async (tx) => {
      const row = await createTemplate(
        tx,
        { userId: viewer.userId, organisationId: viewer.organisationId },
        submission.checklist,
        null,
      );
      return `/templates/${row.id}?saved=created`;
    });
    throw redirect(location);
  } catch (error) {
    // An expired form (or a database fault) gives back everything typed, with the message.
    return editorFailure(error, submission.draft);
  }
}

export default function NewTemplatePage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const draft = actionData?.draft ?? loaded.draft;
  return (
    <>
      <p>
        <Link to="/templates">← Templates</Link>
      </p>
      <PageHeader
        title="New checklist template"
        intro="Sections hold criteria; weights are relative and shown as percentages as you type."
      />
      <ChecklistEditor
        key={actionData?.revision ?? "loaded"}
        initial={draft}
        errors={actionData?.errors ?? {}}
        focus={actionData?.focus}
        formError={actionData?.formError}
        hidden={<IdempotencyField value={loaded.idempotencyKey} />}
        submitLabel="Create template"
        cancel={
          <Link to="/templates" className="btn btn-secondary">
            Cancel
          </Link>
        }
      />
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "New template · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
