import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { InvitedPersonFields } from "~/components/auth/invited-person-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, SelectField, SubmitButton } from "~/components/forms";
import { possessive } from "~/domain/words";
import { findPartnerInvitation, joinSchema } from "~/models/partner-invitations.server";
import {
  acceptPartnerInvitationAndSignIn,
  closedInvitationMessage,
  MEMBER_ELSEWHERE_MESSAGE,
} from "~/models/partner-join.server";
import { UnknownLink } from "~/models/team.server";
import { optionalViewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, InputError } from "~/utils/errors.server";
import { maskEmail } from "~/utils/format";
import { invalid, parseForm } from "~/utils/forms.server";
import { MAX_ORG_NAME_LENGTH } from "~/utils/limits";
import { failedLink, guardLinks } from "~/utils/throttle.server";

/** "p•••@bluegum.example": enough for the right person to recognise, not enough to read off the link. */
/** Reads the link; never acts (mail scanners follow links): the page's button posts. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await guardLinks(context.clientIp);
  const invitation = await findPartnerInvitation(params.token ?? "");
  if (!invitation) {
    await failedLink(context.clientIp);
    throw data(
      { message: "This invitation link is not valid. Check that you copied all of it." },
      { status: 404 },
    );
  }
  const viewer = await optionalViewer(request);
  return {
    closed:
      closedInvitationMessage(invitation.status) ??
      (invitation.account === "member-elsewhere" ? MEMBER_ELSEWHERE_MESSAGE : null),
    buyerName: invitation.buyerName,
    inviterName: invitation.inviterName,
    evaluationName: invitation.evaluationName,
    companyName: invitation.companyName,
    emailHint: maskEmail(invitation.contactEmail),
    account: invitation.account,
    signedInAs: viewer?.email ?? null,
    timeZones: ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")],
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  await guardLinks(context.clientIp);
  const form = await request.formData();
  const parsed = parseForm(form, joinSchema);
  if (!parsed.ok) return parsed.response;
  let cookie: string;
  try {
    ({ cookie } = await acceptPartnerInvitationAndSignIn(
      token,
      parsed.data,
      request,
      context.clientIp ?? "unknown",
    ));
  } catch (error) {
    // A wrong address, a taken company name or a weak password reads beside its field, with what was typed.
    if (error instanceof InputError) return invalid(form, error.errors, error.formError);
    if (error instanceof UnknownLink) await failedLink(context.clientIp);
    // A closed invitation: nothing typed is shown again.
    return failureAnswer(error, null);
  }
  throw redirect("/profile", { headers: { "Set-Cookie": cookie } });
}

export default function JoinPage() {
  const invite = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  const zoneRef = useRef<HTMLDivElement>(null);

  // With JavaScript, start from the browser's own time zone unless the person already chose one (as on sign-up).
  useEffect(() => {
    if (values.timeZone) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const select = zoneRef.current?.querySelector("select");
    if (select && zone && invite.timeZones.includes(zone)) select.value = zone;
  }, [values.timeZone, invite.timeZones]);

  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="join-title">
        <h1 id="join-title">Create {possessive(invite.companyName)} partner profile</h1>
        <p className="hint">
          {invite.inviterName ? `${invite.inviterName} of ` : ""}
          {invite.buyerName} invited your company to the evaluation “{invite.evaluationName}” on PartnerLens.
          Joining creates your company's partner profile, with you as its admin, and puts it on that
          evaluation's shortlist. The invitation is for {invite.emailHint}.
        </p>
        {invite.closed ? (
          <>
            <div className="alert alert-error" role="alert">
              {invite.closed}
            </div>
            <p className="auth-alt">
              <Link to="/">Go to PartnerLens</Link>
            </p>
          </>
        ) : (
          <>
            {invite.signedInAs ? (
              <div className="alert alert-info" role="status">
                You are signed in as {invite.signedInAs}. Joining signs you in as the invited person instead.
              </div>
            ) : null}
            <FormAlert message={actionData?.formError} />
            <Form method="post">
              <Field
                label="Company name"
                name="companyName"
                autoComplete="organization"
                required
                minLength={2}
                maxLength={MAX_ORG_NAME_LENGTH}
                hint="As it should read in the directory: correct it if needed."
                defaultValue={values.companyName ?? invite.companyName}
                error={errors.companyName}
              />
              <div ref={zoneRef}>
                <SelectField
                  label="Time zone"
                  name="timeZone"
                  hint="Your reminders arrive in the morning of this time zone."
                  options={invite.timeZones.map((z) => ({ value: z, label: z.replaceAll("_", " ") }))}
                  defaultValue={values.timeZone ?? "UTC"}
                  error={errors.timeZone}
                />
              </div>
              <InvitedPersonFields
                account={invite.account}
                emailHint="The address the invitation was sent to."
                values={values}
                errors={errors}
              />
              <SubmitButton pendingText="Creating…" className="btn btn-primary btn-block">
                Create the partner profile
              </SubmitButton>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Partner invitation · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
