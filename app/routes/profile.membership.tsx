import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FieldError, FormAlert, SelectField, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { LABELS, TIERS, todayUtc } from "~/domain/profile";
import { getPartnerProfile } from "~/models/partner.server";
import {
  conflictAnswer,
  membershipSchema,
  parseProfileForm,
  refuse,
  removeMembership,
  saveMembership,
  VersionConflict,
} from "~/models/profile.server";
import { authorize, found } from "~/utils/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const profile = found(await getPartnerProfile(viewer.organisationId));
  const m = profile.membership;
  return {
    membership: m
      ? {
          tier: m.tier as string,
          memberSince: m.memberSince ?? "",
          forwardDeployedExperts: m.forwardDeployedExperts,
          version: m.version,
        }
      : undefined,
    tiers: TIERS.map((t) => ({ value: t, label: LABELS.tier[t] })),
    today: todayUtc(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "save") {
      const parsed = parseProfileForm(form, membershipSchema);
      if (!parsed.ok) return parsed.response;
      await saveMembership(actor, parsed.data);
      throw redirect("/profile?saved=membership");
    }
    if (intent === "remove") {
      const version = Number(form.get("version"));
      if (!Number.isInteger(version) || version < 1) return refuse(form, { version: "Reload the page." });
      const removed = await removeMembership(actor, version);
      if (!removed)
        return conflictAnswer(form, "There was no membership claim to remove: someone removed it already.");
      throw redirect("/profile?removed=membership");
    }
  } catch (error) {
    if (error instanceof VersionConflict) return conflictAnswer(form, error.message);
    throw error;
  }
  return refuse(form, {}, "Unknown action.");
}

/** After a version conflict (409) the page reloads, so the form carries the other person's version. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function MembershipPage() {
  const { membership, tiers, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && "errors" in actionData ? actionData : undefined;
  const errors: Record<string, string | undefined> = failed?.errors ?? {};
  const values: Record<string, string> | undefined =
    failed?.values.intent === "save" ? failed.values : undefined;
  return (
    <>
      <p>
        <Link to="/profile">← Profile</Link>
      </p>
      <PageHeader
        title="Network membership"
        intro="Your tier in the partner network. “Not a member” is a claim too; remove the claim to say nothing."
      />
      <section className="card">
        <FormAlert message={failed?.formError} />
        <Form method="post" key={membership?.version ?? 0}>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="version" value={membership?.version ?? ""} />
          <div className="profile-form-grid">
            <SelectField
              label="Tier"
              name="tier"
              options={tiers}
              defaultValue={values?.tier ?? membership?.tier ?? "select"}
              error={errors.tier}
            />
            <Field
              label="Member since"
              name="memberSince"
              type="date"
              max={today}
              defaultValue={values?.memberSince ?? membership?.memberSince}
              error={errors.memberSince}
            />
          </div>
          <div className="field">
            <label className="profile-check">
              <input
                type="checkbox"
                name="forwardDeployedExperts"
                defaultChecked={
                  values
                    ? values.forwardDeployedExperts === "on"
                    : (membership?.forwardDeployedExperts ?? false)
                }
              />
              <span>We take part in the Forward Deployed Experts track</span>
            </label>
            <FieldError error={errors.forwardDeployedExperts} />
          </div>
          <SubmitButton pendingText="Saving…">
            {membership ? "Save membership" : "Add membership"}
          </SubmitButton>
        </Form>
      </section>
      {membership ? (
        <section className="card danger-zone" aria-labelledby="remove-title">
          <h2 id="remove-title">Remove the membership claim</h2>
          <details className="confirm">
            <summary className="btn btn-secondary">Remove the claim…</summary>
            <Form method="post" className="confirm-body">
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="version" value={membership.version} />
              <p>Buyers will see no membership information at all.</p>
              <button type="submit" className="btn btn-danger">
                Yes, remove it
              </button>
            </Form>
          </details>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Network membership · Profile · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
