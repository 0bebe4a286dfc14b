import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import Busboy from "@fastify/busboy";
import { MAX_EVIDENCE_BYTES } from "~/domain/evidence-files";
import { cleanFileName } from "./file-names.server";
import { newSpoolPath, unlinkQuietly } from "./spool-files.server";
import {
  FieldTooLarge,
  knownUploadFailure,
  MAX_FIELD_BYTES,
  MalformedUpload,
  TooManyFiles,
  UploadIdle,
  UploadTooLarge,
} from "./upload-errors.server";

/** Parts of one upload form (its fields and the file): ours has about a dozen. */
const MAX_PARTS = 100;
/**
 * NOTE: docs/stack.md "Uploads": a request cut off mid-upload often reaches the browser as a connection reset, not
 * as our 413; after the limit, the rest of the part is read and dropped, up to this much.
 */
export const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export type Spooled = {
  /** The temporary file: read it, store it, then `discardSpooled` (or let `withSpooled` do it). */
  path: string;
  size: number;
  /** Hex. */
  sha256: string;
  /** Cleaned (`cleanFileName`). */
  fileName: string;
  /** What the browser claimed: for the record only, never for a decision. */
  claimedType: string;
};

/** A multipart form read: its text fields, and the files of the file field spooled to temporary files. */
export type ParsedUpload = { form: FormData; files: Spooled[] };

/** Deletes a spooled file; one already gone is fine. */
export async function discardSpooled(spooled: Spooled): Promise<void> {
  await unlinkQuietly(spooled.path);
}

export interface UploadOptions {
  /** The largest file accepted (default: the evidence limit, 20 MB). */
  maxBytes?: number;
  /** The field that carries files; file parts of any other field are read and dropped. */
  fieldName?: string;
  maxFiles?: number;
  /** Cut the upload (UploadIdle) when no byte arrives for this long. */
  idleTimeoutMs?: number;
  /** Called as each file of the field begins, before its bytes are stored (to count it against a rate limit). */
  onFile?: () => Promise<void> | void;
}

/** One reading of a form: what arrived so far, the files being written, and the first failure. */
interface Reading {
  form: FormData;
  files: Spooled[];
  writing: Promise<void>[];
  /** File parts still streaming (destroyed when the reading fails). */
  receiving: Set<Readable>;
  failure?: Error;
  maxBytes: number;
  maxFiles: number;
  onFile?: () => Promise<void> | void;
}

const fail = (reading: Reading, error: Error) => {
  reading.failure ??= error;
};

function openBusboy(contentType: string, maxBytes: number) {
  try {
    return Busboy({
      headers: { "content-type": contentType },
      limits: { fieldSize: MAX_FIELD_BYTES, fileSize: maxBytes, parts: MAX_PARTS, fieldNameSize: 200 },
      isPartAFile: (_name, _type, fileName) => fileName !== undefined,
    });
  } catch {
    throw new MalformedUpload("This multipart body names no boundary, so its parts cannot be read.");
  }
}

/**
 * Parsing ends when busboy has read the whole form, or fails; silence fails it too. NOTE: the body is only
 * unpiped then, never destroyed: destroying it would close the connection before the 408 could be sent.
 */
function watchParsing(source: Readable, busboy: ReturnType<typeof Busboy>, idleTimeoutMs: number) {
  let stop: (error: Error) => void = () => {};
  const parsed = new Promise<void>((resolve, reject) => {
    stop = reject;
    busboy.on("finish", resolve);
    busboy.on("error", reject);
    source.on("error", reject);
  });
  let idle: NodeJS.Timeout | undefined;
  const stillAlive = () => {
    clearTimeout(idle);
    idle = setTimeout(() => stop(new UploadIdle(idleTimeoutMs)), idleTimeoutMs);
  };
  const watch = new Transform({
    transform(chunk, _encoding, done) {
      stillAlive();
      done(null, chunk);
    },
  });
  stillAlive();
  return { parsed, watch, done: () => clearTimeout(idle) };
}

/** Streams one file part to a new temporary file, hashed and counted; past `maxBytes` the reading fails. */
async function spool(
  reading: Reading,
  stream: Readable,
  fileName: string,
  claimedType: string,
): Promise<void> {
  let truncated = false;
  stream.on("limit", () => {
    truncated = true;
  });
  if (reading.files.length >= reading.maxFiles) {
    fail(reading, new TooManyFiles(reading.maxFiles));
    stream.resume();
    return;
  }
  const file = newSpoolPath();
  const spooled: Spooled = {
    path: file,
    size: 0,
    sha256: "",
    fileName: cleanFileName(fileName),
    claimedType,
  };
  reading.files.push(spooled);
  reading.receiving.add(stream);
  try {
    // The part waits (busboy holds the body back) until the file is counted.
    await reading.onFile?.();
    const hash = createHash("sha256");
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(stream, count, createWriteStream(file, { flags: "wx", mode: 0o600 }));
    if (truncated) return fail(reading, new UploadTooLarge(reading.maxBytes));
    Object.assign(spooled, { size, sha256: hash.digest("hex") });
  } catch (error) {
    fail(reading, error instanceof Error ? error : new MalformedUpload());
    stream.resume();
  } finally {
    reading.receiving.delete(stream);
  }
}

