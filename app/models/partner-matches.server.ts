// Near matches for a company a buyer names (docs/product.md "Inviting partners who are not listed"): the listed
// partners the name may mean, with their members' e-mail domains, and choosing one (the normal add, its admins told).
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { evaluationCandidates, evaluations, memberships, organisations, users } from "../../db/schema";
import { domainMatches, type MatchKind, nearMatches } from "../domain/company-names";
import { shortlistNoticeMail } from "../mail/partner-invitation-messages";
import { NotFound, RuleRefused } from "../utils/errors.server";
import type { Actor } from "./audit.server";
import { normaliseEmail } from "./auth.server";
import { addCandidatesIn } from "./evaluation-participants.server";
import { portalUrl, senderNames } from "./mail.server";
import { isUuid } from "./member.server";
import { notify } from "./notify.server";

// ---------------------------------------------------------------------------------------------------------------
// Near matches, and choosing a listed partner

export interface PartnerMatch {
  partnerId: string;
  name: string;
  /** "same": the same name but for case, punctuation and legal form; "close": a near name; "member": the contact's. */
  kind: MatchKind | "member";
  /** Its members' e-mail domains, sorted. */
  domains: string[];
  /** The contact's address is at one of `domains`. */
  domainMatches: boolean;
  /** On this evaluation's shortlist already, or withdrawn from it (so it cannot be chosen). */
  shortlist: "listed" | "withdrawn" | null;
}

/** The listed partner the address belongs to a member of, if any. */
export async function partnerOfAddress(db: Pick<Tx, "select">, email: string) {
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(users.email, email), eq(organisations.kind, "partner")))
    .limit(1);
  return row;
}

/**
 * The listed partners a buyer admin may mean by the company typed, nearest first: the partner the contact's address
 * belongs to (if any), then the near names (`nearMatches`), each with its members' e-mail domains and where it stands
 * on this evaluation's shortlist. Four statements, whatever the number of partners.
 */
export async function partnerMatches(input: {
  organisationId: string;
  evaluationId: string;
  companyName: string;
  email: string;
}): Promise<PartnerMatch[]> {
  const db = getDb();
  const email = normaliseEmail(input.email);
  const [partners, contactOf] = await Promise.all([
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(eq(organisations.kind, "partner"))
      .orderBy(asc(organisations.nameKey)),
    partnerOfAddress(db, email),
  ]);
  const near = nearMatches(input.companyName, partners).filter((m) => m.partner.id !== contactOf?.id);
  const chosen = [
    ...(contactOf ? [{ partner: contactOf, kind: "member" as const }] : []),
    ...near.map((m) => ({ partner: m.partner, kind: m.kind })),
  ];
  if (chosen.length === 0) return [];
  const ids = chosen.map((m) => m.partner.id);
  const [domainRows, listed] = await Promise.all([
    db
      .selectDistinct({
        partnerId: memberships.organisationId,
        domain: sql<string>`lower(split_part(${users.email}, '@', 2))`,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(inArray(memberships.organisationId, ids)),
    db
      .select({ partnerId: evaluationCandidates.partnerId, withdrawnAt: evaluationCandidates.withdrawnAt })
      .from(evaluationCandidates)
      .where(
        and(
          eq(evaluationCandidates.organisationId, input.organisationId),
          eq(evaluationCandidates.evaluationId, input.evaluationId),
          inArray(evaluationCandidates.partnerId, ids),
        ),
      ),
  ]);
  const onList = new Map(listed.map((c) => [c.partnerId, c.withdrawnAt ? "withdrawn" : "listed"] as const));
  return chosen.map(({ partner, kind }) => {
    const domains = domainRows
      .filter((d) => d.partnerId === partner.id)
      .map((d) => d.domain)
      .sort();
    return {
      partnerId: partner.id,
      name: partner.name,
      kind,
      domains,
      domainMatches: domainMatches(email, domains),
      shortlist: onList.get(partner.id) ?? null,
    };
  });
}

/**
 * Adds a listed partner the buyer chose to the shortlist (the normal add, `addCandidatesIn`) and tells its admins
 * (topic "shortlists"), in one transaction. Already on the shortlist: nothing changes and nobody is told; withdrawn
 * from it: refused; not a partner: not found.
 */
export async function chooseListedPartner(
  actor: Actor,
  evaluationId: string,
  partnerId: string,
): Promise<{ name: string; added: boolean }> {
  if (!isUuid(partnerId)) throw new NotFound();
  return getDb().transaction(async (tx) => {
    const { added, refused } = await addCandidatesIn(tx, actor, evaluationId, [partnerId]);
    const [candidate] = added;
    if (!candidate) {
      const [why] = refused;
      if (why?.kind === "listed") return { name: why.name, added: false };
      if (why?.kind === "withdrawn") throw new RuleRefused(`${why.name} ${why.reason}`);
      throw new NotFound();
    }
    await tellShortlisted(tx, actor, evaluationId, candidate);
    return { name: candidate.name, added: true };
  });
}

/** The notice to a partner's admins that the actor's organisation shortlisted it: one read, then notify(). */
async function tellShortlisted(
  tx: Tx,
  actor: Actor,
  evaluationId: string,
  candidate: { partnerId: string; name: string; candidateId: string },
) {
  const [admins, names, [evaluation]] = await Promise.all([
    tx
      .select({ userId: users.id, email: users.email, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organisationId, candidate.partnerId), eq(memberships.role, "admin")))
      .orderBy(asc(users.email)),
    senderNames(tx, actor),
    tx
      .select({ name: evaluations.name })
      .from(evaluations)
      .where(and(eq(evaluations.id, evaluationId), eq(evaluations.organisationId, actor.organisationId))),
  ]);
  await notify(tx, admins, {
    topic: "shortlists",
    kind: "shortlist-notice",
    organisationId: candidate.partnerId,
    occasion: `shortlist:${candidate.candidateId}`,
    content: (recipient) =>
      shortlistNoticeMail({
        recipientName: recipient.name,
        buyerName: names.organisationName,
        inviterName: names.actorName,
        partnerName: candidate.name,
        evaluationName: evaluation?.name ?? "an evaluation",
        url: portalUrl("/profile"),
      }),
  });
}
