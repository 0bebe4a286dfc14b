import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import { BUILT_IN_CHECKLIST_V2 } from "../app/domain/builtin-checklist-v2";
import { CURRENT_BUILT_IN } from "../app/domain/builtin-versions";
import { type ChecklistDraft, fromDraft, toDraft } from "../app/domain/checklist-draft";
import { getTemplate, saveTemplate, TemplateConflict } from "../app/models/template.server";
import * as listRoute from "../app/routes/templates._index";
import * as viewRoute from "../app/routes/templates.$templateId._index";
import * as editRoute from "../app/routes/templates.$templateId.edit";
import * as newRoute from "../app/routes/templates.new";
import { getDb } from "../db/client";
import { auditEvents, checklistTemplates, templateCriteria, templateSections } from "../db/schema";
import { checklistForm } from "./checklist-form";
import { createMember, createOrganisation, createWorld, sessionCookie, type TestUser } from "./factories";
import { callAction, callLoader, type Outcome } from "./remix";

type World = Awaited<ReturnType<typeof createWorld>>;
let w: World;
let admin2: TestUser;

beforeAll(async () => {
  w = await createWorld();
  admin2 = await createMember(w.buyer, "admin");
});

/**
 * The copy form of the built-in checklist's current version (2) as the page fills it in: "Copy of …" and a
 * description that says whose copy it is. Copying version 1: tests/builtin-versions.test.ts.
 */
const LABEL = "AI implementation partner due diligence (version 2)";
const COPY_FORM = {
  intent: "copy",
  source: "builtin-v2",
  name: `Copy of ${LABEL}`,
  description: `A copy of “${LABEL}”.`,
};

async function templateCount(organisationId = w.buyer.id): Promise<number> {
  const [{ n }] = await getDb()
    .select({ n: count() })
    .from(checklistTemplates)
    .where(eq(checklistTemplates.organisationId, organisationId));
  return n;
}

/** Version 1's copy form: the editing tests below start from a copy of version 1, whose sizes they count on. */
const V1_COPY_FORM = { ...COPY_FORM, source: "builtin", name: "Copy of version 1" };

async function copyBuiltIn(user: TestUser = w.buyerAdmin, form = V1_COPY_FORM): Promise<string> {
  const outcome = await callAction(listRoute.action, {
    path: "/templates?index",
    cookie: await sessionCookie(user),
    form: { ...form, _idempotency: randomUUID() },
  });
  expect(outcome.status).toBe(302);
  const id = /^\/templates\/([0-9a-f-]{36})\/edit$/.exec(outcome.location ?? "")?.[1];
  expect(id).toBeDefined();
  return id!;
}

async function draftOf(templateId: string, organisationId = w.buyer.id) {
  const t = await getTemplate(organisationId, templateId);
  return { draft: toDraft(t!.checklist), version: t!.version };
}

async function save(templateId: string, form: Record<string, string>, user: TestUser = w.buyerAdmin) {
  return callAction(editRoute.action, {
    path: `/templates/${templateId}/edit`,
    params: { templateId },
    cookie: await sessionCookie(user),
    form,
  });
}

function answer(outcome: Outcome) {
  return outcome.data as {
    draft?: ChecklistDraft;
    errors?: Record<string, string>;
    formError?: string;
    focus?: string;
    conflict?: { version: number; changes: { by: string; lines: string[] }[] };
    clashes?: { field: string; where: string; message: string }[];
    version?: number;
    base?: ChecklistDraft;
  };
}

async function auditActions(templateId: string) {
  const rows = await getDb()
    .select({ action: auditEvents.action, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "template"), eq(auditEvents.entityId, templateId)))
    .orderBy(auditEvents.id);
  return rows;
}

