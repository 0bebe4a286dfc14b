import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/** The Content-Security-Policy for one response; the nonce is fresh per request. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    // NOTE: recharts and reserved chart boxes render style="" attributes on the server (docs/stack.md "Security").
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join("; ");
}

/** Sets the nonce (res.locals.cspNonce) and the security headers every response carries. */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request comes from another site: the browser's Sec-Fetch-Site says so, or its Origin is not this
 * server's. Requests without either header (command-line clients, server-to-server) carry no ambient
 * browser credentials of another site and pass.
 */
export function isCrossSite(req: Pick<Request, "method" | "protocol" | "get">): boolean {
  const site = req.get("Sec-Fetch-Site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = req.get("Origin");
  if (origin === undefined) return false;
  return origin !== `${req.protocol}://${req.get("Host")}`;
}

/**
 * NOTE: RFC 8058 one-click unsubscribe: a mail provider POSTs `List-Unsubscribe=One-Click` to a message's unsubscribe
 * link, without cookies and maybe with its own Origin. The signed token in the path is the only authority there (the
 * route reads no session), so a cross-site POST can do nothing its sender could not do with the link itself. The
 * path is checked as Remix will route it (dot segments and backslashes resolved), so `/unsubscribe/../settings` is
 * not let through. Remix itself aborts a page's POST whose Origin is not the Host (an error, answered 500), so the
 * foreign Origin is dropped from such a request before it reaches Remix.
 */
const ONE_CLICK_PATH = /^\/unsubscribe\/[^/]+$/;

/** Whether a request goes to an unsubscribe link (routes/unsubscribe.$token.tsx), as Remix will route it. */
export function isUnsubscribeLink(originalUrl: string): boolean {
  try {
    // As app/server/remix-handler.ts builds the request's URL.
    return ONE_CLICK_PATH.test(new URL(`http://portal.invalid${originalUrl}`).pathname);
  } catch {
    return false;
  }
}

/**
 * Refuses every cross-site non-GET request with 403, before routing, on every path (existing or not) but the
 * unsubscribe links (above), whose foreign Origin is dropped.
 */
export function refuseCrossSite(req: Request, res: Response, next: NextFunction): void {
  if (!SAFE_METHODS.has(req.method) && isCrossSite(req)) {
    if (!isUnsubscribeLink(req.originalUrl)) {
      res.status(403).type("text/plain").send("Cross-site request refused.");
      return;
    }
    delete req.headers.origin;
  }
  next();
}
