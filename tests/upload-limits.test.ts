// Evidence uploads over real HTTP are bounded: a storage quota per partner organisation, a rate limit per person,
// an idle timeout; file names that broke the old multipart parser upload like any other.
import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setEnv } from "../app/utils/config.server";
import { parseEnv } from "../app/utils/env.server";
import { getDb } from "../db/client";
import { certifications, evidence, evidenceVersions } from "../db/schema";
import { createWorld, sessionCookie } from "./factories";
import { pdf } from "./fixtures/evidence-files";
import { type InProcessServer, serveApp } from "./http-server";

type World = Awaited<ReturnType<typeof createWorld>>;

let server: InProcessServer;
let base: string;
const TEST_ENV = { NODE_ENV: "test", LOG_REQUESTS: "false" };

beforeAll(async () => {
  server = await serveApp();
  base = server.base;
});

afterAll(() => server.close());

/** The models read the environment the server validated at boot: these tests set it for one case. */
function withSettings(settings: Record<string, string>) {
  setEnv(parseEnv({ ...TEST_ENV, ...settings }));
}
afterEach(() => setEnv(parseEnv(TEST_ENV)));

async function partnerWithClaim(): Promise<{ world: World; cookie: string; claim: string }> {
  const world = await createWorld();
  const [c] = await getDb()
    .insert(certifications)
    .values({
      organisationId: world.partner.id,
      track: "Applied AI",
      certifiedStaff: 2,
      issuedOn: "2025-01-01",
    })
    .returning({ id: certifications.id });
  return { world, cookie: await sessionCookie(world.partnerMember), claim: `certification:${c.id}` };
}

/** A PDF padded to `size` bytes (the checks read its head; trailing bytes are fine). */
function pdfOfSize(size: number): Buffer {
  const head = pdf();
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
}

async function upload(
  cookie: string,
  claim: string,
  file: { bytes: Buffer; name: string },
): Promise<{ status: number; body: Record<string, unknown>; retryAfter: string | null }> {
  const form = new FormData();
  form.append("_idempotency", randomUUID());
  form.append("claim", claim);
  form.append("title", "Audit report");
  form.append("source", "file");
  form.append("visibility", "all_buyers");
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: "application/pdf" }), file.name);
  const res = await fetch(`${base}/evidence/upload`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: base, Accept: "application/json" },
    body: form,
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    retryAfter: res.headers.get("Retry-After"),
  };
}

async function versionsOf(organisationId: string) {
  return getDb()
    .select({ fileName: evidenceVersions.fileName, size: evidenceVersions.sizeBytes })
    .from(evidenceVersions)
    .where(eq(evidenceVersions.organisationId, organisationId));
}

function spoolFiles(): string[] {
  return readdirSync(os.tmpdir()).filter((f) => f.startsWith("partnerlens-upload-"));
}

describe("evidence upload limits over HTTP", () => {
  it("uploads a file whose name holds =, ; and a quote, keeping a cleaned name", async () => {
    const { world, cookie, claim } = await partnerWithClaim();
    for (const name of ["budget=2025.pdf", "plan;v2.pdf", 'the "final" plan.pdf']) {
      const res = await upload(cookie, claim, { bytes: pdf(), name });
      expect(res.status, name).toBe(200);
      expect(res.body.location).toMatch(/^\/evidence\//);
    }
    const names = (await versionsOf(world.partner.id)).map((v) => v.fileName).sort();
    // NOTE: browsers (and fetch) send a quote in a file name as %22 (WHATWG multipart encoding).
    expect(names).toEqual(["budget=2025.pdf", "plan;v2.pdf", "the %22final%22 plan.pdf"]);
  });

  it("refuses an upload over the organisation's quota with 413, naming use and quota; every version counts", async () => {
    withSettings({ EVIDENCE_QUOTA_MB: "1" });
    const { world, cookie, claim } = await partnerWithClaim();
    const first = await upload(cookie, claim, { bytes: pdfOfSize(600 * 1024), name: "first.pdf" });
    expect(first.status).toBe(200);
    const second = await upload(cookie, claim, { bytes: pdfOfSize(600 * 1024), name: "second.pdf" });
    expect(second.status).toBe(413);
    expect((second.body.errors as Record<string, string>).file).toMatch(
      /would take your organisation's evidence storage past its quota: 600 KB of 1 MB used/,
    );
    expect((await versionsOf(world.partner.id)).map((v) => v.fileName)).toEqual(["first.pdf"]);

    const page = await fetch(`${base}/evidence`, { headers: { Cookie: cookie } });
    expect(await page.text()).toContain("600 KB of 1 MB used");
  });

  it("refuses the file past the person's rate limit with 429 and Retry-After, and accepts it once the window passes", async () => {
    withSettings({ UPLOAD_RATE_LIMIT: "3" });
    const { world, cookie, claim } = await partnerWithClaim();
    for (let i = 0; i < 3; i++) {
      expect((await upload(cookie, claim, { bytes: pdf(), name: `f${i}.pdf` })).status).toBe(200);
    }
    const fourth = await upload(cookie, claim, { bytes: pdf(), name: "f3.pdf" });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.retryAfter)).toBeGreaterThan(500);
    expect(fourth.body.formError).toMatch(/You sent 3 files in the last 10 minutes/);
    expect(await versionsOf(world.partner.id)).toHaveLength(3);
    // Another person of the same organisation has a limit of their own.
    const admin = await upload(await sessionCookie(world.partnerAdmin), claim, {
      bytes: pdf(),
      name: "a.pdf",
    });
    expect(admin.status).toBe(200);
  });

  it("cuts an upload that sends nothing for UPLOAD_IDLE_TIMEOUT_MS with 408, leaving no row and no temporary file", async () => {
    withSettings({ UPLOAD_IDLE_TIMEOUT_MS: "400" });
    const { world, cookie, claim } = await partnerWithClaim();
    const before = spoolFiles();
    const boundary = "----idle";
    const head = [
      `--${boundary}\r\nContent-Disposition: form-data; name="_idempotency"\r\n\r\n${randomUUID()}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="claim"\r\n\r\n${claim}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nSlow\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ].join("");
    const u = new URL(`${base}/evidence/upload`);
    const started = Date.now();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: "POST",
          headers: {
            Cookie: cookie,
            Origin: base,
            Accept: "application/json",
            "Content-Type": `multipart/form-data; boundary=${boundary}`,
            "Content-Length": String(head.length + 100_000),
          },
        },
        (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.write(head);
      req.write(pdf());
      // …then silence.
    });
    expect(answer.status).toBe(408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(answer.body).formError).toMatch(/Nothing arrived for 0 s|Nothing arrived/);
    expect(
      await getDb().select().from(evidence).where(eq(evidence.organisationId, world.partner.id)),
    ).toHaveLength(0);
    expect(spoolFiles()).toEqual(before);
  });
});
