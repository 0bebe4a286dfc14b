import { readFile } from "node:fs/promises";
import { data, redirect } from "@remix-run/node";
import { MAX_EVIDENCE_BYTES } from "../domain/evidence-files";
import { fieldErrors, formValues } from "../utils/forms.server";
import {
  discardSpooled,
  inspectFile,
  MAX_DRAIN_BYTES,
  parseUpload,
  readSpooled,
  type Spooled,
  TooManyFiles,
  UploadTooLarge,
} from "../utils/uploads.server";
import { FieldError } from "./auth.server";
import type { EvidenceContent } from "./evidence.server";
import { linkSchema } from "./evidence.server";
import { VersionConflict } from "./team.server";

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

/** What an upload form's action answers: JSON to the progress-bar client, Remix data or a redirect otherwise. */
export function uploadAnswer(
  mode: AnswerMode,
  form: FormData | undefined,
  result:
    | { location: string }
    | { status: number; errors: Record<string, string | undefined>; formError?: string },
) {
  const json = mode === "json";
  if ("location" in result) {
    return json ? Response.json({ location: result.location }) : redirect(result.location);
  }
  const body = {
    ok: false as const,
    errors: result.errors,
    values: form ? formValues(form, ["_idempotency", "file"]) : {},
    formError: result.formError,
  };
  return json ? Response.json(body, { status: result.status }) : data(body, { status: result.status });
}

/**
 * Receives a multipart evidence form: the file part is streamed to a temporary file (hashed, size-limited), the
 * other fields arrive as usual. Then `handle` runs with the form and the spooled file (if any), and the temporary
 * file is removed whatever happens. A file over the limit is answered 413 as soon as the limit is crossed.
 */
export async function withEvidenceUpload(
  request: Request,
  mode: AnswerMode,
  handle: (
    form: FormData,
    spooled: Spooled | undefined,
  ) => Promise<Response | ReturnType<typeof uploadAnswer>>,
) {
  // A declared size over the limit is answered at once, before the body arrives; the body is still read (and
  // dropped) so that the browser gets the answer rather than a connection reset.
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > MAX_EVIDENCE_BYTES + FORM_OVERHEAD_BYTES) {
    void drainBody(request);
    return uploadAnswer(mode, undefined, {
      status: 413,
      errors: { file: "This file is larger than the limit of 20 MB." },
    });
  }
  let form: FormData;
  try {
    // parseUpload removes a spooled file itself when the parse fails after it (a field too long, a lost connection).
    form = await parseUpload(request, { maxBytes: MAX_EVIDENCE_BYTES });
  } catch (error) {
    if (error instanceof TooManyFiles) {
      return uploadAnswer(mode, undefined, { status: 400, errors: { file: error.message } });
    }
    if (error instanceof UploadTooLarge) {
      return uploadAnswer(mode, undefined, {
        status: 413,
        errors: { file: `This file is larger than the limit of 20 MB.` },
      });
    }
    throw error;
  }
  const spooled = readSpooled(form.get("file"));
  try {
    return await handle(form, spooled);
  } catch (error) {
    if (error instanceof FieldError)
      return uploadAnswer(mode, form, { status: 400, errors: { [error.field]: error.message } });
    if (error instanceof VersionConflict)
      return uploadAnswer(mode, form, { status: 409, errors: {}, formError: error.message });
    throw error;
  } finally {
    if (spooled) await discardSpooled(spooled);
  }
}

/**
 * The evidence's content from the form: the checked file (type from the bytes, agreeing with the extension), or
 * the link. Throws a FieldError naming the reason beside the field.
 */
export async function evidenceContent(
  form: FormData,
  spooled: Spooled | undefined,
): Promise<EvidenceContent> {
  if (form.get("source") === "link") {
    const parsed = linkSchema.safeParse(form.get("url") ?? "");
    if (!parsed.success) throw new FieldError("url", fieldErrors(parsed.error).form ?? "Enter a link.");
    return { kind: "link", url: parsed.data };
  }
  if (!spooled) throw new FieldError("file", "Choose a file to upload.");
  const inspected = await inspectFile(spooled.path, spooled.fileName);
  if (!inspected.ok) throw new FieldError("file", inspected.reason);
  return {
    kind: "file",
    file: {
      fileName: spooled.fileName,
      mimeType: inspected.mime,
      sizeBytes: spooled.size,
      sha256: spooled.sha256,
      // NOTE: read only now, after the checks; the transaction that stores it is short.
      bytes: new Uint8Array(await readFile(spooled.path)),
    },
  };
}
