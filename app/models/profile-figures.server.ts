// The figures a partner's profile gives for numeric criteria (docs/product.md "numeric" criteria: "from the profile"): its
// support terms' P1 response, P1 resolution and warranty, which an admin may copy into an evaluation as a value.
import { eq, inArray } from "drizzle-orm";
import { possessive } from "~/utils/format";
import { getDb, type Tx } from "../../db/client";
import { supportTerms } from "../../db/schema";
import type { ProfileValueField } from "../domain/checklist";
import { RuleRefused } from "../utils/errors.server";

/** The profile figures numeric criteria may be taken from, by partner id (their support terms): one statement. */
export async function supportFiguresOf(
  partnerIds: readonly string[],
): Promise<Map<string, Record<ProfileValueField, number>>> {
  if (partnerIds.length === 0) return new Map();
  const rows = await getDb()
    .select({
      partnerId: supportTerms.organisationId,
      p1ResponseMinutes: supportTerms.p1ResponseMinutes,
      p1ResolutionHours: supportTerms.p1ResolutionHours,
      warrantyDays: supportTerms.warrantyDays,
    })
    .from(supportTerms)
    .where(inArray(supportTerms.organisationId, [...partnerIds]));
  return new Map(
    rows.map((r) => [
      r.partnerId,
      {
        p1_response_minutes: profileFigure(r, "p1_response_minutes"),
        p1_resolution_hours: profileFigure(r, "p1_resolution_hours"),
        warranty_days: profileFigure(r, "warranty_days"),
      },
    ]),
  );
}

/** The figure the partner's support terms give for `field`: refused when there are none, or it is 0. */
export async function profileValue(
  tx: Tx,
  { candidate }: { candidate: { name: string; partnerId: string } },
  field: ProfileValueField,
): Promise<number> {
  const [terms] = await tx
    .select({
      p1ResponseMinutes: supportTerms.p1ResponseMinutes,
      p1ResolutionHours: supportTerms.p1ResolutionHours,
      warrantyDays: supportTerms.warrantyDays,
    })
    .from(supportTerms)
    .where(eq(supportTerms.organisationId, candidate.partnerId));
  if (!terms) {
    throw new RuleRefused(
      `${candidate.name} has no support terms in its profile yet: enter the value, or ask the partner.`,
    );
  }
  const value = profileFigure(terms, field);
  if (!(value > 0)) {
    throw new RuleRefused(
      `${possessive(candidate.name)} profile gives 0 here; a value must be greater than 0: enter it.`,
    );
  }
  return value;
}

/** The profile figure a criterion's `profileField` names, from a partner's support terms. */
function profileFigure(
  terms: Pick<typeof supportTerms.$inferSelect, "p1ResponseMinutes" | "p1ResolutionHours" | "warrantyDays">,
  field: ProfileValueField,
): number {
  switch (field) {
    case "p1_response_minutes":
      return terms.p1ResponseMinutes;
    case "p1_resolution_hours":
      return terms.p1ResolutionHours;
    case "warranty_days":
      return terms.warrantyDays;
  }
}
