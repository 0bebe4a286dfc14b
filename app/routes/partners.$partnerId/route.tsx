import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { BuyerEvidence } from "~/components/buyer-evidence";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { AddToEvaluation, DeliveryReviews } from "~/components/partners/buyer-panels";
import {
  Documents,
  Glance,
  OrganisationAndMembership,
  Providers,
  Support,
} from "~/components/partners/claims";
import { Certifications, Specializations } from "~/components/partners/credentials";
import { References } from "~/components/partners/references";
import { todayUtc } from "~/domain/profile";
import { evaluationFor } from "~/models/evaluation.server";
import { addToEvaluationSchema } from "~/models/evaluation-forms.server";
import { addCandidate } from "~/models/evaluation-participants.server";
import { verificationSchema } from "~/models/evidence/schemas.server";
import { setVerification } from "~/models/evidence/verification.server";
import { getPartnerProfile } from "~/models/partner.server";
import { authorize, found, type Viewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, RuleRefused } from "~/utils/errors.server";
import { formatDate } from "~/utils/format";
import { formValues, parseForm } from "~/utils/forms.server";
import { forbidden, notFound } from "~/utils/http.server";
import { buyerView, claimsView } from "./view.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request);
  const profile = found(await getPartnerProfile(params.partnerId ?? ""));
  const today = todayUtc();
  const timeZone = viewer.orgKind === "buyer" ? viewer.orgTimeZone : "UTC";
  return {
    ...(await buyerView(viewer, profile, today, timeZone)),
    id: profile.id,
    name: profile.name,
    isOwn: viewer.organisationId === profile.id,
    updated: formatDate(profile.facts.profileUpdatedAt, timeZone),
    ...claimsView(profile, today),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer", roles: ["admin", "evaluator"] });
  const form = await request.formData();
  const partnerId = params.partnerId ?? "";
  const adding = form.get("intent") === "add-to-evaluation";
  try {
    return adding
      ? await addToEvaluation(viewer, partnerId, form)
      : await saveVerdict(viewer, partnerId, form);
  } catch (error) {
    // A rule's refusal (already shortlisted, a closed evaluation) reads beside the evaluation's select.
    if (adding && error instanceof RuleRefused) {
      return data(
        { ok: false as const, errors: { evaluationId: error.message }, values: formValues(form) },
        { status: 409 },
      );
    }
    return failureAnswer(error, form);
  }
}

/** A buyer's verdict on a piece of evidence: only the current version of this partner's that it may see. */
async function saveVerdict(viewer: Viewer, partnerId: string, form: FormData) {
  const parsed = parseForm(form, verificationSchema);
  if (!parsed.ok) return parsed.response;
  const done = await setVerification(viewer, partnerId, parsed.data, todayUtc());
  if (!done) notFound();
  return { ok: true as const, message: `Your verdict on “${done.title}” is saved.` };
}

/** Buyer admins: adds this partner to one of their evaluations' shortlists. */
async function addToEvaluation(viewer: Viewer, partnerId: string, form: FormData) {
  if (viewer.role !== "admin") forbidden();
  const parsed = parseForm(form, addToEvaluationSchema);
  if (!parsed.ok) return parsed.response;
  const { evaluation } = await evaluationFor(viewer, parsed.data.evaluationId);
  await addCandidate(
    { userId: viewer.userId, organisationId: viewer.organisationId },
    evaluation.id,
    partnerId,
  );
  return { ok: true as const, message: `Added to the shortlist of “${evaluation.name}”.` };
}

type ActionData =
  | { ok: true; message: string }
  | { ok: false; errors: Record<string, string | undefined>; values: Record<string, string> }
  | undefined;

export default function PartnerPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData;
  const failed = actionData?.ok === false ? actionData : undefined;
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
        <AddToEvaluation evaluations={d.openEvaluations} error={failed?.errors.evaluationId} />
      ) : null}
      {d.deliveries && d.deliveries.length > 0 ? (
        <DeliveryReviews name={d.name} deliveries={d.deliveries} />
      ) : null}
      <Glance headline={d.headline} />
      {d.showEvidence ? (
        <BuyerEvidence
          items={d.evidence}
          canVerify={d.canVerify}
          errors={failed?.errors ?? {}}
          failedVersionId={failed?.values.versionId}
        />
      ) : null}
      <OrganisationAndMembership organisation={d.organisation} membership={d.membership} />
      <Certifications certifications={d.certifications} />
      <Specializations specializations={d.specializations} />
      <References references={d.references} />
      <Providers providers={d.providers} />
      <Support support={d.support} />
      <Documents documents={d.documents} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: data ? `${data.name} · Partners · PartnerLens` : "Partner · PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
