// A partner's home (docs/features.md "Home"): the evidence requests waiting for its answer, how complete its profile
// is, credentials to renew, what buyers said of its evidence (counts and rejection notes, never which buyer: as the
// evidence page), and the first steps not done yet. Four statements.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { getDb } from "../../../db/client";
import {
  certifications,
  evidence,
  evidenceVerifications,
  invitations,
  memberships,
  modelProviderClaims,
  networkMemberships,
  partnerProfiles,
  practiceDocuments,
  referenceDeployments,
  specializations,
  supportTerms,
} from "../../../db/schema";
import { todayUtc } from "../../domain/profile";
import { completenessOf, type ProfileSectionState, profileSections } from "../../domain/profile-completeness";
import type { Viewer } from "../../utils/access.server";
import { formatDate, formatShare, plural } from "../../utils/format";
import { type CredentialAlert, listCredentialAlerts } from "../credentials.server";
import { waitingFor } from "../notifications.server";
import { type HomeStep, type WaitingView, waitingView } from "./words.server";

/** Evidence with verdicts a partner's home lists, the most recently judged first. */
const VERDICTS_SHOWN = 5;

const org = (organisationId: string) => sql`organisation_id = ${organisationId}`;

/** The profile's facts and how many of each claim it holds, with what the first steps need: one statement. */
async function profileFacts(organisationId: string) {
  const count = (table: PgTable) =>
    sql<number>`(select count(*) from ${table} where ${org(organisationId)})`.mapWith(Number);
  const [row] = await getDb()
    .select({
      partnerType: partnerProfiles.partnerType,
      hqCountry: partnerProfiles.hqCountry,
      regions: partnerProfiles.regions,
      headcountBand: partnerProfiles.headcountBand,
      website: partnerProfiles.website,
      description: partnerProfiles.description,
      membership: sql<boolean>`exists (select 1 from ${networkMemberships} where ${org(organisationId)})`,
      support: sql<boolean>`exists (select 1 from ${supportTerms} where ${org(organisationId)})`,
      certificationExpiries: sql<(string | null)[]>`(select coalesce(json_agg(expires_on), '[]'::json)
        from ${certifications} where ${org(organisationId)})`,
      specializationExpiries: sql<(string | null)[]>`(select coalesce(json_agg(expires_on), '[]'::json)
        from ${specializations} where ${org(organisationId)})`,
      references: count(referenceDeployments),
      providers: count(modelProviderClaims),
      documents: count(practiceDocuments),
      members: count(memberships),
      invited: sql<boolean>`exists (select 1 from ${invitations} where ${org(organisationId)})`,
      evidence: sql<boolean>`exists (select 1 from ${evidence} where ${org(organisationId)} and deleted_at is null)`,
    })
    .from(partnerProfiles)
    .where(eq(partnerProfiles.organisationId, organisationId));
  return row;
}

/**
 * The partner's evidence whose current version buyers judged, the most recently judged first: how many verified and
 * rejected it, and the rejection notes; never which buyer nor when (the evidence page shows no more). One statement.
 */
async function recentVerdicts(organisationId: string) {
  const latest = sql`max(${evidenceVerifications.updatedAt})`;
  return getDb()
    .select({
      id: evidence.id,
      title: evidence.title,
      verified: sql<number>`count(*) filter (where ${evidenceVerifications.status} = 'verified')`.mapWith(
        Number,
      ),
      rejected: sql<number>`count(*) filter (where ${evidenceVerifications.status} = 'rejected')`.mapWith(
        Number,
      ),
      notes: sql<
        string[]
      >`coalesce(json_agg(${evidenceVerifications.note} order by ${evidenceVerifications.updatedAt} desc)
        filter (where ${evidenceVerifications.status} = 'rejected' and ${evidenceVerifications.note} <> ''), '[]'::json)`,
    })
    .from(evidence)
    .innerJoin(evidenceVerifications, eq(evidenceVerifications.versionId, evidence.currentVersionId))
    .where(and(eq(evidence.organisationId, organisationId), isNull(evidence.deletedAt)))
    .groupBy(evidence.id, evidence.title)
    .orderBy(desc(latest), evidence.title)
    .limit(VERDICTS_SHOWN);
}

