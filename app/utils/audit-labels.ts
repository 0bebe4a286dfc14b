/** What each audit action means, as a person reads it. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "organisation.created": "Organisation created",
  "organisation.updated": "Organisation settings changed",
  "membership.created": "Member added",
  "membership.role_changed": "Role changed",
  "membership.removed": "Member removed",
  "invitation.created": "Invitation issued",
  "invitation.revoked": "Invitation revoked",
  "invitation.accepted": "Invitation accepted",
  "password_reset.issued": "Password reset link issued",
  "password_reset.used": "Password reset by link",
  "user.password_changed": "Password changed",
  "session.ended": "Session ended",
  "session.ended_others": "Other sessions ended",
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
