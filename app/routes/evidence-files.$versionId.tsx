import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDownload } from "~/models/evidence/own.server";
import { authorize, found } from "~/utils/access.server";

/** `attachment` with a plain-ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

// Evidence files are only ever served here: to those allowed to read them, as an attachment, never sniffed or run.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request);
  const file = found(await openDownload(viewer, params.versionId ?? ""));
  return new Response(new Blob([new Uint8Array(file.data)]), {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Length": String(file.data.byteLength),
      "Content-Disposition": contentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'",
      "Cache-Control": "private, no-store",
      ...(file.sha256 ? { "X-Content-SHA256": file.sha256 } : {}),
    },
  });
}
