// Demo evidence requests (docs/product.md "Evidence request"): on each buyer's evaluation in review, one request in every
// status — open, open and overdue, answered, closed — each with its audit events, and one answer that shares a
// restricted case study with the asking buyer only.
import { and, eq, inArray } from "drizzle-orm";
import { dayIn } from "../../app/domain/calendar";
import type { Tx } from "../../db/client";
import {
  auditEvents,
  evaluationCandidates,
  evaluationCriteria,
  evaluations,
  evidence,
  evidenceRequests,
  evidenceShares,
  organisations,
} from "../../db/schema";

interface PlannedRequest {
  partner: string;
  criterion: string;
  message: string;
  /** Days from today (negative: past). */
  due: number;
  asker: string;
  /** Days ago the request was made. */
  asked: number;
  answer?: { daysAgo: number; by: string; note: string; evidence: string[]; share?: boolean };
  closed?: { daysAgo: number; by: string };
}

const PLANS: { buyer: string; requests: PlannedRequest[] }[] = [
  {
    buyer: "Southern Cross Mutual Insurance",
    requests: [
      {
        partner: "Northwind Systems Integration",
        criterion: "Outcomes measured against a stated baseline",
        message:
          "Your profile mentions a claims triage deployment at a top-5 insurer. Could you share the case study with its baseline and measured results?",
        due: -6,
        asker: "tom@scmutual.example",
        asked: 12,
        answer: {
          daysAgo: 8,
          by: "olivia@northwind.example",
          note: "Shared under our NDA with you: the case study covers the baseline (manual triage, 2 days) and the result after go-live.",
          evidence: ["Claims triage case study (under NDA)"],
          share: true,
        },
        closed: { daysAgo: 7, by: "priya@scmutual.example" },
      },
      {
        partner: "Atlas Forward Engineering",
        criterion: "Reference calls held and confirmed",
        message:
          "Please share the SOC 2 report and name a reference contact we can call about the same deployment.",
        due: 3,
        asker: "mei@scmutual.example",
        asked: 5,
        answer: {
          daysAgo: 1,
          by: "carlos@atlasfwd.example",
          note: "The SOC 2 Type II report is attached; our reference contact is the customer's head of operations, details on request.",
          evidence: ["SOC 2 Type II report 2025"],
        },
      },
      {
        partner: "Meridian AI Consulting",
        criterion: "Portability and exit plan for prompts, evaluations and data",
        message: "Please send an example exit plan from a past engagement (redacted is fine).",
        due: -2,
        asker: "tom@scmutual.example",
        asked: 9,
      },
      {
        partner: "Harbourline Analytics",
        criterion: "Accepts the buyer's security review and data-processing terms",
        message:
          "Please confirm in writing which clauses of our data-processing agreement you would not accept.",
        due: 7,
        asker: "priya@scmutual.example",
        asked: 1,
      },
    ],
  },
  {
    buyer: "Lakeshore Outfitters",
    requests: [
      {
        partner: "Northwind Systems Integration",
        criterion: "Support terms",
        message: "Please share the ISO 27001 certificate that covers your managed-service team.",
        due: -4,
        asker: "marcus@lakeshore.example",
        asked: 10,
        answer: {
          daysAgo: 6,
          by: "ravi@northwind.example",
          note: "Attached: certificate and statement of applicability; the managed-service team is in scope.",
          evidence: ["ISO/IEC 27001 certificate and statement of applicability"],
        },
        closed: { daysAgo: 5, by: "dana@lakeshore.example" },
      },
      {
        partner: "Atlas Forward Engineering",
        criterion: "Outcomes measured against a stated baseline",
        message: "Could you share measured outcomes from the exception-handling agents you mention?",
        due: 2,
        asker: "dana@lakeshore.example",
        asked: 4,
        answer: {
          daysAgo: 2,
          by: "carlos@atlasfwd.example",
          note: "Before-and-after chart from the deployment, with the baseline month marked.",
          evidence: ["Exception-handling agents: before and after"],
        },
      },
      {
        partner: "Granite Peak Advisory",
        criterion: "In production and operated after go-live",
        message: "Which of your references are in production today, and who operates them?",
        due: -1,
        asker: "marcus@lakeshore.example",
        asked: 8,
      },
      {
        partner: "Kestrel Data Partners",
        criterion: "Rollback path and kill switch",
        message: "Please share the rollback runbook you would use for our search assistant.",
        due: 6,
        asker: "dana@lakeshore.example",
        asked: 2,
      },
    ],
  },
];

const DAY = 86_400_000;

