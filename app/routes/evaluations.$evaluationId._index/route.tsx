import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DecisionPanel, RecordLinks } from "~/components/decision-panel";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Candidates, type EvaluationAnswer } from "~/components/evaluation/candidates";
import { Evaluators } from "~/components/evaluation/evaluators";
import { MyWork } from "~/components/evaluation/my-work";
import { EvaluationContext, EvaluationHeader } from "~/components/evaluation/overview";
import { Results } from "~/components/evaluation/results";
import { ReviewConfirmation, StatusActions } from "~/components/evaluation/status-actions";
import { FormAlert } from "~/components/forms";
import { STATUS_LABELS } from "~/domain/evaluation";
import type { Actor } from "~/models/audit.server";
import {
  addDeliveryReview,
  type DebriefInput,
  type DeliveryReviewInput,
  debriefSchema,
  deliveryReviewSchema,
  publishDebrief,
} from "~/models/decision.server";
import { type EvaluationRow, evaluationFor } from "~/models/evaluation.server";
import { type EvaluationAction, evaluationActionSchema } from "~/models/evaluation-forms.server";
import {
  addCandidate,
  assignEvaluator,
  removeCandidate,
  unassignEvaluator,
  withdrawCandidate,
} from "~/models/evaluation-participants.server";
import { cloneEvaluation, moveStatus } from "~/models/evaluation-setup.server";
import { resendPartnerInvitation, withdrawPartnerInvitation } from "~/models/partner-invitations.server";
import { reviewGaps } from "~/models/review-gaps.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";
import { parseForm } from "~/utils/forms.server";
import { forbidden } from "~/utils/http.server";
import { once } from "~/utils/idempotency.server";
import { evaluationPage } from "./view.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, params.evaluationId);
  return evaluationPage(viewer, access);
}

// Admins only: evaluators and viewers who see the evaluation get 403, anyone else 404 through `evaluationFor`.
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const { evaluation, isAdmin } = await evaluationFor(viewer, params.evaluationId);
  if (!isAdmin) forbidden();
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "delivery-review" || intent === "debrief")
    return recordAfterDecision(form, actor, evaluation.id);
  const parsed = parseForm(form, evaluationActionSchema);
  if (!parsed.ok) return parsed.response;
  let outcome: Outcome;
  try {
    outcome = await change(form, actor, evaluation, parsed.data);
  } catch (error) {
    return failureAnswer(error, form);
  }
  if ("location" in outcome) throw redirect(outcome.location);
  if ("reviewGaps" in outcome) return { ok: true as const, reviewGaps: outcome.reviewGaps };
  return { ok: true as const, message: outcome.message };
}

/** A message to show, where to go (a clone), or what is missing before a move to review (to confirm first). */
type Outcome = { message: string } | { location: string } | { reviewGaps: string[] };

/** Makes one change the page's forms ask for. */
async function change(
  form: FormData,
  actor: Actor,
  evaluation: EvaluationRow,
  input: EvaluationAction,
): Promise<Outcome> {
  switch (input.intent) {
    case "add-candidate":
      await addCandidate(actor, evaluation.id, input.partnerId);
      return { message: "Partner added to the shortlist." };
    case "remove-candidate":
      await removeCandidate(actor, evaluation.id, input.candidateId);
      return { message: "Candidate removed." };
    case "withdraw-candidate":
      await withdrawCandidate(actor, evaluation.id, input.candidateId, input.reason);
      return { message: "Candidate withdrawn: it stays in the record, out of the ranking." };
    case "resend-invitation": {
      const sent = await resendPartnerInvitation(actor, evaluation.id, input.invitationId);
      return {
        message: `Invitation sent again to ${sent.email}: the new link works for 14 days, and the old one no longer works.`,
      };
    }
    case "revoke-invitation":
    case "withdraw-invitation": {
      const reason = input.intent === "withdraw-invitation" ? input.reason : null;
      const { companyName } = await withdrawPartnerInvitation(
        actor,
        evaluation.id,
        input.invitationId,
        reason,
      );
      return {
        message: reason
          ? `${companyName} withdrawn: its invitation link no longer works.`
          : `Invitation to ${companyName} revoked: its link no longer works.`,
      };
    }
    case "assign":
      await assignEvaluator(actor, evaluation.id, input.userId);
      return { message: "Evaluator assigned." };
    case "unassign":
      await unassignEvaluator(actor, evaluation.id, input.userId);
      return {
        message:
          "Evaluator unassigned: their scores leave every figure and return if they are assigned again.",
      };
    case "move": {
      // Scoring to review with scores or values missing: the admin reads which, and confirms (a second post).
      const unconfirmed = form.get("confirm") !== "yes" && evaluation.version === input.version;
      if (input.to === "review" && evaluation.status === "scoring" && unconfirmed) {
        const gaps = await reviewGaps(evaluation, actor.organisationId);
        if (gaps.length > 0) return { reviewGaps: gaps };
      }
      await moveStatus(actor, evaluation.id, input.version, input.to);
      return { message: `Status: ${STATUS_LABELS[input.to]}.` };
    }
    case "clone":
      return once(form, "evaluation.clone", async (tx) => {
        const copy = await cloneEvaluation(tx, actor, evaluation);
        return `/evaluations/${copy.id}`;
      });
  }
}

