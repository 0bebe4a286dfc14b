import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SupersededVersions } from "~/components/builtin-edition";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { CopyTemplateForm, CopyTemplateLink, type TemplateCopyView } from "~/components/template-copy";
import {
  BUILT_IN_VERSIONS,
  type BuiltInVersion,
  builtInVersion,
  CURRENT_BUILT_IN,
} from "~/domain/builtin-versions";
import type { Checklist } from "~/domain/checklist";
import { listTemplates } from "~/models/template.server";
import { copyDefaults, copyTemplate, templateCopySchema } from "~/models/template-copy.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";
import { formatDateTime, plural } from "~/utils/format";
import { parseForm } from "~/utils/forms.server";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";

const size = (checklist: Checklist) => ({
  sections: checklist.sections.length,
  criteria: checklist.sections.reduce((n, s) => n + s.criteria.length, 0),
});

/** A built-in version as the list shows it. */
const builtInRow = (v: BuiltInVersion) => ({
  id: v.id,
  version: v.version,
  name: v.checklist.name,
  label: v.label,
  description: v.checklist.description,
  ...size(v.checklist),
  supersededBy: v.supersededBy ? (builtInVersion(v.supersededBy)?.version ?? null) : null,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin"] });
  const templates = await listTemplates(viewer.organisationId);
  // `?copy=<id>` opens the copy form for a version of the built-in template or one of this buyer's own; nothing is
  // stored yet.
  const copy = new URL(request.url).searchParams.get("copy");
  const source = copy
    ? (builtInVersion(copy)?.label ?? templates.find((t) => t.id === copy)?.name)
    : undefined;
  return {
    idempotencyKey: newIdempotencyKey(),
    timeZone: viewer.orgTimeZone,
    builtIn: builtInRow(CURRENT_BUILT_IN),
    superseded: BUILT_IN_VERSIONS.filter((v) => v.supersededBy !== null).map(builtInRow),
    templates,
    copy: copy && source ? { source: copy, sourceName: source, values: copyDefaults(source) } : null,
  };
}

/**
 * Copies the built-in template or one of this buyer's own into a new template under the name (and description) the
 * copy form gives, then opens its editor. Both template pages post their copy form here.
 */
export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin"] });
  const form = await request.formData();
  const parsed = parseForm(form, templateCopySchema);
  if (!parsed.ok) return parsed.response;
  try {
    const { location } = await once(form, "template.copy", async (tx) => {
      const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
      const row = await copyTemplate(tx, actor, parsed.data);
      return `/templates/${row.id}/edit`;
    });
    throw redirect(location);
  } catch (error) {
    return failureAnswer(error, form);
  }
}

/** The copy form to show: the one `?copy=` opened, or the one whose copy was just refused, with what was typed. */
function openCopy(
  loaded: ReturnType<typeof useLoaderData<typeof loader>>,
  answer: ReturnType<typeof useActionData<typeof action>>,
): TemplateCopyView | null {
  const typed: Record<string, string | undefined> = answer?.values ?? {};
  if (!answer || !typed.source) return loaded.copy;
  const source = [loaded.builtIn, ...loaded.superseded, ...loaded.templates].find(
    (t) => t.id === typed.source,
  );
  return {
    source: typed.source,
    sourceName: source ? ("label" in source ? source.label : source.name) : "the template",
    values: { name: typed.name ?? "", description: typed.description ?? "" },
    errors: answer.errors,
    formError: answer.formError,
  };
}

export default function TemplatesPage() {
  const loaded = useLoaderData<typeof loader>();
  const { builtIn, superseded, templates, idempotencyKey, timeZone } = loaded;
  const actionData = useActionData<typeof action>();
  const copy = openCopy(loaded, actionData);
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
      {copy ? (
        <CopyTemplateForm copy={copy} cancelHref="/templates" idempotencyKey={idempotencyKey} />
      ) : (
        <FormAlert message={actionData?.formError} />
      )}
      <section className="card" aria-labelledby="builtin-heading">
        <div className="template-section-head">
          <h2 id="builtin-heading">
            <Link to={`/templates/${builtIn.id}`}>{builtIn.name}</Link>
          </h2>
          <span className="badge badge-neutral">Built in · read-only · version {builtIn.version}</span>
        </div>
        <p>{builtIn.description}</p>
        <p className="muted">
          {plural(builtIn.sections, "section", "sections")} ·{" "}
          {plural(builtIn.criteria, "criterion", "criteria")}
        </p>
        <div className="editor-actions">
          <Link to={`/templates/${builtIn.id}`} className="btn btn-secondary">
            View checklist
          </Link>
          <CopyTemplateLink name={builtIn.label} href={`/templates?copy=${builtIn.id}`} />
        </div>
        <SupersededVersions versions={superseded} />
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
                      {plural(t.sections, "section", "sections")} ·{" "}
                      {plural(t.criteria, "criterion", "criteria")}
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

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Templates · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
