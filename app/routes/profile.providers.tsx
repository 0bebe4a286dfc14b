import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, reloadAfterConflict, SelectField } from "~/components/forms";
import { type FieldErrors, ListSection } from "~/components/profile/list-section";
import { LABELS, PROVIDERS } from "~/domain/profile";
import { MAX_DEPLOYMENTS } from "~/domain/profile-limits";
import { getPartnerProfile } from "~/models/partner.server";
import { LIST_FIELDS } from "~/models/profile/form.server";
import { providerList } from "~/models/profile/providers.server";
import { listSectionAction } from "~/models/profile/versioned-list.server";
import { profileActor } from "~/models/profile/write.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";
import { newIdempotencyKey } from "~/utils/idempotency.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const profile = found(await getPartnerProfile(viewer.organisationId));
  return {
    idempotencyKey: newIdempotencyKey(),
    providers: PROVIDERS.map((p) => ({ value: p as string, label: LABELS.provider[p] })),
    items: profile.providers.map((p) => ({
      id: p.id,
      version: p.version,
      label: LABELS.provider[p.provider],
      provider: p.provider as string,
      productionDeployments: String(p.productionDeployments),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const form = await request.formData();
  try {
    return await listSectionAction(form, profileActor(viewer), providerList);
  } catch (error) {
    return failureAnswer(error, form, { checked: LIST_FIELDS });
  }
}

export const shouldRevalidate = reloadAfterConflict;

interface Values {
  provider?: string;
  productionDeployments?: string;
}

function ProviderFields({
  values,
  errors,
  providers,
}: {
  values: Values;
  errors: FieldErrors;
  providers: { value: string; label: string }[];
}) {
  return (
    <div className="inline-form">
      <SelectField
        label="Model provider"
        name="provider"
        options={providers}
        defaultValue={values.provider}
        error={errors.provider}
      />
      <Field
        label="Production deployments"
        name="productionDeployments"
        type="number"
        inputMode="numeric"
        required
        min={0}
        max={MAX_DEPLOYMENTS}
        step={1}
        defaultValue={values.productionDeployments}
        error={errors.productionDeployments}
      />
    </div>
  );
}

export default function ProvidersPage() {
  const { items, idempotencyKey, providers } = useLoaderData<typeof loader>();
  return (
    <ListSection
      title="Model providers"
      intro="The providers you have put into production, with how many production deployments on each."
      empty="No model providers yet."
      items={items}
      idempotencyKey={idempotencyKey}
      heading={(item) => item.label}
      badge={(item) => (
        <span className="badge badge-neutral">{item.productionDeployments} in production</span>
      )}
      fields={({ values, errors }) => (
        <ProviderFields values={values} errors={errors} providers={providers} />
      )}
      saveLabel="Save provider"
      deleteLabel={(item) => `Remove ${item.label}`}
      addTitle="Add a model provider"
      addLabel="Add provider"
      inlineFields
    />
  );
}

export const meta: MetaFunction = withErrorTitle(() => [
  { title: "Model providers · Profile · PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
