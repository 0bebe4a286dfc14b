import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IdempotencyField } from "~/components/forms";
import { PageHeader } from "~/components/page";
import {
  createReference,
  parseProfileForm,
  referenceFormOptions,
  referenceSchema,
  refuse,
} from "~/models/profile.server";
import { authorize } from "~/utils/access.server";
import { MissingIdempotencyKey, newIdempotencyKey, once } from "~/utils/idempotency.server";
import { ReferenceForm, valuesFromFailure } from "./profile.references.$referenceId/reference-form";

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, { kind: "partner" });
  return { idempotencyKey: newIdempotencyKey(), options: referenceFormOptions() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  const form = await request.formData();
  if (form.get("intent") !== "create") return refuse(form, {}, "Unknown action.");
  const parsed = parseProfileForm(form, referenceSchema);
  if (!parsed.ok) return parsed.response;
  try {
    const { location } = await once(form, "profile.reference", async (tx) => {
      const row = await createReference(tx, actor, parsed.data);
      return `/profile/references/${row.id}`;
    });
    throw redirect(location);
  } catch (error) {
    if (error instanceof MissingIdempotencyKey) return refuse(form, {}, "This form expired. Send it again.");
    throw error;
  }
}

const EMPTY = {
  customer: "",
  industry: "",
  sizeBand: "1k-5k",
  useCase: "customer_service",
  status: "production",
  goLiveOn: "",
  providers: [],
  referenceContact: false,
  summary: "",
  outcomes: [],
};

export default function NewReferencePage() {
  const { idempotencyKey, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && "errors" in actionData ? actionData : undefined;
  return (
    <>
      <p>
        <Link to="/profile/references">← Reference deployments</Link>
      </p>
      <PageHeader
        title="Add a reference deployment"
        intro="A deployment buyers can weigh: who, what, how big, which providers, and what it measurably changed."
      />
      <ReferenceForm
        values={failed ? valuesFromFailure(failed, options.outcomeRows) : EMPTY}
        errors={failed?.errors ?? {}}
        formError={failed?.formError}
        options={options}
        submitLabel="Add reference"
        hidden={
          <>
            <IdempotencyField value={idempotencyKey} />
            <input type="hidden" name="intent" value="create" />
          </>
        }
      />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "New reference · Profile · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
