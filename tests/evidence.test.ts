import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import os from "node:os";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as evidenceRoute from "../app/routes/evidence._index";
import * as evidenceItemRoute from "../app/routes/evidence.$evidenceId";
import * as uploadRoute from "../app/routes/evidence.upload";
import * as downloadRoute from "../app/routes/evidence-files.$versionId";
import { getDb } from "../db/client";
import {
  auditEvents,
  certifications,
  evidence,
  evidenceDownloads,
  evidenceShares,
  evidenceVersions,
} from "../db/schema";
import { createWorld, sessionCookie, type TestUser } from "./factories";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

type World = Awaited<ReturnType<typeof createWorld>>;

async function addCertification(w: World) {
  const [c] = await getDb()
    .insert(certifications)
    .values({
      organisationId: w.partner.id,
      track: "Applied AI engineering",
      certifiedStaff: 4,
      issuedOn: "2025-01-01",
    })
    .returning({ id: certifications.id });
  return c.id;
}

function spoolFiles() {
  return readdirSync(os.tmpdir())
    .filter((f) => f.startsWith("partnerlens-upload-"))
    .sort();
}

async function post(
  route: { action: (args: never) => unknown },
  path: string,
  user: TestUser,
  fields: Record<string, string>,
  file?: { name: string; bytes: Buffer; type?: string },
  params: Record<string, string> = {},
  json = false,
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file)
    form.set(
      "file",
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }),
      file.name,
    );
  const headers = new Headers({ Cookie: await sessionCookie(user) });
  if (json) headers.set("Accept", "application/json");
  const request = new Request(`http://localhost${path}`, { method: "POST", body: form, headers });
  try {
    const res = (await (route.action as (a: unknown) => Promise<unknown>)({
      request,
      params,
      context: { cspNonce: "", clientIp: "127.0.0.1" },
    })) as Response | { type: string; data: unknown; init: ResponseInit | null } | Record<string, unknown>;
    if (res instanceof Response) {
      const text = res.status >= 300 && res.status < 400 ? "" : await res.text();
      return {
        status: res.status,
        location: res.headers.get("Location"),
        body: text ? JSON.parse(text) : undefined,
      };
    }
    if (res && (res as { type?: string }).type === "DataWithResponseInit") {
      const d = res as { data: unknown; init: ResponseInit | null };
      return { status: d.init?.status ?? 200, location: null, body: d.data as Record<string, unknown> };
    }
    return { status: 200, location: null, body: res };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("Location"), body: undefined };
    if ((thrown as { type?: string }).type === "DataWithResponseInit") {
      return {
        status: (thrown as { init: ResponseInit }).init.status ?? 500,
        location: null,
        body: undefined,
      };
    }
    throw thrown;
  }
}

