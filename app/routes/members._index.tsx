import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, IdempotencyField, SelectField, SubmitButton } from "~/components/forms";
import { OneTimeLink } from "~/components/one-time-link";
import { PageHeader } from "~/components/page";
import { Badge, type BadgeTone } from "~/components/ui/badge";
import {
  createInvitation,
  type InvitationStatus,
  inviteSchema,
  listInvitations,
  revokeInvitation,
} from "~/models/invitations.server";
import { listMembers } from "~/models/member.server";
import { ROLES_BY_KIND } from "~/models/team.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, InputError } from "~/utils/errors.server";
import { formatDate } from "~/utils/format";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";
import { MAX_EMAIL_LENGTH } from "~/utils/limits";
import { roleLabel } from "~/utils/roles";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { roles: ["admin"] });
  const [members, invitations] = await Promise.all([
    listMembers({ organisationId: viewer.organisationId }),
    listInvitations({ organisationId: viewer.organisationId }),
  ]);
  const tz = viewer.orgTimeZone;
  return {
    orgName: viewer.orgName,
    idempotencyKey: newIdempotencyKey(),
    roles: ROLES_BY_KIND[viewer.orgKind].map((r) => ({ value: r, label: roleLabel(viewer.orgKind, r) })),
    // The least surprising default: never admin.
    defaultRole: viewer.orgKind === "buyer" ? "evaluator" : "member",
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      email: m.email,
      role: roleLabel(viewer.orgKind, m.role),
      joined: formatDate(m.joinedAt, tz),
      isYou: m.userId === viewer.userId,
    })),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: roleLabel(viewer.orgKind, i.role),
      status: i.status,
      invitedBy: i.invitedBy ?? "—",
      sent: formatDate(i.createdAt, tz),
      expires: formatDate(i.expiresAt, tz),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { roles: ["admin"] });
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId, orgKind: viewer.orgKind };
  const form = await request.formData();
  const intent = form.get("intent");

  if (intent === "revoke") {
    let result: Awaited<ReturnType<typeof revokeInvitation>>;
    try {
      result = await revokeInvitation(actor, String(form.get("invitationId") ?? ""));
    } catch (error) {
      return failureAnswer(error, null);
    }
    if (result === "not-found") notFound();
    return { intent, ok: true as const, message: "Invitation revoked: its link no longer works." };
  }

  if (intent === "invite") {
    const parsed = parseForm(form, inviteSchema(viewer.orgKind));
    if (!parsed.ok) return parsed.response;
    let token: string | undefined;
    try {
      const { replayed } = await once(form, "invite", async (tx) => {
        const created = await createInvitation(tx, actor, parsed.data);
        token = created.token;
        return `/members#invitation-${created.id}`;
      });
      if (replayed || !token) {
        return {
          intent,
          ok: true as const,
          message:
            "This invitation was already created by an earlier submission of the form. If you did not copy its link, revoke it and invite again.",
        };
      }
      const link = `${new URL(request.url).origin}/invite/${token}`;
      return { intent, ok: true as const, email: parsed.data.email, link };
    } catch (error) {
      // A member's or a pending invitation's address reads beside the field, like the schema's own messages.
      if (error instanceof InputError) return invalid(form, error.errors, error.formError);
      return failureAnswer(error, form);
    }
  }
  return invalid(form, {}, "Unknown action.");
}

const INVITATION_LABELS = {
  pending: "Pending",
  accepted: "Accepted",
  revoked: "Revoked",
  expired: "Expired",
} as const satisfies Record<InvitationStatus, string>;

const INVITATION_TONES = {
  pending: "info",
  accepted: "success",
  revoked: "neutral",
  expired: "neutral",
} as const satisfies Record<InvitationStatus, BadgeTone>;

export default function MembersPage() {
  const { orgName, members, invitations } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Members"
        intro={`Everyone in ${orgName}, their role, and the people you have invited.`}
      />

      <InviteSection />

      <MembersTable orgName={orgName} members={members} />

      <InvitationsTable invitations={invitations} />
    </>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

/** The invitation form, with the link just created (shown once) or why it was refused. */
function InviteSection() {
  const { roles, defaultRole, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const inviteFailed = actionData && "errors" in actionData ? actionData : undefined;
  const errors: Record<string, string | undefined> = inviteFailed?.errors ?? {};
  const values: Record<string, string> = inviteFailed?.values ?? {};
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <p className="hint">
        There is no e-mail from PartnerLens: you get a link to send them yourself. It works once, for that
        address only, for 7 days.
      </p>
      {actionData && "link" in actionData && actionData.link ? (
        <OneTimeLink
          label={`Invitation link for ${actionData.email}`}
          url={actionData.link}
          note="Copy it now: for your security it is shown only once."
        />
      ) : null}
      {actionData && "message" in actionData && actionData.message ? (
        <div className="alert alert-info" role="status">
          {actionData.message}
        </div>
      ) : null}
      <FormAlert message={actionData && "formError" in actionData ? actionData.formError : undefined} />
      <Form method="post" className="inline-form" key={idempotencyKey}>
        <IdempotencyField value={idempotencyKey} />
        <input type="hidden" name="intent" value="invite" />
        <Field
          label="E-mail"
          name="email"
          type="email"
          required
          maxLength={MAX_EMAIL_LENGTH}
          defaultValue={values.email}
          error={errors.email}
        />
        <SelectField
          label="Role"
          name="role"
          options={roles}
          defaultValue={values.role ?? defaultRole}
          error={errors.role}
        />
        <SubmitButton pendingText="Creating link…">Create invitation link</SubmitButton>
      </Form>
    </section>
  );
}

function MembersTable({ orgName, members }: Pick<Loaded, "orgName" | "members">) {
  return (
    <>
      <div className="section-title">
        <h2>People</h2>
        <span className="muted">{members.length} members</span>
      </div>
      <div className="table-wrap">
        <table className="table-stack">
          <caption className="visually-hidden">Members of {orgName}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td data-label="Name">
                  <span>
                    <Link to={`/members/${m.id}`}>{m.name}</Link>{" "}
                    {m.isYou ? <span className="badge-neutral badge">you</span> : null}
                  </span>
                </td>
                <td data-label="E-mail">{m.email}</td>
                <td data-label="Role">{m.role}</td>
                <td data-label="Joined">{m.joined}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function InvitationsTable({ invitations }: Pick<Loaded, "invitations">) {
  return (
    <>
      <div className="section-title">
        <h2>Invitations</h2>
        <span className="muted">{invitations.filter((i) => i.status === "pending").length} pending</span>
      </div>
      {invitations.length === 0 ? (
        <p className="muted">No invitations yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table-stack">
            <caption className="visually-hidden">Invitations</caption>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Sent</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id} id={`invitation-${i.id}`}>
                  <td data-label="E-mail">{i.email}</td>
                  <td data-label="Role">{i.role}</td>
                  <td data-label="Status">
                    <Badge tone={INVITATION_TONES[i.status]}>{INVITATION_LABELS[i.status]}</Badge>
                  </td>
                  <td data-label="Sent">
                    <span>
                      {i.sent} <span className="muted">by {i.invitedBy}</span>
                    </span>
                  </td>
                  <td data-label="Expires">
                    {i.status === "pending" || i.status === "expired" ? i.expires : "—"}
                  </td>
                  <td data-label="">
                    {i.status === "pending" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="invitationId" value={i.id} />
                        <button
                          type="submit"
                          className="btn btn-secondary btn-small"
                          aria-label={`Revoke the invitation for ${i.email}`}
                        >
                          Revoke
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Members · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
