// What the partner page shows: the partner's claims in the words buyers read, and for a buyer its own evidence
// verdicts, delivery reviews and (admins) the evaluations the partner may still join.
import type { BuyerEvidenceItem } from "~/components/buyer-evidence";
import type { DeliveryView } from "~/components/partners/buyer-panels";
import type { OrganisationView, SupportView } from "~/components/partners/claims";
import type { CertificationView, SpecializationView } from "~/components/partners/credentials";
import type { ReferenceView } from "~/components/partners/references";
import { formatBytes } from "~/domain/evidence-files";
import {
  type CredentialState,
  credentialState,
  EXPIRY_WARNING_DAYS,
  LABELS,
  type Region,
  specializationLabel,
} from "~/domain/profile";
import { deliveryReviewsOf, reviewFigures } from "~/models/delivery-reviews.server";
import { profileHeadline } from "~/models/directory.server";
import { listEvaluationsOpenTo } from "~/models/evaluation.server";
import { claimOptionsOf } from "~/models/evidence/claims.server";
import { isDated, listVisibleEvidence } from "~/models/evidence/visibility.server";
import type { PartnerProfile } from "~/models/partner.server";
import type { Viewer } from "~/utils/access.server";
import { formatDate, formatDuration, plural } from "~/utils/format";

const STATE_LABEL: Record<CredentialState, string> = {
  current: "Current",
  expiring: `Expires within ${EXPIRY_WARNING_DAYS} days`,
  expired: "Expired",
};

/** Calendar days (claims) are shown as they are, without a time zone shift. */
const day = (iso: string | null) => (iso ? formatDate(`${iso}T00:00:00Z`, "UTC") : null);
const yesNo = (value: boolean) => (value ? "Yes" : "No");
const number = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

/** "−2.5 minutes (−25%)": the change from baseline to result, with a real minus sign. */
function outcomeChange(baseline: number, result: number, unit: string): string {
  const signed = (n: number, suffix: string) =>
    `${n > 0 ? "+" : n < 0 ? "−" : "±"}${number.format(Math.abs(n))}${suffix}`;
  const diff = result - baseline;
  const absolute = signed(diff, unit ? ` ${unit}` : "");
  if (baseline === 0) return absolute;
  return `${absolute} (${signed((diff / Math.abs(baseline)) * 100, "%")})`;
}

function safeWebsite(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : null;
  } catch {
    return null;
  }
}

const REGION_NAMES = new Intl.DisplayNames(["en"], { type: "region" });

