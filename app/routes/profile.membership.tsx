import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  Field,
  FieldError,
  FormAlert,
  reloadAfterConflict,
  SelectField,
  SubmitButton,
} from "~/components/forms";
import { PageHeader } from "~/components/page";
import { RemoveClaim } from "~/components/profile/remove-claim";
import { LABELS, TIERS, todayUtc } from "~/domain/profile";
import { getPartnerProfile } from "~/models/partner.server";
import { parseProfileForm, unknownIntent, versionShown } from "~/models/profile/form.server";
import { membershipSchema, removeMembership, saveMembership } from "~/models/profile/membership.server";
import { profileActor } from "~/models/profile/write.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";

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
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "save")
      await saveMembership(profileActor(viewer), parseProfileForm(form, membershipSchema));
    else if (intent === "remove") await removeMembership(profileActor(viewer), versionShown(form));
    else unknownIntent();
  } catch (error) {
    return failureAnswer(error, form);
  }
  throw redirect(intent === "save" ? "/profile?saved=membership" : "/profile?removed=membership");
}

export const shouldRevalidate = reloadAfterConflict;

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
        <RemoveClaim
          title="Remove the membership claim"
          open="Remove the claim…"
          explanation="Buyers will see no membership information at all."
          confirm="Yes, remove it"
          version={membership.version}
        />
      ) : null}
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [
  { title: "Network membership · Profile · PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
