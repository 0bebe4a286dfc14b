import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import { BUILT_IN_CHECKLIST_V2 } from "../app/domain/builtin-checklist-v2";
import type { Checklist } from "../app/domain/checklist";
import { partnerDebriefs } from "../app/models/decision.server";
import { getEvaluationChecklist } from "../app/models/evaluation.server";
import { waitingFor } from "../app/models/notifications.server";
import type { Viewer } from "../app/utils/access.server";
import { getDb } from "../db/client";
import {
  auditEvents,
  debriefs,
  decisions,
  deliveryReviews,
  evaluations,
  evidence,
  evidenceVersions,
  memberships,
  organisations,
  users,
} from "../db/schema";
import { seedDemo } from "../scripts/seed/demo";
import { seededEngine } from "./seeded-engine";

const BUYERS = ["Southern Cross Mutual Insurance", "Lakeshore Outfitters"];

beforeAll(async () => {
  await seedDemo(getDb());
});

async function loadBuyer(name: string) {
  const [org] = await getDb()
    .select({ id: organisations.id, timeZone: organisations.timeZone })
    .from(organisations)
    .where(eq(organisations.name, name));
  const rows = await getDb()
    .select()
    .from(evaluations)
    .where(eq(evaluations.organisationId, org.id))
    .orderBy(asc(evaluations.status));
  return { org, evaluations: await Promise.all(rows.map(seededEngine)) };
}

async function viewerFor(email: string): Promise<Viewer> {
  const [row] = await getDb()
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      organisationId: organisations.id,
      orgName: organisations.name,
      orgTimeZone: organisations.timeZone,
      role: memberships.role,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(users.email, email));
  return { ...row, sessionIdHash: "", orgKind: "buyer", emailConfirmed: true };
}

