// The access matrix, checklist templates: the list (and copying), a new template, a template's page (and
// deleting it), editing it.

import { randomUUID } from "node:crypto";
import { BUILT_IN_CHECKLIST } from "../../../app/domain/builtin-checklist";
import { toDraft } from "../../../app/domain/checklist-draft";
import { getTemplate } from "../../../app/models/template.server";
import { checklistForm } from "../../checklist-form";
import { makeTemplate } from "../makers";
import { BUYER_ADMIN_OBJECT, buyerPage } from "../rows";
import type { Matrix } from "../types";

// Written by hand from docs/product.md "Access rules". Keep one entry per route id of the manifest, in one slice only.
export const TEMPLATES: Matrix = {
  "routes/templates._index": {
    loader: [{ path: () => "/templates", expect: buyerPage({ evaluator: 403, viewer: 403 }) }],
    // Copying one of the buyer's own templates: another buyer's admin cannot name it.
    action: [
      {
        owner: "buyer",
        path: () => "/templates?index",
        changes: ["buyerAdmin"],
        body: (w) => ({ intent: "copy", source: w.templateId, name: "Our copy", _idempotency: randomUUID() }),
        expect: { ...BUYER_ADMIN_OBJECT, buyerAdmin: 302 },
      },
    ],
  },
  "routes/templates.new": {
    loader: [{ path: () => "/templates/new", expect: buyerPage({ evaluator: 403, viewer: 403 }) }],
    // Any buyer admin creates templates of its own organisation.
    action: [
      {
        path: () => "/templates/new",
        changes: ["buyerAdmin", "outsider"],
        body: () =>
          checklistForm(
            { ...toDraft(BUILT_IN_CHECKLIST), name: `New ${randomUUID().slice(0, 8)}` },
            { _idempotency: randomUUID() },
          ),
        expect: buyerPage({ buyerAdmin: 302, outsider: 302, evaluator: 403, viewer: 403 }),
      },
    ],
  },
  "routes/templates.$templateId._index": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/templates/${w.templateId}`,
        params: (w) => ({ templateId: w.templateId }),
        mustNotShow: (w) => [w.templateId],
        expect: BUYER_ADMIN_OBJECT,
      },
      // The built-in checklist: every buyer's admins read it.
      {
        path: () => "/templates/builtin",
        params: () => ({ templateId: "builtin" }),
        expect: buyerPage({ evaluator: 403, viewer: 403 }),
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/templates/${w.nextId}`,
        params: (w) => ({ templateId: w.nextId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          w.nextId = await makeTemplate(w);
          return { intent: "delete", version: "1" };
        },
        expect: { ...BUYER_ADMIN_OBJECT, buyerAdmin: 302 },
      },
    ],
  },
  "routes/templates.$templateId.edit": {
    loader: [
      {
        owner: "buyer",
        path: (w) => `/templates/${w.templateId}/edit`,
        params: (w) => ({ templateId: w.templateId }),
        expect: BUYER_ADMIN_OBJECT,
      },
    ],
    action: [
      {
        owner: "buyer",
        path: (w) => `/templates/${w.templateId}/edit`,
        params: (w) => ({ templateId: w.templateId }),
        changes: ["buyerAdmin"],
        body: async (w) => {
          const t = await getTemplate(w.buyer.id, w.templateId);
          const draft = toDraft(t!.checklist);
          draft.name = `Renamed ${randomUUID().slice(0, 8)}`;
          return checklistForm(draft, { version: String(t!.version) });
        },
        expect: { ...BUYER_ADMIN_OBJECT, buyerAdmin: 302 },
      },
      // A stale save answers with the saved template merged in: only to its own admins; it saves nothing.
      {
        owner: "buyer",
        path: (w) => `/templates/${w.templateId}/edit`,
        params: (w) => ({ templateId: w.templateId }),
        changes: [],
        body: async (w) => {
          const draft = toDraft((await getTemplate(w.buyer.id, w.templateId))!.checklist);
          return checklistForm(draft, { version: "0", base: JSON.stringify(draft) });
        },
        expect: { ...BUYER_ADMIN_OBJECT, buyerAdmin: 409 },
      },
    ],
  },
};
