import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { type FileHandle, open, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type UploadHandler,
  type UploadHandlerPart,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import {
  ACCEPTED,
  ACCEPTED_LABELS,
  type EvidenceType,
  extensionOf,
  extensionRefusal,
  formatMegabytes,
  MAX_EVIDENCE_BYTES,
  tooLargeMessage,
  typeOfExtension,
} from "~/domain/evidence-files";

/** Ordinary (text) fields of a multipart form: far more than any of ours needs. */
export const MAX_FIELD_BYTES = 64 * 1024;
export const MAX_FILE_NAME_LENGTH = 120;
/**
 * NOTE: STACK.md "Uploads": a request cut off mid-upload often reaches the browser as a connection reset, not
 * as our 413; after the limit, the rest of the part is read and dropped, up to this much.
 */
export const MAX_DRAIN_BYTES = 64 * 1024 * 1024;
/** What the parts of an office file may claim to expand to: Office's own files stay far below it. */
export const MAX_OFFICE_EXPANDED_BYTES = 1024 * 1024 * 1024;

const TEMP_PREFIX = "partnerlens-upload-";
const TEMP_NAME = /^partnerlens-upload-[0-9a-f]{32}$/;
/** Signs the tokens of this process's spooled files, so that no form field can pose as one. */
const TOKEN_KEY = randomBytes(32);

/** A file part exceeded the limit while streaming; its temporary file is already gone. Answer 413. */
export class UploadTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`This file is larger than the limit of ${formatMegabytes(maxBytes)}.`);
    this.name = "UploadTooLarge";
  }
}

/** More file parts than `maxFiles` arrived for the file field. */
export class TooManyFiles extends Error {
  constructor(readonly maxFiles: number) {
    super(maxFiles === 1 ? "Send one file at a time." : `Send at most ${maxFiles} files at a time.`);
    this.name = "TooManyFiles";
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

function sign(payload: string): string {
  return createHmac("sha256", TOKEN_KEY).update(payload).digest("hex");
}

function tokenOf(spooled: Spooled): string {
  const payload = JSON.stringify(spooled);
  return JSON.stringify({ spooled: payload, mac: sign(payload) });
}

/** The spooled file a form value stands for; undefined when no file was sent (or the value is not a token). */
export function readSpooled(value: FormDataEntryValue | null | undefined): Spooled | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const { spooled: payload, mac } = JSON.parse(value) as { spooled?: unknown; mac?: unknown };
    if (typeof payload !== "string" || typeof mac !== "string") return undefined;
    const expected = Buffer.from(sign(payload), "hex");
    const given = Buffer.from(mac, "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const spooled = JSON.parse(payload) as Spooled;
    return isTempPath(spooled.path) ? spooled : undefined;
  } catch {
    return undefined;
  }
}

function isTempPath(file: string): boolean {
  return path.dirname(file) === tmpdir() && TEMP_NAME.test(path.basename(file));
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

async function drain(data: AsyncIterable<Uint8Array>, limit: number): Promise<number> {
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > limit) break;
  }
  return size;
}

export type SpoolingUploadHandler = UploadHandler & {
  /** Deletes every file this handler spooled: for when parsing fails after a file arrived. */
  discardAll(): Promise<void>;
};

/**
 * The upload handler for `unstable_parseMultipartFormData`: the file part of `fieldName` is streamed to a new
 * temporary file while hashed and counted, and arrives in the form as a token for `readSpooled`; an empty part
 * (no file chosen) leaves the field out. Beyond `maxBytes` it deletes the file and throws `UploadTooLarge`.
 * Other fields arrive as usual (in memory, at most 64 KB each). The caller must delete the files: prefer
 * `parseUpload` and `withSpooled`, which do.
 */
