import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useId, useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidencePeriodFields, EvidenceSourceFields } from "~/components/evidence-fields";
import {
  Field,
  FieldError,
  FormAlert,
  IdempotencyField,
  SelectField,
  SubmitButton,
} from "~/components/forms";
import { PageHeader } from "~/components/page";
import { type UploadFailure, UploadForm } from "~/components/upload-form";
import { CLAIM_KIND_LABELS, listClaimOptions, MAX_EVIDENCE_TITLE_LENGTH } from "~/models/evidence.server";
import { addEvidenceAction } from "~/models/evidence-actions.server";
import {
  ANSWER_NOTE_LIMIT,
  answerFormSchema,
  answerRequest,
  getRequestForPartner,
  listAnswerableEvidence,
  REQUEST_STATUS_LABELS,
  RequestConflict,
  RequestInputError,
  RequestRuleError,
} from "~/models/evidence-requests.server";
import { authorize, found } from "~/utils/access.server";
import { writeFailure } from "~/utils/database-fault.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { expectFields, fieldErrors, formValues } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";

/** The query parameter that sends a post of this page to the evidence upload pipeline. */
const ADD_EVIDENCE = "add-evidence";

// Partners only, and only the requests addressed to their organisation: another partner's request, or any buyer,
// gets 404. Partner admins and members both answer.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const [r, own, claims] = await Promise.all([
    getRequestForPartner(viewer.organisationId, params.requestId ?? ""),
    listAnswerableEvidence(viewer.organisationId),
    listClaimOptions(viewer.organisationId),
  ]);
  const req = found(r);
  const attached = new Set(req.answerEvidenceIds);
  // Evidence just added from this page comes back ticked (and, when restricted, with the share box ticked).
  const addedId = new URL(request.url).searchParams.get("added");
  const added = own.find((e) => e.id === addedId);
  return {
    idempotencyKey: newIdempotencyKey(),
    request: {
      id: req.id,
      buyer: req.buyer,
      criterion: req.criterion,
      question: req.question,
      message: req.message,
      due: formatDate(`${req.dueOn}T12:00:00Z`),
      timeZone: req.buyerTimeZone.replaceAll("_", " "),
      askedAt: formatDate(req.askedAt, req.buyerTimeZone),
      status: req.status,
      statusLabel: REQUEST_STATUS_LABELS[req.status],
      overdue: req.overdue,
      version: req.version,
      answer: req.answeredAt
        ? {
            by: req.answeredBy ?? "A former member",
            at: formatDateTime(req.answeredAt),
            note: req.answerNote ?? "",
            evidence: own.filter((e) => attached.has(e.id)).map((e) => e.title),
          }
        : null,
    },
    added: added ? { id: added.id, title: added.title, restricted: added.restricted } : null,
    claims: claims.map((c) => ({ value: c.value, label: c.label })),
    evidence: own.map((e) => ({
      id: e.id,
      title: e.title,
      claim: CLAIM_KIND_LABELS[e.claimKind],
      restricted: e.restricted,
      attached: attached.has(e.id) || e.id === added?.id,
    })),
  };
}

interface AnswerFailure {
  errors: Record<string, string | undefined>;
  values: Record<string, string>;
  chosen: string[];
  formError?: string;
}

/** What the "Add new evidence" form's post answers when it fails without JavaScript (no `chosen`). */
interface AddFailure {
  errors: Record<string, string | undefined>;
  values: Record<string, string>;
  formError?: string;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  const requestId = params.requestId ?? "";
  // Another partner's request (or none) is a 404 whatever the form holds.
  found(await getRequestForPartner(viewer.organisationId, requestId));
  // New evidence for the answer (`?add-evidence`, a multipart form): the evidence pipeline (streamed, checked,
  // stored), then back here with it ticked.
  if (new URL(request.url).searchParams.has(ADD_EVIDENCE)) {
    return addEvidenceAction(request, "page", requestId);
  }
  const form = expectFields(await request.formData(), answerFormSchema);
  const chosen = form.getAll("evidence").filter((v): v is string => typeof v === "string");
  const fail = (body: Omit<AnswerFailure, "values" | "chosen">, status: number) =>
    data({ ...body, values: formValues(form), chosen } satisfies AnswerFailure, { status });
  if (form.get("intent") !== "answer") return fail({ errors: {}, formError: "Unknown action." }, 400);
  const parsed = answerFormSchema.safeParse(formValues(form));
  if (!parsed.success) return fail({ errors: fieldErrors(parsed.error) }, 400);
  const location = `/requests/${requestId}?answered=1`;
  try {
    // Once per drawn form (docs/decisions/0002): a resubmitted answer replays, never meeting its own change as a
    // conflict nor writing a second audit event.
    await once(form, `evidence_request.answer:${requestId}`, async (tx) => {
      const answered = await answerRequest(
        actor,
        requestId,
        {
          evidenceIds: chosen,
          note: parsed.data.note,
          share: parsed.data.share,
          version: parsed.data.version,
        },
        tx,
      );
      if (!answered) notFound();
      return location;
    });
  } catch (error) {
    if (error instanceof RequestInputError) return fail({ errors: error.errors }, 400);
    const failed = writeFailure(error, [RequestConflict, RequestRuleError]);
    if (failed) return fail({ errors: {}, formError: failed.formError }, failed.status);
    throw error;
  }
  throw redirect(location);
}

