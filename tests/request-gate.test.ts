// What a client may send, over real HTTP against the Express server in-process: redirects that stay on the site,
// bodies capped before they are parsed, content types and NUL bytes refused with a 4xx, echoes cut to each field's
// maximum, one copy of each security header, and hosts checked when APP_URL or ALLOWED_HOSTS is set.

import { randomUUID } from "node:crypto";
import http from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeRedirectPath } from "../app/utils/http.server";
import { THROTTLES, type ThrottleScope } from "../app/utils/limits";
import { getDb } from "../db/client";
import { evidence, evidenceBlobs, evidenceVersions, organisations, throttleEvents } from "../db/schema";
import { createWorld, sessionCookie, TEST_PASSWORD } from "./factories";
import { type InProcessServer, serveApp } from "./http-server";

const servers: InProcessServer[] = [];

async function serve(extra: Record<string, string> = {}): Promise<string> {
  const server = await serveApp(extra);
  servers.push(server);
  return server.base;
}

let base: string;
beforeAll(async () => {
  base = await serve();
});

afterAll(async () => {
  for (const server of servers) await server.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM_TYPE = { "Content-Type": "application/x-www-form-urlencoded" };

/** A raw HTTP request (fetch cannot send some of these: a body without its type, a dribble). */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; rawHeaders: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: options.method ?? "GET",
        headers: options.headers,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("redirects after sign-in", () => {
  it("stay on this site whatever redirectTo holds", () => {
    for (const hostile of [
      "/\t/evil.example",
      "/%09/evil.example",
      "//evil.example",
      "/\\evil.example",
      "/%5Cevil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      " //evil.example",
      "/\n/evil.example",
      "",
    ]) {
      expect(safeRedirectPath(hostile), JSON.stringify(hostile)).toBe("/");
    }
    expect(safeRedirectPath("/evaluations?status=review#list")).toBe("/evaluations?status=review#list");
    expect(safeRedirectPath("http://localhost:3000/partners", "/", "http://localhost:3000")).toBe(
      "/partners",
    );
    expect(safeRedirectPath("http://localhost:3001/partners", "/", "http://localhost:3000")).toBe("/");
  });

  it("sends a signed-in person home, never to another host, after a crafted sign-in link", async () => {
    const world = await createWorld();
    const res = await fetch(`${base}/login?redirectTo=%2F%09%2Fevil.example`, {
      method: "POST",
      headers: { ...FORM_TYPE, Origin: base },
      body: form({ email: world.buyerAdmin.email, password: TEST_PASSWORD, redirectTo: "/\t/evil.example" }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    const cookie = res.headers.get("Set-Cookie")?.split(";")[0] ?? "";
    const again = await fetch(`${base}/login?redirectTo=${encodeURIComponent("/\t/evil.example")}`, {
      headers: { Cookie: cookie },
      redirect: "manual",
    });
    expect(again.headers.get("Location")).toBe("/");
  });
});

describe("request bodies", () => {
  it("answers a 50 MB field on /login 413 before parsing it, with a short answer", async () => {
    const body = `email=${"a".repeat(50 * 1024 * 1024)}&password=whatever`;
    const declared = await raw(`${base}/login`, {
      method: "POST",
      headers: { ...FORM_TYPE, "Content-Length": String(Buffer.byteLength(body)) },
      body,
    });
    expect(declared.status).toBe(413);
    expect(declared.body.length).toBeLessThan(1000);
    expect(declared.body).toContain("larger than 1 MB");

    const chunked = await raw(`${base}/login`, {
      method: "POST",
      headers: { ...FORM_TYPE, "Transfer-Encoding": "chunked" },
      body: `email=${"a".repeat(2 * 1024 * 1024)}`,
    });
    expect(chunked.status).toBe(413);
  });

  it("echoes no value longer than its field's maximum", async () => {
    const res = await fetch(`${base}/login`, {
      method: "POST",
      headers: { ...FORM_TYPE, Origin: base },
      body: form({ email: `${"a".repeat(900_000)}@example.com`, password: "x".repeat(20) }),
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page.length).toBeLessThan(60_000);
    expect(page).not.toContain("a".repeat(255));
    expect(page).toContain("a".repeat(254));
  });

  it("refuses content types no form sends, a multipart body without a boundary and an empty body, with a 4xx", async () => {
    const cases: [Record<string, string>, string, number][] = [
      [{ "Content-Type": "text/plain" }, "email=a", 415],
      [{ "Content-Type": "application/json" }, '{"email":"a"}', 415],
      [{ "Content-Type": "application/xml" }, "<email>a</email>", 415],
      [{ "Content-Type": "multipart/form-data" }, "--x\r\n", 400],
      [{}, "", 415],
    ];
    for (const [headers, body, status] of cases) {
      const res = await raw(`${base}/login`, { method: "POST", headers, body });
      expect(res.status, JSON.stringify(headers)).toBe(status);
      expect(res.body).toMatch(/form|boundary/);
    }
  });

  it("refuses a NUL byte in an address or a form with 400, signed in or not", async () => {
    const world = await createWorld();
    const cookie = await sessionCookie(world.buyerAdmin);
    for (const p of ["/partners?q=a%00b", "/partners/%00", "/evaluations?x=%E0%A4%A"]) {
      const res = await fetch(base + p, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(res.status, p).toBe(400);
    }
    const posted = await fetch(`${base}/login`, {
      method: "POST",
      headers: { ...FORM_TYPE, Origin: base },
      body: "email=a%00b%40example.com&password=whatever-it-is",
    });
    expect(posted.status).toBe(400);
  });

  it("cuts a body that stops arriving with 408", async () => {
    const slow = await serve({ UPLOAD_IDLE_TIMEOUT_MS: "300" });
    const u = new URL(`${slow}/login`);
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: "POST",
          headers: { ...FORM_TYPE, "Content-Length": "100" },
        },
        (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.write("email=someone");
    });
    expect(result.status).toBe(408);
    expect(result.body).toContain("Nothing arrived");
  });
});

describe("upload resource routes", () => {
  it("send a GET to the page whose form posts there", async () => {
    const world = await createWorld();
    const cookie = await sessionCookie(world.partnerAdmin);
    const add = await fetch(`${base}/evidence/upload`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(add.status).toBe(302);
    expect(add.headers.get("Location")).toBe("/evidence");
    const version = await fetch(`${base}/evidence/some-id/upload`, {
      headers: { Cookie: cookie },
      redirect: "manual",
    });
    expect(version.status).toBe(302);
    expect(version.headers.get("Location")).toBe("/evidence/some-id");
  });
});

describe("hosts", () => {
  it("refuses non-GET requests naming another host once APP_URL or ALLOWED_HOSTS is set", async () => {
    const guarded = await serve({ APP_URL: "https://portal.example.com", ALLOWED_HOSTS: "127.0.0.1:1" });
    const body = form({ email: "someone@example.com", password: "long enough password" });
    const other = await raw(`${guarded}/login`, {
      method: "POST",
      headers: { ...FORM_TYPE, Host: "evil.example" },
      body,
    });
    expect(other.status).toBe(403);
    for (const host of ["portal.example.com", "127.0.0.1:1"]) {
      const named = await raw(`${guarded}/login`, {
        method: "POST",
        headers: { ...FORM_TYPE, Host: host },
        body,
      });
      expect(named.status, host).toBe(400);
    }
    const get = await raw(`${guarded}/login`, { headers: { Host: "evil.example" } });
    expect(get.status).toBe(200);
  });

  it("take every host when neither is set", async () => {
    const res = await raw(`${base}/login`, {
      method: "POST",
      headers: { ...FORM_TYPE, Host: "anything.example" },
      body: form({ email: "someone@example.com", password: "long enough password" }),
    });
    expect(res.status).toBe(400);
  });
});

describe("downloads", () => {
  it("carry each security header once, the download's own sandboxing CSP in place of the page's", async () => {
    const world = await createWorld();
    const db = getDb();
    const [e] = await db
      .insert(evidence)
      .values({ organisationId: world.partner.id, claimKind: "support", title: "Runbook", kind: "file" })
      .returning({ id: evidence.id });
    const [v] = await db
      .insert(evidenceVersions)
      .values({
        evidenceId: e.id,
        organisationId: world.partner.id,
        number: 1,
        fileName: "runbook.pdf",
        mimeType: "application/pdf",
        sizeBytes: 9,
        sha256: "0".repeat(64),
      })
      .returning({ id: evidenceVersions.id });
    await db.insert(evidenceBlobs).values({
      versionId: v.id,
      organisationId: world.partner.id,
      data: new TextEncoder().encode("%PDF-1.4\n"),
    });
    await db.update(evidence).set({ currentVersionId: v.id }).where(eq(evidence.id, e.id));

    const res = await raw(`${base}/evidence-files/${v.id}`, {
      headers: { Cookie: await sessionCookie(world.buyerAdmin) },
    });
    expect(res.status).toBe(200);
    const names = res.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    for (const name of [
      "x-content-type-options",
      "content-security-policy",
      "x-frame-options",
      "referrer-policy",
    ]) {
      expect(
        names.filter((n) => n === name),
        name,
      ).toHaveLength(1);
    }
    expect(res.headers["content-security-policy"]).toBe("sandbox; default-src 'none'");
    expect(res.headers["content-disposition"]).toContain("attachment");
  });
});

describe("throttles", () => {
  /** Fills a scope's window for this test's address (127.0.0.1 over HTTP) up to `max - spare`. */
  async function fill(scope: ThrottleScope, spare: number) {
    await getDb()
      .insert(throttleEvents)
      .values(Array.from({ length: THROTTLES[scope].max - spare }, () => ({ scope, key: "127.0.0.1" })));
  }
  async function clear() {
    await getDb().delete(throttleEvents).where(eq(throttleEvents.key, "127.0.0.1"));
  }

  it("counts invitation and reset links that do not work per address, then answers 429 with Retry-After", async () => {
    try {
      await fill("link", 1);
      const last = await fetch(`${base}/invite/not-a-real-token`);
      expect(last.status).toBe(404);
      for (const p of ["/invite/not-a-real-token", "/reset/not-a-real-token"]) {
        const page = await fetch(base + p);
        expect(page.status, p).toBe(429);
        expect(Number(page.headers.get("Retry-After")), p).toBeGreaterThan(800);
        expect(await page.text()).toContain("Too many links that did not work");
      }
      const posted = await fetch(`${base}/invite/not-a-real-token`, {
        method: "POST",
        headers: { ...FORM_TYPE, Origin: base },
        body: form({ name: "Someone", password: "a long enough password 1" }),
      });
      expect(posted.status).toBe(429);
      expect(posted.headers.get("Retry-After")).toMatch(/^\d+$/);
    } finally {
      await clear();
    }
  });

  it("throttles sign-ups per address: the page says when to retry, with Retry-After, and creates nothing", async () => {
    try {
      await fill("sign-up", 0);
      const orgName = `Throttled ${randomUUID().slice(0, 8)}`;
      const res = await fetch(`${base}/signup`, {
        method: "POST",
        headers: { ...FORM_TYPE, Origin: base },
        body: form({
          kind: "partner",
          organisationName: orgName,
          name: "Sam Throttle",
          email: `sam-${randomUUID().slice(0, 8)}@throttle.example`,
          password: "plum orbit lantern 83 river",
          _idempotency: randomUUID(),
        }),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(800);
      const page = await res.text();
      expect(page).toContain("Too many sign-ups from your address");
      expect(page).toContain("Sam Throttle");
      const created = await getDb().select().from(organisations).where(eq(organisations.name, orgName));
      expect(created).toHaveLength(0);
    } finally {
      await clear();
    }
  });

  it("keeps Retry-After on a throttled sign-in page (a document request, not only data)", async () => {
    const email = `throttled-${randomUUID().slice(0, 8)}@example.com`;
    await getDb()
      .insert(throttleEvents)
      .values(Array.from({ length: THROTTLES.account.max }, () => ({ scope: "account", key: email })));
    const res = await fetch(`${base}/login`, {
      method: "POST",
      headers: { ...FORM_TYPE, Origin: base, Accept: "text/html" },
      body: form({ email, password: "whatever it may be" }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(800);
  });
});
