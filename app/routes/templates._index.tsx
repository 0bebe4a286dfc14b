import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { CopyTemplateButton } from "~/components/template-copy";
import { BUILT_IN_CHECKLIST } from "~/domain/builtin-checklist";
import { countOf, NAME_LIMIT } from "~/domain/checklist";
import {
  BUILT_IN_TEMPLATE_ID,
  createTemplate,
  getTemplate,
  isTemplateId,
  listTemplates,
} from "~/models/template.server";
import { authorize } from "~/utils/access.server";
import { failureAnswer } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin"] });
  const templates = await listTemplates(viewer.organisationId);
  return {
    idempotencyKey: newIdempotencyKey(),
    timeZone: viewer.orgTimeZone,
    builtIn: {
      id: BUILT_IN_TEMPLATE_ID,
      name: BUILT_IN_CHECKLIST.name,
      description: BUILT_IN_CHECKLIST.description,
      sections: BUILT_IN_CHECKLIST.sections.length,
      criteria: BUILT_IN_CHECKLIST.sections.reduce((n, s) => n + s.criteria.length, 0),
    },
    templates,
  };
}

/** Copies the built-in template or one of this buyer's own into a new template, then opens its editor. */
export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin"] });
  const form = await request.formData();
  const source = String(form.get("source") ?? "");
  if (form.get("intent") !== "copy" || !isTemplateId(source)) {
    return data({ formError: "Choose a template to copy." }, { status: 400 });
  }
  const template = await getTemplate(viewer.organisationId, source);
  if (!template) return data({ formError: "That template no longer exists." }, { status: 404 });
  const copyName = `${template.checklist.name} (copy)`.slice(0, NAME_LIMIT);
  try {
    const { location } = await once(form, "template.copy", async (tx) => {
      const row = await createTemplate(
        tx,
        { userId: viewer.userId, organisationId: viewer.organisationId },
        { ...template.checklist, name: copyName },
        template.checklist.name,
      );
      return `/templates/${row.id}/edit`;
    });
    throw redirect(location);
  } catch (error) {
    return failureAnswer(error, null);
  }
}

export default function TemplatesPage() {
  const { builtIn, templates, idempotencyKey, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Checklist templates"
        intro="Weighted checklists your evaluations start from: sections, criteria, rubrics and knockouts. Copy the built-in one and adjust it to your priorities, or start empty."
        actions={
          <Link to="/templates/new" className="btn btn-secondary">
            Start an empty template
          </Link>
        }
      />
      <FormAlert message={actionData?.formError} />
      <section className="card" aria-labelledby="builtin-heading">
        <div className="template-section-head">
          <h2 id="builtin-heading">
            <Link to={`/templates/${builtIn.id}`}>{builtIn.name}</Link>
          </h2>
          <span className="badge badge-neutral">Built in · read-only</span>
        </div>
        <p>{builtIn.description}</p>
        <p className="muted">
          {countOf(builtIn.sections, "section", "sections")} ·{" "}
          {countOf(builtIn.criteria, "criterion", "criteria")}
        </p>
        <div className="editor-actions">
          <Link to={`/templates/${builtIn.id}`} className="btn btn-secondary">
            View checklist
          </Link>
          <CopyTemplateButton source={builtIn.id} name={builtIn.name} idempotencyKey={idempotencyKey} />
        </div>
      </section>

      <section className="spaced" aria-labelledby="own-heading">
        <h2 id="own-heading" className="section-title">
          Your templates
        </h2>
        {templates.length === 0 ? (
          <p className="card muted">
            No templates of your own yet. Copy the built-in checklist to adjust weights, add criteria or
            switch on Commercials.
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table-stack">
              <thead>
                <tr>
                  <th scope="col">Template</th>
                  <th scope="col">Size</th>
                  <th scope="col">Last changed</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {templates.map((t) => (
                  <tr key={t.id}>
                    <td data-label="Template">
                      <Link to={`/templates/${t.id}`}>{t.name}</Link>
                      {t.copiedFrom ? <div className="muted">Copied from {t.copiedFrom}</div> : null}
                    </td>
                    <td data-label="Size">
                      {countOf(t.sections, "section", "sections")} ·{" "}
                      {countOf(t.criteria, "criterion", "criteria")}
                    </td>
                    <td data-label="Last changed">{formatDateTime(t.updatedAt, timeZone)}</td>
                    <td data-label="Actions">
                      <Link to={`/templates/${t.id}/edit`} aria-label={`Edit ${t.name}`}>
                        Edit
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Templates · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