describe("copying the built-in checklist", () => {
  it("gives the buyer an identical, editable template of its own, audited", async () => {
    const id = await copyBuiltIn(w.buyerAdmin, COPY_FORM);
    const copy = await getTemplate(w.buyer.id, id);
    expect(copy?.builtIn).toBe(false);
    expect(copy?.copiedFrom).toBe(LABEL);
    expect(copy?.checklist.name).toBe(`Copy of ${LABEL}`);
    // The copy says whose copy it is, rather than keeping the built-in's own description.
    expect(copy?.checklist.description).toBe(`A copy of “${LABEL}”.`);
    // Same content, in the same order, with ids of its own.
    const strip = (c: typeof BUILT_IN_CHECKLIST) =>
      c.sections.map((s) => ({ ...s, key: "", criteria: s.criteria.map((x) => ({ ...x, key: "" })) }));
    expect(strip(copy!.checklist)).toEqual(strip(BUILT_IN_CHECKLIST_V2));
    expect(copy!.checklist.sections.every((s) => /^[0-9a-f-]{36}$/.test(s.key))).toBe(true);
    expect((await auditActions(id)).map((e) => e.action)).toEqual(["template.created"]);
  });

  it("creates one template when the same copy form is sent twice", async () => {
    const cookie = await sessionCookie(w.buyerAdmin);
    const form = { ...COPY_FORM, _idempotency: randomUUID() };
    const before = await templateCount();
    const a = await callAction(listRoute.action, { path: "/templates?index", cookie, form });
    const b = await callAction(listRoute.action, { path: "/templates?index", cookie, form });
    expect(a.location).toBe(b.location);
    expect(await templateCount()).toBe(before + 1);
  });

  it("asks for the copy's name first, prefilled, and stores nothing until the copy is confirmed", async () => {
    const cookie = await sessionCookie(w.buyerAdmin);
    const before = await templateCount();
    const opened = await callLoader(listRoute.loader, { path: "/templates?copy=builtin-v2", cookie });
    expect((opened.data as { copy: unknown }).copy).toEqual({
      source: "builtin-v2",
      sourceName: LABEL,
      values: { name: `Copy of ${LABEL}`, description: `A copy of “${LABEL}”.` },
    });
    // Cancel is a link back to the list: the form opened and closed, nothing was stored.
    const closed = await callLoader(listRoute.loader, { path: "/templates", cookie });
    expect((closed.data as { copy: unknown }).copy).toBeNull();
    expect(await templateCount()).toBe(before);
  });

  it("opens the copy form on a template's own page too, prefilled from that template", async () => {
    const id = await copyBuiltIn(w.buyerAdmin, COPY_FORM);
    const outcome = await callLoader(viewRoute.loader, {
      path: `/templates/${id}?copy`,
      params: { templateId: id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    expect((outcome.data as { copy: { values: { name: string } } }).copy.values.name).toBe(
      `Copy of Copy of ${LABEL}`,
    );
  });

  it("refuses a copy without a name at its field, keeps what was typed and stores nothing", async () => {
    const before = await templateCount();
    const outcome = await callAction(listRoute.action, {
      path: "/templates?index",
      cookie: await sessionCookie(w.buyerAdmin),
      form: {
        ...COPY_FORM,
        name: "  ",
        description: "Ours, for the 2027 round.",
        _idempotency: randomUUID(),
      },
    });
    expect(outcome.status).toBe(400);
    expect(answer(outcome).errors).toMatchObject({ name: "Name the copy." });
    expect((outcome.data as { values: Record<string, string> }).values).toMatchObject({
      source: COPY_FORM.source,
      description: "Ours, for the 2027 round.",
    });
    expect(await templateCount()).toBe(before);
  });

  it("keeps the description typed in the copy form", async () => {
    const outcome = await callAction(listRoute.action, {
      path: "/templates?index",
      cookie: await sessionCookie(w.buyerAdmin),
      form: { ...COPY_FORM, name: "Contact centre 2027", description: "Ours.", _idempotency: randomUUID() },
    });
    const id = /^\/templates\/([0-9a-f-]{36})\/edit$/.exec(outcome.location ?? "")![1];
    const copy = await getTemplate(w.buyer.id, id);
    expect(copy?.checklist).toMatchObject({ name: "Contact centre 2027", description: "Ours." });
  });

  it("lists the built-in checklist and the buyer's own templates, not another buyer's", async () => {
    const other = await createOrganisation("buyer");
    const otherAdmin = await createMember(other, "admin");
    const theirs = await copyBuiltIn(otherAdmin);
    const outcome = await callLoader(listRoute.loader, {
      path: "/templates",
      cookie: await sessionCookie(w.buyerAdmin),
    });
    const data = outcome.data as {
      builtIn: { id: string; name: string; version: number; criteria: number };
      superseded: { id: string; version: number; criteria: number; supersededBy: number }[];
      templates: { id: string }[];
    };
    // The current version first; version 1 listed as superseded by it.
    expect(data.builtIn).toMatchObject({
      id: CURRENT_BUILT_IN.id,
      name: BUILT_IN_CHECKLIST.name,
      version: 2,
    });
    expect(data.builtIn.criteria).toBe(34);
    expect(data.superseded).toMatchObject([{ id: "builtin", version: 1, criteria: 29, supersededBy: 2 }]);
    expect(data.templates.length).toBeGreaterThan(0);
    expect(data.templates.map((t) => t.id)).not.toContain(theirs);
  });
});

describe("editing a template", () => {
  it("switches on Commercials and saves a new version with the change in words", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    const commercials = draft.sections.findIndex((s) => s.name === "Commercials");
    draft.sections[commercials].weight = "10";
    const outcome = await save(id, checklistForm(draft, { version: String(version) }));
    expect(outcome.status).toBe(302);
    expect(outcome.location).toBe(`/templates/${id}?saved=1`);
    const saved = await getTemplate(w.buyer.id, id);
    expect(saved?.version).toBe(version + 1);
    expect(saved?.checklist.sections[commercials].weight).toBe(10);
    const events = await auditActions(id);
    expect(events.at(-1)).toMatchObject({
      action: "template.updated",
      after: { version: version + 1, changes: ["Section “Commercials”: weight 0 → 10."] },
    });
  });

  it("adds a rated criterion with a knockout, keeping the other rows' ids", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    const before = await getTemplate(w.buyer.id, id);
    draft.sections[5].criteria.push({
      key: "new-criterion",
      name: "Penetration test",
      question: "Has an independent penetration test of a comparable system been shared?",
      kind: "rated",
      weight: "2",
      max: "5",
      rubric: {
        low: "No test report.",
        middle: "A report older than a year.",
        high: "A current report with fixes verified.",
      },
      knockout: "2",
      suggestionRule: "",
      unit: "",
      direction: "lower",
      profileField: "",
    });
    expect((await save(id, checklistForm(draft, { version: String(version) }))).status).toBe(302);
    const after = await getTemplate(w.buyer.id, id);
    const added = after!.checklist.sections[5].criteria.at(-1)!;
    expect(added).toMatchObject({ name: "Penetration test", knockout: 2, weight: 2, kind: "rated" });
    expect(added.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(after!.checklist.sections[0].criteria.map((c) => c.key)).toEqual(
      before!.checklist.sections[0].criteria.map((c) => c.key),
    );
    const [{ n }] = await getDb()
      .select({ n: count() })
      .from(templateCriteria)
      .where(eq(templateCriteria.templateId, id));
    expect(n).toBe(30);
  });

  it("saves nothing, and keeps the version, when nothing changed", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    const outcome = await save(id, checklistForm(draft, { version: String(version) }));
    expect(outcome.location).toBe(`/templates/${id}?saved=0`);
    expect((await getTemplate(w.buyer.id, id))?.version).toBe(version);
    expect((await auditActions(id)).map((e) => e.action)).toEqual(["template.created"]);
  });

  it("refuses bad input at the field that caused it, keeps what was typed and changes nothing", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    const [first, second] = draft.sections;
    first.weight = "ten";
    second.criteria[0].weight = "-2";
    draft.sections[2].criteria[3].knockout = "6";
    draft.sections[3].criteria[0].rubric.middle = "  ";
    draft.sections[4].criteria[1].max = "0";
    draft.sections[6].name = "";
    const rows = async () =>
      getDb()
        .select()
        .from(templateSections)
        .where(eq(templateSections.templateId, id))
        .orderBy(templateSections.position);
    const before = await rows();
    const outcome = await save(id, checklistForm(draft, { version: String(version) }));
    expect(outcome.status).toBe(400);
    const { errors, draft: kept } = answer(outcome);
    expect(errors).toEqual({
      [`s:${first.key}.weight`]: "Enter a weight: a number of 0 or more, like 10 or 2.5.",
      [`c:${second.criteria[0].key}.weight`]: "A weight is a number of 0 or more.",
      [`c:${draft.sections[2].criteria[3].key}.knockout`]:
        "A knockout threshold is above 0 and at most the maximum, 5.",
      [`c:${draft.sections[3].criteria[0].key}.rubric.middle`]: "Describe what a 3 looks like.",
      [`c:${draft.sections[4].criteria[1].key}.max`]: "The maximum is a whole number from 1 to 100.",
      [`s:${draft.sections[6].key}.name`]: "Give the section a name.",
    });
    expect(kept?.sections[0].weight).toBe("ten");
    expect(kept?.sections[1].criteria[0].weight).toBe("-2");
    expect(await rows()).toEqual(before);
    expect((await getTemplate(w.buyer.id, id))?.version).toBe(version);
  });

  it("needs a positively weighted section, and a positive criterion in each positive section (rule 10)", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    for (const s of draft.sections) s.weight = "0";
    let outcome = await save(id, checklistForm(draft, { version: String(version) }));
    expect(answer(outcome).errors).toEqual({ sections: "At least one section needs a positive weight." });
    draft.sections[0].weight = "5";
    for (const c of draft.sections[0].criteria) c.weight = "0";
    outcome = await save(id, checklistForm(draft, { version: String(version) }));
    expect(answer(outcome).errors).toEqual({
      [`s:${draft.sections[0].key}.criteria`]:
        "A section with a positive weight needs at least one criterion with a positive weight.",
    });
  });

  it("applies a structural button without saving when the browser runs no JavaScript", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    draft.sections[0].name = "Standing (renamed, not saved yet)";
    const outcome = await save(
      id,
      checklistForm(draft, { version: String(version), intent: "move-section:0:1" }),
    );
    expect(outcome.status).toBe(200);
    const { draft: edited, focus } = answer(outcome);
    expect(edited?.sections.map((s) => s.name).slice(0, 2)).toEqual([
      draft.sections[1].name,
      "Standing (renamed, not saved yet)",
    ]);
    expect(focus).toBe(draft.sections[0].key);
    expect((await getTemplate(w.buyer.id, id))?.version).toBe(version);

    const added = answer(
      await save(id, checklistForm(draft, { version: String(version), intent: "add-criterion:7:rated" })),
    );
    expect(added.draft?.sections[7].criteria).toHaveLength(2);
    expect(added.draft?.sections[7].criteria[1]).toMatchObject({
      kind: "rated",
      name: "",
      weight: "1",
      max: "5",
    });
    expect(added.focus).toBe(added.draft?.sections[7].criteria[1].key);
  });

  it("refuses a form that is not the editor's with a message, not a 500", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    const form = checklistForm(draft, { version: String(version) });
    form["sections.0.criteria.0.kind"] = "banana";
    const outcome = await save(id, form);
    expect(outcome.status).toBe(400);
    expect(answer(outcome).formError).toMatch(/could not be read/);
    const unknownIntent = await save(
      id,
      checklistForm(draft, { version: String(version), intent: "explode" }),
    );
    expect(unknownIntent.status).toBe(400);
  });

  it("tells the second of two editors what the first changed, merges both edits and loses neither", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    const base = JSON.stringify(draft);
    const mine = structuredClone(draft);
    const theirs = structuredClone(draft);
    // Theirs: a section weight, a new criterion, and a weight I change too.
    theirs.sections[2].weight = "30";
    theirs.sections[4].criteria[0].weight = "4";
    theirs.sections[6].criteria.push({
      ...structuredClone(theirs.sections[6].criteria[0]),
      key: "new-theirs",
      name: "Adoption metrics",
    });
    // Mine: a renamed criterion, a removed one, and that same weight, differently.
    mine.sections[0].criteria[0].name = "Network tier (OpenAI)";
    mine.sections[5].criteria.splice(1, 1);
    mine.sections[4].criteria[0].weight = "5";
    const removed = draft.sections[5].criteria[1];
    expect((await save(id, checklistForm(theirs, { version: String(version), base }), admin2)).status).toBe(
      302,
    );
    const outcome = await save(id, checklistForm(mine, { version: String(version), base }));
    expect(outcome.status).toBe(409);
    const { conflict, draft: merged, clashes, formError, ...carried } = answer(outcome);
    expect(conflict?.version).toBe(version + 1);
    expect(conflict?.changes).toEqual([
      {
        by: admin2.name,
        at: expect.any(String),
        lines: [
          "Section “Reference deployments”: weight 25 → 30.",
          "“Support terms” in “Post-deployment support”: weight 3 → 4.",
          "Section “Delivery and adoption”: added criterion “Adoption metrics” (rated, weight 2).",
        ],
      },
    ]);
    expect(formError).toMatch(/nothing was saved yet/);
    // Nothing of mine was saved: their version stands.
    const stored = await getTemplate(w.buyer.id, id);
    expect(stored?.version).toBe(version + 1);
    expect(stored?.checklist.sections[0].criteria[0].name).not.toBe("Network tier (OpenAI)");
    // The merged draft: their edits and mine, my value kept where we clashed, beside that field.
    expect(merged?.sections[2].weight).toBe("30");
    expect(merged?.sections[0].criteria[0].name).toBe("Network tier (OpenAI)");
    expect(merged?.sections[5].criteria.map((c) => c.key)).not.toContain(removed.key);
    expect(merged?.sections[6].criteria.at(-1)?.name).toBe("Adoption metrics");
    expect(merged?.sections[4].criteria[0].weight).toBe("5");
    expect(clashes).toEqual([
      {
        field: `c:${draft.sections[4].criteria[0].key}.weight`,
        where: "Weight of “Support terms”",
        message: "They changed this to “4” (it was “3”); your “5” is kept.",
      },
    ]);
    // The next save goes over their version, merged against it.
    expect(carried.version).toBe(version + 1);
    expect(carried.base).toEqual(toDraft(stored!.checklist));

    const again = await save(
      id,
      checklistForm(merged!, { version: String(carried.version), base: JSON.stringify(carried.base) }),
    );
    expect(again.status).toBe(302);
    const final = await getTemplate(w.buyer.id, id);
    expect(final?.version).toBe(version + 2);
    expect(final?.checklist.sections[2].weight).toBe(30);
    expect(final?.checklist.sections[0].criteria[0].name).toBe("Network tier (OpenAI)");
    expect(final?.checklist.sections[4].criteria[0].weight).toBe(5);
    expect(final?.checklist.sections[5].criteria.map((c) => c.key)).not.toContain(removed.key);
    expect(final?.checklist.sections[6].criteria.map((c) => c.name)).toContain("Adoption metrics");
    // The audit line of my save says what I changed over theirs, nothing of theirs undone.
    expect((await auditActions(id)).at(-1)?.after).toMatchObject({
      version: version + 2,
      changes: [
        `Removed criterion “${removed.name}” from “Security, data and governance”.`,
        "Renamed criterion “Network tier” to “Network tier (OpenAI)”.",
        "“Support terms” in “Post-deployment support”: weight 4 → 5.",
      ],
    });
  });

  it("carries the version and the starting draft through a round trip without JavaScript", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    const base = JSON.stringify(draft);
    // Someone else saves while this person's browser, without JavaScript, applies a structural button.
    const theirs = structuredClone(draft);
    theirs.sections[1].weight = "16";
    expect((await save(id, checklistForm(theirs, { version: String(version), base }), admin2)).status).toBe(
      302,
    );
    const mine = structuredClone(draft);
    mine.sections[3].weight = "14";
    const moved = answer(
      await save(id, checklistForm(mine, { version: String(version), base, intent: "move-section:0:1" })),
    );
    expect(moved.version).toBe(version);
    expect(moved.base).toEqual(draft);
    // So the save that follows still meets their change as a conflict, merged, instead of writing over it.
    const saved = await save(
      id,
      checklistForm(moved.draft!, { version: String(moved.version), base: JSON.stringify(moved.base) }),
    );
    expect(saved.status).toBe(409);
    const merged = answer(saved).draft!;
    expect(merged.sections.map((s) => s.weight).slice(0, 4)).toEqual(["16", "10", "25", "14"]);
    expect(answer(saved).clashes).toEqual([]);
  });

  it("without a readable starting draft, keeps every value of mine and marks each difference", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    const theirs = structuredClone(draft);
    theirs.sections[1].weight = "16";
    expect((await save(id, checklistForm(theirs, { version: String(version) }), admin2)).status).toBe(302);
    const mine = structuredClone(draft);
    mine.sections[3].weight = "14";
    const outcome = await save(id, checklistForm(mine, { version: String(version), base: "{not json" }));
    expect(outcome.status).toBe(409);
    const { draft: merged, clashes } = answer(outcome);
    expect(merged?.sections.map((s) => s.weight).slice(0, 4)).toEqual(["10", "15", "25", "14"]);
    // Neither side can be told from the other: both differences are marked, mine kept.
    expect(clashes?.map((c) => c.field)).toEqual([
      `s:${draft.sections[1].key}.weight`,
      `s:${draft.sections[3].key}.weight`,
    ]);
  });

  it("serialises concurrent saves from the same version: exactly one wins", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, (_, n) => {
        const d = structuredClone(draft);
        d.sections[1].weight = String(16 + n);
        return saveTemplate(
          { userId: w.buyerAdmin.userId, organisationId: w.buyer.id },
          id,
          version,
          getTemplateChecklist(d),
        );
      }),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const a of attempts.filter((x) => x.status === "rejected")) {
      expect((a as PromiseRejectedResult).reason).toBeInstanceOf(TemplateConflict);
    }
    expect((await getTemplate(w.buyer.id, id))?.version).toBe(version + 1);
  });

  it("creates a template from an empty start only once it is valid", async () => {
    const cookie = await sessionCookie(w.buyerAdmin);
    const loaded = await callLoader(newRoute.loader, { path: "/templates/new", cookie });
    const { draft, idempotencyKey } = loaded.data as { draft: ChecklistDraft; idempotencyKey: string };
    const empty = await callAction(newRoute.action, {
      path: "/templates/new",
      cookie,
      form: checklistForm(draft, { _idempotency: idempotencyKey }),
    });
    expect(empty.status).toBe(400);
    expect(Object.keys(answer(empty).errors ?? {})).toEqual(
      expect.arrayContaining(["name", `s:${draft.sections[0].key}.name`]),
    );
    draft.name = "Quick security screen";
    draft.sections[0].name = "Security";
    Object.assign(draft.sections[0].criteria[0], {
      name: "Security review",
      question: "Does the partner accept our security review?",
      rubric: { low: "Refuses.", middle: "Accepts with exceptions.", high: "Accepts in full." },
      knockout: "3",
    });
    const created = await callAction(newRoute.action, {
      path: "/templates/new",
      cookie,
      form: checklistForm(draft, { _idempotency: idempotencyKey }),
    });
    expect(created.status).toBe(302);
    const id = /^\/templates\/([0-9a-f-]{36})\?saved=created$/.exec(created.location ?? "")?.[1];
    const template = await getTemplate(w.buyer.id, id!);
    expect(template?.checklist.sections[0].criteria[0]).toMatchObject({ knockout: 3, max: 5 });
  });
});

