import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { credentialState, daysBetween, LABELS, specializationLabel, todayUtc } from "~/domain/profile";
import { getPartnerProfile, type PartnerProfile as Profile } from "~/models/partner.server";
import { countryName } from "~/models/profile/fields.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formatDate, formatDuration, formatShare, plural } from "~/utils/format";

interface Section {
  key: string;
  title: string;
  href: string;
  complete: boolean;
  missing?: string;
  summary: string[];
}

/** The facts section: complete when every fact is given. */
function factsSection(profile: Profile): Section {
  const { facts } = profile;
  const missing = [
    facts.partnerType ? null : "partner type",
    facts.hqCountry ? null : "HQ country",
    facts.regions.length ? null : "regions served",
    facts.headcountBand ? null : "headcount",
    facts.website ? null : "website",
    facts.description ? null : "description",
  ].filter((m): m is string => m !== null);
  return {
    key: "facts",
    title: "Facts",
    href: "/profile/facts",
    complete: missing.length === 0,
    missing: missing.length ? `Missing: ${missing.join(", ")}.` : undefined,
    summary: [
      facts.partnerType ? LABELS.partnerType[facts.partnerType] : "Partner type not set",
      facts.hqCountry ? `Headquarters: ${countryName(facts.hqCountry)}` : "Headquarters not set",
      facts.headcountBand ? LABELS.headcount[facts.headcountBand] : "Headcount not set",
      facts.regions.length
        ? `Serves ${facts.regions.map((r) => LABELS.region[r as keyof typeof LABELS.region] ?? r).join(", ")}`
        : "No regions served yet",
    ],
  };
}

function membershipSection({ membership }: Profile): Section {
  return {
    key: "membership",
    title: "Network membership",
    href: "/profile/membership",
    complete: !!membership,
    missing: membership ? undefined : "No membership claim yet: add your tier (or “Not a member”).",
    summary: membership
      ? [
          `Tier: ${LABELS.tier[membership.tier]}`,
          membership.memberSince
            ? `Member since ${formatDate(membership.memberSince)}`
            : "Member since: not given",
          `Forward Deployed Experts: ${membership.forwardDeployedExperts ? "yes" : "no"}`,
        ]
      : [],
  };
}

function supportSection({ support }: Profile): Section {
  return {
    key: "support",
    title: "Support terms",
    href: "/profile/support",
    complete: !!support,
    missing: support ? undefined : "No support terms yet.",
    summary: support
      ? [
          LABELS.supportHours[support.supportHours],
          `P1 response ${formatDuration(support.p1ResponseMinutes)}, resolution ${formatDuration(support.p1ResolutionHours * 60)}`,
          `Warranty ${plural(support.warrantyDays, "day", "days")}, ${LABELS.maintenance[support.maintenanceModel]}`,
        ]
      : [],
  };
}

/** The profile's sections, each complete or not (with what is missing) and summed up in a few lines. */
function sectionsOf(profile: Profile, today: string): Section[] {
  const currentCerts = profile.certifications.filter(
    (c) => credentialState(c.expiresOn, today) !== "expired",
  );
  const currentSpecs = profile.specializations.filter(
    (s) => credentialState(s.expiresOn, today) !== "expired",
  );
  return [
    factsSection(profile),
    membershipSection(profile),
    {
      key: "certifications",
      title: "Certifications",
      href: "/profile/certifications",
      complete: currentCerts.length > 0,
      missing:
        currentCerts.length > 0
          ? undefined
          : profile.certifications.length
            ? "Every certification has expired: an expired credential counts as absent."
            : "No certifications yet.",
      summary: profile.certifications.map(
        (c) => `${c.track}: ${plural(c.certifiedStaff, "certified person", "certified staff")}`,
      ),
    },
    {
      key: "specializations",
      title: "Specializations",
      href: "/profile/specializations",
      complete: currentSpecs.length > 0,
      missing:
        currentSpecs.length > 0
          ? undefined
          : profile.specializations.length
            ? "Every specialization has expired."
            : "No specializations yet.",
      summary: profile.specializations.map((s) => specializationLabel(s.name)),
    },
    {
      key: "references",
      title: "Reference deployments",
      href: "/profile/references",
      complete: profile.references.length > 0,
      missing: profile.references.length ? undefined : "No reference deployments yet.",
      summary: profile.references.map(
        (r) =>
          `${r.customer} (${LABELS.referenceStatus[r.status]}, ${plural(r.outcomes.length, "measured outcome", "measured outcomes")})`,
      ),
    },
    {
      key: "providers",
      title: "Model providers",
      href: "/profile/providers",
      complete: profile.providers.length > 0,
      missing: profile.providers.length ? undefined : "No model providers yet.",
      summary: profile.providers.map(
        (p) =>
          `${LABELS.provider[p.provider]}: ${plural(p.productionDeployments, "production deployment", "production deployments")}`,
      ),
    },
    supportSection(profile),
    {
      key: "documents",
      title: "Practice documents",
      href: "/profile/documents",
      complete: profile.documents.length > 0,
      missing: profile.documents.length
        ? undefined
        : "No practice documents yet (policies, runbooks, attestations).",
      summary: profile.documents.map((d) => `${d.title} (${LABELS.documentKind[d.kind]})`),
    },
  ];
}

