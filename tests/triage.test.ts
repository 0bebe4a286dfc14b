// Shortlisting from the triage (docs/product.md "Triage"): several partners in one transaction, each audited like a
// single add, the batch checked against the evaluation's version, each refusal named; the page's partial totals
// always with the share of the checklist they stand on.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { EvaluationConflict } from "../app/models/evaluation.server";
import { addCandidate } from "../app/models/evaluation-participants.server";
import { addCandidates, TRIAGE_STALE_MESSAGE } from "../app/models/triage.server";
import * as triageRoute from "../app/routes/evaluations.$evaluationId.triage";
import { RuleRefused } from "../app/utils/errors.server";
import { getDb } from "../db/client";
import { auditEvents, evaluationCandidates, evaluations, networkMemberships } from "../db/schema";
import { changedRows, installChangeCounter } from "./change-counter";
import { createBuiltInEvaluation, createOrganisation, createWorld, sessionCookie } from "./factories";
import { callAction, callLoader } from "./remix";
import { buttons, elements, renderPage, textOf } from "./support-render";

type World = Awaited<ReturnType<typeof createWorld>>;
let w: World;
let elite: { id: string; name: string };
let select: { id: string; name: string };
let third: { id: string; name: string };

beforeAll(async () => {
  w = await createWorld();
  elite = await createOrganisation("partner", "Elite Triage Partners");
  select = await createOrganisation("partner", "Select Triage Partners");
  third = await createOrganisation("partner", "Third Triage Partners");
  await getDb()
    .insert(networkMemberships)
    .values([
      { organisationId: elite.id, tier: "elite" },
      { organisationId: select.id, tier: "select" },
    ]);
  await installChangeCounter();
});

const admin = () => ({ userId: w.buyerAdmin.userId, organisationId: w.buyerAdmin.organisationId });

async function versionOf(id: string) {
  const [row] = await getDb()
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  return row.version;
}

const shortlistOf = async (id: string) =>
  getDb()
    .select({ partnerId: evaluationCandidates.partnerId })
    .from(evaluationCandidates)
    .where(eq(evaluationCandidates.evaluationId, id));

const addedEvents = (id: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "evaluation.candidate_added")));

describe("addCandidates", () => {
  it("adds two partners at once, in one transaction, each audited like a single add, the version moved once", async () => {
    const { id } = await createBuiltInEvaluation(admin(), "Two at once");
    const version = await versionOf(id);
    const outcome = await addCandidates(admin(), id, [elite.id, select.id], version);
    expect(outcome.refused).toEqual([]);
    expect(outcome.added.map((a) => a.name)).toEqual([elite.name, select.name]);
    expect((await shortlistOf(id)).map((c) => c.partnerId).sort()).toEqual([elite.id, select.id].sort());
    expect(await versionOf(id)).toBe(version + 1);
    const events = await addedEvents(id);
    expect(events).toHaveLength(2);
    for (const a of outcome.added) {
      expect(
        events.find((e) => (e.after as { candidateId: string }).candidateId === a.candidateId),
      ).toMatchObject({
        actorUserId: w.buyerAdmin.userId,
        organisationId: w.buyer.id,
        entityType: "evaluation",
        after: { name: a.name, candidateId: a.candidateId, status: "draft" },
      });
    }
    // A single add writes the same event.
    const single = await addCandidate(admin(), id, third.id);
    const [event] = (await addedEvents(id)).filter(
      (e) => (e.after as { candidateId: string }).candidateId === single,
    );
    expect(Object.keys(event.after as object).sort()).toEqual(Object.keys(events[0].after as object).sort());
  });

  it("refuses a batch drawn before another change, whole, and changes nothing", async () => {
    const { id } = await createBuiltInEvaluation(admin(), "Stale");
    const version = await versionOf(id);
    await addCandidate(admin(), id, third.id);
    const before = await changedRows();
    const stale = await addCandidates(admin(), id, [elite.id, select.id], version).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(EvaluationConflict);
    expect((stale as Error).message).toBe(TRIAGE_STALE_MESSAGE);
    expect(await changedRows()).toBe(before);
  });

  it("names each partner it does not add and why, and adds the others", async () => {
    const { id } = await createBuiltInEvaluation(admin(), "Refusals");
    await addCandidate(admin(), id, select.id);
    const unknown = "00000000-0000-4000-8000-000000000000";
    const outcome = await addCandidates(
      admin(),
      id,
      [select.id, unknown, elite.id, "not-an-id"],
      await versionOf(id),
    );
    expect(outcome.added.map((a) => a.partnerId)).toEqual([elite.id]);
    expect(outcome.refused).toEqual([
      { partnerId: select.id, name: select.name, reason: "is already on the shortlist." },
      { partnerId: unknown, name: "A partner", reason: "is not in the directory any more." },
      { partnerId: "not-an-id", name: "A partner", reason: "is not in the directory any more." },
    ]);
    // Nothing to add: nothing written.
    const before = await changedRows();
    const none = await addCandidates(admin(), id, [select.id, elite.id], await versionOf(id));
    expect(none.added).toEqual([]);
    expect(none.refused.map((r) => r.reason)).toEqual([
      "is already on the shortlist.",
      "is already on the shortlist.",
    ]);
    expect(await changedRows()).toBe(before);
  });

  it("refuses another organisation's evaluation and a cancelled one", async () => {
    const { id } = await createBuiltInEvaluation(admin(), "Closed");
    const other = await createWorld();
    const foreign = await addCandidates(
      { userId: other.buyerAdmin.userId, organisationId: other.buyer.id },
      id,
      [elite.id],
      await versionOf(id),
    ).catch((e: unknown) => e);
    expect((foreign as Error).constructor.name).toBe("NotFound");
    await getDb().update(evaluations).set({ status: "cancelled" }).where(eq(evaluations.id, id));
    const late = await addCandidates(admin(), id, [elite.id], await versionOf(id)).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(RuleRefused);
    expect(await shortlistOf(id)).toEqual([]);
  });
});

