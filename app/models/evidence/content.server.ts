import { readFile } from "node:fs/promises";
import { InputError } from "../../utils/errors.server";
import { inspectFile } from "../../utils/file-inspection.server";
import { fieldErrors } from "../../utils/forms.server";
import type { Spooled } from "../../utils/uploads.server";
import { linkSchema } from "./schemas.server";
import type { EvidenceContent } from "./write.server";

/**
 * The evidence's content from the form: the checked file (type from the bytes, agreeing with the extension), or
 * the link. Throws an InputError naming the reason beside the field (`file` or `url`).
 */
export async function evidenceContent(
  form: FormData,
  spooled: Spooled | undefined,
): Promise<EvidenceContent> {
  if (form.get("source") === "link") {
    const parsed = linkSchema.safeParse(form.get("url") ?? "");
    if (!parsed.success) throw new InputError({ url: fieldErrors(parsed.error).form ?? "Enter a link." });
    return { kind: "link", url: parsed.data };
  }
  if (!spooled) throw new InputError({ file: "Choose a file to upload." });
  const inspected = await inspectFile(spooled.path, spooled.fileName);
  if (!inspected.ok) throw new InputError({ file: inspected.reason });
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
