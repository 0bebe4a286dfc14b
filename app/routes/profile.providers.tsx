import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, IdempotencyField, SelectField, SubmitButton } from "~/components/forms";
import { ItemEditor } from "~/components/item-editor";
import { PageHeader } from "~/components/page";
import { LABELS, PROVIDERS, type Provider } from "~/domain/profile";
import { MAX_DEPLOYMENTS } from "~/domain/profile-limits";
import { getPartnerProfile } from "~/models/partner.server";
import {
  createProvider,
  deleteProvider,
  itemSectionAction,
  providerSchema,
  updateProvider,
} from "~/models/profile.server";
import { authorize, found } from "~/utils/access.server";
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
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  return itemSectionAction(await request.formData(), {
    scope: "profile.provider",
    listPath: "/profile/providers",
    schema: providerSchema,
    noun: "provider",
    describeInput: (d) => LABELS.provider[d.provider],
    describe: (p: { provider: Provider }) => LABELS.provider[p.provider],
    removedWord: "removed",
    create: (tx, data) => createProvider(tx, actor, data),
    update: (ref, data) => updateProvider(actor, ref, data),
    remove: (ref) => deleteProvider(actor, ref),
  });
}

/** After a version conflict (409) the page reloads, so the forms carry the other person's version. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

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
  errors: Record<string, string | undefined>;
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
  const actionData = useActionData<typeof action>();
  const failed = actionData && "errors" in actionData ? actionData : undefined;
  const done = actionData && "message" in actionData ? actionData : undefined;
  const errorsFor = (intent: string, id?: string) =>
    failed && failed.values.intent === intent && (id === undefined || failed.values.id === id)
      ? {
          errors: failed.errors as Record<string, string | undefined>,
          values: failed.values as Values,
          formError: failed.formError,
        }
      : undefined;
  const creating = errorsFor("create");
  return (
    <>
      <p>
        <Link to="/profile">← Profile</Link>
      </p>
      <PageHeader
        title="Model providers"
        intro="The providers you have put into production, with how many production deployments on each."
      />
      {done ? (
        <div className="alert alert-info" role="status">
          {done.message}
        </div>
      ) : null}
      {items.length === 0 ? <p className="muted">No model providers yet.</p> : null}
      {items.map((item) => {
        const editing = errorsFor("update", item.id) ?? errorsFor("delete", item.id);
        return (
          <section
            key={item.id}
            id={`item-${item.id}`}
            className="card profile-item"
            aria-labelledby={`t-${item.id}`}
          >
            <div className="profile-item-head">
              <h2 id={`t-${item.id}`}>{item.label}</h2>
              <span className="badge badge-neutral">{item.productionDeployments} in production</span>
            </div>
            <ItemEditor
              id={item.id}
              version={item.version}
              open={Boolean(editing)}
              formError={editing?.formError}
              saveLabel="Save provider"
              deleteLabel={`Remove ${item.label}`}
            >
              <ProviderFields
                values={editing?.values.provider !== undefined ? editing.values : item}
                errors={editing?.errors ?? {}}
                providers={providers}
              />
            </ItemEditor>
          </section>
        );
      })}
      <section className="card spaced" aria-labelledby="add-title">
        <h2 id="add-title">Add a model provider</h2>
        <FormAlert message={creating?.formError} />
        <Form method="post" key={idempotencyKey}>
          <IdempotencyField value={idempotencyKey} />
          <input type="hidden" name="intent" value="create" />
          <ProviderFields
            values={creating?.values ?? {}}
            errors={creating?.errors ?? {}}
            providers={providers}
          />
          <p>
            <SubmitButton pendingText="Adding…">Add provider</SubmitButton>
          </p>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Model providers · Profile · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