async function download(user: TestUser, versionId: string) {
  const request = new Request(`http://localhost/evidence-files/${versionId}`, {
    headers: { Cookie: await sessionCookie(user) },
  });
  try {
    return (await downloadRoute.loader({
      request,
      params: { versionId },
      context: { cspNonce: "", clientIp: "127.0.0.1" },
    })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    if ((thrown as { type?: string }).type === "DataWithResponseInit") {
      return new Response(null, { status: (thrown as { init: ResponseInit }).init.status });
    }
    throw thrown;
  }
}

async function upload(
  w: World,
  claim: string,
  visibility = "all_buyers",
  bytes = PDF,
  name = "audit-2025.pdf",
) {
  return post(
    evidenceRoute,
    "/evidence?index",
    w.partnerMember,
    { _idempotency: crypto.randomUUID(), claim, title: "ISO 27001 audit report", source: "file", visibility },
    { name, bytes },
  );
}

describe("evidence uploads", () => {
  it("stores a checked file with its SHA-256, size, type and cleaned name, audited, and cleans up", async () => {
    const w = await createWorld();
    const cert = await addCertification(w);
    const before = spoolFiles();
    const res = await upload(w, `certification:${cert}`);
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/evidence\/[0-9a-f-]{36}\?added=1$/);
    const [v] = await getDb()
      .select()
      .from(evidenceVersions)
      .where(eq(evidenceVersions.organisationId, w.partner.id));
    expect(v).toMatchObject({
      number: 1,
      fileName: "audit-2025.pdf",
      mimeType: "application/pdf",
      sizeBytes: PDF.length,
      sha256: createHash("sha256").update(PDF).digest("hex"),
    });
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organisationId, w.partner.id), eq(auditEvents.action, "evidence.created")));
    expect(event.after).toMatchObject({ fileName: "audit-2025.pdf", version: 1 });
    expect(spoolFiles()).toEqual(before);
  });

  it("refuses a file whose bytes disagree with its name beside the field, writing nothing", async () => {
    const w = await createWorld();
    const cert = await addCertification(w);
    const before = spoolFiles();
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 1)]);
    const res = await upload(w, `certification:${cert}`, "all_buyers", exe, "report.pdf");
    expect(res.status).toBe(400);
    expect((res.body as { errors: Record<string, string> }).errors.file).toMatch(/Windows program/);
    expect((res.body as { values: Record<string, string> }).values.title).toBe("ISO 27001 audit report");
    const [n] = await getDb()
      .select({ n: count() })
      .from(evidence)
      .where(eq(evidence.organisationId, w.partner.id));
    expect(n.n).toBe(0);
    expect(spoolFiles()).toEqual(before);
  });

  it("answers the progress-bar client in JSON, and names a claim that is not the partner's", async () => {
    const w = await createWorld();
    const other = await createWorld();
    const foreignCert = await addCertification(other);
    const res = await post(
      uploadRoute,
      "/evidence?index",
      w.partnerMember,
      {
        _idempotency: crypto.randomUUID(),
        claim: `certification:${foreignCert}`,
        title: "Sneaky",
        source: "file",
        visibility: "all_buyers",
      },
      { name: "a.pdf", bytes: PDF },
      {},
      true,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errors: { claim: "Choose one of your profile's claims." } });
  });

  it("keeps earlier versions, serves each to the partner, and only the current one to buyers", async () => {
    const w = await createWorld();
    const cert = await addCertification(w);
    const created = await upload(w, `certification:${cert}`);
    const evidenceId = created.location!.split("/")[2].split("?")[0];
    const v2bytes = Buffer.from("%PDF-1.7\n% second version\n%%EOF\n");
    const res = await post(
      evidenceItemRoute,
      `/evidence/${evidenceId}`,
      w.partnerAdmin,
      { version: "1", source: "file" },
      { name: "audit-2025-v2.pdf", bytes: v2bytes },
      { evidenceId },
    );
    expect(res.status).toBe(302);
    const versions = await getDb()
      .select()
      .from(evidenceVersions)
      .where(eq(evidenceVersions.evidenceId, evidenceId))
      .orderBy(evidenceVersions.number);
    expect(versions.map((v) => v.number)).toEqual([1, 2]);

    const partnerOld = await download(w.partnerMember, versions[0].id);
    expect(partnerOld.status).toBe(200);
    expect(Buffer.from(await partnerOld.arrayBuffer())).toEqual(PDF);
    const buyerOld = await download(w.evaluator, versions[0].id);
    expect(buyerOld.status).toBe(404);
    const buyerNew = await download(w.evaluator, versions[1].id);
    expect(buyerNew.status).toBe(200);
    expect(buyerNew.headers.get("Content-Disposition")).toMatch(/^attachment; filename="audit-2025-v2.pdf"/);
    expect(buyerNew.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(buyerNew.headers.get("Content-Security-Policy")).toMatch(/sandbox/);
    expect(Buffer.from(await buyerNew.arrayBuffer())).toEqual(v2bytes);
    const [n] = await getDb()
      .select({ n: count() })
      .from(evidenceDownloads)
      .where(eq(evidenceDownloads.buyerOrganisationId, w.buyer.id));
    expect(n.n).toBe(1);
  });

  it("hides restricted evidence from buyers until shared with them, and everything from other partners", async () => {
    const w = await createWorld();
    const other = await createWorld();
    const cert = await addCertification(w);
    const created = await upload(w, `certification:${cert}`, "restricted");
    const evidenceId = created.location!.split("/")[2].split("?")[0];
    const [v] = await getDb()
      .select()
      .from(evidenceVersions)
      .where(eq(evidenceVersions.evidenceId, evidenceId));
    expect((await download(w.evaluator, v.id)).status).toBe(404);
    expect((await download(other.partnerAdmin, v.id)).status).toBe(404);
    expect((await download(other.buyerAdmin, v.id)).status).toBe(404);
    // Nor does the buyer learn that it exists: the partner's page does not list it.
    const partnerPage = await import("../app/routes/partners.$partnerId/route");
    const seen = (await partnerPage.loader({
      request: new Request(`http://localhost/partners/${w.partner.id}`, {
        headers: { Cookie: await sessionCookie(w.evaluator) },
      }),
      params: { partnerId: w.partner.id },
      context: { cspNonce: "", clientIp: "127.0.0.1" },
    })) as { evidence: unknown[] };
    expect(seen.evidence).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain("ISO 27001 audit report");
    await getDb().insert(evidenceShares).values({ evidenceId, buyerOrganisationId: w.buyer.id });
    expect((await download(w.evaluator, v.id)).status).toBe(200);
    expect((await download(other.buyerAdmin, v.id)).status).toBe(404);
  });

  it("deleted evidence leaves buyers' reach but stays stored", async () => {
    const w = await createWorld();
    const cert = await addCertification(w);
    const created = await upload(w, `certification:${cert}`);
    const evidenceId = created.location!.split("/")[2].split("?")[0];
    const [v] = await getDb()
      .select()
      .from(evidenceVersions)
      .where(eq(evidenceVersions.evidenceId, evidenceId));
    const cookie = await sessionCookie(w.partnerAdmin);
    const form = new URLSearchParams({ intent: "delete", version: "1" });
    await evidenceItemRoute
      .action({
        request: new Request(`http://localhost/evidence/${evidenceId}`, {
          method: "POST",
          body: form,
          headers: { Cookie: cookie },
        }),
        params: { evidenceId },
        context: { cspNonce: "", clientIp: "127.0.0.1" },
      })
      .catch((r) => r);
    const [row] = await getDb().select().from(evidence).where(eq(evidence.id, evidenceId));
    expect(row.deletedAt).not.toBeNull();
    expect((await download(w.evaluator, v.id)).status).toBe(404);
  });
});

