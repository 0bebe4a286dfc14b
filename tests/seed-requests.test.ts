// The demo evidence requests: every status on each buyer's evaluation in review, one overdue, and a restricted case
// study shared with the asking buyer only.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { dayIn } from "../app/domain/calendar";
import { evaluationFor } from "../app/models/evaluation.server";
import { answerRequest } from "../app/models/evidence-requests/answer.server";
import { closeRequest, createRequest } from "../app/models/evidence-requests/buyer.server";
import type { Viewer } from "../app/utils/access.server";
import { getDb } from "../db/client";
import {
  auditEvents,
  evaluationCandidates,
  evaluationCriteria,
  evaluations,
  evidence,
  evidenceRequests,
  evidenceShares,
  memberships,
  organisations,
  users,
} from "../db/schema";
import { seedDemo } from "../scripts/seed/demo";

beforeAll(async () => {
  await seedDemo(getDb());
});

async function buyerId(name: string) {
  const [o] = await getDb()
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.name, name));
  return o.id;
}

describe("demo evidence requests", () => {
  for (const buyer of ["Southern Cross Mutual Insurance", "Lakeshore Outfitters"]) {
    it(`${buyer}: every status on the evaluation in review, one open request overdue`, async () => {
      const id = await buyerId(buyer);
      const [{ timeZone }] = await getDb()
        .select({ timeZone: organisations.timeZone })
        .from(organisations)
        .where(eq(organisations.id, id));
      // Overdue is judged in the buyer's time zone.
      const today = dayIn(timeZone);
      const rows = await getDb()
        .select({
          status: evidenceRequests.status,
          dueOn: evidenceRequests.dueOn,
          evaluation: evaluations.status,
        })
        .from(evidenceRequests)
        .innerJoin(evaluations, eq(evaluations.id, evidenceRequests.evaluationId))
        .where(eq(evidenceRequests.organisationId, id));
      expect(new Set(rows.map((r) => r.evaluation))).toEqual(new Set(["review"]));
      expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["open", "answered", "closed"]));
      expect(rows.filter((r) => r.status === "open" && r.dueOn < today)).toHaveLength(1);
      expect(rows.filter((r) => r.status === "open" && r.dueOn >= today)).toHaveLength(1);
      const events = await getDb()
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(and(eq(auditEvents.organisationId, id), eq(auditEvents.entityType, "evidence_request")));
      expect(events.filter((e) => e.action === "evidence_request.created")).toHaveLength(rows.length);
    });
  }

  it("shares the restricted case study with the buyer that asked for it, and no other", async () => {
    const [caseStudy] = await getDb()
      .select({ id: evidence.id, visibility: evidence.visibility })
      .from(evidence)
      .where(eq(evidence.title, "Claims triage case study (under NDA)"));
    expect(caseStudy.visibility).toBe("restricted");
    const shares = await getDb()
      .select({ buyer: evidenceShares.buyerOrganisationId })
      .from(evidenceShares)
      .where(eq(evidenceShares.evidenceId, caseStudy.id));
    expect(shares.map((s) => s.buyer)).toEqual([await buyerId("Southern Cross Mutual Insurance")]);
  });

  it("writes the audit events in the shapes the application writes them", async () => {
    // The production path once, on the seeded data: Dana asks Northwind, Olivia answers sharing the restricted case
    // study, Dana closes the request.
    const person = async (email: string) => {
      const [u] = await getDb()
        .select({
          userId: users.id,
          name: users.name,
          email: users.email,
          organisationId: memberships.organisationId,
          role: memberships.role,
          orgName: organisations.name,
          orgKind: organisations.kind,
          orgTimeZone: organisations.timeZone,
        })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
        .where(eq(users.email, email));
      return { sessionIdHash: "", ...u } as Viewer;
    };
    const dana = await person("dana@lakeshore.example");
    const olivia = await person("olivia@northwind.example");
    const [review] = await getDb()
      .select({ id: evaluations.id })
      .from(evaluations)
      .where(and(eq(evaluations.organisationId, dana.organisationId), eq(evaluations.status, "review")));
    const [[candidate], [criterion], [caseStudy]] = await Promise.all([
      getDb()
        .select({ id: evaluationCandidates.id })
        .from(evaluationCandidates)
        .where(
          and(
            eq(evaluationCandidates.evaluationId, review.id),
            eq(evaluationCandidates.partnerId, olivia.organisationId),
          ),
        ),
      getDb()
        .select({ id: evaluationCriteria.id })
        .from(evaluationCriteria)
        .where(and(eq(evaluationCriteria.evaluationId, review.id), eq(evaluationCriteria.kind, "rated"))),
      getDb()
        .select({ id: evidence.id })
        .from(evidence)
        .where(eq(evidence.title, "Claims triage case study (under NDA)")),
    ]);
    const access = await evaluationFor(dana, review.id);
    const made = await getDb().transaction((tx) =>
      createRequest(tx, dana, access, {
        candidateId: candidate.id,
        criterionId: criterion.id,
        message: "Shape check.",
        dueOn: "2099-01-01",
      }),
    );
    await answerRequest(olivia, made.id, {
      evidenceIds: [caseStudy.id],
      note: "Shared.",
      share: true,
      version: 1,
    });
    await closeRequest(dana, access, made.id, 2);

    const events = await getDb()
      .select({
        entityId: auditEvents.entityId,
        action: auditEvents.action,
        before: auditEvents.before,
        after: auditEvents.after,
      })
      .from(auditEvents)
      .where(eq(auditEvents.entityType, "evidence_request"));
    const keys = (x: unknown) => Object.keys(x ?? {}).sort();
    const produced = events.filter((e) => e.entityId === made.id);
    const seeded = events.filter((e) => e.entityId !== made.id);
    for (const action of [
      "evidence_request.created",
      "evidence_request.answered",
      "evidence_request.closed",
    ]) {
      const model = produced.find((e) => e.action === action)!;
      const mine = seeded.filter((e) => e.action === action);
      expect(mine.length, action).toBeGreaterThan(0);
      for (const e of mine) {
        expect(keys(e.after), action).toEqual(keys(model.after));
        expect(keys(e.before), action).toEqual(keys(model.before));
      }
    }
    // `shared` names the restricted titles shared with the asker (an empty list when none), as the model writes.
    const answered = seeded.filter((e) => e.action === "evidence_request.answered");
    const titles = answered.flatMap((e) => (e.after as { shared: unknown }).shared as string[]);
    expect(answered.every((e) => Array.isArray((e.after as { shared: unknown }).shared))).toBe(true);
    expect(titles).toEqual(["Claims triage case study (under NDA)"]);
    const restricted = await getDb()
      .select({ title: evidence.title })
      .from(evidence)
      .where(and(inArray(evidence.title, titles), eq(evidence.visibility, "restricted")));
    expect(restricted).toHaveLength(1);
  });
});
