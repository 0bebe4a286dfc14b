import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ACCEPT_ATTRIBUTE,
  ACCEPTED,
  checkClientFile,
  extensionOf,
  MAX_EVIDENCE_BYTES,
} from "../app/domain/evidence-files";
import { inspectFile } from "../app/utils/file-inspection.server";
import { cleanFileName } from "../app/utils/file-names.server";
import {
  FieldTooLarge,
  MalformedUpload,
  TooManyFiles,
  UploadIdle,
  UploadTooLarge,
} from "../app/utils/upload-errors.server";
import { discardSpooled, parseUpload, type Spooled, withSpooled } from "../app/utils/uploads.server";
import { jpeg, office, pdf, png, storedZip, windowsExecutable } from "./fixtures/evidence-files";

type Part = { bytes: Uint8Array | string; name: string; type?: string };

function multipart(fields: Record<string, string>, files: Record<string, Part | Part[]> = {}): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const [key, parts] of Object.entries(files)) {
    for (const part of [parts].flat()) {
      const bytes = typeof part.bytes === "string" ? part.bytes : new Uint8Array(part.bytes);
      form.append(key, new Blob([bytes], { type: part.type ?? "application/octet-stream" }), part.name);
    }
  }
  return new Request("http://localhost/evidence", { method: "POST", body: form });
}

/** The whole pipeline, as a route action runs it: parse (spooling), inspect, clean up. */
async function upload(bytes: Uint8Array | string, name: string, type?: string) {
  const form = await parseUpload(multipart({ title: "Evidence" }, { file: { bytes, name, type } }));
  return withSpooled(form, async (spooled) => {
    if (!spooled) return { spooled, inspection: undefined };
    return { spooled, inspection: await inspectFile(spooled.path, spooled.fileName) };
  });
}

async function refusal(bytes: Uint8Array | string, name: string): Promise<string | undefined> {
  const { inspection } = await upload(bytes, name);
  expect(inspection?.ok).toBe(false);
  return inspection && !inspection.ok ? inspection.reason : undefined;
}

async function tempFiles(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith("partnerlens-upload-")).sort();
}

let before: string[] = [];
beforeEach(async () => {
  before = await tempFiles();
});
afterEach(async () => {
  expect(await tempFiles()).toEqual(before);
});

const ACCEPTED_LIST = "PDF, PNG, JPEG, DOCX, XLSX, PPTX, CSV, TXT";

describe("the browser's check (app/domain/evidence-files.ts)", () => {
  it("refuses by size and extension, with a message for people", () => {
    expect(checkClientFile({ name: "deck.pdf", size: MAX_EVIDENCE_BYTES })).toBeUndefined();
    expect(checkClientFile({ name: "deck.pdf", size: MAX_EVIDENCE_BYTES + 100 * 1024 })).toBe(
      "This file is 20.1 MB; the limit is 20 MB.",
    );
    expect(checkClientFile({ name: "deck.pdf", size: MAX_EVIDENCE_BYTES + 1 })).toBe(
      "This file is 20.1 MB; the limit is 20 MB.",
    );
    expect(checkClientFile({ name: "setup.exe", size: 10 })).toBe(
      `Files of type .exe are not accepted. Accepted: ${ACCEPTED_LIST}.`,
    );
    expect(checkClientFile({ name: "README", size: 10 })).toBe(
      `Files without an extension are not accepted. Accepted: ${ACCEPTED_LIST}.`,
    );
    expect(checkClientFile({ name: "empty.txt", size: 0 })).toBe("The file is empty.");
    expect(checkClientFile({ name: "Photo.JPG", size: 10 })).toBeUndefined();
  });

  it("names the extensions and the accept attribute", () => {
    expect(extensionOf("a/b.c\\Report.Final.PDF")).toBe("pdf");
    expect(extensionOf(".bashrc")).toBe("");
    expect(extensionOf("noext")).toBe("");
    expect(ACCEPT_ATTRIBUTE).toBe(".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.csv,.txt");
  });
});

describe("cleanFileName", () => {
  it("keeps the base name, drops control and bidi characters, collapses white space", () => {
    expect(cleanFileName("C:\\Users\\eve\\report.pdf")).toBe("report.pdf");
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("  Q3\t\tresults \n final .xlsx ")).toBe("Q3 results final .xlsx");
    expect(cleanFileName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(cleanFileName("a\u0000b\u007Fc\u0085d\u009Fe.txt")).toBe("abcde.txt");
    expect(cleanFileName("\u0001\u0002 ")).toBe("file");
    expect(cleanFileName("dir/")).toBe("file");
  });

  it("caps a long name at 120 characters and keeps the extension", () => {
    const name = cleanFileName(`${"x\u0007".repeat(150)}.docx`);
    expect(name).toHaveLength(120);
    expect(name.endsWith("x.docx")).toBe(true);
    expect(cleanFileName(`${"é".repeat(200)}.pdf`)).toBe(`${"é".repeat(116)}.pdf`);
  });
});

