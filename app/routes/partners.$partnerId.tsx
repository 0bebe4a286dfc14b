import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { BuyerEvidence, type BuyerEvidenceItem } from "~/components/buyer-evidence";
import { DeliveryReviewBody } from "~/components/decision-panel";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { formatBytes } from "~/domain/evidence-files";
import {
  type CredentialState,
  credentialState,
  EXPIRY_WARNING_DAYS,
  LABELS,
  type Region,
  specializationLabel,
  todayUtc,
} from "~/domain/profile";
import { deliveryReviewsOf, reviewFigures } from "~/models/decision.server";
import { profileHeadline } from "~/models/directory.server";
import {
  addCandidate,
  EvaluationRuleError,
  evaluationFor,
  listEvaluationsOpenTo,
} from "~/models/evaluation.server";
import { addToEvaluationSchema } from "~/models/evaluation-forms.server";
import {
  claimOptionsOf,
  isDated,
  listVisibleEvidence,
  setVerification,
  verificationSchema,
} from "~/models/evidence.server";
import { getPartnerProfile } from "~/models/partner.server";
import { authorize, found } from "~/utils/access.server";
import { formatDate } from "~/utils/format";
import { formValues, parseForm } from "~/utils/forms.server";
import { forbidden, notFound } from "~/utils/http.server";

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

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request);
  const profile = found(await getPartnerProfile(params.partnerId ?? ""));
  const today = todayUtc();
  const headline = profileHeadline(profile, today);
  const { facts, membership, support } = profile;
  const timeZone = viewer.orgKind === "buyer" ? viewer.orgTimeZone : "UTC";
  // Evidence is for buyers only: partners see other partners' claims, never their evidence.
  const claimLabel = new Map(claimOptionsOf(profile).map((c) => [c.value, c.label]));
  const evidence: BuyerEvidenceItem[] =
    viewer.orgKind === "buyer"
      ? (await listVisibleEvidence(viewer.organisationId, profile.id)).map((e) => ({
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
        }))
      : [];
  // Buyer admins shortlist from here: their evaluations this partner may still join.
  const openEvaluations =
    viewer.orgKind === "buyer" && viewer.role === "admin"
      ? await listEvaluationsOpenTo(viewer.organisationId, profile.id)
      : null;
  // A buyer's own delivery reviews of this partner (never another buyer's, never shown to partners).
  const deliveries =
    viewer.orgKind === "buyer"
      ? (await deliveryReviewsOf(viewer, [profile.id])).map((r) => ({
          ...reviewFigures(r),
          evaluationId: r.evaluationId,
          evaluation: r.evaluationName,
          at: formatDate(r.createdAt, timeZone),
        }))
      : null;
  return {
    openEvaluations,
    deliveries,
    evidence,
    showEvidence: viewer.orgKind === "buyer",
    canVerify: viewer.orgKind === "buyer" && viewer.role !== "viewer",
    id: profile.id,
    name: profile.name,
    isOwn: viewer.organisationId === profile.id,
    updated: formatDate(facts.profileUpdatedAt, timeZone),
    headline: {
      tier: headline.tier ? LABELS.tier[headline.tier] : null,
      tierKey: headline.tier,
      specializations: headline.currentSpecializations,
      productionReferences: headline.productionReferences,
      providers: headline.providersInProduction.map((p) => LABELS.provider[p]),
      p1Response: headline.p1ResponseMinutes === null ? null : `${headline.p1ResponseMinutes} min`,
    },
    organisation: {
      type: facts.partnerType ? LABELS.partnerType[facts.partnerType] : null,
      hqCountry: facts.hqCountry ? countryName(facts.hqCountry) : null,
      regions: facts.regions.map((r) => LABELS.region[r as Region] ?? r),
      headcount: facts.headcountBand ? LABELS.headcount[facts.headcountBand] : null,
      website: safeWebsite(facts.website),
      description: facts.description,
    },
    membership: membership
      ? {
          tier: LABELS.tier[membership.tier],
          memberSince: day(membership.memberSince),
          forwardDeployedExperts: yesNo(membership.forwardDeployedExperts),
        }
      : null,
    certifications: profile.certifications.map((c) => {
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
    }),
    specializations: profile.specializations.map((s) => {
      const state = credentialState(s.expiresOn, today);
      return {
        id: s.id,
        name: specializationLabel(s.name),
        achieved: day(s.achievedOn),
        expires: day(s.expiresOn),
        state,
        stateLabel: STATE_LABEL[state],
      };
    }),
    references: profile.references.map((r) => ({
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
    })),
    providers: profile.providers.map((p) => ({
      id: p.id,
      provider: LABELS.provider[p.provider],
      deployments: p.productionDeployments,
    })),
    support: support
      ? {
          hours: LABELS.supportHours[support.supportHours],
          p1Response: `${support.p1ResponseMinutes} min`,
          p1Resolution: `${support.p1ResolutionHours} h`,
          warranty: `${support.warrantyDays} days after go-live`,
          maintenance: LABELS.maintenance[support.maintenanceModel],
          rollback: yesNo(support.rollbackRunbook),
          monitoring: yesNo(support.monitoringIncluded),
          knowledgeTransfer: yesNo(support.knowledgeTransfer),
        }
      : null,
    documents: profile.documents.map((d) => ({
      id: d.id,
      title: d.title,
      kind: LABELS.documentKind[d.kind],
      summary: d.summary,
    })),
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin", "evaluator"] });
  const form = await request.formData();
  if (form.get("intent") === "add-to-evaluation")
    return addToEvaluation(viewer, params.partnerId ?? "", form);
  const parsed = parseForm(form, verificationSchema);
  if (!parsed.ok) return parsed.response;
  // Only the current version of this partner's evidence that this buyer may see: anything else is not found.
  const done = await setVerification(viewer, params.partnerId ?? "", parsed.data, todayUtc());
  if (!done) notFound();
  return { ok: true as const, message: `Your verdict on “${done.title}” is saved.` };
}

