// The event mails (DESIGN.md "Mail and jobs"): a new evidence request to the partner's people, its answer to the
// person who asked, a published debrief to the partner's people. Each is written in the change's transaction, goes to
// the right people once with the link to the page where they read it, never to another organisation, and says no
// more than that page shows its reader.
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { declare } from "../app/models/declarations.server";
import { evaluationFor, getEvaluationChecklist } from "../app/models/evaluation.server";
import {
  addCandidate,
  assignEvaluator,
  unassignEvaluator,
} from "../app/models/evaluation-participants.server";
import { moveStatus } from "../app/models/evaluation-setup.server";
import { answerRequest } from "../app/models/evidence-requests/answer.server";
import { createRequest } from "../app/models/evidence-requests/buyer.server";
import { portalUrl } from "../app/models/mail.server";
import type { Viewer } from "../app/utils/access.server";
import { getDb } from "../db/client";
import {
  evaluationCandidates,
  evaluations,
  evidenceRequests,
  mailMessages,
  organisations,
} from "../db/schema";
import { makeDecided } from "./access-matrix/makers";
import {
  createBuiltInEvaluation,
  createMember,
  createOrganisation,
  createWorld,
  type TestUser,
} from "./factories";

type World = Awaited<ReturnType<typeof createWorld>>;

// 2026-03-10 14:30 UTC is 2026-03-11 01:30 in Sydney, where createWorld's buyers live.
const NOW = new Date("2026-03-10T14:30:00Z");
const EVALUATION_NAME = `Confidential sourcing ${randomUUID().slice(0, 8)}`;

let w: World;
let other: World;
let rival: Awaited<ReturnType<typeof createOrganisation>>;
let rivalAdmin: TestUser;

const actorOf = (u: TestUser) => ({ userId: u.userId, organisationId: u.organisationId });
const viewerOf = (u: TestUser): Viewer => ({
  sessionIdHash: "",
  userId: u.userId,
  email: u.email,
  name: u.name,
  organisationId: u.organisationId,
  orgKind: u.kind,
  orgName: "",
  orgTimeZone: u.kind === "buyer" ? "Australia/Sydney" : "UTC",
  emailConfirmed: true,
  role: u.role,
});

beforeAll(async () => {
  w = await createWorld();
  other = await createWorld();
  rival = await createOrganisation("partner");
  rivalAdmin = await createMember(rival, "admin");
});

/** An evaluation in scoring with the world's partner and a rival as candidates, both evaluators assigned. */
async function scoringEvaluation() {
  const admin = actorOf(w.buyerAdmin);
  const { id } = await createBuiltInEvaluation(admin, EVALUATION_NAME);
  const candidate = await addCandidate(admin, id, w.partner.id);
  await addCandidate(admin, id, rival.id);
  for (const e of [w.evaluator, w.evaluator2]) await assignEvaluator(admin, id, e.userId);
  const [row] = await getDb()
    .select({ version: evaluations.version })
    .from(evaluations)
    .where(eq(evaluations.id, id));
  await moveStatus(admin, id, row.version, "scoring");
  for (const e of [w.evaluator, w.evaluator2]) {
    await declare(actorOf(e), { id }, { conflictCandidateIds: [], note: "" });
  }
  const checklist = await getEvaluationChecklist({ id, name: "" });
  const criterion = checklist.sections[2].criteria[1];
  return { id, candidate, criterion: criterion.key, criterionName: criterion.name };
}

type Setup = Awaited<ReturnType<typeof scoringEvaluation>>;

async function ask(u: TestUser, s: Setup, message = "Please share the case study with its baseline.") {
  const access = await evaluationFor(viewerOf(u), s.id);
  return getDb().transaction((tx) =>
    createRequest(
      tx,
      viewerOf(u),
      access,
      { candidateId: s.candidate, criterionId: s.criterion, message, dueOn: "2026-03-20" },
      NOW,
    ),
  );
}

