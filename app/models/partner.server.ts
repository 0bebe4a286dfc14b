import { asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { organisations } from "../../db/schema";

/** Every partner organisation, by name: the directory every signed-in person may read. One query. */
export async function listPartners() {
  return getDb()
    .select({ id: organisations.id, name: organisations.name, joinedAt: organisations.createdAt })
    .from(organisations)
    .where(eq(organisations.kind, "partner"))
    .orderBy(asc(organisations.nameKey));
}