describe("verification by buyers", () => {
  async function verify(user: TestUser, partnerId: string, fields: Record<string, string>) {
    const { action } = await import("../app/routes/partners.$partnerId/route");
    const request = new Request(`http://localhost/partners/${partnerId}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "verify", note: "", ...fields }),
      headers: { Cookie: await sessionCookie(user) },
    });
    try {
      const res = (await action({
        request,
        params: { partnerId },
        context: { cspNonce: "", clientIp: "127.0.0.1" },
      })) as { type?: string; data?: unknown; init?: ResponseInit } | Record<string, unknown>;
      if ((res as { type?: string }).type === "DataWithResponseInit") {
        return {
          status: (res as { init: ResponseInit }).init.status ?? 200,
          body: (res as { data: unknown }).data,
        };
      }
      return { status: 200, body: res };
    } catch (thrown) {
      return {
        status: (thrown as { init?: ResponseInit }).init?.status ?? (thrown as Response).status,
        body: undefined,
      };
    }
  }

  it("each buyer keeps its own verdict; the partner sees counts and rejection notes, never which buyer", async () => {
    const w = await createWorld();
    const other = await createWorld();
    const cert = await addCertification(w);
    const created = await upload(w, `certification:${cert}`);
    const evidenceId = created.location!.split("/")[2].split("?")[0];
    const [v1] = await getDb()
      .select()
      .from(evidenceVersions)
      .where(eq(evidenceVersions.evidenceId, evidenceId));

    expect((await verify(w.evaluator, w.partner.id, { versionId: v1.id, status: "verified" })).status).toBe(
      200,
    );
    const noNote = await verify(other.buyerAdmin, w.partner.id, { versionId: v1.id, status: "rejected" });
    expect(noNote.status).toBe(400);
    expect(noNote.body).toMatchObject({
      errors: { note: "Say why it is rejected: the partner reads the note." },
    });
    expect(
      (
        await verify(other.buyerAdmin, w.partner.id, {
          versionId: v1.id,
          status: "rejected",
          note: "Scope excludes AI systems.",
        })
      ).status,
    ).toBe(200);

    const { listOwnEvidence } = await import("../app/models/evidence/own.server");
    const [own] = await listOwnEvidence(w.partner.id);
    expect(own.versions[0].verdicts).toEqual({
      verified: 1,
      rejected: 1,
      notes: ["Scope excludes AI systems."],
    });
    const page = await import("../app/routes/evidence.$evidenceId");
    const loaded = (await page.loader({
      request: new Request(`http://localhost/evidence/${evidenceId}`, {
        headers: { Cookie: await sessionCookie(w.partnerAdmin) },
      }),
      params: { evidenceId },
      context: { cspNonce: "", clientIp: "127.0.0.1" },
    })) as unknown;
    const text = JSON.stringify(loaded);
    for (const secret of [w.buyer.id, other.buyer.id, w.buyer.name, other.buyer.name, w.evaluator.email]) {
      expect(text).not.toContain(secret);
    }

    // A new version starts unverified for everyone.
    await post(
      evidenceItemRoute,
      `/evidence/${evidenceId}`,
      w.partnerAdmin,
      { version: "1", source: "file" },
      { name: "audit-v2.pdf", bytes: Buffer.from("%PDF-1.7\n%%EOF\n") },
      { evidenceId },
    );
    const [again] = await listOwnEvidence(w.partner.id);
    expect(again.versions[0].number).toBe(2);
    expect(again.versions[0].verdicts).toEqual({ verified: 0, rejected: 0, notes: [] });
    // The old version can no longer be judged by buyers.
    expect((await verify(w.evaluator, w.partner.id, { versionId: v1.id, status: "verified" })).status).toBe(
      404,
    );
  });
});

