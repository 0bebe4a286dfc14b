// Version 1 of the built-in checklist is history (docs/product.md "Built-in checklist, version 2"): an evaluation made
// from it exports the same bytes after version 2 exists. The CSVs are compared with files recorded before version 2
// was written (tests/fixtures/builtin-v1-exports/); all three exports, comparison.json included, are compared again
// after version 2 has been copied and evaluated in the same organisation.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import { getEvaluationChecklist } from "../app/models/evaluation.server";
import { createEvaluation } from "../app/models/evaluation-setup.server";
import * as comparisonJsonRoute from "../app/routes/evaluations.$evaluationId.comparison[.]json";
import * as detailRoute from "../app/routes/evaluations.$evaluationId.detail[.]csv";
import * as summaryRoute from "../app/routes/evaluations.$evaluationId.summary[.]csv";
import * as newEvaluationRoute from "../app/routes/evaluations.new";
import * as listRoute from "../app/routes/templates._index";
import { getDb } from "../db/client";
import {
  candidateSubmissions,
  conflictDeclarations,
  consensusScores,
  evaluationCandidates,
  evaluationEvaluators,
  evaluations,
  scores,
} from "../db/schema";
import { createMember, createOrganisation, sessionCookie, type TestUser } from "./factories";
import { callAction } from "./remix";

const FIXTURES = "./fixtures/builtin-v1-exports";

let admin: TestUser;
let evaluationId: string;

type ExportRoute = { loader: (args: never) => unknown };

async function exported(route: ExportRoute, suffix: string): Promise<Buffer> {
  const request = new Request(`http://localhost/evaluations/${evaluationId}/${suffix}`, {
    headers: { Cookie: await sessionCookie(admin) },
  });
  const response = (await route.loader({
    request,
    params: { evaluationId },
    context: {},
  } as never)) as Response;
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

const exportsNow = async () => ({
  summary: await exported(summaryRoute, "summary.csv"),
  detail: await exported(detailRoute, "detail.csv"),
  json: await exported(comparisonJsonRoute, "comparison.json"),
});

/**
 * An evaluation of version 1 as it was made before version 2 existed (the checklist and the name the new-evaluation
 * page gave it then), in review: three partners, two evaluators who scored every counted criterion, one consensus.
 * Names and scores are fixed, so the CSVs are the same bytes on every run.
 */
async function versionOneInReview(): Promise<void> {
  const db = getDb();
  const buyer = await createOrganisation("buyer");
  admin = await createMember(buyer, "admin", "Alex Admin");
  const evaluators = [
    await createMember(buyer, "evaluator", "Ada Evaluator"),
    await createMember(buyer, "evaluator", "Ben Evaluator"),
  ];
  const actor = { userId: admin.userId, organisationId: buyer.id };
  ({ id: evaluationId } = await db.transaction((tx) =>
    createEvaluation(
      tx,
      actor,
      {
        name: "Claims assistant 2026",
        industry: "Insurance",
        sizeBand: "1k-5k",
        useCases: ["customer_service"],
        requiredSpecializations: [],
        deadlineOn: null,
        minimumTotal: null,
      },
      BUILT_IN_CHECKLIST,
      BUILT_IN_CHECKLIST.name,
    ),
  ));
  const partners: string[] = [];
  for (const name of ["Fixture Partner Alpha", "Fixture Partner Beta", "Fixture Partner Gamma"]) {
    partners.push((await createOrganisation("partner", name)).id);
  }
  const candidates = (
    await db
      .insert(evaluationCandidates)
      .values(partners.map((partnerId) => ({ organisationId: buyer.id, evaluationId, partnerId })))
      .returning({ id: evaluationCandidates.id, partnerId: evaluationCandidates.partnerId })
  )
    .sort((a, b) => partners.indexOf(a.partnerId) - partners.indexOf(b.partnerId))
    .map((c) => c.id);
  await db
    .insert(evaluationEvaluators)
    .values(evaluators.map((e) => ({ organisationId: buyer.id, evaluationId, userId: e.userId })));
  await db.insert(conflictDeclarations).values(
    evaluators.map((e) => ({
      organisationId: buyer.id,
      evaluationId,
      userId: e.userId,
      coveredCandidateIds: candidates,
      conflictCandidateIds: [],
    })),
  );
  const checklist = await getEvaluationChecklist({ id: evaluationId, name: "" });
  const counted = checklist.sections
    .filter((s) => s.weight > 0)
    .flatMap((s) => s.criteria)
    .filter((c) => c.kind === "rated" && c.weight > 0);
  const rated = counted.map((c) => c.key);
  // Alpha leads; Gamma scores 0 on the knockout "In production and operated after go-live" of version 1.
  const scoreOf = (candidate: number, evaluator: number, k: number) =>
    candidate === 0 ? 4 + ((evaluator + k) % 2) : candidate === 1 ? 2 + ((evaluator * 2 + k) % 4) : 3;
  const inProduction = counted.find((c) => c.name === "In production and operated after go-live")?.key;
  await db.insert(scores).values(
    evaluators.flatMap((e, ei) =>
      candidates.flatMap((candidateId, ci) =>
        rated.map((criterionId, k) => ({
          organisationId: buyer.id,
          evaluationId,
          candidateId,
          criterionId,
          evaluatorUserId: e.userId,
          value: ci === 2 && criterionId === inProduction ? 0 : scoreOf(ci, ei, k),
          justification: `${e.name.split(" ")[0]} on criterion ${k + 1}: "as shown", with a comma.`,
        })),
      ),
    ),
  );
  await db.insert(candidateSubmissions).values(
    evaluators.flatMap((e) =>
      candidates.map((candidateId) => ({
        organisationId: buyer.id,
        evaluationId,
        candidateId,
        evaluatorUserId: e.userId,
      })),
    ),
  );
  await db.insert(consensusScores).values({
    organisationId: buyer.id,
    evaluationId,
    candidateId: candidates[1],
    criterionId: rated[0],
    value: 3.5,
    rationale: "Agreed in the review meeting.",
    setByUserId: admin.userId,
  });
  await db
    .update(evaluations)
    .set({ status: "review", reachedReviewAt: new Date() })
    .where(eq(evaluations.id, evaluationId));
}

beforeAll(versionOneInReview);

/** comparison.json says when it was written: that moment is the one byte run that may differ between two exports. */
const GENERATED_AT = /"generatedAt": "[^"]*"/;
const withoutMoment = (json: Buffer) =>
  Buffer.from(json.toString("utf8").replace(GENERATED_AT, '"generatedAt": ""'));

