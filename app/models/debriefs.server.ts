// Debriefs: after a decision, the buyer writes once to each candidate not chosen, with its own section scores as the
// decision froze them if it chooses; the only part of an evaluation a partner ever reads.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { debriefs, decisions, organisations } from "../../db/schema";
import { type ExportInput, resultsOf } from "../domain/comparison-export";
import { debriefNotice } from "../mail/notice-messages";
import { NotFound, RuleRefused } from "../utils/errors.server";
import { type Actor, recordAudit } from "./audit.server";
import type { DebriefInput } from "./decision-forms.server";
import { portalUrl } from "./mail.server";
import { membersOf } from "./mail-preferences.server";
import { isUuid } from "./member.server";
import { notify } from "./notify.server";

/**
 * Publishes a debrief to a candidate not chosen, with its own section scores as the decision froze them when the
 * buyer shares them; once per candidate. Audited, inside `tx`.
 */
export async function publishDebrief(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  input: DebriefInput,
  now = new Date(),
) {
  const [decision] = await tx
    .select({ chosen: decisions.chosenCandidateIds, record: decisions.record })
    .from(decisions)
    .where(and(eq(decisions.evaluationId, evaluationId), eq(decisions.organisationId, actor.organisationId)));
  if (!decision) throw new RuleRefused("Debriefs follow a decision.");
  const record = decision.record as ExportInput;
  const candidate = record.candidates.find((c) => c.id === input.candidateId);
  if (!isUuid(input.candidateId) || !candidate) throw new NotFound();
  if (decision.chosen.includes(candidate.id)) {
    throw new RuleRefused("A debrief goes to a candidate not chosen.");
  }
  const [existing] = await tx
    .select({ id: debriefs.id })
    .from(debriefs)
    .where(eq(debriefs.candidateId, candidate.id));
  if (existing) throw new RuleRefused(`${candidate.name} already has its debrief.`);
  let sectionScores: { section: string; score: number | null }[] | null = null;
  if (input.includeScores === "on") {
    const result = resultsOf(record).candidates.find((c) => c.candidateId === candidate.id);
    sectionScores = record.checklist.sections
      .filter((s) => s.weight > 0)
      .map((s) => ({
        section: s.name,
        score: result?.sections.find((x) => x.sectionId === s.key)?.score ?? null,
      }));
  }
  const [row] = await tx
    .insert(debriefs)
    .values({
      organisationId: actor.organisationId,
      evaluationId,
      candidateId: candidate.id,
      partnerId: candidate.partnerId,
      body: input.body,
      sectionScores,
      publishedByUserId: actor.userId,
      publishedAt: now,
    })
    .returning({ id: debriefs.id });
  await recordAudit(tx, {
    actorUserId: actor.userId,
    organisationId: actor.organisationId,
    action: "evaluation.debrief_published",
    entityType: "evaluation",
    entityId: evaluationId,
    after: { partner: candidate.name, withScores: sectionScores !== null },
    at: now,
  });
  await tellPartner(tx, actor, { id: row.id, partnerId: candidate.partnerId });
  return row.id;
}

/**
 * Mails the partner's admins and members (each as they chose) that a debrief waits for them, in its transaction:
 * the buyer's name and the link, as the partner's debrief page shows nothing of the evaluation either.
 */
async function tellPartner(tx: Tx, actor: Actor, debrief: { id: string; partnerId: string }) {
  const [names, recipients] = await Promise.all([
    tx
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(inArray(organisations.id, [actor.organisationId, debrief.partnerId])),
    membersOf(tx, [debrief.partnerId], { roles: ["admin", "member"] }),
  ]);
  const nameOf = (id: string) => names.find((o) => o.id === id)?.name ?? "";
  await notify(tx, recipients, {
    topic: "debriefs",
    kind: "debrief",
    organisationId: debrief.partnerId,
    occasion: debrief.id,
    content: (r) =>
      debriefNotice({
        name: r.name,
        buyerName: nameOf(actor.organisationId),
        partnerName: nameOf(debrief.partnerId),
        url: portalUrl(`/requests/debriefs/${debrief.id}`),
      }),
  });
}

/** The debriefs of one evaluation, by candidate (one statement). */
export async function debriefsOf(organisationId: string, evaluationId: string) {
  return getDb()
    .select({ id: debriefs.id, candidateId: debriefs.candidateId, publishedAt: debriefs.publishedAt })
    .from(debriefs)
    .where(and(eq(debriefs.evaluationId, evaluationId), eq(debriefs.organisationId, organisationId)));
}

/** A partner's debriefs, newest first, with the buyer's name and nothing else of the evaluation (one statement). */
export async function partnerDebriefs(partnerId: string, onlyId?: string) {
  if (onlyId !== undefined && !isUuid(onlyId)) return [];
  return getDb()
    .select({
      id: debriefs.id,
      buyer: organisations.name,
      body: debriefs.body,
      sectionScores: debriefs.sectionScores,
      publishedAt: debriefs.publishedAt,
    })
    .from(debriefs)
    .innerJoin(organisations, eq(organisations.id, debriefs.organisationId))
    .where(and(eq(debriefs.partnerId, partnerId), onlyId ? eq(debriefs.id, onlyId) : sql`true`))
    .orderBy(desc(debriefs.publishedAt), asc(debriefs.id));
}
