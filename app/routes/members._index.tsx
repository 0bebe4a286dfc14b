import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { listMembers } from "~/models/member.server";
import { authorize } from "~/utils/access.server";
import { formatDate } from "~/utils/format";
import { roleLabel } from "~/utils/roles";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { roles: ["admin"] });
  const members = await listMembers({ organisationId: viewer.organisationId });
  return {
    orgName: viewer.orgName,
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      email: m.email,
      role: roleLabel(viewer.orgKind, m.role),
      joined: formatDate(m.joinedAt, viewer.orgTimeZone),
      isYou: m.userId === viewer.userId,
    })),
  };
}

export default function MembersPage() {
  const { orgName, members } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Members" intro={`Everyone in ${orgName} and their role.`} />
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

export const meta: MetaFunction = () => [{ title: "Members · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
