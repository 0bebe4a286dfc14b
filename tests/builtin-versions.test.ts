// The built-in checklist's versions in use (docs/product.md "Built-in checklist, version 2"): "Copy and edit" and new
// evaluations start from version 2; version 1 stays readable, listed as superseded, and can still be copied; what was
// copied from version 1 never changes. Through the real loaders and actions, on a real database.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_CHECKLIST } from "../app/domain/builtin-checklist";
import { BUILT_IN_CHECKLIST_V2 } from "../app/domain/builtin-checklist-v2";
import type { BuiltInEdition } from "../app/domain/builtin-versions";
import type { Checklist } from "../app/domain/checklist";
import { getEvaluationChecklist } from "../app/models/evaluation.server";
import { getTemplate } from "../app/models/template.server";
import * as newEvaluationRoute from "../app/routes/evaluations.new";
import * as listRoute from "../app/routes/templates._index";
import * as viewRoute from "../app/routes/templates.$templateId._index";
import { getDb } from "../db/client";
import { auditEvents, evaluations } from "../db/schema";
import { createWorld, sessionCookie } from "./factories";
import { callAction, callLoader } from "./remix";

const V1_LABEL = "AI implementation partner due diligence (version 1)";
const V2_LABEL = "AI implementation partner due diligence (version 2)";

let w: Awaited<ReturnType<typeof createWorld>>;
let cookie: string;

beforeAll(async () => {
  w = await createWorld();
  cookie = await sessionCookie(w.buyerAdmin);
});

/** Sections and criteria without their keys (a copy's rows get ids of their own). */
const content = (c: Checklist) =>
  c.sections.map((s) => ({ ...s, key: "", criteria: s.criteria.map((x) => ({ ...x, key: "" })) }));

async function copy(source: string): Promise<string> {
  const outcome = await callAction(listRoute.action, {
    path: "/templates?index",
    cookie,
    form: {
      intent: "copy",
      source,
      name: `Ours from ${source}`,
      description: "",
      _idempotency: randomUUID(),
    },
  });
  expect(outcome.status).toBe(302);
  return /^\/templates\/([0-9a-f-]{36})\/edit$/.exec(outcome.location ?? "")![1];
}

async function newEvaluation(template?: string): Promise<string> {
  const outcome = await callAction(newEvaluationRoute.action, {
    path: "/evaluations/new",
    cookie,
    form: {
      name: `On ${template ?? "the default"}`,
      ...(template ? { template } : {}),
      _idempotency: randomUUID(),
    },
  });
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  return /^\/evaluations\/([0-9a-f-]{36})$/.exec(outcome.location ?? "")![1];
}

async function page(templateId: string) {
  const outcome = await callLoader(viewRoute.loader, {
    path: `/templates/${templateId}?copy`,
    params: { templateId },
    cookie,
  });
  expect(outcome.status).toBe(200);
  return outcome.data as {
    template: { builtIn: boolean; label: string; checklist: Checklist };
    edition: BuiltInEdition | null;
    copy: { source: string; sourceName: string; values: { name: string } };
  };
}

describe("the built-in checklist's versions", () => {
  it("lists version 2 as the built-in checklist and version 1 as superseded, both to read and to copy", async () => {
    const outcome = await callLoader(listRoute.loader, { path: "/templates", cookie });
    const data = outcome.data as {
      builtIn: { id: string; version: number; label: string; supersededBy: number | null };
      superseded: { id: string; version: number; label: string; supersededBy: number | null }[];
    };
    expect(data.builtIn).toMatchObject({ id: "builtin-v2", version: 2, label: V2_LABEL, supersededBy: null });
    expect(data.superseded).toMatchObject([{ id: "builtin", version: 1, label: V1_LABEL, supersededBy: 2 }]);
    const opened = await callLoader(listRoute.loader, { path: "/templates?copy=builtin", cookie });
    expect((opened.data as { copy: unknown }).copy).toMatchObject({
      source: "builtin",
      sourceName: V1_LABEL,
    });
  });

  it("shows version 1 as superseded by version 2, and both pages say what changed and why", async () => {
    const v1 = await page("builtin");
    expect(v1.template.checklist).toEqual(BUILT_IN_CHECKLIST);
    expect(v1.edition).toMatchObject({ version: 1, supersededBy: { id: "builtin-v2", version: 2 } });
    expect(v1.copy).toMatchObject({ source: "builtin", sourceName: V1_LABEL });
    const v2 = await page("builtin-v2");
    expect(v2.template.checklist).toEqual(BUILT_IN_CHECKLIST_V2);
    expect(v2.edition).toMatchObject({
      version: 2,
      supersededBy: null,
      supersedes: { id: "builtin", version: 1 },
    });
    expect(v2.copy.values.name).toBe(`Copy of ${V2_LABEL}`);
    for (const { edition } of [v1, v2]) {
      expect(edition?.changes.reason).toMatch(/NIST AI Risk Management Framework.*OWASP.*ISO\/IEC 42001/);
      expect(edition?.changes.added.map((a) => a.criterion)).toHaveLength(5);
    }
    // One of the buyer's own templates is no version of anything.
    expect((await page(await copy("builtin-v2"))).edition).toBeNull();
  });

  it("copies each version as it is, recording which version it came from", async () => {
    for (const [source, checklist, label] of [
      ["builtin", BUILT_IN_CHECKLIST, V1_LABEL],
      ["builtin-v2", BUILT_IN_CHECKLIST_V2, V2_LABEL],
    ] as const) {
      const id = await copy(source);
      const stored = await getTemplate(w.buyer.id, id);
      expect(stored?.copiedFrom).toBe(label);
      expect(content(stored!.checklist)).toEqual(content(checklist));
      const [event] = await getDb()
        .select({ after: auditEvents.after })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "template.created")));
      expect(event.after).toMatchObject({ copiedFrom: label, criteria: source === "builtin" ? 29 : 34 });
    }
  });

  it("leaves a template copied from version 1 as it was, whatever is made from version 2", async () => {
    const id = await copy("builtin");
    const before = await getTemplate(w.buyer.id, id);
    await copy("builtin-v2");
    await newEvaluation("builtin-v2");
    expect(await getTemplate(w.buyer.id, id)).toEqual(before);
    expect(content(before!.checklist)).toEqual(content(BUILT_IN_CHECKLIST));
  });

  it("starts new evaluations from version 2, offering version 1 as superseded", async () => {
    const outcome = await callLoader(newEvaluationRoute.loader, { path: "/evaluations/new", cookie });
    const data = outcome.data as { defaultTemplate: string; templates: { value: string; label: string }[] };
    expect(data.defaultTemplate).toBe("builtin-v2");
    expect(data.templates.slice(0, 2)).toEqual([
      { value: "builtin-v2", label: "AI implementation partner due diligence (built in, version 2)" },
      {
        value: "builtin",
        label: "AI implementation partner due diligence (built in, version 1, superseded)",
      },
    ]);
  });

  it("gives an evaluation the frozen copy of the version chosen, named with its version", async () => {
    for (const [template, checklist, label] of [
      ["builtin-v2", BUILT_IN_CHECKLIST_V2, V2_LABEL],
      ["builtin", BUILT_IN_CHECKLIST, V1_LABEL],
    ] as const) {
      const id = await newEvaluation(template);
      const [row] = await getDb().select().from(evaluations).where(eq(evaluations.id, id));
      expect(row.templateName).toBe(label);
      expect(content(await getEvaluationChecklist(row))).toEqual(content(checklist));
    }
  });
});
