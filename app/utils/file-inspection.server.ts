import { type FileHandle, open } from "node:fs/promises";
import {
  ACCEPTED,
  ACCEPTED_LABELS,
  type EvidenceType,
  extensionOf,
  extensionRefusal,
  MAX_EVIDENCE_BYTES,
  tooLargeMessage,
  typeOfExtension,
} from "~/domain/evidence-files";

/** What the parts of an office file may claim to expand to: Office's own files stay far below it. */
export const MAX_OFFICE_EXPANDED_BYTES = 1024 * 1024 * 1024;

// The type of an evidence file from its bytes, which must agree with its extension.

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
