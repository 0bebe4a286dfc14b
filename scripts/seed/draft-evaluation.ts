// The demo's draft on version 2 of the built-in checklist: Southern Cross Mutual sets up its next selection with the
// new version (the five criteria AI risk frameworks ask), three partners shortlisted and no evaluators assigned yet,
// beside its evaluations on version 1, which are history and stay on it.
import { BUILT_IN_V2_TEMPLATE_ID } from "../../app/domain/builtin-checklist-v2";
import { builtInVersion } from "../../app/domain/builtin-versions";
import { writeEvaluationChecklist } from "../../app/models/evaluation-checklist.server";
import type { Tx } from "../../db/client";
import { auditEvents, evaluationCandidates, evaluations } from "../../db/schema";
import { dayIn, plusDays } from "./days";

/** Version 2, explicitly: when a later version ships, the demo's draft stays what it was. */
const VERSION_2 = builtInVersion(BUILT_IN_V2_TEMPLATE_ID)!;

const HOUR = 3_600_000;

export const DEMO_DRAFT = {
  buyer: "Southern Cross Mutual Insurance",
  admin: "priya@scmutual.example",
  timeZone: "Australia/Sydney",
  name: "Policy servicing agents: partner shortlist",
  industry: "Insurance",
  sizeBand: "5k-20k" as const,
  useCases: ["workflow_agents" as const, "customer_service" as const],
  requiredSpecializations: ["ai_agents", "cybersecurity"],
  deadlineInDays: 30,
  /** Hours before now: set up yesterday. */
  startedHoursAgo: 26,
  candidates: ["Northwind Systems Integration", "Kestrel Data Partners", "Tessellate Labs"],
};

/** Seeds the draft inside the seed's transaction; needs the organisations and people (demo.ts). */
export async function seedDraftEvaluation(
  tx: Tx,
  ids: { orgId: Map<string, string>; userId: Map<string, string> },
  now: Date,
): Promise<void> {
  const d = DEMO_DRAFT;
  const org = ids.orgId.get(d.buyer)!;
  const admin = ids.userId.get(d.admin)!;
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const details = {
    name: d.name,
    industry: d.industry,
    sizeBand: d.sizeBand,
    useCases: d.useCases,
    requiredSpecializations: d.requiredSpecializations,
    deadlineOn: plusDays(dayIn(d.timeZone, now), d.deadlineInDays),
    minimumTotal: null,
  };
  const [row] = await tx
    .insert(evaluations)
    .values({
      organisationId: org,
      ...details,
      status: "draft",
      templateName: VERSION_2.label,
      createdByUserId: admin,
      createdAt: at(d.startedHoursAgo),
      updatedAt: at(d.startedHoursAgo - 1),
      statusChangedAt: at(d.startedHoursAgo),
    })
    .returning({ id: evaluations.id });
  await writeEvaluationChecklist(tx, org, row.id, VERSION_2.checklist);
  const candidates = await tx
    .insert(evaluationCandidates)
    .values(
      d.candidates.map((partner) => ({
        organisationId: org,
        evaluationId: row.id,
        partnerId: ids.orgId.get(partner)!,
        addedByUserId: admin,
        addedAt: at(d.startedHoursAgo - 1),
      })),
    )
    .returning({ id: evaluationCandidates.id, partnerId: evaluationCandidates.partnerId });
  const event = (hoursAgo: number, action: string, after: unknown) => ({
    at: at(hoursAgo),
    actorUserId: admin,
    organisationId: org,
    action,
    entityType: "evaluation",
    entityId: row.id,
    before: null,
    after,
  });
  await tx.insert(auditEvents).values([
    event(d.startedHoursAgo, "evaluation.created", {
      ...details,
      templateName: VERSION_2.label,
      clonedFromId: null,
      status: "draft",
    }),
    ...d.candidates.map((partner) =>
      event(d.startedHoursAgo - 1, "evaluation.candidate_added", {
        name: partner,
        candidateId: candidates.find((c) => c.partnerId === ids.orgId.get(partner))!.id,
        status: "draft",
      }),
    ),
  ]);
}
