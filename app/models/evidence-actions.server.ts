import { authorize } from "../utils/access.server";
import { fieldErrors } from "../utils/forms.server";
import { notFound } from "../utils/http.server";
import { MissingIdempotencyKey, once } from "../utils/idempotency.server";
import {
  addEvidenceVersion,
  createEvidence,
  evidenceDetailsSchema,
  ownsEvidence,
  resolveClaim,
} from "./evidence.server";
import { getRequestForPartner } from "./evidence-requests.server";
import { type AnswerMode, evidenceContent, uploadAnswer, withEvidenceUpload } from "./evidence-upload.server";

// The evidence forms' writes, shared by the pages' actions (plain form posts, without JavaScript) and the upload
// resource routes (XMLHttpRequest with a progress bar, answered in JSON).

/**
 * Adds evidence (a checked file or a link) to one of the partner's claims. Sent from an evidence request's page
 * (`forRequest`, or the form's `request` field for the upload route), it returns to that request with the new
 * evidence ticked for the answer; a request not addressed to the partner is a 404, before anything is stored.
 */
export async function addEvidenceAction(request: Request, mode: AnswerMode, forRequest?: string) {
  const viewer = await authorize(request, { kind: "partner" });
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  // A request not addressed to the partner is a 404 before anything is read or counted.
  if (forRequest && !(await getRequestForPartner(viewer.organisationId, forRequest))) notFound();
  return withEvidenceUpload(request, mode, actor, async (form, spooled) => {
    const requestId =
      forRequest ?? (typeof form.get("request") === "string" ? String(form.get("request")) : "");
    if (requestId && !(await getRequestForPartner(viewer.organisationId, requestId))) notFound();
    const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
    const parsed = evidenceDetailsSchema.safeParse(raw);
    const errors: Record<string, string | undefined> = parsed.success ? {} : fieldErrors(parsed.error);
    // Check the file or link too, so that every problem is named at once.
    let content: Awaited<ReturnType<typeof evidenceContent>> | undefined;
    try {
      content = await evidenceContent(form, spooled);
    } catch (error) {
      if (!(error instanceof Error && "field" in error)) throw error;
      errors[(error as { field: string }).field] = error.message;
    }
    if (!parsed.success || !content) return uploadAnswer(mode, form, { status: 400, errors });
    const claim = await resolveClaim(viewer.organisationId, parsed.data.claim);
    const checked = content;
    try {
      const { location } = await once(form, "evidence", async (tx) => {
        const id = await createEvidence(tx, actor, parsed.data, claim, checked);
        return requestId
          ? `/requests/${requestId}?${new URLSearchParams({ added: id })}#answer-form-title`
          : `/evidence/${id}?added=1`;
      });
      return uploadAnswer(mode, form, { location });
    } catch (error) {
      if (error instanceof MissingIdempotencyKey) {
        return uploadAnswer(mode, form, {
          status: 400,
          errors: {},
          formError: "This form expired. Send it again.",
        });
      }
      throw error;
    }
  });
}

/** Uploads a new version of the partner's own evidence (404 for anyone else's). */
export async function newVersionAction(request: Request, evidenceId: string, mode: AnswerMode) {
  const viewer = await authorize(request, { kind: "partner" });
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  // Another partner's evidence (or none) is a 404 before the upload is read or counted.
  if (!(await ownsEvidence(viewer.organisationId, evidenceId))) notFound();
  return withEvidenceUpload(request, mode, actor, async (form, spooled) => {
    const content = await evidenceContent(form, spooled);
    const added = await addEvidenceVersion(actor, evidenceId, Number(form.get("version")), content);
    if (!added) notFound();
    return uploadAnswer(mode, form, { location: `/evidence/${evidenceId}?version=${added.number}` });
  });
}