describe("demo evaluations", () => {
  it.each(BUYERS)(
    "%s has one evaluation in scoring and one in review, 4-5 candidates each, two shared, and one decided, all on version 1",
    async (buyer) => {
      const { evaluations: withDraft } = await loadBuyer(buyer);
      const all = withDraft.filter((e) => e.evaluation.status !== "draft");
      expect(all.map((e) => e.evaluation.status).sort()).toEqual(["decided", "review", "scoring"]);
      const evs = all.filter((e) => e.evaluation.status !== "decided");
      for (const e of all) {
        // History: made from version 1 of the built-in checklist, and they stay on it.
        expect(e.evaluation.templateName).toBe("AI implementation partner due diligence (version 1)");
        expect(e.ratedCriteria).toHaveLength(28);
        expect(e.ratedCriteria.map((c) => c.name)).toEqual(
          BUILT_IN_CHECKLIST.sections.flatMap((s) =>
            s.criteria.filter((c) => c.kind === "rated").map((c) => c.name),
          ),
        );
        const activeEvaluators = e.evaluators.filter((v) => v.active);
        expect(activeEvaluators.length).toBeGreaterThanOrEqual(2);
        expect(activeEvaluators.length).toBeLessThanOrEqual(3);
        expect(new Set(e.scoreRows.map((s) => s.evaluatorUserId)).size).toBeGreaterThanOrEqual(2);
      }
      for (const e of evs) {
        expect(e.candidates.length).toBeGreaterThanOrEqual(4);
        expect(e.candidates.length).toBeLessThanOrEqual(5);
      }
      // Those that went through review remember when (viewers and the end of blind scoring hang on it), at the
      // move to review its audit event records; the one in scoring never reached it.
      for (const e of all) {
        const [moved] = await getDb()
          .select({ at: auditEvents.at })
          .from(auditEvents)
          .where(
            and(
              eq(auditEvents.entityId, e.evaluation.id),
              eq(auditEvents.action, "evaluation.status_changed"),
              sql`${auditEvents.after} ->> 'status' = 'review'`,
            ),
          );
        expect(e.evaluation.reachedReviewAt, e.evaluation.status).toEqual(
          e.evaluation.status === "scoring" ? null : moved.at,
        );
      }
      const [a, b] = evs.map((e) => new Set(e.candidates.map((c) => c.partnerId)));
      expect([...a].filter((p) => b.has(p)).length).toBeGreaterThanOrEqual(2);
      // Each has its own frozen copy of the checklist.
      const criteriaIds = all.map((e) => new Set(e.ratedCriteria.map((c) => c.id)));
      for (let i = 0; i < criteriaIds.length; i++) {
        for (let j = i + 1; j < criteriaIds.length; j++) {
          expect([...criteriaIds[i]].some((id) => criteriaIds[j].has(id))).toBe(false);
        }
      }
    },
  );

  it("Southern Cross Mutual Insurance also has one draft on version 2, shortlisted and not yet assigned; Lakeshore none", async () => {
    const { evaluations: all } = await loadBuyer(BUYERS[0]);
    const drafts = all.filter((e) => e.evaluation.status === "draft");
    expect(drafts).toHaveLength(1);
    const [draft] = drafts;
    expect(draft.evaluation.templateName).toBe("AI implementation partner due diligence (version 2)");
    const frozen = await getEvaluationChecklist(draft.evaluation);
    const strip = (c: Checklist) =>
      c.sections.map((s) => ({ ...s, key: "", criteria: s.criteria.map((x) => ({ ...x, key: "" })) }));
    expect(strip(frozen)).toEqual(strip(BUILT_IN_CHECKLIST_V2));
    // Commercials, with the new IP criterion, weighs 0 until the buyer switches it on.
    expect(draft.ratedCriteria).toHaveLength(32);
    expect(draft.candidates).toHaveLength(3);
    expect(draft.evaluators).toHaveLength(0);
    expect(draft.scoreRows).toHaveLength(0);
    const other = await loadBuyer(BUYERS[1]);
    expect(other.evaluations.filter((e) => e.evaluation.status === "draft")).toHaveLength(0);
  });

  it.each(BUYERS)(
    "%s's decided evaluation froze its record, and a delivery review and a debrief followed",
    async (buyer) => {
      const { org, evaluations: all } = await loadBuyer(buyer);
      const decided = all.find((e) => e.evaluation.status === "decided")!;
      const [decision] = await getDb()
        .select()
        .from(decisions)
        .where(eq(decisions.evaluationId, decided.evaluation.id));
      expect(decision.rationale.length).toBeGreaterThan(40);
      const record = JSON.parse(decision.comparisonJson);
      expect(record.schema).toBe("partnerlens.comparison/1");
      expect(record.frozen).toBe(true);
      expect(record.decision.chosen.map((c: { partner: string }) => c.partner)).toHaveLength(1);
      // The record's figures are the engine's on the frozen rows, and those rows are the evaluation's.
      const totals = Object.fromEntries(decided.results.candidates.map((c) => [c.candidateId, c.total]));
      for (const row of record.summary) expect(row.total).toBe(totals[row.candidateId]);
      // The chosen partner's delivery review; it is a candidate in one of this buyer's open evaluations.
      const reviews = await getDb()
        .select()
        .from(deliveryReviews)
        .where(eq(deliveryReviews.organisationId, org.id));
      expect(reviews).toHaveLength(1);
      expect(decision.chosenCandidateIds).toEqual([reviews[0].candidateId]);
      const open = all.filter((e) => e.evaluation.status !== "decided");
      expect(open.some((e) => e.candidates.some((c) => c.partnerId === reviews[0].partnerId))).toBe(true);
      // The story's choice is the leader of a final ranking: decided without a warning.
      expect(decision.warnings).toEqual([]);
      // Debriefs to candidates not chosen.
      const published = await getDb().select().from(debriefs).where(eq(debriefs.organisationId, org.id));
      expect(published.length).toBeGreaterThanOrEqual(1);
      for (const d of published) {
        expect(decision.chosenCandidateIds).not.toContain(d.candidateId);
        expect(d.evaluationId).toBe(decided.evaluation.id);
      }
    },
  );

  it.each(BUYERS)(
    "%s: the engine finds disagreements, a knockout failure and an incomplete candidate",
    async (buyer) => {
      const { evaluations: evs } = await loadBuyer(buyer);
      const all = evs.flatMap((e) => e.results.candidates);
      expect(all.some((c) => c.criteria.some((r) => r.disagreement))).toBe(true);
      const knockedOut = all.filter((c) => c.reasons.some((r) => r.kind === "knockout"));
      expect(knockedOut).toHaveLength(1);
      const incomplete = all.filter(
        (c) =>
          c.total !== undefined && !c.complete && c.criteria.filter((r) => r.score === undefined).length >= 5,
      );
      expect(incomplete).toHaveLength(1);
      // The review evaluation is complete: every candidate at 100%.
      const review = evs.find((e) => e.evaluation.status === "review")!;
      expect(review.results.final).toBe(true);
    },
  );

  it("keeps the models' invariants: who scores what, values, justifications, cited evidence, submissions", async () => {
    const evs = (await Promise.all(BUYERS.map(loadBuyer))).flatMap((b) => b.evaluations);
    let cited = 0;
    for (const e of evs) {
      const criteria = new Map(e.ratedCriteria.map((c) => [c.id, c]));
      const active = new Set(e.evaluators.filter((v) => v.active).map((v) => v.userId));
      const allIds = e.candidates.map((c) => c.id);
      for (const s of e.scoreRows) {
        expect(active.has(s.evaluatorUserId)).toBe(true);
        const declaration = e.declarations.filter((d) => d.userId === s.evaluatorUserId).at(-1);
        expect(declaration?.coveredCandidateIds.slice().sort()).toEqual(allIds.slice().sort());
        expect(declaration?.conflictCandidateIds).not.toContain(s.candidateId);
        const criterion = criteria.get(s.criterionId);
        expect(criterion).toBeDefined();
        expect(s.value).toBeGreaterThanOrEqual(0);
        expect(s.value).toBeLessThanOrEqual(criterion!.max);
        expect(s.justification.trim().length).toBeGreaterThan(10);
        if (s.citedVersionIds.length > 0) {
          cited++;
          const partnerId = e.candidates.find((c) => c.id === s.candidateId)!.partnerId;
          const versions = await getDb()
            .select({ evidenceOrg: evidence.organisationId, visibility: evidence.visibility })
            .from(evidenceVersions)
            .innerJoin(evidence, eq(evidence.id, evidenceVersions.evidenceId))
            .where(inArray(evidenceVersions.id, s.citedVersionIds));
          expect(versions).toHaveLength(s.citedVersionIds.length);
          for (const v of versions) expect(v).toEqual({ evidenceOrg: partnerId, visibility: "all_buyers" });
        }
      }
      for (const sub of e.submissions) {
        const scored = e.scoreRows.filter(
          (s) => s.candidateId === sub.candidateId && s.evaluatorUserId === sub.evaluatorUserId,
        );
        expect(new Set(scored.map((s) => s.criterionId)).size).toBe(e.ratedCriteria.length);
      }
    }
    expect(cited).toBeGreaterThan(5);
  });

  it("declares one conflict per buyer, with a note", async () => {
    for (const buyer of BUYERS) {
      const { evaluations: evs } = await loadBuyer(buyer);
      const conflicted = evs.flatMap((e) => e.declarations.filter((d) => d.conflictCandidateIds.length > 0));
      expect(conflicted).toHaveLength(1);
      expect(conflicted[0].note.length).toBeGreaterThan(10);
    }
  });

  it("tells the story in the audit log", async () => {
    for (const buyer of BUYERS) {
      const { org, evaluations: evs } = await loadBuyer(buyer);
      const events = await getDb()
        .select({ action: auditEvents.action, n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.organisationId, org.id), eq(auditEvents.entityType, "evaluation")))
        .groupBy(auditEvents.action);
      const n = Object.fromEntries(events.map((e) => [e.action, e.n]));
      // Three scored evaluations on version 1, and Southern Cross Mutual's draft on version 2.
      expect(n["evaluation.created"]).toBe(buyer === BUYERS[0] ? 4 : 3);
      expect(n["evaluation.status_changed"]).toBe(5);
      expect(n["evaluation.decided"]).toBe(1);
      expect(n["evaluation.delivery_reviewed"]).toBe(1);
      expect(n["evaluation.debrief_published"]).toBe(
        (await getDb().select().from(debriefs).where(eq(debriefs.organisationId, org.id))).length,
      );
      expect(n["score.saved"]).toBe(evs.reduce((sum, e) => sum + e.scoreRows.length, 0));
      expect(n["score.submitted"]).toBe(evs.reduce((sum, e) => sum + e.submissions.length, 0));
      expect(n["evaluation.declared"]).toBe(evs.reduce((sum, e) => sum + e.declarations.length, 0));
      expect(n["evaluation.candidate_added"]).toBe(evs.reduce((sum, e) => sum + e.candidates.length, 0));
    }
  });

  it("gives the demo partner a debrief to read, with its own section scores", async () => {
    const [northwind] = await getDb()
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.name, "Northwind Systems Integration"));
    const mine = await partnerDebriefs(northwind.id);
    expect(mine).toHaveLength(1);
    expect(mine[0].buyer).toBe("Lakeshore Outfitters");
    expect(mine[0].sectionScores?.length).toBeGreaterThan(0);
  });

  it("leaves things waiting for the demo people", async () => {
    const priya = await waitingFor(await viewerFor("priya@scmutual.example"));
    expect(priya.find((i) => i.kind === "scoring")?.text).toBe(
      "Score Bluegum Digital, Copperleaf Technology and Meridian AI Consulting in Claims triage copilot: implementation partner",
    );
    expect(priya.find((i) => i.kind === "scoring")?.due?.label).toBe("in 2 days");
    const sofia = await waitingFor(await viewerFor("sofia@lakeshore.example"));
    expect(sofia).toMatchObject([{ kind: "declaration", due: { label: "tomorrow" } }]);
    const mei = await waitingFor(await viewerFor("mei@scmutual.example"));
    expect(mei[0].text).toBe(
      "Score Bluegum Digital and Meridian AI Consulting in Claims triage copilot: implementation partner",
    );
    const graham = await waitingFor(await viewerFor("graham@scmutual.example"));
    expect(graham).toEqual([]);
  });
});
