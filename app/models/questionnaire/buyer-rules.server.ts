// What the buyer's questionnaire writes share: the evaluation and its questionnaire locked in the buyer's tenant, and
// the mail to candidate partners' people (sent in the change's transaction, like every message).
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import {
  evaluationCandidates,
  organisations,
  questionnaireResponses,
  questionnaires,
} from "../../../db/schema";
import type { MailContent } from "../../mail/compose";
import type { Viewer } from "../../utils/access.server";
import { NotFound, RuleRefused } from "../../utils/errors.server";
import { lockEvaluation, requireAdmin } from "../evaluation-checks.server";
import type { MailKind } from "../mail.server";
import { portalUrl } from "../mail.server";
import { membersOf } from "../mail-preferences.server";
import { isUuid } from "../member.server";
import { notify } from "../notify.server";

/** Where a partner's people read and answer questionnaires. */
export const REQUESTS_PATH = "/requests";

/**
 * The evaluation locked for a change (a decided one is refused: 409), by a buyer admin of its tenant, with its
 * questionnaire (locked too) if there is one. Another tenant's evaluation is a 404.
 */
export async function lockForChange(tx: Tx, viewer: Viewer, evaluationId: string, what: string) {
  requireAdmin(viewer, what);
  if (!isUuid(evaluationId)) throw new NotFound();
  const evaluation = await lockEvaluation(tx, viewer, evaluationId);
  if (evaluation.status === "cancelled")
    throw new RuleRefused("This evaluation is cancelled: its questionnaire changes no more.");
  const [questionnaire] = await tx
    .select()
    .from(questionnaires)
    .where(
      and(
        eq(questionnaires.evaluationId, evaluationId),
        eq(questionnaires.organisationId, viewer.organisationId),
      ),
    )
    .for("update");
  return { evaluation, questionnaire };
}

export type QuestionnaireRow = typeof questionnaires.$inferSelect;

/** The questionnaire, refused unless it was published. */
export function requirePublished(questionnaire: QuestionnaireRow | undefined): QuestionnaireRow {
  if (!questionnaire?.publishedAt)
    throw new RuleRefused("Publish the questionnaire first: this applies to a published questionnaire.");
  return questionnaire;
}

/** The responses of the questionnaire's active (not withdrawn) candidates, optionally some candidates only. */
export async function activeResponses(tx: Tx, questionnaireId: string, candidateIds?: readonly string[]) {
  return tx
    .select({
      id: questionnaireResponses.id,
      candidateId: questionnaireResponses.candidateId,
      partnerId: questionnaireResponses.partnerId,
      partnerName: organisations.name,
      deadlineOn: questionnaireResponses.deadlineOn,
    })
    .from(questionnaireResponses)
    .innerJoin(evaluationCandidates, eq(evaluationCandidates.id, questionnaireResponses.candidateId))
    .innerJoin(organisations, eq(organisations.id, questionnaireResponses.partnerId))
    .where(
      and(
        eq(questionnaireResponses.questionnaireId, questionnaireId),
        isNull(evaluationCandidates.withdrawnAt),
        candidateIds ? inArray(questionnaireResponses.candidateId, [...candidateIds]) : undefined,
      ),
    );
}

export interface Addressee {
  partnerId: string;
  partnerName: string;
  deadlineOn: string;
}

export interface CandidateMail {
  kind: Extract<MailKind, `questionnaire${string}`>;
  /** What makes it one of a kind beside recipient and subject (the publication, the addendum, the clarification). */
  occasion: string;
  content: (m: {
    name: string;
    buyerName: string;
    partnerName: string;
    deadlineOn: string;
    buyerTimeZone: string;
    url: string;
  }) => MailContent;
}

/** Mails each addressed partner's admins and members (as each chose for the questionnaires topic). */
export async function tellPartners(
  tx: Tx,
  buyerId: string,
  addressees: readonly Addressee[],
  mail: CandidateMail,
): Promise<void> {
  if (addressees.length === 0) return;
  const [[buyer], people] = await Promise.all([
    tx
      .select({ name: organisations.name, timeZone: organisations.timeZone })
      .from(organisations)
      .where(eq(organisations.id, buyerId)),
    membersOf(
      tx,
      addressees.map((a) => a.partnerId),
      { roles: ["admin", "member"] },
    ),
  ]);
  const url = portalUrl(REQUESTS_PATH);
  for (const addressee of addressees) {
    const recipients = people.filter((p) => p.organisationId === addressee.partnerId);
    await notify(tx, recipients, {
      topic: "questionnaires",
      kind: mail.kind,
      organisationId: addressee.partnerId,
      occasion: mail.occasion,
      content: (r) =>
        mail.content({
          name: r.name,
          buyerName: buyer.name,
          partnerName: addressee.partnerName,
          deadlineOn: addressee.deadlineOn,
          buyerTimeZone: buyer.timeZone,
          url,
        }),
    });
  }
}