async function answer(requestId: string, note: string) {
  const [row] = await getDb()
    .select({ version: evidenceRequests.version })
    .from(evidenceRequests)
    .where(eq(evidenceRequests.id, requestId));
  await answerRequest(actorOf(w.partnerMember), requestId, {
    evidenceIds: [],
    note,
    share: false,
    version: row.version,
  });
}

/** The messages of a kind whose text links to `path` (a request's, a debrief's), by recipient. */
async function mailsLinking(kind: string, path: string) {
  const rows = await getDb()
    .select({
      to: mailMessages.toAddress,
      organisationId: mailMessages.organisationId,
      subject: mailMessages.subject,
      text: mailMessages.textBody,
      html: mailMessages.htmlBody,
      unsubscribeUrl: mailMessages.unsubscribeUrl,
    })
    .from(mailMessages)
    .where(eq(mailMessages.kind, kind));
  return rows.filter((r) => r.text?.includes(portalUrl(path)));
}

const everyone = () =>
  [w, other]
    .flatMap((x) => [x.buyerAdmin, x.evaluator, x.evaluator2, x.viewer, x.partnerAdmin, x.partnerMember])
    .concat(rivalAdmin);

describe("an evidence request", () => {
  it("mails the partner's admins and members once, naming the buyer, criterion, message and due date, with the request's link", async () => {
    const s = await scoringEvaluation();
    const { id } = await ask(w.evaluator, s);
    const mails = await mailsLinking("evidence-request", `/requests/${id}`);
    expect(mails.map((m) => m.to).sort()).toEqual([w.partnerAdmin.email, w.partnerMember.email].sort());
    for (const m of mails) {
      expect(m.organisationId).toBe(w.partner.id);
      expect(m.subject).toBe(`${w.buyer.name} asks for evidence: ${s.criterionName}`);
      expect(m.text).toContain(
        `${w.buyer.name} asks ${w.partner.name} for evidence on “${s.criterionName}”, due 20 Mar 2026 (Australia/Sydney time).`,
      );
      expect(m.text).toContain("Their message: “Please share the case study with its baseline.”");
      expect(m.text).toContain(`Answer the request:\n${portalUrl(`/requests/${id}`)}`);
      expect(m.text).toContain(`Sent by PartnerLens on behalf of ${w.buyer.name}.`);
      expect(m.unsubscribeUrl).toMatch(/\/unsubscribe\/[^/]+\.evidence-requests\.[^/]+$/);
      expect(m.text).toContain(`Stop mail about evidence requests: ${m.unsubscribeUrl}`);
      // Nothing a partner does not see: the evaluation, the other candidates, who asked.
      for (const secret of [EVALUATION_NAME, rival.name, w.evaluator.name]) {
        expect(m.text).not.toContain(secret);
        expect(m.html).not.toContain(secret);
      }
    }
    const others = await getDb()
      .select({ to: mailMessages.toAddress })
      .from(mailMessages)
      .where(
        and(
          eq(mailMessages.kind, "evidence-request"),
          inArray(
            mailMessages.toAddress,
            everyone()
              .filter((u) => u.organisationId !== w.partner.id)
              .map((u) => u.email),
          ),
        ),
      );
    expect(others).toEqual([]);
  });

  it("mails nothing when the request rolls back", async () => {
    const s = await scoringEvaluation();
    const message = `Rolled back ${randomUUID()}`;
    const access = await evaluationFor(viewerOf(w.buyerAdmin), s.id);
    await expect(
      getDb().transaction(async (tx) => {
        await createRequest(
          tx,
          viewerOf(w.buyerAdmin),
          access,
          { candidateId: s.candidate, criterionId: s.criterion, message, dueOn: "2026-03-20" },
          NOW,
        );
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const rows = await getDb()
      .select({ text: mailMessages.textBody })
      .from(mailMessages)
      .where(eq(mailMessages.kind, "evidence-request"));
    expect(rows.filter((r) => r.text?.includes(message))).toEqual([]);
  });
});

describe("an answer to an evidence request", () => {
  it("mails the person who asked once, with the link to the candidate's scoring page, and nobody else", async () => {
    const s = await scoringEvaluation();
    const { id } = await ask(w.evaluator, s);
    await answer(id, "We cannot share the report; our profile lists the audit.");
    const path = `/evaluations/${s.id}/candidates/${s.candidate}#request-${id}`;
    const mails = await mailsLinking("evidence-answer", path);
    expect(mails.map((m) => m.to)).toEqual([w.evaluator.email]);
    const [m] = mails;
    expect(m.organisationId).toBe(w.buyer.id);
    expect(m.subject).toBe(`${w.partner.name} answered your evidence request: ${s.criterionName}`);
    expect(m.text).toContain(
      `${w.partner.name} answered your request for evidence on “${s.criterionName}” in the evaluation “${EVALUATION_NAME}”.`,
    );
    expect(m.text).toContain(`Read the answer:\n${portalUrl(path)}`);
    expect(m.text).toContain(`Sent by PartnerLens on behalf of ${w.partner.name}.`);
    expect(m.unsubscribeUrl).toMatch(/\.evidence-answers\.[^/]+$/);

    // Answering again replaces the answer: no second message.
    await answer(id, "Here is a better note.");
    expect(await mailsLinking("evidence-answer", path)).toHaveLength(1);
    const all = await getDb()
      .select({ to: mailMessages.toAddress })
      .from(mailMessages)
      .where(eq(mailMessages.kind, "evidence-answer"));
    const outsiders = everyone()
      .filter((u) => u.userId !== w.evaluator.userId)
      .map((u) => u.email);
    expect(all.filter((r) => outsiders.includes(r.to))).toEqual([]);
  });

  it("mails nobody when the person who asked may no longer read it there", async () => {
    const s = await scoringEvaluation();
    const { id } = await ask(w.evaluator2, s);
    await unassignEvaluator(actorOf(w.buyerAdmin), s.id, w.evaluator2.userId);
    await answer(id, "Answered after the asker left the evaluation.");
    expect(await mailsLinking("evidence-answer", `/evaluations/${s.id}/candidates/${s.candidate}`)).toEqual(
      [],
    );
  });
});

describe("a published debrief", () => {
  it("mails the partner's admins and members once, naming the buyer only, with the debrief's link", async () => {
    const decided = await makeDecided(w);
    const path = `/requests/debriefs/${decided.debriefId}`;
    const mails = await mailsLinking("debrief", path);
    expect(mails.map((m) => m.to).sort()).toEqual([w.partnerAdmin.email, w.partnerMember.email].sort());
    const [chosen] = await getDb()
      .select({ name: organisations.name, evaluation: evaluations.name })
      .from(evaluationCandidates)
      .innerJoin(organisations, eq(organisations.id, evaluationCandidates.partnerId))
      .innerJoin(evaluations, eq(evaluations.id, evaluationCandidates.evaluationId))
      .where(eq(evaluationCandidates.id, decided.chosenId));
    for (const m of mails) {
      expect(m.organisationId).toBe(w.partner.id);
      expect(m.subject).toBe(`${w.buyer.name} published a debrief for ${w.partner.name}`);
      expect(m.text).toContain(`Read the debrief:\n${portalUrl(path)}`);
      expect(m.text).toContain(`Sent by PartnerLens on behalf of ${w.buyer.name}.`);
      expect(m.unsubscribeUrl).toMatch(/\.debriefs\.[^/]+$/);
      // Neither the evaluation, the partner chosen, who decided, nor the debrief's text (read behind sign-in).
      for (const secret of [
        chosen.evaluation,
        chosen.name,
        w.buyerAdmin.name,
        "Thank you for taking part.",
      ]) {
        expect(m.text).not.toContain(secret);
      }
    }
    const outsiders = everyone()
      .filter((u) => u.organisationId !== w.partner.id)
      .map((u) => u.email);
    const all = await getDb()
      .select({ to: mailMessages.toAddress })
      .from(mailMessages)
      .where(eq(mailMessages.kind, "debrief"));
    expect(all.filter((r) => outsiders.includes(r.to))).toEqual([]);
  });
});
