// What a profile claim gives a questionnaire answer when the partner pre-fills it (DESIGN.md part 2: "an answer can
// be pre-filled from the profile where the question maps to a claim, with the date copied"). Exact copies only:
//
//   support_terms    text: hours, P1 response and resolution, warranty, maintenance and the three inclusions;
//                    number: the P1 response time in minutes
//   model_providers  text: each provider with its production deployments, by provider name;
//                    number: the production deployments over all providers
//   references       text: one line per reference (customer, industry, use case, status, go-live, providers);
//                    number: how many references the profile lists
//
// The claim's date is the day of its last change (the latest among the rows), in the partner's time zone.
import { asc, eq } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import {
  type AnswerType,
  modelProviderClaims,
  organisations,
  type ProfileClaim,
  referenceDeployments,
  supportTerms,
} from "../../../db/schema";
import { dayIn } from "../../domain/calendar";
import { LABELS } from "../../domain/profile";
import { RuleRefused } from "../../utils/errors.server";

const yesNo = (b: boolean) => (b ? "yes" : "no");
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const NONE: Record<ProfileClaim, string> = {
  support_terms: "Your profile has no support terms to copy: add them to your profile first.",
  model_providers: "Your profile lists no model providers to copy: add them to your profile first.",
  references: "Your profile lists no references to copy: add them to your profile first.",
};

interface Copy {
  text: string;
  number: number;
  updatedAt: Date;
}

async function supportCopy(tx: Tx, partnerId: string): Promise<Copy | undefined> {
  const [s] = await tx.select().from(supportTerms).where(eq(supportTerms.organisationId, partnerId));
  if (!s) return undefined;
  const text = [
    `${LABELS.supportHours[s.supportHours]} support`,
    `P1 response within ${plural(s.p1ResponseMinutes, "minute", "minutes")}, resolution within ${plural(s.p1ResolutionHours, "hour", "hours")}`,
    `warranty ${plural(s.warrantyDays, "day", "days")}`,
    `maintenance: ${LABELS.maintenance[s.maintenanceModel]}`,
    `rollback runbook: ${yesNo(s.rollbackRunbook)}`,
    `monitoring included: ${yesNo(s.monitoringIncluded)}`,
    `knowledge transfer: ${yesNo(s.knowledgeTransfer)}`,
  ].join("; ");
  return { text: `${text}.`, number: s.p1ResponseMinutes, updatedAt: s.updatedAt };
}

async function providersCopy(tx: Tx, partnerId: string): Promise<Copy | undefined> {
  const rows = await tx
    .select({
      provider: modelProviderClaims.provider,
      deployments: modelProviderClaims.productionDeployments,
      updatedAt: modelProviderClaims.updatedAt,
    })
    .from(modelProviderClaims)
    .where(eq(modelProviderClaims.organisationId, partnerId));
  if (rows.length === 0) return undefined;
  const named = rows
    .map((r) => ({ ...r, name: LABELS.provider[r.provider] }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    text: named
      .map((r) => `${r.name}: ${plural(r.deployments, "production deployment", "production deployments")}`)
      .join("\n"),
    number: rows.reduce((sum, r) => sum + r.deployments, 0),
    updatedAt: latest(rows),
  };
}

async function referencesCopy(tx: Tx, partnerId: string): Promise<Copy | undefined> {
  const rows = await tx
    .select({
      customer: referenceDeployments.customer,
      industry: referenceDeployments.industry,
      useCase: referenceDeployments.useCase,
      status: referenceDeployments.status,
      goLiveOn: referenceDeployments.goLiveOn,
      providers: referenceDeployments.providers,
      updatedAt: referenceDeployments.updatedAt,
    })
    .from(referenceDeployments)
    .where(eq(referenceDeployments.organisationId, partnerId))
    .orderBy(asc(referenceDeployments.customer), asc(referenceDeployments.id));
  if (rows.length === 0) return undefined;
  const line = (r: (typeof rows)[number]) =>
    [
      `${r.customer} (${r.industry})`,
      LABELS.useCase[r.useCase],
      LABELS.referenceStatus[r.status],
      ...(r.goLiveOn ? [`live since ${r.goLiveOn}`] : []),
      ...(r.providers.length > 0
        ? [`providers: ${r.providers.map((p) => LABELS.provider[p]).join(", ")}`]
        : []),
    ].join(", ");
  return { text: rows.map(line).join("\n"), number: rows.length, updatedAt: latest(rows) };
}

function latest(rows: { updatedAt: Date }[]): Date {
  return new Date(Math.max(...rows.map((r) => r.updatedAt.getTime())));
}

const COPIES: Record<ProfileClaim, (tx: Tx, partnerId: string) => Promise<Copy | undefined>> = {
  support_terms: supportCopy,
  model_providers: providersCopy,
  references: referencesCopy,
};

/**
 * The answer a claim gives a question of this type, and the claim's date. Refused when the profile has no such
 * claim or the question takes neither text nor a number. Two statements.
 */
export async function profileClaimAnswer(
  tx: Tx,
  partnerId: string,
  claim: ProfileClaim,
  answerType: AnswerType,
): Promise<{ value: string | number; claimDate: string }> {
  if (answerType !== "text" && answerType !== "number")
    throw new RuleRefused("Only a text or number answer can be copied from your profile.");
  const [copy, [partner]] = await Promise.all([
    COPIES[claim](tx, partnerId),
    tx
      .select({ timeZone: organisations.timeZone })
      .from(organisations)
      .where(eq(organisations.id, partnerId)),
  ]);
  if (!copy) throw new RuleRefused(NONE[claim]);
  return {
    value: answerType === "number" ? copy.number : copy.text,
    claimDate: dayIn(partner?.timeZone ?? "UTC", copy.updatedAt),
  };
}
