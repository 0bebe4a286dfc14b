// Demo evidence: small real files generated at seed time (valid PDFs and PNGs), some verified, some rejected,
// one with two versions, one restricted.
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  certifications,
  evidence,
  evidenceBlobs,
  evidenceVerifications,
  evidenceVersions,
  practiceDocuments,
  referenceDeployments,
} from "../../db/schema";

type SeedTx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A one-page PDF (Helvetica text) with a correct cross-reference table, so that any viewer opens it. */
export function makePdf(title: string, lines: string[]): Uint8Array {
  const pdfText = (t: string) => t.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, "-");
  const text = [
    "BT /F1 20 Tf 72 760 Td",
    `(${pdfText(title)}) Tj`,
    "/F1 11 Tf 0 -32 Td",
    ...lines.map((l) => `(${pdfText(l)}) Tj 0 -16 Td`),
    "ET",
  ].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}

/** A small PNG: a bar chart of the given values (RGB, zlib-compressed, CRCs computed). */
export function makePng(values: number[], width = 240, height = 120): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, "ascii"), body]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(typed));
    return Buffer.concat([len, typed, sum]);
  };
  const max = Math.max(...values, 1);
  const barWidth = Math.floor(width / values.length);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3, 255);
    row[0] = 0;
    for (let x = 0; x < width; x++) {
      const bar = Math.floor(x / barWidth);
      const top = height - Math.round(((values[bar] ?? 0) / max) * (height - 10));
      if (y >= top && x % barWidth < barWidth - 6) {
        row[1 + x * 3] = 29;
        row[2 + x * 3] = 78;
        row[3 + x * 3] = 216;
      }
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(Buffer.concat(rows))),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

interface DemoFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

const pdf = (fileName: string, title: string, lines: string[]): DemoFile => ({
  fileName,
  mimeType: "application/pdf",
  bytes: makePdf(title, lines),
});
const png = (fileName: string, values: number[]): DemoFile => ({
  fileName,
  mimeType: "image/png",
  bytes: makePng(values),
});

/**
 * Evidence for Northwind, Atlas Forward and Meridian, attached to their seeded claims, with verdicts from the two
 * demo buyers. Needs the profiles (profiles.ts) and the buyers' admins.
 */
