import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, reloadAfterConflict } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { ReferenceForm, valuesFromFailure } from "~/components/profile/reference-form";
import { getPartnerProfile } from "~/models/partner.server";
import { itemRef, LIST_FIELDS, parseProfileForm, unknownIntent } from "~/models/profile/form.server";
import { referenceFormOptions, referenceList, referenceSchema } from "~/models/profile/references.server";
import { deleteItem, updateItem } from "~/models/profile/versioned-list.server";
import { profileActor } from "~/models/profile/write.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const profile = found(await getPartnerProfile(viewer.organisationId));
  const r = found(profile.references.find((x) => x.id === params.referenceId));
  return {
    reference: {
      id: r.id,
      version: r.version,
      customer: r.customer,
      industry: r.industry,
      sizeBand: r.sizeBand as string,
      useCase: r.useCase as string,
      status: r.status as string,
      goLiveOn: r.goLiveOn ?? "",
      providers: r.providers as string[],
      referenceContact: r.referenceContact,
      summary: r.summary ?? "",
      outcomes: r.outcomes.map((o) => ({
        metric: o.metric,
        baseline: String(o.baseline),
        result: String(o.result),
        unit: o.unit,
      })),
    },
    options: referenceFormOptions(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const form = await request.formData();
  const intent = form.get("intent");
  const ref = { ...itemRef(form), id: params.referenceId ?? "" };
  try {
    if (intent === "save") {
      const input = parseProfileForm(form, referenceSchema);
      await updateItem(profileActor(viewer), referenceList, ref, input);
      return { ok: true as const, message: `Reference “${input.customer}” saved.` };
    }
    if (intent !== "delete") unknownIntent();
    await deleteItem(profileActor(viewer), referenceList, ref);
  } catch (error) {
    return failureAnswer(error, form, { checked: LIST_FIELDS });
  }
  throw redirect("/profile/references");
}

export const shouldRevalidate = reloadAfterConflict;

export default function ReferencePage() {
  const { reference, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && "errors" in actionData ? actionData : undefined;
  const saving = failed?.values.intent === "save" ? failed : undefined;
  return (
    <>
      <p>
        <Link to="/profile/references">← Reference deployments</Link>
      </p>
      <PageHeader title={reference.customer} intro="A reference deployment and its measured outcomes." />
      {actionData && "message" in actionData ? (
        <div className="alert alert-info" role="status">
          {actionData.message}
        </div>
      ) : null}
      <ReferenceForm
        key={reference.version}
        values={saving ? valuesFromFailure(saving, options.outcomeRows) : reference}
        errors={saving?.errors ?? {}}
        formError={saving?.formError}
        options={options}
        submitLabel="Save reference"
        hidden={
          <>
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="version" value={reference.version} />
          </>
        }
      />
      <section className="card danger-zone spaced" aria-labelledby="delete-title">
        <h2 id="delete-title">Delete this reference</h2>
        <FormAlert message={failed?.values.intent === "delete" ? failed.formError : undefined} />
        <details className="confirm">
          <summary className="btn btn-secondary">Delete “{reference.customer}”…</summary>
          <Form method="post" className="confirm-body">
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="version" value={reference.version} />
            <p>Its measured outcomes go with it.</p>
            <button type="submit" className="btn btn-danger">
              Yes, delete it
            </button>
          </Form>
        </details>
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `${data?.reference.customer ?? "Reference"} · Profile · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