describe("demo evidence files", () => {
  it("are real PDFs and PNGs by the same checks uploads get", async () => {
    const { makePdf, makePng } = await import("../scripts/seed/evidence");
    const { writeFile, mkdtemp, rm } = await import("node:fs/promises");
    const path = await import("node:path");
    const { inspectFile } = await import("../app/utils/file-inspection.server");
    const dir = await mkdtemp(path.join(os.tmpdir(), "demo-evidence-"));
    try {
      await writeFile(
        path.join(dir, "a.pdf"),
        makePdf("Title (with parentheses)", ["Line one", "Ünïcode is replaced"]),
      );
      await writeFile(path.join(dir, "b.png"), makePng([1, 5, 3]));
      expect(await inspectFile(path.join(dir, "a.pdf"), "a.pdf")).toMatchObject({ ok: true, type: "pdf" });
      expect(await inspectFile(path.join(dir, "b.png"), "b.png")).toMatchObject({ ok: true, type: "png" });
      const pdf = Buffer.from(makePdf("T", ["x"])).toString("latin1");
      const startxref = Number(pdf.match(/startxref\n(\d+)/)![1]);
      expect(pdf.slice(startxref, startxref + 4)).toBe("xref");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the directory's verified-evidence filter", () => {
  it("lists partners with evidence on that kind of claim that this buyer verified, and only this buyer's", async () => {
    const w = await createWorld();
    const other = await createWorld();
    const cert = await addCertification(w);
    const created = await upload(w, `certification:${cert}`);
    const evidenceId = created.location!.split("/")[2].split("?")[0];
    const [v] = await getDb()
      .select()
      .from(evidenceVersions)
      .where(eq(evidenceVersions.evidenceId, evidenceId));
    const { setVerification } = await import("../app/models/evidence/verification.server");
    await setVerification(
      { userId: w.evaluator.userId, organisationId: w.buyer.id },
      w.partner.id,
      { versionId: v.id, status: "verified", note: "", seenOn: undefined },
      "2026-11-22",
    );
    const directory = await import("../app/routes/partners._index");
    const names = async (user: TestUser, query: string) => {
      const res = (await directory.loader({
        request: new Request(`http://localhost/partners?${query}`, {
          headers: { Cookie: await sessionCookie(user) },
        }),
        params: {},
        context: { cspNonce: "", clientIp: "127.0.0.1" },
      })) as { partners?: { name: string }[]; rows?: { name: string }[]; errors: Record<string, string> };
      return { list: (res.partners ?? res.rows ?? []).map((p) => p.name), errors: res.errors };
    };
    expect((await names(w.buyerAdmin, "verified=certification")).list).toContain(w.partner.name);
    expect((await names(w.buyerAdmin, "verified=reference")).list).not.toContain(w.partner.name);
    expect((await names(other.buyerAdmin, "verified=certification")).list).not.toContain(w.partner.name);
    const partnerView = await names(w.partnerAdmin, "verified=certification");
    expect(partnerView.errors.verified).toBe("Only buyers verify evidence.");
    expect((await names(w.buyerAdmin, "verified=nonsense")).errors.verified).toBe(
      "Choose a kind of claim from the list.",
    );
  });
});
