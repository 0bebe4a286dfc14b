// Evidence files: the accepted types and the size limit, shared by the server's upload pipeline
// (app/utils/uploads.server.ts) and the browser's check before sending. NOTE: a route component must import them
// from here, never from a *.server.ts module (the browser bundle gets nothing from those).

/** NOTE: docs/product.md "Evidence files": at most 20 MB each, checked in the browser and while streaming. */
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

export type EvidenceType = "pdf" | "png" | "jpeg" | "docx" | "xlsx" | "pptx" | "csv" | "txt";

export type AcceptedType = {
  /** Lower case, without the dot; the first is the usual one. */
  extensions: readonly string[];
  /** What a download is served as. */
  mime: string;
  label: string;
  /** The content in a sentence: "This file is a PNG image…". */
  noun: string;
};

/** NOTE: docs/product.md "Evidence files": the accepted types. */
export const ACCEPTED: Readonly<Record<EvidenceType, AcceptedType>> = {
  pdf: { extensions: ["pdf"], mime: "application/pdf", label: "PDF", noun: "a PDF document" },
  png: { extensions: ["png"], mime: "image/png", label: "PNG", noun: "a PNG image" },
  jpeg: { extensions: ["jpg", "jpeg"], mime: "image/jpeg", label: "JPEG", noun: "a JPEG image" },
  docx: {
    extensions: ["docx"],
    mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    label: "DOCX",
    noun: "a Word document (DOCX)",
  },
  xlsx: {
    extensions: ["xlsx"],
    mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    label: "XLSX",
    noun: "an Excel workbook (XLSX)",
  },
  pptx: {
    extensions: ["pptx"],
    mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    label: "PPTX",
    noun: "a PowerPoint presentation (PPTX)",
  },
  csv: { extensions: ["csv"], mime: "text/csv; charset=utf-8", label: "CSV", noun: "a CSV file" },
  txt: { extensions: ["txt"], mime: "text/plain; charset=utf-8", label: "TXT", noun: "a text file" },
};

export const EVIDENCE_TYPES = Object.keys(ACCEPTED) as EvidenceType[];

/** "PDF, PNG, JPEG, DOCX, XLSX, PPTX, CSV, TXT" */
export const ACCEPTED_LABELS = EVIDENCE_TYPES.map((type) => ACCEPTED[type].label).join(", ");

/**
 * The `accept` attribute of the file input. NOTE: extensions only: browsers disagree on the MIME types of CSV
 * and the office formats (docs/stack.md "Uploads"), and the server decides from the bytes anyway.
 */
export const ACCEPT_ATTRIBUTE = EVIDENCE_TYPES.flatMap((type) => ACCEPTED[type].extensions)
  .map((extension) => `.${extension}`)
  .join(",");

/** The extension of a file name, lower case and without the dot; "" when there is none. */
export function extensionOf(name: string): string {
  const base = name.trim().split(/[/\\]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot + 1).toLowerCase();
}

/** The accepted type a file name's extension stands for, if any. */
export function typeOfExtension(extension: string): EvidenceType | undefined {
  return EVIDENCE_TYPES.find((type) => ACCEPTED[type].extensions.includes(extension));
}

/** A size in MB (of 1024 × 1024 bytes), rounded up to one decimal so that an excess never reads as the limit. */
export function formatMegabytes(bytes: number): string {
  const tenths = Math.ceil((bytes / (1024 * 1024)) * 10);
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)} MB`;
}

export function tooLargeMessage(size: number): string {
  return `This file is ${formatMegabytes(size)}; the limit is ${formatMegabytes(MAX_EVIDENCE_BYTES)}.`;
}

export function extensionRefusal(extension: string): string {
  const what = extension ? `Files of type .${extension} are` : "Files without an extension are";
  return `${what} not accepted. Accepted: ${ACCEPTED_LABELS}.`;
}

/**
 * The browser's check before sending (size and extension): the reason to refuse the file, or undefined. The
 * server checks again, from the bytes.
 */
export function checkClientFile(file: { name: string; size: number }): string | undefined {
  if (file.size === 0) return "The file is empty.";
  if (file.size > MAX_EVIDENCE_BYTES) return tooLargeMessage(file.size);
  const extension = extensionOf(file.name);
  if (!typeOfExtension(extension)) return extensionRefusal(extension);
  return undefined;
}

/** A file size as people read it: bytes, KB or MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes >= 1024 ** 3) return `${Math.round((bytes / 1024 ** 3) * 10) / 10} GB`;
  return formatMegabytes(bytes);
}