export async function seedEvidence(
  tx: SeedTx,
  ids: { orgId: Map<string, string>; userId: Map<string, string> },
): Promise<void> {
  const northwind = ids.orgId.get("Northwind Systems Integration")!;
  const atlas = ids.orgId.get("Atlas Forward Engineering")!;
  const meridian = ids.orgId.get("Meridian AI Consulting")!;
  const southern = ids.orgId.get("Southern Cross Mutual Insurance")!;
  const lakeshore = ids.orgId.get("Lakeshore Outfitters")!;
  const priya = ids.userId.get("priya@scmutual.example")!;
  const tom = ids.userId.get("tom@scmutual.example")!;
  const dana = ids.userId.get("dana@lakeshore.example")!;
  const olivia = ids.userId.get("olivia@northwind.example")!;
  const carlos = ids.userId.get("carlos@atlasfwd.example")!;
  const lena = ids.userId.get("lena@meridian.example")!;

  const docs = await tx
    .select({
      id: practiceDocuments.id,
      organisationId: practiceDocuments.organisationId,
      title: practiceDocuments.title,
    })
    .from(practiceDocuments)
    .where(inArray(practiceDocuments.organisationId, [northwind, atlas, meridian]));
  const refs = await tx
    .select({
      id: referenceDeployments.id,
      organisationId: referenceDeployments.organisationId,
      customer: referenceDeployments.customer,
    })
    .from(referenceDeployments)
    .where(inArray(referenceDeployments.organisationId, [northwind, atlas]));
  const [cert] = await tx
    .select({ id: certifications.id })
    .from(certifications)
    .where(
      and(eq(certifications.organisationId, northwind), eq(certifications.track, "Applied AI engineering")),
    );
  const doc = (org: string, title: string) =>
    docs.find((d) => d.organisationId === org && d.title === title)!.id;
  const ref = (org: string, customer: string) =>
    refs.find((r) => r.organisationId === org && r.customer === customer)!.id;

  const items: {
    org: string;
    by: string;
    claimKind: "document" | "reference" | "certification" | "support";
    claimId: string | null;
    title: string;
    from: string | null;
    to: string | null;
    restricted?: boolean;
    versions: (DemoFile | { url: string })[];
    verdicts?: { buyer: string; user: string; status: "verified" | "rejected"; note?: string }[];
  }[] = [
    {
      org: northwind,
      by: olivia,
      claimKind: "document",
      claimId: doc(northwind, "ISO/IEC 27001 certificate"),
      title: "ISO/IEC 27001 certificate and statement of applicability",
      from: day(-400),
      to: day(330),
      versions: [
        pdf("iso27001-certificate-2025.pdf", "ISO/IEC 27001:2022 certificate", [
          "Northwind Systems Integration Pty Ltd",
          "Scope: delivery and operation of AI systems for enterprise clients",
          "Certificate number NW-27001-2025 (demo document)",
        ]),
      ],
      verdicts: [{ buyer: southern, user: priya, status: "verified" }],
    },
    {
      org: northwind,
      by: olivia,
      claimKind: "reference",
      claimId: ref(northwind, "National telco"),
      title: "Contact-centre outcomes report",
      from: day(-250),
      to: day(-30),
      versions: [
        png("handle-time-by-month.png", [612, 590, 560, 531, 505, 498]),
        pdf("contact-centre-outcomes-v2.pdf", "Contact-centre agent assist: outcomes", [
          "Average handle time 612 s -> 498 s over six months",
          "After-call work 95 s -> 20 s",
          "First-contact resolution 71% -> 76%",
        ]),
      ],
      verdicts: [{ buyer: lakeshore, user: dana, status: "verified" }],
    },
    {
      org: northwind,
      by: olivia,
      claimKind: "reference",
      claimId: ref(northwind, "Top-5 Australian insurer"),
      title: "Claims triage case study (under NDA)",
      from: day(-420),
      to: day(-60),
      restricted: true,
      versions: [
        pdf("claims-triage-case-study.pdf", "Claims triage: case study", [
          "Restricted: shared only on request.",
        ]),
      ],
    },
    {
      org: northwind,
      by: olivia,
      claimKind: "certification",
      claimId: cert?.id ?? null,
      title: "Certified practitioners roster",
      from: day(-200),
      to: null,
      versions: [{ url: "https://northwind.example/certifications/roster" }],
      verdicts: [
        {
          buyer: southern,
          user: tom,
          status: "rejected",
          note: "The roster page does not show certification dates.",
        },
      ],
    },
    {
      org: atlas,
      by: carlos,
      claimKind: "document",
      claimId: doc(atlas, "SOC 2 Type II report"),
      title: "SOC 2 Type II report 2025",
      from: day(-365),
      to: day(-10),
      versions: [
        pdf("soc2-type2-2025.pdf", "SOC 2 Type II report", ["Period: twelve months", "No exceptions noted"]),
      ],
      verdicts: [
        { buyer: southern, user: priya, status: "verified" },
        { buyer: lakeshore, user: dana, status: "verified" },
      ],
    },
    {
      org: atlas,
      by: carlos,
      claimKind: "reference",
      claimId: ref(atlas, "Global logistics company"),
      title: "Exception-handling agents: before and after",
      from: day(-300),
      to: day(-20),
      versions: [png("exceptions-resolved.png", [35, 44, 58, 66, 72])],
    },
    {
      org: meridian,
      by: lena,
      claimKind: "document",
      claimId: doc(meridian, "SOC 2 Type II report"),
      title: "SOC 2 Type II report 2022",
      from: day(-1300),
      to: day(-950),
      versions: [
        pdf("soc2-2022.pdf", "SOC 2 Type II report (2022)", [
          "An older report: its period ended over two years ago.",
        ]),
      ],
      verdicts: [
        { buyer: lakeshore, user: dana, status: "rejected", note: "Dated: please share the current report." },
      ],
    },
  ];

  for (const item of items) {
    const isLink = "url" in item.versions[0];
    const [e] = await tx
      .insert(evidence)
      .values({
        organisationId: item.org,
        claimKind: item.claimKind,
        claimId: item.claimId,
        title: item.title,
        kind: isLink ? "link" : "file",
        effectiveFrom: item.from,
        effectiveTo: item.to,
        visibility: item.restricted ? "restricted" : "all_buyers",
        createdByUserId: item.by,
        version: item.versions.length,
      })
      .returning({ id: evidence.id });
    let current = "";
    for (const [i, v] of item.versions.entries()) {
      const [row] = await tx
        .insert(evidenceVersions)
        .values({
          evidenceId: e.id,
          organisationId: item.org,
          number: i + 1,
          createdByUserId: item.by,
          // Uploaded before the demo's decided evaluations (about seven weeks ago), which cite them.
          createdAt: new Date(Date.now() - (60 + (item.versions.length - 1 - i) * 30) * 86_400_000),
          ...("url" in v
            ? { url: v.url }
            : {
                fileName: v.fileName,
                mimeType: v.mimeType,
                sizeBytes: v.bytes.byteLength,
                sha256: sha(v.bytes),
              }),
        })
        .returning({ id: evidenceVersions.id });
      if (!("url" in v))
        await tx.insert(evidenceBlobs).values({ versionId: row.id, organisationId: item.org, data: v.bytes });
      current = row.id;
    }
    await tx.update(evidence).set({ currentVersionId: current }).where(eq(evidence.id, e.id));
    for (const v of item.verdicts ?? []) {
      await tx.insert(evidenceVerifications).values({
        versionId: current,
        buyerOrganisationId: v.buyer,
        status: v.status,
        note: v.note ?? "",
        seenOn: isLink ? day(-57) : null,
        userId: v.user,
        // Checked a few days after the current version arrived, before the decided evaluations froze them.
        createdAt: new Date(Date.now() - 57 * 86_400_000),
        updatedAt: new Date(Date.now() - 57 * 86_400_000),
      });
    }
  }
}