/** The two changes a decided evaluation still takes (docs/product.md "Decision"): delivery reviews and debriefs. */
async function recordAfterDecision(form: FormData, actor: Actor, id: string) {
  const review = form.get("intent") === "delivery-review";
  const parsed = review ? parseForm(form, deliveryReviewSchema) : parseForm(form, debriefSchema);
  if (!parsed.ok) return parsed.response;
  try {
    await once(form, review ? "evaluation.delivery_review" : "evaluation.debrief", async (tx) => {
      if (review) await addDeliveryReview(tx, actor, id, parsed.data as DeliveryReviewInput);
      else await publishDebrief(tx, actor, id, parsed.data as DebriefInput);
      return `/evaluations/${id}`;
    });
  } catch (error) {
    return failureAnswer(error, form);
  }
  return {
    ok: true as const,
    message: review ? "Delivery review recorded." : "Debrief published: the partner reads it under Requests.",
  };
}

export default function EvaluationPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as (EvaluationAnswer & { reviewGaps?: string[] }) | undefined;
  const [params] = useSearchParams();
  const e = d.evaluation;
  return (
    <>
      <p>
        <Link to="/evaluations">← Evaluations</Link>
      </p>
      <EvaluationHeader evaluation={e} isAdmin={d.isAdmin} canTriage={d.can.triage} />
      {INVITATION_OUTCOMES[params.get("invitation") ?? ""] && !answer ? (
        <div className="alert alert-success" role="status">
          {INVITATION_OUTCOMES[params.get("invitation") ?? ""]}
        </div>
      ) : null}
      {params.get("details") && !answer ? (
        <div className="alert alert-success" role="status">
          {params.get("details") === "saved"
            ? "Details saved, and recorded in the audit log."
            : "Nothing had changed, so nothing was saved."}
        </div>
      ) : null}
      {answer?.ok && answer.message ? (
        <div className="alert alert-success" role="status">
          {answer.message}
        </div>
      ) : null}
      <FormAlert message={answer?.ok === false ? answer.formError : undefined} />

      {answer?.reviewGaps && answer.reviewGaps.length > 0 ? (
        <ReviewConfirmation evaluation={e} gaps={answer.reviewGaps} />
      ) : null}
      {d.me ? <MyWork evaluationId={e.id} status={e.status} me={d.me} primary={!d.isAdmin} /> : null}

      <EvaluationContext evaluation={e} checklist={d.checklist} can={d.can} />

      {d.decision ? <DecisionPanel decision={d.decision} answer={answer} /> : null}
      {d.canDecide || d.canExport ? (
        <RecordLinks evaluationId={e.id} canDecide={d.canDecide} canExport={d.canExport} />
      ) : null}
      <Candidates
        evaluationId={e.id}
        declareFirst={d.declareFirst}
        candidates={d.candidates}
        can={d.can}
        reasonLimit={d.limits.reason}
        addable={d.addable}
        invitations={d.invitations}
        answer={answer}
      />
      <Evaluators evaluators={d.evaluators} isAdmin={d.isAdmin} can={d.can} assignable={d.assignable} />
      <Results evaluationId={e.id} status={e.status} declareFirst={d.declareFirst} results={d.results} />
      {d.isAdmin ? (
        <StatusActions
          evaluation={e}
          moves={d.moves}
          idempotencyKey={d.idempotencyKey}
          reviewGaps={answer?.reviewGaps}
        />
      ) : null}
    </>
  );
}

/** What the invite page's outcome (`?invitation=`) says once back here. */
const INVITATION_OUTCOMES: Record<string, string> = {
  sent: "Invitation sent. The company shows under “Invited, not joined” until its contact creates the partner profile.",
  chosen: "Partner added to the shortlist, and its admins were told.",
  listed: "That partner is on the shortlist already: nothing changed.",
};

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `${data?.evaluation.name ?? "Evaluation"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
