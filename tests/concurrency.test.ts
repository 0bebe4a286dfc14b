// "Nothing lost" (docs/product.md "Qualities"): concurrent writers on the database the suite runs on. Saves go through the
// production path, `saveScore`.
//
// On PostgreSQL (CI) this file opens its own pool of WRITER_CONNECTIONS connections to its database (the setup's pool
// has 5), so that the 20 writers hold 20 transactions at once; a barrier proves it: a transaction on the setup's pool
// locks the evaluation row, every writer's transaction queues behind that lock (its share lock on the evaluation),
// and only once pg_stat_activity shows all 20 waiting is the lock let go, releasing them together.
// NOTE: PGlite has a single connection: its transactions run one after another whatever the test does, so there the
// writers are released together in JavaScript only, and the race is a sequence.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declare } from "../app/models/declarations.server";
import { getEvaluationChecklist } from "../app/models/evaluation.server";
import { addCandidate, assignEvaluator } from "../app/models/evaluation-participants.server";
import { moveStatus } from "../app/models/evaluation-setup.server";
import { createEvidence } from "../app/models/evidence/write.server";
import { ScoreConflict, saveScore } from "../app/models/scores.server";
import { type DatabaseHandle, getDatabase, getDb, openDatabase, setDatabase } from "../db/client";
import { auditEvents, evaluations, evidence, scores } from "../db/schema";
import { createBuiltInEvaluation, createWorld } from "./factories";

type World = Awaited<ReturnType<typeof createWorld>>;
let w: World;
let evaluationId: string;
let candidateId: string;
let criteria: { id: string; max: number }[];
/** One evidence version per writer, each citable by the buyer. */
let citable: string[];

const WRITERS = 20;
const ROUNDS = 50;
/** The writers, the statements some of them run outside their transaction, and room to spare. */
const WRITER_CONNECTIONS = WRITERS + 4;

/** The setup's handle (5 connections): the barrier's lock and its watch run here, never queued behind a writer. */
let control: DatabaseHandle;
/** PostgreSQL only: the writers' own pool, which the models reach through `getDb()`. */
let writerPool: DatabaseHandle | undefined;

beforeAll(async () => {
  control = getDatabase();
  const url = process.env.TEST_FILE_DATABASE_URL;
  if (control.kind === "postgres") {
    if (!url)
      throw new Error("The test setup names this file's PostgreSQL database in TEST_FILE_DATABASE_URL.");
    writerPool = await openDatabase({ databaseUrl: url, maxConnections: WRITER_CONNECTIONS });
    setDatabase(writerPool);
  }
  w = await createWorld();
  const admin = { userId: w.buyerAdmin.userId, organisationId: w.buyer.id };
  const { id } = await createBuiltInEvaluation(admin, "Concurrency");
  evaluationId = id;
  candidateId = await addCandidate(admin, id, w.partner.id);
  await assignEvaluator(admin, id, w.evaluator.userId);
  const [row] = await getDb()
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  await moveStatus(admin, id, row.version, "scoring");
  await declare(
    { userId: w.evaluator.userId, organisationId: w.buyer.id },
    { id },
    { conflictCandidateIds: [], note: "" },
  );
  const checklist = await getEvaluationChecklist({ id, name: "" });
  criteria = checklist.sections.flatMap((s) =>
    s.weight > 0
      ? s.criteria.filter((c) => c.kind === "rated" && c.weight > 0).map((c) => ({ id: c.key, max: c.max }))
      : [],
  );
  expect(criteria.length).toBeGreaterThanOrEqual(WRITERS + 1);
  const partner = { userId: w.partnerAdmin.userId, organisationId: w.partner.id };
  const ids = await getDb().transaction(async (tx) => {
    const made: string[] = [];
    for (let i = 0; i < WRITERS; i++) {
      made.push(
        await createEvidence(
          tx,
          partner,
          {
            claim: "document:",
            title: `Case study ${i}`,
            visibility: "all_buyers",
            effectiveFrom: undefined,
            effectiveTo: undefined,
          },
          { kind: "document", id: null },
          { kind: "link", url: `https://example.com/case-${i}` },
        ),
      );
    }
    return made;
  });
  const versions = await getDb()
    .select({ id: evidence.id, versionId: evidence.currentVersionId })
    .from(evidence)
    .where(inArray(evidence.id, ids));
  citable = ids.map((id) => versions.find((v) => v.id === id)?.versionId as string);
});

afterAll(async () => {
  if (writerPool) {
    setDatabase(control);
    await writerPool.close();
  }
});

const evaluator = () => ({ userId: w.evaluator.userId, organisationId: w.buyer.id });
const evaluation = () => ({
  id: evaluationId,
  industry: null,
  sizeBand: null,
  useCases: [],
  requiredSpecializations: [],
});

function save(
  criterionId: string,
  value: number,
  justification: string,
  expectedVersion: number | null,
  citedVersionIds: string[] = [],
) {
  return saveScore(
    evaluator(),
    evaluation(),
    { candidateId, criterionId, value, justification, citedVersionIds, acceptedSuggestion: null },
    expectedVersion,
  );
}

async function stored(criterionId: string) {
  const [row] = await getDb()
    .select({
      value: scores.value,
      justification: scores.justification,
      citedVersionIds: scores.citedVersionIds,
      version: scores.version,
    })
    .from(scores)
    .where(
      and(
        eq(scores.candidateId, candidateId),
        eq(scores.criterionId, criterionId),
        eq(scores.evaluatorUserId, w.evaluator.userId),
      ),
    );
  return row;
}

