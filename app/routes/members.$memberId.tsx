import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { getMember } from "~/models/member.server";
import { authorize, found } from "~/utils/access.server";
import { formatDate } from "~/utils/format";
import { roleLabel } from "~/utils/roles";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { roles: ["admin"] });
  const member = found(
    await getMember({ organisationId: viewer.organisationId, membershipId: params.memberId ?? "" }),
  );
  return {
    member: {
      name: member.name,
      email: member.email,
      role: roleLabel(viewer.orgKind, member.role),
      joined: formatDate(member.joinedAt, viewer.orgTimeZone),
      activeSessions: member.activeSessions,
    },
  };
}

export default function MemberPage() {
  const { member } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/members">← Members</Link>
      </p>
      <PageHeader title={member.name} intro={member.email} />
      <section className="card" aria-labelledby="member-facts">
        <h2 id="member-facts">Membership</h2>
        <dl className="facts">
          <dt>Role</dt>
          <dd>{member.role}</dd>
          <dt>Joined</dt>
          <dd>{member.joined}</dd>
          <dt>Signed in on</dt>
          <dd>
            {member.activeSessions} {member.activeSessions === 1 ? "device" : "devices"}
          </dd>
        </dl>
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.member.name ?? "Member"} · PartnerLens` },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
