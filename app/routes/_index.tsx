import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { listCredentialAlerts } from "~/models/credentials.server";
import { waitingFor } from "~/models/notifications.server";
import { optionalViewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formatDate, plural } from "~/utils/format";
import { type OrgKind, type Role, roleLabel } from "~/utils/roles";

interface NextStep {
  title: string;
  detail: string;
  to?: string;
  cta?: string;
}

function nextSteps(kind: OrgKind, role: Role): NextStep[] {
  if (kind === "buyer" && role === "admin") {
    return [
      {
        title: "Bring in your team",
        detail: "Invite your CTO, security lead and business owners as evaluators or viewers.",
        to: "/members",
        cta: "Members",
      },
      {
        title: "Choose a checklist",
        detail: "Start from the built-in due-diligence checklist or copy it and set your own weights.",
        to: "/templates",
        cta: "Templates",
      },
      {
        title: "Browse partners",
        detail: "See who is in the directory before you shortlist.",
        to: "/partners",
        cta: "Partners",
      },
      {
        title: "Run an evaluation",
        detail: "Shortlist partners, assign evaluators, score blind, compare and decide.",
        to: "/evaluations",
        cta: "Evaluations",
      },
    ];
  }
  if (kind === "buyer" && role === "evaluator") {
    return [
      {
        title: "Wait for an assignment",
        detail: "Your procurement lead assigns you to evaluations; they appear under Evaluations.",
        to: "/evaluations",
        cta: "Evaluations",
      },
      {
        title: "Get to know the partners",
        detail: "Read partner profiles and the evidence your organisation can see.",
        to: "/partners",
        cta: "Partners",
      },
    ];
  }
  if (kind === "buyer") {
    return [
      {
        title: "Read the comparisons",
        detail: "Evaluations appear here once they reach review: the ranking, the charts and the decision.",
        to: "/evaluations",
        cta: "Evaluations",
      },
      {
        title: "Browse partners",
        detail: "Partner profiles and the evidence visible to your organisation.",
        to: "/partners",
        cta: "Partners",
      },
    ];
  }
  const steps: NextStep[] = [
    {
      title: "Complete your profile",
      detail:
        "Tier, certifications, specializations, reference deployments, model providers and support terms.",
      to: "/profile",
      cta: "Profile",
    },
    {
      title: "Upload evidence of delivery",
      detail: "Buyers verify evidence; verified claims weigh more than badges.",
      to: "/evidence",
      cta: "Evidence",
    },
    {
      title: "Answer evidence requests",
      detail: "Buyers evaluating you may ask for specific evidence.",
      to: "/requests",
      cta: "Requests",
    },
  ];
  if (role === "admin") {
    steps.push({
      title: "Bring in your delivery team",
      detail: "Invite the people who keep the profile current.",
      to: "/members",
      cta: "Members",
    });
  }
  return steps;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await optionalViewer(request);
  if (!viewer) return { home: null };
  const alerts =
    viewer.orgKind === "partner" ? await listCredentialAlerts({ organisationId: viewer.organisationId }) : [];
  // Buyer admins and evaluators (evaluations, requests), and partners (evidence requests addressed to them).
  const waitsForMembers = viewer.orgKind === "partner" || viewer.role !== "viewer";
  const waiting = waitsForMembers ? await waitingFor(viewer) : [];
  return {
    home: {
      waiting: waitsForMembers
        ? waiting.map((w) => ({
            key: w.key,
            text: w.text,
            to: w.to,
            due: w.due?.label ?? null,
          }))
        : null,
      alerts: alerts.map((a) => ({
        key: `${a.kind}-${a.name}`,
        text:
          a.state === "expired"
            ? `${a.kind === "certification" ? "Certification" : "Specialization"} “${a.name}” expired ${formatDate(a.expiresOn)} (${plural(-a.days, "day", "days")} ago): buyers see it as expired and it counts as absent.`
            : `${a.kind === "certification" ? "Certification" : "Specialization"} “${a.name}” expires ${formatDate(a.expiresOn)}, in ${plural(a.days, "day", "days")}.`,
        state: a.state,
      })),
      firstName: viewer.name.split(" ")[0],
      orgName: viewer.orgName,
      orgKind: viewer.orgKind,
      timeZone: viewer.orgTimeZone,
      roleLabel: roleLabel(viewer.orgKind, viewer.role),
      steps: nextSteps(viewer.orgKind, viewer.role),
    },
  };
}

export default function Index() {
  const { home } = useLoaderData<typeof loader>();
  if (!home) return <Landing />;
  return (
    <>
      <PageHeader
        title={`Welcome, ${home.firstName}`}
        intro={`${home.roleLabel} at ${home.orgName}. Here is what to do next.`}
      />
      {home.alerts.length > 0 ? (
        <section className="card credential-alerts" aria-labelledby="alerts-title">
          <h2 id="alerts-title">Credentials to renew</h2>
          <ul>
            {home.alerts.map((a) => (
              <li key={a.key}>
                <span className={`status status-${a.state === "expired" ? "expired" : "pending"}`}>
                  {a.state === "expired" ? "expired" : "expiring"}
                </span>{" "}
                {a.text}
              </li>
            ))}
          </ul>
          <p>
            <Link to="/profile">Update your profile</Link>
          </p>
        </section>
      ) : null}
      {home.waiting ? <Waiting items={home.waiting} /> : null}
      <div className="grid">
        <section className="card" aria-labelledby="next-title">
          <h2 id="next-title">Next steps</h2>
          <ol className="steps">
            {home.steps.map((step) => (
              <li key={step.title}>
                <strong>{step.title}</strong>
                <span>{step.detail}</span> {step.to ? <Link to={step.to}>Open {step.cta}</Link> : null}
              </li>
            ))}
          </ol>
        </section>
        <section className="card" aria-labelledby="org-title">
          <h2 id="org-title">Your organisation</h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{home.orgName}</dd>
            <dt>Kind</dt>
            <dd>{home.orgKind === "buyer" ? "Buyer" : "Implementation partner"}</dd>
            <dt>Your role</dt>
            <dd>{home.roleLabel}</dd>
            {home.orgKind === "buyer" ? (
              <>
                <dt>Time zone</dt>
                <dd>{home.timeZone.replaceAll("_", " ")}</dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
    </>
  );
}

function Waiting({
  items,
}: {
  items: {
    key: string;
    text: string;
    to: string;
    due: string | null;
  }[];
}) {
  return (
    <section className="card waiting" id="waiting" aria-labelledby="waiting-title" tabIndex={-1}>
      <h2 id="waiting-title">Waiting for you</h2>
      {items.length === 0 ? (
        <p>Nothing waits for you. New assignments and deadlines within three days appear here.</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.key}>
              {item.due ? <span className="status status-pending">due {item.due}</span> : null}{" "}
              <Link to={item.to}>{item.text}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
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