export function spoolingUploadHandler({
  maxBytes,
  fieldName = "file",
  maxFiles = 1,
}: {
  maxBytes: number;
  fieldName?: string;
  maxFiles?: number;
}): SpoolingUploadHandler {
  const spooledPaths: string[] = [];

  async function spool(part: UploadHandlerPart): Promise<string | null | undefined> {
    if (part.name !== fieldName) return undefined;
    // NOTE: a part without a file name is a text field posing as the file field (or no file chosen): dropped.
    if (!part.filename) {
      await drain(part.data, MAX_FIELD_BYTES);
      return null;
    }
    const file = path.join(tmpdir(), `${TEMP_PREFIX}${randomBytes(16).toString("hex")}`);
    const hash = createHash("sha256");
    let handle: FileHandle | undefined;
    let size = 0;
    try {
      for await (const chunk of part.data) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          await handle?.close();
          handle = undefined;
          await unlinkQuietly(file);
          await drain(part.data, MAX_DRAIN_BYTES);
          throw new UploadTooLarge(maxBytes);
        }
        if (!handle) {
          if (spooledPaths.length >= maxFiles) throw new TooManyFiles(maxFiles);
          handle = await open(file, "wx", 0o600);
          spooledPaths.push(file);
        }
        hash.update(chunk);
        await handle.write(chunk);
      }
      await handle?.close();
      handle = undefined;
    } catch (error) {
      await handle?.close().catch(() => {});
      await unlinkQuietly(file);
      throw error;
    }
    if (size === 0) return null;
    return tokenOf({
      path: file,
      size,
      sha256: hash.digest("hex"),
      fileName: cleanFileName(part.filename),
      claimedType: part.contentType,
    });
  }

  const handler = unstable_composeUploadHandlers(
    spool,
    // NOTE: never for the file field: composeUploadHandlers passes an empty part on to the next handler, and
    // a text field named like it must not pose as a spooled token.
    unstable_createMemoryUploadHandler({
      maxPartSize: MAX_FIELD_BYTES,
      filter: ({ name }) => name !== fieldName,
    }),
  );
  return Object.assign(handler, {
    async discardAll() {
      await Promise.all(spooledPaths.map(unlinkQuietly));
    },
  });
}

/**
 * Parses a multipart request with `spoolingUploadHandler`; if parsing fails after a file was spooled (a later
 * field too large, the connection cut), the file is deleted before the error is rethrown. Throws
 * `UploadTooLarge`, `TooManyFiles`, `MaxPartSizeExceededError` (a text field over 64 KB) or a parse error.
 */
export async function parseUpload(
  request: Request,
  options: { maxBytes?: number; fieldName?: string; maxFiles?: number } = {},
): Promise<FormData> {
  const handler = spoolingUploadHandler({ maxBytes: MAX_EVIDENCE_BYTES, ...options });
  try {
    return await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    await handler.discardAll();
    throw error;
  }
}

/**
 * Runs `fn` with the spooled file of `fieldName` (undefined when none was sent), then deletes every spooled
 * file of the field, whatever `fn` did: read and store the file inside `fn`.
 */
export async function withSpooled<T>(
  formData: FormData,
  fn: (spooled: Spooled | undefined) => Promise<T>,
  fieldName = "file",
): Promise<T> {
  const all = formData.getAll(fieldName).flatMap((value) => readSpooled(value) ?? []);
  try {
    return await fn(all[0]);
  } finally {
    await Promise.all(all.map(discardSpooled));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Inspection: the type from the bytes, which must agree with the extension.

export type Inspection =
  | { ok: true; type: EvidenceType; mime: string; extension: string }
  | { ok: false; reason: string };

const HEAD_BYTES = 512;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const ZIP_END_BYTES = 22;
const ZIP_MAX_COMMENT = 0xffff;
const OFFICE_MAIN_PARTS: readonly [string, EvidenceType][] = [
  ["word/document.xml", "docx"],
  ["xl/workbook.xml", "xlsx"],
  ["ppt/presentation.xml", "pptx"],
];

const unknownContent = `This file's content is not one of the accepted types (${ACCEPTED_LABELS}).`;

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.length <= bytes.length && signature.every((byte, i) => bytes[i] === byte);
}

function looksLikeHtml(head: Uint8Array): boolean {
  const text = new TextDecoder("utf-8")
    .decode(head)
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  return text.startsWith("<!doctype html") || text.startsWith("<html");
}

function nameEnding(extension: string): string {
  return extension ? `ends in .${extension}` : "has no extension";
}

/**
 * Decides an evidence file's type from its bytes and refuses it unless the type is accepted and agrees with
 * the extension of `fileName` (the browser's claimed type plays no part). A refusal's reason is for people.
 */
export async function inspectFile(file: string, fileName: string): Promise<Inspection> {
  const extension = extensionOf(fileName);
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size === 0) return { ok: false, reason: "The file is empty." };
    if (size > MAX_EVIDENCE_BYTES) return { ok: false, reason: tooLargeMessage(size) };
    const head = new Uint8Array(Math.min(size, HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);

    let detected: EvidenceType | undefined;
    if (head[0] === 0x4d && head[1] === 0x5a) {
      return { ok: false, reason: "This file is a Windows program, not a document: it is refused." };
    } else if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
      detected = "pdf";
    } else if (startsWith(head, PNG_SIGNATURE)) {
      detected = "png";
    } else if (startsWith(head, [0xff, 0xd8, 0xff])) {
      detected = "jpeg";
    } else if (size >= 4 && Buffer.from(head.buffer, 0, 4).readUInt32LE(0) === ZIP_LOCAL) {
      const office = await classifyZip(handle, size, extension);
      if (!office.ok) return office;
      detected = office.type;
    } else if (looksLikeHtml(head)) {
      return { ok: false, reason: "This file is HTML, which is not accepted." };
    }

    const named = typeOfExtension(extension);
    if (detected) {
      if (named !== detected) {
        return {
          ok: false,
          reason: `This file is ${ACCEPTED[detected].noun} but its name ${nameEnding(extension)}. Rename it or choose another file.`,
        };
      }
    } else if (named === "csv" || named === "txt") {
      if (!(await isPlainText(handle, size))) {
        return {
          ok: false,
          reason: `This .${extension} file is not plain UTF-8 text. Save it as UTF-8 text and try again.`,
        };
      }
      detected = named;
    } else if (named === "docx" || named === "xlsx" || named === "pptx") {
      return { ok: false, reason: damaged(extension) };
    } else if (!named) {
      return { ok: false, reason: extensionRefusal(extension) };
    } else {
      return { ok: false, reason: unknownContent };
    }
    return { ok: true, type: detected, mime: ACCEPTED[detected].mime, extension };
  } finally {
    await handle.close();
  }
}

