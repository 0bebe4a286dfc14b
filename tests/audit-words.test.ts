// The audit log in words: every action the code writes has a sentence, the page shows no id, and its links open.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addCandidate, assignEvaluator } from "../app/models/evaluation-participants.server";
import { moveStatus } from "../app/models/evaluation-setup.server";
import * as auditRoute from "../app/routes/audit._index";
import * as auditCsvRoute from "../app/routes/audit[.]csv";
import { DESCRIBED_ACTIONS } from "../app/utils/audit-words";
import { possessive } from "../app/utils/format";
import { getDb } from "../db/client";
import {
  auditEvents,
  checklistTemplates,
  evaluationCriteria,
  evaluations,
  evidence,
  evidenceRequests,
  evidenceVersions,
  invitations,
  memberships,
} from "../db/schema";
import { eventsFor, listedActions, ROUTES } from "./audit-words-events";
import { createBuiltInEvaluation, createMember, createOrganisation, sessionCookie } from "./factories";
import { callLoader } from "./remix";

const KNOWN_PREFIXES =
  /^(organisation|membership|invitation|password_reset|user|session|template|evaluation|score|evidence_request|numeric_value|consensus|evidence|partner_invitation|questionnaire)\.[a-z_]+$/;

/**
 * Every action string the code writes, read off app/models and scripts/seed: each literal of a known prefix, and
 * each profile section's three actions (`profile.${section}.${verb}` in app/models/profile/write.server.ts).
 */
function actionsInSource(): Set<string> {
  const found = new Set<string>(["profile.facts.updated"]);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) {
        const text = readFileSync(path, "utf8");
        for (const m of text.matchAll(/"([a-z_]+\.[a-z_]+)"/g))
          if (KNOWN_PREFIXES.test(m[1])) found.add(m[1]);
        for (const m of text.matchAll(/(?:noun|section): "([a-z_]+)"/g)) {
          for (const verb of ["created", "updated", "deleted"]) found.add(`profile.${m[1]}.${verb}`);
        }
      }
    }
  };
  walk(join(import.meta.dirname, "../app/models"));
  walk(join(import.meta.dirname, "../scripts/seed"));
  return found;
}

/** The ids of the world the events are about: real rows, so links can be opened. */
async function world() {
  const buyer = await createOrganisation("buyer", "Southern Cross Mutual");
  const partner = await createOrganisation("partner", "Bluegum Digital");
  const priya = await createMember(buyer, "admin", "Priya Raman");
  const tom = await createMember(buyer, "evaluator", "Tom Okafor");
  const ava = await createMember(partner, "admin", "Ava Lindqvist");
  const db = getDb();
  const { id: evaluationId } = await createBuiltInEvaluation(priya, "Store associate search");
  const candidateId = await addCandidate(priya, evaluationId, partner.id);
  await assignEvaluator(priya, evaluationId, tom.userId);
  const [{ version }] = await db
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, evaluationId));
  await moveStatus(priya, evaluationId, version, "scoring");
  const [criterion] = await db
    .select({ id: evaluationCriteria.id, name: evaluationCriteria.name, max: evaluationCriteria.max })
    .from(evaluationCriteria)
    .where(
      and(
        eq(evaluationCriteria.evaluationId, evaluationId),
        eq(evaluationCriteria.name, "Outcomes measured against a stated baseline"),
      ),
    );
  const [template] = await db
    .insert(checklistTemplates)
    .values({ organisationId: buyer.id, name: "Insurer due diligence", createdByUserId: priya.userId })
    .returning({ id: checklistTemplates.id });
  const [item] = await db
    .insert(evidence)
    .values({
      organisationId: partner.id,
      claimKind: "certification",
      title: "ISO 27001 certificate",
      kind: "file",
    })
    .returning({ id: evidence.id });
  const [version1] = await db
    .insert(evidenceVersions)
    .values({
      evidenceId: item.id,
      organisationId: partner.id,
      number: 1,
      fileName: "iso.pdf",
      sizeBytes: 20480,
    })
    .returning({ id: evidenceVersions.id });
  await db.update(evidence).set({ currentVersionId: version1.id }).where(eq(evidence.id, item.id));
  const [request] = await db
    .insert(evidenceRequests)
    .values({
      organisationId: buyer.id,
      evaluationId,
      candidateId,
      criterionId: criterion.id,
      partnerId: partner.id,
      message: "Please share the baseline report.",
      dueOn: "2026-12-01",
      createdByUserId: tom.userId,
    })
    .returning({ id: evidenceRequests.id });
  const [invite] = await db
    .insert(invitations)
    .values({
      organisationId: buyer.id,
      email: "sam@scmutual.example",
      role: "evaluator",
      tokenHash: randomUUID(),
      createdByUserId: priya.userId,
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning({ id: invitations.id });
  const membershipOf = async (userId: string) =>
    (await db.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, userId)))[0].id;
  return {
    buyer,
    partner,
    priya,
    tom,
    ava,
    evaluationId,
    candidateId,
    criterion,
    templateId: template.id,
    evidenceId: item.id,
    versionId: version1.id,
    requestId: request.id,
    invitationId: invite.id,
    tomMembership: await membershipOf(tom.userId),
  };
}

