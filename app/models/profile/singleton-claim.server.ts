// The profile's one-of claims (network membership, support terms): no row means no claim. Saving creates the row
// or updates it at the version the form showed; removing deletes it at that version.
import { eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { getDb, type Tx } from "../../../db/client";
import type { networkMemberships, supportTerms } from "../../../db/schema";
import { audit, type ProfileActor, ProfileConflict, pick, sameValues, touch } from "./write.server";

type ClaimTable = typeof networkMemberships | typeof supportTerms;
type AnyClaim = { organisationId: string; version: number };

export interface SingletonClaim<Row extends AnyClaim> {
  table: ClaimTable;
  /** The audit actions' section: `profile.membership.updated`. */
  section: string;
  entityType: string;
  /** What a stored claim says, quoted when a stale form is refused. */
  describe: (row: Row) => string;
  /** What the audit event of a removal keeps of the claim. */
  removed: (row: Row) => Record<string, unknown>;
  /** The refusals, in the claim's own words. */
  words: {
    removedWhileEditing: string;
    savedWhileEditing: (stored: string) => string;
    savedWhileLooking: (stored: string) => string;
    nothingToRemove: string;
  };
}

async function lockClaim<Row extends AnyClaim>(tx: Tx, table: ClaimTable, actor: ProfileActor) {
  const [row] = await tx
    .select()
    .from(table as PgTable)
    .where(eq(table.organisationId, actor.organisationId))
    .for("update")
    .limit(1);
  return row as unknown as Row | undefined;
}

/**
 * Creates the claim, or updates it at the version the form showed (`shown`: null when the form showed none).
 * Sending the same values again (a double click) changes nothing and is not a conflict.
 */
export async function saveClaim<Row extends AnyClaim>(
  actor: ProfileActor,
  claim: SingletonClaim<Row>,
  values: Record<string, unknown>,
  shown: number | null,
) {
  return getDb().transaction(async (tx) => {
    const row = await lockClaim<Row>(tx, claim.table, actor);
    if (row && sameValues(row, values)) return { created: false, changed: false };
    if (!row && shown !== null) throw new ProfileConflict(null, claim.words.removedWhileEditing);
    if (row && row.version !== shown) {
      const stored = claim.describe(row);
      throw new ProfileConflict(stored, claim.words.savedWhileEditing(stored));
    }
    const entityId = actor.organisationId;
    if (!row) {
      await tx.insert(claim.table).values({ organisationId: actor.organisationId, ...values } as never);
      await audit(tx, actor, claim.section, "created", claim.entityType, entityId, undefined, values);
    } else {
      await tx
        .update(claim.table)
        .set({ ...values, version: row.version + 1, updatedAt: new Date() } as never)
        .where(eq(claim.table.organisationId, actor.organisationId));
      await audit(tx, actor, claim.section, "updated", claim.entityType, entityId, pick(row, values), values);
    }
    await touch(tx, actor.organisationId);
    return { created: !row, changed: true };
  });
}

/** Removes the claim at the version the form showed; a claim already gone is a conflict too. */
export async function removeClaim<Row extends AnyClaim>(
  actor: ProfileActor,
  claim: SingletonClaim<Row>,
  shown: number,
) {
  return getDb().transaction(async (tx) => {
    const row = await lockClaim<Row>(tx, claim.table, actor);
    if (!row) throw new ProfileConflict(null, claim.words.nothingToRemove);
    if (row.version !== shown) {
      const stored = claim.describe(row);
      throw new ProfileConflict(stored, claim.words.savedWhileLooking(stored));
    }
    await tx.delete(claim.table).where(eq(claim.table.organisationId, actor.organisationId));
    await audit(
      tx,
      actor,
      claim.section,
      "deleted",
      claim.entityType,
      actor.organisationId,
      claim.removed(row),
    );
    await touch(tx, actor.organisationId);
    return { removed: true };
  });
}