describe("valid samples of every accepted type are accepted", () => {
  const samples: [string, Uint8Array | string, string][] = [
    ["report.pdf", pdf(), "pdf"],
    ["chart.png", png(), "png"],
    ["photo.jpg", jpeg(), "jpeg"],
    ["photo.JPEG", jpeg(), "jpeg"],
    ["case-study.docx", office("docx"), "docx"],
    ["figures.xlsx", office("xlsx"), "xlsx"],
    ["pitch.pptx", office("pptx"), "pptx"],
    ["metrics.csv", "quarter,revenue\nQ1,100\nQ2,120\n", "csv"],
    ["notes.txt", "\uFEFFRésumé: déploiement réussi à Zürich, naïve café ✓\n", "txt"],
  ];
  for (const [name, bytes, type] of samples) {
    it(`accepts ${name}`, async () => {
      const { inspection } = await upload(bytes, name);
      const extension = extensionOf(name);
      expect(inspection).toEqual({
        ok: true,
        type,
        mime: ACCEPTED[type as keyof typeof ACCEPTED].mime,
        extension,
      });
    });
  }
});

describe("the hostile corpus is refused, each with its own reason, leaving no temporary file", () => {
  it("a Windows executable renamed .pdf", async () => {
    expect(await refusal(windowsExecutable(), "invoice.pdf")).toBe(
      "This file is a Windows program, not a document: it is refused.",
    );
  });

  it("an HTML file renamed .png (or .txt)", async () => {
    const html = "<!DOCTYPE html><html><script>alert(1)</script></html>";
    expect(await refusal(html, "chart.png")).toBe("This file is HTML, which is not accepted.");
    expect(await refusal(`\uFEFF \n\t<HTML><body>hi</body></HTML>`, "notes.txt")).toBe(
      "This file is HTML, which is not accepted.",
    );
  });

  it("a real PNG named .pdf", async () => {
    expect(await refusal(png(), "report.pdf")).toBe(
      "This file is a PNG image but its name ends in .pdf. Rename it or choose another file.",
    );
  });

  it("a Word document named .xlsx, a PDF without an extension", async () => {
    expect(await refusal(office("docx"), "figures.xlsx")).toBe(
      "This file is a Word document (DOCX) but its name ends in .xlsx. Rename it or choose another file.",
    );
    expect(await refusal(pdf(), "report")).toBe(
      "This file is a PDF document but its name has no extension. Rename it or choose another file.",
    );
  });

  it("a macro-enabled workbook renamed .xlsx", async () => {
    const workbook = office("xlsx", [{ name: "xl/vbaProject.bin", data: 'Attribute VB_Name = "Module1"' }]);
    expect(await refusal(workbook, "figures.xlsx")).toBe(
      "This file contains macros (vbaProject.bin) and is refused. Save it without macros, as .docx/.xlsx/.pptx.",
    );
  });

  it("an empty file: refused by inspection; through the form it arrives as no file at all", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "evidence-test-"));
    try {
      await writeFile(path.join(dir, "empty.pdf"), "");
      expect(await inspectFile(path.join(dir, "empty.pdf"), "empty.pdf")).toEqual({
        ok: false,
        reason: "The file is empty.",
      });
    } finally {
      await rm(dir, { recursive: true });
    }
    const { spooled } = await upload("", "empty.pdf");
    expect(spooled).toBeUndefined();
  });

  it("text with NUL bytes named .txt, and Latin-1 text named .csv", async () => {
    expect(await refusal("hello\0world\n", "notes.txt")).toBe(
      "This .txt file is not plain UTF-8 text. Save it as UTF-8 text and try again.",
    );
    expect(await refusal(Buffer.from("name\ncaf\xe9\n", "latin1"), "people.csv")).toBe(
      "This .csv file is not plain UTF-8 text. Save it as UTF-8 text and try again.",
    );
  });

  it("a 300-character name with control characters is cleaned, extension kept", async () => {
    const name = `${"r\u0001e\u202Ep\u0085o\u007Fr\tt ".repeat(30).slice(0, 296)}.txt`;
    expect(name).toHaveLength(300);
    const { spooled, inspection } = await upload("plain text\n", name);
    expect(spooled!.fileName.length).toBeLessThanOrEqual(120);
    expect(spooled!.fileName.endsWith(".txt")).toBe(true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters this test looks for
    expect(spooled!.fileName).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
    expect(inspection).toMatchObject({ ok: true, type: "txt" });
  });

  it("a .docx that is not a valid zip, or a zip cut short", async () => {
    expect(await refusal("This is not a zip at all.", "case-study.docx")).toBe(
      "This .docx file is damaged: it is not a valid Office document.",
    );
    const cut = office("docx").subarray(0, 120);
    expect(await refusal(cut, "case-study.docx")).toBe(
      "This .docx file is damaged: it is not a valid Office document.",
    );
    expect(await refusal(storedZip([{ name: "readme.md", data: "# hi" }]), "case-study.docx")).toBe(
      "This .docx file is damaged: it is not a valid Office document.",
    );
  });

  it("a zip whose central directory claims a huge uncompressed size, without expanding it", async () => {
    const bomb = storedZip([
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "xl/workbook.xml", data: "<workbook/>" },
      { name: "xl/worksheets/sheet1.xml", data: "0".repeat(1000), claimedSize: 0xffffffff },
    ]);
    const heap = process.memoryUsage().heapUsed;
    expect(await refusal(bomb, "figures.xlsx")).toBe(
      "This file would expand to more than 1 GB when opened: it is refused.",
    );
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(50 * 1024 * 1024);
  });

  it("an unaccepted extension with unknown content, and unknown content under an accepted extension", async () => {
    expect(await refusal("#!/bin/sh\nrm -rf /\n", "setup.sh")).toBe(
      `Files of type .sh are not accepted. Accepted: ${ACCEPTED_LIST}.`,
    );
    expect(await refusal("just some words", "report.pdf")).toBe(
      `This file's content is not one of the accepted types (${ACCEPTED_LIST}).`,
    );
  });
});

