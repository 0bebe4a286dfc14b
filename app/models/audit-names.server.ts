// The names and pages of what a page of audit events is about: one query per kind of thing, whatever the number of
// events (docs/architecture.md, "a page loads in a fixed number of queries"). Each query is scoped to the viewer's
// organisation; a thing that is gone, or another organisation's, is simply not found and is named in words.
import { and, eq, inArray, or } from "drizzle-orm";
import { getDb } from "../../db/client";
import {
  checklistTemplates,
  evaluationCandidates,
  evaluations,
  evidence,
  evidenceRequests,
  evidenceVersions,
  invitations,
  memberships,
  organisations,
  users,
} from "../../db/schema";
import type { AuditEventFacts, AuditNames, AuditRefKind } from "../utils/audit-words";
import { auditRefs } from "../utils/audit-words";
import { visibleToBuyer } from "./evidence/visibility.server";

type Viewer = { organisationId: string; kind: "buyer" | "partner" };

// NOTE: PostgreSQL takes at most 65,535 parameters in one statement; an export of 50,000 events may name more ids of
// one kind than a page ever does, so those are read in slices.
const IDS_PER_QUERY = 5_000;

/** Runs `read` only when there are ids to read (no query for a kind no event names), once per slice of ids. */
async function when<T>(ids: string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY)
    rows.push(...(await read(ids.slice(i, i + IDS_PER_QUERY))));
  return rows;
}

function readKinds(viewer: Viewer, refs: Record<AuditRefKind, string[]>) {
  const db = getDb();
  const org = viewer.organisationId;
  return Promise.all([
    when(refs.evaluations, (ids) =>
      db
        .select({ id: evaluations.id, name: evaluations.name })
        .from(evaluations)
        .where(and(eq(evaluations.organisationId, org), inArray(evaluations.id, ids))),
    ),
    when(refs.candidates, (ids) =>
      db
        .select({
          id: evaluationCandidates.id,
          name: organisations.name,
          evaluationId: evaluationCandidates.evaluationId,
          withdrawnAt: evaluationCandidates.withdrawnAt,
        })
        .from(evaluationCandidates)
        .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
        .where(and(eq(evaluationCandidates.organisationId, org), inArray(evaluationCandidates.id, ids))),
    ),
    when(refs.members, (ids) =>
      db
        .select({ userId: memberships.userId, membershipId: memberships.id, name: users.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organisationId, org), inArray(memberships.userId, ids))),
    ),
    when(refs.memberships, (ids) =>
      db
        .select({ id: memberships.id, name: users.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organisationId, org), inArray(memberships.id, ids))),
    ),
    when(refs.invitations, (ids) =>
      db
        .select({ id: invitations.id, email: invitations.email, role: invitations.role })
        .from(invitations)
        .where(and(eq(invitations.organisationId, org), inArray(invitations.id, ids))),
    ),
    when(refs.templates, (ids) =>
      db
        .select({ id: checklistTemplates.id, name: checklistTemplates.name })
        .from(checklistTemplates)
        .where(and(eq(checklistTemplates.organisationId, org), inArray(checklistTemplates.id, ids))),
    ),
    when(refs.evidence, (ids) =>
      db
        .select({ id: evidence.id, title: evidence.title, deletedAt: evidence.deletedAt })
        .from(evidence)
        .where(and(eq(evidence.organisationId, org), inArray(evidence.id, ids))),
    ),
    // A buyer's verdicts name versions of a partner's evidence: the partner, while the buyer may still see it.
    when(refs.versions, (ids) =>
      db
        .select({ id: evidenceVersions.id, partnerId: organisations.id, partner: organisations.name })
        .from(evidenceVersions)
        .innerJoin(evidence, eq(evidence.id, evidenceVersions.evidenceId))
        .innerJoin(organisations, eq(organisations.id, evidence.organisationId))
        .where(and(inArray(evidenceVersions.id, ids), visibleToBuyer(org))),
    ),
    // Requests belong to the buyer that asked and are read by the partner asked.
    when(refs.requests, (ids) =>
      db
        .select({
          id: evidenceRequests.id,
          evaluationId: evidenceRequests.evaluationId,
          evaluation: evaluations.name,
          buyerId: evidenceRequests.organisationId,
        })
        .from(evidenceRequests)
        .innerJoin(evaluations, eq(evaluations.id, evidenceRequests.evaluationId))
        .where(
          and(
            inArray(evidenceRequests.id, ids),
            or(eq(evidenceRequests.organisationId, org), eq(evidenceRequests.partnerId, org)),
          ),
        ),
    ),
  ]);
}

/**
 * What a page of audit events names, resolved in at most one query per kind (nine in all), scoped to the viewer's
 * organisation. The organisations' own names come with the events, so requests carry only where they lead.
 */
export async function auditNamesFor(viewer: Viewer, events: readonly AuditEventFacts[]): Promise<AuditNames> {
  const [evals, candidates, members, ms, invites, templates, items, versions, requests] = await readKinds(
    viewer,
    auditRefs(events),
  );
  return {
    kind: viewer.kind,
    evaluations: new Map(evals.map((e) => [e.id, { name: e.name }])),
    candidates: new Map(
      candidates.map((c) => [
        c.id,
        { name: c.name, evaluationId: c.evaluationId, withdrawn: c.withdrawnAt !== null },
      ]),
    ),
    members: new Map(members.map((m) => [m.userId, { name: m.name, membershipId: m.membershipId }])),
    memberships: new Map(ms.map((m) => [m.id, { name: m.name }])),
    invitations: new Map(invites.map((i) => [i.id, { email: i.email, role: i.role }])),
    templates: new Map(templates.map((t) => [t.id, { name: t.name }])),
    evidence: new Map(items.map((e) => [e.id, { title: e.title, deleted: e.deletedAt !== null }])),
    versions: new Map(versions.map((v) => [v.id, { partnerId: v.partnerId, partner: v.partner }])),
    requests: new Map(
      requests.map((r) => [
        r.id,
        {
          // The evaluation is the buyer's: a partner never gets its name or its page.
          evaluationId: r.buyerId === viewer.organisationId ? r.evaluationId : null,
          evaluation: r.buyerId === viewer.organisationId ? r.evaluation : null,
        },
      ]),
    ),
  };
}
