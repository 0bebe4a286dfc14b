import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, SelectField, SubmitButton } from "~/components/forms";
import { OneTimeLink } from "~/components/one-time-link";
import { PageHeader } from "~/components/page";
import { getMember } from "~/models/member.server";
import { issuePasswordReset } from "~/models/password-resets.server";
import { changeRole, ROLES_BY_KIND, removeMember, roleChangeSchema } from "~/models/team.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";
import { formatDate, plural } from "~/utils/format";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";
import { roleLabel } from "~/utils/roles";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { roles: ["admin"] });
  const member = found(
    await getMember({ organisationId: viewer.organisationId, membershipId: params.memberId ?? "" }),
  );
  return {
    member: {
      id: member.id,
      name: member.name,
      email: member.email,
      role: member.role,
      roleLabel: roleLabel(viewer.orgKind, member.role),
      version: member.version,
      joined: formatDate(member.joinedAt, viewer.orgTimeZone),
      activeSessions: member.activeSessions,
      isYou: member.userId === viewer.userId,
    },
    roles: ROLES_BY_KIND[viewer.orgKind].map((r) => ({ value: r, label: roleLabel(viewer.orgKind, r) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { roles: ["admin"] });
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId, orgKind: viewer.orgKind };
  // Another organisation's member is a 404 before anything else is looked at.
  const member = found(
    await getMember({ organisationId: viewer.organisationId, membershipId: params.memberId ?? "" }),
  );
  const membershipId = member.id;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "role") {
      const parsed = parseForm(form, roleChangeSchema(viewer.orgKind));
      if (!parsed.ok) return parsed.response;
      const changed = await changeRole(actor, membershipId, parsed.data);
      if (!changed) notFound();
      const message =
        changed.from === changed.to
          ? "The role was already that: nothing changed."
          : `Role changed from ${roleLabel(viewer.orgKind, changed.from)} to ${roleLabel(viewer.orgKind, changed.to)}.`;
      return { intent, ok: true as const, message };
    }
    if (intent === "remove") {
      const removed = await removeMember(actor, membershipId, Number(form.get("version")));
      if (!removed) notFound();
      // Removing oneself ends one's own session: the sign-in page is where that leads.
      throw redirect(removed.self ? "/login" : "/members");
    }
    if (intent === "reset") {
      const issued = await issuePasswordReset(actor, membershipId);
      if (!issued) notFound();
      const link = `${new URL(request.url).origin}/reset/${issued.token}`;
      return { intent, ok: true as const, link, name: issued.name };
    }
  } catch (error) {
    // A stale version or the last admin: the message says which; nothing typed needs showing again.
    return failureAnswer(error, null);
  }
  return invalid(form, {}, "Unknown action.");
}

export default function MemberPage() {
  const { member, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData && "intent" in actionData ? actionData : undefined;
  const roleErrors: Record<string, string | undefined> =
    actionData && "errors" in actionData ? actionData.errors : {};
  return (
    <>
      <p>
        <Link to="/members">← Members</Link>
      </p>
      <PageHeader title={member.name} intro={member.email} />
      {result && "message" in result ? (
        <div className="alert alert-info" role="status">
          {result.message}
        </div>
      ) : null}
      <FormAlert message={actionData && "formError" in actionData ? actionData.formError : undefined} />
      {result && "link" in result && result.link ? (
        <OneTimeLink
          label={`Password reset link for ${result.name}`}
          url={result.link}
          note="Valid for one hour, once. Copy it now: it is shown only once. Using it ends all of their sessions."
        />
      ) : null}
      <div className="grid">
        <section className="card" aria-labelledby="member-facts">
          <h2 id="member-facts">Membership</h2>
          <dl className="facts">
            <dt>Role</dt>
            <dd>{member.roleLabel}</dd>
            <dt>Joined</dt>
            <dd>{member.joined}</dd>
            <dt>Signed in on</dt>
            <dd>
              {member.activeSessions === 0
                ? "Not signed in anywhere"
                : plural(member.activeSessions, "device", "devices")}
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="role-title">
          <h2 id="role-title">Change role</h2>
          <Form method="post" className="inline-form" key={`${member.role}-${member.version}`}>
            <input type="hidden" name="intent" value="role" />
            <input type="hidden" name="version" value={member.version} />
            <SelectField
              label="Role"
              name="role"
              options={roles}
              defaultValue={member.role}
              error={roleErrors.role}
            />
            <SubmitButton pendingText="Saving…">Save role</SubmitButton>
          </Form>
        </section>
      </div>
      {member.role !== "admin" ? (
        <section className="card" aria-labelledby="reset-title">
          <h2 id="reset-title">Password reset</h2>
          <p className="hint">
            If {member.name} forgot their password, issue a one-time link (valid one hour) and send it to
            them.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="reset" />
            <SubmitButton pendingText="Issuing…" className="btn btn-secondary">
              Issue a reset link
            </SubmitButton>
          </Form>
        </section>
      ) : null}
      <section className="card danger-zone" aria-labelledby="remove-title">
        <h2 id="remove-title">Remove from the organisation</h2>
        <p className="hint">
          {member.isYou
            ? "You will be signed out at once and lose access."
            : `${member.name} is signed out at once and loses access.`}{" "}
          Their past work stays in the record.
        </p>
        <details className="confirm">
          <summary className="btn btn-secondary">Remove {member.isYou ? "myself" : member.name}…</summary>
          <Form method="post" className="confirm-body">
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="version" value={member.version} />
            <p>Are you sure? This cannot be undone; they would need a new invitation.</p>
            <button type="submit" className="btn btn-danger">
              Yes, remove {member.isYou ? "myself" : member.name}
            </button>
          </Form>
        </details>
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `${data?.member.name ?? "Member"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
