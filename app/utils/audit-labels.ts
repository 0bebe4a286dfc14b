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
  "user.email_confirmed": "E-mail address confirmed",
  "session.ended": "Session ended",
  "session.ended_others": "Other sessions ended",
  "template.created": "Template created",
  "template.updated": "Template changed",
  "template.deleted": "Template deleted",
  "evaluation.created": "Evaluation created",
  "evaluation.cloned": "Evaluation cloned into a new draft",
  "evaluation.updated": "Evaluation context changed",
  "evaluation.checklist_changed": "Evaluation checklist changed",
  "evaluation.status_changed": "Evaluation status changed",
  "evaluation.candidate_added": "Candidate shortlisted",
  "evaluation.candidate_removed": "Candidate removed",
  "evaluation.candidate_withdrawn": "Candidate withdrawn",
  "evaluation.evaluator_assigned": "Evaluator assigned",
  "evaluation.evaluator_unassigned": "Evaluator unassigned",
  "evaluation.declared": "Conflicts of interest declared",
  "evaluation.decided": "Evaluation decided",
  "evaluation.delivery_reviewed": "Delivery reviewed",
  "evaluation.debrief_published": "Debrief published",
  "score.saved": "Score saved",
  "score.submitted": "Candidate submitted",
  "evidence_request.created": "Evidence requested",
  "evidence_request.answered": "Evidence request answered",
  "evidence_request.closed": "Evidence request closed",
  "numeric_value.set": "Numeric value entered",
  "numeric_value.copied": "Numeric value taken from the profile",
  "numeric_value.cleared": "Numeric value cleared",
  "consensus.set": "Consensus score set",
  "consensus.cleared": "Consensus score cleared",
  "evidence.created": "Evidence added",
  "evidence.version_added": "Evidence version uploaded",
  "evidence.updated": "Evidence details changed",
  "evidence.deleted": "Evidence deleted",
  "evidence.verification_set": "Evidence verified or rejected",
  "profile.facts.updated": "Profile facts changed",
};

/** The profile's sections, as their audit actions name them (`profile.certification.created`). */
const PROFILE_SECTIONS: Record<string, string> = {
  certification: "Certification",
  document: "Document",
  specialization: "Specialization",
  provider: "Model provider",
  reference: "Reference",
  membership: "Network membership",
  support: "Support terms",
};
const PROFILE_VERBS: Record<string, string> = { created: "added", updated: "changed", deleted: "removed" };

export function auditActionLabel(action: string): string {
  const own = AUDIT_ACTION_LABELS[action];
  if (own) return own;
  const [, section, verb] = /^profile\.([a-z_]+)\.([a-z]+)$/.exec(action) ?? [];
  if (section && verb && PROFILE_SECTIONS[section] && PROFILE_VERBS[verb]) {
    return `${PROFILE_SECTIONS[section]} ${PROFILE_VERBS[verb]}`;
  }
  return action;
}
