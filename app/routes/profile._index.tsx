import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { credentialState, daysBetween, LABELS, specializationLabel, todayUtc } from "~/domain/profile";
import {
  completenessOf,
  type ProfileSectionKey,
  type ProfileSectionState,
  profileSections,
} from "~/domain/profile-completeness";
import { getPartnerProfile, type PartnerProfile as Profile } from "~/models/partner.server";
import { countryName } from "~/models/profile/fields.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formatDate, formatDuration, formatShare, plural } from "~/utils/format";

interface Section extends ProfileSectionState {
  summary: string[];
}

/** What each section sums up in a few lines (beside its completeness, which the domain decides). */
function summariesOf(profile: Profile): Record<ProfileSectionKey, string[]> {
  const { facts, membership, support } = profile;
  return {
    facts: [
      facts.partnerType ? LABELS.partnerType[facts.partnerType] : "Partner type not set",
      facts.hqCountry ? `Headquarters: ${countryName(facts.hqCountry)}` : "Headquarters not set",
      facts.headcountBand ? LABELS.headcount[facts.headcountBand] : "Headcount not set",
      facts.regions.length
        ? `Serves ${facts.regions.map((r) => LABELS.region[r as keyof typeof LABELS.region] ?? r).join(", ")}`
        : "No regions served yet",
    ],
    membership: membership
      ? [
          `Tier: ${LABELS.tier[membership.tier]}`,
          membership.memberSince
            ? `Member since ${formatDate(membership.memberSince)}`
            : "Member since: not given",
          `Forward Deployed Experts: ${membership.forwardDeployedExperts ? "yes" : "no"}`,
        ]
      : [],
    certifications: profile.certifications.map(
      (c) => `${c.track}: ${plural(c.certifiedStaff, "certified person", "certified staff")}`,
    ),
    specializations: profile.specializations.map((s) => specializationLabel(s.name)),
    references: profile.references.map(
      (r) =>
        `${r.customer} (${LABELS.referenceStatus[r.status]}, ${plural(r.outcomes.length, "measured outcome", "measured outcomes")})`,
    ),
    providers: profile.providers.map(
      (p) =>
        `${LABELS.provider[p.provider]}: ${plural(p.productionDeployments, "production deployment", "production deployments")}`,
    ),
    support: support
      ? [
          LABELS.supportHours[support.supportHours],
          `P1 response ${formatDuration(support.p1ResponseMinutes)}, resolution ${formatDuration(support.p1ResolutionHours * 60)}`,
          `Warranty ${plural(support.warrantyDays, "day", "days")}, ${LABELS.maintenance[support.maintenanceModel]}`,
        ]
      : [],
    documents: profile.documents.map((d) => `${d.title} (${LABELS.documentKind[d.kind]})`),
  };
}

/** The profile's sections, each complete or not (with what is missing) and summed up in a few lines. */
function sectionsOf(profile: Profile, today: string): Section[] {
  const summaries = summariesOf(profile);
  const states = profileSections(
    {
      facts: profile.facts,
      membership: profile.membership !== null,
      certificationExpiries: profile.certifications.map((c) => c.expiresOn),
      specializationExpiries: profile.specializations.map((s) => s.expiresOn),
      references: profile.references.length,
      providers: profile.providers.length,
      support: profile.support !== null,
      documents: profile.documents.length,
    },
    today,
  );
  return states.map((s) => ({ ...s, summary: summaries[s.key] }));
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
  const { done, share } = completenessOf(sections);
  const flagged = credentialsToRenew(profile, today);
  return {
    orgName: profile.name,
    organisationId: profile.id,
    percent: formatShare(share),
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
