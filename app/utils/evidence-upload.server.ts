// The upload path of the evidence forms: refusals before reading (rate limit, declared size, quota), the streamed
// read, and the answers, JSON to the progress-bar client or a page action's data or redirect. Models know none of
// this: they throw the error model's failures (errors.server.ts), answered here like everywhere else, except that a
// full quota is a 413 like a file over the size limit.
import { data, redirect } from "@remix-run/node";
import { formatBytes, MAX_EVIDENCE_BYTES } from "~/domain/evidence-files";
import { evidenceDetailsSchema } from "~/models/evidence/schemas.server";
import { StorageQuotaExceeded, storageQuotaBytes, storageUsed } from "~/models/evidence/storage.server";
import { getEnv } from "./config.server";
import { formFailure } from "./errors.server";
import { expectFields, formValues } from "./forms.server";
import { recordAttempts, retryAfterSeconds, type ThrottleCheck, waitText } from "./throttle.server";
import { uploadRefusal } from "./upload-errors.server";
import { MAX_DRAIN_BYTES, parseUpload, type Spooled, withSpooled } from "./uploads.server";

/** Room for the form's other fields and the multipart boundaries around a file at the limit. */
const FORM_OVERHEAD_BYTES = 256 * 1024;

/** Reads and drops a request body (bounded), ignoring errors: the answer has already been decided. */
async function drainBody(request: Request): Promise<void> {
  const reader = request.body?.getReader();
  if (!reader) return;
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      if (read > MAX_DRAIN_BYTES) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The client went away: nothing to do.
  }
}

/** How an upload is answered: JSON (the upload resource routes) or as a page's action (data or a redirect). */
export type AnswerMode = "json" | "page";

type Failure = {
  status: number;
  errors: Record<string, string | undefined>;
  formError?: string;
  headers?: Record<string, string>;
};

/** What an upload form's action answers: JSON to the progress-bar client, Remix data or a redirect otherwise. */
export function uploadAnswer(
  mode: AnswerMode,
  form: FormData | undefined,
  result: { location: string } | Failure,
) {
  const json = mode === "json";
  if ("location" in result) {
    return json ? Response.json({ location: result.location }) : redirect(result.location);
  }
  const body = {
    ok: false as const,
    errors: result.errors,
    values: form ? formValues(expectFields(form, evidenceDetailsSchema), ["_idempotency", "file"]) : {},
    formError: result.formError,
  };
  const init = { status: result.status, headers: result.headers };
  return json ? Response.json(body, init) : data(body, init);
}

/**
 * How a failure while the form was handled is answered: the reader's refusals and a full quota (413) as they are;
 * the error model's failures with their status, field messages alone when there are any (they say it all). A
 * NotFound or Forbidden is the 404 or 403 page; anything else is rethrown.
 */
function handlingFailure(error: unknown): Failure {
  const refused = uploadRefusal(error);
  if (refused) return refused;
  if (error instanceof StorageQuotaExceeded) return { status: 413, errors: error.errors };
  const failure = formFailure(error);
  const hasFieldErrors = Object.keys(failure.errors).length > 0;
  return {
    status: failure.status,
    errors: failure.errors,
    formError: hasFieldErrors ? undefined : failure.formError,
  };
}

/** Who uploads: the person (for the rate limit) and the partner organisation (for the quota). */
export type Uploader = { userId: string; organisationId: string };

/**
 * Answers an upload that must not be read: the person's rate limit reached (429, with Retry-After), or a declared
 * size beyond the file limit or the organisation's quota (413). The body is still read and dropped (bounded), so
 * that the browser gets the answer rather than a connection reset.
 */
async function refuseBeforeReading(request: Request, uploader: Uploader): Promise<Failure | undefined> {
  const limit: ThrottleCheck = { scope: "upload", key: uploader.userId, max: getEnv().UPLOAD_RATE_LIMIT };
  const wait = await retryAfterSeconds([limit]);
  if (wait > 0) {
    return {
      status: 429,
      errors: {},
      formError: `You sent ${limit.max} files in the last 10 minutes, the most one person may. Wait ${waitText(wait)} and try again.`,
      headers: { "Retry-After": String(wait) },
    };
  }
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (!Number.isFinite(declared)) return undefined;
  if (declared > MAX_EVIDENCE_BYTES + FORM_OVERHEAD_BYTES) {
    return {
      status: 413,
      errors: { file: `This file is larger than the limit of ${formatBytes(MAX_EVIDENCE_BYTES)}.` },
    };
  }
  const used = await storageUsed(uploader.organisationId);
  const file = Math.max(0, declared - FORM_OVERHEAD_BYTES);
  if (used + file > storageQuotaBytes()) {
    return { status: 413, errors: new StorageQuotaExceeded(used, storageQuotaBytes(), file).errors };
  }
  return undefined;
}

/**
 * Receives a multipart evidence form: the file part is streamed to a temporary file (hashed, size-limited, cut
 * after UPLOAD_IDLE_TIMEOUT_MS of silence), each file counted against the person's rate limit, the other fields
 * arrive as usual. Then `handle` runs with the form and the spooled file (if any), and the temporary file is
 * removed whatever happens. Refusals answer at once: 413 as soon as a limit is crossed, 429, 408, 400.
 */
export async function withEvidenceUpload(
  request: Request,
  mode: AnswerMode,
  uploader: Uploader,
  handle: (
    form: FormData,
    spooled: Spooled | undefined,
  ) => Promise<Response | ReturnType<typeof uploadAnswer>>,
) {
  const early = await refuseBeforeReading(request, uploader);
  if (early) {
    void drainBody(request);
    return uploadAnswer(mode, undefined, early);
  }
  let upload: Awaited<ReturnType<typeof parseUpload>>;
  try {
    upload = await parseUpload(request, {
      maxBytes: MAX_EVIDENCE_BYTES,
      idleTimeoutMs: getEnv().UPLOAD_IDLE_TIMEOUT_MS,
      onFile: () => recordAttempts([{ scope: "upload", key: uploader.userId }]),
    });
  } catch (error) {
    const refused = uploadRefusal(error);
    if (refused) return uploadAnswer(mode, undefined, refused);
    throw error;
  }
  const { form } = upload;
  return withSpooled(upload, async (spooled) => {
    try {
      return await handle(form, spooled);
    } catch (error) {
      return uploadAnswer(mode, form, handlingFailure(error));
    }
  });
}
