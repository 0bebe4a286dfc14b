// Labels and navigation by kind and role; shared by the server (loaders) and the browser.

export type OrgKind = "buyer" | "partner";
export type Role = "admin" | "evaluator" | "viewer" | "member";

export const ROLE_LABELS: Record<OrgKind, Partial<Record<Role, string>>> = {
  buyer: { admin: "Buyer admin", evaluator: "Evaluator", viewer: "Viewer" },
  partner: { admin: "Partner admin", member: "Partner member" },
};

export function roleLabel(kind: OrgKind, role: Role): string {
  return ROLE_LABELS[kind][role] ?? role;
}

/** The main navigation for a kind and role. Pages a role may not open are not offered. */
export function navigationFor(kind: OrgKind, role: Role): { to: string; label: string }[] {
  if (kind === "buyer") {
    return [
      { to: "/evaluations", label: "Evaluations" },
      { to: "/partners", label: "Partners" },
      ...(role === "admin"
        ? [
            { to: "/templates", label: "Templates" },
            { to: "/members", label: "Members" },
          ]
        : []),
    ];
  }
  return [
    { to: "/profile", label: "Profile" },
    { to: "/evidence", label: "Evidence" },
    { to: "/requests", label: "Requests" },
    ...(role === "admin" ? [{ to: "/members", label: "Members" }] : []),
  ];
}

/**
 * The account menu's links: one's own account and mail preferences for everyone; settings and the audit log for
 * admins; the Outbox for admins while demo data is on (`demo`, which only the server knows: the root loader passes it).
 */
export function accountLinksFor(
  _kind: OrgKind,
  role: Role,
  { demo = false }: { demo?: boolean } = {},
): { to: string; label: string }[] {
  return [
    { to: "/account", label: "Your account" },
    { to: "/account/mail", label: "Mail preferences" },
    ...(role === "admin" ? [{ to: "/settings", label: "Organisation settings" }] : []),
    ...(role === "admin" ? [{ to: "/audit", label: "Audit log" }] : []),
    ...(role === "admin" && demo ? [{ to: "/outbox", label: "Outbox" }] : []),
    ...(role === "admin" ? [{ to: "/styleguide", label: "Style guide" }] : []),
  ];
}
