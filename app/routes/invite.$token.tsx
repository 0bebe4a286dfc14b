import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InvitedPersonFields } from "~/components/auth/invited-person-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, SubmitButton } from "~/components/forms";
import { acceptInvitationAndSignIn, acceptSchema, findInvitation } from "~/models/invitations.server";
import { UnknownLink } from "~/models/team.server";
import { optionalViewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, InputError } from "~/utils/errors.server";
import { maskEmail } from "~/utils/format";
import { invalid, parseForm } from "~/utils/forms.server";
import { roleLabel } from "~/utils/roles";
import { failedLink, guardLinks } from "~/utils/throttle.server";

/** "p•••@scmutual.example": enough for the right person to recognise, not enough to read off the link. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await guardLinks(context.clientIp);
  const invitation = await findInvitation(params.token ?? "");
  if (!invitation) {
    await failedLink(context.clientIp);
    throw data(
      { message: "This invitation link is not valid. Check that you copied all of it." },
      { status: 404 },
    );
  }
  const viewer = await optionalViewer(request);
  return {
    status: invitation.status,
    orgName: invitation.organisation.name,
    role: roleLabel(invitation.organisation.kind, invitation.role),
    emailHint: maskEmail(invitation.email),
    account: invitation.account,
    signedInAs: viewer?.email ?? null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  await guardLinks(context.clientIp);
  const form = await request.formData();
  const parsed = parseForm(form, acceptSchema);
  if (!parsed.ok) return parsed.response;
  try {
    const cookie = await acceptInvitationAndSignIn(
      token,
      parsed.data,
      request,
      context.clientIp ?? "unknown",
    );
    throw redirect("/", { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    // A wrong address or password reads beside its field, like the schema's own messages.
    if (error instanceof InputError) return invalid(form, error.errors, error.formError);
    if (error instanceof UnknownLink) await failedLink(context.clientIp);
    // A closed invitation: nothing typed is shown again.
    return failureAnswer(error, null);
  }
}

export default function InvitePage() {
  const invite = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  const closed =
    invite.status === "accepted"
      ? "This invitation has already been used."
      : invite.status === "revoked"
        ? "This invitation was revoked. Ask your admin for a new one."
        : invite.status === "expired"
          ? "This invitation has expired. Ask your admin for a new one."
          : invite.account === "member-elsewhere"
            ? "You already have a PartnerLens account in another organisation, and a person can belong to only one. Ask your admin to invite another address, or leave your current organisation first."
            : undefined;
  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="invite-title">
        <h1 id="invite-title">Join {invite.orgName}</h1>
        <p className="hint">
          You are invited as <strong>{invite.role}</strong>. The invitation is for {invite.emailHint}.
        </p>
        {closed ? (
          <>
            <div className="alert alert-error" role="alert">
              {closed}
            </div>
            <p className="auth-alt">
              <Link to="/">Go to PartnerLens</Link>
            </p>
          </>
        ) : (
          <>
            {invite.signedInAs ? (
              <div className="alert alert-info" role="status">
                You are signed in as {invite.signedInAs}. Accepting signs you in as the invited person
                instead.
              </div>
            ) : null}
            <FormAlert message={actionData?.formError} />
            <Form method="post">
              <InvitedPersonFields
                account={invite.account}
                emailHint="The address the invitation was made for."
                values={values}
                errors={errors}
              />
              <SubmitButton pendingText="Joining…" className="btn btn-primary btn-block">
                Accept and join
              </SubmitButton>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Invitation · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