/** Certifications and specializations expired or expiring soon, to renew. */
function credentialsToRenew(profile: Profile, today: string) {
  return [
    ...profile.certifications.map((c) => ({
      kind: "Certification",
      name: c.track,
      expiresOn: c.expiresOn,
      href: "/profile/certifications",
    })),
    ...profile.specializations.map((s) => ({
      kind: "Specialization",
      name: specializationLabel(s.name),
      expiresOn: s.expiresOn,
      href: "/profile/specializations",
    })),
  ]
    .map((c) => ({ ...c, state: credentialState(c.expiresOn, today) }))
    .filter((c) => c.state !== "current" && c.expiresOn)
    .map((c) => ({
      kind: c.kind,
      name: c.name,
      href: c.href,
      state: c.state,
      label:
        c.state === "expired"
          ? `Expired on ${formatDate(c.expiresOn!)}`
          : `Expires in ${plural(daysBetween(today, c.expiresOn!), "day", "days")} (${formatDate(c.expiresOn!)})`,
    }));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const profile = found(await getPartnerProfile(viewer.organisationId));
  const today = todayUtc();
  const sections = sectionsOf(profile, today);
  const done = sections.filter((s) => s.complete).length;
  const flagged = credentialsToRenew(profile, today);
  return {
    orgName: profile.name,
    organisationId: profile.id,
    percent: formatShare(done / sections.length),
    done,
    total: sections.length,
    sections,
    flagged,
    updated: formatDate(profile.facts.profileUpdatedAt),
  };
}

export default function ProfilePage() {
  const { orgName, organisationId, percent, done, total, sections, flagged, updated } =
    useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title={orgName}
        intro="Your profile: the structured claims buyers read and score. Keep it current; a credential earns a first conversation, evidence earns the contract."
        actions={
          <Link className="btn btn-secondary" to={`/partners/${organisationId}`}>
            See what buyers see
          </Link>
        }
      />
      <section className="card" aria-labelledby="completeness-title">
        <h2 id="completeness-title">Profile {percent} complete</h2>
        <progress className="profile-progress" max={total} value={done} aria-labelledby="completeness-title">
          {percent}
        </progress>
        <p className="muted">
          {done} of {plural(total, "section", "sections")} filled in. Last change {updated}.
        </p>
        <ul className="profile-checklist">
          {sections.map((s) => (
            <li key={s.key} className={s.complete ? "is-done" : "is-missing"}>
              <span className="visually-hidden">{s.complete ? "Done: " : "To do: "}</span>
              <Link to={s.href}>{s.title}</Link>
              {s.missing ? <span className="muted"> — {s.missing}</span> : null}
            </li>
          ))}
        </ul>
      </section>

      {flagged.length > 0 ? (
        <section className="card" aria-labelledby="expiry-title">
          <h2 id="expiry-title">Credentials to renew</h2>
          <ul className="profile-list">
            {flagged.map((f) => (
              <li key={`${f.kind}-${f.name}`}>
                <span className={`status status-${f.state === "expired" ? "expired" : "expiring"}`}>
                  {f.state === "expired" ? "Expired" : "Expiring"}
                </span>{" "}
                {f.kind}: <Link to={f.href}>{f.name}</Link> — {f.label}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="grid spaced">
        {sections.map((s) => (
          <section key={s.key} className="card" aria-labelledby={`section-${s.key}`}>
            <div className="section-title profile-section-head">
              <h2 id={`section-${s.key}`}>{s.title}</h2>
              <Link
                className="btn btn-secondary btn-small"
                to={s.href}
                aria-label={`Edit ${s.title.toLowerCase()}`}
              >
                Edit
              </Link>
            </div>
            {s.summary.length ? (
              <ul className="profile-list">
                {s.summary.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : (
              <p className="muted">{s.missing ?? "Nothing yet."}</p>
            )}
          </section>
        ))}
      </div>
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Profile · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
