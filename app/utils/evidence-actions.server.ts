// The evidence forms' writes, shared by the pages' actions (plain form posts, without JavaScript) and the upload
// resource routes (XMLHttpRequest with a progress bar, answered in JSON).
import { resolveClaim } from "~/models/evidence/claims.server";
import { evidenceContent } from "~/models/evidence/content.server";
import { evidenceDetailsSchema } from "~/models/evidence/schemas.server";
import {
  addEvidenceVersion,
  createEvidence,
  type EvidenceContent,
  ownsEvidence,
} from "~/models/evidence/write.server";
import { getRequestForPartner } from "~/models/evidence-requests/partner.server";
import { authorize } from "./access.server";
import { InputError } from "./errors.server";
import { type AnswerMode, uploadAnswer, withEvidenceUpload } from "./evidence-upload.server";
import { fieldErrors } from "./forms.server";
import { notFound } from "./http.server";
import { once } from "./idempotency.server";
import type { Spooled } from "./uploads.server";

/** The details and the file or link, every problem named at once (a message per field), or both checked. */
async function checkedEvidence(form: FormData, spooled: Spooled | undefined) {
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  const parsed = evidenceDetailsSchema.safeParse(raw);
  const errors: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  let content: EvidenceContent | undefined;
  try {
    content = await evidenceContent(form, spooled);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    Object.assign(errors, error.errors);
  }
  if (!parsed.success || !content) throw new InputError(errors);
  return { details: parsed.data, content };
}

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
    const { details, content } = await checkedEvidence(form, spooled);
    const claim = await resolveClaim(viewer.organisationId, details.claim);
    const { location } = await once(form, "evidence", async (tx) => {
      const id = await createEvidence(tx, actor, details, claim, content);
      return requestId
        ? `/requests/${requestId}?${new URLSearchParams({ added: id })}#answer-form-title`
        : `/evidence/${id}?added=1`;
    });
    return uploadAnswer(mode, form, { location });
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