export default function RequestPage() {
  const { request: r, evidence, claims, added, idempotencyKey } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as AnswerFailure | AddFailure | undefined;
  const failure = posted && "chosen" in posted ? posted : undefined;
  const addFailure = posted && !("chosen" in posted) ? posted : undefined;
  const [params] = useSearchParams();
  const id = useId();
  const errors = failure?.errors ?? {};
  const chosen = new Set(failure ? failure.chosen : evidence.filter((e) => e.attached).map((e) => e.id));
  const anyRestricted = evidence.some((e) => e.restricted);
  const mayAnswer = r.status !== "closed";
  return (
    <>
      <p>
        <Link to="/requests">← Requests</Link>
      </p>
      <PageHeader
        title={`${r.buyer} asks for evidence`}
        intro={
          <>
            <span
              className={`badge ${r.status === "open" ? "status-pending" : r.status === "answered" ? "status-current" : "badge-neutral"}`}
            >
              {r.statusLabel}
            </span>{" "}
            {r.overdue ? <span className="badge request-overdue">Overdue</span> : null} Asked {r.askedAt}; due{" "}
            {r.due} ({r.timeZone} time).
          </>
        }
      />
      {params.get("answered") ? (
        <div className="alert alert-success" role="status">
          Answer sent to {r.buyer}.
        </div>
      ) : null}
      <section className="card request-detail" aria-labelledby="asked-title">
        <h2 id="asked-title" className="section-title">
          {r.criterion}
        </h2>
        <p className="template-question">{r.question}</p>
        <h3>Message from {r.buyer}</h3>
        <blockquote className="request-message">{r.message}</blockquote>
      </section>

      {r.answer ? (
        <section className="card request-detail" aria-labelledby="answer-title">
          <h2 id="answer-title" className="section-title">
            Your answer
          </h2>
          <p className="muted">
            Sent by {r.answer.by}, {r.answer.at} (UTC).
          </p>
          {r.answer.note ? <p className="request-note">{r.answer.note}</p> : null}
          {r.answer.evidence.length > 0 ? (
            <ul>
              {r.answer.evidence.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      {mayAnswer ? (
        <section className="card" aria-labelledby="answer-form-title">
          <h2 id="answer-form-title" className="section-title">
            {r.answer ? "Answer again" : "Answer"}
          </h2>
          {r.answer ? (
            <p className="muted">
              A new answer replaces the one above. Evidence already shared stays shared.
            </p>
          ) : null}
          {added ? (
            <div className="alert alert-success" role="status">
              “{added.title}” added to your evidence and ticked below
              {added.restricted ? `; it is shared with ${r.buyer} only when you send this answer` : ""}.
            </div>
          ) : null}
          <AddEvidence
            // Drawn afresh (closed, emptied) once its evidence came back.
            key={added?.id ?? "add"}
            buyer={r.buyer}
            requestId={r.id}
            claims={claims}
            idempotencyKey={idempotencyKey}
            failure={addFailure}
          />
          <FormAlert message={failure?.formError} />
          <Form method="post" className="request-answer-form">
            <IdempotencyField value={idempotencyKey} />
            <input type="hidden" name="version" value={r.version} />
            <fieldset
              className="field cite-list"
              aria-describedby={errors.evidence ? `${id}-evidence-error` : undefined}
            >
              <legend>Attach your evidence</legend>
              {evidence.length > 0 ? (
                <ul>
                  {evidence.map((e) => (
                    <li key={e.id}>
                      <label className="profile-check">
                        <input
                          type="checkbox"
                          name="evidence"
                          value={e.id}
                          defaultChecked={chosen.has(e.id)}
                        />
                        <span>
                          {e.title} <span className="muted">· {e.claim}</span>{" "}
                          {e.restricted ? (
                            <span className="badge badge-neutral">restricted</span>
                          ) : (
                            <span className="muted">· visible to all buyers</span>
                          )}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">You have no evidence yet.</p>
              )}
              <p className="hint">
                Not listed? Add it with “Add new evidence” above: it comes back ticked here.
              </p>
              <FieldError id={`${id}-evidence-error`} error={errors.evidence} />
            </fieldset>
            {anyRestricted ? (
              <div className="field">
                <label className="profile-check">
                  <input
                    // A new restricted item ticks it: drawn afresh when one comes back (`defaultChecked` is read once).
                    key={added?.id ?? "share"}
                    type="checkbox"
                    name="share"
                    value="on"
                    defaultChecked={failure ? failure.values.share === "on" : !!added?.restricted}
                    aria-describedby={errors.share ? `${id}-share-error` : `${id}-share-hint`}
                  />
                  <span>Share the restricted items I attach with {r.buyer} (only with them)</span>
                </label>
                <p className="hint" id={`${id}-share-hint`}>
                  Restricted evidence stays hidden from every other buyer. Sharing cannot be undone.
                </p>
                <FieldError id={`${id}-share-error`} error={errors.share} />
              </div>
            ) : null}
            <div className="field">
              <label htmlFor={`${id}-note`}>Note to {r.buyer}</label>
              <textarea
                id={`${id}-note`}
                name="note"
                rows={4}
                maxLength={ANSWER_NOTE_LIMIT}
                defaultValue={failure?.values.note ?? (r.answer?.note || "")}
                aria-invalid={errors.note ? true : undefined}
                aria-describedby={errors.note ? `${id}-note-error` : undefined}
              />
              <FieldError id={`${id}-note-error`} error={errors.note} />
            </div>
            <input type="hidden" name="intent" value="answer" />
            <SubmitButton pendingText="Sending…">
              {r.answer ? "Send the new answer" : "Send answer"}
            </SubmitButton>
          </Form>
        </section>
      ) : (
        <p className="muted">{r.buyer} closed this request: it takes no more answers.</p>
      )}
    </>
  );
}

/**
 * New evidence for this answer, through the evidence upload pipeline: a plain multipart post to this page without
 * JavaScript, XMLHttpRequest with a progress bar otherwise; either way it comes back here with the evidence ticked.
 */
function AddEvidence({
  buyer,
  requestId,
  claims,
  idempotencyKey,
  failure,
}: {
  buyer: string;
  requestId: string;
  claims: { value: string; label: string }[];
  idempotencyKey: string;
  failure: AddFailure | undefined;
}) {
  const [xhrFailure, setXhrFailure] = useState<UploadFailure | undefined>();
  const errors = xhrFailure?.errors ?? failure?.errors ?? {};
  const values: Record<string, string> = failure?.values ?? {};
  const formError = xhrFailure?.formError ?? failure?.formError;
  return (
    <details className="request-add-evidence" open={failure || xhrFailure ? true : undefined}>
      <summary>Add new evidence for this answer (a file or a link)</summary>
      {claims.length === 0 ? (
        <p>
          Evidence attaches to a claim of your profile: <Link to="/profile">add claims to your profile</Link>{" "}
          first.
        </p>
      ) : (
        <>
          <FormAlert message={formError} />
          <UploadForm
            action={`/requests/${requestId}?${ADD_EVIDENCE}`}
            xhrAction="/evidence/upload"
            submitLabel="Add evidence"
            onFailure={setXhrFailure}
          >
            <IdempotencyField value={idempotencyKey} />
            <input type="hidden" name="request" value={requestId} />
            <SelectField
              label="Supports the claim"
              name="claim"
              options={[{ value: "", label: "Choose a claim" }, ...claims]}
              defaultValue={values.claim ?? ""}
              error={errors.claim}
            />
            <Field
              label="Title"
              name="title"
              required
              maxLength={MAX_EVIDENCE_TITLE_LENGTH}
              defaultValue={values.title}
              error={errors.title}
            />
            <EvidenceSourceFields errors={errors} values={values} />
            <EvidencePeriodFields errors={errors} values={values} />
            <SelectField
              label="Who may see it"
              name="visibility"
              options={[
                { value: "all_buyers", label: "All buyers" },
                { value: "restricted", label: "Restricted: only buyers you share it with" },
              ]}
              hint={`Restricted evidence goes to ${buyer} alone, when you send this answer with it.`}
              defaultValue={values.visibility ?? "restricted"}
              error={errors.visibility}
            />
          </UploadForm>
        </>
      )}
    </details>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.request.buyer ?? "Request"} · Requests · PartnerLens` },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
