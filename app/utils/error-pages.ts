// What an error page says, from what a loader or action threw: its heading, message and way back, and the document's
// title. One table for the error boundary and the pages' meta (every route's meta goes through `withErrorTitle`).

import type { MetaDescriptor } from "@remix-run/react";
import { isRouteErrorResponse } from "@remix-run/react";

const HEADINGS: Record<number, string> = {
  400: "That request could not be understood",
  403: "Your role does not allow this",
  404: "We could not find that page",
  405: "This address only takes a form",
  409: "Someone changed this at the same time",
  413: "That was more than this page accepts",
  429: "Too many attempts",
  503: "PartnerLens is briefly unavailable",
};

export interface ErrorPage {
  /** The HTTP status, or undefined for an error of our own (a bug: 500). */
  status: number | undefined;
  heading: string;
  /** What the refusal said, when it said more than its heading. */
  message?: string;
  back: { href: string; label: string };
}

const HOME = { href: "/", label: "Go to your home page" };

function field(data: unknown, key: string): unknown {
  return data && typeof data === "object" && key in data ? (data as Record<string, unknown>)[key] : undefined;
}

/**
 * The page for a thrown error. A refusal's own `message`, `title` and `back` (errors.server.ts) come first; a string
 * body (the router's own "No route matches URL …") is never shown, since it speaks to developers.
 */
export function errorPage(error: unknown): ErrorPage {
  if (!isRouteErrorResponse(error)) {
    return { status: undefined, heading: "Something went wrong on our side", back: HOME };
  }
  const message = field(error.data, "message");
  const title = field(error.data, "title");
  const back = field(error.data, "back") as ErrorPage["back"] | undefined;
  return {
    status: error.status,
    heading: typeof title === "string" ? title : (HEADINGS[error.status] ?? "Something went wrong"),
    message: typeof message === "string" && message !== "Not found" ? message : undefined,
    back: back && typeof back.href === "string" && typeof back.label === "string" ? back : HOME,
  };
}

/** The document title of an error page: "We could not find that page · PartnerLens". */
export function errorTitle(error: unknown): string {
  return `${errorPage(error).heading} · PartnerLens`;
}

/** A route's meta that gives its error page a title of its own (the route's title needs its data, which is gone). */
export function withErrorTitle<A extends { error?: unknown }>(meta: (args: A) => MetaDescriptor[]) {
  return (args: A): MetaDescriptor[] => (args.error ? [{ title: errorTitle(args.error) }] : meta(args));
}