/** `days` after today in the buyer's time zone, as an ISO day (due dates are the buyer's days). */
function dayFrom(now: Date, days: number, timeZone: string): string {
  const [y, m, d] = dayIn(timeZone, now).split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export async function seedRequests(
  tx: Tx,
  ids: { orgId: Map<string, string>; userId: Map<string, string> },
  now = new Date(),
): Promise<void> {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const audit: (typeof auditEvents.$inferInsert)[] = [];
  for (const plan of PLANS) {
    const buyerId = ids.orgId.get(plan.buyer)!;
    const [{ timeZone }] = await tx
      .select({ timeZone: organisations.timeZone })
      .from(organisations)
      .where(eq(organisations.id, buyerId));
    const [evaluation] = await tx
      .select({ id: evaluations.id })
      .from(evaluations)
      .where(and(eq(evaluations.organisationId, buyerId), eq(evaluations.status, "review")));
    if (!evaluation) continue;
    const partnerIds = plan.requests.map((r) => ids.orgId.get(r.partner)!);
    const [candidates, criteria, items, partners] = await Promise.all([
      tx
        .select({ id: evaluationCandidates.id, partnerId: evaluationCandidates.partnerId })
        .from(evaluationCandidates)
        .where(eq(evaluationCandidates.evaluationId, evaluation.id)),
      tx
        .select({
          id: evaluationCriteria.id,
          name: evaluationCriteria.name,
          question: evaluationCriteria.question,
        })
        .from(evaluationCriteria)
        .where(eq(evaluationCriteria.evaluationId, evaluation.id)),
      tx
        .select({
          id: evidence.id,
          organisationId: evidence.organisationId,
          title: evidence.title,
          visibility: evidence.visibility,
        })
        .from(evidence)
        .where(inArray(evidence.organisationId, partnerIds)),
      tx
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(inArray(organisations.id, partnerIds)),
    ]);
    for (const r of plan.requests) {
      const partnerId = ids.orgId.get(r.partner)!;
      const candidate = candidates.find((c) => c.partnerId === partnerId);
      const criterion = criteria.find((c) => c.name === r.criterion);
      if (!candidate || !criterion) throw new Error(`seed-requests: ${r.partner} / ${r.criterion} not found`);
      const attached = (r.answer?.evidence ?? []).map((title) => {
        const found = items.find((e) => e.organisationId === partnerId && e.title === title);
        if (!found) throw new Error(`seed-requests: evidence "${title}" of ${r.partner} not found`);
        return found;
      });
      const evidenceIds = attached.map((e) => e.id);
      // As `answerRequest` does: restricted evidence goes only with the share box ticked, and only it is shared.
      const restricted = attached.filter((e) => e.visibility === "restricted");
      if (restricted.length > 0 && !r.answer?.share) {
        throw new Error(`seed-requests: ${r.partner} attaches restricted evidence without sharing it`);
      }
      const status = r.closed ? "closed" : r.answer ? "answered" : "open";
      const [row] = await tx
        .insert(evidenceRequests)
        .values({
          organisationId: buyerId,
          evaluationId: evaluation.id,
          candidateId: candidate.id,
          criterionId: criterion.id,
          partnerId,
          message: r.message,
          dueOn: dayFrom(now, r.due, timeZone),
          status,
          createdByUserId: ids.userId.get(r.asker)!,
          answerNote: r.answer?.note ?? null,
          answerEvidenceIds: evidenceIds,
          answeredByUserId: r.answer ? ids.userId.get(r.answer.by)! : null,
          answeredAt: r.answer ? at(r.answer.daysAgo) : null,
          closedByUserId: r.closed ? ids.userId.get(r.closed.by)! : null,
          closedAt: r.closed ? at(r.closed.daysAgo) : null,
          version: 1 + (r.answer ? 1 : 0) + (r.closed ? 1 : 0),
          createdAt: at(r.asked),
          updatedAt: at(r.closed?.daysAgo ?? r.answer?.daysAgo ?? r.asked),
        })
        .returning({ id: evidenceRequests.id });
      if (restricted.length > 0) {
        await tx
          .insert(evidenceShares)
          .values(restricted.map((e) => ({ evidenceId: e.id, buyerOrganisationId: buyerId })))
          .onConflictDoNothing();
      }
      const partnerName = partners.find((p) => p.id === partnerId)?.name ?? r.partner;
      audit.push({
        at: at(r.asked),
        actorUserId: ids.userId.get(r.asker)!,
        organisationId: buyerId,
        action: "evidence_request.created",
        entityType: "evidence_request",
        entityId: row.id,
        after: {
          name: partnerName,
          criterion: criterion.name,
          dueOn: dayFrom(now, r.due, timeZone),
          message: r.message,
        },
      });
      if (r.answer) {
        audit.push({
          at: at(r.answer.daysAgo),
          actorUserId: ids.userId.get(r.answer.by)!,
          organisationId: partnerId,
          action: "evidence_request.answered",
          entityType: "evidence_request",
          entityId: row.id,
          // The shapes `answerRequest` and `closeRequest` write.
          before: { status: "open" },
          after: {
            name: plan.buyer,
            criterion: criterion.name,
            evidence: attached.map((e) => e.title),
            shared: restricted.map((e) => e.title),
            note: r.answer.note,
          },
        });
      }
      if (r.closed) {
        audit.push({
          at: at(r.closed.daysAgo),
          actorUserId: ids.userId.get(r.closed.by)!,
          organisationId: buyerId,
          action: "evidence_request.closed",
          entityType: "evidence_request",
          entityId: row.id,
          before: { status: r.answer ? "answered" : "open" },
          after: { name: partnerName, criterion: criterion.name, status: "closed" },
        });
      }
    }
  }
  if (audit.length > 0) await tx.insert(auditEvents).values(audit);
}