describe("an evaluation on version 1 of the built-in checklist", () => {
  it("exports the same CSV bytes as before version 2 existed", async () => {
    const now = await exportsNow();
    await expect(now.summary.toString("utf8")).toMatchFileSnapshot(`${FIXTURES}/summary.csv`);
    await expect(now.detail.toString("utf8")).toMatchFileSnapshot(`${FIXTURES}/detail.csv`);
  });

  it("exports the same bytes after version 2 is copied and evaluated in the same organisation", async () => {
    const before = await exportsNow();
    expect(before.json.toString("utf8")).toMatch(GENERATED_AT);
    const cookie = await sessionCookie(admin);
    for (const source of ["builtin-v2", "builtin"]) {
      const copied = await callAction(listRoute.action, {
        path: "/templates?index",
        cookie,
        form: { intent: "copy", source, name: `Ours from ${source}`, _idempotency: randomUUID() },
      });
      expect(copied.status).toBe(302);
    }
    const created = await callAction(newEvaluationRoute.action, {
      path: "/evaluations/new",
      cookie,
      form: { name: "Next round, on version 2", template: "builtin-v2", _idempotency: randomUUID() },
    });
    expect(created.status).toBe(302);
    const after = await exportsNow();
    expect(after.summary.equals(before.summary)).toBe(true);
    expect(after.detail.equals(before.detail)).toBe(true);
    expect(withoutMoment(after.json).equals(withoutMoment(before.json))).toBe(true);
    // Still version 1's checklist and name.
    const record = JSON.parse(after.json.toString("utf8"));
    expect(record.evaluation.templateName).toBe(BUILT_IN_CHECKLIST.name);
    expect(record.checklist.sections.flatMap((s: { criteria: unknown[] }) => s.criteria)).toHaveLength(29);
  });
});