describe("spooling a multipart form", () => {
  let bytes: Buffer;
  beforeAll(() => {
    bytes = Buffer.concat([pdf(), Buffer.alloc(200_000, 7)]);
  });

  it("spools the file with its SHA-256 and size; text fields still arrive", async () => {
    const upload = await parseUpload(
      multipart(
        { title: "Security review", summary: "Ünïcode ✓" },
        { file: { bytes, name: "Review 2024.pdf", type: "application/pdf" } },
      ),
    );
    expect(upload.form.get("title")).toBe("Security review");
    expect(upload.form.get("summary")).toBe("Ünïcode ✓");
    let seen: Spooled | undefined;
    await withSpooled(upload, async (spooled) => {
      seen = spooled;
      expect(spooled).toMatchObject({
        size: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        fileName: "Review 2024.pdf",
        claimedType: "application/pdf",
      });
      expect(await readFile(spooled!.path)).toEqual(bytes);
    });
    await expect(readFile(seen!.path)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("throws UploadTooLarge past the limit and leaves no temporary file", async () => {
    const request = multipart({ title: "Big" }, { file: { bytes: Buffer.alloc(5000, 1), name: "big.txt" } });
    const error = await parseUpload(request, { maxBytes: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadTooLarge);
    expect((error as UploadTooLarge).maxBytes).toBe(1000);
    expect((error as UploadTooLarge).message).toBe("This file is larger than the limit of 0.1 MB.");
  });

  it("accepts a CSV the browser calls application/vnd.ms-excel", async () => {
    const upload = await parseUpload(
      multipart({}, { file: { bytes: "a,b\n1,2\n", name: "data.csv", type: "application/vnd.ms-excel" } }),
    );
    const inspection = await withSpooled(upload, (spooled) => inspectFile(spooled!.path, spooled!.fileName));
    expect(inspection).toEqual({ ok: true, type: "csv", mime: "text/csv; charset=utf-8", extension: "csv" });
  });

  it("leaves the field out when no file was chosen", async () => {
    const upload = await parseUpload(multipart({ title: "Link only" }, { file: { bytes: "", name: "" } }));
    expect(upload.form.get("title")).toBe("Link only");
    expect(upload.files).toEqual([]);
    expect(await withSpooled(upload, async (spooled) => spooled)).toBeUndefined();
  });

  it("lets no text field pose as a spooled file", async () => {
    const forged = JSON.stringify({
      path: "/etc/passwd",
      size: 1,
      sha256: "",
      fileName: "x",
      claimedType: "",
    });
    const upload = await parseUpload(multipart({ file: forged, other: forged }));
    expect(upload.files).toEqual([]);
    expect(await withSpooled(upload, async (spooled) => spooled)).toBeUndefined();
  });

  it("deletes the spooled file when a later field fails the parse", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)]), "review.pdf");
    form.append("summary", "x".repeat(70 * 1024));
    const request = new Request("http://localhost/evidence", { method: "POST", body: form });
    await expect(parseUpload(request)).rejects.toBeInstanceOf(FieldTooLarge);
  });

  it("refuses a second file", async () => {
    const file = { bytes: "a,b\n", name: "data.csv" };
    await expect(parseUpload(multipart({}, { file: [file, file] }))).rejects.toBeInstanceOf(TooManyFiles);
  });

  it("withSpooled deletes the file even when the work throws; discardSpooled ignores a missing file", async () => {
    const upload = await parseUpload(multipart({}, { file: { bytes: "a,b\n", name: "data.csv" } }));
    await expect(
      withSpooled(upload, async () => {
        throw new Error("store failed");
      }),
    ).rejects.toThrow("store failed");
    await discardSpooled(upload.files[0]);
  });
});

