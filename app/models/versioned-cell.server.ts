// One cell a form saves on its own: an evaluator's score, a candidate's numeric value, a consensus score. Each is a
// row per candidate and criterion (and evaluator) with a version, and each save or clear checks the version the
// form was drawn with, so that a stale tab never replaces someone's change unseen.

interface Versioned {
  version: number;
}

/**
 * Writes one cell. `existing` is the row as it is now, read `FOR UPDATE` in the caller's transaction;
 * `expectedVersion` the version the form was drawn with, null when it showed none.
 *
 * Saving what is stored (`unchanged`) changes nothing: a resubmitted form. A create meeting a row, or an update
 * meeting another version, is stale. Otherwise the row is updated, or inserted: an insert that met a row another
 * create committed meanwhile (or an update that found none) rereads it and is stale with it. `stale` turns what is
 * stored now (undefined: nothing) into the error thrown, a `StaleVersion` carrying it.
 */
export async function writeCell<Row extends Versioned>(cell: {
  existing: Row | undefined;
  expectedVersion: number | null;
  unchanged?: (existing: Row) => boolean;
  update: (existing: Row) => Promise<Row | undefined>;
  insert: () => Promise<Row | undefined>;
  reread: () => Promise<Row | undefined>;
  stale: (current: Row | undefined) => Error;
}): Promise<{ row: Row; changed: boolean }> {
  const { existing, expectedVersion } = cell;
  if (existing && cell.unchanged?.(existing)) return { row: existing, changed: false };
  if (expectedVersion === null ? existing : !existing || existing.version !== expectedVersion) {
    throw cell.stale(existing);
  }
  const row = existing ? await cell.update(existing) : await cell.insert();
  if (row) return { row, changed: true };
  throw cell.stale(await cell.reread());
}

/**
 * Whether a clear goes on: with nothing stored there is nothing to clear (false); a stored row must be the version
 * the form showed, else the clear is stale.
 */
export function mayClear<Row extends Versioned>(
  existing: Row | undefined,
  expectedVersion: number | null,
  stale: (current: Row) => Error,
): existing is Row {
  if (!existing) return false;
  if (expectedVersion === null || existing.version !== expectedVersion) throw stale(existing);
  return true;
}
