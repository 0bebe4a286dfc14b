import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { readdir, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import Busboy from "@fastify/busboy";
import { extensionOf, formatMegabytes, MAX_EVIDENCE_BYTES } from "~/domain/evidence-files";

/** Ordinary (text) fields of a multipart form: far more than any of ours needs. */
export const MAX_FIELD_BYTES = 64 * 1024;
export const MAX_FILE_NAME_LENGTH = 120;
/** Parts of one upload form (its fields and the file): ours has about a dozen. */
const MAX_PARTS = 100;
/**
 * NOTE: STACK.md "Uploads": a request cut off mid-upload often reaches the browser as a connection reset, not
 * as our 413; after the limit, the rest of the part is read and dropped, up to this much.
 */
export const MAX_DRAIN_BYTES = 64 * 1024 * 1024;
/** Spool files older than this that no upload is writing are left from an interrupted one (housekeeping). */
const STALE_SPOOL_MS = 60 * 60 * 1000;

// NOTE: the process id in the name lets housekeeping tell a dead process's files from a live upload's.
const TEMP_PREFIX = "partnerlens-upload-";
const TEMP_NAME = /^partnerlens-upload-(\d+)-[0-9a-f]{32}$/;

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

// Characters dropped from file names: C0 and C1 controls, DEL, and the bidirectional overrides and isolates
// that make "gnp.exe" display as "exe.png".
function isDroppedCodePoint(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/**
 * A file name fit to store and show: the base name only, without control or bidi characters, white space
 * collapsed, at most 120 characters with the extension kept; "file" if nothing is left.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  const visible = Array.from(base.normalize("NFC").replace(/[\t\n\v\f\r]/g, " "))
    .filter((char) => !isDroppedCodePoint(char.codePointAt(0)!))
    .join("");
  const cleaned = visible.replace(/\s+/g, " ").trim();
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_FILE_NAME_LENGTH) return cleaned || "file";
  const extension = extensionOf(cleaned);
  const suffix = extension && extension.length < 16 ? `.${extension}` : "";
  const stem = chars.slice(0, MAX_FILE_NAME_LENGTH - Array.from(suffix).length).join("");
  return `${stem.trimEnd()}${suffix}`;
}

/** Deletes a spooled file; one already gone is fine. */
export async function discardSpooled(spooled: Spooled): Promise<void> {
  await unlinkQuietly(spooled.path);
}

async function unlinkQuietly(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
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
  const form = new FormData();
  const files: Spooled[] = [];
  const writing: Promise<void>[] = [];
  const receiving = new Set<Readable>();
  const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
  let busboy: ReturnType<typeof Busboy>;
  try {
    busboy = Busboy({
      headers: { "content-type": contentType },
      limits: { fieldSize: MAX_FIELD_BYTES, fileSize: maxBytes, parts: MAX_PARTS, fieldNameSize: 200 },
      isPartAFile: (_name, _type, fileName) => fileName !== undefined,
    });
  } catch {
    throw new MalformedUpload("This multipart body names no boundary, so its parts cannot be read.");
  }

  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
  };
  // Parsing ends when busboy has read the whole form, or fails; silence fails it too. NOTE: the body is only
  // unpiped then, never destroyed: destroying it would close the connection before the 408 could be sent.
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

  busboy.on("field", (name: string, value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
    if (valueTruncated) return fail(new FieldTooLarge(name));
    if (value.includes("\0")) return fail(new MalformedUpload("A field of the form contains a NUL byte."));
    form.append(name, value);
  });
  busboy.on("file", (name: string, stream: Readable, fileName: string, _encoding: string, type: string) => {
    if (name !== fieldName || !fileName || failure) {
      stream.resume();
      return;
    }
    writing.push(spool(stream, fileName, type));
  });
  busboy.on("partsLimit", () =>
    fail(new MalformedUpload("This form has more parts than any form here sends.")),
  );

  async function spool(stream: Readable, fileName: string, claimedType: string): Promise<void> {
    let truncated = false;
    stream.on("limit", () => {
      truncated = true;
    });
    if (files.length >= maxFiles) {
      fail(new TooManyFiles(maxFiles));
      stream.resume();
      return;
    }
    const file = path.join(tmpdir(), `${TEMP_PREFIX}${process.pid}-${randomBytes(16).toString("hex")}`);
    const spooled: Spooled = {
      path: file,
      size: 0,
      sha256: "",
      fileName: cleanFileName(fileName),
      claimedType,
    };
    files.push(spooled);
    receiving.add(stream);
    try {
      // The part waits (busboy holds the body back) until the file is counted.
      await options.onFile?.();
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
      if (truncated) return fail(new UploadTooLarge(maxBytes));
      Object.assign(spooled, { size, sha256: hash.digest("hex") });
    } catch (error) {
      fail(error instanceof Error ? error : new MalformedUpload());
      stream.resume();
    } finally {
      receiving.delete(stream);
    }
  }

  source.pipe(watch).pipe(busboy);
  try {
    await parsed;
  } catch (error) {
    fail(error instanceof Error ? error : new MalformedUpload());
    source.unpipe(watch);
    for (const part of receiving) part.destroy(failure);
  } finally {
    clearTimeout(idle);
  }
  await Promise.all(writing);
  if (failure) {
    await Promise.all(files.map(discardSpooled));
    // The rest of the body is read and dropped (bounded) while the refusal is answered, so that the client reads it.
    if (!(failure instanceof UploadIdle)) void drain(source);
    throw knownFailure(failure);
  }
  // An empty file part (no file chosen in the browser) is no file.
  const empty = files.filter((f) => f.size === 0);
  await Promise.all(empty.map(discardSpooled));
  return { form, files: files.filter((f) => f.size > 0) };
}

/** Errors of ours pass as they are; anything busboy or the stream threw means a body we cannot read. */
function knownFailure(error: Error): Error {
  const known = [UploadTooLarge, TooManyFiles, FieldTooLarge, UploadIdle, MalformedUpload];
  if (known.some((kind) => error instanceof kind)) return error;
  return new MalformedUpload();
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

/**
 * Deletes spool files that interrupted uploads left behind (a crash, a killed process): those of processes no
 * longer running, and this process's own once an hour has passed without a write. Run at start and hourly.
 * Answers how many were removed.
 */
export async function removeStaleSpools(now = Date.now()): Promise<number> {
  const dir = tmpdir();
  let removed = 0;
  for (const name of await readdir(dir)) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    const pid = Number(match[1]);
    try {
      const stale = pid === process.pid ? now - (await stat(file)).mtimeMs > STALE_SPOOL_MS : !isRunning(pid);
      if (stale) {
        await unlinkQuietly(file);
        removed++;
      }
    } catch {
      // Gone meanwhile: nothing to do.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
