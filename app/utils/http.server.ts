import { data } from "@remix-run/node";

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

/** A same-site path to return to after sign-in; anything else (another host, `//evil`) falls back to `/`. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\"))
    return fallback;
  return to;
}
