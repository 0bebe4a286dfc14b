import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AdminEvaluations, EvaluatorEvaluations, ViewerEvaluations } from "~/components/home/buyer-home";
import { NextSteps, OrganisationCard, Waiting } from "~/components/home/home-parts";
import { CredentialAlerts, EvidenceVerdicts, ProfileCompleteness } from "~/components/home/partner-home";
import { PageHeader } from "~/components/page";
import { DEADLINE_WARNING_DAYS } from "~/domain/evaluation";
import { homeFor } from "~/models/home.server";
import homeStyles from "~/styles/home.css";
import { optionalViewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { plural } from "~/utils/format";
import { roleLabel } from "~/utils/roles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: homeStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await optionalViewer(request);
  if (!viewer) return { home: null };
  // What the home shows depends on the kind of organisation, the role and the state of the work (models/home).
  const home = await homeFor(viewer);
  return {
    home: {
      ...home,
      firstName: viewer.name.split(" ")[0],
      org: {
        orgName: viewer.orgName,
        orgKind: viewer.orgKind,
        roleLabel: roleLabel(viewer.orgKind, viewer.role),
        timeZone: viewer.orgTimeZone,
      },
    },
  };
}

const NOTHING_WAITS = `Nothing waits for you now. Deadlines within ${plural(DEADLINE_WARNING_DAYS, "day", "days")} and answered evidence requests appear here.`;

export default function Index() {
  const { home } = useLoaderData<typeof loader>();
  if (!home) return <Landing />;
  return (
    <>
      <PageHeader
        title={`Welcome, ${home.firstName}`}
        intro={`${home.org.roleLabel} at ${home.org.orgName}. Here is what to do next.`}
        actions={
          home.kind === "buyer-admin" ? (
            <Link to="/evaluations/new" className="btn btn-primary">
              New evaluation
            </Link>
          ) : null
        }
      />
      <div className="home">
        {home.kind === "buyer-admin" ? (
          <>
            <NextSteps steps={home.steps} />
            <AdminEvaluations evaluations={home.evaluations} />
            <div className="grid">
              <Waiting waiting={home.waiting} empty={NOTHING_WAITS} />
              <OrganisationCard org={home.org} />
            </div>
          </>
        ) : home.kind === "evaluator" ? (
          <>
            <EvaluatorEvaluations evaluations={home.evaluations} />
            <div className="grid">
              <Waiting waiting={home.waiting} empty={NOTHING_WAITS} />
              <OrganisationCard org={home.org} />
            </div>
          </>
        ) : home.kind === "viewer" ? (
          <>
            <ViewerEvaluations evaluations={home.evaluations} more={home.more} />
            <OrganisationCard org={home.org} />
          </>
        ) : (
          <>
            <NextSteps steps={home.steps} />
            <CredentialAlerts alerts={home.alerts} />
            <Waiting
              waiting={home.waiting}
              title="Open evidence requests"
              empty="No buyer is waiting for evidence from you."
              more={{ to: "/requests", label: "All requests" }}
            />
            <div className="grid">
              <ProfileCompleteness profile={home.profile} />
              <EvidenceVerdicts verdicts={home.verdicts} />
            </div>
            <OrganisationCard org={home.org} />
          </>
        )}
      </div>
    </>
  );
}

function Landing() {
  return (
    <section className="hero" aria-labelledby="hero-title">
      <div>
        <h1 id="hero-title">Choose AI implementation partners on evidence, not badges.</h1>
        <p className="lead">
          A certificate says a consultant passed a curriculum. PartnerLens lets procurement teams score
          partners on reference deployments, model-agnosticism and support terms, compare a shortlist side by
          side, and keep a defensible record of the decision.
        </p>
        <div className="hero-actions">
          <Link to="/signup" className="btn btn-primary">
            Create an account
          </Link>
          <Link to="/login" className="btn btn-secondary">
            Sign in
          </Link>
        </div>
      </div>
      <div className="card hero-panel">
        <h2>What buyers get</h2>
        <ul>
          <li>A weighted due-diligence checklist built for AI delivery partners</li>
          <li>Blind scoring with justifications and cited evidence</li>
          <li>Side-by-side comparison with charts and rank stability</li>
          <li>A frozen, exportable decision record</li>
        </ul>
      </div>
    </section>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