/** Text fields into the form (at most 64 KB each, no NUL byte); file parts of `fieldName` spooled, others dropped. */
function collectParts(reading: Reading, busboy: ReturnType<typeof Busboy>, fieldName: string) {
  busboy.on("field", (name: string, value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
    if (valueTruncated) return fail(reading, new FieldTooLarge(name));
    if (value.includes("\0"))
      return fail(reading, new MalformedUpload("A field of the form contains a NUL byte."));
    reading.form.append(name, value);
  });
  busboy.on("file", (name: string, stream: Readable, fileName: string, _encoding: string, type: string) => {
    if (name !== fieldName || !fileName || reading.failure) {
      stream.resume();
      return;
    }
    reading.writing.push(spool(reading, stream, fileName, type));
  });
  busboy.on("partsLimit", () =>
    fail(reading, new MalformedUpload("This form has more parts than any form here sends.")),
  );
}

/**
 * Reads a multipart request with busboy (RFC 7578, names with `=`, `;` or quotes included): text fields into a
 * FormData (at most 64 KB each: FieldTooLarge; a NUL byte: MalformedUpload), each non-empty file part of
 * `fieldName` streamed to a new temporary file while hashed and counted (past `maxBytes`: UploadTooLarge, once the
 * rest of the part is drained). Silence longer than `idleTimeoutMs` throws UploadIdle. Whatever fails, no temporary
 * file is left; on success the caller deletes them (`withSpooled` does).
 */
export async function parseUpload(request: Request, options: UploadOptions = {}): Promise<ParsedUpload> {
  const { maxBytes = MAX_EVIDENCE_BYTES, fieldName = "file", maxFiles = 1, idleTimeoutMs = 30_000 } = options;
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!request.body || !contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new MalformedUpload("Send the form as multipart/form-data.");
  }
  const reading: Reading = {
    form: new FormData(),
    files: [],
    writing: [],
    receiving: new Set(),
    maxBytes,
    maxFiles,
    onFile: options.onFile,
  };
  const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
  const busboy = openBusboy(contentType, maxBytes);
  const { parsed, watch, done } = watchParsing(source, busboy, idleTimeoutMs);
  collectParts(reading, busboy, fieldName);
  source.pipe(watch).pipe(busboy);
  try {
    await parsed;
  } catch (error) {
    fail(reading, error instanceof Error ? error : new MalformedUpload());
    source.unpipe(watch);
    for (const part of reading.receiving) part.destroy(reading.failure);
  } finally {
    done();
  }
  await Promise.all(reading.writing);
  const { files, failure } = reading;
  if (failure) {
    await Promise.all(files.map(discardSpooled));
    // The rest of the body is read and dropped (bounded) while the refusal is answered, so that the client reads it.
    if (!(failure instanceof UploadIdle)) void drain(source);
    throw knownUploadFailure(failure);
  }
  // An empty file part (no file chosen in the browser) is no file.
  const empty = files.filter((f) => f.size === 0);
  await Promise.all(empty.map(discardSpooled));
  return { form: reading.form, files: files.filter((f) => f.size > 0) };
}

/** Reads and drops what is left of a body, up to MAX_DRAIN_BYTES, so that the client reads our answer. */
async function drain(source: Readable): Promise<void> {
  if (source.destroyed || source.readableEnded) return;
  let read = 0;
  try {
    for await (const chunk of source) {
      read += (chunk as Buffer).length;
      if (read > MAX_DRAIN_BYTES) break;
    }
  } catch {
    // The client went away: nothing to read.
  }
}

/**
 * Runs `fn` with the first spooled file (undefined when none was sent), then deletes every spooled file, whatever
 * `fn` did: read and store the file inside `fn`.
 */
export async function withSpooled<T>(
  upload: ParsedUpload,
  fn: (spooled: Spooled | undefined) => Promise<T>,
): Promise<T> {
  try {
    return await fn(upload.files[0]);
  } finally {
    await Promise.all(upload.files.map(discardSpooled));
  }
}
