import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { idempotencyKeys } from "../../db/schema";

/** The hidden field every create form carries (see components/forms.tsx `IdempotencyField`). */
export const IDEMPOTENCY_FIELD = "_idempotency";

/** A fresh key for a form being rendered. */
export function newIdempotencyKey(): string {
  return randomUUID();
}

export class MissingIdempotencyKey extends Error {}

/**
 * Makes a create form idempotent: a resubmission, a double click or a retry of the same rendered form creates
 * one row. `create` runs in one transaction with the claim of the key; it returns where to go next (a URL),
 * which every later submission of the same key gets too. If `create` throws (bad input), the key is not
 * used and the form can be sent again. Two concurrent submissions serialise on the key's primary key: the
 * second waits for the first to commit, then replays its result.
 */
export async function once(
  form: FormData,
  scope: string,
  create: (tx: Tx) => Promise<string>,
): Promise<{ location: string; replayed: boolean }> {
  const key = form.get(IDEMPOTENCY_FIELD);
  if (typeof key !== "string" || !/^[0-9a-f-]{36}$/i.test(key)) throw new MissingIdempotencyKey();
  const db = getDb();
  const scopedKey = `${scope}:${key}`;
  const earlier = await replay(scopedKey);
  if (earlier) return { location: earlier, replayed: true };
  try {
    return await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(idempotencyKeys)
        .values({ key: scopedKey, scope, result: "" })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (claimed.length === 0) throw new AlreadyClaimed();
      const location = await create(tx);
      await tx.update(idempotencyKeys).set({ result: location }).where(eq(idempotencyKeys.key, scopedKey));
      return { location, replayed: false };
    });
  } catch (error) {
    if (error instanceof AlreadyClaimed) {
      const location = await replay(scopedKey);
      if (location) return { location, replayed: true };
    }
    throw error;
  }
}

class AlreadyClaimed extends Error {}

async function replay(scopedKey: string): Promise<string | undefined> {
  const [row] = await getDb()
    .select({ result: idempotencyKeys.result })
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.key, scopedKey))
    .limit(1);
  return row?.result || undefined;
}