/** "Australia" for "AU"; the code itself if ICU does not know it. */
function countryName(code: string): string {
  try {
    return REGION_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

function organisationView({ facts }: PartnerProfile): OrganisationView {
  return {
    type: facts.partnerType ? LABELS.partnerType[facts.partnerType] : null,
    hqCountry: facts.hqCountry ? countryName(facts.hqCountry) : null,
    regions: facts.regions.map((r) => LABELS.region[r as Region] ?? r),
    headcount: facts.headcountBand ? LABELS.headcount[facts.headcountBand] : null,
    website: safeWebsite(facts.website),
    description: facts.description,
  };
}

function certificationViews(profile: PartnerProfile, today: string): CertificationView[] {
  return profile.certifications.map((c) => {
    const state = credentialState(c.expiresOn, today);
    return {
      id: c.id,
      track: c.track,
      staff: c.certifiedStaff,
      issued: day(c.issuedOn),
      expires: day(c.expiresOn),
      state,
      stateLabel: STATE_LABEL[state],
    };
  });
}

function specializationViews(profile: PartnerProfile, today: string): SpecializationView[] {
  return profile.specializations.map((s) => {
    const state = credentialState(s.expiresOn, today);
    return {
      id: s.id,
      name: specializationLabel(s.name),
      achieved: day(s.achievedOn),
      expires: day(s.expiresOn),
      state,
      stateLabel: STATE_LABEL[state],
    };
  });
}

function referenceViews(profile: PartnerProfile): ReferenceView[] {
  return profile.references.map((r) => ({
    id: r.id,
    customer: r.customer,
    industry: r.industry,
    size: LABELS.sizeBand[r.sizeBand],
    useCase: LABELS.useCase[r.useCase],
    status: LABELS.referenceStatus[r.status],
    statusKey: r.status,
    goLive: day(r.goLiveOn),
    providers: r.providers.map((p) => LABELS.provider[p]),
    contact: yesNo(r.referenceContact),
    summary: r.summary,
    outcomes: r.outcomes.map((o) => ({
      id: o.id,
      metric: o.metric,
      baseline: number.format(o.baseline),
      result: number.format(o.result),
      unit: o.unit,
      change: outcomeChange(o.baseline, o.result, o.unit),
    })),
  }));
}

function supportView({ support }: PartnerProfile): SupportView | null {
  if (!support) return null;
  return {
    hours: LABELS.supportHours[support.supportHours],
    p1Response: formatDuration(support.p1ResponseMinutes),
    p1Resolution: formatDuration(support.p1ResolutionHours * 60),
    warranty: `${plural(support.warrantyDays, "day", "days")} after go-live`,
    maintenance: LABELS.maintenance[support.maintenanceModel],
    rollback: yesNo(support.rollbackRunbook),
    monitoring: yesNo(support.monitoringIncluded),
    knowledgeTransfer: yesNo(support.knowledgeTransfer),
  };
}

/** The partner's claims as everyone signed in sees them. Claims only: never evidence. */
export function claimsView(profile: PartnerProfile, today: string) {
  const headline = profileHeadline(profile, today);
  const { membership } = profile;
  return {
    headline: {
      tier: headline.tier ? LABELS.tier[headline.tier] : null,
      tierKey: headline.tier,
      specializations: headline.currentSpecializations,
      productionReferences: headline.productionReferences,
      providers: headline.providersInProduction.map((p) => LABELS.provider[p]),
      p1Response: headline.p1ResponseMinutes === null ? null : `${headline.p1ResponseMinutes} min`,
    },
    organisation: organisationView(profile),
    membership: membership
      ? {
          tier: LABELS.tier[membership.tier],
          memberSince: day(membership.memberSince),
          forwardDeployedExperts: yesNo(membership.forwardDeployedExperts),
        }
      : null,
    certifications: certificationViews(profile, today),
    specializations: specializationViews(profile, today),
    references: referenceViews(profile),
    providers: profile.providers.map((p) => ({
      id: p.id,
      provider: LABELS.provider[p.provider],
      deployments: p.productionDeployments,
    })),
    support: supportView(profile),
    documents: profile.documents.map((d) => ({
      id: d.id,
      title: d.title,
      kind: LABELS.documentKind[d.kind],
      summary: d.summary,
    })),
  };
}

/** The evidence a buyer may see on this partner's claims, with its own verdict on each current version. */
async function evidenceView(viewer: Viewer, profile: PartnerProfile, today: string) {
  const claimLabel = new Map(claimOptionsOf(profile).map((c) => [c.value, c.label]));
  const rows = await listVisibleEvidence(viewer.organisationId, profile.id);
  return rows.map(
    (e): BuyerEvidenceItem => ({
      id: e.id,
      title: e.title,
      claim: claimLabel.get(`${e.claimKind}:${e.claimId ?? ""}`) ?? "a claim no longer on the profile",
      kind: e.kind as "file" | "link",
      restricted: e.restricted,
      dated: isDated(e.effectiveTo, today),
      period:
        e.effectiveFrom || e.effectiveTo
          ? `${day(e.effectiveFrom) ?? "…"} – ${day(e.effectiveTo) ?? "…"}`
          : null,
      versionId: e.versionId,
      versionNumber: e.versionNumber,
      fileName: e.fileName,
      size: e.sizeBytes === null ? null : formatBytes(e.sizeBytes),
      url: e.url,
      status: e.status ?? "unverified",
      note: e.note ?? "",
      seenOn: e.seenOn,
    }),
  );
}

/** A buyer's own delivery reviews of this partner (never another buyer's, never shown to partners). */
async function deliveryViews(
  viewer: Viewer,
  profile: PartnerProfile,
  timeZone: string,
): Promise<DeliveryView[]> {
  const reviews = await deliveryReviewsOf(viewer, [profile.id]);
  return reviews.map((r) => ({
    ...reviewFigures(r),
    evaluationId: r.evaluationId,
    evaluation: r.evaluationName,
    at: formatDate(r.createdAt, timeZone),
  }));
}

/**
 * What a buyer sees besides the claims: evidence (partners see other partners' claims, never their evidence), its
 * delivery reviews, and for its admins the evaluations this partner may still join (they shortlist from here).
 */
export async function buyerView(viewer: Viewer, profile: PartnerProfile, today: string, timeZone: string) {
  const buyer = viewer.orgKind === "buyer";
  return {
    openEvaluations:
      buyer && viewer.role === "admin"
        ? await listEvaluationsOpenTo(viewer.organisationId, profile.id)
        : null,
    deliveries: buyer ? await deliveryViews(viewer, profile, timeZone) : null,
    evidence: buyer ? await evidenceView(viewer, profile, today) : [],
    showEvidence: buyer,
    canVerify: buyer && viewer.role !== "viewer",
  };
}