function damaged(extension: string): string {
  return `This .${extension} file is damaged: it is not a valid Office document.`;
}

async function isPlainText(handle: FileHandle, size: number): Promise<boolean> {
  const bytes = new Uint8Array(size);
  await handle.read(bytes, 0, size, 0);
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Classifies a zip by its central directory alone (never inflating anything, so a bomb costs nothing): an
 * office file is a zip with `[Content_Types].xml` and the main part of its kind, without macros.
 */
async function classifyZip(
  handle: FileHandle,
  size: number,
  extension: string,
): Promise<{ ok: true; type: EvidenceType } | { ok: false; reason: string }> {
  const isOfficeName = ["docx", "xlsx", "pptx"].includes(extension);
  const broken = { ok: false as const, reason: isOfficeName ? damaged(extension) : unknownContent };

  const tailLength = Math.min(size, ZIP_END_BYTES + ZIP_MAX_COMMENT);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  let end = -1;
  for (let i = tailLength - ZIP_END_BYTES; i >= 0; i--) {
    if (tail.readUInt32LE(i) === ZIP_END && i + ZIP_END_BYTES + tail.readUInt16LE(i + 20) === tailLength) {
      end = i;
      break;
    }
  }
  if (end < 0) return broken;
  const entries = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  // NOTE: ZIP64 (0xFFFF entries, 0xFFFFFFFF offsets) is for archives far above our 20 MB: refused as damaged.
  if (directoryOffset + directorySize > size - tailLength + end) return broken;

  const directory = Buffer.alloc(directorySize);
  await handle.read(directory, 0, directorySize, directoryOffset);
  const names = new Set<string>();
  let expanded = 0;
  let at = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== ZIP_CENTRAL) return broken;
    expanded += directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    if (next > directory.length) return broken;
    // NOTE: ECMA-376 part names are case-insensitive.
    names.add(directory.toString("utf8", at + 46, at + 46 + nameLength).toLowerCase());
    at = next;
  }

  if ([...names].some((name) => name.split("/").pop() === "vbaproject.bin")) {
    return {
      ok: false,
      reason:
        "This file contains macros (vbaProject.bin) and is refused. Save it without macros, as .docx/.xlsx/.pptx.",
    };
  }
  const main = names.has("[content_types].xml") && OFFICE_MAIN_PARTS.find(([part]) => names.has(part));
  if (!main) return broken;
  if (expanded > MAX_OFFICE_EXPANDED_BYTES) {
    return {
      ok: false,
      reason: `This file would expand to more than ${MAX_OFFICE_EXPANDED_BYTES / 1024 ** 3} GB when opened: it is refused.`,
    };
  }
  return { ok: true, type: main[1] };
}
