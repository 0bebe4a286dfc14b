import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, NewPasswordField, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import {
  changeMyPassword,
  changePasswordSchema,
  endMyOtherSessions,
  endMySession,
  listMySessions,
} from "~/models/account.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, InputError } from "~/utils/errors.server";
import { plural } from "~/utils/format";
import { invalid, parseForm } from "~/utils/forms.server";
import { MAX_PASSWORD_LENGTH } from "~/utils/limits";
import { roleLabel } from "~/utils/roles";

function formatSeen(value: Date, timeZone: string) {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    value,
  );
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request);
  const sessions = await listMySessions(viewer);
  return {
    me: {
      name: viewer.name,
      email: viewer.email,
      role: roleLabel(viewer.orgKind, viewer.role),
      orgName: viewer.orgName,
    },
    sessions: sessions.map((s) => ({
      id: s.publicId,
      device: s.device,
      current: s.current,
      lastSeen: formatSeen(s.lastSeenAt, viewer.orgTimeZone),
      signedIn: formatSeen(s.createdAt, viewer.orgTimeZone),
      address: s.ipAddress,
    })),
    timeZone: viewer.orgTimeZone,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "end-session") {
    const ended = await endMySession(viewer, String(form.get("sessionId") ?? ""));
    if (!ended) {
      return data(
        { intent, ok: false as const, formError: "That session had already ended." },
        { status: 404 },
      );
    }
    return { intent, ok: true as const, message: "That device is signed out." };
  }
  if (intent === "end-others") {
    const n = await endMyOtherSessions(viewer);
    return {
      intent,
      ok: true as const,
      message:
        n === 0
          ? "No other device was signed in."
          : `Signed out ${plural(n, "other device", "other devices")}.`,
    };
  }
  if (intent === "password") {
    const parsed = parseForm(form, changePasswordSchema);
    if (!parsed.ok) return parsed.response;
    try {
      const n = await changeMyPassword(viewer, parsed.data);
      return {
        intent,
        ok: true as const,
        message: `Password changed.${n > 0 ? ` ${plural(n, "other device was", "other devices were")} signed out.` : ""}`,
      };
    } catch (error) {
      // A wrong current password or a refused new one reads beside its field, without a form-level alert.
      if (error instanceof InputError) return invalid(form, error.errors, error.formError);
      return failureAnswer(error, form);
    }
  }
  return invalid(form, {}, "Unknown action.");
}

export default function AccountPage() {
  const { me, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> =
    actionData && "errors" in actionData ? actionData.errors : {};
  const message = actionData && "message" in actionData ? actionData.message : undefined;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <PageHeader title="Your account" intro={`${me.name} · ${me.email} · ${me.role} at ${me.orgName}`} />
      {message ? (
        <div className="alert alert-success" role="status">
          {message}
        </div>
      ) : null}
      <FormAlert message={actionData && "formError" in actionData ? actionData.formError : undefined} />

      <div className="section-title">
        <h2>Where you are signed in</h2>
        {others > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="end-others" />
            <button type="submit" className="btn btn-secondary btn-small">
              Sign out all other devices
            </button>
          </Form>
        ) : null}
      </div>
      <div className="table-wrap">
        <table className="table-stack">
          <caption className="visually-hidden">Active sessions</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Last seen</th>
              <th scope="col">Signed in</th>
              <th scope="col">Address</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td data-label="Device">
                  <span>
                    {s.device} {s.current ? <span className="badge">this device</span> : null}
                  </span>
                </td>
                <td data-label="Last seen">{s.lastSeen}</td>
                <td data-label="Signed in">{s.signedIn}</td>
                <td data-label="Address">{s.address || "—"}</td>
                <td data-label="">
                  {s.current ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button
                        type="submit"
                        className="btn btn-secondary btn-small"
                        aria-label={`Sign out ${s.device}, last seen ${s.lastSeen}`}
                      >
                        Sign out
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="card spaced" aria-labelledby="password-title">
        <h2 id="password-title">Change your password</h2>
        <p className="hint">Every other device is signed out; this one stays signed in.</p>
        <Form method="post" key={message ?? "password"}>
          <input type="hidden" name="intent" value="password" />
          <Field
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            maxLength={MAX_PASSWORD_LENGTH}
            error={errors.currentPassword}
          />
          <NewPasswordField label="New password" name="newPassword" error={errors.newPassword} />
          <SubmitButton pendingText="Changing…">Change password</SubmitButton>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Your account · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
