// A partner organisation's daily reminders (DESIGN.md "Reminders"), part of its day's run (./reminders.server.ts):
// evidence requests still open 2 days before due and on the first day overdue, questionnaires not submitted 7, 3 and 1
// days before their deadline (./questionnaire-reminders.server.ts), and on Mondays the credentials of its profile
// expiring within 60 days.
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import {
  certifications,
  evaluationCriteria,
  evaluations,
  evidenceRequests,
  organisations,
  specializations,
} from "../../db/schema";
import { credentialState, daysBetween, EXPIRY_WARNING_DAYS, specializationLabel } from "../domain/profile";
import {
  credentialExpiryMail,
  type ExpiringCredential,
  evidenceRequestReminderMail,
} from "../mail/reminder-messages";
import { FINISHED_STATUSES } from "../models/evidence-requests/rules.server";
import { portalUrl } from "../models/mail.server";
import { deliveriesFor } from "../models/mail-preferences.server";
import { type NoticeOutcome, notify } from "../models/notify.server";
import { remindQuestionnaires } from "./questionnaire-reminders.server";
import {
  addOutcome,
  type DueOrganisation,
  EVIDENCE_DUE_SOON_DAYS,
  firstOverdueDay,
  isMonday,
  type Member,
  noOutcome,
  shiftDay,
} from "./reminder-rules";

/**
 * A partner's evidence requests still open 2 days before due and on the first day overdue, and its questionnaires not
 * submitted 7, 3 and 1 days before their deadline (to its admins and members), and on Mondays its credentials expiring within 60 days (to its admins).
 */
export async function remindPartner(
  tx: Tx,
  partner: DueOrganisation,
  members: Member[],
): Promise<NoticeOutcome> {
  const outcome = noOutcome();
  const people = members.filter((m) => m.role === "admin" || m.role === "member");
  // Overdue is decided per request (the buyer's due day must have ended): yesterday's or the day before's.
  const requests = await tx
    .select({
      id: evidenceRequests.id,
      dueOn: evidenceRequests.dueOn,
      buyerName: organisations.name,
      buyerTimeZone: organisations.timeZone,
      criterion: evaluationCriteria.name,
    })
    .from(evidenceRequests)
    .innerJoin(organisations, eq(organisations.id, evidenceRequests.organisationId))
    .innerJoin(evaluationCriteria, eq(evaluationCriteria.id, evidenceRequests.criterionId))
    .innerJoin(evaluations, eq(evaluations.id, evidenceRequests.evaluationId))
    .where(
      and(
        eq(evidenceRequests.partnerId, partner.id),
        eq(evidenceRequests.status, "open"),
        notInArray(evaluations.status, [...FINISHED_STATUSES]),
        inArray(evidenceRequests.dueOn, [
          shiftDay(partner.day, EVIDENCE_DUE_SOON_DAYS),
          shiftDay(partner.day, -1),
          shiftDay(partner.day, -2),
        ]),
      ),
    )
    .orderBy(asc(evidenceRequests.dueOn), asc(evidenceRequests.id));
  const reminded = requests.filter(
    (r) =>
      r.dueOn > partner.day || firstOverdueDay(r.dueOn, r.buyerTimeZone, partner.timeZone) === partner.day,
  );
  if (reminded.length > 0 && people.length > 0) {
    const deliveries = await deliveriesFor(
      tx,
      people.map((p) => p.userId),
      "evidence-requests",
    );
    for (const request of reminded) {
      const overdue = request.dueOn < partner.day;
      const notice = {
        topic: "evidence-requests" as const,
        kind: "evidence-request-reminder" as const,
        organisationId: partner.id,
        occasion: `evidence-reminder:${request.id}:${overdue ? "overdue" : "due-soon"}`,
        deliveries,
        content: (r: { name: string }) =>
          evidenceRequestReminderMail({
            name: r.name,
            buyerName: request.buyerName,
            partnerName: partner.name,
            criterion: request.criterion,
            dueOn: request.dueOn,
            buyerTimeZone: request.buyerTimeZone,
            overdue,
            url: portalUrl(`/requests/${request.id}`),
          }),
      };
      addOutcome(outcome, await notify(tx, people, notice));
    }
  }
  addOutcome(outcome, await remindQuestionnaires(tx, partner, people));
  const admins = members.filter((m) => m.role === "admin");
  if (isMonday(partner.day) && admins.length > 0) {
    const credentials = await expiringCredentials(tx, partner);
    if (credentials.length > 0) {
      const urls = {
        certification: portalUrl("/profile/certifications"),
        specialization: portalUrl("/profile/specializations"),
      };
      addOutcome(
        outcome,
        await notify(tx, admins, {
          topic: "credential-expiry",
          kind: "credential-expiry",
          organisationId: partner.id,
          occasion: `credentials:${partner.id}:${partner.day}`,
          content: (r) =>
            credentialExpiryMail({ name: r.name, partnerName: partner.name, credentials, urls }),
        }),
      );
    }
  }
  return outcome;
}

/**
 * The partner's certifications and specializations expiring within 60 days of its today (`credentialState`, the rule
 * of the profile and the home page's alerts), soonest first. One statement.
 */
export async function expiringCredentials(
  tx: Tx,
  partner: Pick<DueOrganisation, "id" | "day">,
): Promise<ExpiringCredential[]> {
  const horizon = shiftDay(partner.day, EXPIRY_WARNING_DAYS);
  const within = (column: typeof certifications.expiresOn | typeof specializations.expiresOn) =>
    sql`${column} between ${partner.day} and ${horizon}`;
  const rows = await tx
    .select({
      kind: sql<ExpiringCredential["kind"]>`'certification'`,
      name: certifications.track,
      expiresOn: certifications.expiresOn,
    })
    .from(certifications)
    .where(and(eq(certifications.organisationId, partner.id), within(certifications.expiresOn)))
    .unionAll(
      tx
        .select({
          kind: sql<ExpiringCredential["kind"]>`'specialization'`,
          name: specializations.name,
          expiresOn: specializations.expiresOn,
        })
        .from(specializations)
        .where(and(eq(specializations.organisationId, partner.id), within(specializations.expiresOn))),
    );
  return rows
    .filter((r) => credentialState(r.expiresOn, partner.day) === "expiring")
    .map((r) => ({
      kind: r.kind,
      name: r.kind === "specialization" ? specializationLabel(r.name) : r.name,
      expiresOn: r.expiresOn as string,
      days: daysBetween(partner.day, r.expiresOn as string),
    }))
    .sort((a, b) => a.days - b.days || a.name.localeCompare(b.name));
}