interface Row {
  when: string;
  at: string;
  who: string;
  label: string;
  parts: { text: string; href: string | null }[];
  changes: string[];
}

async function allRows(cookie: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let page = 1; ; page++) {
    const res = await callLoader(auditRoute.loader, { path: `/audit?page=${page}`, cookie });
    expect(res.status).toBe(200);
    const d = res.data as { events: Row[]; pages: number };
    rows.push(...d.events);
    if (page >= d.pages) return rows;
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}/i;
const HEX_FRAGMENT = /(?<![0-9a-z])[0-9a-f]{8}(?![0-9a-z])/i;

describe("the audit log in words", () => {
  // One world and one event of every kind for the whole file (organisation names are unique).
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world();
    await getDb().insert(auditEvents).values(eventsFor(w));
  });

  it("has a sentence for every action the code writes", () => {
    const inSource = actionsInSource();
    const listed = new Set(listedActions());
    expect(inSource.size).toBeGreaterThan(60);
    for (const action of inSource)
      expect(listed, `${action} is written but not in the test's list`).toContain(action);
    for (const action of listed) expect(DESCRIBED_ACTIONS, `${action} has no sentence`).toContain(action);
  });

  it("renders one event of every kind as a sentence with no id, and every link opens", async () => {
    const written = await getDb().selectDistinct({ action: auditEvents.action }).from(auditEvents);
    for (const action of listedActions()) {
      expect(written.map((r) => r.action)).toContain(action);
    }
    const viewers = [
      { admin: w.priya, cookie: await sessionCookie(w.priya) },
      { admin: w.ava, cookie: await sessionCookie(w.ava) },
    ];
    const hrefs = new Map<string, string>();
    for (const { cookie } of viewers) {
      const rows = await allRows(cookie);
      expect(rows.length).toBeGreaterThan(10);
      for (const row of rows) {
        const visible = [row.when, row.who, row.label, ...row.parts.map((p) => p.text), ...row.changes];
        const sentence = row.parts.map((p) => p.text).join("");
        expect(sentence, JSON.stringify(row)).not.toMatch(/made a change/);
        expect(sentence.length).toBeGreaterThan(10);
        for (const text of visible) {
          expect(text, sentence).not.toMatch(UUID);
          expect(text, sentence).not.toMatch(HEX_FRAGMENT);
          expect(text).not.toMatch(/[{}]|\[object/);
        }
        for (const p of row.parts) if (p.href) hrefs.set(p.href, cookie);
      }
    }
    // Every link leads to a page the admin who reads it may open.
    expect(hrefs.size).toBeGreaterThan(8);
    for (const [href, cookie] of hrefs) {
      const route = ROUTES.find((r) => r.pattern.test(href));
      expect(route, `no route for ${href}`).toBeDefined();
      const params = route!.params(href);
      const res = await callLoader((await route!.module()).loader, { path: href, params, cookie });
      expect(res.status, href).toBe(200);
    }
  });

  it("says what happened in the words a person uses, and links what it names", async () => {
    const rows = await allRows(await sessionCookie(w.priya));
    const sentences = rows.map((r) => r.parts.map((p) => p.text).join(""));
    expect(sentences).toContain(
      "Tom Okafor scored Bluegum Digital 4/5 on Outcomes measured against a stated baseline (was 3) in Store associate search",
    );
    expect(sentences).toContain("Priya Raman moved Store associate search to scoring");
    expect(sentences).toContain("Priya Raman invited sam@scmutual.example as evaluator");
    expect(sentences).toContain(
      `Priya Raman changed ${possessive("Tom Okafor")} role from evaluator to viewer`,
    );
    const score = rows.find(
      (r) => r.label === "Score saved" && r.parts.some((p) => p.text === "Bluegum Digital"),
    )!;
    expect(score.parts).toEqual([
      { text: "Tom Okafor", href: `/members/${w.tomMembership}` },
      { text: " scored ", href: null },
      { text: "Bluegum Digital", href: `/evaluations/${w.evaluationId}/compare/${w.candidateId}` },
      { text: " 4/5 on Outcomes measured against a stated baseline (was 3) in ", href: null },
      { text: "Store associate search", href: `/evaluations/${w.evaluationId}` },
    ]);
    expect(score.changes).toEqual(["Justification: “Two references report a measured baseline.”"]);
    // A thing that is gone is named in words, without a link.
    const gone = rows.find((r) => r.parts.some((p) => p.text.includes("a removed evaluation")))!;
    expect(gone.parts.filter((p) => p.href?.startsWith("/evaluations"))).toEqual([]);
    expect(sentences).toContain("Priya Raman removed Sam Security (evaluator) from the organisation");
  });

  it("keeps the ids in their own CSV columns beside the sentence", async () => {
    const res = await callLoader(auditCsvRoute.loader, {
      path: "/audit.csv?action=evaluation.status_changed",
      cookie: await sessionCookie(w.priya),
    });
    const lines = (res.data as string).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("at (UTC),person,e-mail,action,description,entity type,entity id,before,after");
    const moved = lines.find((l) => l.includes("moved Store associate search to scoring"))!;
    expect(moved).toContain(`,evaluation,${w.evaluationId},`);
    expect(moved).toContain("Priya Raman moved Store associate search to scoring. Status: draft → scoring");
  });

  it("resolves names in a fixed number of queries, whatever the number of events", async () => {
    const many = Array.from({ length: 40 }, () => eventsFor(w)).flat();
    const { auditNamesFor } = await import("../app/models/audit-names.server");
    const { listAuditEvents } = await import("../app/models/audit.server");
    const small = await listAuditEvents({ organisationId: w.buyer.id }, 1);
    await getDb().insert(auditEvents).values(many.slice(0, 500));
    const big = await listAuditEvents({ organisationId: w.buyer.id }, 1);
    const count = async (rows: typeof small.rows) => {
      const db = getDb() as unknown as { select: (...a: unknown[]) => unknown };
      const original = db.select;
      let n = 0;
      db.select = function (this: unknown, ...a: unknown[]) {
        n++;
        return original.apply(this, a);
      };
      try {
        await auditNamesFor({ organisationId: w.buyer.id, kind: "buyer" }, rows);
      } finally {
        db.select = original;
      }
      return n;
    };
    const few = await count(small.rows);
    expect(few).toBeLessThanOrEqual(9);
    expect(await count(big.rows)).toBeLessThanOrEqual(9);
    expect(await count([])).toBe(0);
  });
});
