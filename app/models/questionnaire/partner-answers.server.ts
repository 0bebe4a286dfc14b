// The partner's draft answers, saved one question at a time and version-checked, typed or pre-filled from the profile.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type Tx } from "../../../db/client";
import { evidence, type ProfileClaim, questionnaireAnswers, users } from "../../../db/schema";
import { ANSWER_EVIDENCE_LIMIT } from "../../domain/evidence-limits";
import { validateAnswer } from "../../domain/questionnaire";
import { InputError, RuleRefused, StaleVersion } from "../../utils/errors.server";
import { isUuid } from "../member.server";
import { profileClaimAnswer } from "./partner-prefill.server";
import {
  type Actor,
  assertEditable,
  draftRule,
  type LockedResponse,
  lockResponse,
  type PartnerQuestion,
  publishedQuestion,
} from "./partner-rules.server";

export interface AnswerInput {
  value: unknown;
  evidenceIds: readonly string[];
  /** The version of the answer the form showed; 0 when it showed none. */
  version: number;
}

/** What is stored of an answer, as a stale form is shown it. */
export interface StoredAnswer {
  value: unknown;
  evidenceIds: string[];
  prefilledFrom: ProfileClaim | null;
  claimDate: string | null;
  version: number;
  updatedBy: string | null;
}

const NOT_YOURS = "Choose among your own evidence.";

async function lockAnswer(tx: Tx, responseId: string, questionId: string) {
  const [row] = await tx
    .select({
      id: questionnaireAnswers.id,
      value: questionnaireAnswers.value,
      evidenceIds: questionnaireAnswers.evidenceIds,
      prefilledFrom: questionnaireAnswers.prefilledFrom,
      claimDate: questionnaireAnswers.claimDate,
      version: questionnaireAnswers.version,
      updatedBy: users.name,
    })
    .from(questionnaireAnswers)
    .leftJoin(users, eq(users.id, questionnaireAnswers.updatedByUserId))
    .where(
      and(eq(questionnaireAnswers.responseId, responseId), eq(questionnaireAnswers.questionId, questionId)),
    )
    .for("update", { of: questionnaireAnswers });
  return row;
}

type LockedAnswer = NonNullable<Awaited<ReturnType<typeof lockAnswer>>>;

/** Refused unless every id is the actor's own evidence, not deleted. One statement (none without ids). */
async function assertOwnEvidence(tx: Tx, actor: Actor, ids: string[]) {
  if (ids.some((id) => !isUuid(id))) throw new InputError({ evidence: NOT_YOURS });
  if (ids.length > ANSWER_EVIDENCE_LIMIT)
    throw new InputError({ evidence: `Attach at most ${ANSWER_EVIDENCE_LIMIT} pieces of evidence.` });
  if (ids.length === 0) return;
  const own = await tx
    .select({ id: evidence.id })
    .from(evidence)
    .where(
      and(
        inArray(evidence.id, ids),
        eq(evidence.organisationId, actor.organisationId),
        isNull(evidence.deletedAt),
      ),
    );
  if (own.length !== ids.length) throw new InputError({ evidence: NOT_YOURS });
}

const sameAnswer = (a: { value: unknown; evidenceIds: readonly string[] }, b: typeof a) =>
  JSON.stringify(a.value ?? null) === JSON.stringify(b.value ?? null) &&
  JSON.stringify([...a.evidenceIds].sort()) === JSON.stringify([...b.evidenceIds].sort());

interface Written {
  value: unknown;
  evidenceIds: string[];
  prefilledFrom: ProfileClaim | null;
  claimDate: string | null;
}

/**
 * Creates the answer (version 1) or updates it at the version the form showed. The same answer sent again (a double
 * click) changes nothing and is not a conflict; a different one over a newer version is refused with what is stored.
 */