/** Buyer admins: adds this partner to one of their evaluations' shortlists. */
async function addToEvaluation(
  viewer: Awaited<ReturnType<typeof authorize>>,
  partnerId: string,
  form: FormData,
) {
  if (viewer.role !== "admin") forbidden();
  const parsed = parseForm(form, addToEvaluationSchema);
  if (!parsed.ok) return parsed.response;
  const { evaluation } = await evaluationFor(viewer, parsed.data.evaluationId);
  try {
    await addCandidate(
      { userId: viewer.userId, organisationId: viewer.organisationId },
      evaluation.id,
      partnerId,
    );
  } catch (error) {
    if (error instanceof EvaluationRuleError) {
      return data(
        { ok: false as const, errors: { evaluationId: error.message }, values: formValues(form) },
        { status: 409 },
      );
    }
    throw error;
  }
  return { ok: true as const, message: `Added to the shortlist of “${evaluation.name}”.` };
}

export default function PartnerPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    | { ok: true; message: string }
    | { ok: false; errors: Record<string, string | undefined>; values: Record<string, string> }
    | undefined;
  return (
    <>
      <p className="muted">
        <Link to="/partners">← All partners</Link>
      </p>
      <PageHeader
        title={d.name}
        intro={`What ${d.name} claims. Claims are the partner's own statements; evidence is read in evaluations. Last updated ${d.updated}.`}
      />
      {d.isOwn ? (
        <div className="alert alert-info">
          This is what buyers see. <Link to="/profile">Edit your profile</Link>
        </div>
      ) : null}
      {actionData?.ok ? (
        <div className="alert alert-success" role="status">
          {actionData.message}
        </div>
      ) : null}
      {d.openEvaluations && d.openEvaluations.length > 0 ? (
        <Form method="post" className="card inline-form partner-add-evaluation">
          <input type="hidden" name="intent" value="add-to-evaluation" />
          <div className="field">
            <label htmlFor="add-to-evaluation">Add to an evaluation</label>
            <select
              id="add-to-evaluation"
              name="evaluationId"
              required
              aria-invalid={actionData?.ok === false && actionData.errors.evaluationId ? true : undefined}
            >
              {d.openEvaluations.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
            <FieldError error={actionData?.ok === false ? actionData.errors.evaluationId : undefined} />
          </div>
          <button type="submit" className="btn btn-primary">
            Add to shortlist
          </button>
        </Form>
      ) : null}
      {d.deliveries && d.deliveries.length > 0 ? (
        <section className="card spaced-sm" id="delivery" aria-labelledby="delivery-title">
          <h2 id="delivery-title">How {d.name} delivered for you</h2>
          <p className="muted">
            Your organisation's delivery reviews, after its decisions. Only you see them.
          </p>
          <ul className="delivery-reviews">
            {d.deliveries.map((r) => (
              <li key={r.id}>
                <strong>{r.milestone}</strong> ·{" "}
                {r.evaluationId ? (
                  <Link to={`/evaluations/${r.evaluationId}`}>{r.evaluation}</Link>
                ) : (
                  <span className="muted">an evaluation you are not assigned to</span>
                )}{" "}
                <span className="muted">({r.at})</span>
                <DeliveryReviewBody review={r} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="glance-title">
        <h2 id="glance-title">At a glance</h2>
        <dl className="facts">
          <dt>Network tier</dt>
          <dd>
            {d.headline.tier ? (
              <span className={`badge tier-${d.headline.tierKey}`}>{d.headline.tier}</span>
            ) : (
              <NotStated />
            )}
          </dd>
          <dt>Current specializations</dt>
          <dd>{d.headline.specializations.length ? d.headline.specializations.join(", ") : "None"}</dd>
          <dt>References in production</dt>
          <dd>{d.headline.productionReferences}</dd>
          <dt>Model providers in production</dt>
          <dd>{d.headline.providers.length ? d.headline.providers.join(", ") : "None"}</dd>
          <dt>P1 response</dt>
          <dd>{d.headline.p1Response ?? <NotStated />}</dd>
        </dl>
      </section>
      {d.showEvidence ? (
        <BuyerEvidence
          items={d.evidence}
          canVerify={d.canVerify}
          errors={actionData && !actionData.ok ? actionData.errors : {}}
          failedVersionId={actionData && !actionData.ok ? actionData.values.versionId : undefined}
        />
      ) : null}
      <div className="grid">
        <section className="card" aria-labelledby="org-title">
          <h2 id="org-title">Organisation</h2>
          <dl className="facts">
            <dt>Type</dt>
            <dd>{d.organisation.type ?? <NotStated />}</dd>
            <dt>Headquarters</dt>
            <dd>{d.organisation.hqCountry ?? <NotStated />}</dd>
            <dt>Regions served</dt>
            <dd>{d.organisation.regions.length ? d.organisation.regions.join(", ") : <NotStated />}</dd>
            <dt>Headcount</dt>
            <dd>{d.organisation.headcount ?? <NotStated />}</dd>
            <dt>Website</dt>
            <dd>
              {d.organisation.website ? (
                <a href={d.organisation.website} rel="noopener noreferrer nofollow" target="_blank">
                  {d.organisation.website}
                </a>
              ) : (
                <NotStated />
              )}
            </dd>
          </dl>
          {d.organisation.description ? <p className="spaced-sm">{d.organisation.description}</p> : null}
        </section>
        <section className="card" aria-labelledby="membership-title">
          <h2 id="membership-title">Network membership</h2>
          {d.membership ? (
            <dl className="facts">
              <dt>Tier</dt>
              <dd>{d.membership.tier}</dd>
              <dt>Member since</dt>
              <dd>{d.membership.memberSince ?? <NotStated />}</dd>
              <dt>Forward Deployed Experts</dt>
              <dd>{d.membership.forwardDeployedExperts}</dd>
            </dl>
          ) : (
            <p className="muted">No membership claim.</p>
          )}
        </section>
      </div>
      <Credentials
        title="Certifications"
        id="certs-title"
        empty="No certifications claimed."
        head={["Track", "Certified staff", "Issued", "Expires", "State"]}
        rows={d.certifications.map((c) => ({
          id: c.id,
          cells: [c.track, String(c.staff), c.issued ?? "—", c.expires ?? "No expiry"],
          state: c.state,
          stateLabel: c.stateLabel,
        }))}
      />
      <Credentials
        title="Specializations"
        id="specs-title"
        empty="No specializations claimed."
        head={["Specialization", "Achieved", "Expires", "State"]}
        rows={d.specializations.map((s) => ({
          id: s.id,
          cells: [s.name, s.achieved ?? "—", s.expires ?? "No expiry"],
          state: s.state,
          stateLabel: s.stateLabel,
        }))}
      />
      <References references={d.references} />
      <section aria-labelledby="providers-title">
        <div className="section-title">
          <h2 id="providers-title">Model providers</h2>
        </div>
        {d.providers.length ? (
          <div className="table-wrap">
            <table className="table-stack">
              <caption className="visually-hidden">Model providers and production deployments</caption>
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Production deployments</th>
                </tr>
              </thead>
              <tbody>
                {d.providers.map((p) => (
                  <tr key={p.id}>
                    <th scope="row" data-label="Provider">
                      {p.provider}
                    </th>
                    <td data-label="Deployments">{p.deployments}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">No model provider claims.</p>
        )}
      </section>
      <section className="card spaced" aria-labelledby="support-title">
        <h2 id="support-title">Support terms</h2>
        {d.support ? (
          <dl className="facts">
            <dt>Support hours</dt>
            <dd>{d.support.hours}</dd>
            <dt>P1 response</dt>
            <dd>{d.support.p1Response}</dd>
            <dt>P1 resolution</dt>
            <dd>{d.support.p1Resolution}</dd>
            <dt>Warranty</dt>
            <dd>{d.support.warranty}</dd>
            <dt>Maintenance</dt>
            <dd>{d.support.maintenance}</dd>
            <dt>Rollback and kill-switch runbook</dt>
            <dd>{d.support.rollback}</dd>
            <dt>Monitoring and evaluation loops</dt>
            <dd>{d.support.monitoring}</dd>
            <dt>Knowledge transfer</dt>
            <dd>{d.support.knowledgeTransfer}</dd>
          </dl>
        ) : (
          <p className="muted">No support terms claimed.</p>
        )}
      </section>
      <section aria-labelledby="docs-title">
        <div className="section-title">
          <h2 id="docs-title">Practice documents</h2>
        </div>
        {d.documents.length ? (
          <ul className="directory-list">
            {d.documents.map((doc) => (
              <li key={doc.id} className="card">
                <strong>{doc.title}</strong> <span className="badge badge-neutral">{doc.kind}</span>
                {doc.summary ? <p className="muted">{doc.summary}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No practice documents listed.</p>
        )}
      </section>
    </>
  );
}

function NotStated() {
  return <span className="muted">Not stated</span>;
}

function Credentials({
  title,
  id,
  empty,
  head,
  rows,
}: {
  title: string;
  id: string;
  empty: string;
  head: string[];
  rows: { id: string; cells: string[]; state: CredentialState; stateLabel: string }[];
}) {
  return (
    <section aria-labelledby={id}>
      <div className="section-title">
        <h2 id={id}>{title}</h2>
        <span className="muted">Expired credentials count as absent.</span>
      </div>
      {rows.length ? (
        <div className="table-wrap">
          <table className="table-stack">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={r.state === "expired" ? "is-expired" : undefined}>
                  {r.cells.map((cell, i) =>
                    i === 0 ? (
                      <th key={head[i]} scope="row" data-label={head[i]}>
                        {cell}
                      </th>
                    ) : (
                      <td key={head[i]} data-label={head[i]}>
                        {cell}
                      </td>
                    ),
                  )}
                  <td data-label={head[head.length - 1]}>
                    <span className={`status status-${r.state}`}>{r.stateLabel}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </section>
  );
}

function References({ references }: { references: Data["references"] }) {
  return (
    <section aria-labelledby="refs-title">
      <div className="section-title">
        <h2 id="refs-title">Reference deployments</h2>
        <span className="muted">{references.length} claimed</span>
      </div>
      {references.length === 0 ? <p className="muted">No reference deployments claimed.</p> : null}
      {references.map((r) => (
        <article key={r.id} className="card" aria-labelledby={`ref-${r.id}`}>
          <h3 id={`ref-${r.id}`}>
            {r.customer} <span className={`status status-ref-${r.statusKey}`}>{r.status}</span>
          </h3>
          <dl className="facts">
            <dt>Industry</dt>
            <dd>{r.industry}</dd>
            <dt>Customer size</dt>
            <dd>{r.size}</dd>
            <dt>Use case</dt>
            <dd>{r.useCase}</dd>
            <dt>Go-live</dt>
            <dd>{r.goLive ?? <NotStated />}</dd>
            <dt>Model providers</dt>
            <dd>{r.providers.length ? r.providers.join(", ") : <NotStated />}</dd>
            <dt>Reference contact available</dt>
            <dd>{r.contact}</dd>
          </dl>
          {r.summary ? <p>{r.summary}</p> : null}
          {r.outcomes.length ? (
            <div className="table-wrap spaced-sm">
              <table className="table-stack">
                <caption className="visually-hidden">Measured outcomes of {r.customer}</caption>
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col">Baseline → result</th>
                    <th scope="col">Change</th>
                  </tr>
                </thead>
                <tbody>
                  {r.outcomes.map((o) => (
                    <tr key={o.id}>
                      <th scope="row" data-label="Metric">
                        {o.metric}
                      </th>
                      <td data-label="Baseline → result">
                        {o.baseline} → {o.result} {o.unit}
                      </td>
                      <td data-label="Change">{o.change}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">No measured outcomes.</p>
          )}
        </article>
      ))}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.name} · Partners · PartnerLens` : "Partner · PartnerLens" },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
