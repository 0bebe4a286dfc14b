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
import { ReferenceForm, valuesFromFailure } from "~/components/profile/reference-form";
import { LIST_FIELDS, parseProfileForm, unknownIntent } from "~/models/profile/form.server";
import { referenceFormOptions, referenceList, referenceSchema } from "~/models/profile/references.server";
import { createItem } from "~/models/profile/versioned-list.server";
import { profileActor } from "~/models/profile/write.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, { kind: "partner" });
  return { idempotencyKey: newIdempotencyKey(), options: referenceFormOptions() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const form = await request.formData();
  let location: string;
  try {
    if (form.get("intent") !== "create") unknownIntent();
    const input = parseProfileForm(form, referenceSchema);
    ({ location } = await once(form, "profile.reference", async (tx) => {
      const row = await createItem(tx, profileActor(viewer), referenceList, input);
      return `/profile/references/${row.id}`;
    }));
  } catch (error) {
    return failureAnswer(error, form, { checked: LIST_FIELDS });
  }
  throw redirect(location);
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

export const meta: MetaFunction = withErrorTitle(() => [{ title: "New reference · Profile · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
