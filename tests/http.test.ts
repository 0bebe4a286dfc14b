import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, sessionCookie } from "./factories";
import { type InProcessServer, serveApp } from "./http-server";

let server: InProcessServer;
let base: string;
let draining = false;

beforeAll(async () => {
  server = await serveApp({}, () => draining);
  base = server.base;
});

afterAll(() => server.close());

function nonceOf(csp: string | null): string | undefined {
  return csp?.match(/'nonce-([^']+)'/)?.[1];
}

describe("security headers", () => {
  it("sends an enforced CSP with a fresh nonce that Remix's scripts carry", async () => {
    const first = await fetch(`${base}/login`);
    expect(first.status).toBe(200);
    const csp = first.headers.get("Content-Security-Policy");
    expect(csp).toBeTruthy();
    expect(first.headers.get("Content-Security-Policy-Report-Only")).toBeNull();
    for (const directive of [
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "default-src 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const nonce = nonceOf(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    const second = await fetch(`${base}/login`);
    expect(nonceOf(second.headers.get("Content-Security-Policy"))).not.toBe(nonce);
  });

  it("sets nosniff, a referrer policy and refuses framing on every response, pages and errors alike", async () => {
    for (const p of ["/", "/login", "/no-such-page", "/healthz", "/favicon.ico"]) {
      const res = await fetch(base + p);
      expect(res.headers.get("X-Content-Type-Options"), p).toBe("nosniff");
      expect(res.headers.get("Referrer-Policy"), p).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("X-Frame-Options"), p).toBe("DENY");
      expect(res.headers.get("X-Powered-By"), p).toBeNull();
    }
  });

  it("compresses pages", async () => {
    const res = await fetch(`${base}/login`, { headers: { "Accept-Encoding": "gzip" } });
    expect(res.headers.get("Content-Encoding")).toBe("gzip");
  });
});

describe("cross-site requests", () => {
  const crossSite: { name: string; headers: Record<string, string> }[] = [
    { name: "a foreign Origin", headers: { Origin: "https://evil.example" } },
    { name: "Origin null", headers: { Origin: "null" } },
    { name: "Sec-Fetch-Site cross-site", headers: { "Sec-Fetch-Site": "cross-site" } },
    { name: "Sec-Fetch-Site same-site", headers: { "Sec-Fetch-Site": "same-site" } },
  ];

  for (const { name, headers } of crossSite) {
    it(`refuses a POST with ${name} with 403 on an existing and on a missing path`, async () => {
      for (const p of ["/login", "/logout", "/this/path/does/not/exist"]) {
        const res = await fetch(base + p, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
          body: "email=a%40b.example&password=whatever-long-enough",
          redirect: "manual",
        });
        expect(res.status, `${name} ${p}`).toBe(403);
      }
    });
  }

  it("refuses other unsafe methods too, and lets cross-site GETs through", async () => {
    const put = await fetch(`${base}/login`, { method: "PUT", headers: { Origin: "https://evil.example" } });
    expect(put.status).toBe(403);
    const del = await fetch(`${base}/members`, {
      method: "DELETE",
      headers: { "Sec-Fetch-Site": "cross-site" },
    });
    expect(del.status).toBe(403);
    const get = await fetch(`${base}/login`, { headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(get.status).toBe(200);
  });

  it("lets a same-origin POST reach the route", async () => {
    const res = await fetch(`${base}/login`, {
      method: "POST",
      headers: {
        Origin: base,
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "email=nobody%40example.com&password=not-the-password-1",
      redirect: "manual",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("do not match an account");
  });

  it("signs out with a same-origin POST, and a signed-out cookie is then worthless", async () => {
    const world = await createWorld();
    const cookie = await sessionCookie(world.buyerAdmin);
    const before = await fetch(`${base}/members`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(before.status).toBe(200);
    const out = await fetch(`${base}/logout`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
      redirect: "manual",
    });
    expect(out.status).toBe(302);
    expect(out.headers.get("Set-Cookie")).toMatch(/pl_session=;.*Max-Age=0/);
    const after = await fetch(`${base}/members`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toBe("/login?redirectTo=%2Fmembers");
  });
});

describe("health and readiness", () => {
  it("answers /healthz for the process and /readyz for the database", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready" });
  });

  it("says 503 on /readyz while draining, and asks clients to close their connection", async () => {
    draining = true;
    try {
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "draining" });
      expect(ready.headers.get("Connection")).toBe("close");
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      draining = false;
    }
  });

  it("answers unknown paths with the 404 page, never a 500", async () => {
    const res = await fetch(`${base}/partners/../../etc/passwd`);
    expect(res.status).toBe(404);
    const world = await createWorld();
    const cookie = await sessionCookie(world.buyerAdmin);
    const malformed = await fetch(`${base}/members/not-a-uuid`, { headers: { Cookie: cookie } });
    expect(malformed.status).toBe(404);
    const html = await malformed.text();
    expect(html).toContain("We could not find that page");
    // The error page's own title, and a way back.
    expect(html).toContain("<title>We could not find that page · PartnerLens</title>");
    expect(html).toContain("Go to your home page");
    // An address no route matches: the same page, without the router's own words.
    const unknown = await fetch(`${base}/no-such-page`, { headers: { Cookie: cookie } });
    expect(unknown.status).toBe(404);
    const unknownHtml = await unknown.text();
    expect(unknownHtml).toContain("<title>We could not find that page · PartnerLens</title>");
    // (Remix's hydration data carries them; the page people read does not.)
    const main = unknownHtml.slice(unknownHtml.indexOf("<main"), unknownHtml.indexOf("</main>"));
    expect(main).toContain("We could not find that page");
    expect(main).not.toContain("No route matches");
  });
});

describe("evidence uploads over HTTP", () => {
  it("answers a 25 MB upload 413 before it has finished sending", async () => {
    const world = await createWorld();
    const cookie = await sessionCookie(world.partnerMember);
    const { request: httpRequest } = await import("node:http");
    const total = 25 * 1024 * 1024;
    const boundary = "----partnerlens-test";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
    );
    const url = new URL(`${base}/evidence/upload`);
    type Answer = { status: number; sentWhenAnswered: number; body: string };
    const attempt = () =>
      new Promise<Answer>((resolve, reject) => {
        let sent = 0;
        let stopped = false;
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: "POST",
            headers: {
              Cookie: cookie,
              Origin: base,
              "Content-Type": `multipart/form-data; boundary=${boundary}`,
              "Content-Length": String(total),
            },
          },
          (res) => {
            const sentWhenAnswered = sent;
            stopped = true;
            let body = "";
            res.on("data", (d) => (body += d));
            res.on("end", () => {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, sentWhenAnswered, body });
            });
          },
        );
        req.on("error", (e) => {
          if (!stopped) reject(e);
          stopped = true;
        });
        req.write(head);
        sent += head.length;
        const chunk = Buffer.alloc(256 * 1024, 0x61);
        const timer = setInterval(() => {
          if (stopped || sent + chunk.length > total) {
            clearInterval(timer);
            return;
          }
          req.write(chunk);
          sent += chunk.length;
        }, 20);
      });
    // NOTE: the server answers while the client is still sending and then closes the connection; on a busy machine
    // the client's next write can meet the closed socket (EPIPE) before it has read the answer. That attempt says
    // nothing either way, so it is made again (at most three times); a wrong answer fails at once.
    let result: Answer | undefined;
    for (let i = 0; i < 3 && !result; i++) {
      result = await attempt().catch((error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE" || error.code === "ECONNRESET") return undefined;
        throw error;
      });
    }
    if (!result) throw new Error("three attempts met a closed connection before reading the answer");
    expect(result.status).toBe(413);
    expect(result.sentWhenAnswered).toBeLessThan(total / 2);
    expect(JSON.parse(result.body)).toMatchObject({
      errors: { file: "This file is larger than the limit of 20 MB." },
    });
  });
});
