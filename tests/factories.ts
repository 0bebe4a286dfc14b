import { randomUUID } from "node:crypto";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import { orgNameKey } from "../app/models/auth.server";
import { createEvaluation } from "../app/models/evaluation-setup.server";
import { hashPassword } from "../app/utils/crypto.server";
import { createSession } from "../app/utils/session.server";
import { getDb } from "../db/client";
import {
  candidateSubmissions,
  conflictDeclarations,
  type MemberRole,
  memberships,
  type OrgKind,
  organisations,
  partnerProfiles,
  users,
} from "../db/schema";

export const TEST_PASSWORD = "plum orbit lantern 83";

// scrypt costs ~150 ms: hash once per test file.
let passwordHash: Promise<string> | undefined;
export function testPasswordHash() {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
}

export interface TestUser {
  userId: string;
  organisationId: string;
  email: string;
  name: string;
  role: MemberRole;
  kind: OrgKind;
}

export async function createOrganisation(kind: OrgKind, name = `${kind} ${randomUUID().slice(0, 8)}`) {
  const [org] = await getDb()
    .insert(organisations)
    .values({
      kind,
      name,
      nameKey: orgNameKey(name),
      timeZone: kind === "buyer" ? "Australia/Sydney" : "UTC",
    })
    .returning();
  if (kind === "partner") await getDb().insert(partnerProfiles).values({ organisationId: org.id });
  return org;
}

export async function createMember(
  organisation: { id: string; kind: OrgKind },
  role: MemberRole,
  name = `Person ${randomUUID().slice(0, 6)}`,
): Promise<TestUser> {
  const email = `${randomUUID().slice(0, 12)}@example.com`;
  const db = getDb();
  const [user] = await db
    .insert(users)
    .values({ email, name, passwordHash: await testPasswordHash(), emailConfirmedAt: new Date() })
    .returning({ id: users.id });
  await db.insert(memberships).values({ organisationId: organisation.id, userId: user.id, role });
  return { userId: user.id, organisationId: organisation.id, email, name, role, kind: organisation.kind };
}

/** A session for the user, as the cookie header a browser would send. */
export async function sessionCookie(user: TestUser): Promise<string> {
  const setCookie = await getDb().transaction((tx) =>
    createSession(tx, new Request("http://localhost/"), {
      userId: user.userId,
      organisationId: user.organisationId,
      clientIp: "127.0.0.1",
    }),
  );
  return setCookie.split(";")[0];
}

/** A buyer organisation with an admin, two evaluators and a viewer, and a partner with an admin and a member. */
export async function createWorld() {
  const buyer = await createOrganisation("buyer");
  const partner = await createOrganisation("partner");
  return {
    buyer,
    partner,
    buyerAdmin: await createMember(buyer, "admin"),
    evaluator: await createMember(buyer, "evaluator"),
    evaluator2: await createMember(buyer, "evaluator"),
    viewer: await createMember(buyer, "viewer"),
    partnerAdmin: await createMember(partner, "admin"),
    partnerMember: await createMember(partner, "member"),
  };
}

/** An evaluation of the built-in checklist with an empty context (no industry, size, use cases, deadline). */
export async function createBuiltInEvaluation(
  actor: { userId: string; organisationId: string },
  name: string,
): Promise<{ id: string }> {
  return getDb().transaction((tx) =>
    createEvaluation(
      tx,
      actor,
      {
        name,
        industry: null,
        sizeBand: null,
        useCases: [],
        requiredSpecializations: [],
        deadlineOn: null,
        minimumTotal: null,
      },
      BUILT_IN_CHECKLIST,
      BUILT_IN_CHECKLIST.name,
    ),
  );
}

/** An evaluator's declaration written straight to the table (the model's own path is tested in evaluations.test.ts). */
export async function declareConflicts(
  evaluationId: string,
  user: TestUser,
  covered: string[],
  conflicts: string[] = [],
  declaredAt = new Date(),
) {
  await getDb()
    .insert(conflictDeclarations)
    .values({
      organisationId: user.organisationId,
      evaluationId,
      userId: user.userId,
      coveredCandidateIds: covered,
      conflictCandidateIds: conflicts,
      note: conflicts.length > 0 ? "Former employer." : "",
      declaredAt,
    });
}

/** An evaluator's submissions of these candidates, written straight to the table. */
export async function submitCandidates(evaluationId: string, user: TestUser, candidateIds: string[]) {
  if (candidateIds.length === 0) return;
  await getDb()
    .insert(candidateSubmissions)
    .values(
      candidateIds.map((candidateId) => ({
        organisationId: user.organisationId,
        evaluationId,
        candidateId,
        evaluatorUserId: user.userId,
      })),
    );
}