describe("the triage page", () => {
  const open = async (id: string) =>
    callLoader(triageRoute.loader, {
      path: `/evaluations/${id}/triage`,
      params: { evaluationId: id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
  const post = async (id: string, form: Record<string, string> | FormData) =>
    callAction(triageRoute.action, {
      path: `/evaluations/${id}/triage`,
      params: { evaluationId: id },
      cookie: await sessionCookie(w.buyerAdmin),
      form,
    });
  type Data = Awaited<ReturnType<typeof triageRoute.loader>>;

  it("adds the ticked partners with one post (no JavaScript), and answers each refusal and an empty selection", async () => {
    const { id } = await createBuiltInEvaluation(admin(), "Page");
    const page = (await open(id)).data as Data;
    const form = new FormData();
    form.append("intent", "add-selected");
    form.append("version", String(page.version));
    form.append("partnerId", elite.id);
    form.append("partnerId", select.id);
    const added = await post(id, form);
    expect(added.status).toBe(200);
    expect(added.data).toMatchObject({
      ok: true,
      message: `Added 2 partners to the shortlist: ${elite.name}, ${select.name}.`,
      refused: [],
    });
    const after = (await open(id)).data as Data;
    expect(after.version).toBe(page.version + 1);
    expect(
      after.rows
        .filter((r) => r.shortlisted === "active")
        .map((r) => r.partnerId)
        .sort(),
    ).toEqual([elite.id, select.id].sort());

    // The same ticks from the old page: refused whole, the boxes come back ticked.
    const stale = await post(id, form);
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({
      ok: false,
      formError: TRIAGE_STALE_MESSAGE,
      checked: { partnerId: [elite.id, select.id] },
    });

    // Both already on the list: each named.
    const again = new FormData();
    again.append("intent", "add-selected");
    again.append("version", String(after.version));
    again.append("partnerId", elite.id);
    const refused = await post(id, again);
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({
      ok: false,
      refused: [`${elite.name} is already on the shortlist.`],
    });

    const empty = await post(id, { intent: "add-selected", version: String(after.version) });
    expect(empty.status).toBe(400);
    expect(empty.data).toMatchObject({ ok: false, formError: "Tick at least one partner to add." });
  });

  it("writes each partial total with the share of the checklist it stands on, never alone", async () => {
    const { id } = await createBuiltInEvaluation(admin(), "Shares");
    const page = (await open(id)).data as Data;
    const row = page.rows.find((r) => r.partnerId === elite.id)!;
    // An elite tier suggests the tier criterion's 5 of 5: a high partial total on a small share of the checklist.
    expect(Number.parseFloat(row.completeness)).toBeLessThan(100);
    const { html, text } = await renderPage(triageRoute, {
      id: "routes/evaluations.$evaluationId.triage",
      pattern: "evaluations/:evaluationId/triage",
      path: `/evaluations/${id}/triage`,
      params: { evaluationId: id },
      user: w.buyerAdmin,
    });
    expect(text).toContain(`${row.total} on ${row.completeness} of the checklist`);
    expect(text).not.toContain("Partial total 100.0");
    const cells = elements(html, /<td class="num triage-total"/).map(textOf);
    expect(cells.length).toBe(page.rows.length);
    expect(
      cells.every((c) => c === "Nothing to suggest" || / on \d+(\.\d)?% of the checklist$/.test(c)),
    ).toBe(true);
    // One box per partner not yet on the shortlist, and one "Add selected".
    expect(elements(html, /<input[^>]*type="checkbox"[^>]*name="partnerId"/)).toHaveLength(page.rows.length);
    expect(buttons(html).filter((b) => b === "Add selected to the shortlist")).toHaveLength(1);
  });
});
