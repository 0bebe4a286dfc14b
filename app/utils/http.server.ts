import { data } from "@remix-run/node";
import { getEnv } from "./config.server";

/** Throws a response with `status` unless `condition` holds (Epic Stack's invariantResponse). */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw data({ message }, { status });
}

/** Another tenant's object answers exactly like a missing one. */
export function notFound(message = "Not found"): never {
  throw data({ message }, { status: 404 });
}

export function forbidden(message = "Your role does not allow this."): never {
  throw data({ message }, { status: 403 });
}

export function conflict(message: string): never {
  throw data({ message }, { status: 409 });
}

// C0 controls, DEL and backslashes: browsers drop tabs and newlines from a Location and read "\\" as "/", so
// "/\t/evil.example" or "/\\evil.example" would leave the site.
function unsafeInRedirect(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x1f || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}
const PLACEHOLDER_ORIGIN = "http://partnerlens.invalid";

/**
 * The one safe-redirect function: `to` resolved against the app's origin, kept only when it stays on that origin
 * and holds no control character or backslash (raw or decoded), as a path with its query and hash; `fallback`
 * otherwise. `origin` defaults to a placeholder, which answers the same for every relative target.
 */
export function safeRedirectPath(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
  origin = PLACEHOLDER_ORIGIN,
): string {
  if (typeof to !== "string" || to === "" || unsafeInRedirect(to)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  if (unsafeInRedirect(decoded)) return fallback;
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The portal's origin: APP_URL's when set (behind a proxy the request's own may differ), else the request's. */
export function appOrigin(request: Request): string {
  return getEnv().APP_URL ?? new URL(request.url).origin;
}

/** Where a request asks to go back to (`redirectTo`, a form field or a query parameter), kept on this site. */
export function redirectTarget(request: Request, to: FormDataEntryValue | string | null | undefined): string {
  return safeRedirectPath(to, "/", appOrigin(request));
}
