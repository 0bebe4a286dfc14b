// Why an upload was refused while it was read: transport errors of the multipart reader (uploads.server.ts). They are
// not write failures of the error model (errors.server.ts): nothing reached a model. The upload path answers them at
// once, with the status `uploadRefusal` gives: 413 past a limit, 408 after silence, 400 for a body it cannot read.
import { formatMegabytes } from "~/domain/evidence-files";

/** Ordinary (text) fields of a multipart form: far more than any of ours needs. */
export const MAX_FIELD_BYTES = 64 * 1024;

/** A file part exceeded the limit while streaming; its temporary file is already gone. Answer 413. */
export class UploadTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`This file is larger than the limit of ${formatMegabytes(maxBytes)}.`);
    this.name = "UploadTooLarge";
  }
}

/** More file parts than `maxFiles` arrived for the file field. Answer 400. */
export class TooManyFiles extends Error {
  constructor(readonly maxFiles: number) {
    super(maxFiles === 1 ? "Send one file at a time." : `Send at most ${maxFiles} files at a time.`);
    this.name = "TooManyFiles";
  }
}

/** A text field of the form is longer than any field takes. Answer 413. */
export class FieldTooLarge extends Error {
  constructor(readonly field: string) {
    super(
      `The field “${field}” is longer than ${MAX_FIELD_BYTES / 1024} KB, more than any field here takes.`,
    );
    this.name = "FieldTooLarge";
  }
}

/** Nothing arrived for the idle timeout: the upload was cut and nothing kept. Answer 408. */
export class UploadIdle extends Error {
  constructor(readonly idleMs: number) {
    super(`Nothing arrived for ${Math.round(idleMs / 1000)} s, so the upload was stopped. Try again.`);
    this.name = "UploadIdle";
  }
}

/** The body is not a multipart form we can read (cut short, malformed, a NUL byte in a field). Answer 400. */
export class MalformedUpload extends Error {
  constructor(message = "The upload was not a complete, well-formed form. Try again.") {
    super(message);
    this.name = "MalformedUpload";
  }
}

/** Errors of ours pass as they are; anything busboy or the stream threw means a body we cannot read. */
export function knownUploadFailure(error: Error): Error {
  const known = [UploadTooLarge, TooManyFiles, FieldTooLarge, UploadIdle, MalformedUpload];
  if (known.some((kind) => error instanceof kind)) return error;
  return new MalformedUpload();
}

/** How a refused upload is answered: its status, the message (beside the file field or for the form), headers. */
export interface UploadRefusal {
  status: 400 | 408 | 413;
  errors: Record<string, string>;
  formError?: string;
  headers?: Record<string, string>;
}

/** The answer to a transport error of the reader; undefined for any other error. */
export function uploadRefusal(error: unknown): UploadRefusal | undefined {
  if (error instanceof TooManyFiles) return { status: 400, errors: { file: error.message } };
  if (error instanceof UploadTooLarge) return { status: 413, errors: { file: error.message } };
  if (error instanceof FieldTooLarge) return { status: 413, errors: {}, formError: error.message };
  if (error instanceof MalformedUpload) return { status: 400, errors: {}, formError: error.message };
  // NOTE: the client stopped sending; the connection is closed after the answer, which it may never read.
  if (error instanceof UploadIdle) {
    return { status: 408, errors: {}, formError: error.message, headers: { Connection: "close" } };
  }
  return undefined;
}