async function writeAnswer(
  tx: Tx,
  actor: Actor,
  response: LockedResponse,
  question: PartnerQuestion,
  row: LockedAnswer | undefined,
  next: Written,
  shown: number,
): Promise<StoredAnswer> {
  if (
    row &&
    sameAnswer(row, next) &&
    row.prefilledFrom === next.prefilledFrom &&
    row.claimDate === next.claimDate
  )
    return row;
  if ((row?.version ?? 0) !== shown) {
    const stored: StoredAnswer = row ?? {
      value: null,
      evidenceIds: [],
      prefilledFrom: null,
      claimDate: null,
      version: 0,
      updatedBy: null,
    };
    throw new StaleVersion<StoredAnswer>(
      stored,
      `${stored.updatedBy ?? "Someone in your organisation"} changed this answer while you were editing it: their answer is shown. Save yours again to replace it.`,
    );
  }
  const at = new Date();
  const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));
  if (!row) {
    await tx.insert(questionnaireAnswers).values({
      responseId: response.id,
      questionId: question.id,
      partnerId: actor.organisationId,
      ...next,
      updatedByUserId: actor.userId,
    });
    return { ...next, version: 1, updatedBy: user?.name ?? null };
  }
  await tx
    .update(questionnaireAnswers)
    .set({ ...next, updatedByUserId: actor.userId, version: row.version + 1, updatedAt: at })
    .where(eq(questionnaireAnswers.id, row.id));
  return { ...next, version: row.version + 1, updatedBy: user?.name ?? null };
}

/**
 * Saves the partner's draft answer to one question: validated for its answer type (a message on `value`), evidence
 * only among the partner's own (`evidence`), version-checked (StaleVersion carries the other member's answer).
 * Refused after the response's deadline and while it is submitted and not reopened; NotFound for another partner's
 * response or a question not published in it. A changed answer is no longer a copy of the profile.
 */
export async function saveAnswer(
  actor: Actor,
  responseId: string,
  questionId: string,
  input: AnswerInput,
  now = new Date(),
): Promise<StoredAnswer> {
  const evidenceIds = [...new Set(input.evidenceIds)];
  return getDb().transaction(async (tx) => {
    const response = await lockResponse(tx, actor, responseId);
    const question = await publishedQuestion(tx, response, questionId);
    assertEditable(response, now);
    const value = question.answerType === "evidence" ? null : (input.value ?? null);
    const problem = validateAnswer(draftRule(question), value, evidenceIds);
    if (problem) throw new InputError({ value: problem });
    await assertOwnEvidence(tx, actor, evidenceIds);
    const stored = await lockAnswer(tx, response.id, question.id);
    const copied = stored?.prefilledFrom && sameAnswer(stored, { value, evidenceIds }) ? stored : undefined;
    return writeAnswer(
      tx,
      actor,
      response,
      question,
      stored,
      {
        value,
        evidenceIds,
        prefilledFrom: copied?.prefilledFrom ?? null,
        claimDate: copied?.claimDate ?? null,
      },
      input.version,
    );
  });
}

/**
 * Copies the partner's profile claim named by the question (`profileClaim`) into its draft answer, with the claim's
 * date (its last change, in the partner's time zone); see partner-prefill.server.ts for what each claim gives.
 * Version-checked like a typed answer (`version`: the answer the form showed, 0 for none); refused when the question
 * maps to no claim, the profile has none, or the copy does not fit the question.
 */
export async function prefillAnswer(
  actor: Actor,
  responseId: string,
  questionId: string,
  input: { version: number },
  now = new Date(),
): Promise<StoredAnswer> {
  return getDb().transaction(async (tx) => {
    const response = await lockResponse(tx, actor, responseId);
    const question = await publishedQuestion(tx, response, questionId);
    assertEditable(response, now);
    if (!question.profileClaim) throw new RuleRefused("This question is not answered from your profile.");
    const copy = await profileClaimAnswer(
      tx,
      actor.organisationId,
      question.profileClaim,
      question.answerType,
    );
    const problem = validateAnswer(draftRule(question), copy.value, []);
    if (problem) throw new InputError({ value: `Your profile does not fit this answer: ${problem}` });
    const stored = await lockAnswer(tx, response.id, question.id);
    return writeAnswer(
      tx,
      actor,
      response,
      question,
      stored,
      {
        value: copy.value,
        evidenceIds: stored?.evidenceIds ?? [],
        prefilledFrom: question.profileClaim,
        claimDate: copy.claimDate,
      },
      input.version,
    );
  });
}
