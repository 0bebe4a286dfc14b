import { redirect } from "@remix-run/node";
import { forbidden, notFound } from "./http.server";
import { readSession, type SessionContext } from "./session.server";

export type OrgKind = SessionContext["orgKind"];
export type Role = SessionContext["role"];

/** Who is asking: the signed-in person, their organisation and role. */
export type Viewer = SessionContext;

export interface AccessRule {
  /** The kind of organisation the page or action belongs to; the other kind gets 404 (it does not exist for them). */
  kind?: OrgKind;
  /** Roles allowed; another role of the right kind gets 403. Absent: every role of the kind. */
  roles?: readonly Role[];
}

/**
 * The one way every loader and action learns who is asking and what they may do.
 * - anonymous: redirect to the sign-in page, coming back here afterwards;
 * - wrong kind of organisation: 404, exactly like a missing page;
 * - right kind, role not allowed: 403.
 * Objects are then read with the viewer's organisation id in the query, so another tenant's object is a 404.
 */
export async function authorize(request: Request, rule: AccessRule = {}): Promise<Viewer> {
  const viewer = await readSession(request);
  if (!viewer) {
    const url = new URL(request.url);
    const back = request.method === "GET" ? url.pathname + url.search : url.pathname;
    const search = back === "/" ? "" : `?${new URLSearchParams({ redirectTo: back })}`;
    throw redirect(`/login${search}`);
  }
  if (rule.kind && viewer.orgKind !== rule.kind) notFound();
  if (rule.roles && !rule.roles.includes(viewer.role)) forbidden();
  return viewer;
}

/** For pages open to everyone (sign-in, landing): the viewer when signed in, else undefined. */
export async function optionalViewer(request: Request): Promise<Viewer | undefined> {
  return readSession(request);
}

/** Throws a 404 unless the object was found (tenant filtering happens in the query that produced it). */
export function found<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) notFound();
  return value;
}

/** What the interface may offer; only hides controls, the server checks again with `authorize`. */
export const can = {
  manageMembers: (v: Pick<Viewer, "role">) => v.role === "admin",
};
