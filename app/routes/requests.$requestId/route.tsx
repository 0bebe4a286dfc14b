import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AddEvidenceForAnswer } from "~/components/evidence/add-evidence";
import { type AnswerFailure, AnswerSection } from "~/components/evidence/request-answer";
import { RequestAsked, RequestHeader } from "~/components/evidence/request-detail";
import type { FormFailure } from "~/components/forms";
import { answerRequest } from "~/models/evidence-requests/answer.server";
import { getRequestForPartner } from "~/models/evidence-requests/partner.server";
import { answerFormSchema } from "~/models/evidence-requests/rules.server";
import { authorize, found, type Viewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, InputError, NotFound } from "~/utils/errors.server";
import { addEvidenceAction } from "~/utils/evidence-actions.server";
import { expectFields, fieldErrors, formValues } from "~/utils/forms.server";
import { once } from "~/utils/idempotency.server";
import { requestPage } from "./view.server";

/** The query parameter that sends a post of this page to the evidence upload pipeline. */
const ADD_EVIDENCE = "add-evidence";

// Partners only, and only the requests addressed to their organisation: another partner's request, or any buyer,
// gets 404. Partner admins and members both answer.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  return requestPage(viewer, params.requestId ?? "", new URL(request.url).searchParams.get("added"));
}

/** Sends the answer once per drawn form; where to go next. */
async function sendAnswer(viewer: Viewer, requestId: string, form: FormData): Promise<string> {
  if (form.get("intent") !== "answer") throw new InputError({}, "Unknown action.");
  const parsed = answerFormSchema.safeParse(formValues(form));
  if (!parsed.success) throw new InputError(fieldErrors(parsed.error));
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  const evidenceIds = form.getAll("evidence").filter((v): v is string => typeof v === "string");
  const location = `/requests/${requestId}?answered=1`;
  // Once per drawn form (docs/decisions/0002): a resubmitted answer replays, never meeting its own change as a
  // conflict nor writing a second audit event.
  await once(form, `evidence_request.answer:${requestId}`, async (tx) => {
    const answered = await answerRequest(actor, requestId, { evidenceIds, ...parsed.data }, tx);
    if (!answered) throw new NotFound();
    return location;
  });
  return location;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const requestId = params.requestId ?? "";
  // Another partner's request (or none) is a 404 whatever the form holds.
  found(await getRequestForPartner(viewer.organisationId, requestId));
  // New evidence for the answer (`?add-evidence`, a multipart form): the evidence pipeline (streamed, checked,
  // stored), then back here with it ticked.
  if (new URL(request.url).searchParams.has(ADD_EVIDENCE)) {
    return addEvidenceAction(request, "page", requestId);
  }
  const form = expectFields(await request.formData(), answerFormSchema);
  let location: string;
  try {
    location = await sendAnswer(viewer, requestId, form);
  } catch (error) {
    return failureAnswer(error, form, { checked: ["evidence"] });
  }
  throw redirect(location);
}

export default function RequestPage() {
  const { request: r, evidence, claims, added, idempotencyKey } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as AnswerFailure | FormFailure | undefined;
  // The answer's failures carry the ticked evidence; the "Add new evidence" post's do not.
  const failure = posted && "checked" in posted ? posted : undefined;
  const addFailure = posted && !("checked" in posted) ? posted : undefined;
  const [params] = useSearchParams();
  return (
    <>
      <RequestHeader request={r} answered={Boolean(params.get("answered"))} />
      <RequestAsked request={r} />
      {r.status !== "closed" ? (
        <AnswerSection
          request={r}
          evidence={evidence}
          added={added}
          idempotencyKey={idempotencyKey}
          failure={failure}
          addEvidence={
            <AddEvidenceForAnswer
              // Drawn afresh (closed, emptied) once its evidence came back.
              key={added?.id ?? "add"}
              action={`/requests/${r.id}?${ADD_EVIDENCE}`}
              buyer={r.buyer}
              requestId={r.id}
              claims={claims}
              idempotencyKey={idempotencyKey}
              failure={addFailure}
            />
          }
        />
      ) : (
        <p className="muted">{r.buyer} closed this request: it takes no more answers.</p>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `${data?.request.buyer ?? "Request"} · Requests · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
