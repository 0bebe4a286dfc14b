import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { BuiltInChanges, BuiltInStanding } from "~/components/builtin-edition";
import { ChecklistView, checklistShares } from "~/components/checklist-view";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { CopyTemplateForm, CopyTemplateLink } from "~/components/template-copy";
import { builtInEdition } from "~/domain/builtin-versions";
import { deleteTemplate, getTemplate, type TemplateRecord } from "~/models/template.server";
import { copyDefaults } from "~/models/template-copy.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";
import { formatDateTime, plural } from "~/utils/format";
import { invalid } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";
import { newIdempotencyKey } from "~/utils/idempotency.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin"] });
  const template = found(await getTemplate(viewer.organisationId, params.templateId ?? ""));
  return {
    template: { ...template, updatedAt: template.updatedAt?.toISOString() ?? null },
    shares: checklistShares(template.checklist),
    // A version of the built-in checklist: whether it is superseded, and what changed between the versions.
    edition: template.builtIn ? builtInEdition(template.id) : null,
    // `?copy` opens the copy form (the copy's name and description); nothing is stored until it is sent.
    copy: new URL(request.url).searchParams.has("copy")
      ? { source: template.id, sourceName: template.label, values: copyDefaults(template.label) }
      : null,
    idempotencyKey: newIdempotencyKey(),
    timeZone: viewer.orgTimeZone,
  };
}

/** Deletes one of this buyer's templates; evaluations keep their own copies, so none of them changes. */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin"] });
  const template = found(await getTemplate(viewer.organisationId, params.templateId ?? ""));
  if (template.builtIn) notFound();
  const form = await request.formData();
  if (form.get("intent") !== "delete") return invalid(form, {}, "Unknown action.");
  try {
    await deleteTemplate(
      { userId: viewer.userId, organisationId: viewer.organisationId },
      template.id,
      Number(form.get("version")),
    );
  } catch (error) {
    // A stale version says to look again: the page reloads with what is stored now.
    return failureAnswer(error, null, {
      present: (current) => ({ version: (current as TemplateRecord).version }),
    });
  }
  throw redirect("/templates");
}

function savedMessage(saved: string | null): string | undefined {
  if (saved === null) return undefined;
  if (saved === "created") return "Template created.";
  if (saved === "0") return "Nothing had changed, so nothing was saved.";
  const n = Number(saved);
  return Number.isInteger(n) && n > 0
    ? `Saved: ${plural(n, "change", "changes")}, recorded in the audit log.`
    : undefined;
}

export default function TemplatePage() {
  const { template, shares, edition, copy, idempotencyKey, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = savedMessage(params.get("saved"));
  const { checklist } = template;
  const criteria = checklist.sections.reduce((n, s) => n + s.criteria.length, 0);
  return (
    <>
      <p>
        <Link to="/templates">← Templates</Link>
      </p>
      <PageHeader
        title={checklist.name}
        intro={checklist.description || undefined}
        actions={
          <div className="editor-actions">
            {template.builtIn ? null : (
              <Link to={`/templates/${template.id}/edit`} className="btn btn-primary">
                Edit template
              </Link>
            )}
            <CopyTemplateLink
              name={template.label}
              href={`/templates/${template.id}?copy`}
              className={template.builtIn ? "btn btn-primary" : "btn btn-secondary"}
            />
          </div>
        }
      />
      {saved ? (
        <div className="alert alert-success" role="status">
          {saved}
        </div>
      ) : null}
      <FormAlert message={actionData?.formError} />
      {copy ? (
        <CopyTemplateForm
          copy={copy}
          cancelHref={`/templates/${template.id}`}
          idempotencyKey={idempotencyKey}
        />
      ) : null}
      {edition ? <BuiltInStanding edition={edition} /> : null}
      <p className="muted">
        {edition ? `Built in, read-only, version ${edition.version}. ` : ""}
        {plural(checklist.sections.length, "section", "sections")} ·{" "}
        {plural(criteria, "criterion", "criteria")}
        {template.copiedFrom ? ` · copied from ${template.copiedFrom}` : ""}
        {template.updatedAt ? ` · last changed ${formatDateTime(template.updatedAt, timeZone)}` : ""}
      </p>

      {edition ? <BuiltInChanges edition={edition} /> : null}

      <ChecklistView checklist={checklist} shares={shares} />

      {template.builtIn ? null : (
        <section className="card danger-zone spaced" aria-labelledby="delete-heading">
          <h2 id="delete-heading" className="section-title">
            Delete this template
          </h2>
          <p>Evaluations started from it keep their own copy of the checklist and do not change.</p>
          <Form method="post">
            <input type="hidden" name="version" value={template.version} />
            <button type="submit" name="intent" value="delete" className="btn btn-danger">
              Delete template
            </button>
          </Form>
        </section>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `${data?.template.checklist.name ?? "Template"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