export interface PartnerHome {
  kind: "partner";
  /** The evidence requests waiting for an answer (with their due days in the asking buyer's time zone). */
  waiting: WaitingView;
  profile: {
    percent: string;
    done: number;
    total: number;
    /** The sections still to fill in, with where to do it. */
    missing: Pick<ProfileSectionState, "key" | "title" | "href" | "missing">[];
  };
  alerts: { key: string; text: string; state: CredentialAlert["state"] }[];
  verdicts: { id: string; title: string; to: string; text: string; notes: string[] }[];
  steps: HomeStep[];
}

function alertText(a: CredentialAlert): string {
  const kind = a.kind === "certification" ? "Certification" : "Specialization";
  return a.state === "expired"
    ? `${kind} “${a.name}” expired ${formatDate(a.expiresOn)} (${plural(-a.days, "day", "days")} ago): buyers see it as expired and it counts as absent.`
    : `${kind} “${a.name}” expires ${formatDate(a.expiresOn)}, in ${plural(a.days, "day", "days")}.`;
}

function verdictText(verified: number, rejected: number): string {
  return [
    verified > 0 ? `Verified by ${plural(verified, "buyer", "buyers")}` : null,
    rejected > 0
      ? `${verified > 0 ? "rejected" : "Rejected"} by ${plural(rejected, "buyer", "buyers")}`
      : null,
  ]
    .filter(Boolean)
    .join(", ");
}

function partnerSteps(
  viewer: Viewer,
  facts: { evidence: boolean; members: number; invited: boolean },
  profile: PartnerHome["profile"],
): HomeStep[] {
  const steps: (HomeStep & { done: boolean })[] = [
    {
      key: "profile",
      title: "Complete your profile",
      detail: `${profile.percent} complete: ${plural(profile.total - profile.done, "section", "sections")} to fill in. Buyers read and score these claims.`,
      to: "/profile",
      cta: "Open your profile",
      done: profile.done === profile.total,
    },
    {
      key: "evidence",
      title: "Upload evidence of delivery",
      detail: "Buyers verify evidence; verified claims weigh more than badges.",
      to: "/evidence/upload",
      cta: "Upload evidence",
      done: facts.evidence,
    },
    {
      key: "team",
      title: "Bring in your delivery team",
      detail: "Invite the people who keep the profile current.",
      to: "/members",
      cta: "Invite your team",
      // Only admins manage the members.
      done: viewer.role !== "admin" || facts.members > 1 || facts.invited,
    },
  ];
  return steps.filter((s) => !s.done).map(({ done: _, ...step }) => step);
}

export async function partnerHome(viewer: Viewer, now = new Date()): Promise<PartnerHome> {
  const [waiting, facts, alerts, verdicts] = await Promise.all([
    waitingFor(viewer, now),
    profileFacts(viewer.organisationId),
    listCredentialAlerts({ organisationId: viewer.organisationId }, now),
    recentVerdicts(viewer.organisationId),
  ]);
  const sections = profileSections(
    {
      facts: facts ?? {
        partnerType: null,
        hqCountry: null,
        regions: [],
        headcountBand: null,
        website: null,
        description: null,
      },
      membership: Boolean(facts?.membership),
      certificationExpiries: facts?.certificationExpiries ?? [],
      specializationExpiries: facts?.specializationExpiries ?? [],
      references: facts?.references ?? 0,
      providers: facts?.providers ?? 0,
      support: Boolean(facts?.support),
      documents: facts?.documents ?? 0,
    },
    todayUtc(now),
  );
  const { done, total, share } = completenessOf(sections);
  const profile = {
    percent: formatShare(share),
    done,
    total,
    missing: sections
      .filter((s) => !s.complete)
      .map((s) => ({ key: s.key, title: s.title, href: s.href, missing: s.missing })),
  };
  return {
    kind: "partner",
    waiting: waitingView(waiting, new Set()),
    profile,
    alerts: alerts.map((a) => ({ key: `${a.kind}-${a.name}`, text: alertText(a), state: a.state })),
    verdicts: verdicts.map((v) => ({
      id: v.id,
      title: v.title,
      to: `/evidence/${v.id}`,
      text: verdictText(v.verified, v.rejected),
      notes: v.notes,
    })),
    steps: partnerSteps(
      viewer,
      {
        evidence: Boolean(facts?.evidence),
        members: facts?.members ?? 0,
        invited: Boolean(facts?.invited),
      },
      profile,
    ),
  };
}