/** A multipart body written by hand, the way curl or a script sends it (names are not percent-encoded). */
function handWritten(parts: string[], boundary = "----partnerlens-hand"): Request {
  const body = `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join("")}--${boundary}--\r\n`;
  return new Request("http://localhost/evidence", {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
  });
}

describe("multipart bodies as clients really send them", () => {
  it("takes file names with =, ; and quotes, keeping a cleaned name", async () => {
    for (const [header, expected] of [
      ['filename="budget=2025.pdf"', "budget=2025.pdf"],
      ['filename="plan; final.pdf"', "plan; final.pdf"],
      ['filename="the \\"real\\" plan.pdf"', 'the "real" plan.pdf'],
      ["filename*=UTF-8''r%C3%A9sum%C3%A9%3Dv2.pdf", "résumé=v2.pdf"],
      ['filename="C:\\\\Users\\\\me\\\\a=b.pdf"', "a=b.pdf"],
    ]) {
      const upload = await parseUpload(
        handWritten([
          'Content-Disposition: form-data; name="title"\r\n\r\nBudget',
          `Content-Disposition: form-data; name="file"; ${header}\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 test`,
        ]),
      );
      await withSpooled(upload, async (spooled) => {
        expect(spooled?.fileName, header).toBe(expected);
        expect(spooled?.size).toBe(13);
      });
      expect(upload.form.get("title")).toBe("Budget");
    }
  });

  it("refuses a NUL byte in a text field, a missing boundary and a body cut short", async () => {
    await expect(
      parseUpload(handWritten(['Content-Disposition: form-data; name="title"\r\n\r\nA\0B'])),
    ).rejects.toBeInstanceOf(MalformedUpload);
    const noBoundary = new Request("http://localhost/evidence", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data" },
      body: "x",
    });
    await expect(parseUpload(noBoundary)).rejects.toBeInstanceOf(MalformedUpload);
    const cut = new Request("http://localhost/evidence", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=b" },
      body: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 and then nothing',
    });
    await expect(parseUpload(cut)).rejects.toBeInstanceOf(MalformedUpload);
  });

  it("cuts an upload that stops sending, and keeps nothing of it", async () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          encoder.encode(
            '--b\r\nContent-Disposition: form-data; name="file"; filename="slow.pdf"\r\n\r\n%PDF-1.4 first bytes',
          ),
        );
        // …and nothing more: the stream stays open.
      },
    });
    const request = new Request("http://localhost/evidence", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=b" },
      body,
      duplex: "half",
    } as RequestInit);
    const started = Date.now();
    const error = await parseUpload(request, { idleTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadIdle);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });
});

describe("spool housekeeping", () => {
  it("removes the files of processes that no longer run and this process's own an hour old, nothing live", async () => {
    const dir = tmpdir();
    const dead = path.join(dir, `partnerlens-upload-999999999-${"a".repeat(32)}`);
    const ownOld = path.join(dir, `partnerlens-upload-${process.pid}-${"b".repeat(32)}`);
    const ownLive = path.join(dir, `partnerlens-upload-${process.pid}-${"c".repeat(32)}`);
    const parent = path.join(dir, `partnerlens-upload-${process.ppid}-${"d".repeat(32)}`);
    for (const file of [dead, ownOld, ownLive, parent]) await writeFile(file, "x");
    const { utimes } = await import("node:fs/promises");
    const hourAgo = new Date(Date.now() - 61 * 60 * 1000);
    await utimes(ownOld, hourAgo, hourAgo);
    const { removeStaleSpools } = await import("../app/utils/spool-files.server");
    await removeStaleSpools();
    const left = await tempFiles();
    expect(left).not.toContain(path.basename(dead));
    expect(left).not.toContain(path.basename(ownOld));
    expect(left).toContain(path.basename(ownLive));
    expect(left).toContain(path.basename(parent));
    await rm(ownLive);
    await rm(parent);
  });
});