describe("round trips of template edits", () => {
  /** Saves a draft through the editor's action, then reads back the stored template and the audit event. */
  async function saveAndReload(id: string, draft: ChecklistDraft, version: number) {
    const outcome = await save(
      id,
      checklistForm(draft, { version: String(version), base: JSON.stringify(draft) }),
    );
    expect(outcome.status).toBe(302);
    const stored = (await getTemplate(w.buyer.id, id))!;
    const editor = await callLoader(editRoute.loader, {
      path: `/templates/${id}/edit`,
      params: { templateId: id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    const event = (await auditActions(id)).at(-1)!;
    return { stored, reloaded: (editor.data as { draft: ChecklistDraft }).draft, event };
  }

  it("stores a numeric criterion's unit, direction and profile field, and changes them", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    draft.sections[4].criteria.push({
      key: "new-p1",
      name: "P1 response time",
      question: "How fast does the partner respond to a P1 incident?",
      kind: "numeric",
      weight: "1",
      max: "10",
      rubric: { low: "", middle: "", high: "" },
      knockout: "",
      suggestionRule: "",
      unit: "minutes",
      direction: "lower",
      profileField: "p1_response_minutes",
    });
    const dayRate = draft.sections[7].criteria[0];
    dayRate.unit = "EUR per day";
    dayRate.direction = "higher";
    const first = await saveAndReload(id, draft, version);
    const added = first.stored.checklist.sections[4].criteria.at(-1)!;
    expect(added).toEqual({
      key: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "P1 response time",
      question: "How fast does the partner respond to a P1 incident?",
      kind: "numeric",
      weight: 1,
      max: 10,
      rubric: { low: "", middle: "", high: "" },
      knockout: null,
      suggestionRule: null,
      unit: "minutes",
      direction: "lower",
      profileField: "p1_response_minutes",
    });
    expect(first.stored.checklist.sections[7].criteria[0]).toMatchObject({
      unit: "EUR per day",
      direction: "higher",
      profileField: null,
    });
    // The editor shows it again as it was typed.
    expect(first.reloaded.sections[4].criteria.at(-1)).toMatchObject({
      kind: "numeric",
      max: "10",
      unit: "minutes",
      direction: "lower",
      profileField: "p1_response_minutes",
    });
    expect(first.event.after).toMatchObject({
      version: version + 1,
      criteria: 30,
      changes: [
        "Section “Post-deployment support”: added criterion “P1 response time” (numeric, weight 1).",
        "“Blended day rate” in “Commercials”: unit USD per day → EUR per day.",
        "“Blended day rate” in “Commercials”: higher values are now better.",
      ],
    });

    // Another profile field, unit and direction on the stored criterion.
    const again = first.reloaded;
    const p1 = again.sections[4].criteria.at(-1)!;
    Object.assign(p1, { profileField: "p1_resolution_hours", unit: "hours", direction: "higher" });
    const second = await saveAndReload(id, again, version + 1);
    expect(second.stored.checklist.sections[4].criteria.at(-1)).toMatchObject({
      key: added.key,
      unit: "hours",
      direction: "higher",
      profileField: "p1_resolution_hours",
    });
    expect(second.event.after).toMatchObject({
      version: version + 2,
      changes: [
        "“P1 response time” in “Post-deployment support”: unit minutes → hours.",
        "“P1 response time” in “Post-deployment support”: higher values are now better.",
        "“P1 response time” in “Post-deployment support”: profile field P1 response (minutes) → P1 resolution (hours).",
      ],
    });
  });

  it("stores a new suggestion rule and a new maximum, the rubric's levels following the scale", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    const tier = draft.sections[0].criteria[0];
    tier.suggestionRule = "provider_breadth";
    tier.max = "10";
    const live = draft.sections[2].criteria[3];
    live.suggestionRule = "";
    live.knockout = "2";
    const { stored, reloaded, event } = await saveAndReload(id, draft, version);
    expect(stored.checklist.sections[0].criteria[0]).toMatchObject({
      key: tier.key,
      suggestionRule: "provider_breadth",
      max: 10,
    });
    expect(stored.checklist.sections[2].criteria[3]).toMatchObject({ suggestionRule: null, knockout: 2 });
    expect(reloaded.sections[0].criteria[0]).toMatchObject({ suggestionRule: "provider_breadth", max: "10" });
    expect(event.after).toMatchObject({
      version: version + 1,
      changes: [
        "“Network tier” in “Partner standing and certification”: maximum 5 → 10.",
        "“Network tier” in “Partner standing and certification”: suggestion rule Network tier → Provider breadth.",
        "“In production and operated after go-live” in “Reference deployments”: knockout 1 → 2.",
      ],
    });
    // The template page shows the rubric on the new scale: 0, 5 and 10.
    const view = await callLoader(viewRoute.loader, {
      path: `/templates/${id}`,
      params: { templateId: id },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    const shown = (view.data as { template: { checklist: typeof stored.checklist } }).template.checklist;
    expect(shown.sections[0].criteria[0].max).toBe(10);
  });

  it("stores a removal and a reorder, keeping the ids of what stayed", async () => {
    const id = await copyBuiltIn();
    const { draft, version } = await draftOf(id);
    const [standing, specializations] = draft.sections;
    const commercials = draft.sections[7];
    const dropped = draft.sections[5].criteria[2];
    draft.sections = [specializations, standing, ...draft.sections.slice(2, 7)];
    draft.sections[5].criteria.splice(2, 1);
    const support = draft.sections[4];
    support.criteria = [support.criteria[1], support.criteria[0], ...support.criteria.slice(2)];
    const { stored, reloaded, event } = await saveAndReload(id, draft, version);
    expect(stored.checklist.sections.map((s) => s.key)).toEqual(draft.sections.map((s) => s.key));
    expect(stored.checklist.sections.map((s) => s.name)).not.toContain("Commercials");
    expect(stored.checklist.sections[4].criteria.map((c) => c.key)).toEqual(
      support.criteria.map((c) => c.key),
    );
    expect(stored.checklist.sections[5].criteria.map((c) => c.key)).not.toContain(dropped.key);
    expect(reloaded.sections.map((s) => s.key)).toEqual(draft.sections.map((s) => s.key));
    const [{ n }] = await getDb()
      .select({ n: count() })
      .from(templateCriteria)
      .where(eq(templateCriteria.templateId, id));
    expect(n).toBe(27);
    expect(event.after).toEqual({
      name: draft.name,
      sections: 7,
      criteria: 27,
      version: version + 1,
      changes: [
        `Removed section “${commercials.name}”.`,
        "Reordered the sections.",
        `Removed criterion “${dropped.name}” from “Security, data and governance”.`,
        "Section “Post-deployment support”: reordered the criteria.",
      ],
    });
  });
});

describe("viewing and deleting", () => {
  it("shows every criterion's effective weight", async () => {
    const outcome = await callLoader(viewRoute.loader, {
      path: "/templates/builtin",
      params: { templateId: "builtin" },
      cookie: await sessionCookie(w.buyerAdmin),
    });
    const { shares, template } = outcome.data as {
      shares: { criteria: Record<string, number>; sections: Record<string, number> };
      template: { builtIn: boolean };
    };
    expect(template.builtIn).toBe(true);
    const tier = BUILT_IN_CHECKLIST.sections[0].criteria[0].key;
    // Partner standing: 10 of 100, network tier 3 of 9 in its section.
    expect(shares.criteria[tier]).toBeCloseTo((10 / 100) * (3 / 9), 12);
    expect(shares.sections[BUILT_IN_CHECKLIST.sections[7].key]).toBe(0);
    expect(Object.values(shares.criteria).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it.each(["builtin", "builtin-v2"])(
    "never edits or deletes the built-in checklist (%s)",
    async (templateId) => {
      const cookie = await sessionCookie(w.buyerAdmin);
      const edit = await callLoader(editRoute.loader, {
        path: `/templates/${templateId}/edit`,
        params: { templateId },
        cookie,
      });
      expect(edit.status).toBe(404);
      const del = await callAction(viewRoute.action, {
        path: `/templates/${templateId}`,
        params: { templateId },
        cookie,
        form: { intent: "delete", version: "1" },
      });
      expect(del.status).toBe(404);
    },
  );

  it("deletes a template in one audited step, refusing a stale version", async () => {
    const id = await copyBuiltIn();
    const cookie = await sessionCookie(w.buyerAdmin);
    const stale = await callAction(viewRoute.action, {
      path: `/templates/${id}`,
      params: { templateId: id },
      cookie,
      form: { intent: "delete", version: "0" },
    });
    expect(stale.status).toBe(409);
    const done = await callAction(viewRoute.action, {
      path: `/templates/${id}`,
      params: { templateId: id },
      cookie,
      form: { intent: "delete", version: "1" },
    });
    expect(done).toMatchObject({ status: 302, location: "/templates" });
    expect(await getTemplate(w.buyer.id, id)).toBeNull();
    const [{ n }] = await getDb()
      .select({ n: count() })
      .from(templateSections)
      .where(eq(templateSections.templateId, id));
    expect(n).toBe(0);
    expect((await auditActions(id)).map((e) => e.action)).toEqual(["template.created", "template.deleted"]);
  });
});

function getTemplateChecklist(draft: ChecklistDraft) {
  const { checklist, messages } = fromDraft(draft);
  expect(messages).toEqual([]);
  return checklist;
}