async function savedEvents(criterionIds: readonly string[]) {
  const events = await getDb()
    .select({ after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, evaluationId), eq(auditEvents.action, "score.saved")));
  const ids = new Set(criterionIds);
  return events.filter((e) => ids.has((e.after as { criterionId: string }).criterionId));
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Starts `n` writers and lets them go at once. On PostgreSQL each writer's transaction first queues on the
 * evaluation row, locked here until all `n` wait on it: then `n` transactions are open together. Resolves with
 * every writer's outcome, and how many were seen waiting together (undefined on PGlite).
 */
async function releasedTogether<T>(
  n: number,
  start: (i: number) => Promise<T>,
): Promise<{ outcomes: PromiseSettledResult<T>[]; waitingTogether: number | undefined }> {
  if (control.kind !== "postgres") {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const running = Array.from({ length: n }, (_, i) => gate.then(() => start(i)));
    open();
    return { outcomes: await Promise.allSettled(running), waitingTogether: undefined };
  }
  let unlock!: () => void;
  const unlocked = new Promise<void>((resolve) => {
    unlock = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = control.db.transaction(async (tx) => {
    await tx.execute(sql`select id from evaluations where id = ${evaluationId} for update`);
    locked();
    await unlocked;
  });
  await isLocked;
  const running = Array.from({ length: n }, (_, i) => start(i));
  let waiting = 0;
  try {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const [row] = rowsOf<{ waiting: number }>(
        await control.db.execute(
          sql`select count(*)::int as waiting from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`,
        ),
      );
      waiting = Number(row.waiting);
      if (waiting >= n) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    unlock();
    await holder;
  }
  return { outcomes: await Promise.allSettled(running), waitingTogether: waiting };
}

describe("concurrent writers", () => {
  it(`${WRITERS} writers saving the same score from the same version: exactly one wins, whole`, async () => {
    const target = criteria[0];
    await save(target.id, 0, "Initial.", null);
    const valueBy = (i: number) => (i % target.max) + 1;
    const { outcomes, waitingTogether } = await releasedTogether(WRITERS, (i) =>
      save(target.id, valueBy(i), `Writer ${i} justifies.`, 1, [citable[i]]),
    );
    if (control.kind === "postgres") expect(waitingTogether).toBe(WRITERS);
    const won = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [i] : []));
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(WRITERS - 1);
    for (const o of lost) expect(o.reason).toBeInstanceOf(ScoreConflict);
    const winner = won[0];
    expect((outcomes[winner] as PromiseFulfilledResult<{ version: number }>).value).toMatchObject({
      version: 2,
      changed: true,
      value: valueBy(winner),
      justification: `Writer ${winner} justifies.`,
    });
    // The stored row is one writer's whole change: its value, its justification and its citation, at version 2.
    expect(await stored(target.id)).toEqual({
      value: valueBy(winner),
      justification: `Writer ${winner} justifies.`,
      citedVersionIds: [citable[winner]],
      version: 2,
    });
    // Each loser is told what is stored now: the winner's change.
    for (const o of lost) {
      expect((o.reason as ScoreConflict).current).toMatchObject({
        value: valueBy(winner),
        justification: `Writer ${winner} justifies.`,
        version: 2,
      });
    }
    // Two audit events: the initial save and the winner's, whose after is the winner's change.
    const events = await savedEvents([target.id]);
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.after)).toContainEqual(
      expect.objectContaining({ value: valueBy(winner), justification: `Writer ${winner} justifies.` }),
    );
  });

  it(`${WRITERS} writers x ${ROUNDS} rounds on their own criteria lose nothing`, async () => {
    const mine = criteria.slice(1, WRITERS + 1);
    const { outcomes, waitingTogether } = await releasedTogether(WRITERS, async (i) => {
      const c = mine[i];
      let version = (await save(c.id, 0, `Writer ${i} round 0.`, null)).version;
      for (let round = 1; round <= ROUNDS; round++) {
        // The last round cites the writer's own evidence (a citation is checked, which costs a statement).
        const cited = round === ROUNDS ? [citable[i]] : [];
        const result = await save(c.id, round % (c.max + 1), `Writer ${i} round ${round}.`, version, cited);
        expect(result).toMatchObject({ version: version + 1, changed: true, value: round % (c.max + 1) });
        version = result.version;
      }
      return version;
    });
    if (control.kind === "postgres") expect(waitingTogether).toBe(WRITERS);
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : o.reason))).toEqual(
      Array.from({ length: WRITERS }, () => ROUNDS + 1),
    );
    for (const [i, c] of mine.entries()) {
      expect(await stored(c.id)).toEqual({
        value: ROUNDS % (c.max + 1),
        justification: `Writer ${i} round ${ROUNDS}.`,
        citedVersionIds: [citable[i]],
        version: ROUNDS + 1,
      });
    }
    // One row per writer, each at its last version: no row lost, none doubled, no round skipped.
    const ids = mine.map((c) => c.id);
    const rows = await getDb()
      .select({ criterionId: scores.criterionId, version: scores.version })
      .from(scores)
      .where(and(eq(scores.evaluationId, evaluationId), inArray(scores.criterionId, ids)));
    expect(rows).toHaveLength(WRITERS);
    expect(new Set(rows.map((r) => r.criterionId)).size).toBe(WRITERS);
    expect(rows.reduce((sum, r) => sum + r.version, 0)).toBe(WRITERS * (ROUNDS + 1));
    // Every change has its audit event: the count checks out.
    expect(await savedEvents(ids)).toHaveLength(WRITERS * (ROUNDS + 1));
  }, 60_000);
});
