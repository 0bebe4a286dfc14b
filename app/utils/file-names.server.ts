import { extensionOf } from "~/domain/evidence-files";

export const MAX_FILE_NAME_LENGTH = 120;

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
